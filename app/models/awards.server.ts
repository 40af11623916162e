// Awards: what an award is made of and who may see it. One module, so that the grantee's pages,
// the staff pages, payments, returns and the reminders job all agree:
// - an award is made (offered) when the round's decisions are released, in the same transaction;
// - it carries its conditions, a payment schedule and the returns its round asks for;
// - a grantee is a member of the organisation that made the application; nobody else but staff
//   sees an award or its returns, and a wrong id is refused the same way as someone else's.
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { readPlaceFile } from "~db/seed/place";
import type { RETURN_KINDS, UsualReturn } from "~db/schema";
import { db, schema, type DbOrTx, type Tx } from "~/utils/db.server";
import { conditionLines } from "~/schemas/award";
import { addMonths, formatMoney, ukDate } from "~/utils/format";
import { getSettings } from "~/utils/settings.server";
import { membersOf, type Refusal } from "./applications.server";
import { recordAudit } from "./audit.server";
import { enqueueEmail } from "./outbox.server";

export type Award = typeof schema.awards.$inferSelect;
export type AwardCondition = typeof schema.awardConditions.$inferSelect;
export type Payment = typeof schema.payments.$inferSelect;
export type EvaluationReturn = typeof schema.evaluationReturns.$inferSelect;
export type GrantTerms = typeof schema.grantTerms.$inferSelect;
export type ReturnKind = (typeof RETURN_KINDS)[number];

/** Awards that still count: money promised or paid. Declined and withdrawn offers do not. */
export const LIVE_AWARD_STATUSES = ["offered", "accepted", "completed"] as const satisfies readonly Award["status"][];

/**
 * Awards still running: staff may vary or withdraw them and change their payment schedule, and
 * their returns are still asked for. A completed award is live (it counts) but no longer changes.
 */
export const CHANGEABLE_AWARD_STATUSES = ["offered", "accepted"] as const satisfies readonly Award["status"][];

export const isChangeableAward = (status: Award["status"]) => (CHANGEABLE_AWARD_STATUSES as readonly string[]).includes(status);

/** What has been paid on an award: its paid instalments' paid amounts. */
export const paidPence = (payments: readonly Pick<Payment, "status" | "paidAmountPence">[]) =>
  payments.reduce((sum, p) => sum + (p.status === "paid" ? (p.paidAmountPence ?? 0) : 0), 0);

/** What is promised and not paid yet: its scheduled instalments' amounts. */
export const scheduledPence = (payments: readonly Pick<Payment, "status" | "amountPence">[]) =>
  payments.reduce((sum, p) => sum + (p.status === "scheduled" ? p.amountPence : 0), 0);

/** Who is asking: a grantee is a member of the applying organisation; staff see every award. */
export type Viewer = { id: number; organisationIds: number[]; isStaff: boolean };

// ---------------------------------------------------------------------------------------------
// Grant terms and return schedules
// ---------------------------------------------------------------------------------------------

/** The programme's current grant terms: the latest version. */
export function currentTerms(programmeId: number, tx: DbOrTx = db): GrantTerms | undefined {
  return tx
    .select()
    .from(schema.grantTerms)
    .where(eq(schema.grantTerms.programmeId, programmeId))
    .orderBy(desc(schema.grantTerms.version))
    .limit(1)
    .get();
}

/**
 * The evaluation returns a programme's rounds usually ask for: the schedule staff set for the
 * programme (`programmes.returnSchedule`), or, until they set one, the place file's.
 */
export function usualReturnSchedule(programmeSlug: string, tx: DbOrTx = db): UsualReturn[] {
  const stored = tx.select({ schedule: schema.programmes.returnSchedule }).from(schema.programmes).where(eq(schema.programmes.slug, programmeSlug)).get();
  if (stored?.schedule) return stored.schedule;
  return placeFileReturnSchedule(programmeSlug);
}

/** The place file's usual return schedule for a programme (none for a programme staff added). */
export function placeFileReturnSchedule(programmeSlug: string): UsualReturn[] {
  const programme = readPlaceFile(getSettings().placeFile).programmes.find((p) => p.slug === programmeSlug);
  return programme?.returnSchedule ?? [];
}

/** A round's return schedule, in order. */
export function returnSchedule(cycleId: number, tx: DbOrTx = db) {
  return tx
    .select()
    .from(schema.returnScheduleItems)
    .where(eq(schema.returnScheduleItems.cycleId, cycleId))
    .orderBy(asc(schema.returnScheduleItems.sortOrder), asc(schema.returnScheduleItems.id))
    .all();
}

/**
 * Gives the award a return for each item of its round's schedule that it has not got yet, due
 * that many months after the award's start. Safe to call again: the unique index on (award,
 * schedule item) means a return is made once.
 */
export function ensureReturns(tx: Tx, award: Pick<Award, "id" | "startDate" | "awardDate">, cycleId: number): number {
  const start = award.startDate ?? award.awardDate;
  let made = 0;
  for (const item of returnSchedule(cycleId, tx)) {
    made += tx
      .insert(schema.evaluationReturns)
      .values({
        awardId: award.id,
        scheduleItemId: item.id,
        kind: item.kind,
        title: item.title,
        dueDate: addMonths(start, item.dueMonthsAfterStart),
      })
      .onConflictDoNothing()
      .run().changes;
  }
  return made;
}

/** An instalment's condition when it waits for a return: "After the interim return is accepted". */
export const conditionTextFor = (ret: Pick<EvaluationReturn, "title">) => `After the ${ret.title.toLowerCase()} is accepted`;

/**
 * The usual instalments of an award: half at the start, the rest once the interim return is
 * accepted (due on the interim's due date); one instalment where the round asks for no interim
 * return. Staff change the schedule per award.
 */
export function usualInstalments(amountPence: number, startDate: string, interim: Pick<EvaluationReturn, "id" | "dueDate" | "title"> | undefined) {
  if (!interim || amountPence < 2) return [{ dueDate: startDate, amountPence, condition: null, conditionReturnId: null }];
  const first = Math.ceil(amountPence / 2);
  return [
    { dueDate: startDate, amountPence: first, condition: null, conditionReturnId: null },
    { dueDate: interim.dueDate, amountPence: amountPence - first, condition: conditionTextFor(interim), conditionReturnId: interim.id },
  ];
}

// ---------------------------------------------------------------------------------------------
// Making the offer
// ---------------------------------------------------------------------------------------------

type OfferInput = {
  decision: Pick<typeof schema.decisions.$inferSelect, "id" | "amountPence" | "conditions">;
  application: Pick<typeof schema.applications.$inferSelect, "id" | "startDate" | "endDate">;
  cycle: Pick<typeof schema.cycles.$inferSelect, "id" | "programmeId">;
  actorUserId: number;
  now: Date;
};

/**
 * Makes the offer for an award decision, inside the release's transaction: the award (the
 * decided amount, the current grant terms, the project's dates), one condition per line of the
 * decision's conditions, the round's returns and the usual instalments. Returns the award, or
 * the one already made for this application (a release cannot make two).
 */
export function createOffer(tx: Tx, { decision, application, cycle, actorUserId, now }: OfferInput): Award {
  const existing = tx.select().from(schema.awards).where(eq(schema.awards.applicationId, application.id)).get();
  if (existing) return existing;
  const awardDate = ukDate(0, now);
  const startDate = application.startDate ?? awardDate;
  const award = tx
    .insert(schema.awards)
    .values({
      applicationId: application.id,
      amountPence: decision.amountPence!,
      status: "offered",
      awardDate,
      startDate,
      endDate: application.endDate ?? addMonths(startDate, 12),
      grantTermsId: currentTerms(cycle.programmeId, tx)?.id ?? null,
      offeredAt: now,
    })
    .returning()
    .get();
  const conditions = conditionLines(decision.conditions ?? "");
  if (conditions.length) {
    tx.insert(schema.awardConditions)
      .values(conditions.map((text, sortOrder) => ({ awardId: award.id, text, sortOrder })))
      .run();
  }
  ensureReturns(tx, award, cycle.id);
  const interim = tx
    .select()
    .from(schema.evaluationReturns)
    .where(and(eq(schema.evaluationReturns.awardId, award.id), eq(schema.evaluationReturns.kind, "interim")))
    .orderBy(asc(schema.evaluationReturns.dueDate))
    .limit(1)
    .get();
  tx.insert(schema.payments)
    .values(usualInstalments(award.amountPence, startDate, interim).map((p, i) => ({ ...p, awardId: award.id, instalment: i + 1 })))
    .run();
  recordAudit(tx, {
    actorUserId,
    action: "award.offered",
    entityType: "award",
    entityId: award.id,
    summary: `Offered ${formatMoney(award.amountPence)}${award.grantTermsId ? "" : " (no grant terms are published for the programme yet)"}`,
    details: { applicationId: application.id, decisionId: decision.id, amountPence: award.amountPence, grantTermsId: award.grantTermsId },
  });
  return award;
}

/**
 * A round with no return schedule of its own, when its decisions are released, takes its
 * programme's usual one (as staff set it, else the place file's), so that every award has its returns.
 */
export function ensureRoundSchedule(tx: Tx, cycleId: number, programmeSlug: string, actorUserId: number): void {
  if (returnSchedule(cycleId, tx).length) return;
  const usual = usualReturnSchedule(programmeSlug, tx);
  if (!usual.length) return;
  tx.insert(schema.returnScheduleItems)
    .values(usual.map((item, sortOrder) => ({ ...item, cycleId, sortOrder })))
    .run();
  recordAudit(tx, {
    actorUserId,
    action: "cycle.return_schedule_set",
    entityType: "cycle",
    entityId: cycleId,
    summary: `The programme's usual returns were set for the round: ${usual.map((i) => `${i.title} at ${i.dueMonthsAfterStart} months`).join(", ")}`,
  });
}

// ---------------------------------------------------------------------------------------------
// Completing an award
// ---------------------------------------------------------------------------------------------

/**
 * An accepted award whose every return is accepted and which has no instalment left to pay
 * (none scheduled) is completed: its status becomes "completed" (version + 1), with an audit event
 * "award.completed" and a short thank-you to each member of the organisation. Call it, in the same
 * transaction, after anything that may finish an award: a payment recorded, an instalment
 * cancelled, a return accepted. Does nothing (returns false) otherwise, and when called again.
 */
export function completeAwardIfDone(tx: Tx, awardId: number, actorUserId: number, now = new Date()): boolean {
  const award = tx.select().from(schema.awards).where(eq(schema.awards.id, awardId)).get();
  if (!award || award.status !== "accepted") return false;
  const returns = tx
    .select({ status: schema.evaluationReturns.status })
    .from(schema.evaluationReturns)
    .where(eq(schema.evaluationReturns.awardId, awardId))
    .all();
  if (returns.some((r) => r.status !== "accepted")) return false;
  const waiting = tx
    .select({ id: schema.payments.id })
    .from(schema.payments)
    .where(and(eq(schema.payments.awardId, awardId), eq(schema.payments.status, "scheduled")))
    .limit(1)
    .get();
  if (waiting) return false;
  const done = tx
    .update(schema.awards)
    .set({ status: "completed", version: award.version + 1, updatedAt: now })
    .where(and(eq(schema.awards.id, awardId), eq(schema.awards.version, award.version), eq(schema.awards.status, "accepted")))
    .run();
  if (done.changes !== 1) return false;
  const paid = paidPence(
    tx
      .select({ status: schema.payments.status, paidAmountPence: schema.payments.paidAmountPence })
      .from(schema.payments)
      .where(eq(schema.payments.awardId, awardId))
      .all()
  );
  recordAudit(tx, {
    actorUserId,
    action: "award.completed",
    entityType: "award",
    entityId: awardId,
    summary: `Award completed: every return accepted and ${formatMoney(paid)} paid`,
    details: { paidPence: paid, returns: returns.length, version: award.version + 1 },
  });
  const application = tx
    .select({
      reference: schema.applications.reference,
      title: schema.applications.title,
      organisationId: schema.applications.organisationId,
      organisationName: schema.organisations.name,
    })
    .from(schema.applications)
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
    .where(eq(schema.applications.id, award.applicationId))
    .get();
  if (application) {
    for (const member of membersOf(tx, application.organisationId)) {
      enqueueEmail(tx, {
        to: member.email,
        template: "award-completed",
        data: {
          name: member.name,
          reference: application.reference ?? "",
          title: application.title ?? "",
          organisationName: application.organisationName,
          paidPence: paid,
          viewUrl: `${getSettings().appUrl}/awards/${awardId}`,
        },
        dedupeKey: `award-completed:${awardId}:${member.id}`,
      });
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Reading an award, for the grantee or staff
// ---------------------------------------------------------------------------------------------

export type AwardFile = {
  award: Award;
  application: { id: number; reference: string | null; title: string | null; organisationId: number; cycleId: number };
  organisation: { id: number; name: string };
  cycle: { id: number; name: string; programmeId: number };
  programme: { id: number; name: string; slug: string };
  conditions: AwardCondition[];
  payments: Payment[];
  returns: EvaluationReturn[];
  /** The terms offered (the current version while the offer is open) and, once accepted, those accepted. */
  terms: GrantTerms | null;
  acceptedTerms: GrantTerms | null;
};

export function loadAward(awardId: number, tx: DbOrTx = db): AwardFile | undefined {
  const row = tx
    .select({
      award: schema.awards,
      application: {
        id: schema.applications.id,
        reference: schema.applications.reference,
        title: schema.applications.title,
        organisationId: schema.applications.organisationId,
        cycleId: schema.applications.cycleId,
      },
      organisation: { id: schema.organisations.id, name: schema.organisations.name },
      cycle: { id: schema.cycles.id, name: schema.cycles.name, programmeId: schema.cycles.programmeId },
      programme: { id: schema.programmes.id, name: schema.programmes.name, slug: schema.programmes.slug },
    })
    .from(schema.awards)
    .innerJoin(schema.applications, eq(schema.applications.id, schema.awards.applicationId))
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
    .innerJoin(schema.cycles, eq(schema.cycles.id, schema.applications.cycleId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
    .where(eq(schema.awards.id, awardId))
    .get();
  if (!row) return undefined;
  const termsById = (id: number | null) => (id ? (tx.select().from(schema.grantTerms).where(eq(schema.grantTerms.id, id)).get() ?? null) : null);
  // An open offer is accepted on the current terms: a newer version replaces the one first offered.
  const terms = row.award.status === "offered" ? (currentTerms(row.programme.id, tx) ?? termsById(row.award.grantTermsId)) : termsById(row.award.grantTermsId);
  return {
    ...row,
    conditions: tx
      .select()
      .from(schema.awardConditions)
      .where(eq(schema.awardConditions.awardId, awardId))
      .orderBy(asc(schema.awardConditions.sortOrder), asc(schema.awardConditions.id))
      .all(),
    payments: tx.select().from(schema.payments).where(eq(schema.payments.awardId, awardId)).orderBy(asc(schema.payments.instalment)).all(),
    returns: tx
      .select()
      .from(schema.evaluationReturns)
      .where(eq(schema.evaluationReturns.awardId, awardId))
      .orderBy(asc(schema.evaluationReturns.dueDate), asc(schema.evaluationReturns.id))
      .all(),
    terms: terms ?? null,
    acceptedTerms: termsById(row.award.acceptedTermsId),
  };
}

/**
 * The award, if this person may see it: staff, or a member of the organisation that made the
 * application. Someone else's award is refused (403); an id that is no award, 404.
 */
export function awardFor(viewer: Viewer, awardId: number, tx: DbOrTx = db): AwardFile | Refusal {
  const file = loadAward(awardId, tx);
  if (!file) return { status: 404, message: "Page not found." };
  if (!viewer.isStaff && !viewer.organisationIds.includes(file.application.organisationId)) {
    return { status: 403, message: "Only members of the organisation that was awarded this grant can see it." };
  }
  return file;
}

/** A grantee's own view: only members of the organisation (staff use the staff pages). */
export function awardForGrantee(viewer: Pick<Viewer, "organisationIds">, awardId: number, tx: DbOrTx = db): AwardFile | Refusal {
  return awardFor({ id: 0, organisationIds: viewer.organisationIds, isStaff: false }, awardId, tx);
}

/**
 * The return and its award, if this person may see it (as `awardFor`). The award in the
 * address, where there is one, must be the return's own.
 */
export function returnFor(viewer: Viewer, returnId: number, tx: DbOrTx = db): { file: AwardFile; return: EvaluationReturn } | Refusal {
  const found = tx.select().from(schema.evaluationReturns).where(eq(schema.evaluationReturns.id, returnId)).get();
  if (!found) return { status: 404, message: "Page not found." };
  const file = awardFor(viewer, found.awardId, tx);
  if ("status" in file) {
    return file.status === 403 ? { status: 403, message: "Only members of the organisation that was awarded this grant can see its returns." } : file;
  }
  return { file, return: found };
}

/** The awards of the organisations this person belongs to, newest first (their "Your awards" list). */
export function awardsForOrganisations(organisationIds: number[], tx: DbOrTx = db) {
  if (!organisationIds.length) return [];
  return tx
    .select({
      id: schema.awards.id,
      status: schema.awards.status,
      amountPence: schema.awards.amountPence,
      awardDate: schema.awards.awardDate,
      reference: schema.applications.reference,
      title: schema.applications.title,
      organisationName: schema.organisations.name,
      cycleName: schema.cycles.name,
    })
    .from(schema.awards)
    .innerJoin(schema.applications, eq(schema.applications.id, schema.awards.applicationId))
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
    .innerJoin(schema.cycles, eq(schema.cycles.id, schema.applications.cycleId))
    .where(inArray(schema.applications.organisationId, organisationIds))
    .orderBy(desc(schema.awards.offeredAt), desc(schema.awards.id))
    .all();
}

/** The award made on an application, if any (the application page links to it). */
export function awardOfApplication(applicationId: number, tx: DbOrTx = db): Award | undefined {
  return tx.select().from(schema.awards).where(eq(schema.awards.applicationId, applicationId)).get();
}

/** In words, for status tags: the grantee's and staff's word for each state. */
export const AWARD_STATUS_TEXT: Record<Award["status"], string> = {
  offered: "Offer waiting for an answer",
  accepted: "Accepted",
  declined: "Offer declined",
  withdrawn: "Withdrawn",
  completed: "Completed",
};

export const RETURN_STATUS_TEXT: Record<EvaluationReturn["status"], string> = {
  not_started: "Not started",
  draft: "In progress",
  submitted: "Submitted",
  changes_requested: "Changes asked for",
  accepted: "Accepted",
};
