// Payments: an award's schedule of instalments, the payments staff record against it, and a
// round's budget. The rules, whatever a page shows:
// - only staff change the schedule or record a payment; an instalment in the address must be
//   the award's own (else "not found");
// - the schedule can change only while the award is offered or accepted, and only its scheduled
//   (unpaid) instalments; instalment numbers are never reused; paid and scheduled instalments
//   together may not come to more than the award;
// - a payment is recorded only once the award is accepted, only for the instalment's amount, and
//   only once any return it waits for is accepted; the same form sent twice (a double click, a
//   resend, back and submit again) records once: its random request key is stored with the
//   payment, and a second post with that key gets the first answer;
// - pages that change the schedule carry its fingerprint: a change made since they were opened
//   refuses the save (409) rather than overwrite it unseen;
// - every change is in the award's audit trail; a payment made is emailed to the grantee's
//   members (the amount, date and remittance reference: the portal never holds bank details).
import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { InstalmentCondition, InstalmentInput, RecordPaymentInput } from "~/schemas/payment";
import { REQUEST_KEY } from "~/schemas/payment";
import { db, schema, transaction, type DbOrTx, type Tx } from "~/utils/db.server";
import { formatDate, formatDateTime, formatMoney, ukDate } from "~/utils/format";
import { getSettings } from "~/utils/settings.server";
import { membersOf } from "./applications.server";
import { recordAudit } from "./audit.server";
import {
  completeAwardIfDone,
  conditionTextFor,
  isChangeableAward,
  LIVE_AWARD_STATUSES,
  loadAward,
  paidPence,
  RETURN_STATUS_TEXT,
  scheduledPence,
  type Award,
  type AwardFile,
  type EvaluationReturn,
  type Payment,
} from "./awards.server";
import { enqueueEmail } from "./outbox.server";

type Staff = { id: number; isStaff: boolean };

/** Refused, and why; `field` names the form field the message belongs by, where there is one. */
export type PaymentRefusal = {
  ok: false;
  status: 400 | 403 | 404 | 409;
  message: string;
  field?: string;
};
export type ScheduleResult = { ok: true; changed: boolean; paymentId: number } | PaymentRefusal;
export type RecordResult = { ok: true; paymentId: number; duplicate: boolean } | PaymentRefusal;

// ---------------------------------------------------------------------------------------------
// The schedule of an award
// ---------------------------------------------------------------------------------------------

export type InstalmentState = "paid" | "cancelled" | "waiting" | "due" | "scheduled";

export type ScheduleRow = Payment & {
  state: InstalmentState;
  /** In words: "Paid", "Cancelled", "Waiting for the interim return to be accepted", "Due", "Scheduled". */
  stateText: string;
  conditionReturn: Pick<EvaluationReturn, "id" | "title" | "status"> | null;
  recordedByName: string | null;
};

export type PaymentSchedule = {
  file: AwardFile;
  rows: ScheduleRow[];
  paidPence: number;
  scheduledPence: number;
  /** The award less what is paid and scheduled: more than 0 when part of it is in no instalment yet. */
  notInSchedulePence: number;
  /** Paid and scheduled beyond the award (after the award was varied down, say). */
  overSchedulePence: number;
  /** What the page showed of the schedule, posted back by the forms that change it. */
  fingerprint: string;
  /** Why the schedule cannot change now (the award is not offered or accepted), or null. */
  whyNotChangeable: string | null;
  /** Why no payment can be recorded now (the award is not accepted), or null. */
  whyNotPayable: string | null;
  /** Instalment numbers are never reused: the next one added gets this. */
  nextInstalment: number;
};

export { conditionTextFor };

/** The state of an instalment today: "waiting" beats "due" (a condition not met yet). */
export function instalmentState(
  payment: Pick<Payment, "status" | "dueDate">,
  conditionReturn: Pick<EvaluationReturn, "title" | "status"> | null,
  today: string
): { state: InstalmentState; stateText: string } {
  if (payment.status === "paid") return { state: "paid", stateText: "Paid" };
  if (payment.status === "cancelled") return { state: "cancelled", stateText: "Cancelled" };
  if (conditionReturn && conditionReturn.status !== "accepted") {
    return {
      state: "waiting",
      stateText: `Waiting for the ${conditionReturn.title.toLowerCase()} to be accepted`,
    };
  }
  if (payment.dueDate <= today) return { state: "due", stateText: "Due" };
  return { state: "scheduled", stateText: "Scheduled" };
}

/** The schedule's fingerprint: any change to an instalment, the award's amount or state makes another. */
export function scheduleFingerprint(award: Pick<Award, "id" | "status" | "amountPence">, payments: readonly Payment[]): string {
  const text = [
    `${award.id}:${award.status}:${award.amountPence}`,
    ...payments.map((p) => [p.id, p.instalment, p.dueDate, p.amountPence, p.condition ?? "", p.conditionReturnId ?? "", p.status].join(":")),
  ].join("|");
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

function whyNotChangeable(award: Pick<Award, "status">): string | null {
  if (isChangeableAward(award.status)) return null;
  switch (award.status) {
    case "declined":
      return "The offer was declined, so its payment schedule can no longer be changed.";
    case "withdrawn":
      return "The award was withdrawn, so its payment schedule can no longer be changed.";
    default:
      return "The award is completed, so its payment schedule can no longer be changed.";
  }
}

function whyNotPayable(award: Pick<Award, "status">): string | null {
  switch (award.status) {
    case "accepted":
      return null;
    case "offered":
      return "The offer has not been accepted yet, so no payment can be recorded. An award is paid once it is accepted.";
    case "declined":
      return "The offer was declined, so no payment can be recorded.";
    case "withdrawn":
      return "The award was withdrawn, so no payment can be recorded.";
    case "completed":
      return "The award is completed, so no payment can be recorded.";
  }
}

/** An award's payment schedule, for staff: each instalment with its state, and the totals. */
export function paymentSchedule(awardId: number, now = new Date(), tx: DbOrTx = db): PaymentSchedule | undefined {
  const file = loadAward(awardId, tx);
  return file ? scheduleOf(file, now, tx) : undefined;
}

function scheduleOf(file: AwardFile, now: Date, tx: DbOrTx): PaymentSchedule {
  const today = ukDate(0, now);
  const returns = new Map(file.returns.map((r) => [r.id, r]));
  const recorders = new Map<number, string>();
  const recorderIds = [...new Set(file.payments.map((p) => p.recordedById).filter((id): id is number => id !== null))];
  if (recorderIds.length) {
    for (const u of tx
      .select({ id: schema.users.id, name: schema.users.name })
      .from(schema.users)
      .where(inArray(schema.users.id, recorderIds))
      .all()) {
      recorders.set(u.id, u.name);
    }
  }
  const rows = file.payments.map((p): ScheduleRow => {
    const ret = p.conditionReturnId ? returns.get(p.conditionReturnId) ?? null : null;
    return {
      ...p,
      ...instalmentState(p, ret, today),
      conditionReturn: ret ? { id: ret.id, title: ret.title, status: ret.status } : null,
      recordedByName: p.recordedById ? recorders.get(p.recordedById) ?? null : null,
    };
  });
  const paid = paidPence(rows);
  const scheduled = scheduledPence(rows);
  const gap = file.award.amountPence - paid - scheduled;
  return {
    file,
    rows,
    paidPence: paid,
    scheduledPence: scheduled,
    notInSchedulePence: Math.max(0, gap),
    overSchedulePence: Math.max(0, -gap),
    fingerprint: scheduleFingerprint(file.award, file.payments),
    whyNotChangeable: whyNotChangeable(file.award),
    whyNotPayable: whyNotPayable(file.award),
    nextInstalment: file.payments.reduce((max, p) => Math.max(max, p.instalment), 0) + 1,
  };
}

/** An instalment, found under its award (the address names both): else undefined (404). */
export function instalmentOfAward(
  awardId: number,
  paymentId: number,
  now = new Date(),
  tx: DbOrTx = db
): { schedule: PaymentSchedule; row: ScheduleRow } | undefined {
  const schedule = paymentSchedule(awardId, now, tx);
  const row = schedule?.rows.find((r) => r.id === paymentId);
  return schedule && row ? { schedule, row } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Changing the schedule
// ---------------------------------------------------------------------------------------------

const STALE =
  "The payment schedule changed after you opened this page. Check the schedule as it is now, then make your change again if it is still needed.";

/** The condition as stored: its text and, for "after a return is accepted", the return. */
function conditionOf(
  condition: InstalmentCondition,
  file: AwardFile
): { condition: string | null; conditionReturnId: number | null } | PaymentRefusal {
  switch (condition.kind) {
    case "none":
      return { condition: null, conditionReturnId: null };
    case "text":
      return { condition: condition.text, conditionReturnId: null };
    case "return": {
      const ret = file.returns.find((r) => r.id === condition.returnId);
      if (!ret)
        return {
          ok: false,
          status: 400,
          message: "Select one of this award's returns, or another condition",
          field: "condition",
        };
      return { condition: conditionTextFor(ret), conditionReturnId: ret.id };
    }
  }
}

/** The checks every schedule change starts with: staff, and an award with that id. */
function openSchedule(tx: Tx, staff: Staff, awardId: number, now: Date): PaymentSchedule | PaymentRefusal {
  if (!staff.isStaff)
    return {
      ok: false,
      status: 403,
      message: "Only staff can change an award's payment schedule.",
    };
  const file = loadAward(awardId, tx);
  if (!file) return { ok: false, status: 404, message: "Page not found." };
  return scheduleOf(file, now, tx);
}

/** The schedule can change (the award is offered or accepted) and is the one the page showed. */
function refuseChange(schedule: PaymentSchedule, fingerprint: string | undefined): PaymentRefusal | null {
  return refuseClosed(schedule) ?? refuseStale(schedule, fingerprint);
}

function refuseClosed(schedule: PaymentSchedule): PaymentRefusal | null {
  return schedule.whyNotChangeable ? { ok: false, status: 409, message: schedule.whyNotChangeable } : null;
}

function refuseStale(schedule: PaymentSchedule, fingerprint: string | undefined): PaymentRefusal | null {
  return fingerprint !== undefined && fingerprint !== schedule.fingerprint ? { ok: false, status: 409, message: STALE } : null;
}

/**
 * The same "add an instalment" form sent again (a double click, a resend): the last instalment
 * added to the award was added by the same person, with the same due date, amount and condition,
 * from the schedule this form was made from, and the schedule is that one plus this instalment
 * (nobody changed anything else since). Then the answer is the first one, and nothing is added again.
 */
function sameAddAgain(
  tx: Tx,
  staff: Staff,
  schedule: PaymentSchedule,
  fingerprint: string,
  after: { dueDate: string; amountPence: number; condition: string | null; conditionReturnId: number | null }
): number | null {
  const last = tx
    .select()
    .from(schema.auditEvents)
    .where(
      and(
        eq(schema.auditEvents.entityType, "award"),
        eq(schema.auditEvents.entityId, schedule.file.award.id),
        eq(schema.auditEvents.action, "payment.instalment_added")
      )
    )
    .orderBy(desc(schema.auditEvents.id))
    .limit(1)
    .get();
  if (!last || last.actorUserId !== staff.id) return null;
  const d = (last.details ?? {}) as { paymentId?: number; fingerprintBefore?: string };
  if (d.fingerprintBefore !== fingerprint) return null;
  const added = schedule.file.payments.find((p) => p.id === d.paymentId);
  if (
    !added ||
    added.status !== "scheduled" ||
    added.dueDate !== after.dueDate ||
    added.amountPence !== after.amountPence ||
    added.condition !== after.condition ||
    added.conditionReturnId !== after.conditionReturnId
  ) {
    return null;
  }
  const without = schedule.file.payments.filter((p) => p.id !== added.id);
  return scheduleFingerprint(schedule.file.award, without) === fingerprint ? added.id : null;
}

/** Refuses a schedule that would come to more than the award, with the numbers. */
function overAward(schedule: PaymentSchedule, othersPence: number, amountPence: number): PaymentRefusal | null {
  const award = schedule.file.award.amountPence;
  const total = othersPence + amountPence;
  if (total <= award) return null;
  const room = Math.max(0, award - othersPence);
  return {
    ok: false,
    status: 409,
    field: "amount",
    message:
      `The instalments would come to ${formatMoney(total)}, which is ${formatMoney(total - award)} more than the award of ${formatMoney(award)}. ` +
      (room > 0 ? `This instalment can be ${formatMoney(room)} at most.` : "Change or cancel another instalment first."),
  };
}

const describe = (p: Pick<Payment, "instalment" | "amountPence" | "dueDate" | "condition">) =>
  `instalment ${p.instalment} of ${formatMoney(p.amountPence)} due on ${formatDate(p.dueDate)}${
    p.condition ? ` (${p.condition.replace(/^After/, "after")})` : ""
  }`;

const snapshot = (p: Pick<Payment, "instalment" | "dueDate" | "amountPence" | "condition" | "conditionReturnId" | "status">) => ({
  instalment: p.instalment,
  dueDate: p.dueDate,
  amountPence: p.amountPence,
  condition: p.condition,
  conditionReturnId: p.conditionReturnId,
  status: p.status,
});

/** Adds an instalment at the end of the schedule, numbered after every earlier one (cancelled ones too). */
export function addInstalment(
  staff: Staff,
  awardId: number,
  input: InstalmentInput,
  expect: { fingerprint?: string } = {},
  now = new Date()
): ScheduleResult {
  return transaction((tx): ScheduleResult => {
    const schedule = openSchedule(tx, staff, awardId, now);
    if ("ok" in schedule) return schedule;
    const closed = refuseClosed(schedule);
    if (closed) return closed;
    const condition = conditionOf(input.condition, schedule.file);
    if ("ok" in condition) return condition;
    if (expect.fingerprint !== undefined && expect.fingerprint !== schedule.fingerprint) {
      // The same form again gets the first answer; anything else made from an older schedule is stale.
      const again = sameAddAgain(tx, staff, schedule, expect.fingerprint, { dueDate: input.dueDate, amountPence: input.amountPence, ...condition });
      if (again !== null) return { ok: true, changed: false, paymentId: again };
      return { ok: false, status: 409, message: STALE };
    }
    const over = overAward(schedule, schedule.paidPence + schedule.scheduledPence, input.amountPence);
    if (over) return over;
    const added = tx
      .insert(schema.payments)
      .values({
        awardId,
        instalment: schedule.nextInstalment,
        dueDate: input.dueDate,
        amountPence: input.amountPence,
        ...condition,
      })
      .returning()
      .get();
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "payment.instalment_added",
      entityType: "award",
      entityId: awardId,
      summary: `Added ${describe(added)}`,
      details: { paymentId: added.id, after: snapshot(added), fingerprintBefore: schedule.fingerprint },
    });
    return { ok: true, changed: true, paymentId: added.id };
  });
}

/** Changes a scheduled (unpaid) instalment's due date, amount or condition. */
export function changeInstalment(
  staff: Staff,
  awardId: number,
  paymentId: number,
  input: InstalmentInput,
  expect: { fingerprint?: string } = {},
  now = new Date()
): ScheduleResult {
  return transaction((tx): ScheduleResult => {
    const schedule = openSchedule(tx, staff, awardId, now);
    if ("ok" in schedule) return schedule;
    const before = schedule.rows.find((r) => r.id === paymentId);
    if (!before) return { ok: false, status: 404, message: "Page not found." };
    if (before.status !== "scheduled") {
      return {
        ok: false,
        status: 409,
        message: `Instalment ${before.instalment} is ${before.status === "paid" ? "paid" : "cancelled"}, so it can no longer be changed.`,
      };
    }
    const closed = refuseClosed(schedule);
    if (closed) return closed;
    const condition = conditionOf(input.condition, schedule.file);
    if ("ok" in condition) return condition;
    const after = {
      dueDate: input.dueDate,
      amountPence: input.amountPence,
      ...condition,
    };
    if (
      after.dueDate === before.dueDate &&
      after.amountPence === before.amountPence &&
      after.condition === before.condition &&
      after.conditionReturnId === before.conditionReturnId
    ) {
      // Already as asked (the same form sent twice, say): nothing to change, whatever changed since.
      return { ok: true, changed: false, paymentId };
    }
    const stale = refuseStale(schedule, expect.fingerprint);
    if (stale) return stale;
    const over = overAward(schedule, schedule.paidPence + schedule.scheduledPence - before.amountPence, input.amountPence);
    if (over) return over;
    const changed = tx
      .update(schema.payments)
      .set(after)
      .where(and(eq(schema.payments.id, paymentId), eq(schema.payments.status, "scheduled")))
      .run();
    if (changed.changes !== 1) return { ok: false, status: 409, message: STALE };
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "payment.instalment_changed",
      entityType: "award",
      entityId: awardId,
      summary: `Changed ${describe(before)} to ${formatMoney(after.amountPence)} due on ${formatDate(after.dueDate)}${
        after.condition ? ` (${after.condition.replace(/^After/, "after")})` : ""
      }`,
      details: {
        paymentId,
        before: snapshot(before),
        after: snapshot({ ...before, ...after }),
      },
    });
    return { ok: true, changed: true, paymentId };
  });
}

/** Cancels a scheduled (unpaid) instalment. It stays in the schedule, marked cancelled; its number is not reused. */
export function cancelInstalment(
  staff: Staff,
  awardId: number,
  paymentId: number,
  reason: string,
  expect: { fingerprint?: string } = {},
  now = new Date()
): ScheduleResult {
  return transaction((tx): ScheduleResult => {
    const schedule = openSchedule(tx, staff, awardId, now);
    if ("ok" in schedule) return schedule;
    const before = schedule.rows.find((r) => r.id === paymentId);
    if (!before) return { ok: false, status: 404, message: "Page not found." };
    if (before.status === "cancelled") return { ok: true, changed: false, paymentId };
    if (before.status !== "scheduled")
      return {
        ok: false,
        status: 409,
        message: `Instalment ${before.instalment} is paid, so it cannot be cancelled.`,
      };
    const refused = refuseChange(schedule, expect.fingerprint);
    if (refused) return refused;
    const cancelled = tx
      .update(schema.payments)
      .set({ status: "cancelled" })
      .where(and(eq(schema.payments.id, paymentId), eq(schema.payments.status, "scheduled")))
      .run();
    if (cancelled.changes !== 1) return { ok: false, status: 409, message: STALE };
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "payment.instalment_cancelled",
      entityType: "award",
      entityId: awardId,
      summary: `Cancelled ${describe(before)}. Reason: ${reason}`,
      details: { paymentId, before: snapshot(before), reason },
    });
    // The last instalment left to pay, cancelled with every return accepted: the award is done.
    completeAwardIfDone(tx, awardId, staff.id, now);
    return { ok: true, changed: true, paymentId };
  });
}

// ---------------------------------------------------------------------------------------------
// Recording a payment
// ---------------------------------------------------------------------------------------------

/** Why this instalment cannot be paid now (already paid, cancelled, award not accepted, waiting for a return), or null. */
export function whyNotRecordable(schedule: PaymentSchedule, row: ScheduleRow): string | null {
  if (row.status === "paid") {
    return (
      `Instalment ${row.instalment} has already been paid: ${row.recordedByName ?? "someone"} recorded a payment of ${formatMoney(
        row.paidAmountPence ?? row.amountPence
      )}` +
      `${row.paidOn ? ` made on ${formatDate(row.paidOn)}` : ""}${
        row.recordedAt ? `, on ${formatDateTime(row.recordedAt)}` : ""
      }. It has not been recorded again.`
    );
  }
  if (row.status === "cancelled") return `Instalment ${row.instalment} was cancelled, so it cannot be paid.`;
  if (schedule.whyNotPayable) return schedule.whyNotPayable;
  if (row.conditionReturn && row.conditionReturn.status !== "accepted") {
    return `This instalment is paid after the ${row.conditionReturn.title.toLowerCase()} is accepted. That return is ${RETURN_STATUS_TEXT[
      row.conditionReturn.status
    ].toLowerCase()}.`;
  }
  return null;
}

/**
 * Records that an instalment was paid. Idempotent: the request key the page carried is stored
 * with the payment, and the same key again returns the first answer (`duplicate: true`) and
 * records and sends nothing. A paid instalment is never paid again, whatever the key.
 */
export function recordPayment(staff: Staff, awardId: number, paymentId: number, input: RecordPaymentInput, now = new Date()): RecordResult {
  if (!staff.isStaff)
    return {
      ok: false,
      status: 403,
      message: "Only staff can record payments.",
    };
  if (!REQUEST_KEY.test(input.requestKey))
    return {
      ok: false,
      status: 400,
      message: "This form has expired. Open the page again to record the payment.",
    };
  return transaction((tx): RecordResult => {
    const payment = tx.select().from(schema.payments).where(eq(schema.payments.id, paymentId)).get();
    if (!payment || payment.awardId !== awardId) return { ok: false, status: 404, message: "Page not found." };
    // The same form again: the answer it had the first time.
    const sent = tx.select().from(schema.payments).where(eq(schema.payments.requestKey, input.requestKey)).get();
    if (sent) {
      if (sent.id === payment.id) return { ok: true, paymentId, duplicate: true };
      return {
        ok: false,
        status: 409,
        message: "This form was already used to record another payment. Open the page again to record this one.",
      };
    }
    const schedule = scheduleOf(loadAward(awardId, tx)!, now, tx);
    const row = schedule.rows.find((r) => r.id === paymentId)!;
    const why = whyNotRecordable(schedule, row);
    if (why) return { ok: false, status: 409, message: why };
    const file = schedule.file;
    if (!input.paidOn)
      return {
        ok: false,
        status: 400,
        message: "Enter the date the payment was made",
        field: "paidDay",
      };
    if (input.paidOn > ukDate(0, now))
      return {
        ok: false,
        status: 400,
        message: "Date paid must be today or in the past",
        field: "paidDay",
      };
    if (input.paidAmountPence !== payment.amountPence) {
      return {
        ok: false,
        status: 400,
        field: "amountPaid",
        message: `Amount paid must be the instalment's amount, ${formatMoney(
          payment.amountPence
        )}. To pay a different amount, change the instalment first`,
      };
    }
    const remittanceReference = input.remittanceReference?.trim() || null;
    const claimed = tx
      .update(schema.payments)
      .set({
        status: "paid",
        paidOn: input.paidOn,
        paidAmountPence: input.paidAmountPence,
        remittanceReference,
        recordedById: staff.id,
        recordedAt: now,
        requestKey: input.requestKey,
      })
      .where(and(eq(schema.payments.id, paymentId), eq(schema.payments.status, "scheduled")))
      .run();
    if (claimed.changes !== 1)
      return {
        ok: false,
        status: 409,
        message: `Instalment ${payment.instalment} has already been paid. It has not been recorded again.`,
      };
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "payment.recorded",
      entityType: "award",
      entityId: awardId,
      summary: `Payment of ${formatMoney(input.paidAmountPence)} recorded for instalment ${payment.instalment}, paid on ${formatDate(input.paidOn)}${
        remittanceReference ? ` (remittance reference ${remittanceReference})` : ""
      }`,
      details: {
        paymentId,
        instalment: payment.instalment,
        paidOn: input.paidOn,
        paidAmountPence: input.paidAmountPence,
        remittanceReference,
      },
    });
    const appUrl = getSettings().appUrl;
    for (const member of membersOf(tx, file.organisation.id)) {
      enqueueEmail(tx, {
        to: member.email,
        template: "payment-made",
        data: {
          name: member.name,
          reference: file.application.reference ?? "",
          title: file.application.title ?? "",
          organisationName: file.organisation.name,
          instalment: payment.instalment,
          amountPence: input.paidAmountPence,
          paidOn: input.paidOn,
          remittanceReference,
          awardUrl: `${appUrl}/awards/${awardId}`,
        },
        dedupeKey: `payment-made:${paymentId}:${member.id}`,
      });
    }
    // The last instalment paid, with every return accepted: the award is done.
    completeAwardIfDone(tx, awardId, staff.id, now);
    return { ok: true, paymentId, duplicate: false };
  });
}

// ---------------------------------------------------------------------------------------------
// A round's budget
// ---------------------------------------------------------------------------------------------

export type BudgetRow = {
  awardId: number;
  reference: string | null;
  title: string | null;
  organisationName: string;
  status: Award["status"];
  /** Whether the award counts (offered, accepted or completed). */
  live: boolean;
  amountPence: number;
  paidPence: number;
  /** What is left to pay on a live award (0 for a declined or withdrawn one). */
  stillToPayPence: number;
  /** Its instalments that can be paid now (state "due"). */
  duePence: number;
  /** Its instalments due by now but waiting for a return to be accepted. */
  waitingPence: number;
  /** The earliest scheduled instalment of a live award. */
  nextDueDate: string | null;
};

export type CycleBudget = {
  cycle: {
    id: number;
    name: string;
    budgetPence: number;
    referenceYear: number;
  };
  programme: { name: string; referencePrefix: string };
  /** Offered, accepted and completed awards. */
  awardedPence: number;
  awardCount: number;
  /** Of which offered, not yet accepted. */
  offeredPence: number;
  /** Every payment made, declined and withdrawn awards' too. */
  paidPence: number;
  /** Of which on awards that were later declined or withdrawn. */
  paidOnEndedPence: number;
  /** Scheduled instalments of accepted awards that can be paid now: due on or before today, any return they wait for accepted (state "due"). */
  duePence: number;
  /** Scheduled instalments of accepted awards due on or before today that still wait for a return to be accepted. */
  waitingPence: number;
  /** The other scheduled instalments of live awards. */
  scheduledLaterPence: number;
  /** What live awards still have to be paid that is in no instalment yet. */
  notScheduledPence: number;
  /** What live awards still have to be paid: due + waiting + scheduled later + not scheduled. */
  stillToPayPence: number;
  /** Budget less awarded: negative when the round has awarded more than its budget. */
  leftToAwardPence: number;
  rows: BudgetRow[];
};

/** The round's money: its budget, what is awarded, paid, due and left, with a row per award. */
export function cycleBudget(cycleId: number, now = new Date(), tx: DbOrTx = db): CycleBudget | null {
  const found = tx
    .select({ cycle: schema.cycles, programme: schema.programmes })
    .from(schema.cycles)
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
    .where(eq(schema.cycles.id, cycleId))
    .get();
  if (!found) return null;
  const today = ukDate(0, now);
  const awards = tx
    .select({
      id: schema.awards.id,
      status: schema.awards.status,
      amountPence: schema.awards.amountPence,
      reference: schema.applications.reference,
      title: schema.applications.title,
      organisationName: schema.organisations.name,
    })
    .from(schema.awards)
    .innerJoin(schema.applications, eq(schema.applications.id, schema.awards.applicationId))
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
    .where(eq(schema.applications.cycleId, cycleId))
    .orderBy(asc(schema.applications.reference), asc(schema.awards.id))
    .all();
  const payments = awards.length
    ? tx
        .select()
        .from(schema.payments)
        .where(
          inArray(
            schema.payments.awardId,
            awards.map((a) => a.id)
          )
        )
        .orderBy(asc(schema.payments.dueDate), asc(schema.payments.instalment))
        .all()
    : [];
  const returns = awards.length
    ? tx
        .select({ id: schema.evaluationReturns.id, title: schema.evaluationReturns.title, status: schema.evaluationReturns.status })
        .from(schema.evaluationReturns)
        .where(
          inArray(
            schema.evaluationReturns.awardId,
            awards.map((a) => a.id)
          )
        )
        .all()
    : [];
  const returnById = new Map(returns.map((r) => [r.id, r]));
  /** Each instalment's state as the payments page shows it. */
  const stateOf = (p: Payment) => instalmentState(p, p.conditionReturnId ? returnById.get(p.conditionReturnId) ?? null : null, today).state;
  const totals = {
    awardedPence: 0,
    awardCount: 0,
    offeredPence: 0,
    paidPence: 0,
    paidOnEndedPence: 0,
    duePence: 0,
    waitingPence: 0,
    scheduledLaterPence: 0,
    notScheduledPence: 0,
    stillToPayPence: 0,
  };
  const rows = awards.map((a): BudgetRow => {
    const live = (LIVE_AWARD_STATUSES as readonly string[]).includes(a.status);
    const mine = payments.filter((p) => p.awardId === a.id);
    const paid = paidPence(mine);
    const scheduled = mine.filter((p) => p.status === "scheduled");
    totals.paidPence += paid;
    if (!live) {
      totals.paidOnEndedPence += paid;
      return {
        awardId: a.id,
        reference: a.reference,
        title: a.title,
        organisationName: a.organisationName,
        status: a.status,
        live,
        amountPence: a.amountPence,
        paidPence: paid,
        stillToPayPence: 0,
        duePence: 0,
        waitingPence: 0,
        nextDueDate: null,
      };
    }
    const stillToPayPence = Math.max(0, a.amountPence - paid);
    // Only an accepted award is paid; of its instalments due by today, those whose return is
    // not accepted yet wait (the same states as the payments page).
    const byNow = a.status === "accepted" ? scheduled.filter((p) => p.dueDate <= today) : [];
    const due = scheduledPence(byNow.filter((p) => stateOf(p) === "due"));
    const waiting = scheduledPence(byNow.filter((p) => stateOf(p) === "waiting"));
    const later = scheduledPence(scheduled) - due - waiting;
    totals.awardedPence += a.amountPence;
    totals.awardCount += 1;
    if (a.status === "offered") totals.offeredPence += a.amountPence;
    totals.duePence += due;
    totals.waitingPence += waiting;
    totals.scheduledLaterPence += later;
    totals.notScheduledPence += Math.max(0, stillToPayPence - due - waiting - later);
    totals.stillToPayPence += stillToPayPence;
    return {
      awardId: a.id,
      reference: a.reference,
      title: a.title,
      organisationName: a.organisationName,
      status: a.status,
      live,
      amountPence: a.amountPence,
      paidPence: paid,
      stillToPayPence,
      duePence: due,
      waitingPence: waiting,
      nextDueDate: scheduled[0]?.dueDate ?? null,
    };
  });
  return {
    cycle: {
      id: found.cycle.id,
      name: found.cycle.name,
      budgetPence: found.cycle.budgetPence,
      referenceYear: found.cycle.referenceYear,
    },
    programme: {
      name: found.programme.name,
      referencePrefix: found.programme.referencePrefix,
    },
    ...totals,
    leftToAwardPence: found.cycle.budgetPence - totals.awardedPence,
    rows,
  };
}
