// Staff setting up a round's panel: its settings, the scoring criteria, the members (invited by
// email, accepting with an account of that address), who scores what, and the reminders before
// scoring closes. Every change is one transaction with its audit record (and its email, through
// the outbox). What the panel then sees and scores is decided in panel-access.server.ts.
//
// Rules:
// - only staff change a panel; nothing about it changes once the round's decisions are released;
// - scoring, once closed (by its date or "Close scoring now"), opens again only if staff move the
//   closing day to a later day: saving the settings with the same closing day keeps the closing
//   time as it was (5pm, or the moment it was closed early);
// - once any panel member has declared on an application of the round, who scores what and
//   whether applicants' names are hidden cannot change (drafts would be taken away, or names
//   already seen "hidden");
// - the criteria cannot change once any panel member has saved a score in the round (their
//   scores would no longer compare); two criteria of a round never share a title;
// - an invitation is a random token, stored only as its SHA-256; only the invited address may
//   accept it, within 14 days; a removed member's link no longer works; it is not sent again
//   within a minute of the last time (a double click);
// - who scores what never pairs a member with an application they have a conflict with;
// - saving who scores what, or a criterion, is refused if what is stored changed since the page
//   showed it (its fingerprint, in a hidden field), rather than overwriting someone's change.
import { createHash } from "node:crypto";
import { and, asc, count, eq, gt, inArray, isNull, lte, max, ne } from "drizzle-orm";
import { INVITATION_TOKEN, type CriterionInput, type PanelInvite, type PanelSettings } from "~/schemas/panel";
import { hashToken, newToken } from "~/utils/crypto.server";
import { db, schema, transaction, type DbOrTx, type Tx } from "~/utils/db.server";
import { formatDeadline, formatTime, ukDate } from "~/utils/format";
import { getSettings } from "~/utils/settings.server";
import { recordAudit } from "./audit.server";
import { enqueueEmail } from "./outbox.server";
import {
  atPanelStage,
  conflictedPairs,
  criteriaOf,
  expectedScorers,
  notPassedEligibility,
  pairKey,
  panelApplications,
  scoringWindow,
  type Criterion,
  type Cycle,
  type ModelResult,
  type Staff,
} from "./panel-access.server";

export const PANEL_INVITATION_DAYS = 14;
/** The reminder job writes to panel members with applications to score when scoring closes within this many days. */
export const REMINDER_DAYS_BEFORE_CLOSING = 3;
/** Enough criteria for any round; stops a runaway script filling the table. */
export const MAX_CRITERIA = 20;
/** An invitation is not sent again sooner than this after the last one (a second click). */
export const RESEND_PAUSE_MS = 60 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** Staff, with the name that goes in the invitation email. */
type Actor = Staff & { name: string };

type Ok<T = object> = Extract<ModelResult, { ok: true }> & T;
export type Refused = Extract<ModelResult, { ok: false }>;
/** Refused because of what was given in the form: each message goes by its field. */
export type FieldRefused = { ok: false; status: 400 | 409; message: string; errors: Record<string, string> };
export type SetupResult<T = object> = Ok<T> | Refused | FieldRefused;

const refused = (status: Refused["status"], message: string): Refused => ({ ok: false, status, message });

function fieldRefused(status: FieldRefused["status"], errors: Record<string, string>): FieldRefused {
  return { ok: false, status, message: Object.values(errors)[0] ?? "", errors };
}

const NOT_STAFF = refused(403, "Only staff can set up a panel.");

export const RELEASED_MESSAGE = "The decisions on this round have been released, so its panel can no longer change.";
export const SCORING_STARTED_MESSAGE = "Panel members have started scoring, so the criteria cannot change: their scores would no longer compare.";
export const ASSIGNMENT_LOCKED_MESSAGE =
  "Panel members have started declaring conflicts of interest on this round's applications, so who scores what cannot change now: switching could take away applications they have started on.";
export const HIDE_NAMES_LOCKED_MESSAGE =
  "Panel members have started declaring conflicts of interest on this round's applications, and may have seen applicants' names, so whether names are hidden cannot change now.";
export const ASSIGNMENTS_CHANGED_MESSAGE =
  "Someone else changed who scores what while you had this page open, so nothing was saved. The boxes show what you ticked: check them and save again.";
export const CRITERION_CHANGED_MESSAGE =
  "Someone else changed this criterion while you had this page open, so nothing was saved. What you typed is below, and the criterion as it is saved now is shown under it: check and save again.";

const fingerprint = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

function cycleOf(cycleId: number, tx: DbOrTx = db): Cycle | undefined {
  return tx.select().from(schema.cycles).where(eq(schema.cycles.id, cycleId)).get();
}

/** The round and its programme's name, or null. */
export function panelCycle(cycleId: number) {
  return (
    db
      .select({ cycle: schema.cycles, programmeName: schema.programmes.name })
      .from(schema.cycles)
      .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
      .where(eq(schema.cycles.id, cycleId))
      .get() ?? null
  );
}

// ---------------------------------------------------------------------------------------------
// Counting: who has what still to score
// ---------------------------------------------------------------------------------------------

/** Submitted scorecards of the round, as "applicationId:panelMemberId". */
function submittedPairs(cycleId: number, tx: DbOrTx = db): Set<string> {
  return new Set(
    tx
      .select({ a: schema.scorecards.applicationId, m: schema.scorecards.panelMemberId })
      .from(schema.scorecards)
      .innerJoin(schema.applications, eq(schema.applications.id, schema.scorecards.applicationId))
      .where(and(eq(schema.applications.cycleId, cycleId), eq(schema.scorecards.status, "submitted")))
      .all()
      .map((r) => pairKey(r.a, r.m)),
  );
}

/** For each active member: the applications they are expected to score, and how many of those they have submitted. */
export function scoringProgress(cycleId: number, tx: DbOrTx = db): Map<number, { expected: number; submitted: number }> {
  const expected = expectedScorers(cycleId, tx);
  const submitted = submittedPairs(cycleId, tx);
  const progress = new Map<number, { expected: number; submitted: number }>();
  for (const [applicationId, memberIds] of expected) {
    for (const memberId of memberIds) {
      const p = progress.get(memberId) ?? { expected: 0, submitted: 0 };
      p.expected++;
      if (submitted.has(pairKey(applicationId, memberId))) p.submitted++;
      progress.set(memberId, p);
    }
  }
  return progress;
}

/** Has any panel member saved a score (a draft or submitted scorecard) on an application of the round? */
export function scoringHasStarted(cycleId: number, tx: DbOrTx = db): boolean {
  return !!tx
    .select({ id: schema.scorecards.id })
    .from(schema.scorecards)
    .innerJoin(schema.applications, eq(schema.applications.id, schema.scorecards.applicationId))
    .where(eq(schema.applications.cycleId, cycleId))
    .limit(1)
    .get();
}

// ---------------------------------------------------------------------------------------------
// The panel page: settings, members, and what staff can do
// ---------------------------------------------------------------------------------------------

export function panelMembersOf(cycleId: number, tx: DbOrTx = db) {
  return tx
    .select()
    .from(schema.panelMembers)
    .where(eq(schema.panelMembers.cycleId, cycleId))
    .orderBy(asc(schema.panelMembers.name), asc(schema.panelMembers.id))
    .all();
}

export function panelOverview(cycleId: number, now = new Date()) {
  const found = panelCycle(cycleId);
  if (!found) return null;
  const progress = scoringProgress(cycleId);
  const members = panelMembersOf(cycleId).map((m) => {
    const p = progress.get(m.id) ?? { expected: 0, submitted: 0 };
    return {
      id: m.id,
      name: m.name,
      email: m.email,
      affiliation: m.affiliation,
      status: m.status,
      invitedAt: m.invitedAt,
      acceptedAt: m.acceptedAt,
      invitationExpired: m.status === "invited" && invitationExpiresAt(m.invitedAt) <= now,
      expected: p.expected,
      submitted: p.submitted,
    };
  });
  return {
    ...found,
    window: scoringWindow(found.cycle, now),
    members,
    /** Active members with applications still to score: who "Send reminders now" would write to. */
    toRemind: members.filter((m) => m.status === "active" && m.submitted < m.expected).length,
  };
}

/** Has any panel member declared (a conflict or none) on an application of the round? */
export function declarationsStarted(cycleId: number, tx: DbOrTx = db): boolean {
  return !!tx
    .select({ id: schema.conflictDeclarations.id })
    .from(schema.conflictDeclarations)
    .innerJoin(schema.applications, eq(schema.applications.id, schema.conflictDeclarations.applicationId))
    .where(eq(schema.applications.cycleId, cycleId))
    .limit(1)
    .get();
}

/** The UK day of an instant, "2027-06-30", for comparing days rather than times. */
const ukDay = (value: Date) => ukDate(0, value);

const sameUkDay = (a: Date | null, b: Date | null) => !!a && !!b && ukDay(a) === ukDay(b);

/**
 * Why the settings page cannot offer a change, for its hints (the model refuses anyway): the
 * time scoring closed or closes if it is not the usual 5pm, and the locks once declarations exist.
 */
export function panelSettingsNotes(cycle: Cycle, now = new Date()) {
  const closesAt = cycle.scoringClosesAt;
  const window = scoringWindow(cycle, now);
  const declared = declarationsStarted(cycle.id);
  return {
    closes:
      closesAt && window === "closed"
        ? `Scoring closed at ${formatDeadline(closesAt)}. Keeping this day keeps it closed. To open scoring again, enter a later day.`
        : closesAt && formatTime(closesAt) !== "5pm"
        ? `Scoring closes at ${formatDeadline(closesAt)}. Keeping this day keeps that time.`
        : null,
    assignment: declared ? ASSIGNMENT_LOCKED_MESSAGE : null,
    anonymise: declared ? HIDE_NAMES_LOCKED_MESSAGE : null,
    gate: gateNote(cycle),
  };
}

/** What choosing the stage gate would do now: how many submitted applications have not passed their eligibility check. */
function gateNote(cycle: Cycle): string | null {
  const unchecked =
    db
      .select({ n: count() })
      .from(schema.applications)
      .where(and(eq(schema.applications.cycleId, cycle.id), notPassedEligibility()))
      .get()?.n ?? 0;
  if (!unchecked) return null;
  const which = unchecked === 1 ? "1 submitted application has" : `${unchecked} submitted applications have`;
  return cycle.panelAfterEligibility
    ? `${which} not passed the eligibility check yet, so the panel cannot see ${unchecked === 1 ? "it" : "them"}. Choosing no shows ${unchecked === 1 ? "it" : "them"} to the panel now.`
    : `${which} not passed the eligibility check. Choosing yes hides ${unchecked === 1 ? "it" : "them"} from the panel, with any scores, until staff pass ${unchecked === 1 ? "its" : "each one's"} check.`;
}

/**
 * Staff change the panel settings: scoring dates, anonymity, who scores what, the minimum
 * scorers and the disagreement threshold. A scoring day the same as the one stored keeps the
 * stored time. Refused (by the field) if it would open scoring again after it has closed without
 * moving the closing day later, or switch who scores what or hiding names once panel members
 * have started declaring. Opening scoring again by a later closing day is audited as such.
 */
export function updatePanelSettings(actor: Staff, cycleId: number, settings: PanelSettings, now = new Date()): SetupResult {
  if (!actor.isStaff) return NOT_STAFF;
  return transaction((tx): SetupResult => {
    const cycle = cycleOf(cycleId, tx);
    if (!cycle) return refused(404, "Page not found.");
    if (cycle.decisionsReleasedAt) return refused(409, RELEASED_MESSAGE);
    // The page shows days only: the same day keeps the time stored (closed early at 10:32, say).
    const next = {
      ...settings,
      scoringOpensAt: sameUkDay(settings.scoringOpensAt, cycle.scoringOpensAt) ? cycle.scoringOpensAt : settings.scoringOpensAt,
      scoringClosesAt: sameUkDay(settings.scoringClosesAt, cycle.scoringClosesAt) ? cycle.scoringClosesAt : settings.scoringClosesAt,
    };
    const errors: Record<string, string> = {};
    const wasClosed = scoringWindow(cycle, now) === "closed";
    const reopens = wasClosed && scoringWindow({ ...next, decisionsReleasedAt: null }, now) !== "closed";
    const closedAt = cycle.scoringClosesAt;
    if (reopens && closedAt && !(next.scoringClosesAt && ukDay(next.scoringClosesAt) > ukDay(closedAt))) {
      errors.closesDay = `Scoring closed at ${formatDeadline(closedAt)}. To open it again, enter a later day for scoring to close`;
    }
    if (declarationsStarted(cycleId, tx)) {
      if (next.anonymiseApplicants !== cycle.anonymiseApplicants) errors.anonymise = HIDE_NAMES_LOCKED_MESSAGE;
      if (next.everyoneScoresEverything !== cycle.everyoneScoresEverything) errors.assignment = ASSIGNMENT_LOCKED_MESSAGE;
    }
    if (Object.keys(errors).length) return fieldRefused(409, errors);

    const shape = (c: typeof next) => ({
      scoringOpensAt: c.scoringOpensAt?.toISOString() ?? null,
      scoringClosesAt: c.scoringClosesAt?.toISOString() ?? null,
      anonymiseApplicants: c.anonymiseApplicants,
      panelAfterEligibility: c.panelAfterEligibility,
      everyoneScoresEverything: c.everyoneScoresEverything,
      minScorersPerApplication: c.minScorersPerApplication,
      disagreementThreshold: c.disagreementThreshold,
    });
    const before = shape(cycle);
    const after = shape(next);
    if (JSON.stringify(before) === JSON.stringify(after)) return { ok: true, changed: false }; // saved twice, or nothing changed
    tx.update(schema.cycles)
      .set({ ...next, updatedAt: now })
      .where(eq(schema.cycles.id, cycleId))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "cycle.panel_settings_changed",
      entityType: "cycle",
      entityId: cycleId,
      summary:
        before.panelAfterEligibility === after.panelAfterEligibility
          ? "Changed the panel settings"
          : `Changed the panel settings: ${
              after.panelAfterEligibility
                ? "the panel now sees an application only once staff have passed its eligibility check"
                : "the panel now sees an application as soon as it is submitted"
            }`,
      details: { before, after },
    });
    if (reopens) {
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "cycle.scoring_reopened",
        entityType: "cycle",
        entityId: cycleId,
        summary: `Opened scoring again: it had closed at ${formatDeadline(closedAt!)}, and now closes at ${formatDeadline(next.scoringClosesAt!)}`,
        details: { closedAt: before.scoringClosesAt, closesAt: after.scoringClosesAt, opensAt: after.scoringOpensAt },
      });
    }
    return { ok: true, changed: true };
  });
}

/** Ends scoring at once (the closing time becomes now). Only while scoring is open. */
export function closeScoringNow(actor: Staff, cycleId: number, now = new Date()): SetupResult {
  if (!actor.isStaff) return NOT_STAFF;
  return transaction((tx): SetupResult => {
    const cycle = cycleOf(cycleId, tx);
    if (!cycle) return refused(404, "Page not found.");
    if (scoringWindow(cycle, now) !== "open") return refused(409, "Scoring is not open, so it cannot be closed now.");
    tx.update(schema.cycles).set({ scoringClosesAt: now, updatedAt: now }).where(eq(schema.cycles.id, cycleId)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "cycle.scoring_closed",
      entityType: "cycle",
      entityId: cycleId,
      summary: "Closed scoring early",
      details: { plannedClosesAt: cycle.scoringClosesAt?.toISOString() ?? null, closedAt: now.toISOString() },
    });
    return { ok: true, changed: true };
  });
}

// ---------------------------------------------------------------------------------------------
// Members: invite, send again, remove
// ---------------------------------------------------------------------------------------------

export const invitationExpiresAt = (invitedAt: Date) => new Date(invitedAt.getTime() + PANEL_INVITATION_DAYS * DAY_MS);

function sendInvitation(tx: Tx, actor: Actor, cycle: Cycle, member: { id: number; name: string; email: string }, token: string, invitedAt: Date) {
  const programme = tx.select({ name: schema.programmes.name }).from(schema.programmes).where(eq(schema.programmes.id, cycle.programmeId)).get();
  const hasAccount = !!tx.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, member.email)).get();
  enqueueEmail(tx, {
    to: member.email,
    template: "panel-invitation",
    data: {
      name: member.name,
      email: member.email,
      inviterName: actor.name,
      cycleName: cycle.name,
      programmeName: programme?.name ?? "funding programme",
      scoringOpensAt: cycle.scoringOpensAt?.toISOString() ?? null,
      scoringClosesAt: cycle.scoringClosesAt?.toISOString() ?? null,
      acceptUrl: `${getSettings().appUrl}/panel/invitations/accept?token=${token}`,
      days: PANEL_INVITATION_DAYS,
      hasAccount,
    },
    dedupeKey: `panel-invitation:${member.id}:${invitedAt.getTime()}`,
  });
}

/**
 * Invites a person to the round's panel by email. The same address twice makes one member:
 * the second time is refused (they are already invited or on the panel), unless they had been
 * removed, when they are invited afresh.
 */
export function invitePanelMember(actor: Actor, cycleId: number, input: PanelInvite, now = new Date()): SetupResult<{ panelMemberId: number }> {
  if (!actor.isStaff) return NOT_STAFF;
  const email = input.email.trim().toLowerCase();
  return transaction((tx): SetupResult<{ panelMemberId: number }> => {
    const cycle = cycleOf(cycleId, tx);
    if (!cycle) return refused(404, "Page not found.");
    if (cycle.decisionsReleasedAt) return refused(409, RELEASED_MESSAGE);
    const existing = tx
      .select()
      .from(schema.panelMembers)
      .where(and(eq(schema.panelMembers.cycleId, cycleId), eq(schema.panelMembers.email, email)))
      .get();
    if (existing && existing.status === "active") return fieldRefused(400, { email: `${email} is already on this round's panel` });
    if (existing && existing.status === "invited") {
      return fieldRefused(400, {
        email: `${email} is already invited to this round's panel. To send the email again, use "Send the invitation again" beside their name`,
      });
    }
    const { token, hash } = newToken();
    const values = {
      name: input.name,
      affiliation: input.affiliation || null,
      status: "invited" as const,
      invitationTokenHash: hash,
      invitedAt: now,
    };
    const member = existing
      ? tx
          .update(schema.panelMembers)
          .set({ ...values, userId: null, acceptedAt: null })
          .where(eq(schema.panelMembers.id, existing.id))
          .returning()
          .get()
      : tx
          .insert(schema.panelMembers)
          .values({ ...values, cycleId, email, createdAt: now })
          .returning()
          .get();
    sendInvitation(tx, actor, cycle, member, token, now);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "panel.member_invited",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Invited ${member.name} (${email}) to the panel${existing ? " again, after they had been removed" : ""}`,
      details: { panelMemberId: member.id, email, affiliation: member.affiliation },
    });
    return { ok: true, changed: true, panelMemberId: member.id };
  });
}

function memberOf(cycleId: number, panelMemberId: number, tx: DbOrTx) {
  return tx
    .select()
    .from(schema.panelMembers)
    .where(and(eq(schema.panelMembers.id, panelMemberId), eq(schema.panelMembers.cycleId, cycleId)))
    .get();
}

/**
 * A new link (the old one stops working) and 14 more days, for an invitation not yet accepted.
 * Within a minute of the last email (a second click), nothing is sent: `changed` is false.
 */
export function resendPanelInvitation(actor: Actor, cycleId: number, panelMemberId: number, now = new Date()): SetupResult {
  if (!actor.isStaff) return NOT_STAFF;
  return transaction((tx): SetupResult => {
    const cycle = cycleOf(cycleId, tx);
    const member = cycle ? memberOf(cycleId, panelMemberId, tx) : undefined;
    if (!cycle || !member) return refused(404, "That person is not on this round's panel.");
    if (cycle.decisionsReleasedAt) return refused(409, RELEASED_MESSAGE);
    if (member.status !== "invited") {
      return refused(
        409,
        member.status === "active" ? `${member.name} has already joined the panel.` : `${member.name} has been removed from the panel.`,
      );
    }
    if (now.getTime() - member.invitedAt.getTime() < RESEND_PAUSE_MS) return { ok: true, changed: false };
    const { token, hash } = newToken();
    tx.update(schema.panelMembers).set({ invitationTokenHash: hash, invitedAt: now }).where(eq(schema.panelMembers.id, member.id)).run();
    sendInvitation(tx, actor, cycle, member, token, now);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "panel.invitation_resent",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Sent the panel invitation to ${member.name} (${member.email}) again`,
      details: { panelMemberId: member.id },
    });
    return { ok: true, changed: true };
  });
}

/** Takes a member off the panel: from now on they see nothing of the round. Their scores stay, for the record. */
export function removePanelMember(actor: Staff, cycleId: number, panelMemberId: number): SetupResult {
  if (!actor.isStaff) return NOT_STAFF;
  return transaction((tx): SetupResult => {
    const cycle = cycleOf(cycleId, tx);
    const member = cycle ? memberOf(cycleId, panelMemberId, tx) : undefined;
    if (!cycle || !member) return refused(404, "That person is not on this round's panel.");
    if (cycle.decisionsReleasedAt) return refused(409, RELEASED_MESSAGE);
    if (member.status === "removed") return { ok: true, changed: false }; // a second click
    tx.update(schema.panelMembers).set({ status: "removed" }).where(eq(schema.panelMembers.id, member.id)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "panel.member_removed",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Removed ${member.name} (${member.email}) from the panel`,
      details: { panelMemberId: member.id, was: member.status },
    });
    return { ok: true, changed: true };
  });
}

// ---------------------------------------------------------------------------------------------
// Accepting an invitation
// ---------------------------------------------------------------------------------------------

export type PanelInvitationProblem = "invalid" | "expired" | "accepted" | "wrong_email" | "removed";

function findPanelInvitation(token: string, tx: DbOrTx = db) {
  if (!INVITATION_TOKEN.test(token)) return null;
  return (
    tx
      .select({ member: schema.panelMembers, cycle: schema.cycles, programmeName: schema.programmes.name })
      .from(schema.panelMembers)
      .innerJoin(schema.cycles, eq(schema.cycles.id, schema.panelMembers.cycleId))
      .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
      .where(eq(schema.panelMembers.invitationTokenHash, hashToken(token)))
      .get() ?? null
  );
}

type Found = NonNullable<ReturnType<typeof findPanelInvitation>>;

function problemWith({ member }: Found, user: { id: number; email: string }, now: Date): PanelInvitationProblem | null {
  if (member.status === "removed") return "removed";
  if (member.status === "active") return member.userId === user.id ? null : "accepted";
  if (invitationExpiresAt(member.invitedAt) <= now) return "expired";
  if (member.email.toLowerCase() !== user.email.trim().toLowerCase()) return "wrong_email";
  return null;
}

/** What the accept page shows: the round, and any reason this person cannot accept. */
export function checkPanelInvitation(token: string, user: { id: number; email: string }, now = new Date()) {
  const found = findPanelInvitation(token);
  if (!found) return null;
  return {
    cycleId: found.cycle.id,
    cycleName: found.cycle.name,
    programmeName: found.programmeName,
    scoringOpensAt: found.cycle.scoringOpensAt,
    scoringClosesAt: found.cycle.scoringClosesAt,
    name: found.member.name,
    email: found.member.email,
    affiliation: found.member.affiliation,
    expiresAt: invitationExpiresAt(found.member.invitedAt),
    accepted: found.member.status === "active",
    problem: problemWith(found, user, now),
  };
}

export type AcceptPanelResult = { ok: true; cycleId: number; already: boolean } | { ok: false; problem: PanelInvitationProblem; email?: string };

/** Takes the seat on the panel, if the invitation is pending, in date, and sent to this person's address. */
export function acceptPanelInvitation(user: { id: number; email: string }, token: string, now = new Date()): AcceptPanelResult {
  return transaction((tx): AcceptPanelResult => {
    const found = findPanelInvitation(token, tx);
    if (!found) return { ok: false, problem: "invalid" };
    const { member } = found;
    const problem = problemWith(found, user, now);
    if (problem) return { ok: false, problem, email: member.email };
    if (member.status === "active") return { ok: true, cycleId: member.cycleId, already: true }; // this person, a second click
    tx.update(schema.panelMembers)
      .set({ userId: user.id, status: "active", acceptedAt: now })
      .where(and(eq(schema.panelMembers.id, member.id), eq(schema.panelMembers.status, "invited")))
      .run();
    recordAudit(tx, {
      actorUserId: user.id,
      action: "panel.member_joined",
      entityType: "cycle",
      entityId: member.cycleId,
      summary: `${member.name} (${member.email}) accepted the invitation and joined the panel`,
      details: { panelMemberId: member.id },
    });
    return { ok: true, cycleId: member.cycleId, already: false };
  });
}

// ---------------------------------------------------------------------------------------------
// Scoring criteria
// ---------------------------------------------------------------------------------------------

/** The criterion, if it belongs to this round. */
export function criterionOf(cycleId: number, criterionId: number, tx: DbOrTx = db): Criterion | undefined {
  return tx
    .select()
    .from(schema.criteria)
    .where(and(eq(schema.criteria.id, criterionId), eq(schema.criteria.cycleId, cycleId)))
    .get();
}

type CriterionShape = Omit<CriterionInput, "guidance"> & { guidance: string | null };

/** What a criterion says, in a fixed order: the page's fingerprint of it, and how to tell a second click. */
const criterionValues = (c: CriterionShape) => {
  const descriptors: [string, string][] = [];
  for (let score = c.scaleMin; score <= c.scaleMax; score++) descriptors.push([String(score), c.descriptors[String(score)] ?? ""]);
  return [c.title, c.guidance ?? "", c.weight, c.scaleMin, c.scaleMax, descriptors];
};

/** The fingerprint of a criterion as a page shows it, for the hidden field of its form. */
export const criterionFingerprint = (c: CriterionShape) => fingerprint(criterionValues(c));

/** Why the round's criteria cannot change now, if they cannot. */
function criteriaLocked(cycle: Cycle, tx: DbOrTx): Refused | null {
  if (cycle.decisionsReleasedAt) return refused(409, RELEASED_MESSAGE);
  if (scoringHasStarted(cycle.id, tx)) return refused(409, SCORING_STARTED_MESSAGE);
  return null;
}

/** Whether the criteria can still change, for the pages (the model refuses anyway). */
export function criteriaLockedMessage(cycleId: number): string | null {
  const cycle = cycleOf(cycleId);
  return cycle ? criteriaLocked(cycle, db)?.message ?? null : null;
}

const sameTitle = (a: string, b: string) => a.trim().toLocaleLowerCase("en-GB") === b.trim().toLocaleLowerCase("en-GB");

/** Another criterion of the round with this title, if there is one. */
function titleTaken(cycleId: number, title: string, tx: DbOrTx, except?: number): FieldRefused | null {
  const other = criteriaOf(cycleId, tx).find((c) => c.id !== except && sameTitle(c.title, title));
  return other ? fieldRefused(409, { title: `This round already has a criterion called "${other.title}". Give this one a different title` }) : null;
}

/** Adds a criterion at the end. A title the round already has is refused (a second click adds nothing). */
export function addCriterion(actor: Staff, cycleId: number, input: CriterionInput): SetupResult<{ criterionId: number }> {
  if (!actor.isStaff) return NOT_STAFF;
  return transaction((tx): SetupResult<{ criterionId: number }> => {
    const cycle = cycleOf(cycleId, tx);
    if (!cycle) return refused(404, "Page not found.");
    const locked = criteriaLocked(cycle, tx);
    if (locked) return locked;
    const taken = titleTaken(cycleId, input.title, tx);
    if (taken) return taken;
    const existing = tx
      .select({ n: count(), last: max(schema.criteria.sortOrder) })
      .from(schema.criteria)
      .where(eq(schema.criteria.cycleId, cycleId))
      .get();
    if ((existing?.n ?? 0) >= MAX_CRITERIA) return fieldRefused(400, { title: `A round can have up to ${MAX_CRITERIA} criteria` });
    const criterion = tx
      .insert(schema.criteria)
      .values({ ...input, cycleId, sortOrder: (existing?.last ?? -1) + 1 })
      .returning()
      .get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "criterion.added",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Added the criterion "${input.title}"`,
      details: { criterionId: criterion.id, ...input },
    });
    return { ok: true, changed: true, criterionId: criterion.id };
  });
}

/**
 * Changes a criterion. `shown` is the fingerprint of the criterion as the page showed it: if it
 * has changed since, the save is refused (409). The same values saved twice change nothing.
 */
export function updateCriterion(actor: Staff, cycleId: number, criterionId: number, input: CriterionInput, shown: string): SetupResult {
  if (!actor.isStaff) return NOT_STAFF;
  return transaction((tx): SetupResult => {
    const cycle = cycleOf(cycleId, tx);
    const criterion = cycle ? criterionOf(cycleId, criterionId, tx) : undefined;
    if (!cycle || !criterion) return refused(404, "Page not found.");
    const locked = criteriaLocked(cycle, tx);
    if (locked) return locked;
    const now = criterionFingerprint(criterion);
    if (now === criterionFingerprint(input)) return { ok: true, changed: false }; // a second click, or nothing changed
    if (now !== shown) return refused(409, CRITERION_CHANGED_MESSAGE);
    const taken = titleTaken(cycleId, input.title, tx, criterionId);
    if (taken) return taken;
    tx.update(schema.criteria).set(input).where(eq(schema.criteria.id, criterionId)).run();
    const { id: _id, cycleId: _cycle, sortOrder: _order, ...before } = criterion;
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "criterion.changed",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Changed the criterion "${input.title}"`,
      details: { criterionId, before, after: input },
    });
    return { ok: true, changed: true };
  });
}

export function removeCriterion(actor: Staff, cycleId: number, criterionId: number): SetupResult {
  if (!actor.isStaff) return NOT_STAFF;
  return transaction((tx): SetupResult => {
    const cycle = cycleOf(cycleId, tx);
    if (!cycle) return refused(404, "Page not found.");
    const criterion = criterionOf(cycleId, criterionId, tx);
    if (!criterion) {
      // Removed already (a second click), or another round's: nothing to do, and nothing said about it.
      return tx.select({ id: schema.criteria.id }).from(schema.criteria).where(eq(schema.criteria.id, criterionId)).get()
        ? refused(404, "Page not found.")
        : { ok: true, changed: false };
    }
    const locked = criteriaLocked(cycle, tx);
    if (locked) return locked;
    tx.delete(schema.criteria).where(eq(schema.criteria.id, criterionId)).run();
    const { id: _id, cycleId: _cycle, ...removed } = criterion;
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "criterion.removed",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Removed the criterion "${criterion.title}"`,
      details: { criterionId, ...removed },
    });
    return { ok: true, changed: true };
  });
}

// ---------------------------------------------------------------------------------------------
// Conflicts of interest and who scores what
// ---------------------------------------------------------------------------------------------


/** Panel members (not removed) who belong to an organisation that applied to the round: for the page to list. */
function applicantMemberships(cycleId: number, tx: DbOrTx) {
  return tx
    .select({
      applicationId: schema.applications.id,
      reference: schema.applications.reference,
      title: schema.applications.title,
      organisationName: schema.organisations.name,
      panelMemberId: schema.panelMembers.id,
      memberName: schema.panelMembers.name,
    })
    .from(schema.panelMembers)
    .innerJoin(schema.organisationMembers, eq(schema.organisationMembers.userId, schema.panelMembers.userId))
    .innerJoin(schema.applications, eq(schema.applications.organisationId, schema.organisationMembers.organisationId))
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
    .where(
      and(
        eq(schema.panelMembers.cycleId, cycleId),
        ne(schema.panelMembers.status, "removed"),
        eq(schema.applications.cycleId, cycleId),
        atPanelStage(),
      ),
    )
    .orderBy(asc(schema.applications.reference), asc(schema.panelMembers.name))
    .all();
}

/** Who scores what in the round as stored: pairKey(applicationId, panelMemberId), sorted. */
function assignedPairs(cycleId: number, tx: DbOrTx): string[] {
  return tx
    .select({ a: schema.panelAssignments.applicationId, m: schema.panelAssignments.panelMemberId })
    .from(schema.panelAssignments)
    .innerJoin(schema.applications, eq(schema.applications.id, schema.panelAssignments.applicationId))
    .where(eq(schema.applications.cycleId, cycleId))
    .all()
    .map((r) => pairKey(r.a, r.m))
    .sort();
}

/** The fingerprint of who scores what as stored, for the hidden field of the table's form. */
const assignmentsFingerprint = (pairs: readonly string[]) => fingerprint([...pairs].sort());

export function assignmentsOverview(cycleId: number) {
  const found = panelCycle(cycleId);
  if (!found) return null;
  const applications = panelApplications(cycleId);
  const members = db
    .select({ id: schema.panelMembers.id, name: schema.panelMembers.name, affiliation: schema.panelMembers.affiliation })
    .from(schema.panelMembers)
    .where(and(eq(schema.panelMembers.cycleId, cycleId), eq(schema.panelMembers.status, "active")))
    .orderBy(asc(schema.panelMembers.name), asc(schema.panelMembers.id))
    .all();
  const declarations = db
    .select({
      id: schema.conflictDeclarations.id,
      applicationId: schema.applications.id,
      reference: schema.applications.reference,
      title: schema.applications.title,
      memberName: schema.panelMembers.name,
      memberStatus: schema.panelMembers.status,
      hasConflict: schema.conflictDeclarations.hasConflict,
      nature: schema.conflictDeclarations.nature,
      declaredAt: schema.conflictDeclarations.declaredAt,
    })
    .from(schema.conflictDeclarations)
    .innerJoin(schema.applications, eq(schema.applications.id, schema.conflictDeclarations.applicationId))
    .innerJoin(schema.panelMembers, eq(schema.panelMembers.id, schema.conflictDeclarations.panelMemberId))
    .where(and(eq(schema.applications.cycleId, cycleId), eq(schema.panelMembers.cycleId, cycleId)))
    .orderBy(asc(schema.applications.reference), asc(schema.panelMembers.name))
    .all();
  const assigned = assignedPairs(cycleId, db);
  const expected = expectedScorers(cycleId);
  return {
    ...found,
    applications: applications.map((a) => ({ ...a, expected: expected.get(a.id)?.length ?? 0 })),
    members,
    declarations,
    applicantMembers: applicantMemberships(cycleId, db),
    conflicts: [...conflictedPairs(cycleId)],
    assigned,
    /** What the table shows as ticked, for its hidden field: saving is refused if this has changed meanwhile. */
    fingerprint: assignmentsFingerprint(assigned),
  };
}

/**
 * Replaces who scores what in the round, in one go. Refuses (changing nothing) any pair with a
 * conflict of interest, any application or member that is not of this round's panel, and a
 * table that someone else saved since the page showed it (`shown`, its fingerprint). The same
 * ticks saved twice change nothing.
 */
export function saveAssignments(
  actor: Staff,
  cycleId: number,
  pairs: { applicationId: number; panelMemberId: number }[],
  shown: string,
): SetupResult<{ count: number }> {
  if (!actor.isStaff) return NOT_STAFF;
  return transaction((tx): SetupResult<{ count: number }> => {
    const cycle = cycleOf(cycleId, tx);
    if (!cycle) return refused(404, "Page not found.");
    if (cycle.decisionsReleasedAt) return refused(409, RELEASED_MESSAGE);
    if (cycle.everyoneScoresEverything) {
      return refused(409, "Every panel member scores every application in this round. To choose who scores what, change the panel settings first.");
    }
    const stored = assignedPairs(cycleId, tx);
    const wanted = [...new Set(pairs.map((p) => pairKey(p.applicationId, p.panelMemberId)))].sort();
    if (JSON.stringify(stored) === JSON.stringify(wanted)) return { ok: true, changed: false, count: wanted.length }; // a second click
    if (assignmentsFingerprint(stored) !== shown) return fieldRefused(409, { assign: ASSIGNMENTS_CHANGED_MESSAGE });
    const applications = new Map(panelApplications(cycleId, tx).map((a) => [a.id, a]));
    const members = new Map(
      tx
        .select({ id: schema.panelMembers.id, name: schema.panelMembers.name })
        .from(schema.panelMembers)
        .where(and(eq(schema.panelMembers.cycleId, cycleId), eq(schema.panelMembers.status, "active")))
        .all()
        .map((m) => [m.id, m]),
    );
    const conflicts = conflictedPairs(cycleId, tx);
    for (const { applicationId, panelMemberId } of pairs) {
      const application = applications.get(applicationId);
      const member = members.get(panelMemberId);
      if (!application) {
        return fieldRefused(400, { assign: "One of the applications chosen is not one of this round's applications for the panel. Nothing was saved." });
      }
      if (!member) return fieldRefused(400, { assign: "One of the people chosen is not an active member of this round's panel. Nothing was saved." });
      if (conflicts.has(pairKey(applicationId, panelMemberId))) {
        return fieldRefused(400, {
          assign: `${member.name} has a conflict of interest with ${application.reference ?? "an application"}, so cannot score it. Nothing was saved.`,
        });
      }
    }
    const unique = wanted.map((key) => {
      const [applicationId, panelMemberId] = key.split(":").map(Number) as [number, number];
      return { applicationId, panelMemberId };
    });
    const roundApplications = tx.select({ id: schema.applications.id }).from(schema.applications).where(eq(schema.applications.cycleId, cycleId));
    tx.delete(schema.panelAssignments).where(inArray(schema.panelAssignments.applicationId, roundApplications)).run();
    if (unique.length) tx.insert(schema.panelAssignments).values(unique).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "panel.assignments_saved",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Saved who scores what: ${unique.length === 1 ? "1 pairing" : `${unique.length} pairings`} (${stored.length} before)`,
      details: { pairs: wanted, before: stored },
    });
    return { ok: true, changed: true, count: unique.length };
  });
}

// ---------------------------------------------------------------------------------------------
// Reminders
// ---------------------------------------------------------------------------------------------

export type ReminderReport = { sent: number; alreadySent: number };

/** Writes a reminder to each active member with applications still to score; each key is used once. */
function remind(tx: Tx, cycle: Cycle, keyOf: (memberId: number) => string): ReminderReport {
  const report: ReminderReport = { sent: 0, alreadySent: 0 };
  if (!cycle.scoringClosesAt) return report;
  const progress = scoringProgress(cycle.id, tx);
  const members = tx
    .select()
    .from(schema.panelMembers)
    .where(and(eq(schema.panelMembers.cycleId, cycle.id), eq(schema.panelMembers.status, "active")))
    .orderBy(asc(schema.panelMembers.id))
    .all();
  for (const member of members) {
    const p = progress.get(member.id);
    if (!p || p.submitted >= p.expected) continue;
    const added = enqueueEmail(tx, {
      to: member.email,
      template: "scoring-reminder",
      data: {
        name: member.name,
        cycleName: cycle.name,
        closesAt: cycle.scoringClosesAt.toISOString(),
        outstanding: p.expected - p.submitted,
        scoreUrl: `${getSettings().appUrl}/panel/cycles/${cycle.id}`,
      },
      dedupeKey: keyOf(member.id),
    });
    if (added) report.sent++;
    else report.alreadySent++;
  }
  return report;
}

/**
 * The reminder job: for each round whose scoring is open and closes within three days, one
 * reminder per member with applications still to score, per round and closing time. Run it as
 * often as you like: a reminder already written is not written again (the outbox's dedupe key).
 */
export function sendScoringReminders(now = new Date()): ReminderReport & { rounds: number } {
  const due = db
    .select()
    .from(schema.cycles)
    .where(
      and(
        isNull(schema.cycles.decisionsReleasedAt),
        lte(schema.cycles.scoringOpensAt, now),
        gt(schema.cycles.scoringClosesAt, now),
        lte(schema.cycles.scoringClosesAt, new Date(now.getTime() + REMINDER_DAYS_BEFORE_CLOSING * DAY_MS)),
      ),
    )
    .all();
  const total = { sent: 0, alreadySent: 0, rounds: due.length };
  for (const candidate of due) {
    const report = transaction((tx) => {
      const cycle = cycleOf(candidate.id, tx);
      if (!cycle || scoringWindow(cycle, now) !== "open" || !cycle.scoringClosesAt) return { sent: 0, alreadySent: 0 };
      const closesAt = cycle.scoringClosesAt.getTime();
      const report = remind(tx, cycle, (memberId) => `scoring-reminder:${cycle.id}:${memberId}:${closesAt}`);
      if (report.sent) {
        recordAudit(tx, {
          actorUserId: null,
          action: "panel.reminders_sent",
          entityType: "cycle",
          entityId: cycle.id,
          summary: `Reminded ${report.sent === 1 ? "1 panel member" : `${report.sent} panel members`} that scoring closes soon`,
          details: { sent: report.sent, alreadySent: report.alreadySent, closesAt: cycle.scoringClosesAt.toISOString() },
        });
      }
      return report;
    });
    total.sent += report.sent;
    total.alreadySent += report.alreadySent;
  }
  return total;
}

/** Staff send reminders now, while scoring is open: at most one per member per day. */
export function sendRemindersNow(actor: Staff, cycleId: number, now = new Date()): SetupResult<ReminderReport> {
  if (!actor.isStaff) return NOT_STAFF;
  return transaction((tx): SetupResult<ReminderReport> => {
    const cycle = cycleOf(cycleId, tx);
    if (!cycle) return refused(404, "Page not found.");
    if (scoringWindow(cycle, now) !== "open") return refused(409, "Scoring is not open, so there is nothing to remind the panel about.");
    const day = ukDate(0, now);
    const report = remind(tx, cycle, (memberId) => `scoring-reminder-now:${cycleId}:${memberId}:${day}`);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "panel.reminders_sent",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Sent scoring reminders: ${report.sent} sent, ${report.alreadySent} already sent today`,
      details: { ...report },
    });
    return { ok: true, changed: report.sent > 0, ...report };
  });
}
