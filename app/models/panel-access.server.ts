// Who on a panel may see and score what. One module, so that the panel's pages, the document
// download, the staff assignment page and the moderation matrix all apply the same rules:
// - a panel member has an active seat on the cycle's panel (a seat on another cycle counts for nothing);
// - they see an application only if it is at the panel stage (`atPanelStage`: submitted, being
//   assessed or decided and, in a round that says so, passed by staff at its eligibility check)
//   and, where staff assign subsets, it is assigned to them;
// - until they declare on it they see its title only; with a conflict, never more;
// - a member of the applicant organisation is conflicted whatever they declare.
import { and, asc, eq, inArray, isNotNull, isNull, not, or, sql, type SQL } from "drizzle-orm";
import type { ApplicationStatus } from "~db/schema";
import { db, schema, type DbOrTx } from "~/utils/db.server";
import type { Refusal } from "./applications.server";

/** The statuses of applications the panel may see: everything submitted that is not withdrawn, returned or found ineligible. */
export const PANEL_APPLICATION_STATUSES = ["submitted", "in_review", "awarded", "declined", "reserve"] as const satisfies readonly ApplicationStatus[];

/** Of those, the ones not decided yet: a decision can be recorded on them, and their letters are still to send. */
export const UNDECIDED_PANEL_STATUSES = ["submitted", "in_review"] as const satisfies readonly ApplicationStatus[];

type ApplicationsTable = typeof schema.applications;

/**
 * Is the application's round one where the panel sees an application only once staff have passed
 * its eligibility check (`cycles.panelAfterEligibility`)? A subquery on the round's primary key,
 * so the rule needs no join and reads the same in every query.
 */
const gatedRound = (a: ApplicationsTable = schema.applications): SQL =>
  sql`exists (select 1 from ${schema.cycles} as "gate" where "gate"."id" = ${a.cycleId} and "gate"."panel_after_eligibility" = 1)`;

/**
 * THE rule of the panel stage, as an SQL condition on `applications`: its status is one the panel
 * sees, and either its round is not gated or staff have passed its eligibility check
 * (`eligibilityPassedAt`, cleared when a later check fails). Every query of what the panel sees,
 * scores, moderates or decides uses it; nothing filters in JavaScript.
 */
export function atPanelStage(a: ApplicationsTable = schema.applications): SQL {
  return and(inArray(a.status, [...PANEL_APPLICATION_STATUSES]), or(isNotNull(a.eligibilityPassedAt), not(gatedRound(a))))!;
}

/** At the panel stage and not decided yet: decisions are recorded and sent on these. */
export function awaitingDecision(a: ApplicationsTable = schema.applications): SQL {
  return and(atPanelStage(a), inArray(a.status, [...UNDECIDED_PANEL_STATUSES]))!;
}

/** Submitted (or later) and not passed at an eligibility check: what the gate holds back in a gated round. */
export function notPassedEligibility(a: ApplicationsTable = schema.applications): SQL {
  return and(inArray(a.status, [...PANEL_APPLICATION_STATUSES]), isNull(a.eligibilityPassedAt))!;
}

/**
 * The other side of the gate: submitted (or later), in a gated round, and not passed at its
 * eligibility check yet, so the panel cannot see it. Staff pages say so; letters wait for them.
 */
export function waitingForEligibilityCheck(a: ApplicationsTable = schema.applications): SQL {
  return and(notPassedEligibility(a), gatedRound(a))!;
}

/** Where one application stands at the gate: at the panel stage, waiting for its check, or neither. */
export function panelStageOf(applicationId: number, tx: DbOrTx = db): { atPanel: boolean; waitingForCheck: boolean } {
  const row = tx
    .select({
      atPanel: sql<number>`${atPanelStage()}`,
      waitingForCheck: sql<number>`${waitingForEligibilityCheck()}`,
    })
    .from(schema.applications)
    .where(eq(schema.applications.id, applicationId))
    .get();
  return { atPanel: !!row?.atPanel, waitingForCheck: !!row?.waitingForCheck };
}

export type Cycle = typeof schema.cycles.$inferSelect;
export type PanelMember = typeof schema.panelMembers.$inferSelect;
export type Declaration = typeof schema.conflictDeclarations.$inferSelect;

export type Criterion = typeof schema.criteria.$inferSelect;

/** What a staff action needs to know of the person: refused unless they are staff. */
export type Staff = { id: number; isStaff: boolean };

/** The answer of a panel or staff action: done (and whether anything changed), or refused and why. */
export type ModelResult = { ok: true; changed: boolean } | ({ ok: false } & Refusal);

/** A round's scoring criteria, in the order the panel sees them. */
export function criteriaOf(cycleId: number, tx: DbOrTx = db): Criterion[] {
  return tx
    .select()
    .from(schema.criteria)
    .where(eq(schema.criteria.cycleId, cycleId))
    .orderBy(asc(schema.criteria.sortOrder), asc(schema.criteria.id))
    .all();
}

export type ScoringWindow = "not_set" | "not_open" | "open" | "closed";

/** Scoring is open between the cycle's scoring dates, and never after its decisions are released. */
export function scoringWindow(cycle: Pick<Cycle, "scoringOpensAt" | "scoringClosesAt" | "decisionsReleasedAt">, now = new Date()): ScoringWindow {
  if (cycle.decisionsReleasedAt) return "closed";
  if (!cycle.scoringOpensAt || !cycle.scoringClosesAt) return "not_set";
  if (now < cycle.scoringOpensAt) return "not_open";
  if (now >= cycle.scoringClosesAt) return "closed";
  return "open";
}

/** The person's active seat on this cycle's panel, if they have one. */
export function activeSeat(userId: number, cycleId: number, tx: DbOrTx = db): PanelMember | undefined {
  return tx
    .select()
    .from(schema.panelMembers)
    .where(and(eq(schema.panelMembers.cycleId, cycleId), eq(schema.panelMembers.userId, userId), eq(schema.panelMembers.status, "active")))
    .get();
}

export function isAssigned(cycle: Pick<Cycle, "everyoneScoresEverything">, panelMemberId: number, applicationId: number, tx: DbOrTx = db): boolean {
  if (cycle.everyoneScoresEverything) return true;
  return !!tx
    .select({ id: schema.panelAssignments.applicationId })
    .from(schema.panelAssignments)
    .where(and(eq(schema.panelAssignments.applicationId, applicationId), eq(schema.panelAssignments.panelMemberId, panelMemberId)))
    .get();
}

/** Is this user a member of the organisation that applied? Then they are conflicted, declared or not. */
export function belongsToApplicant(userId: number | null, organisationId: number, tx: DbOrTx = db): boolean {
  if (userId === null) return false;
  return !!tx
    .select({ userId: schema.organisationMembers.userId })
    .from(schema.organisationMembers)
    .where(and(eq(schema.organisationMembers.organisationId, organisationId), eq(schema.organisationMembers.userId, userId)))
    .get();
}

export type PanelAccess = {
  cycle: Cycle;
  application: { id: number; cycleId: number; organisationId: number; reference: string | null; title: string | null; status: ApplicationStatus };
  seat: PanelMember;
  declaration: Declaration | null;
  /** Declared a conflict, or a member of the applicant organisation. */
  conflicted: boolean;
  belongsToApplicant: boolean;
  /** Declared "no conflict" and not a member of the applicant: may read the bid and its documents. */
  canSeeContent: boolean;
  window: ScoringWindow;
};

/**
 * What a panel member may do with one application of one cycle, or why they may not see it at
 * all. The cycle in the address must be the application's: a seat on one panel opens nothing of another.
 */
export function panelAccess(user: { id: number }, cycleId: number, applicationId: number, now = new Date(), tx: DbOrTx = db): PanelAccess | Refusal {
  const seat = activeSeat(user.id, cycleId, tx);
  if (!seat) return { status: 403, message: "You are not on the panel for this funding round." };
  const cycle = tx.select().from(schema.cycles).where(eq(schema.cycles.id, cycleId)).get();
  const application = tx
    .select({
      id: schema.applications.id,
      cycleId: schema.applications.cycleId,
      organisationId: schema.applications.organisationId,
      reference: schema.applications.reference,
      title: schema.applications.title,
      status: schema.applications.status,
    })
    .from(schema.applications)
    .where(and(eq(schema.applications.id, applicationId), eq(schema.applications.cycleId, cycleId), atPanelStage()))
    .get();
  if (!cycle || !application) return { status: 404, message: "Page not found." };
  if (!isAssigned(cycle, seat.id, applicationId, tx)) {
    return { status: 403, message: "Staff have not given you this application to score." };
  }
  const declaration =
    tx
      .select()
      .from(schema.conflictDeclarations)
      .where(and(eq(schema.conflictDeclarations.applicationId, applicationId), eq(schema.conflictDeclarations.panelMemberId, seat.id)))
      .get() ?? null;
  const own = belongsToApplicant(user.id, application.organisationId, tx);
  const conflicted = own || !!declaration?.hasConflict;
  return {
    cycle,
    application,
    seat,
    declaration,
    conflicted,
    belongsToApplicant: own,
    canSeeContent: !conflicted && !!declaration && !declaration.hasConflict,
    window: scoringWindow(cycle, now),
  };
}

export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === "object" && value !== null && "status" in value && "message" in value && !("seat" in value);

/**
 * For each panel application of a cycle, the active members expected to score it: everyone (or
 * those assigned), less anyone who declared a conflict or belongs to the applicant.
 * The moderation matrix, the staff assignment page and the reminders all count from this.
 */
export function expectedScorers(cycleId: number, tx: DbOrTx = db): Map<number, number[]> {
  const cycle = tx.select().from(schema.cycles).where(eq(schema.cycles.id, cycleId)).get();
  const result = new Map<number, number[]>();
  if (!cycle) return result;
  const applications = tx
    .select({ id: schema.applications.id })
    .from(schema.applications)
    .where(and(eq(schema.applications.cycleId, cycleId), atPanelStage()))
    .all();
  const members = tx
    .select({ id: schema.panelMembers.id })
    .from(schema.panelMembers)
    .where(and(eq(schema.panelMembers.cycleId, cycleId), eq(schema.panelMembers.status, "active")))
    .all();
  const memberIds = members.map((m) => m.id);
  const conflicted = conflictedPairs(cycleId, tx);
  const assigned = new Set(
    !cycle.everyoneScoresEverything && memberIds.length
      ? tx
          .select({ a: schema.panelAssignments.applicationId, m: schema.panelAssignments.panelMemberId })
          .from(schema.panelAssignments)
          .where(inArray(schema.panelAssignments.panelMemberId, memberIds))
          .all()
          .map((r) => pairKey(r.a, r.m))
      : [],
  );
  for (const application of applications) {
    result.set(
      application.id,
      members
        .filter((m) => cycle.everyoneScoresEverything || assigned.has(pairKey(application.id, m.id)))
        .filter((m) => !conflicted.has(pairKey(application.id, m.id)))
        .map((m) => m.id),
    );
  }
  return result;
}

export const pairKey = (applicationId: number, panelMemberId: number) => `${applicationId}:${panelMemberId}`;

/**
 * Every (application, panel member) pair of a round that is conflicted: a declared conflict, or
 * the member belongs to the organisation that applied. Keys from `pairKey`. Members of any
 * status, so that a removed member's record reads the same.
 */
export function conflictedPairs(cycleId: number, tx: DbOrTx = db): Set<string> {
  const declared = tx
    .select({ a: schema.conflictDeclarations.applicationId, m: schema.conflictDeclarations.panelMemberId })
    .from(schema.conflictDeclarations)
    .innerJoin(schema.panelMembers, eq(schema.panelMembers.id, schema.conflictDeclarations.panelMemberId))
    .where(and(eq(schema.panelMembers.cycleId, cycleId), eq(schema.conflictDeclarations.hasConflict, true)))
    .all();
  const belonging = tx
    .select({ a: schema.applications.id, m: schema.panelMembers.id })
    .from(schema.panelMembers)
    .innerJoin(schema.organisationMembers, eq(schema.organisationMembers.userId, schema.panelMembers.userId))
    .innerJoin(schema.applications, eq(schema.applications.organisationId, schema.organisationMembers.organisationId))
    .where(and(eq(schema.panelMembers.cycleId, cycleId), eq(schema.applications.cycleId, cycleId)))
    .all();
  return new Set([...declared, ...belonging].map((r) => pairKey(r.a, r.m)));
}

/** The round's applications that go to the panel, in reference order. */
export function panelApplications(cycleId: number, tx: DbOrTx = db) {
  return tx
    .select({
      id: schema.applications.id,
      reference: schema.applications.reference,
      title: schema.applications.title,
      organisationId: schema.applications.organisationId,
      organisationName: schema.organisations.name,
    })
    .from(schema.applications)
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
    .where(and(eq(schema.applications.cycleId, cycleId), atPanelStage()))
    .orderBy(asc(schema.applications.reference), asc(schema.applications.id))
    .all();
}
