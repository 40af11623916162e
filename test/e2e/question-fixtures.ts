// A funding round of its own for the tests of a round's questions: open for applications, with
// no questions (the test adds them through the staff pages) or, for the access table, one
// question, one requested document and a draft application by a given organisation. Written
// straight into the browser tests' SQLite file, like panel-fixtures.ts: setting a round up is
// the lead's pages, tested elsewhere; everything these tests check goes through the portal.
import Database from "better-sqlite3";
import { eq, gte, max } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/schema";

const DATABASE_PATH = "test-results/e2e-db/portal.sqlite";

export type QuestionRound = {
  cycleId: number;
  cycleName: string;
  questionId: number | null;
  documentId: number | null;
  applicationId: number | null;
};

/**
 * An open Collaboration Fund round asking only "About the project", "Documents" and the
 * declaration, so an applicant can go through it in a few pages. Options: a seat on its panel
 * for a person (by email); one required number question and one required document; a draft
 * application by an organisation (which locks the questions).
 */
export function questionRound(
  label: string,
  options: { panelMemberEmail?: string; withQuestion?: boolean; draftBy?: number; everyKind?: boolean } = {},
): QuestionRound {
  const sqlite = new Database(DATABASE_PATH);
  sqlite.pragma("busy_timeout = 5000");
  try {
    const db = drizzle(sqlite, { schema });
    return db.transaction(
      (tx) => {
        const now = Date.now();
        const day = 24 * 3600 * 1000;
        const programme = tx.select().from(schema.programmes).where(eq(schema.programmes.slug, "collaboration-fund")).get()!;
        // A year no real round has, and no other test's round (see panel-fixtures.ts).
        const last = tx.select({ year: max(schema.cycles.referenceYear) }).from(schema.cycles).where(gte(schema.cycles.referenceYear, 3000)).get()?.year;
        const referenceYear = Math.max(3000, (last ?? 2999) + 1);
        const cycle = tx
          .insert(schema.cycles)
          .values({
            programmeId: programme.id,
            name: `Questions test round ${label} ${referenceYear}`,
            referenceYear,
            status: "published",
            publishedAt: new Date(now - 2 * day),
            opensAt: new Date(now - day),
            closesAt: new Date(now + 30 * day),
            budgetPence: 20_000_00,
            minRequestPence: 500_00,
            maxRequestPence: 5_000_00,
            eligibility: { organisationTypes: ["community_or_faith_group", "registered_charity"], mustServePlace: false, requiresPartner: false },
            sections: ["about", "documents", "declarations"],
          })
          .returning()
          .get();
        if (options.panelMemberEmail) {
          const person = tx.select().from(schema.users).where(eq(schema.users.email, options.panelMemberEmail)).get()!;
          tx.insert(schema.panelMembers)
            .values({ cycleId: cycle.id, userId: person.id, email: person.email, name: person.name, status: "active", invitedAt: new Date(now), acceptedAt: new Date(now) })
            .run();
        }
        let questionId: number | null = null;
        let documentId: number | null = null;
        if (options.withQuestion) {
          questionId = tx
            .insert(schema.cycleQuestions)
            .values({ cycleId: cycle.id, section: "other", kind: "number", label: "How many volunteers help run your group?", required: true, sortOrder: 1 })
            .returning()
            .get().id;
          documentId = tx.insert(schema.cycleDocuments).values({ cycleId: cycle.id, name: "Latest accounts", required: true, sortOrder: 1 }).returning().get().id;
        }
        if (options.everyKind) {
          // One question of each kind, in the order of EVERY_KIND.
          tx.insert(schema.cycleQuestions)
            .values(EVERY_KIND.map((q, i) => ({ ...q, cycleId: cycle.id, section: "other" as const, required: i % 2 === 0, sortOrder: 10 + i })))
            .run();
        }
        const applicationId = options.draftBy
          ? tx.insert(schema.applications).values({ cycleId: cycle.id, organisationId: options.draftBy }).returning().get().id
          : null;
        return { cycleId: cycle.id, cycleName: cycle.name, questionId, documentId, applicationId };
      },
      { behavior: "immediate" },
    );
  } finally {
    sqlite.close();
  }
}

/** A question of each of the eight kinds, as a round of the "every kind" fixture asks them. */
export const EVERY_KIND = [
  { kind: "text", label: "What is your group called on social media?" },
  { kind: "textarea", label: "Tell us about your volunteers", wordLimit: 30 },
  { kind: "number", label: "How many sessions will you run?", minValue: 1, maxValue: 52 },
  { kind: "money", label: "How much do you hold in reserves?", maxValue: 100_000_00 },
  { kind: "yes_no", label: "Is your venue accessible to wheelchair users?" },
  { kind: "one_of", label: "Where will most sessions happen?", options: ["Community centre", "Place of worship", "Outdoors, in a park"] },
  { kind: "several_of", label: "Which languages will you use?", options: ["English", "Urdu", "Polish", "Bengali"] },
  { kind: "date", label: "When will your first session be?" },
] as const satisfies readonly (Partial<typeof schema.cycleQuestions.$inferInsert> & { kind: schema.QuestionKind; label: string })[];
