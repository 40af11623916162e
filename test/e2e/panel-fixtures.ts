// A funding round of its own for a panel test: closed for applications, with submitted
// applications from organisations that each have a member (who gets the decision letter).
// Written straight into the browser tests' SQLite file, because applying through the forms
// takes a minute an application and is tested elsewhere (apply.spec.ts); everything the panel
// then does goes through the portal's pages.
import Database from "better-sqlite3";
import { and, eq, gte, max } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/schema";

const DATABASE_PATH = "test-results/e2e-db/portal.sqlite";

export type PanelRoundApplication = {
  id: number;
  reference: string;
  title: string;
  organisationName: string;
  memberEmail: string;
  amountPence: number;
};

export type PanelRound = { cycleId: number; cycleName: string; budgetPence: number; applications: PanelRoundApplication[] };

const WARDS = ["Biscot", "Dallow", "High Town", "Farley", "Northwell"];

/**
 * A closed Collaboration Fund round with `count` submitted applications (at most 5), no
 * criteria, no panel and no scoring dates: the test sets those up through the staff pages.
 */
export function panelRound(label: string, count = 3, options: { budgetPence?: number } = {}): PanelRound {
  const sqlite = new Database(DATABASE_PATH);
  sqlite.pragma("busy_timeout = 5000");
  try {
    const db = drizzle(sqlite, { schema });
    return db.transaction(
      (tx) => {
        const now = Date.now();
        const day = 24 * 3600 * 1000;
        const programme = tx.select().from(schema.programmes).where(eq(schema.programmes.slug, "collaboration-fund")).get()!;
        // A year no real round will have, different per test, so references and the members'
        // emails never collide: the next one after the last taken, chosen inside this write
        // transaction (parallel workers wait for each other's), not at random.
        const last = tx.select({ year: max(schema.cycles.referenceYear) }).from(schema.cycles).where(gte(schema.cycles.referenceYear, 3000)).get()?.year;
        const referenceYear = Math.max(3000, (last ?? 2999) + 1);
        const budgetPence = options.budgetPence ?? 12_000_00;
        const cycle = tx
          .insert(schema.cycles)
          .values({
            programmeId: programme.id,
            name: `Panel test round ${label} ${referenceYear}`,
            referenceYear,
            status: "published",
            opensAt: new Date(now - 30 * day),
            closesAt: new Date(now - day),
            budgetPence,
            minRequestPence: 1_000_00,
            maxRequestPence: 10_000_00,
            eligibility: { organisationTypes: ["community_or_faith_group", "registered_charity"], mustServePlace: true, requiresPartner: false },
            sections: [...schema.APPLICATION_SECTIONS],
          })
          .returning()
          .get();
        const principles = tx.select().from(schema.principles).all();
        const applications: PanelRoundApplication[] = [];
        for (let i = 0; i < Math.min(count, WARDS.length); i++) {
          const letter = String.fromCharCode(65 + i);
          const ward = tx
            .select()
            .from(schema.areas)
            .where(and(eq(schema.areas.kind, "ward"), eq(schema.areas.name, WARDS[i]!)))
            .get();
          const memberEmail = `member-${letter.toLowerCase()}-${referenceYear}@example.test`;
          const member = tx
            .insert(schema.users)
            .values({ email: memberEmail, name: `Member ${letter}`, passwordHash: "!no-sign-in", emailConfirmedAt: new Date(now) })
            .returning()
            .get();
          const organisationName = `Group ${letter} ${referenceYear}`;
          const organisation = tx
            .insert(schema.organisations)
            .values({
              name: organisationName,
              type: "community_or_faith_group",
              addressLine1: `${i + 1} Test Street`,
              town: "Luton",
              postcode: "LU1 1AA",
              wardId: ward?.id ?? null,
              contactName: member.name,
              contactEmail: memberEmail,
              contactPhone: "01582 000000",
              createdById: member.id,
            })
            .returning()
            .get();
          tx.insert(schema.organisationMembers).values({ organisationId: organisation.id, userId: member.id, role: "owner" }).run();
          const amountPence = (4 + i) * 1_000_00;
          const reference = `${programme.referencePrefix}-${referenceYear}-000${i + 1}`;
          const title = `Project ${letter}: ${["cooking clubs", "walking groups", "homework help", "benefits advice", "youth boxing"][i]}`;
          const application = tx
            .insert(schema.applications)
            .values({
              cycleId: cycle.id,
              organisationId: organisation.id,
              reference,
              status: "submitted",
              title,
              summary: `A summary of project ${letter}.`,
              description: `What project ${letter} will do, for whom, and why it will make a difference.`,
              startDate: "3001-04-01",
              endDate: "3002-03-31",
              peopleReached: 50 * (i + 1),
              amountRequestedPence: amountPence,
              completedSections: [...schema.APPLICATION_SECTIONS],
              declarationsAcceptedAt: new Date(now - 2 * day),
              submittedAt: new Date(now - 2 * day),
              createdById: member.id,
            })
            .returning()
            .get();
          const principle = principles[i % principles.length]!;
          tx.insert(schema.applicationPrinciples)
            .values({ applicationId: application.id, principleId: principle.id, isPrimary: true, how: `How project ${letter} helps.` })
            .run();
          if (ward) tx.insert(schema.applicationAreas).values({ applicationId: application.id, areaId: ward.id }).run();
          tx.insert(schema.budgetLines).values({ applicationId: application.id, item: "Staff time", costPence: amountPence, sortOrder: 0 }).run();
          applications.push({ id: application.id, reference, title, organisationName, memberEmail, amountPence });
        }
        return { cycleId: cycle.id, cycleName: cycle.name, budgetPence, applications };
      },
      { behavior: "immediate" },
    );
  } finally {
    sqlite.close();
  }
}
