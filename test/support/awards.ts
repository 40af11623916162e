// For the awards integration tests: a round whose decisions are released through the model, so
// that the awards, their instalments and returns are the ones the portal makes; and requests
// signed in as a given person, to call a route's loader or action as the browser would.
import { eq } from "drizzle-orm";
import { seedDatabase } from "~db/seed/index";
import { cycleDecisions, recordDecision, releaseDecisions } from "~/models/decisions.server";
import { db, schema } from "~/utils/db.server";
import { sessionCookie, startSession } from "~/utils/session.server";

const DAY = 24 * 3600 * 1000;
let seq = 0;

export type Person = typeof schema.users.$inferSelect;

export async function seeded() {
  await seedDatabase({ demo: false });
}

export function makeUser(role: "user" | "staff" | "admin" = "user", name?: string): Person {
  seq++;
  return db
    .insert(schema.users)
    .values({ email: `awards-${seq}-${Math.random().toString(36).slice(2, 7)}@example.test`, name: name ?? `Person ${seq}`, passwordHash: "not-a-hash", role, emailConfirmedAt: new Date() })
    .returning()
    .get();
}

export type AwardedApplication = {
  applicationId: number;
  organisationId: number;
  awardId: number;
  reference: string;
  /** Members of the applicant organisation: the grantee's people. */
  members: Person[];
  amountPence: number;
};

export type AwardedRound = { cycleId: number; programmeId: number; staff: Person; awards: AwardedApplication[] };

/**
 * A released round of the given programme with one award per amount, each to its own
 * organisation with `members` members. The project starts on `startDate` (default 1 April
 * 3001), so the returns are due 1 October 3001 (interim) and 1 April 3002 (final) for the
 * Collaboration Fund's usual schedule.
 */
export function awardedRound(
  options: { programme?: "collaboration-fund" | "health-equity-town-prize"; amounts?: number[]; members?: number; startDate?: string; endDate?: string; budgetPence?: number; now?: Date } = {},
): AwardedRound {
  seq++;
  const now = options.now ?? new Date();
  const programme = db.select().from(schema.programmes).where(eq(schema.programmes.slug, options.programme ?? "collaboration-fund")).get()!;
  const staff = makeUser("staff", `Staff ${seq}`);
  const cycle = db
    .insert(schema.cycles)
    .values({
      programmeId: programme.id,
      name: `Award round ${seq}`,
      referenceYear: 6000 + seq,
      status: "published",
      opensAt: new Date(now.getTime() - 60 * DAY),
      closesAt: new Date(now.getTime() - 30 * DAY),
      budgetPence: options.budgetPence ?? 50_000_00,
      maxRequestPence: 10_000_00,
      eligibility: { organisationTypes: ["community_or_faith_group"], mustServePlace: true, requiresPartner: false },
      sections: [...schema.APPLICATION_SECTIONS],
      scoringOpensAt: new Date(now.getTime() - 20 * DAY),
      scoringClosesAt: new Date(now.getTime() - DAY),
      minScorersPerApplication: 1,
    })
    .returning()
    .get();
  const made = (options.amounts ?? [5_000_00]).map((amountPence, i) => {
    const reference = `${programme.referencePrefix}-${cycle.referenceYear}-${String(i + 1).padStart(4, "0")}`;
    const organisation = db.insert(schema.organisations).values({ name: `Grantee ${reference}`, type: "community_or_faith_group" }).returning().get();
    const members = Array.from({ length: options.members ?? 1 }, () => {
      const user = makeUser();
      db.insert(schema.organisationMembers).values({ organisationId: organisation.id, userId: user.id }).run();
      return user;
    });
    const application = db
      .insert(schema.applications)
      .values({
        cycleId: cycle.id,
        organisationId: organisation.id,
        reference,
        status: "in_review",
        title: `Project ${reference}`,
        amountRequestedPence: amountPence,
        startDate: options.startDate ?? "3001-04-01",
        endDate: options.endDate ?? "3002-03-31",
        submittedAt: new Date(now.getTime() - 40 * DAY),
      })
      .returning()
      .get();
    db.insert(schema.budgetLines).values({ applicationId: application.id, item: "Staff time", costPence: amountPence }).run();
    const decided = recordDecision({ id: staff.id, isStaff: true }, application.id, { outcome: "award", amountPence, conditions: "Send us your safeguarding policy", feedback: null, reasons: "Strong on need" }, now);
    if (!decided.ok) throw new Error(`Could not decide ${reference}: ${decided.message}`);
    return { applicationId: application.id, organisationId: organisation.id, reference, members, amountPence };
  });
  const released = releaseDecisions({ id: staff.id, isStaff: true }, cycle.id, cycleDecisions(cycle.id, db, now)!.fingerprint, now);
  if (!released.ok) throw new Error(`Could not release round ${cycle.id}: ${released.message}`);
  const awards = made.map((m) => ({ ...m, awardId: db.select().from(schema.awards).where(eq(schema.awards.applicationId, m.applicationId)).get()!.id }));
  return { cycleId: cycle.id, programmeId: programme.id, staff, awards };
}

/** A request signed in as this person (a real session and cookie), for a route's loader. */
export async function requestAs(user: { id: number }, path: string, init: RequestInit = {}) {
  const token = startSession(db, user.id, new Request("http://portal.test/"));
  const cookie = (await sessionCookie(token)).split(";")[0]!;
  return new Request(`http://portal.test${path}`, { ...init, headers: { ...(init.headers ?? {}), cookie } });
}

/** A form post signed in as this person, for a route's action. */
export async function postAs(user: { id: number }, path: string, form: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) body.append(key, v);
  return requestAs(user, path, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
}

/** A route's arguments, as Remix gives them. */
export const args = (request: Request, params: Record<string, string>) => ({ request, params, context: { cspNonce: "" } });
