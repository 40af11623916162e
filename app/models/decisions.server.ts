// Decisions: recorded one by one by staff once scoring has closed, then released all at once,
// when every application of the round has one and staff say they are final, as decision letters
// through the outbox. The round's release is the one release: after it nothing is decided,
// moderated or reopened here. Until its release a decision
// is staff business only: the applicant sees nothing of it, and its audit event is not an
// "application.*" one (those make the applicant's timeline). The reasons are for the record
// and the Health Equity Town Board; the letters carry the outcome, the amount and conditions, or
// the feedback, never scores, panel members or reasons. A released decision is not changed
// here: changing an award is a variation (a later issue). Each letter goes to every member of
// the organisation and to its contact email (`letterRecipients`); the letters are not sent while
// an application has nobody to write to, or, in a round where the panel sees an application only
// once it has passed its eligibility check, while an application still waits for that check.
import { createHash } from "node:crypto";
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { ApplicationStatus } from "~db/schema";
import type { TemplateData } from "~emails/index";
import type { DecisionInput, DecisionOutcome } from "~/schemas/decision";
import { db, schema, transaction, type DbOrTx } from "~/utils/db.server";
import { formatDeadline, formatMoney } from "~/utils/format";
import { getSettings } from "~/utils/settings.server";
import type { Refusal } from "./applications.server";
import { recordAudit } from "./audit.server";
import { createOffer, ensureRoundSchedule } from "./awards.server";
import { enqueueEmail } from "./outbox.server";
import {
  atPanelStage,
  awaitingDecision,
  panelStageOf,
  scoringWindow,
  UNDECIDED_PANEL_STATUSES,
  waitingForEligibilityCheck,
  type Cycle,
  type ModelResult,
  type Staff,
} from "./panel-access.server";
import { letterRecipients, nobodyToWriteTo } from "./recipients.server";

export type Decision = typeof schema.decisions.$inferSelect;

const undecidedStatus = (status: ApplicationStatus) => (UNDECIDED_PANEL_STATUSES as readonly ApplicationStatus[]).includes(status);

export const STATUS_AFTER: Record<DecisionOutcome, ApplicationStatus> = { award: "awarded", decline: "declined", reserve: "reserve" };

/** Why decisions cannot be recorded or released in this round now, or null when they can. */
export function whyNotDecidable(cycle: Pick<Cycle, "scoringOpensAt" | "scoringClosesAt" | "decisionsReleasedAt">, now = new Date()): string | null {
  if (cycle.decisionsReleasedAt) return "Decision letters have been sent for this round, so no more decisions can be recorded here.";
  switch (scoringWindow(cycle, now)) {
    case "closed":
      return null;
    case "open":
      return `Scoring is open until ${formatDeadline(cycle.scoringClosesAt!)}. Decisions can be made once scoring has closed.`;
    case "not_open":
      return `Scoring opens at ${formatDeadline(cycle.scoringOpensAt!)}. Decisions can be made once scoring has closed.`;
    case "not_set":
      return "The round has no scoring dates yet. Decisions can be made once the panel has scored and scoring has closed.";
  }
}

const snapshot = (d: Pick<Decision, "outcome" | "amountPence" | "conditions" | "feedback" | "reasons"> | undefined) =>
  d ? { outcome: d.outcome, amountPence: d.amountPence, conditions: d.conditions, feedback: d.feedback, reasons: d.reasons } : null;

/** The token of the decision a page showed ("" for none), so a save can tell it changed meanwhile. */
export const decisionToken = (decision: Pick<Decision, "decidedAt"> | null | undefined) => (decision ? decision.decidedAt.toISOString() : "");

/**
 * Records (or changes) the decision on one application: one row per application, with who
 * decided and when, and an audit event with what it was before. Saving the same again changes
 * nothing. With the token of the decision the page showed (`decisionToken`), a save is refused if
 * someone else recorded or changed the decision since, rather than silently replacing theirs.
 */
export function recordDecision(staff: Staff, applicationId: number, input: DecisionInput, now = new Date(), expect: { token?: string } = {}): ModelResult {
  if (!staff.isStaff) return { ok: false, status: 403, message: "Only staff can record decisions." };
  return transaction((tx): ModelResult => {
    const found = tx
      .select({ application: schema.applications, cycle: schema.cycles })
      .from(schema.applications)
      .innerJoin(schema.cycles, eq(schema.cycles.id, schema.applications.cycleId))
      .where(eq(schema.applications.id, applicationId))
      .get();
    if (!found) return { ok: false, status: 404, message: "Page not found." };
    const before = tx.select().from(schema.decisions).where(eq(schema.decisions.applicationId, applicationId)).get();
    if (before?.releasedAt) {
      return {
        ok: false,
        status: 409,
        message: "The decision letter for this application has been sent, so the decision can no longer be changed here. A change to an award is made as a variation.",
      };
    }
    const stage = panelStageOf(applicationId, tx);
    if (stage.waitingForCheck) {
      return {
        ok: false,
        status: 409,
        message: "This application is waiting for its eligibility check, so the panel cannot see it and no decision can be recorded on it yet.",
      };
    }
    if (!stage.atPanel || !undecidedStatus(found.application.status)) {
      return { ok: false, status: 409, message: "This application is not with the panel, so no decision can be recorded on it." };
    }
    const why = whyNotDecidable(found.cycle, now);
    if (why) return { ok: false, status: 409, message: why };
    const after = {
      outcome: input.outcome,
      amountPence: input.outcome === "award" ? input.amountPence : null,
      conditions: input.outcome === "award" ? input.conditions : null,
      feedback: input.outcome === "decline" ? input.feedback : null,
      reasons: input.reasons,
    };
    if (before && JSON.stringify(snapshot(before)) === JSON.stringify(after)) return { ok: true, changed: false };
    if (expect.token !== undefined && expect.token !== decisionToken(before)) {
      return {
        ok: false,
        status: 409,
        message: before
          ? "Someone else saved a decision on this application after you opened this page. Check the decision saved now, then save yours again if it should replace it."
          : "The decision on this application was removed after you opened this page. Check the page, then save yours again.",
      };
    }
    tx.insert(schema.decisions)
      .values({ applicationId, ...after, decidedById: staff.id, decidedAt: now })
      .onConflictDoUpdate({ target: schema.decisions.applicationId, set: { ...after, decidedById: staff.id, decidedAt: now } })
      .run();
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "decision.recorded",
      entityType: "application",
      entityId: applicationId,
      summary: `${before ? "Decision changed" : "Decision recorded"}: ${outcomeWords(after.outcome, after.amountPence)}. Reasons: ${after.reasons}`,
      details: { before: snapshot(before), after },
    });
    return { ok: true, changed: true };
  });
}

export function outcomeWords(outcome: DecisionOutcome, amountPence: number | null) {
  switch (outcome) {
    case "award":
      return `award ${amountPence === null ? "" : formatMoney(amountPence)}`.trim();
    case "decline":
      return "not funded";
    case "reserve":
      return "reserve list";
  }
}

/** The decision on one application, for staff (released or not). */
export function decisionFor(applicationId: number, tx: DbOrTx = db) {
  return (
    tx
      .select({ decision: schema.decisions, decidedBy: schema.users.name })
      .from(schema.decisions)
      .innerJoin(schema.users, eq(schema.users.id, schema.decisions.decidedById))
      .where(eq(schema.decisions.applicationId, applicationId))
      .get() ?? null
  );
}

/** What the applicant may see of the decision: nothing before its release; never the reasons. */
export function releasedDecisionFor(applicationId: number, tx: DbOrTx = db) {
  const d = tx.select().from(schema.decisions).where(and(eq(schema.decisions.applicationId, applicationId), sql`${schema.decisions.releasedAt} is not null`)).get();
  if (!d) return null;
  return { outcome: d.outcome, amountPence: d.amountPence, conditions: d.conditions, feedback: d.feedback, releasedAt: d.releasedAt! };
}

// ---------------------------------------------------------------------------------------------
// The round's decisions, and sending the letters
// ---------------------------------------------------------------------------------------------

/** The round's panel applications with their decisions, and the totals the release page shows. */
export function cycleDecisions(cycleId: number, tx: DbOrTx = db, now = new Date()) {
  const cycle = tx.select().from(schema.cycles).where(eq(schema.cycles.id, cycleId)).get();
  if (!cycle) return null;
  const rows = tx
    .select({
      id: schema.applications.id,
      reference: schema.applications.reference,
      title: schema.applications.title,
      status: schema.applications.status,
      amountRequestedPence: schema.applications.amountRequestedPence,
      organisationId: schema.applications.organisationId,
      organisationName: schema.organisations.name,
      /** No member with an account and no contact email: a letter would reach nobody. */
      nobodyToWriteTo: sql<number>`${nobodyToWriteTo(schema.applications.organisationId)}`.mapWith(Boolean),
      decision: schema.decisions,
    })
    .from(schema.applications)
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
    .leftJoin(schema.decisions, eq(schema.decisions.applicationId, schema.applications.id))
    .where(and(eq(schema.applications.cycleId, cycleId), atPanelStage()))
    .orderBy(asc(schema.applications.reference), asc(schema.applications.id))
    .all();
  // In a round where the panel sees an application only once it passed its eligibility check: those still waiting.
  const waitingForCheck = tx
    .select({ id: schema.applications.id, reference: schema.applications.reference, title: schema.applications.title })
    .from(schema.applications)
    .where(and(eq(schema.applications.cycleId, cycleId), waitingForEligibilityCheck()))
    .orderBy(asc(schema.applications.reference), asc(schema.applications.id))
    .all();
  const decided = rows.filter((r) => r.decision);
  const count = (o: DecisionOutcome) => decided.filter((r) => r.decision!.outcome === o).length;
  const toSend = rows.filter((r) => undecidedStatus(r.status));
  const pending = toSend.filter((r) => r.decision && !r.decision.releasedAt).map((r) => r.decision!);
  return {
    cycle,
    rows,
    awardedPence: decided.reduce((sum, r) => sum + (r.decision!.outcome === "award" ? (r.decision!.amountPence ?? 0) : 0), 0),
    counts: { award: count("award"), decline: count("decline"), reserve: count("reserve") },
    /** Applications at the panel stage with no decision: while there are any, no letter goes. */
    undecided: toSend.filter((r) => !r.decision),
    /** Applications still waiting for their eligibility check in a gated round: while there are any, no letter goes. */
    waitingForCheck,
    /** Applications whose letter would reach nobody: while there are any, no letter goes. */
    nobodyToWriteTo: toSend.filter((r) => r.nobodyToWriteTo),
    unreleased: pending.length,
    released: decided.filter((r) => r.decision!.releasedAt).length,
    /** What the page showed of the decisions to send, posted back with "Send decision letters". */
    fingerprint: fingerprintOf(pending),
    whyNot: whyNotDecidable(cycle, now),
  };
}

/** The decisions to send, as ids and the time each was last saved: any change makes another. */
export function fingerprintOf(decisions: readonly Pick<Decision, "id" | "decidedAt">[]): string {
  const text = decisions
    .map((d) => `${d.id}@${d.decidedAt.getTime()}`)
    .sort()
    .join(",");
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

export type ReleaseResult =
  | { ok: true; released: number; letters: number }
  | ({ ok: false; alreadySent: boolean } & Refusal);

const some = (n: number, one: string, many: string) => (n === 1 ? one : many.replace("#", String(n)));

const listed = (rows: readonly { reference: string | null; title: string | null }[]) =>
  rows.map((r) => r.reference ?? r.title ?? "an application with no reference").join(", ");

/**
 * Sends the round's decisions, all at once, in one transaction: only when every application at
 * the panel stage has a decision, and only if the decisions are the ones the page showed
 * (`fingerprint`, from `cycleDecisions`), so that nothing a colleague recorded or changed since
 * goes out unseen. Each decision is marked released, its application takes its outcome as
 * status, the audit trail records it (on the application, for the applicant's timeline, and on
 * the round), and one decision letter goes into the outbox for each member of the applicant
 * organisation. The round's release is the one release: a second one (a double click) sends nothing.
 */
export function releaseDecisions(staff: Staff, cycleId: number, fingerprint: string, now = new Date()): ReleaseResult {
  if (!staff.isStaff) return { ok: false, alreadySent: false, status: 403, message: "Only staff can send decision letters." };
  return transaction((tx): ReleaseResult => {
    const found = cycleDecisions(cycleId, tx, now);
    if (!found) return { ok: false, alreadySent: false, status: 404, message: "Page not found." };
    const { cycle } = found;
    if (cycle.decisionsReleasedAt) {
      return { ok: false, alreadySent: true, status: 409, message: "Decision letters have already been sent for this round, so nothing was sent again." };
    }
    const why = whyNotDecidable(cycle, now);
    if (why) return { ok: false, alreadySent: false, status: 409, message: why.replace("Decisions can be made", "Decision letters can be sent") };
    if (found.undecided.length) {
      const n = found.undecided.length;
      return {
        ok: false,
        alreadySent: false,
        status: 409,
        message: `Decision letters go to every applicant at once, so every application needs a decision first. ${n === 1 ? "This application has" : `These ${n} applications have`} no decision yet: ${listed(found.undecided)}.`,
      };
    }
    if (found.waitingForCheck.length) {
      const n = found.waitingForCheck.length;
      return {
        ok: false,
        alreadySent: false,
        status: 409,
        message: `Decision letters go to every applicant at once, and in this round the panel sees an application only once it has passed its eligibility check. ${some(n, "This application is", "These # applications are")} still waiting for ${some(n, "its", "their")} eligibility check: ${listed(found.waitingForCheck)}. Record the check on ${some(n, "it", "each")} first.`,
      };
    }
    if (found.nobodyToWriteTo.length) {
      const n = found.nobodyToWriteTo.length;
      return {
        ok: false,
        alreadySent: false,
        status: 409,
        message: `Nobody would get the letter for ${some(n, "this application", "these # applications")}: ${listed(found.nobodyToWriteTo)}. Nobody in the organisation has an account and it has no contact email. Give ${some(n, "the organisation", "each organisation")} a contact email on the application's page, then send the letters.`,
      };
    }
    if (found.unreleased === 0) {
      return { ok: false, alreadySent: false, status: 409, message: "There are no decisions to send: no application of this round is with the panel." };
    }
    if (fingerprint !== found.fingerprint) {
      return { ok: false, alreadySent: false, status: 409, message: "The decisions have changed since you opened this page: check them and send again" };
    }
    const programme = tx.select().from(schema.programmes).where(eq(schema.programmes.id, cycle.programmeId)).get()!;
    const pending = tx
      .select({ decision: schema.decisions, application: schema.applications, organisationName: schema.organisations.name })
      .from(schema.decisions)
      .innerJoin(schema.applications, eq(schema.applications.id, schema.decisions.applicationId))
      .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
      .where(and(eq(schema.applications.cycleId, cycleId), isNull(schema.decisions.releasedAt), awaitingDecision()))
      .orderBy(asc(schema.applications.reference), asc(schema.applications.id))
      .all();
    const appUrl = getSettings().appUrl;
    if (pending.some((p) => p.decision.outcome === "award")) ensureRoundSchedule(tx, cycleId, programme.slug, staff.id);
    let letters = 0;
    let nobody = 0;
    for (const { decision, application, organisationName } of pending) {
      const claimed = tx
        .update(schema.decisions)
        .set({ releasedAt: now })
        .where(and(eq(schema.decisions.id, decision.id), isNull(schema.decisions.releasedAt)))
        .run();
      if (claimed.changes !== 1) continue;
      tx.update(schema.applications)
        .set({ status: STATUS_AFTER[decision.outcome], version: sql`${schema.applications.version} + 1`, updatedAt: now })
        .where(eq(schema.applications.id, application.id))
        .run();
      // An award's offer is made with its letter, which links to it.
      const award = decision.outcome === "award" ? createOffer(tx, { decision, application, cycle, actorUserId: staff.id, now }) : null;
      recordAudit(tx, {
        actorUserId: staff.id,
        action: "application.decision_released",
        entityType: "application",
        entityId: application.id,
        summary: applicantSummary(decision),
        details: { decisionId: decision.id, outcome: decision.outcome, amountPence: decision.amountPence },
      });
      const recipients = letterRecipients(tx, application.organisationId);
      // Checked above, in this transaction: a letter to nobody is never counted as sent.
      if (!recipients.length) nobody++;
      for (const recipient of recipients) {
        const sent = enqueueEmail(tx, {
          to: recipient.email,
          template: "decision-letter",
          data: decisionLetterData({
            name: recipient.name,
            application,
            organisationName,
            programmeName: programme.name,
            cycleName: cycle.name,
            decision,
            viewUrl: award ? `${appUrl}/awards/${award.id}` : `${appUrl}/applications/${application.id}`,
          }),
          dedupeKey: `decision-letter:${decision.id}:${recipient.key}`,
        });
        if (sent) letters++;
      }
    }
    if (nobody) throw new Error(`Round ${cycleId}: ${nobody} decision letters had nobody to go to after the check`);
    // Claimed only if nobody released the round meanwhile: the one release.
    const claimed = tx
      .update(schema.cycles)
      .set({ decisionsReleasedAt: now, updatedAt: now })
      .where(and(eq(schema.cycles.id, cycleId), isNull(schema.cycles.decisionsReleasedAt)))
      .run();
    if (claimed.changes !== 1) throw new Error(`Round ${cycleId} was released twice at once`);
    const counts = (o: DecisionOutcome) => pending.filter((p) => p.decision.outcome === o).length;
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "cycle.decisions_released",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Sent ${pending.length} decision${pending.length === 1 ? "" : "s"} (${counts("award")} awarded, ${counts("decline")} not funded, ${counts("reserve")} on the reserve list) in ${letters} letter${letters === 1 ? "" : "s"}`,
      details: { applicationIds: pending.map((p) => p.application.id), decisions: pending.length, letters, fingerprint },
    });
    return { ok: true, released: pending.length, letters };
  });
}

/** What a decision letter says to one person: the release and the letter previews fill it in the same way. */
export function decisionLetterData(o: {
  name: string;
  application: { reference: string | null; title: string | null };
  organisationName: string;
  programmeName: string;
  cycleName: string;
  decision: Pick<Decision, "outcome" | "amountPence" | "conditions" | "feedback">;
  viewUrl: string;
}): TemplateData<"decision-letter"> {
  return {
    name: o.name,
    reference: o.application.reference ?? "",
    title: o.application.title ?? "",
    organisationName: o.organisationName,
    programmeName: o.programmeName,
    cycleName: o.cycleName,
    outcome: o.decision.outcome,
    amountPence: o.decision.amountPence,
    conditions: o.decision.conditions,
    feedback: o.decision.feedback,
    viewUrl: o.viewUrl,
  };
}

/** When the round's letters went, how many decisions and how many emails: read from the round's audit trail. */
export function releaseRecord(cycleId: number, tx: DbOrTx = db): { at: Date; decisions: number; letters: number } | null {
  const event = tx
    .select({ at: schema.auditEvents.at, details: schema.auditEvents.details })
    .from(schema.auditEvents)
    .where(and(eq(schema.auditEvents.entityType, "cycle"), eq(schema.auditEvents.entityId, cycleId), eq(schema.auditEvents.action, "cycle.decisions_released")))
    .orderBy(desc(schema.auditEvents.id))
    .limit(1)
    .get();
  if (!event) return null;
  const details = (event.details ?? {}) as { applicationIds?: number[]; decisions?: number; letters?: number };
  return { at: event.at, decisions: details.decisions ?? details.applicationIds?.length ?? 0, letters: details.letters ?? 0 };
}

/** The line on the applicant's timeline: plain, and nothing the letter does not say. */
function applicantSummary(decision: Decision): string {
  switch (decision.outcome) {
    case "award":
      return `Awarded ${formatMoney(decision.amountPence ?? 0)}. The offer, with its grant terms, is waiting for your answer in the portal.`;
    case "decline":
      return "Not funded this time. The decision letter gives the panel's feedback.";
    case "reserve":
      return "Put on the reserve list. We will tell you if funding becomes available.";
  }
}
