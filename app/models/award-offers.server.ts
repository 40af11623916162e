// The offer and the award's life: the grantee accepts (on the current grant terms) or declines
// the offer; staff vary an award (amount, dates, conditions, with a reason) or withdraw it, and
// publish new versions of a programme's grant terms. Every change is one transaction with its
// audit event (entity "award", or "programme" for terms) and its emails, carries the award's
// `version` so that a page opened before someone else's change cannot overwrite it, and is safe
// to send twice: a double submit shows the same confirmation and sends nothing again.
//
// What each change does to the rest of the award:
// - accepting records who, when and which terms version (grantTermsId and acceptedTermsId);
// - declining or withdrawing cancels the scheduled (unpaid) instalments; money already paid is
//   not recovered through the portal; returns not yet submitted are no longer asked for (their
//   rows stay, and the return pages treat a declined or withdrawn award's returns as closed);
// - a change of amount brings the payment schedule (paid and scheduled instalments) to the new
//   amount: the last scheduled instalment takes the difference (refused if that would leave it at
//   £0 or less: staff change the payment schedule first), or, where no instalment is left to pay
//   and the amount goes up, a new instalment does; a schedule staff already changed to the new
//   amount is left as it is;
// - a change of start date moves the due dates of returns not yet submitted (from their round's
//   schedule), and of the unpaid instalments that wait on those returns; other unpaid instalments
//   keep their dates.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { TermsInput, VariationInput } from "~/schemas/award";
import { db, schema, transaction, type DbOrTx, type Tx } from "~/utils/db.server";
import { addMonths, formatDate, formatMoney, ukDate } from "~/utils/format";
import { getSettings } from "~/utils/settings.server";
import { membersOf } from "./applications.server";
import { recordAudit } from "./audit.server";
import { awardForGrantee, currentTerms, isChangeableAward, loadAward, paidPence, scheduledPence, type Award, type AwardFile, type EvaluationReturn } from "./awards.server";
import { enqueueEmail } from "./outbox.server";
import { cycleBudget } from "./payments.server";
import { getPlace } from "./place.server";
import { letterRecipients } from "./recipients.server";
import { moveReturnDueDate } from "./returns.server";

/** A member of a grantee organisation (CurrentUser fits). */
export type Grantee = { id: number; organisationIds: number[] };
export type StaffMember = { id: number; isStaff: boolean };

export type Refused = { ok: false; status: 400 | 403 | 404 | 409; message: string; field?: string };
export type AwardResult = { ok: true; changed: boolean; notes?: string[] } | Refused;

const refuse = (status: Refused["status"], message: string, field?: string): Refused => ({ ok: false, status, message, ...(field ? { field } : {}) });


/** Returns still to be sent: their due dates move with the start date, and they close with the award. */
export const UNSENT_RETURN_STATUSES: readonly EvaluationReturn["status"][] = ["not_started", "draft"];

const STATE_WORDS: Record<Award["status"], string> = {
  offered: "is waiting for an answer",
  accepted: "has been accepted",
  declined: "was declined",
  withdrawn: "has been withdrawn",
  completed: "is completed",
};

const userName = (tx: DbOrTx, id: number) => tx.select({ name: schema.users.name }).from(schema.users).where(eq(schema.users.id, id)).get()?.name ?? "Someone";

function emailBase(file: AwardFile) {
  return {
    reference: file.application.reference ?? "",
    title: file.application.title ?? "",
    organisationName: file.organisation.name,
    viewUrl: `${getSettings().appUrl}/awards/${file.award.id}`,
  };
}

/** Claims the award at the version the page showed: nobody else changed it in between. */
function bumpAward(tx: Tx, award: Award, set: Partial<typeof schema.awards.$inferInsert>, now: Date) {
  const done = tx
    .update(schema.awards)
    .set({ ...set, version: sql`${schema.awards.version} + 1`, updatedAt: now })
    .where(and(eq(schema.awards.id, award.id), eq(schema.awards.version, award.version)))
    .run();
  if (done.changes !== 1) throw new Error(`Award ${award.id} changed during its own transaction`);
}

/** Cancels the instalments not yet paid; returns their numbers. */
function cancelScheduled(tx: Tx, file: AwardFile): number[] {
  const open = file.payments.filter((p) => p.status === "scheduled");
  if (open.length) {
    tx.update(schema.payments)
      .set({ status: "cancelled" })
      .where(and(eq(schema.payments.awardId, file.award.id), eq(schema.payments.status, "scheduled")))
      .run();
  }
  return open.map((p) => p.instalment);
}

/** Tells the place's contact address (if one is set) that a grantee answered an offer. */
function tellStaff(tx: Tx, file: AwardFile, answer: { outcome: "accepted" | "declined"; by: string; reason: string | null; terms: { title: string; version: number } | null }) {
  const to = getPlace(tx).contactEmail;
  if (!to) return;
  enqueueEmail(tx, {
    to,
    template: "award-response-staff",
    data: {
      reference: file.application.reference ?? "",
      title: file.application.title ?? "",
      organisationName: file.organisation.name,
      outcome: answer.outcome,
      amountPence: file.award.amountPence,
      by: answer.by,
      reason: answer.reason,
      termsTitle: answer.terms?.title ?? null,
      termsVersion: answer.terms?.version ?? null,
      staffUrl: `${getSettings().appUrl}/staff/awards/${file.award.id}`,
    },
    dedupeKey: `award-${answer.outcome}-staff:${file.award.id}`,
  });
}

// ---------------------------------------------------------------------------------------------
// The grantee's answer
// ---------------------------------------------------------------------------------------------

export type AcceptInput = { version: number | null; termsId: number | null; confirm: boolean };

export const STALE_OFFER =
  "The offer has changed since you opened this page. Read the offer as it is now, then accept it if you agree.";
export const STALE_TERMS = "The grant terms changed since you opened this page: read them again, then accept the offer on the new version if you agree.";

/**
 * The grantee accepts the offer, on the programme's current grant terms: only a member of the
 * applying organisation, only while the offer is open, only on the offer and terms the page
 * showed. Records who, when and which terms; emails each member a confirmation and tells staff.
 */
export function acceptOffer(user: Grantee, awardId: number, input: AcceptInput, now = new Date()): AwardResult {
  return transaction((tx): AwardResult => {
    const file = awardForGrantee(user, awardId, tx);
    if ("status" in file) return refuse(file.status, file.message);
    const a = file.award;
    // The same acceptance again (a double submit): the same confirmation, nothing sent again.
    if (a.status === "accepted" && input.version === a.version - 1 && input.termsId !== null && input.termsId === a.acceptedTermsId) {
      return { ok: true, changed: false };
    }
    if (a.status !== "offered") return refuse(409, `This offer ${STATE_WORDS[a.status]}, so it cannot be accepted now.`);
    if (!input.confirm) return refuse(400, "Confirm that you have read the grant terms and accept the offer on them", "confirm");
    if (input.version !== a.version) return refuse(409, STALE_OFFER);
    const terms = currentTerms(file.programme.id, tx);
    if (!terms) return refuse(409, "There are no grant terms for this programme yet, so the offer cannot be accepted. Contact us.");
    if (input.termsId !== terms.id) return refuse(409, STALE_TERMS);
    bumpAward(tx, a, { status: "accepted", respondedAt: now, respondedById: user.id, acceptedTermsId: terms.id, grantTermsId: terms.id }, now);
    const by = userName(tx, user.id);
    recordAudit(tx, {
      actorUserId: user.id,
      action: "award.accepted",
      entityType: "award",
      entityId: a.id,
      summary: `Offer of ${formatMoney(a.amountPence)} accepted on ${terms.title}, version ${terms.version}`,
      details: { grantTermsId: terms.id, termsVersion: terms.version, version: a.version + 1 },
    });
    for (const member of membersOf(tx, file.application.organisationId)) {
      enqueueEmail(tx, {
        to: member.email,
        template: "award-accepted",
        data: {
          ...emailBase(file),
          name: member.name,
          amountPence: a.amountPence,
          termsTitle: terms.title,
          termsVersion: terms.version,
          acceptedBy: member.id === user.id ? "You" : by,
          acceptedAt: now.toISOString(),
        },
        dedupeKey: `award-accepted:${a.id}:${member.id}`,
      });
    }
    tellStaff(tx, file, { outcome: "accepted", by, reason: null, terms: { title: terms.title, version: terms.version } });
    return { ok: true, changed: true };
  });
}

/**
 * The grantee declines the offer, giving a reason: the offer closes, its instalments are
 * cancelled; each member gets a confirmation and staff are told.
 */
export function declineOffer(user: Grantee, awardId: number, input: { version: number | null; reason: string }, now = new Date()): AwardResult {
  return transaction((tx): AwardResult => {
    const file = awardForGrantee(user, awardId, tx);
    if ("status" in file) return refuse(file.status, file.message);
    const a = file.award;
    if (a.status === "declined" && input.version === a.version - 1) return { ok: true, changed: false };
    if (a.status !== "offered") return refuse(409, `This offer ${STATE_WORDS[a.status]}, so it cannot be declined now.`);
    const reason = input.reason.trim();
    if (!reason) return refuse(400, "Tell us why you are declining the offer", "reason");
    if (input.version !== a.version) return refuse(409, "The offer has changed since you opened this page. Read the offer as it is now, then decline it if you still want to.");
    bumpAward(tx, a, { status: "declined", respondedAt: now, respondedById: user.id, declineReason: reason }, now);
    const cancelled = cancelScheduled(tx, file);
    const by = userName(tx, user.id);
    recordAudit(tx, {
      actorUserId: user.id,
      action: "award.declined",
      entityType: "award",
      entityId: a.id,
      summary: reason,
      details: { reason, cancelledInstalments: cancelled, version: a.version + 1 },
    });
    for (const member of membersOf(tx, file.application.organisationId)) {
      enqueueEmail(tx, {
        to: member.email,
        template: "award-declined",
        data: { ...emailBase(file), name: member.name, amountPence: a.amountPence, reason, declinedBy: member.id === user.id ? "You" : by },
        dedupeKey: `award-declined:${a.id}:${member.id}`,
      });
    }
    tellStaff(tx, file, { outcome: "declined", by, reason, terms: null });
    return { ok: true, changed: true };
  });
}

// ---------------------------------------------------------------------------------------------
// Staff: varying and withdrawing
// ---------------------------------------------------------------------------------------------

type Snapshot = { amountPence: number; startDate: string | null; endDate: string | null; conditions: string[] };

const snapshotOf = (file: Pick<AwardFile, "award" | "conditions">): Snapshot => ({
  amountPence: file.award.amountPence,
  startDate: file.award.startDate,
  endDate: file.award.endDate,
  conditions: file.conditions.map((c) => c.text),
});

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const dateWords = (iso: string | null) => (iso ? formatDate(iso) : "not set");

/** The last variation recorded on the award, for telling a double submit from a new change. */
function lastVariation(tx: DbOrTx, awardId: number) {
  return tx
    .select()
    .from(schema.auditEvents)
    .where(and(eq(schema.auditEvents.entityType, "award"), eq(schema.auditEvents.entityId, awardId), eq(schema.auditEvents.action, "award.varied")))
    .orderBy(desc(schema.auditEvents.id))
    .limit(1)
    .get();
}

export type VaryInput = VariationInput & { version: number | null };

/**
 * Staff vary an open offer or an accepted award: amount, dates, conditions, with a reason the
 * grantee is told. See the top of this file for what a change does to instalments and returns.
 * Everything before and after goes in the audit event; each member is emailed what changed and why.
 * A variation of an open offer changes the offer: the grantee accepts the new one.
 */
export function varyAward(staff: StaffMember, awardId: number, input: VaryInput, now = new Date()): AwardResult {
  if (!staff.isStaff) return refuse(403, "Only staff can vary an award.");
  return transaction((tx): AwardResult => {
    const file = loadAward(awardId, tx);
    if (!file) return refuse(404, "Page not found.");
    const a = file.award;
    const reason = input.reason.trim();
    const before = snapshotOf(file);
    const after: Snapshot = { amountPence: input.amountPence, startDate: input.startDate, endDate: input.endDate, conditions: input.conditions };
    // The same variation again (a double submit): the same confirmation, nothing done twice.
    if (input.version !== null && input.version === a.version - 1) {
      const last = lastVariation(tx, a.id);
      const d = last?.details as { version?: number; after?: Snapshot; reason?: string } | undefined;
      if (d?.version === a.version && d.reason === reason && JSON.stringify(d.after) === JSON.stringify(after)) return { ok: true, changed: false };
    }
    if (!isChangeableAward(a.status)) return refuse(409, `This award ${STATE_WORDS[a.status]}, so it can no longer be varied.`);
    if (input.version !== a.version) {
      return refuse(409, "Someone else changed this award after you opened this page. Check the award as it is now, then make your change again: what you entered is below.");
    }
    if (!reason) return refuse(400, "Give the reason for the change", "reason");
    const paid = paidPence(file.payments);
    if (after.amountPence < paid) {
      return refuse(400, `Amount cannot be less than the ${formatMoney(paid)} already paid`, "amount");
    }

    const changes: string[] = [];
    const notes: string[] = [];
    const instalments: { instalment: number; fromPence: number | null; toPence: number; added?: boolean }[] = [];
    if (after.amountPence !== before.amountPence) {
      changes.push(`Amount: changed from ${formatMoney(before.amountPence)} to ${formatMoney(after.amountPence)}`);
      // The schedule is brought to the new amount: what is paid and still to pay against it. Where
      // staff changed the schedule first, there may be nothing left to take up.
      const gap = after.amountPence - (paid + scheduledPence(file.payments));
      const scheduled = file.payments.filter((p) => p.status === "scheduled");
      const last = scheduled[scheduled.length - 1];
      if (gap !== 0 && last) {
        const amount = last.amountPence + gap;
        if (amount <= 0) {
          return refuse(
            409,
            `Instalment ${last.instalment} (${formatMoney(last.amountPence)}) is the last one not yet paid, and it cannot take a cut of ${formatMoney(-gap)}. Change the payment schedule first, then vary the amount.`,
            "amount",
          );
        }
        tx.update(schema.payments).set({ amountPence: amount }).where(eq(schema.payments.id, last.id)).run();
        instalments.push({ instalment: last.instalment, fromPence: last.amountPence, toPence: amount });
        changes.push(`Instalment ${last.instalment}: changed from ${formatMoney(last.amountPence)} to ${formatMoney(amount)}`);
      } else if (gap > 0) {
        // Nothing left to pay: the extra money is a new instalment, due now (or at the start).
        const number = Math.max(0, ...file.payments.map((p) => p.instalment)) + 1;
        const today = ukDate(0, now);
        const dueDate = after.startDate && after.startDate > today ? after.startDate : today;
        tx.insert(schema.payments).values({ awardId: a.id, instalment: number, dueDate, amountPence: gap }).run();
        instalments.push({ instalment: number, fromPence: null, toPence: gap, added: true });
        changes.push(`Instalment ${number} of ${formatMoney(gap)} added, due on ${formatDate(dueDate)}`);
        notes.push(`Every instalment had been paid or cancelled, so instalment ${number} of ${formatMoney(gap)} was added, due on ${formatDate(dueDate)}. Change it on the payments page if need be.`);
      } else if (gap < 0) {
        return refuse(409, "No instalment is left to pay, so the amount cannot go down here. Change the payment schedule first, then vary the amount.", "amount");
      }
    }

    const returnsMoved: { returnId: number; title: string; from: string; to: string }[] = [];
    const paymentsMoved: { instalment: number; from: string; to: string }[] = [];
    if (after.startDate !== before.startDate) {
      changes.push(`Start date: changed from ${dateWords(before.startDate)} to ${dateWords(after.startDate)}`);
      const items = new Map(
        tx
          .select()
          .from(schema.returnScheduleItems)
          .where(eq(schema.returnScheduleItems.cycleId, file.cycle.id))
          .all()
          .map((i) => [i.id, i]),
      );
      const movedWith: { instalment: number; from: string; to: string }[] = [];
      for (const r of file.returns) {
        const item = r.scheduleItemId ? items.get(r.scheduleItemId) : undefined;
        if (!item || !UNSENT_RETURN_STATUSES.includes(r.status)) continue;
        const due = addMonths(after.startDate!, item.dueMonthsAfterStart);
        if (due === r.dueDate) continue;
        // The return, and the instalments still to pay that wait for it.
        movedWith.push(...(moveReturnDueDate(tx, r.id, due, now)?.payments ?? []));
        returnsMoved.push({ returnId: r.id, title: r.title, from: r.dueDate, to: due });
        changes.push(`${r.title}: now due on ${formatDate(due)} (was ${formatDate(r.dueDate)})`);
      }
      for (const p of movedWith.sort((x, y) => x.instalment - y.instalment)) {
        paymentsMoved.push({ instalment: p.instalment, from: p.from, to: p.to });
        changes.push(`Instalment ${p.instalment}: now due on ${formatDate(p.to)} (was ${formatDate(p.from)})`);
      }
      if (file.payments.some((p) => p.status === "scheduled" && !p.conditionReturnId)) {
        notes.push("Unpaid instalments with no condition kept their due dates: change them on the payments page if they should move too.");
      }
    }
    if (after.endDate !== before.endDate) changes.push(`End date: changed from ${dateWords(before.endDate)} to ${dateWords(after.endDate)}`);

    if (!sameList(before.conditions, after.conditions)) {
      changes.push(after.conditions.length ? `Conditions: now ${after.conditions.map((c) => `"${c}"`).join("; ")}` : "Conditions: there are no conditions now");
      const metAt = new Map<string, Date | null>();
      for (const c of file.conditions) if (!metAt.has(c.text)) metAt.set(c.text, c.metAt);
      tx.delete(schema.awardConditions).where(eq(schema.awardConditions.awardId, a.id)).run();
      if (after.conditions.length) {
        tx.insert(schema.awardConditions)
          .values(after.conditions.map((text, sortOrder) => ({ awardId: a.id, text, sortOrder, metAt: metAt.get(text) ?? null })))
          .run();
      }
    }

    if (JSON.stringify(before) === JSON.stringify(after)) return refuse(400, "Nothing was changed: change the amount, a date or the conditions, or go back to the award");

    bumpAward(tx, a, { amountPence: after.amountPence, startDate: after.startDate, endDate: after.endDate }, now);
    const version = a.version + 1;
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "award.varied",
      entityType: "award",
      entityId: a.id,
      summary: `${changes.join(". ")}.\nReason: ${reason}`,
      details: { version, before, after, reason, instalments, returnsMoved, paymentsMoved, status: a.status },
    });
    // A changed offer is sent like the offer itself: to every member and the contact email.
    // A change to an accepted award goes to the members, as the award's other emails do.
    const offered = a.status === "offered";
    const recipients = offered
      ? letterRecipients(tx, file.application.organisationId)
      : membersOf(tx, file.application.organisationId).map((m) => ({ email: m.email, name: m.name, key: String(m.id) }));
    for (const recipient of recipients) {
      enqueueEmail(tx, {
        to: recipient.email,
        template: "award-varied",
        data: { ...emailBase(file), name: recipient.name, changes, reason, offered },
        dedupeKey: `award-varied:${a.id}:${version}:${recipient.key}`,
      });
    }
    return { ok: true, changed: true, notes };
  });
}

/**
 * Staff withdraw an open offer or an accepted award, with a reason. Its unpaid instalments are
 * cancelled; what has been paid is not recovered through the portal; returns not yet sent are no
 * longer asked for. Each member is emailed.
 */
export function withdrawAward(staff: StaffMember, awardId: number, input: { version: number | null; reason: string }, now = new Date()): AwardResult {
  if (!staff.isStaff) return refuse(403, "Only staff can withdraw an award.");
  return transaction((tx): AwardResult => {
    const file = loadAward(awardId, tx);
    if (!file) return refuse(404, "Page not found.");
    const a = file.award;
    const reason = input.reason.trim();
    if (a.status === "withdrawn" && input.version === a.version - 1) return { ok: true, changed: false };
    if (!isChangeableAward(a.status)) return refuse(409, `This award ${STATE_WORDS[a.status]}, so it cannot be withdrawn.`);
    if (input.version !== a.version) {
      return refuse(409, "Someone else changed this award after you opened this page. Check the award as it is now, then withdraw it if you still should.");
    }
    if (!reason) return refuse(400, "Give the reason for withdrawing the award", "reason");
    bumpAward(tx, a, { status: "withdrawn", withdrawnAt: now, withdrawnReason: reason }, now);
    const cancelled = cancelScheduled(tx, file);
    const paid = paidPence(file.payments);
    const closedReturns = file.returns.filter((r) => UNSENT_RETURN_STATUSES.includes(r.status) || r.status === "changes_requested").map((r) => r.id);
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "award.withdrawn",
      entityType: "award",
      entityId: a.id,
      summary: reason,
      details: { reason, previousStatus: a.status, paidPence: paid, cancelledInstalments: cancelled, closedReturnIds: closedReturns, version: a.version + 1 },
    });
    for (const member of membersOf(tx, file.application.organisationId)) {
      enqueueEmail(tx, {
        to: member.email,
        template: "award-withdrawn",
        data: { ...emailBase(file), name: member.name, reason, paidPence: paid, offered: a.status === "offered" },
        dedupeKey: `award-withdrawn:${a.id}:${member.id}`,
      });
    }
    return { ok: true, changed: true };
  });
}

// ---------------------------------------------------------------------------------------------
// Staff: conditions met
// ---------------------------------------------------------------------------------------------

/**
 * Staff mark one of the award's conditions as met (today) or, to undo a mistake, as not met.
 * Only while the award is offered or accepted; the page carries the award's version, so a page
 * opened before someone else's change is refused. The same request again (already as asked) is
 * answered as the first was and records nothing.
 */
export function setConditionMet(
  staff: StaffMember,
  awardId: number,
  conditionId: number,
  input: { met: boolean; version: number | null },
  now = new Date(),
): AwardResult {
  if (!staff.isStaff) return refuse(403, "Only staff can mark an award's conditions as met.");
  return transaction((tx): AwardResult => {
    const file = loadAward(awardId, tx);
    if (!file) return refuse(404, "Page not found.");
    const a = file.award;
    const stale = () => refuse(409, "Someone else changed this award after you opened this page. Check the conditions as they are now, then try again.");
    const condition = file.conditions.find((c) => c.id === conditionId);
    if (!condition) {
      // A variation since the page was opened replaces the conditions (their ids change).
      if (input.version !== a.version) return stale();
      return refuse(404, "Page not found.");
    }
    if (Boolean(condition.metAt) === input.met) return { ok: true, changed: false };
    if (!isChangeableAward(a.status)) return refuse(409, `This award ${STATE_WORDS[a.status]}, so its conditions can no longer be changed.`);
    if (input.version !== a.version) return stale();
    tx.update(schema.awardConditions)
      .set({ metAt: input.met ? now : null })
      .where(and(eq(schema.awardConditions.id, condition.id), eq(schema.awardConditions.awardId, a.id)))
      .run();
    bumpAward(tx, a, {}, now);
    recordAudit(tx, {
      actorUserId: staff.id,
      action: input.met ? "award.condition_met" : "award.condition_not_met",
      entityType: "award",
      entityId: a.id,
      summary: input.met ? `Condition met: ${condition.text}` : `Condition marked as not met: ${condition.text}`,
      details: { conditionId: condition.id, text: condition.text, met: input.met, version: a.version + 1 },
    });
    return { ok: true, changed: true };
  });
}

// ---------------------------------------------------------------------------------------------
// Grant terms
// ---------------------------------------------------------------------------------------------

export type PublishResult = { ok: true; changed: boolean; version: number; openOffers: number } | Refused;

/** The versions of a programme's grant terms, newest first. */
export function termsVersions(programmeId: number, tx: DbOrTx = db) {
  return tx
    .select()
    .from(schema.grantTerms)
    .where(eq(schema.grantTerms.programmeId, programmeId))
    .orderBy(desc(schema.grantTerms.version))
    .all();
}

/** Offers of the programme still waiting for an answer: they are accepted on the newest terms. */
export function openOffers(programmeId: number, tx: DbOrTx = db): number {
  return tx
    .select({ n: sql<number>`count(*)` })
    .from(schema.awards)
    .innerJoin(schema.applications, eq(schema.applications.id, schema.awards.applicationId))
    .innerJoin(schema.cycles, eq(schema.cycles.id, schema.applications.cycleId))
    .where(and(eq(schema.cycles.programmeId, programmeId), eq(schema.awards.status, "offered")))
    .get()!.n;
}

/**
 * Staff publish a new version of a programme's grant terms (the latest version + 1). Offers still
 * open are from then on accepted on it (an accept page opened before is refused and shows the new
 * version); accepted awards keep the version they accepted. `seenVersion` is the latest version
 * the page showed: if someone published another since, nothing is published.
 */
export function publishTerms(staff: StaffMember, programmeId: number, input: TermsInput, seenVersion: number | null, now = new Date()): PublishResult {
  if (!staff.isStaff) return refuse(403, "Only staff can publish grant terms.");
  return transaction((tx): PublishResult => {
    const programme = tx.select().from(schema.programmes).where(eq(schema.programmes.id, programmeId)).get();
    if (!programme) return refuse(404, "Page not found.");
    const latest = currentTerms(programmeId, tx);
    const same = latest && latest.title === input.title && latest.body === input.body;
    // The same publication again (a double submit): the same confirmation.
    if (same && seenVersion === latest.version - 1) return { ok: true, changed: false, version: latest.version, openOffers: openOffers(programmeId, tx) };
    if ((latest?.version ?? 0) !== seenVersion) {
      return refuse(
        409,
        `Someone else published version ${latest?.version ?? 0} of the grant terms after you opened this page. Read it, then publish yours if it should replace it: what you entered is below.`,
      );
    }
    if (same) return refuse(400, `These are the terms of version ${latest.version} as published: change them before publishing a new version`, "body");
    const version = (latest?.version ?? 0) + 1;
    const terms = tx.insert(schema.grantTerms).values({ programmeId, version, title: input.title, body: input.body, createdAt: now }).returning().get();
    const waiting = openOffers(programmeId, tx);
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "grant_terms.published",
      entityType: "programme",
      entityId: programmeId,
      summary: `Version ${version} of the grant terms published: ${input.title}`,
      details: { grantTermsId: terms.id, version, previousVersion: latest?.version ?? null, openOffers: waiting },
    });
    return { ok: true, changed: true, version, openOffers: waiting };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading: a round's awards, an award's history
// ---------------------------------------------------------------------------------------------

/**
 * A round's awards for staff, with what has been paid and the next return due, and the totals.
 * The money (each award's paid, the round's awarded and paid) is the round's budget's, so the
 * two pages always agree.
 */
export function cycleAwards(cycleId: number, tx: DbOrTx = db, now = new Date()) {
  const cycle = tx
    .select({ id: schema.cycles.id, name: schema.cycles.name, budgetPence: schema.cycles.budgetPence, programmeId: schema.cycles.programmeId })
    .from(schema.cycles)
    .where(eq(schema.cycles.id, cycleId))
    .get();
  const budget = cycleBudget(cycleId, now, tx);
  if (!cycle || !budget) return null;
  const ids = budget.rows.map((r) => r.awardId);
  const returns = ids.length
    ? tx
        .select()
        .from(schema.evaluationReturns)
        .where(inArray(schema.evaluationReturns.awardId, ids))
        .orderBy(asc(schema.evaluationReturns.dueDate))
        .all()
    : [];
  const rows = budget.rows.map((r) => {
    const next = isChangeableAward(r.status) ? returns.find((x) => x.awardId === r.awardId && x.status !== "submitted" && x.status !== "accepted") : undefined;
    return {
      id: r.awardId,
      status: r.status,
      amountPence: r.amountPence,
      reference: r.reference,
      title: r.title,
      organisationName: r.organisationName,
      paidPence: r.paidPence,
      nextReturn: next ? { id: next.id, title: next.title, dueDate: next.dueDate } : null,
    };
  });
  const counts = (status: Award["status"]) => rows.filter((r) => r.status === status).length;
  return {
    cycle,
    rows,
    totals: {
      awardedPence: budget.awardedPence,
      paidPence: budget.paidPence,
      offered: counts("offered"),
      accepted: counts("accepted"),
      declined: counts("declined"),
      withdrawn: counts("withdrawn"),
      completed: counts("completed"),
    },
  };
}

/** What the grantee sees of an award's history, and the title of each kind of event. */
const GRANTEE_EVENTS: Record<string, string> = {
  "award.offered": "Offer made",
  "award.accepted": "Offer accepted",
  "award.declined": "Offer declined",
  "award.varied": "Award changed",
  "award.withdrawn": "Award withdrawn",
  "award.completed": "Award completed",
  "payment.recorded": "Payment made",
  "award.case_study_approved": "Your story approved for the public page",
  "award.case_study_approval_withdrawn": "Your story taken off the public page",
  "award.consent_withdrawn": "Consent to publish withdrawn",
};

const STAFF_TITLES: Record<string, string> = {
  ...GRANTEE_EVENTS,
  "award.varied": "Award varied",
  "award.case_study_approved": "Case study approved for the public page",
  "award.condition_met": "Condition met",
  "award.condition_not_met": "Condition marked as not met",
  "award.case_study_approval_withdrawn": "Case study approval withdrawn",
};

const titleOf = (action: string) =>
  STAFF_TITLES[action] ?? action.replace(/^[a-z]+\./, "").replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

export type HistoryEvent = { at: string; title: string; by: string | null; message: string | null };

/**
 * An award's history, newest first, from its audit events. Staff see every event with who did it.
 * The grantee sees what happened to their award (the offer, their answer, variations with their
 * reason, payments made, a withdrawal), with names only of their own people.
 */
export function awardHistory(file: Pick<AwardFile, "award" | "application">, audience: "grantee" | "staff", tx: DbOrTx = db): HistoryEvent[] {
  const events = tx
    .select({ at: schema.auditEvents.at, action: schema.auditEvents.action, summary: schema.auditEvents.summary, details: schema.auditEvents.details, actorId: schema.auditEvents.actorUserId, by: schema.users.name })
    .from(schema.auditEvents)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditEvents.actorUserId))
    .where(and(eq(schema.auditEvents.entityType, "award"), eq(schema.auditEvents.entityId, file.award.id)))
    .orderBy(desc(schema.auditEvents.at), desc(schema.auditEvents.id))
    .all();
  if (audience === "staff") return events.map((e) => ({ at: e.at.toISOString(), title: titleOf(e.action), by: e.by, message: e.summary }));
  const members = new Set(membersOf(tx, file.application.organisationId).map((m) => m.id));
  return events
    .filter((e) => e.action in GRANTEE_EVENTS)
    .map((e) => {
      const details = (e.details ?? {}) as { amountPence?: number };
      const message =
        e.action === "award.offered"
          ? `Offered ${formatMoney(details.amountPence ?? file.award.amountPence)}`
          : e.action === "award.declined" || e.action === "award.withdrawn"
            ? `Reason: ${e.summary ?? ""}`
            : e.summary;
      return { at: e.at.toISOString(), title: GRANTEE_EVENTS[e.action]!, by: e.actorId && members.has(e.actorId) ? e.by : null, message };
    });
}
