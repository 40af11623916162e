// The offer and the award's life at the model level, with every refusal: the grantee accepts
// (only a member, only while offered, only on the offer and the terms the page showed; a double
// submit sends nothing twice) or declines; staff vary (the amount no lower than paid, the last
// unpaid instalment taking the difference, return and instalment dates moving with the start,
// conditions kept met) or withdraw (unpaid instalments cancelled) an award, and publish new grant
// terms; the audit trail has the old and new values; each email goes once to each member. And
// the pages' loaders and actions: who is let in, and what a refused form answers.
import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  acceptOffer,
  awardHistory,
  cycleAwards,
  declineOffer,
  publishTerms,
  setConditionMet,
  varyAward,
  withdrawAward,
  type VaryInput,
} from "~/models/award-offers.server";
import { completeAwardIfDone, conditionTextFor, currentTerms, loadAward } from "~/models/awards.server";
import { cycleBudget } from "~/models/payments.server";
import { termsSchema, varySchema } from "~/schemas/award";
import { db, schema, transaction } from "~/utils/db.server";
import { action as acceptAction, loader as acceptPage } from "~/routes/awards.$awardId.accept";
import { loader as granteePage } from "~/routes/awards.$awardId._index";
import { action as staffAwardAction, loader as staffAwardPage } from "~/routes/staff.awards.$awardId._index";
import { action as varyAction } from "~/routes/staff.awards.$awardId.vary";
import { loader as roundAwardsPage } from "~/routes/staff.cycles.$cycleId.awards";
import { loader as applicantHome } from "~/routes/applicant";
import { awardedRound, args, makeUser, postAs, requestAs, seeded, type AwardedApplication } from "../support/awards";

beforeAll(seeded);

const member = (a: AwardedApplication, i = 0) => ({ id: a.members[i]!.id, organisationIds: [a.organisationId] });
const staffOf = (round: { staff: { id: number } }) => ({ id: round.staff.id, isStaff: true });

function outbox(template: string, to?: string) {
  return db
    .select()
    .from(schema.outboxMessages)
    .where(to ? and(eq(schema.outboxMessages.template, template), eq(schema.outboxMessages.toAddress, to)) : eq(schema.outboxMessages.template, template))
    .all();
}

function mailsFor(a: AwardedApplication, template: string) {
  return a.members.flatMap((m) => outbox(template, m.email));
}

function events(awardId: number, action: string) {
  return db
    .select()
    .from(schema.auditEvents)
    .where(and(eq(schema.auditEvents.entityType, "award"), eq(schema.auditEvents.entityId, awardId), eq(schema.auditEvents.action, action)))
    .all();
}

const termsIdOf = (awardId: number) => loadAward(awardId)!.terms!.id;
const versionOf = (awardId: number) => loadAward(awardId)!.award.version;

function accept(a: AwardedApplication, i = 0) {
  return acceptOffer(member(a, i), a.awardId, { version: versionOf(a.awardId), termsId: termsIdOf(a.awardId), confirm: true });
}

/** Marks an instalment paid, as staff recording a payment would (the payments model is tested on its own). */
function pay(awardId: number, instalment: number, pence?: number) {
  const p = db.select().from(schema.payments).where(and(eq(schema.payments.awardId, awardId), eq(schema.payments.instalment, instalment))).get()!;
  db.update(schema.payments)
    .set({ status: "paid", paidOn: p.dueDate, paidAmountPence: pence ?? p.amountPence, recordedAt: new Date() })
    .where(eq(schema.payments.id, p.id))
    .run();
}

/** A variation as the form would send it: the award as it is, with these changes. */
function variation(awardId: number, change: Partial<VaryInput> = {}): VaryInput {
  const file = loadAward(awardId)!;
  return {
    version: file.award.version,
    amountPence: file.award.amountPence,
    startDate: file.award.startDate!,
    endDate: file.award.endDate!,
    conditions: file.conditions.map((c) => c.text),
    reason: "The project changed",
    ...change,
  };
}

function setPlaceContact(email: string | null) {
  db.update(schema.place).set({ contactEmail: email }).where(eq(schema.place.id, 1)).run();
}

describe("accepting the offer", () => {
  it("records who, when and which terms, emails each member once and tells staff; a second press sends nothing", () => {
    setPlaceContact("grants@council.test");
    try {
      const round = awardedRound({ amounts: [5_000_00], members: 2 });
      const a = round.awards[0]!;
      const terms = currentTerms(round.programmeId)!;
      const at = new Date("2030-01-02T10:00:00Z");
      const result = acceptOffer(member(a, 1), a.awardId, { version: 1, termsId: terms.id, confirm: true }, at);
      expect(result).toEqual({ ok: true, changed: true });
      const award = loadAward(a.awardId)!.award;
      expect(award).toMatchObject({ status: "accepted", respondedById: a.members[1]!.id, acceptedTermsId: terms.id, grantTermsId: terms.id, version: 2 });
      expect(award.respondedAt?.toISOString()).toBe(at.toISOString());

      const audit = events(a.awardId, "award.accepted");
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actorUserId: a.members[1]!.id, details: { grantTermsId: terms.id, termsVersion: terms.version } });
      expect(audit[0]!.summary).toContain(`version ${terms.version}`);

      const mails = mailsFor(a, "award-accepted");
      expect(mails).toHaveLength(2);
      expect(mails[0]!.text).toContain("£5,000");
      expect(mails[0]!.text).toContain(`${terms.title}, version ${terms.version}`);
      expect(mails[0]!.text).toContain(`http://portal.test/awards/${a.awardId}`);
      expect(mails.every((m) => !/bank (account|details):/i.test(m.text) && !/sort code/i.test(m.text))).toBe(true);
      const note = outbox("award-response-staff", "grants@council.test").filter((m) => m.subject.includes(a.reference));
      expect(note).toHaveLength(1);
      expect(note[0]!.subject).toBe(`Offer accepted: ${a.reference}`);

      // The same form again (a double submit): the same confirmation, nothing twice.
      expect(acceptOffer(member(a, 1), a.awardId, { version: 1, termsId: terms.id, confirm: true })).toEqual({ ok: true, changed: false });
      expect(events(a.awardId, "award.accepted")).toHaveLength(1);
      expect(mailsFor(a, "award-accepted")).toHaveLength(2);
      expect(outbox("award-response-staff", "grants@council.test").filter((m) => m.subject.includes(a.reference))).toHaveLength(1);
      expect(versionOf(a.awardId)).toBe(2);
    } finally {
      setPlaceContact(null);
    }
  });

  it("sends no note to staff when the place has no contact email", () => {
    const round = awardedRound();
    const a = round.awards[0]!;
    expect(accept(a).ok).toBe(true);
    expect(outbox("award-response-staff").filter((m) => m.subject.includes(a.reference))).toHaveLength(0);
  });

  it("refuses anyone but a member of the applying organisation, staff included", () => {
    const round = awardedRound({ amounts: [1_000_00, 2_000_00] });
    const [mine, theirs] = round.awards as [AwardedApplication, AwardedApplication];
    const terms = termsIdOf(theirs.awardId);
    expect(acceptOffer(member(mine), theirs.awardId, { version: 1, termsId: terms, confirm: true })).toMatchObject({ ok: false, status: 403 });
    const staff = makeUser("staff");
    expect(acceptOffer({ id: staff.id, organisationIds: [] }, theirs.awardId, { version: 1, termsId: terms, confirm: true })).toMatchObject({ ok: false, status: 403 });
    expect(acceptOffer(member(mine), 999_999, { version: 1, termsId: terms, confirm: true })).toMatchObject({ ok: false, status: 404 });
    expect(loadAward(theirs.awardId)!.award.status).toBe("offered");
  });

  it("needs the box ticked", () => {
    const a = awardedRound().awards[0]!;
    expect(acceptOffer(member(a), a.awardId, { version: 1, termsId: termsIdOf(a.awardId), confirm: false })).toMatchObject({ ok: false, status: 400, field: "confirm" });
    expect(loadAward(a.awardId)!.award.status).toBe("offered");
  });

  it("refuses an offer varied since the page was opened (409), and accepts the new one", () => {
    const round = awardedRound({ amounts: [4_000_00] });
    const a = round.awards[0]!;
    const terms = termsIdOf(a.awardId);
    expect(varyAward(staffOf(round), a.awardId, variation(a.awardId, { amountPence: 3_000_00 })).ok).toBe(true);
    expect(loadAward(a.awardId)!.award.status).toBe("offered");
    const stale = acceptOffer(member(a), a.awardId, { version: 1, termsId: terms, confirm: true });
    expect(stale).toMatchObject({ ok: false, status: 409 });
    expect((stale as { message: string }).message).toMatch(/offer has changed/);
    expect(mailsFor(a, "award-accepted")).toHaveLength(0);
    expect(acceptOffer(member(a), a.awardId, { version: 2, termsId: terms, confirm: true })).toMatchObject({ ok: true, changed: true });
    expect(loadAward(a.awardId)!.award).toMatchObject({ status: "accepted", amountPence: 3_000_00 });
  });

  it("refuses terms older than the current version (409: read them again), and accepts on the new version", () => {
    const round = awardedRound({ programme: "health-equity-town-prize", amounts: [2_000_00] });
    const a = round.awards[0]!;
    const old = termsIdOf(a.awardId);
    const latest = currentTerms(round.programmeId)!;
    const published = publishTerms(staffOf(round), round.programmeId, { title: latest.title, body: `${latest.body}\n\n11. A new clause ${Math.random()}.` }, latest.version);
    expect(published).toMatchObject({ ok: true, changed: true, version: latest.version + 1 });
    // The open offer now shows the new version.
    const fresh = loadAward(a.awardId)!.terms!;
    expect(fresh.version).toBe(latest.version + 1);
    const stale = acceptOffer(member(a), a.awardId, { version: 1, termsId: old, confirm: true });
    expect(stale).toMatchObject({ ok: false, status: 409 });
    expect((stale as { message: string }).message).toMatch(/grant terms changed.*read them again/);
    expect(acceptOffer(member(a), a.awardId, { version: 1, termsId: fresh.id, confirm: true }).ok).toBe(true);
    const after = loadAward(a.awardId)!;
    expect(after.award.acceptedTermsId).toBe(fresh.id);
    expect(after.award.grantTermsId).toBe(fresh.id);
    expect(after.acceptedTerms!.version).toBe(latest.version + 1);
  });

  it("refuses an offer that is no longer open (409)", () => {
    const round = awardedRound({ amounts: [1_000_00, 1_000_00] });
    const [declined, withdrawn] = round.awards as [AwardedApplication, AwardedApplication];
    expect(declineOffer(member(declined), declined.awardId, { version: 1, reason: "We cannot run it" }).ok).toBe(true);
    expect(acceptOffer(member(declined), declined.awardId, { version: 2, termsId: termsIdOf(declined.awardId), confirm: true })).toMatchObject({ ok: false, status: 409 });
    expect(withdrawAward(staffOf(round), withdrawn.awardId, { version: 1, reason: "The group closed" }).ok).toBe(true);
    expect(acceptOffer(member(withdrawn), withdrawn.awardId, { version: 2, termsId: termsIdOf(withdrawn.awardId), confirm: true })).toMatchObject({ ok: false, status: 409 });
  });
});

describe("declining the offer", () => {
  it("needs a reason, closes the offer, cancels its instalments, emails each member once and tells staff", () => {
    setPlaceContact("grants@council.test");
    try {
      const round = awardedRound({ amounts: [3_000_00], members: 2 });
      const a = round.awards[0]!;
      expect(declineOffer(member(a), a.awardId, { version: 1, reason: "  " })).toMatchObject({ ok: false, status: 400, field: "reason" });
      expect(declineOffer(member(a), a.awardId, { version: 0, reason: "Our volunteers left" })).toMatchObject({ ok: false, status: 409 });
      const other = awardedRound().awards[0]!;
      expect(declineOffer(member(other), a.awardId, { version: 1, reason: "Not ours" })).toMatchObject({ ok: false, status: 403 });
      expect(declineOffer(member(a), a.awardId, { version: 1, reason: "Our volunteers left" })).toEqual({ ok: true, changed: true });
      const file = loadAward(a.awardId)!;
      expect(file.award).toMatchObject({ status: "declined", declineReason: "Our volunteers left", respondedById: a.members[0]!.id, version: 2 });
      expect(file.payments.map((p) => p.status)).toEqual(["cancelled", "cancelled"]);
      expect(events(a.awardId, "award.declined")).toHaveLength(1);
      expect(mailsFor(a, "award-declined")).toHaveLength(2);
      expect(mailsFor(a, "award-declined")[0]!.text).toContain("Our volunteers left");
      expect(outbox("award-response-staff", "grants@council.test").filter((m) => m.subject === `Offer declined: ${a.reference}`)).toHaveLength(1);
      // Again: the same confirmation, nothing twice.
      expect(declineOffer(member(a), a.awardId, { version: 1, reason: "Our volunteers left" })).toEqual({ ok: true, changed: false });
      expect(mailsFor(a, "award-declined")).toHaveLength(2);
      expect(events(a.awardId, "award.declined")).toHaveLength(1);
    } finally {
      setPlaceContact(null);
    }
  });
});

describe("varying an award", () => {
  it("is for staff only, on an open offer or an accepted award, on the version the page showed, with a reason", () => {
    const round = awardedRound({ amounts: [5_000_00, 5_000_00] });
    const [a, b] = round.awards as [AwardedApplication, AwardedApplication];
    const grantee = { id: a.members[0]!.id, isStaff: false };
    expect(varyAward(grantee, a.awardId, variation(a.awardId, { amountPence: 4_000_00 }))).toMatchObject({ ok: false, status: 403 });
    expect(varyAward(staffOf(round), 999_999, variation(a.awardId))).toMatchObject({ ok: false, status: 404 });
    expect(varyAward(staffOf(round), a.awardId, variation(a.awardId, { amountPence: 4_000_00, reason: "" }))).toMatchObject({ ok: false, status: 400, field: "reason" });
    expect(varyAward(staffOf(round), a.awardId, variation(a.awardId, { amountPence: 4_000_00, version: 7 }))).toMatchObject({ ok: false, status: 409 });
    expect(varyAward(staffOf(round), a.awardId, variation(a.awardId))).toMatchObject({ ok: false, status: 400 });
    expect(declineOffer(member(b), b.awardId, { version: 1, reason: "No" }).ok).toBe(true);
    expect(varyAward(staffOf(round), b.awardId, variation(b.awardId, { amountPence: 4_000_00 }))).toMatchObject({ ok: false, status: 409 });
    expect(loadAward(a.awardId)!.award).toMatchObject({ amountPence: 5_000_00, version: 1 });
    expect(events(a.awardId, "award.varied")).toHaveLength(0);
  });

  it("never goes below what has been paid", () => {
    const round = awardedRound({ amounts: [6_000_00] });
    const a = round.awards[0]!;
    accept(a);
    pay(a.awardId, 1); // £3,000
    const below = varyAward(staffOf(round), a.awardId, variation(a.awardId, { amountPence: 2_999_99 }));
    expect(below).toMatchObject({ ok: false, status: 400, field: "amount" });
    expect((below as { message: string }).message).toContain("£3,000 already paid");
  });

  it("lets the last unpaid instalment take the difference, or refuses and sends staff to the payment schedule", () => {
    const round = awardedRound({ amounts: [6_000_00], members: 2 });
    const a = round.awards[0]!;
    accept(a);
    pay(a.awardId, 1); // £3,000 paid; instalment 2 is £3,000
    expect(varyAward(staffOf(round), a.awardId, variation(a.awardId, { amountPence: 5_000_00, reason: "Less spend on food" }))).toMatchObject({ ok: true, changed: true });
    let file = loadAward(a.awardId)!;
    expect(file.award).toMatchObject({ amountPence: 5_000_00, status: "accepted", version: 3 });
    expect(file.payments.map((p) => [p.instalment, p.amountPence, p.status])).toEqual([
      [1, 3_000_00, "paid"],
      [2, 2_000_00, "scheduled"],
    ]);
    // Cutting it to £0 or below is refused, with the way to the schedule; nothing changes.
    const refused = varyAward(staffOf(round), a.awardId, variation(a.awardId, { amountPence: 3_000_00 }));
    expect(refused).toMatchObject({ ok: false, status: 409, field: "amount" });
    expect((refused as { message: string }).message).toMatch(/Change the payment schedule first/);
    file = loadAward(a.awardId)!;
    expect(file.award.amountPence).toBe(5_000_00);
    expect(file.payments[1]!.amountPence).toBe(2_000_00);
    // More money goes on the last unpaid instalment too.
    expect(varyAward(staffOf(round), a.awardId, variation(a.awardId, { amountPence: 7_500_50 })).ok).toBe(true);
    expect(loadAward(a.awardId)!.payments[1]!.amountPence).toBe(4_500_50);

    // The audit event has the old and new values and the reason; each member gets each change once.
    const varied = events(a.awardId, "award.varied");
    expect(varied).toHaveLength(2);
    expect(varied[0]!.details).toMatchObject({
      before: { amountPence: 6_000_00 },
      after: { amountPence: 5_000_00 },
      reason: "Less spend on food",
      instalments: [{ instalment: 2, fromPence: 3_000_00, toPence: 2_000_00 }],
    });
    expect(varied[0]!.summary).toContain("Amount: changed from £6,000 to £5,000");
    expect(varied[0]!.summary).toContain("Reason: Less spend on food");
    const mails = mailsFor(a, "award-varied");
    expect(mails).toHaveLength(4);
    expect(mails.filter((m) => m.text.includes("Less spend on food"))).toHaveLength(2);
    expect(mails[0]!.text).toContain("Amount: changed from £6,000 to £5,000");
  });

  it("leaves a schedule staff already changed to the new amount, and adds an instalment when none is left to pay", () => {
    const round = awardedRound({ amounts: [6_000_00, 2_000_00] });
    const [a, b] = round.awards as [AwardedApplication, AwardedApplication];
    // A: staff cut instalment 2 to £1,000 on the payments page first; the variation to £4,000 leaves it.
    accept(a);
    pay(a.awardId, 1);
    db.update(schema.payments).set({ amountPence: 1_000_00 }).where(and(eq(schema.payments.awardId, a.awardId), eq(schema.payments.instalment, 2))).run();
    expect(varyAward(staffOf(round), a.awardId, variation(a.awardId, { amountPence: 4_000_00 }))).toMatchObject({ ok: true, changed: true });
    expect(loadAward(a.awardId)!.payments.map((p) => p.amountPence)).toEqual([3_000_00, 1_000_00]);
    expect(events(a.awardId, "award.varied")[0]!.details).toMatchObject({ instalments: [] });

    // B: £1,000 paid, instalment 2 cancelled. Down to what is paid: nothing to take up.
    accept(b);
    pay(b.awardId, 1);
    db.update(schema.payments).set({ status: "cancelled" }).where(and(eq(schema.payments.awardId, b.awardId), eq(schema.payments.instalment, 2))).run();
    expect(varyAward(staffOf(round), b.awardId, variation(b.awardId, { amountPence: 1_000_00 })).ok).toBe(true);
    expect(loadAward(b.awardId)!.payments.map((p) => [p.amountPence, p.status])).toEqual([
      [1_000_00, "paid"],
      [1_000_00, "cancelled"],
    ]);
    // Up again, with nothing left to pay: a new instalment, due at the start (later than "now").
    const more = varyAward(staffOf(round), b.awardId, variation(b.awardId, { amountPence: 1_500_00 }), new Date("2030-06-01T12:00:00Z"));
    expect(more).toMatchObject({ ok: true, changed: true });
    const third = loadAward(b.awardId)!.payments[2]!;
    expect(third).toMatchObject({ instalment: 3, amountPence: 500_00, status: "scheduled", condition: null, dueDate: "3001-04-01" });
    expect(mailsFor(b, "award-varied")[1]!.text).toContain("Instalment 3 of £500 added, due on 1 April 3001");
  });

  it("moves the due dates of returns not yet sent, and of instalments waiting on them; others keep theirs", () => {
    const round = awardedRound({ amounts: [4_000_00] });
    const a = round.awards[0]!;
    accept(a);
    let file = loadAward(a.awardId)!;
    const [interim, final] = file.returns as [(typeof file.returns)[0], (typeof file.returns)[0]];
    // The final return was (oddly) submitted early: its date stays.
    db.update(schema.evaluationReturns).set({ status: "submitted", submittedAt: new Date() }).where(eq(schema.evaluationReturns.id, final.id)).run();
    expect(varyAward(staffOf(round), a.awardId, variation(a.awardId, { startDate: "3001-05-31", endDate: "3002-05-30", reason: "Started late" })).ok).toBe(true);
    file = loadAward(a.awardId)!;
    expect(file.award).toMatchObject({ startDate: "3001-05-31", endDate: "3002-05-30" });
    expect(file.returns.find((r) => r.id === interim.id)!.dueDate).toBe("3001-11-30");
    expect(file.returns.find((r) => r.id === final.id)!.dueDate).toBe("3002-04-01");
    // Instalment 1 (no condition) keeps its date; instalment 2 waits on the interim return: it moves.
    expect(file.payments.map((p) => [p.instalment, p.dueDate])).toEqual([
      [1, "3001-04-01"],
      [2, "3001-11-30"],
    ]);
    const [event] = events(a.awardId, "award.varied");
    expect(event!.details).toMatchObject({
      before: { startDate: "3001-04-01", endDate: "3002-03-31" },
      after: { startDate: "3001-05-31", endDate: "3002-05-30" },
      returnsMoved: [{ returnId: interim.id, from: "3001-10-01", to: "3001-11-30" }],
      paymentsMoved: [{ instalment: 2, from: "3001-10-01", to: "3001-11-30" }],
    });
    expect(mailsFor(a, "award-varied")[0]!.text).toContain("Interim return: now due on 30 November 3001 (was 1 October 3001)");
  });

  it("replaces the conditions, keeping those already met met; a double submit changes and sends nothing more", () => {
    const round = awardedRound();
    const a = round.awards[0]!;
    accept(a);
    const met = new Date("2030-02-01T09:00:00Z");
    db.update(schema.awardConditions).set({ metAt: met }).where(eq(schema.awardConditions.awardId, a.awardId)).run();
    const input = variation(a.awardId, { conditions: ["Send us your safeguarding policy", "Name a lead for each partner"], reason: "A partner joined" });
    expect(varyAward(staffOf(round), a.awardId, input)).toMatchObject({ ok: true, changed: true });
    const conditions = loadAward(a.awardId)!.conditions;
    expect(conditions.map((c) => [c.text, c.metAt?.toISOString() ?? null])).toEqual([
      ["Send us your safeguarding policy", met.toISOString()],
      ["Name a lead for each partner", null],
    ]);
    expect(events(a.awardId, "award.varied")[0]!.details).toMatchObject({
      before: { conditions: ["Send us your safeguarding policy"] },
      after: { conditions: ["Send us your safeguarding policy", "Name a lead for each partner"] },
    });
    // The same form again.
    expect(varyAward(staffOf(round), a.awardId, input)).toEqual({ ok: true, changed: false });
    expect(events(a.awardId, "award.varied")).toHaveLength(1);
    expect(mailsFor(a, "award-varied")).toHaveLength(1);
  });

  it("parses the form: pounds, dates, one condition per line, a reason", () => {
    const ok = varySchema.safeParse({
      amount: "£4,500.50",
      startDay: "1",
      startMonth: "5",
      startYear: "3001",
      endDay: "30",
      endMonth: "4",
      endYear: "3002",
      conditions: "- First\n\n• Second \r\n",
      reason: " Why ",
    });
    expect(ok.success && ok.data).toEqual({ amountPence: 4_500_50, startDate: "3001-05-01", endDate: "3002-04-30", conditions: ["First", "Second"], reason: "Why" });
    const bad = varySchema.safeParse({ amount: "lots", startDay: "31", startMonth: "2", startYear: "3001", endDay: "", endMonth: "", endYear: "", reason: "" });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(["amount", "startDay", "endDay", "reason"]);
  });
});

describe("withdrawing an award", () => {
  it("is for staff, cancels the unpaid instalments (paid money stays paid), emails each member once", () => {
    const round = awardedRound({ amounts: [6_000_00], members: 2 });
    const a = round.awards[0]!;
    accept(a);
    pay(a.awardId, 1);
    expect(withdrawAward({ id: a.members[0]!.id, isStaff: false }, a.awardId, { version: 2, reason: "x" })).toMatchObject({ ok: false, status: 403 });
    expect(withdrawAward(staffOf(round), a.awardId, { version: 2, reason: " " })).toMatchObject({ ok: false, status: 400, field: "reason" });
    expect(withdrawAward(staffOf(round), a.awardId, { version: 1, reason: "Stale" })).toMatchObject({ ok: false, status: 409 });
    expect(withdrawAward(staffOf(round), a.awardId, { version: 2, reason: "The project stopped" }, new Date("2030-03-03T10:00:00Z"))).toEqual({ ok: true, changed: true });
    const file = loadAward(a.awardId)!;
    expect(file.award).toMatchObject({ status: "withdrawn", withdrawnReason: "The project stopped", version: 3 });
    expect(file.award.withdrawnAt?.toISOString()).toBe("2030-03-03T10:00:00.000Z");
    expect(file.payments.map((p) => [p.instalment, p.status])).toEqual([
      [1, "paid"],
      [2, "cancelled"],
    ]);
    // The returns' rows stay (the return pages treat them as closed).
    expect(file.returns.map((r) => r.status)).toEqual(["not_started", "not_started"]);
    const [event] = events(a.awardId, "award.withdrawn");
    expect(event).toMatchObject({ summary: "The project stopped", details: { paidPence: 3_000_00, cancelledInstalments: [2], previousStatus: "accepted" } });
    const mails = mailsFor(a, "award-withdrawn");
    expect(mails).toHaveLength(2);
    expect(mails[0]!.text).toContain("£3,000 has already been paid");
    // Again (a double submit): nothing more; with the new version: refused, it is withdrawn.
    expect(withdrawAward(staffOf(round), a.awardId, { version: 2, reason: "The project stopped" })).toEqual({ ok: true, changed: false });
    expect(withdrawAward(staffOf(round), a.awardId, { version: 3, reason: "Again" })).toMatchObject({ ok: false, status: 409 });
    expect(mailsFor(a, "award-withdrawn")).toHaveLength(2);
    expect(varyAward(staffOf(round), a.awardId, variation(a.awardId, { amountPence: 4_000_00 }))).toMatchObject({ ok: false, status: 409 });
  });

  it("withdraws an open offer too", () => {
    const round = awardedRound();
    const a = round.awards[0]!;
    expect(withdrawAward(staffOf(round), a.awardId, { version: 1, reason: "Budget cut" }).ok).toBe(true);
    expect(loadAward(a.awardId)!.payments.every((p) => p.status === "cancelled")).toBe(true);
    expect(mailsFor(a, "award-withdrawn")[0]!.subject).toBe(`The offer for ${a.reference} has been withdrawn`);
  });
});

describe("publishing grant terms", () => {
  it("adds version max + 1, refuses non-staff, a stale page and unchanged terms; a double submit publishes once", () => {
    const round = awardedRound();
    const a = round.awards[0]!;
    const accepted = awardedRound().awards[0]!;
    accept(accepted);
    const before = currentTerms(round.programmeId)!;
    const input = { title: "Collaboration Fund grant terms", body: `${before.body}\n\nExtra ${Math.random()}` };
    expect(publishTerms({ id: a.members[0]!.id, isStaff: false }, round.programmeId, input, before.version)).toMatchObject({ ok: false, status: 403 });
    expect(publishTerms(staffOf(round), 999_999, input, 1)).toMatchObject({ ok: false, status: 404 });
    expect(publishTerms(staffOf(round), round.programmeId, input, before.version - 1)).toMatchObject({ ok: false, status: 409 });
    expect(publishTerms(staffOf(round), round.programmeId, { title: before.title, body: before.body }, before.version)).toMatchObject({ ok: false, status: 400, field: "body" });
    const done = publishTerms(staffOf(round), round.programmeId, input, before.version);
    expect(done).toMatchObject({ ok: true, changed: true, version: before.version + 1 });
    expect((done as { openOffers: number }).openOffers).toBeGreaterThanOrEqual(1);
    expect(publishTerms(staffOf(round), round.programmeId, input, before.version)).toMatchObject({ ok: true, changed: false, version: before.version + 1 });
    expect(currentTerms(round.programmeId)!.version).toBe(before.version + 1);
    const audit = db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.action, "grant_terms.published"), eq(schema.auditEvents.entityId, round.programmeId)))
      .all()
      .filter((e) => (e.details as { version: number }).version === before.version + 1);
    expect(audit).toHaveLength(1);
    // The open offer shows the new version; the accepted award keeps what it accepted.
    expect(loadAward(a.awardId)!.terms!.version).toBe(before.version + 1);
    expect(loadAward(accepted.awardId)!.terms!.version).toBe(before.version);
    expect(termsSchema.safeParse({ title: " ", body: "" }).success).toBe(false);
  });
});

describe("history and the round's awards", () => {
  it("shows the grantee what happened to their award, without staff's names or internal events", () => {
    const round = awardedRound();
    const a = round.awards[0]!;
    accept(a);
    expect(varyAward(staffOf(round), a.awardId, variation(a.awardId, { amountPence: 4_000_00, reason: "Smaller hall" })).ok).toBe(true);
    db.insert(schema.auditEvents)
      .values({ actorUserId: round.staff.id, action: "award.note_internal", entityType: "award", entityId: a.awardId, summary: "Staff only" })
      .run();
    const file = loadAward(a.awardId)!;
    const grantee = awardHistory(file, "grantee");
    expect(grantee.map((e) => e.title)).toEqual(["Award changed", "Offer accepted", "Offer made"]);
    expect(grantee[0]!.message).toContain("Reason: Smaller hall");
    expect(grantee[0]!.by).toBeNull();
    expect(grantee[1]!.by).toBe(a.members[0]!.name);
    const staff = awardHistory(file, "staff");
    expect(staff).toHaveLength(4);
    expect(staff.find((e) => e.title === "Award varied")!.by).toBe(round.staff.name);
  });

  it("lists a round's awards with what is paid, the next return and the totals", () => {
    const round = awardedRound({ amounts: [6_000_00, 2_000_00, 1_000_00] });
    const [a, b, c] = round.awards as [AwardedApplication, AwardedApplication, AwardedApplication];
    accept(a);
    pay(a.awardId, 1);
    declineOffer(member(b), b.awardId, { version: 1, reason: "No" });
    const found = cycleAwards(round.cycleId)!;
    expect(found.rows.map((r) => [r.reference, r.status, r.paidPence, r.nextReturn?.dueDate ?? null])).toEqual([
      [a.reference, "accepted", 3_000_00, "3001-10-01"],
      [b.reference, "declined", 0, null],
      [c.reference, "offered", 0, "3001-10-01"],
    ]);
    expect(found.totals).toMatchObject({ awardedPence: 7_000_00, paidPence: 3_000_00, offered: 1, accepted: 1, declined: 1 });
    // The same money as the round's budget: one source of truth.
    const budget = cycleBudget(round.cycleId)!;
    expect(found.totals).toMatchObject({ awardedPence: budget.awardedPence, paidPence: budget.paidPence });
    expect(found.rows.map((r) => [r.id, r.paidPence])).toEqual(budget.rows.map((r) => [r.awardId, r.paidPence]));
    expect(cycleAwards(999_999)).toBeNull();
  });
});

describe("the pages", () => {
  const status = async (p: Promise<unknown>) => {
    try {
      await p;
      return 200;
    } catch (e) {
      if (e instanceof Response) return e.status;
      throw e;
    }
  };

  it("lets a member see the offer; another organisation's member and staff get 403", async () => {
    const round = awardedRound({ amounts: [1_000_00, 1_000_00] });
    const [a, b] = round.awards as [AwardedApplication, AwardedApplication];
    const path = `/awards/${a.awardId}`;
    const page = await granteePage(args(await requestAs(a.members[0]!, path), { awardId: String(a.awardId) }));
    const data = await page.json();
    expect(data.award).toMatchObject({ status: "offered", reference: a.reference, amountPence: 1_000_00 });
    expect(data.award.terms?.version).toBeGreaterThanOrEqual(1);
    expect(await status(granteePage(args(await requestAs(b.members[0]!, path), { awardId: String(a.awardId) })))).toBe(403);
    expect(await status(granteePage(args(await requestAs(round.staff, path), { awardId: String(a.awardId) })))).toBe(403);
    expect(await status(acceptPage(args(await requestAs(round.staff, `${path}/accept`), { awardId: String(a.awardId) })))).toBe(403);
    expect(await status(granteePage(args(await requestAs(a.members[0]!, "/awards/999999"), { awardId: "999999" })))).toBe(404);
    // Staff pages: staff only.
    expect(await status(staffAwardPage(args(await requestAs(a.members[0]!, `/staff${path}`), { awardId: String(a.awardId) })))).toBe(403);
    expect(await status(staffAwardPage(args(await requestAs(round.staff, `/staff${path}`), { awardId: String(a.awardId) })))).toBe(200);
    expect(await status(roundAwardsPage(args(await requestAs(round.staff, `/staff/cycles/${round.cycleId}/awards`), { cycleId: String(round.cycleId) })))).toBe(200);
    // The applicant's home lists the award.
    const home = await (await applicantHome(args(await requestAs(a.members[0]!, "/applicant"), {}))).json();
    expect(home.awards.map((x: { id: number }) => x.id)).toContain(a.awardId);
  });

  it("answers an unticked box with 400 and a stale offer with 409, accepting nothing; a good post redirects with the banner", async () => {
    const round = awardedRound();
    const a = round.awards[0]!;
    const path = `/awards/${a.awardId}/accept`;
    const params = { awardId: String(a.awardId) };
    const terms = String(termsIdOf(a.awardId));
    const unticked = (await acceptAction(args(await postAs(a.members[0]!, path, { version: "1", termsId: terms }), params))) as Response;
    expect(unticked.status).toBe(400);
    expect((await unticked.json()).errors.confirm).toMatch(/read the grant terms/);
    const stale = (await acceptAction(args(await postAs(a.members[0]!, path, { version: "0", termsId: terms, confirm: "yes" }), params))) as Response;
    expect(stale.status).toBe(409);
    expect((await stale.json()).refused).toMatch(/offer has changed/);
    expect(loadAward(a.awardId)!.award.status).toBe("offered");
    const done = (await acceptAction(args(await postAs(a.members[0]!, path, { version: "1", termsId: terms, confirm: "yes" }), params))) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`/awards/${a.awardId}?notice=offer-accepted`);
    const again = (await acceptAction(args(await postAs(a.members[0]!, path, { version: "1", termsId: terms, confirm: "yes" }), params))) as Response;
    expect(again.headers.get("location")).toBe(`/awards/${a.awardId}?notice=offer-accepted`);
    expect(mailsFor(a, "award-accepted")).toHaveLength(1);
  });

  it("keeps what staff typed when a variation is refused", async () => {
    const round = awardedRound({ amounts: [2_000_00] });
    const a = round.awards[0]!;
    const path = `/staff/awards/${a.awardId}/vary`;
    const form = { version: "1", amount: "0.50", startDay: "1", startMonth: "4", startYear: "3001", endDay: "31", endMonth: "3", endYear: "3002", conditions: "", reason: "Typed reason" };
    // £2,000 → £0.50: instalment 2 (£1,000) cannot take a cut of £1,999.50.
    const refused = (await varyAction(args(await postAs(round.staff, path, form), { awardId: String(a.awardId) }))) as Response;
    expect(refused.status).toBe(409);
    const body = await refused.json();
    expect(body.errors.amount).toMatch(/payment schedule/);
    expect(body.values).toMatchObject({ amount: "0.50", reason: "Typed reason" });
    const grantee = (await status(varyAction(args(await postAs(a.members[0]!, path, form), { awardId: String(a.awardId) }))));
    expect(grantee).toBe(403);
    expect(db.select().from(schema.outboxMessages).where(like(schema.outboxMessages.template, "award-varied")).all().filter((m) => m.toAddress === a.members[0]!.email)).toHaveLength(0);
  });
});

describe("conditions met", () => {
  const conditionOf = (awardId: number) => loadAward(awardId)!.conditions[0]!;

  it("lets staff mark a condition met and undo it, carrying the award's version, audited on the award", () => {
    const round = awardedRound({ amounts: [1_000_00, 1_000_00] });
    const [a, b] = round.awards as [AwardedApplication, AwardedApplication];
    const staff = staffOf(round);
    const c = conditionOf(a.awardId);
    expect(c.metAt).toBeNull();
    const v = versionOf(a.awardId);
    const now = new Date("3001-05-02T10:00:00Z");
    expect(setConditionMet(staff, a.awardId, c.id, { met: true, version: v }, now)).toEqual({ ok: true, changed: true });
    expect(conditionOf(a.awardId).metAt?.toISOString()).toBe(now.toISOString());
    expect(versionOf(a.awardId)).toBe(v + 1);
    expect(events(a.awardId, "award.condition_met")).toMatchObject([{ summary: "Condition met: Send us your safeguarding policy", actorUserId: staff.id }]);
    // The same post again: the same answer, nothing more recorded.
    expect(setConditionMet(staff, a.awardId, c.id, { met: true, version: v }, now)).toEqual({ ok: true, changed: false });
    expect(events(a.awardId, "award.condition_met")).toHaveLength(1);
    // Undo from a page opened before: stale (409); from the page as it is now: done.
    expect(setConditionMet(staff, a.awardId, c.id, { met: false, version: v })).toMatchObject({ ok: false, status: 409 });
    expect(setConditionMet(staff, a.awardId, c.id, { met: false, version: v + 1 })).toEqual({ ok: true, changed: true });
    expect(conditionOf(a.awardId).metAt).toBeNull();
    expect(events(a.awardId, "award.condition_not_met")).toHaveLength(1);
    // Refusals: not staff, another award's condition, a closed award.
    expect(setConditionMet({ id: a.members[0]!.id, isStaff: false }, a.awardId, c.id, { met: true, version: v + 2 })).toMatchObject({ status: 403 });
    expect(setConditionMet(staff, b.awardId, c.id, { met: true, version: versionOf(b.awardId) })).toMatchObject({ status: 404 });
    expect(setConditionMet(staff, 999_999, c.id, { met: true, version: 1 })).toMatchObject({ status: 404 });
    declineOffer(member(b), b.awardId, { version: versionOf(b.awardId), reason: "No" });
    expect(setConditionMet(staff, b.awardId, conditionOf(b.awardId).id, { met: true, version: versionOf(b.awardId) })).toMatchObject({ status: 409 });
  });

  it("works through the staff award page's form, without JavaScript", async () => {
    const round = awardedRound();
    const a = round.awards[0]!;
    const path = `/staff/awards/${a.awardId}`;
    const params = { awardId: String(a.awardId) };
    const c = conditionOf(a.awardId);
    const form = (o: Record<string, string> = {}) => ({ intent: "condition-met", conditionId: String(c.id), version: String(versionOf(a.awardId)), ...o });
    const done = (await staffAwardAction(args(await postAs(round.staff, path, form()), params))) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toContain("notice=condition-met");
    const page = await (await staffAwardPage(args(await requestAs(round.staff, path), params))).json();
    expect(page.award.conditions[0].metAt).not.toBeNull();
    const stale = (await staffAwardAction(args(await postAs(round.staff, path, form({ intent: "condition-not-met", version: "0" })), params))) as Response;
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatch(/changed this award/);
    let refused = 0;
    try {
      await staffAwardAction(args(await postAs(a.members[0]!, path, form()), params));
    } catch (e) {
      refused = (e as Response).status;
    }
    expect(refused).toBe(403);
  });
});

describe("a completed award", () => {
  it("shows as completed on the grantee's and staff's pages, with the date, in the history", async () => {
    const round = awardedRound();
    const a = round.awards[0]!;
    expect(accept(a).ok).toBe(true);
    for (const n of [1, 2]) pay(a.awardId, n);
    db.update(schema.evaluationReturns).set({ status: "accepted" }).where(eq(schema.evaluationReturns.awardId, a.awardId)).run();
    expect(transaction((tx) => completeAwardIfDone(tx, a.awardId, round.staff.id))).toBe(true);
    const params = { awardId: String(a.awardId) };
    const grantee = await (await granteePage(args(await requestAs(a.members[0]!, `/awards/${a.awardId}`), params))).json();
    expect(grantee.award).toMatchObject({ status: "completed", completedAt: expect.any(String) });
    expect(grantee.history[0]).toMatchObject({ title: "Award completed" });
    const staff = await (await staffAwardPage(args(await requestAs(round.staff, `/staff/awards/${a.awardId}`), params))).json();
    expect(staff).toMatchObject({ changeable: false, award: { status: "completed", completedAt: expect.any(String) } });
    // A completed award can no longer be varied or withdrawn.
    expect(varyAward(staffOf(round), a.awardId, variation(a.awardId, { amountPence: 1, reason: "x" }))).toMatchObject({ status: 409 });
  });

  it("writes the return condition one way, and splits conditions one way", () => {
    expect(conditionTextFor({ title: "Interim return" })).toBe("After the interim return is accepted");
    const round = awardedRound();
    const second = loadAward(round.awards[0]!.awardId)!.payments[1]!;
    expect(second.condition).toBe("After the interim return is accepted");
  });
});
