// Demo data, for trying the portal out: four demo people (README lists them), a demo
// organisation, an open demo cycle for each programme and a demo panel. Amounts and dates here
// are for the demo only; they are not facts about any real funding round.
import { eq } from "drizzle-orm";
import { APPLICATION_SECTIONS, ORGANISATION_TYPES } from "~db/schema";
import { hashPassword } from "~/utils/crypto.server";
import { schema, transaction, type Tx } from "~/utils/db.server";
import { ukDate, ukTime } from "~/utils/format";

export const DEMO_PASSWORD = "demo-password";

export const DEMO_PEOPLE = [
  { email: "applicant@demo.test", name: "Amira Khan (demo applicant)", role: "user", staffTeam: null },
  { email: "panel@demo.test", name: "Peter Owusu (demo panel member)", role: "user", staffTeam: null },
  { email: "staff@demo.test", name: "Sam Patel (demo public health officer)", role: "staff", staffTeam: "public_health" },
  { email: "admin@demo.test", name: "Alex Morgan (demo administrator)", role: "admin", staffTeam: "public_health" },
] as const;

export async function loadDemo(now = new Date()): Promise<{ added: boolean }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return transaction((tx) => {
    // Only into a database nobody uses yet: never add known passwords to a live service.
    if (tx.select({ id: schema.users.id }).from(schema.users).limit(1).get()) {
      return { added: false };
    }
    const users = Object.fromEntries(
      DEMO_PEOPLE.map((person) => [
        person.email,
        tx
          .insert(schema.users)
          .values({ ...person, passwordHash, emailConfirmedAt: now })
          .returning()
          .get(),
      ]),
    );

    const organisation = tx
      .insert(schema.organisations)
      .values({
        name: "Sunrise Community Kitchen (demo)",
        type: "community_or_faith_group",
        addressLine1: "1 Demo Street",
        town: "Luton",
        wardId: ward(tx, "Biscot"),
        contactName: users["applicant@demo.test"]!.name,
        contactEmail: "applicant@demo.test",
        createdById: users["applicant@demo.test"]!.id,
      })
      .returning()
      .get();
    tx.insert(schema.organisationMembers)
      .values({ organisationId: organisation.id, userId: users["applicant@demo.test"]!.id, role: "owner" })
      .run();

    const opensAt = ukTime(ukDate(-14, now), 9);
    const closesAt = ukTime(ukDate(90, now), 12);
    const year = Number(ukDate(0, now).slice(0, 4));
    const collaborationFund = programme(tx, "collaboration-fund");
    const prize = programme(tx, "health-equity-town-prize");

    const cf = tx
      .insert(schema.cycles)
      .values({
        programmeId: collaborationFund,
        name: `Collaboration Fund ${year} to ${year + 1} (demo round)`,
        referenceYear: year,
        status: "published",
        summary: "A demo round to try the portal. Groups apply in partnership.",
        opensAt,
        closesAt,
        budgetPence: 100_000_00,
        minRequestPence: 1_000_00,
        maxRequestPence: 10_000_00,
        eligibility: {
          organisationTypes: ORGANISATION_TYPES.filter((t) => t !== "business"),
          mustServePlace: true,
          requiresPartner: true,
        },
        sections: [...APPLICATION_SECTIONS],
        isDemo: true,
      })
      .returning()
      .get();
    tx.insert(schema.cycles)
      .values({
        programmeId: prize,
        name: `Health Equity Town Prize ${year + 1} (demo round)`,
        referenceYear: year + 1,
        status: "published",
        summary: "A demo round to try the portal. Open to businesses and VCSFE groups.",
        opensAt,
        closesAt,
        budgetPence: 15_000_00,
        minRequestPence: 500_00,
        maxRequestPence: 5_000_00,
        eligibility: { organisationTypes: [...ORGANISATION_TYPES], mustServePlace: true, requiresPartner: false },
        sections: APPLICATION_SECTIONS.filter((s) => s !== "partners"),
        isDemo: true,
      })
      .run();

    tx.insert(schema.panelMembers)
      .values({
        cycleId: cf.id,
        userId: users["panel@demo.test"]!.id,
        email: "panel@demo.test",
        name: users["panel@demo.test"]!.name,
        affiliation: "Fairness Taskforce (demo)",
        status: "active",
        invitedAt: now,
        acceptedAt: now,
      })
      .run();
    return { added: true };
  });
}

function ward(tx: Tx, name: string): number | null {
  return tx.select({ id: schema.areas.id }).from(schema.areas).where(eq(schema.areas.name, name)).get()?.id ?? null;
}

function programme(tx: Tx, slug: string): number {
  const row = tx.select({ id: schema.programmes.id }).from(schema.programmes).where(eq(schema.programmes.slug, slug)).get();
  if (!row) throw new Error(`The demo needs the programme "${slug}" from the place file`);
  return row.id;
}
