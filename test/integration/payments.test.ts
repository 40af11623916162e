// Payments at the model level and through the staff pages' loaders and actions: an award's
// schedule and each instalment's state; adding, changing and cancelling instalments (staff only,
// only scheduled ones, numbers never reused, never more than the award, a stale page refused);
// recording a payment (staff only, the award accepted, the instalment's own award, its condition
// return accepted, the instalment's amount, not in the future), once however often the form is
// sent, with one audit event and one email per member; and the round's budget, checked against
// sums computed straight from the database with awards in every state.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { paymentMade } from "../../emails/payments";
import {
  addInstalment,
  cancelInstalment,
  changeInstalment,
  cycleBudget,
  instalmentState,
  paymentSchedule,
  recordPayment,
  scheduleFingerprint,
} from "~/models/payments.server";
import { completeAwardIfDone, loadAward } from "~/models/awards.server";
import { instalmentSchema, recordPaymentSchema, type InstalmentInput, type RecordPaymentInput } from "~/schemas/payment";
import { db, schema, sqlite, transaction } from "~/utils/db.server";
import { ukDate } from "~/utils/format";
import { action as instalmentAction, loader as instalmentPage } from "~/routes/staff.awards.$awardId.payments.$paymentId";
import { action as paymentsAction, loader as paymentsPage } from "~/routes/staff.awards.$awardId.payments._index";
import { loader as budgetPage } from "~/routes/staff.cycles.$cycleId.budget";
import { loader as budgetCsvRoute } from "~/routes/staff.cycles.$cycleId.budget[.]csv";
import { args, awardedRound, makeUser, postAs, requestAs, seeded, type AwardedRound } from "../support/awards";

beforeAll(seeded);

/** After the interim return's due date (1 October 3001) and the start (1 April 3001). */
const LATER = new Date("3001-11-01T12:00:00Z");
let keys = 0;
const key = () => `test-request-key-${++keys}-${Math.random().toString(36).slice(2, 10)}`;

const staffOf = (round: AwardedRound) => ({ id: round.staff.id, isStaff: true });

function accept(awardId: number) {
  db.update(schema.awards).set({ status: "accepted", respondedAt: new Date() }).where(eq(schema.awards.id, awardId)).run();
}

function setStatus(awardId: number, status: typeof schema.awards.$inferSelect.status) {
  db.update(schema.awards).set({ status }).where(eq(schema.awards.id, awardId)).run();
}

function acceptReturn(returnId: number) {
  db.update(schema.evaluationReturns).set({ status: "accepted", acceptedAt: new Date() }).where(eq(schema.evaluationReturns.id, returnId)).run();
}

const instalments = (awardId: number) =>
  db.select().from(schema.payments).where(eq(schema.payments.awardId, awardId)).orderBy(schema.payments.instalment).all();

const paymentN = (awardId: number, n: number) => instalments(awardId).find((p) => p.instalment === n)!;

const pay = (p: { amountPence: number }, o: Partial<RecordPaymentInput> = {}): RecordPaymentInput => ({
  requestKey: key(),
  paidOn: "3001-10-15",
  paidAmountPence: p.amountPence,
  remittanceReference: "BACS-0001",
  ...o,
});

const instalment = (o: Partial<InstalmentInput> = {}): InstalmentInput => ({
  dueDate: "3001-12-01",
  amountPence: 100_00,
  condition: { kind: "none" },
  ...o,
});

const fingerprintOf = (awardId: number) => paymentSchedule(awardId, LATER)!.fingerprint;

const events = (awardId: number, action: string) =>
  db
    .select()
    .from(schema.auditEvents)
    .where(and(eq(schema.auditEvents.entityType, "award"), eq(schema.auditEvents.entityId, awardId), eq(schema.auditEvents.action, action)))
    .all();

const paymentEmails = (to: string) =>
  db
    .select()
    .from(schema.outboxMessages)
    .where(and(eq(schema.outboxMessages.toAddress, to), eq(schema.outboxMessages.template, "payment-made")))
    .all();

/** A thrown Response's status (a loader or action refusing with 403 or 404). */
async function thrownStatus(work: Promise<unknown>): Promise<number> {
  try {
    await work;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
  throw new Error("Expected a refusal");
}

describe("an award's schedule", () => {
  it("lists the instalments in order with their state: scheduled, due, waiting for a return, paid and cancelled", () => {
    const round = awardedRound({ amounts: [5_000_00] });
    const { awardId } = round.awards[0]!;
    const early = paymentSchedule(awardId, new Date("3001-03-01T12:00:00Z"))!;
    const interim = early.file.returns.find((r) => r.kind === "interim")!;
    expect(early.rows.map((r) => [r.instalment, r.state, r.stateText])).toEqual([
      [1, "scheduled", "Scheduled"],
      [2, "waiting", "Waiting for the interim return to be accepted"],
    ]);
    expect(early.rows[1]!.conditionReturn).toMatchObject({ id: interim.id, status: "not_started" });
    expect(early).toMatchObject({ paidPence: 0, scheduledPence: 5_000_00, notInSchedulePence: 0, overSchedulePence: 0, nextInstalment: 3 });
    expect(early.whyNotPayable).toMatch(/not been accepted yet/);
    expect(early.whyNotChangeable).toBeNull();

    expect(paymentSchedule(awardId, LATER)!.rows[0]!.state).toBe("due");
    acceptReturn(interim.id);
    expect(paymentSchedule(awardId, LATER)!.rows[1]!.state).toBe("due");
    expect(instalmentState({ status: "paid", dueDate: "3001-01-01" }, null, "3001-02-01").state).toBe("paid");
    expect(instalmentState({ status: "cancelled", dueDate: "3001-01-01" }, null, "3001-02-01").state).toBe("cancelled");
    expect(instalmentState({ status: "scheduled", dueDate: "3001-02-01" }, null, "3001-02-01").state).toBe("due");
    expect(paymentSchedule(999_999)).toBeUndefined();
  });

  it("says how much of the award is not in the schedule yet once an instalment is cancelled, and never reuses its number", () => {
    const round = awardedRound({ amounts: [4_000_00] });
    const { awardId } = round.awards[0]!;
    const staff = staffOf(round);
    const second = paymentN(awardId, 2);
    const cancelled = cancelInstalment(staff, awardId, second.id, "The project changed", { fingerprint: fingerprintOf(awardId) }, LATER);
    expect(cancelled).toMatchObject({ ok: true, changed: true });
    const schedule = paymentSchedule(awardId, LATER)!;
    expect(schedule.notInSchedulePence).toBe(2_000_00);
    expect(schedule.rows[1]!.state).toBe("cancelled");
    expect(events(awardId, "payment.instalment_cancelled")[0]!.summary).toContain("The project changed");

    // Cancelled again (a double click): nothing more happens.
    expect(cancelInstalment(staff, awardId, second.id, "Again", {}, LATER)).toMatchObject({ ok: true, changed: false });

    const added = addInstalment(staff, awardId, instalment({ amountPence: 1_500_00 }), { fingerprint: schedule.fingerprint }, LATER);
    expect(added.ok).toBe(true);
    expect(instalments(awardId).map((p) => [p.instalment, p.status, p.amountPence])).toEqual([
      [1, "scheduled", 2_000_00],
      [2, "cancelled", 2_000_00],
      [3, "scheduled", 1_500_00],
    ]);
    expect(paymentSchedule(awardId, LATER)!.notInSchedulePence).toBe(500_00);
    expect(events(awardId, "payment.instalment_added")).toHaveLength(1);
  });
});

describe("changing the schedule", () => {
  it("is for staff only", () => {
    const round = awardedRound({ amounts: [2_000_00] });
    const { awardId, members } = round.awards[0]!;
    const member = { id: members[0]!.id, isStaff: false };
    const first = paymentN(awardId, 1);
    expect(addInstalment(member, awardId, instalment(), {}, LATER)).toMatchObject({ ok: false, status: 403 });
    expect(changeInstalment(member, awardId, first.id, instalment(), {}, LATER)).toMatchObject({ ok: false, status: 403 });
    expect(cancelInstalment(member, awardId, first.id, "x", {}, LATER)).toMatchObject({ ok: false, status: 403 });
    expect(instalments(awardId)).toHaveLength(2);
  });

  it("refuses more than the award, with the numbers, when adding or changing", () => {
    const round = awardedRound({ amounts: [3_000_00] });
    const { awardId } = round.awards[0]!;
    const staff = staffOf(round);
    const over = addInstalment(staff, awardId, instalment({ amountPence: 1 }), { fingerprint: fingerprintOf(awardId) }, LATER);
    expect(over).toMatchObject({ ok: false, status: 409, field: "amount" });
    expect(!over.ok && over.message).toBe(
      "The instalments would come to £3,000.01, which is £0.01 more than the award of £3,000. Change or cancel another instalment first."
    );
    const first = paymentN(awardId, 1);
    const bigger = changeInstalment(staff, awardId, first.id, instalment({ amountPence: 2_000_00 }), { fingerprint: fingerprintOf(awardId) }, LATER);
    expect(!bigger.ok && bigger.message).toBe(
      "The instalments would come to £3,500, which is £500 more than the award of £3,000. This instalment can be £1,500 at most."
    );
    expect(paymentN(awardId, 1).amountPence).toBe(1_500_00);

    // Smaller is fine, and the page then says what is not scheduled.
    const smaller = changeInstalment(
      staff,
      awardId,
      first.id,
      instalment({ amountPence: 1_000_00, dueDate: "3001-05-01" }),
      { fingerprint: fingerprintOf(awardId) },
      LATER
    );
    expect(smaller).toMatchObject({ ok: true, changed: true });
    expect(paymentN(awardId, 1)).toMatchObject({ amountPence: 1_000_00, dueDate: "3001-05-01", condition: null });
    expect(paymentSchedule(awardId, LATER)!.notInSchedulePence).toBe(500_00);
    const audit = events(awardId, "payment.instalment_changed");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ before: { amountPence: 1_500_00 }, after: { amountPence: 1_000_00 } });
    // The same change again changes nothing.
    expect(changeInstalment(staff, awardId, first.id, instalment({ amountPence: 1_000_00, dueDate: "3001-05-01" }), {}, LATER)).toMatchObject({
      ok: true,
      changed: false,
    });
  });

  it("sets a condition on a return of the award (its text made for it), or in words; never another award's return", () => {
    const round = awardedRound({ amounts: [3_000_00, 1_000_00] });
    const [mine, theirs] = round.awards as [AwardedRound["awards"][0], AwardedRound["awards"][0]];
    const staff = staffOf(round);
    const file = loadAward(mine.awardId)!;
    const final = file.returns.find((r) => r.kind === "final")!;
    const first = paymentN(mine.awardId, 1);
    expect(
      changeInstalment(
        staff,
        mine.awardId,
        first.id,
        instalment({ amountPence: 1_500_00, condition: { kind: "return", returnId: final.id } }),
        {},
        LATER
      ).ok
    ).toBe(true);
    expect(paymentN(mine.awardId, 1)).toMatchObject({ condition: "After the final return is accepted", conditionReturnId: final.id });
    expect(
      changeInstalment(
        staff,
        mine.awardId,
        first.id,
        instalment({ amountPence: 1_500_00, condition: { kind: "text", text: "After the launch event" } }),
        {},
        LATER
      ).ok
    ).toBe(true);
    expect(paymentN(mine.awardId, 1)).toMatchObject({ condition: "After the launch event", conditionReturnId: null });

    const otherReturn = loadAward(theirs.awardId)!.returns[0]!;
    const refused = changeInstalment(
      staff,
      mine.awardId,
      first.id,
      instalment({ amountPence: 1_500_00, condition: { kind: "return", returnId: otherReturn.id } }),
      {},
      LATER
    );
    expect(refused).toMatchObject({ ok: false, status: 400, field: "condition" });
  });

  it("changes and cancels only scheduled instalments of the award in the address", () => {
    const round = awardedRound({ amounts: [2_000_00, 2_000_00] });
    const [a, b] = round.awards as [AwardedRound["awards"][0], AwardedRound["awards"][0]];
    const staff = staffOf(round);
    const theirs = paymentN(b.awardId, 1);
    expect(changeInstalment(staff, a.awardId, theirs.id, instalment(), {}, LATER)).toMatchObject({ ok: false, status: 404 });
    expect(cancelInstalment(staff, a.awardId, theirs.id, "x", {}, LATER)).toMatchObject({ ok: false, status: 404 });
    expect(addInstalment(staff, 999_999, instalment(), {}, LATER)).toMatchObject({ ok: false, status: 404 });

    accept(a.awardId);
    const first = paymentN(a.awardId, 1);
    expect(recordPayment(staff, a.awardId, first.id, pay(first), LATER).ok).toBe(true);
    expect(changeInstalment(staff, a.awardId, first.id, instalment(), {}, LATER)).toMatchObject({
      ok: false,
      status: 409,
      message: "Instalment 1 is paid, so it can no longer be changed.",
    });
    expect(cancelInstalment(staff, a.awardId, first.id, "x", {}, LATER)).toMatchObject({ ok: false, status: 409 });
    expect(paymentN(a.awardId, 1).status).toBe("paid");
  });

  it("refuses a page whose schedule changed since it was opened (a colleague's change, or the same form twice)", () => {
    const round = awardedRound({ amounts: [3_000_00] });
    const { awardId } = round.awards[0]!;
    const staff = staffOf(round);
    const seen = fingerprintOf(awardId);
    const first = paymentN(awardId, 1);
    expect(changeInstalment(staff, awardId, first.id, instalment({ amountPence: 1_000_00 }), { fingerprint: seen }, LATER).ok).toBe(true);
    const add = addInstalment(staff, awardId, instalment({ amountPence: 100_00 }), { fingerprint: seen }, LATER);
    expect(add).toMatchObject({ ok: false, status: 409 });
    expect(!add.ok && add.message).toMatch(/changed after you opened this page/);
    expect(cancelInstalment(staff, awardId, paymentN(awardId, 2).id, "x", { fingerprint: seen }, LATER)).toMatchObject({ ok: false, status: 409 });
    // Added once with the fresh fingerprint; the same post again (a double click) gets the first
    // answer, not "someone else changed it", and adds nothing.
    const fresh = fingerprintOf(awardId);
    const once = addInstalment(staff, awardId, instalment({ amountPence: 100_00 }), { fingerprint: fresh }, LATER);
    expect(once).toMatchObject({ ok: true, changed: true });
    expect(addInstalment(staff, awardId, instalment({ amountPence: 100_00 }), { fingerprint: fresh }, LATER)).toEqual({
      ok: true,
      changed: false,
      paymentId: once.ok ? once.paymentId : -1,
    });
    expect(instalments(awardId)).toHaveLength(3);
    expect(events(awardId, "payment.instalment_added")).toHaveLength(1);
    // From the same page, but another instalment, or by someone else: stale, nothing added.
    expect(addInstalment(staff, awardId, instalment({ amountPence: 200_00 }), { fingerprint: fresh }, LATER)).toMatchObject({ ok: false, status: 409 });
    expect(addInstalment({ id: staff.id + 100_000, isStaff: true }, awardId, instalment({ amountPence: 100_00 }), { fingerprint: fresh }, LATER)).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(instalments(awardId)).toHaveLength(3);
    // The same change sent twice: the second finds the instalment already as asked, and says so
    // (not "changed after you opened this page").
    const before = fingerprintOf(awardId);
    const third = paymentN(awardId, 3);
    const change = instalment({ amountPence: 150_00 });
    expect(changeInstalment(staff, awardId, third.id, change, { fingerprint: before }, LATER)).toMatchObject({ ok: true, changed: true });
    expect(changeInstalment(staff, awardId, third.id, change, { fingerprint: before }, LATER)).toEqual({ ok: true, changed: false, paymentId: third.id });
    expect(events(awardId, "payment.instalment_changed")).toHaveLength(2);
    // The fingerprint follows the award's amount and state too.
    const award = loadAward(awardId)!.award;
    expect(scheduleFingerprint({ ...award, amountPence: award.amountPence + 1 }, instalments(awardId))).not.toBe(fingerprintOf(awardId));
  });

  it("is only for offered or accepted awards", () => {
    const round = awardedRound({ amounts: [1_000_00, 1_000_00, 1_000_00, 1_000_00] });
    const staff = staffOf(round);
    const [offered, accepted, declined, withdrawn] = round.awards.map((a) => a.awardId) as [number, number, number, number];
    accept(accepted);
    setStatus(declined, "declined");
    setStatus(withdrawn, "withdrawn");
    for (const awardId of [offered, accepted]) {
      expect(changeInstalment(staff, awardId, paymentN(awardId, 1).id, instalment({ amountPence: 400_00 }), {}, LATER).ok).toBe(true);
    }
    for (const [awardId, word] of [
      [declined, "declined"],
      [withdrawn, "withdrawn"],
    ] as const) {
      const first = paymentN(awardId, 1);
      expect(addInstalment(staff, awardId, instalment({ amountPence: 1 }), {}, LATER)).toMatchObject({ ok: false, status: 409 });
      const changed = changeInstalment(staff, awardId, first.id, instalment({ amountPence: 1 }), {}, LATER);
      expect(changed).toMatchObject({ ok: false, status: 409 });
      expect(!changed.ok && changed.message).toContain(word);
      expect(cancelInstalment(staff, awardId, first.id, "x", {}, LATER)).toMatchObject({ ok: false, status: 409 });
    }
    setStatus(accepted, "completed");
    expect(addInstalment(staff, accepted, instalment({ amountPence: 1 }), {}, LATER)).toMatchObject({ ok: false, status: 409 });
  });
});

describe("recording a payment", () => {
  it("records it once: the same request key again gives the first answer, with one row, one email per member and one audit event", () => {
    const round = awardedRound({ amounts: [6_000_00], members: 2 });
    const { awardId, members } = round.awards[0]!;
    const staff = staffOf(round);
    accept(awardId);
    const first = paymentN(awardId, 1);
    const input = pay(first, { remittanceReference: "REMIT-77" });
    const recorded = recordPayment(staff, awardId, first.id, input, LATER);
    expect(recorded).toEqual({ ok: true, paymentId: first.id, duplicate: false });
    const again = recordPayment(staff, awardId, first.id, input, LATER);
    expect(again).toEqual({ ok: true, paymentId: first.id, duplicate: true });

    expect(paymentN(awardId, 1)).toMatchObject({
      status: "paid",
      paidOn: "3001-10-15",
      paidAmountPence: 3_000_00,
      remittanceReference: "REMIT-77",
      recordedById: staff.id,
      requestKey: input.requestKey,
    });
    expect(db.select().from(schema.payments).where(eq(schema.payments.requestKey, input.requestKey)).all()).toHaveLength(1);
    const audit = events(awardId, "payment.recorded");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.summary).toContain("£3,000");
    for (const member of members) {
      const mail = paymentEmails(member.email);
      expect(mail).toHaveLength(1);
      expect(mail[0]!.subject).toBe(`Payment of £3,000 for ${round.awards[0]!.reference}`);
      expect(mail[0]!.text).toContain("Remittance reference: REMIT-77");
      expect(mail[0]!.text).toContain("15 October 3001");
      expect(mail[0]!.text).toContain("The money should reach your account within a few working days.");
      expect(mail[0]!.text).toContain(`http://portal.test/awards/${awardId}`);
    }

    // Another key (a fresh page) is refused: it was paid, by whom and when.
    const other = recordPayment(staff, awardId, first.id, pay(first), LATER);
    expect(other).toMatchObject({ ok: false, status: 409 });
    expect(!other.ok && other.message).toContain(
      `Instalment 1 has already been paid: ${round.staff.name} recorded a payment of £3,000 made on 15 October 3001, on`
    );
    // The key of one payment cannot record another.
    acceptReturn(loadAward(awardId)!.returns[0]!.id);
    const second = paymentN(awardId, 2);
    expect(recordPayment(staff, awardId, second.id, { ...input, paidAmountPence: second.amountPence }, LATER)).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(paymentN(awardId, 2).status).toBe("scheduled");
    expect(events(awardId, "payment.recorded")).toHaveLength(1);
    expect(paymentEmails(members[0]!.email)).toHaveLength(1);
  });

  it("is for staff only, and only for an instalment of the award in the address", () => {
    const round = awardedRound({ amounts: [1_000_00, 1_000_00] });
    const [a, b] = round.awards as [AwardedRound["awards"][0], AwardedRound["awards"][0]];
    accept(a.awardId);
    accept(b.awardId);
    const first = paymentN(a.awardId, 1);
    expect(recordPayment({ id: a.members[0]!.id, isStaff: false }, a.awardId, first.id, pay(first), LATER)).toMatchObject({ ok: false, status: 403 });
    expect(recordPayment(staffOf(round), b.awardId, first.id, pay(first), LATER)).toMatchObject({ ok: false, status: 404 });
    expect(recordPayment(staffOf(round), a.awardId, 999_999, pay(first), LATER)).toMatchObject({ ok: false, status: 404 });
    expect(recordPayment(staffOf(round), a.awardId, first.id, pay(first, { requestKey: "short" }), LATER)).toMatchObject({ ok: false, status: 400 });
    expect(paymentN(a.awardId, 1).status).toBe("scheduled");
  });

  it("is only for an accepted award: not offered, declined, withdrawn or completed", () => {
    const round = awardedRound({ amounts: [1_000_00, 1_000_00, 1_000_00, 1_000_00] });
    const staff = staffOf(round);
    const [offered, declined, withdrawn, completed] = round.awards.map((a) => a.awardId) as [number, number, number, number];
    setStatus(declined, "declined");
    setStatus(withdrawn, "withdrawn");
    setStatus(completed, "completed");
    const messages = {
      [offered]: "The offer has not been accepted yet, so no payment can be recorded. An award is paid once it is accepted.",
      [declined]: "The offer was declined, so no payment can be recorded.",
      [withdrawn]: "The award was withdrawn, so no payment can be recorded.",
      [completed]: "The award is completed, so no payment can be recorded.",
    };
    for (const [awardId, message] of Object.entries(messages)) {
      const first = paymentN(Number(awardId), 1);
      expect(recordPayment(staff, Number(awardId), first.id, pay(first), LATER)).toEqual({ ok: false, status: 409, message });
      expect(paymentN(Number(awardId), 1).status).toBe("scheduled");
    }
  });

  it("waits for the condition's return to be accepted, then pays", () => {
    const round = awardedRound({ amounts: [2_000_00] });
    const { awardId } = round.awards[0]!;
    const staff = staffOf(round);
    accept(awardId);
    const second = paymentN(awardId, 2);
    const interim = loadAward(awardId)!.returns.find((r) => r.kind === "interim")!;
    expect(recordPayment(staff, awardId, second.id, pay(second), LATER)).toEqual({
      ok: false,
      status: 409,
      message: "This instalment is paid after the interim return is accepted. That return is not started.",
    });
    db.update(schema.evaluationReturns).set({ status: "submitted" }).where(eq(schema.evaluationReturns.id, interim.id)).run();
    const submitted = recordPayment(staff, awardId, second.id, pay(second), LATER);
    expect(!submitted.ok && submitted.message).toBe("This instalment is paid after the interim return is accepted. That return is submitted.");
    acceptReturn(interim.id);
    expect(recordPayment(staff, awardId, second.id, pay(second), LATER)).toMatchObject({ ok: true, duplicate: false });
    expect(paymentN(awardId, 2).status).toBe("paid");
  });

  it("takes the instalment's amount only, a date not in the future, and refuses a cancelled instalment", () => {
    const round = awardedRound({ amounts: [2_000_00] });
    const { awardId } = round.awards[0]!;
    const staff = staffOf(round);
    accept(awardId);
    const first = paymentN(awardId, 1);
    const less = recordPayment(staff, awardId, first.id, pay(first, { paidAmountPence: 999_99 }), LATER);
    expect(less).toMatchObject({ ok: false, status: 400, field: "amountPaid" });
    expect(!less.ok && less.message).toBe(
      "Amount paid must be the instalment's amount, £1,000. To pay a different amount, change the instalment first"
    );
    expect(recordPayment(staff, awardId, first.id, pay(first, { paidAmountPence: 1_000_01 }), LATER)).toMatchObject({
      ok: false,
      field: "amountPaid",
    });
    expect(recordPayment(staff, awardId, first.id, pay(first, { paidOn: "3001-11-02" }), LATER)).toMatchObject({
      ok: false,
      status: 400,
      field: "paidDay",
    });
    expect(recordPayment(staff, awardId, first.id, pay(first, { paidOn: "3001-11-01" }), LATER).ok).toBe(true);

    const second = paymentN(awardId, 2);
    cancelInstalment(staff, awardId, second.id, "Not needed", {}, LATER);
    expect(recordPayment(staff, awardId, second.id, pay(second), LATER)).toMatchObject({
      ok: false,
      status: 409,
      message: "Instalment 2 was cancelled, so it cannot be paid.",
    });
  });
});

describe("the forms", () => {
  it("check an instalment: a real due date, an amount over £0, a condition chosen and, in words, given", () => {
    const ok = instalmentSchema.safeParse({ dueDay: "1", dueMonth: "4", dueYear: "3001", amount: "£1,250.50", condition: "return-12" });
    expect(ok.success && ok.data).toEqual({ dueDate: "3001-04-01", amountPence: 1_250_50, condition: { kind: "return", returnId: 12 } });
    const bad = instalmentSchema.safeParse({ dueDay: "31", dueMonth: "2", dueYear: "3001", amount: "0", condition: "text", conditionText: " " });
    expect(bad.success).toBe(false);
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toEqual({
      dueDay: "Due date must be a real date, like 1 4 2027",
      amount: "Amount must be more than £0",
      conditionText: "Enter the condition",
    });
    const blank = instalmentSchema.safeParse({});
    expect(Object.fromEntries(blank.error!.issues.map((i) => [i.path.join("."), i.message]))).toEqual({
      dueDay: "Enter the date the instalment is due",
      amount: "Enter the amount of the instalment",
      condition: "Select whether the instalment has a condition",
    });
  });

  it("check a payment: its key, a real date not in the future, an amount, and no bank details", () => {
    const today = ukDate().split("-");
    const ok = recordPaymentSchema.safeParse({
      requestKey: "k".repeat(32),
      paidDay: today[2],
      paidMonth: today[1],
      paidYear: today[0],
      amountPaid: "3000",
      remittanceReference: " R1 ",
    });
    expect(ok.success && ok.data).toEqual({ requestKey: "k".repeat(32), paidOn: ukDate(), paidAmountPence: 3_000_00, remittanceReference: "R1" });
    const tomorrow = ukDate(1).split("-");
    const bad = recordPaymentSchema.safeParse({
      paidDay: tomorrow[2],
      paidMonth: tomorrow[1],
      paidYear: tomorrow[0],
      amountPaid: "three thousand",
      remittanceReference: "GB29 NWBK 6016 1331 9268 19",
    });
    expect(Object.fromEntries(bad.error!.issues.map((i) => [i.path.join("."), i.message]))).toEqual({
      form: "This form has expired. Open the page again to record the payment.",
      paidDay: "Date paid must be today or in the past",
      amountPaid: "Amount paid must be an amount in pounds, like 1500 or 1500.50",
      remittanceReference: "Remittance reference must not contain bank details. Enter the reference from your finance system",
    });
  });

  it("email the grantee the payment without bank details", () => {
    const email = paymentMade({
      name: "Sam",
      reference: "CF-3001-0001",
      title: "Cook and eat",
      organisationName: "Sunrise",
      instalment: 1,
      amountPence: 3_000_00,
      paidOn: "3001-04-03",
      remittanceReference: null,
      awardUrl: "http://portal.test/awards/1",
    });
    expect(email.subject).toBe("Payment of £3,000 for CF-3001-0001");
    expect(JSON.stringify(email.body)).toContain("Remittance reference: none given");
  });
});

describe("the staff pages", () => {
  it("refuse anyone but staff, and an instalment of another award (404)", async () => {
    const round = awardedRound({ amounts: [1_000_00, 1_000_00] });
    const [a, b] = round.awards as [AwardedRound["awards"][0], AwardedRound["awards"][0]];
    const member = a.members[0]!;
    const theirs = paymentN(b.awardId, 1);
    const mine = paymentN(a.awardId, 1);
    expect(
      await thrownStatus(paymentsPage(args(await requestAs(member, `/staff/awards/${a.awardId}/payments`), { awardId: String(a.awardId) })))
    ).toBe(403);
    expect(
      await thrownStatus(
        instalmentPage(
          args(await requestAs(member, `/staff/awards/${a.awardId}/payments/${mine.id}`), { awardId: String(a.awardId), paymentId: String(mine.id) })
        )
      )
    ).toBe(403);
    expect(
      await thrownStatus(budgetPage(args(await requestAs(member, `/staff/cycles/${round.cycleId}/budget`), { cycleId: String(round.cycleId) })))
    ).toBe(403);
    expect(
      await thrownStatus(
        instalmentPage(
          args(await requestAs(round.staff, `/staff/awards/${a.awardId}/payments/${theirs.id}`), {
            awardId: String(a.awardId),
            paymentId: String(theirs.id),
          })
        )
      )
    ).toBe(404);
    const post = await postAs(round.staff, `/staff/awards/${a.awardId}/payments/${theirs.id}`, { intent: "record", requestKey: key() });
    expect(await thrownStatus(instalmentAction(args(post, { awardId: String(a.awardId), paymentId: String(theirs.id) }) as never))).toBe(404);
    expect(await thrownStatus(paymentsPage(args(await requestAs(round.staff, "/staff/awards/999999/payments"), { awardId: "999999" })))).toBe(404);
  });

  it("record a payment posted twice with the same key once, and show the record form only when it can be paid", async () => {
    const round = awardedRound({ amounts: [2_000_00] });
    const { awardId, members } = round.awards[0]!;
    accept(awardId);
    const first = paymentN(awardId, 1);
    const params = { awardId: String(awardId), paymentId: String(first.id) };
    const page = await (await instalmentPage(args(await requestAs(round.staff, `/staff/awards/${awardId}/payments/${first.id}`), params))).json();
    expect(page.mode).toBe("record");
    expect(page.whyNotRecord).toBeNull();
    expect(page.requestKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const today = ukDate().split("-");
    const form = {
      intent: "record",
      requestKey: page.requestKey,
      paidDay: today[2]!,
      paidMonth: today[1]!,
      paidYear: today[0]!,
      amountPaid: "1000",
      remittanceReference: "R-9",
    };
    for (let i = 0; i < 2; i++) {
      const response = (await instalmentAction(
        args(await postAs(round.staff, `/staff/awards/${awardId}/payments/${first.id}`, form), params) as never
      )) as Response;
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(`/staff/awards/${awardId}/payments?notice=payment-recorded`);
    }
    expect(paymentN(awardId, 1).status).toBe("paid");
    expect(paymentEmails(members[0]!.email)).toHaveLength(1);
    expect(events(awardId, "payment.recorded")).toHaveLength(1);
    // A fresh page (a new key) is refused, keeping what was typed, and says who recorded it.
    const fresh = await (await instalmentPage(args(await requestAs(round.staff, `/staff/awards/${awardId}/payments/${first.id}`), params))).json();
    expect(fresh.whyNotRecord).toContain("has already been paid");
    const refused = (await instalmentAction(
      args(await postAs(round.staff, `/staff/awards/${awardId}/payments/${first.id}`, { ...form, requestKey: fresh.requestKey }), params) as never
    )) as Response;
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ values: { remittanceReference: "R-9", amountPaid: "1000" } });

    // The second instalment waits for the interim return: the page says so instead of a form.
    const second = paymentN(awardId, 2);
    const waiting = await (
      await instalmentPage(
        args(await requestAs(round.staff, `/staff/awards/${awardId}/payments/${second.id}`), {
          awardId: String(awardId),
          paymentId: String(second.id),
        })
      )
    ).json();
    expect(waiting.whyNotRecord).toBe("This instalment is paid after the interim return is accepted. That return is not started.");
  });

  it("add an instalment through the payments page, refusing a wrong form with what was typed", async () => {
    const round = awardedRound({ amounts: [2_000_00] });
    const { awardId } = round.awards[0]!;
    const staff = round.staff;
    cancelInstalment(staffOf(round), awardId, paymentN(awardId, 2).id, "Paid in one go instead", {}, LATER);
    const params = { awardId: String(awardId) };
    const page = await (await paymentsPage(args(await requestAs(staff, `/staff/awards/${awardId}/payments`), params))).json();
    expect(page).toMatchObject({ notInSchedulePence: 1_000_00, nextInstalment: 3 });
    const form = { fingerprint: page.fingerprint, dueDay: "1", dueMonth: "6", dueYear: "3001", amount: "1500", condition: "none" };
    const over = (await paymentsAction(args(await postAs(staff, `/staff/awards/${awardId}/payments`, form), params) as never)) as Response;
    expect(over.status).toBe(409);
    expect(await over.json()).toMatchObject({ errors: { amount: expect.stringContaining("£500 more than the award") }, values: { amount: "1500" } });
    const added = (await paymentsAction(
      args(await postAs(staff, `/staff/awards/${awardId}/payments`, { ...form, amount: "1000" }), params) as never
    )) as Response;
    expect(added.status).toBe(302);
    expect(instalments(awardId).map((p) => [p.instalment, p.status, p.amountPence, p.dueDate])).toEqual([
      [1, "scheduled", 1_000_00, "3001-04-01"],
      [2, "cancelled", 1_000_00, "3001-10-01"],
      [3, "scheduled", 1_000_00, "3001-06-01"],
    ]);
    // The same post again (a double submit): the same answer, nothing added twice.
    const twice = (await paymentsAction(
      args(await postAs(staff, `/staff/awards/${awardId}/payments`, { ...form, amount: "1000" }), params) as never
    )) as Response;
    expect(twice.status).toBe(302);
    expect(instalments(awardId)).toHaveLength(3);
    // Another instalment from that old page: someone (here, the same person) changed the schedule since.
    const stale = (await paymentsAction(
      args(await postAs(staff, `/staff/awards/${awardId}/payments`, { ...form, amount: "900" }), params) as never
    )) as Response;
    expect(stale.status).toBe(409);
    expect(instalments(awardId)).toHaveLength(3);
  });
});

describe("a round's budget", () => {
  /** Sums straight from the database, without the model. */
  function independent(cycleId: number, today: string) {
    const one = (query: string, ...params: unknown[]) =>
      (sqlite
        .prepare(query)
        .pluck()
        .get(...params) as number | null) ?? 0;
    const ofRound = "select a.id from awards a join applications ap on ap.id = a.application_id where ap.cycle_id = ?";
    return {
      awardedPence: one(`select sum(amount_pence) from awards where status in ('offered','accepted','completed') and id in (${ofRound})`, cycleId),
      awardCount: one(`select count(*) from awards where status in ('offered','accepted','completed') and id in (${ofRound})`, cycleId),
      offeredPence: one(`select sum(amount_pence) from awards where status = 'offered' and id in (${ofRound})`, cycleId),
      paidPence: one(`select sum(paid_amount_pence) from payments where status = 'paid' and award_id in (${ofRound})`, cycleId),
      paidOnEndedPence: one(
        `select sum(p.paid_amount_pence) from payments p join awards a on a.id = p.award_id where p.status = 'paid' and a.status in ('declined','withdrawn') and a.id in (${ofRound})`,
        cycleId
      ),
      duePence: one(
        `select sum(p.amount_pence) from payments p join awards a on a.id = p.award_id left join evaluation_returns r on r.id = p.condition_return_id
           where p.status = 'scheduled' and a.status = 'accepted' and p.due_date <= ? and (r.id is null or r.status = 'accepted') and a.id in (${ofRound})`,
        today,
        cycleId
      ),
      waitingPence: one(
        `select sum(p.amount_pence) from payments p join awards a on a.id = p.award_id join evaluation_returns r on r.id = p.condition_return_id
           where p.status = 'scheduled' and a.status = 'accepted' and p.due_date <= ? and r.status <> 'accepted' and a.id in (${ofRound})`,
        today,
        cycleId
      ),
      scheduledLaterPence: one(
        `select sum(p.amount_pence) from payments p join awards a on a.id = p.award_id where p.status = 'scheduled' and a.status in ('offered','accepted','completed')
           and not (a.status = 'accepted' and p.due_date <= ?) and a.id in (${ofRound})`,
        today,
        cycleId
      ),
      budgetPence: one("select budget_pence from cycles where id = ?", cycleId),
    };
  }

  it("adds up, with awards in every state, against sums computed independently", async () => {
    // Offered; accepted with instalment 1 paid and 2 due; accepted with both due later; declined;
    // withdrawn after instalment 1 was paid; completed with both paid.
    const round = awardedRound({ amounts: [1_000_00, 2_000_00, 3_000_00, 4_000_00, 5_000_00, 6_000_00], budgetPence: 20_000_00 });
    const staff = staffOf(round);
    const [offered, acceptedDue, acceptedLater, declined, withdrawn, completed] = round.awards.map((a) => a.awardId) as number[] as [
      number,
      number,
      number,
      number,
      number,
      number
    ];
    const payAll = (awardId: number, ns: number[]) => {
      for (const n of ns) {
        const p = paymentN(awardId, n);
        if (p.conditionReturnId) acceptReturn(p.conditionReturnId);
        const done = recordPayment(staff, awardId, p.id, pay(p, { paidOn: "3001-10-20" }), LATER);
        if (!done.ok) throw new Error(done.message);
      }
    };
    accept(acceptedDue);
    payAll(acceptedDue, [1]);
    accept(acceptedLater);
    for (const n of [1, 2]) {
      changeInstalment(
        staff,
        acceptedLater,
        paymentN(acceptedLater, n).id,
        instalment({ amountPence: 1_500_00, dueDate: `3002-0${n}-01` }),
        {},
        LATER
      );
    }
    setStatus(declined, "declined");
    accept(withdrawn);
    payAll(withdrawn, [1]);
    setStatus(withdrawn, "withdrawn");
    accept(completed);
    payAll(completed, [1, 2]);
    setStatus(completed, "completed");
    // Part of the offered award is not in its schedule.
    cancelInstalment(staff, offered, paymentN(offered, 2).id, "Replanned", {}, LATER);

    const budget = cycleBudget(round.cycleId, LATER)!;
    const { budgetPence, ...sums } = independent(round.cycleId, "3001-11-01");
    expect(budget).toMatchObject({ ...sums, leftToAwardPence: budgetPence - sums.awardedPence });
    expect(budget.cycle.budgetPence).toBe(budgetPence);
    // The numbers themselves, worked by hand.
    expect(budget).toMatchObject({
      awardedPence: 12_000_00, // 1,000 + 2,000 + 3,000 + 6,000
      awardCount: 4,
      offeredPence: 1_000_00,
      paidPence: 1_000_00 + 2_500_00 + 6_000_00,
      paidOnEndedPence: 2_500_00,
      // Instalment 2 of the second award is due by now but waits for its interim return: not "due now".
      duePence: 0,
      waitingPence: 1_000_00,
      scheduledLaterPence: 500_00 + 3_000_00,
      notScheduledPence: 500_00,
      stillToPayPence: 1_000_00 + 1_000_00 + 3_000_00,
      leftToAwardPence: 8_000_00,
    });
    // Still to pay is due + scheduled later + not scheduled; the rows add up to the totals.
    expect(budget.stillToPayPence).toBe(budget.duePence + budget.waitingPence + budget.scheduledLaterPence + budget.notScheduledPence);
    const live = budget.rows.filter((r) => r.live);
    expect(live.reduce((s, r) => s + r.amountPence, 0)).toBe(budget.awardedPence);
    expect(budget.rows.reduce((s, r) => s + r.paidPence, 0)).toBe(budget.paidPence);
    expect(budget.rows.reduce((s, r) => s + r.stillToPayPence, 0)).toBe(budget.stillToPayPence);
    expect(budget.rows.map((r) => [r.reference, r.status, r.amountPence, r.paidPence, r.stillToPayPence, r.nextDueDate])).toEqual([
      [round.awards[0]!.reference, "offered", 1_000_00, 0, 1_000_00, "3001-04-01"],
      [round.awards[1]!.reference, "accepted", 2_000_00, 1_000_00, 1_000_00, "3001-10-01"],
      [round.awards[2]!.reference, "accepted", 3_000_00, 0, 3_000_00, "3002-01-01"],
      [round.awards[3]!.reference, "declined", 4_000_00, 0, 0, null],
      [round.awards[4]!.reference, "withdrawn", 5_000_00, 2_500_00, 0, null],
      [round.awards[5]!.reference, "completed", 6_000_00, 6_000_00, 0, null],
    ]);

    // Today, in 3001-04: only instalments due by then are due.
    const april = cycleBudget(round.cycleId, new Date("3001-04-15T12:00:00Z"))!;
    const aprilSums = independent(round.cycleId, "3001-04-15");
    expect(april).toMatchObject({ duePence: aprilSums.duePence, scheduledLaterPence: aprilSums.scheduledLaterPence });
    expect(april.duePence).toBe(0);
    // Once the interim return is accepted, that instalment is due now, as on the payments page.
    acceptReturn(paymentN(acceptedDue, 2).conditionReturnId!);
    const accepted = cycleBudget(round.cycleId, LATER)!;
    const { budgetPence: _, ...acceptedSums } = independent(round.cycleId, "3001-11-01");
    expect(accepted).toMatchObject({ ...acceptedSums, duePence: 1_000_00, waitingPence: 0 });
    expect(paymentSchedule(acceptedDue, LATER)!.rows.find((r) => r.instalment === 2)!.state).toBe("due");
    expect(accepted.rows.find((r) => r.awardId === acceptedDue)).toMatchObject({ duePence: 1_000_00, waitingPence: 0 });
    expect(cycleBudget(999_999)).toBeNull();

    // The page and its CSV (formula-safe), for staff.
    db.update(schema.organisations)
      .set({ name: '=HYPERLINK("http://evil.example")' })
      .where(eq(schema.organisations.id, round.awards[0]!.organisationId))
      .run();
    const page = await (
      await budgetPage(args(await requestAs(round.staff, `/staff/cycles/${round.cycleId}/budget`), { cycleId: String(round.cycleId) }))
    ).json();
    expect(page.awardedPence).toBe(12_000_00);
    expect(page.rows).toHaveLength(6);
    const csv = await (
      await budgetCsvRoute(args(await requestAs(round.staff, `/staff/cycles/${round.cycleId}/budget.csv`), { cycleId: String(round.cycleId) }))
    ).text();
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("Reference,Project,Organisation,Status,Counts in the totals,Amount (£),Paid (£),Still to pay (£),Next instalment due");
    expect(lines).toHaveLength(7);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(lines[5]).toBe(
      `${round.awards[4]!.reference},Project ${round.awards[4]!.reference},Grantee ${round.awards[4]!.reference},Withdrawn,No,5000,2500,0,`
    );
    const member = makeUser();
    expect(
      await thrownStatus(
        budgetCsvRoute(args(await requestAs(member, `/staff/cycles/${round.cycleId}/budget.csv`), { cycleId: String(round.cycleId) }))
      )
    ).toBe(403);
  });
});

describe("completing an award", () => {
  const acceptAllReturns = (awardId: number) => {
    for (const r of loadAward(awardId)!.returns) acceptReturn(r.id);
  };
  const completedMails = (to: string) =>
    db
      .select()
      .from(schema.outboxMessages)
      .where(and(eq(schema.outboxMessages.toAddress, to), eq(schema.outboxMessages.template, "award-completed")))
      .all();

  it("completes an accepted award when its last instalment is paid and every return is accepted, once", () => {
    const round = awardedRound({ amounts: [2_000_00], members: 2 });
    const a = round.awards[0]!;
    const staff = staffOf(round);
    accept(a.awardId);
    const first = paymentN(a.awardId, 1);
    expect(recordPayment(staff, a.awardId, first.id, pay(first), LATER).ok).toBe(true);
    // The interim return accepted and instalment 2 paid, but the final return is not accepted yet.
    const second = paymentN(a.awardId, 2);
    acceptReturn(second.conditionReturnId!);
    expect(recordPayment(staff, a.awardId, second.id, pay(second), LATER).ok).toBe(true);
    expect(loadAward(a.awardId)!.award.status).toBe("accepted");
    expect(events(a.awardId, "award.completed")).toHaveLength(0);
    // The final return accepted (the returns' review calls this in its transaction).
    acceptAllReturns(a.awardId);
    const version = loadAward(a.awardId)!.award.version;
    expect(transaction((tx) => completeAwardIfDone(tx, a.awardId, staff.id, LATER))).toBe(true);
    const award = loadAward(a.awardId)!.award;
    expect(award).toMatchObject({ status: "completed", version: version + 1 });
    expect(events(a.awardId, "award.completed")).toHaveLength(1);
    for (const m of a.members) {
      const mails = completedMails(m.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe(`Your award ${a.reference} is completed`);
    }
    // Again: nothing more.
    expect(transaction((tx) => completeAwardIfDone(tx, a.awardId, staff.id, LATER))).toBe(false);
    expect(loadAward(a.awardId)!.award.version).toBe(version + 1);
    expect(events(a.awardId, "award.completed")).toHaveLength(1);
  });

  it("completes it from recordPayment when the returns were accepted first, and from cancelling the last instalment", () => {
    const round = awardedRound({ amounts: [2_000_00, 2_000_00] });
    const [paid, cancelled] = round.awards.map((x) => x.awardId) as [number, number];
    const staff = staffOf(round);
    for (const awardId of [paid, cancelled]) {
      accept(awardId);
      acceptAllReturns(awardId);
      const first = paymentN(awardId, 1);
      expect(recordPayment(staff, awardId, first.id, pay(first), LATER).ok).toBe(true);
      expect(loadAward(awardId)!.award.status).toBe("accepted");
    }
    const last = paymentN(paid, 2);
    const key2 = key();
    expect(recordPayment(staff, paid, last.id, pay(last, { requestKey: key2 }), LATER)).toMatchObject({ ok: true, duplicate: false });
    expect(loadAward(paid)!.award.status).toBe("completed");
    expect(events(paid, "award.completed")).toHaveLength(1);
    // The same form again: the first answer, nothing more.
    expect(recordPayment(staff, paid, last.id, pay(last, { requestKey: key2 }), LATER)).toMatchObject({ ok: true, duplicate: true });
    expect(events(paid, "award.completed")).toHaveLength(1);

    expect(cancelInstalment(staff, cancelled, paymentN(cancelled, 2).id, "Underspent", {}, LATER)).toMatchObject({ ok: true, changed: true });
    expect(loadAward(cancelled)!.award.status).toBe("completed");
    expect(events(cancelled, "award.completed")).toHaveLength(1);
    // A completed award's schedule no longer changes.
    expect(addInstalment(staff, cancelled, instalment(), {}, LATER)).toMatchObject({ ok: false, status: 409 });
  });

  it("leaves an offered award, and an accepted one with a return not accepted or an instalment to pay", () => {
    const round = awardedRound({ amounts: [1_000_00, 1_000_00, 1_000_00] });
    const [offered, returnOpen, toPay] = round.awards.map((x) => x.awardId) as [number, number, number];
    const staff = staffOf(round);
    for (const id of [offered, returnOpen, toPay]) acceptAllReturns(id);
    // Offered, nothing to pay: still not completed (only an accepted award completes).
    db.update(schema.payments).set({ status: "cancelled" }).where(eq(schema.payments.awardId, offered)).run();
    accept(returnOpen);
    db.update(schema.payments).set({ status: "cancelled" }).where(eq(schema.payments.awardId, returnOpen)).run();
    db.update(schema.evaluationReturns).set({ status: "submitted" }).where(eq(schema.evaluationReturns.id, loadAward(returnOpen)!.returns.at(-1)!.id)).run();
    accept(toPay);
    for (const id of [offered, returnOpen, toPay]) {
      expect(transaction((tx) => completeAwardIfDone(tx, id, staff.id, LATER))).toBe(false);
      expect(events(id, "award.completed")).toHaveLength(0);
    }
    expect(loadAward(toPay)!.award.status).toBe("accepted");
  });
});
