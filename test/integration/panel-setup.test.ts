// Staff setting up a round's panel, at the model level: the settings, the criteria (locked once
// scoring starts), inviting, re-sending and removing members, accepting an invitation (right and
// wrong address, expired, removed, twice), who scores what (refusing conflicts and other rounds'
// ids), closing scoring early and the reminders (sent once however often the job runs).
import { createHash } from "node:crypto";
import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "~db/seed/index";
import { activeSeat, criteriaOf, expectedScorers, isRefusal, panelAccess, scoringWindow } from "~/models/panel-access.server";
import {
  acceptPanelInvitation,
  addCriterion,
  ASSIGNMENT_LOCKED_MESSAGE,
  ASSIGNMENTS_CHANGED_MESSAGE,
  CRITERION_CHANGED_MESSAGE,
  HIDE_NAMES_LOCKED_MESSAGE,
  assignmentsOverview,
  checkPanelInvitation,
  closeScoringNow,
  criteriaLockedMessage,
  criterionFingerprint,
  criterionOf,
  invitePanelMember,
  panelOverview,
  panelSettingsNotes,
  removeCriterion,
  removePanelMember,
  resendPanelInvitation,
  saveAssignments,
  SCORING_STARTED_MESSAGE,
  sendRemindersNow,
  sendScoringReminders,
  updateCriterion,
  updatePanelSettings,
} from "~/models/panel-setup.server";
import {
  criterionSchema,
  invitationTokenSchema,
  panelIntentSchema,
  panelInviteSchema,
  panelMemberIdSchema,
  panelSettingsSchema,
  type CriterionInput,
  type PanelSettings,
} from "~/schemas/panel";
import { db, schema } from "~/utils/db.server";

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

type Cycle = typeof schema.cycles.$inferSelect;
let template: Cycle;
let staff: { id: number; name: string; isStaff: boolean };
let seq = 0;

function person(email = `person-${++seq}@example.test`) {
  return db
    .insert(schema.users)
    .values({ email, name: `Person ${seq}`, passwordHash: "not used", emailConfirmedAt: new Date() })
    .returning()
    .get();
}

/** A closed round of its own, with `count` submitted applications (each from its own organisation with one member). */
function round(count = 2, values: Partial<Cycle> = {}) {
  seq++;
  const cycle = db
    .insert(schema.cycles)
    .values({
      ...template,
      id: undefined,
      name: `Round ${seq}`,
      opensAt: new Date(Date.now() - 40 * DAY),
      closesAt: new Date(Date.now() - 10 * DAY),
      scoringOpensAt: null,
      scoringClosesAt: null,
      everyoneScoresEverything: true,
      minScorersPerApplication: 2,
      decisionsReleasedAt: null,
      isDemo: false,
      // The demo round it copies waits for the eligibility check; these rounds do not (the stage gate has tests of its own).
      panelAfterEligibility: false,
      ...values,
    })
    .returning()
    .get();
  const applications = Array.from({ length: count }, (_, i) => {
    const member = person();
    const organisation = db
      .insert(schema.organisations)
      .values({ name: `Group ${seq}-${i}`, type: "community_or_faith_group" })
      .returning()
      .get();
    db.insert(schema.organisationMembers).values({ organisationId: organisation.id, userId: member.id, role: "owner" }).run();
    return {
      ...db
        .insert(schema.applications)
        .values({
          cycleId: cycle.id,
          organisationId: organisation.id,
          status: "submitted",
          title: `Project ${seq}-${i}`,
          reference: `PT-${cycle.id}-${i}`,
          submittedAt: new Date(Date.now() - 11 * DAY),
        })
        .returning()
        .get(),
      member,
    };
  });
  return { cycle, applications };
}

const cycleNow = (id: number) => db.select().from(schema.cycles).where(eq(schema.cycles.id, id)).get()!;
const memberNow = (id: number) => db.select().from(schema.panelMembers).where(eq(schema.panelMembers.id, id)).get()!;
const emailsTo = (to: string) =>
  db.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.toAddress, to)).orderBy(schema.outboxMessages.id).all();
const auditOf = (cycleId: number, action: string) =>
  db
    .select()
    .from(schema.auditEvents)
    .where(and(eq(schema.auditEvents.entityType, "cycle"), eq(schema.auditEvents.entityId, cycleId), eq(schema.auditEvents.action, action)))
    .all();

function lastToken(to: string) {
  const match = emailsTo(to)
    .at(-1)
    ?.text.match(/\/panel\/invitations\/accept\?token=([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`No panel invitation emailed to ${to}`);
  return match[1]!;
}

function invite(cycleId: number, email = `member-${++seq}@example.test`, name = `Member ${seq}`) {
  const result = invitePanelMember(staff, cycleId, panelInviteSchema.parse({ name, email, affiliation: "Fairness Taskforce" }));
  if (!result.ok) throw new Error(result.message);
  return { panelMemberId: result.panelMemberId, email, token: lastToken(email) };
}

/** An invited person who has accepted with an account of that address. */
function activeMember(cycleId: number) {
  const user = person();
  const { panelMemberId, token } = invite(cycleId, user.email, user.name);
  expect(acceptPanelInvitation(user, token)).toMatchObject({ ok: true });
  return { user, panelMemberId };
}

function scorecard(applicationId: number, panelMemberId: number, status: "draft" | "submitted" = "submitted") {
  db.insert(schema.scorecards)
    .values({ applicationId, panelMemberId, status, submittedAt: status === "submitted" ? new Date() : null })
    .run();
}

const settings = (values: Record<string, string> = {}): PanelSettings =>
  panelSettingsSchema.parse({
    opensDay: "1",
    opensMonth: "6",
    opensYear: "2027",
    closesDay: "30",
    closesMonth: "6",
    closesYear: "2027",
    anonymise: "yes",
    gate: "no",
    assignment: "everyone",
    minScorers: "3",
    threshold: "20",
    ...values,
  });

const criterion = (values: Record<string, string> = {}): CriterionInput =>
  criterionSchema.parse({
    title: "Reaches the greatest need",
    guidance: "Does it reach the people with the poorest health?",
    weight: "3",
    scaleMin: "0",
    scaleMax: "4",
    descriptors: "No evidence\nWeak evidence\nSome evidence\nGood evidence\nStrong evidence",
    ...values,
  });

/** Saves who scores what as staff would from a page opened just now. */
const save = (cycleId: number, pairs: { applicationId: number; panelMemberId: number }[]) =>
  saveAssignments(staff, cycleId, pairs, assignmentsOverview(cycleId)?.fingerprint ?? "");

/** Changes a criterion as staff would from its page opened just now. */
function change(cycleId: number, criterionId: number, input: CriterionInput) {
  const now = criterionOf(cycleId, criterionId);
  return updateCriterion(staff, cycleId, criterionId, input, now ? criterionFingerprint(now) : "");
}

beforeAll(async () => {
  await seedDatabase({ demo: true });
  template = db.select().from(schema.cycles).where(like(schema.cycles.name, "Collaboration Fund%")).get()!;
  const user = person();
  db.update(schema.users).set({ role: "staff" }).where(eq(schema.users.id, user.id)).run();
  staff = { id: user.id, name: "Sam Staff", isStaff: true };
});

describe("panel settings", () => {
  it("open at 9am and close at 5pm UK time on the days given, in summer time and in winter", () => {
    const summer = settings();
    expect(summer.scoringOpensAt!.toISOString()).toBe("2027-06-01T08:00:00.000Z");
    expect(summer.scoringClosesAt!.toISOString()).toBe("2027-06-30T16:00:00.000Z");
    const winter = settings({ opensDay: "4", opensMonth: "1", opensYear: "2027", closesDay: "4", closesMonth: "1", closesYear: "2027" });
    expect(winter.scoringOpensAt!.toISOString()).toBe("2027-01-04T09:00:00.000Z");
    expect(winter.scoringClosesAt!.toISOString()).toBe("2027-01-04T17:00:00.000Z");
  });

  it("refuse closing before opening, half a date, a threshold over 100 and scorers out of range", () => {
    const errors = (values: Record<string, string>) => {
      const result = panelSettingsSchema.safeParse({ anonymise: "no", gate: "yes", assignment: "staff", minScorers: "2", threshold: "20", ...values });
      return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
    };
    expect(errors({ opensDay: "2", opensMonth: "6", opensYear: "2027", closesDay: "1", closesMonth: "6", closesYear: "2027" }).closesDay).toBe(
      "The day scoring closes must be the same as or after the day it opens",
    );
    expect(errors({ opensDay: "2", opensMonth: "6", opensYear: "2027" }).closesDay).toBe("Enter the day scoring closes");
    expect(errors({ opensDay: "31", opensMonth: "2", opensYear: "2027", closesDay: "1", closesMonth: "3", closesYear: "2027" }).opensDay).toMatch(
      /real date/,
    );
    expect(errors({ threshold: "101" }).threshold).toBe("The disagreement threshold must be between 0 and 100");
    expect(errors({ minScorers: "0" }).minScorers).toBe("Minimum number of scorers must be between 1 and 20");
    expect(errors({ minScorers: "2.5" }).minScorers).toMatch(/whole number/);
    expect(errors({ assignment: "nobody" }).assignment).toBe("Select who scores what");
    expect(errors({ gate: "" }).gate).toBe("Select yes if the panel should see an application only after staff have passed its eligibility check");
    // No dates at all is allowed: scoring is then "not set".
    expect(errors({})).toEqual({});
  });

  it("are saved and audited, and refused once decisions are released", () => {
    const { cycle } = round(0);
    expect(updatePanelSettings(staff, cycle.id, settings({ assignment: "staff", minScorers: "4", threshold: "12.5" }))).toEqual({ ok: true, changed: true });
    const saved = cycleNow(cycle.id);
    expect(saved).toMatchObject({
      anonymiseApplicants: true,
      everyoneScoresEverything: false,
      minScorersPerApplication: 4,
      disagreementThreshold: 12.5,
    });
    expect(saved.scoringOpensAt!.toISOString()).toBe("2027-06-01T08:00:00.000Z");
    expect(auditOf(cycle.id, "cycle.panel_settings_changed")).toHaveLength(1);

    db.update(schema.cycles).set({ decisionsReleasedAt: new Date() }).where(eq(schema.cycles.id, cycle.id)).run();
    expect(updatePanelSettings(staff, cycle.id, settings())).toMatchObject({ ok: false, status: 409 });
    expect(cycleNow(cycle.id).minScorersPerApplication).toBe(4);
    expect(updatePanelSettings(staff, 999_999, settings())).toMatchObject({ ok: false, status: 404 });
  });
});

describe("panel settings after scoring has closed", () => {
  // Scoring from 9am on 1 June to 5pm on 30 June 2027 (UK time), closed early at 10:32am on 10 June.
  const closedEarly = () => {
    const made = round(0, { scoringOpensAt: new Date("2027-06-01T08:00:00Z"), scoringClosesAt: new Date("2027-06-30T16:00:00Z") });
    expect(closeScoringNow(staff, made.cycle.id, new Date("2027-06-10T09:32:00Z"))).toEqual({ ok: true, changed: true });
    return made.cycle;
  };
  const later = new Date("2027-06-10T12:00:00Z");
  const days = (opens: string, closes: string) => {
    const [od, om, oy] = opens.split(" ");
    const [cd, cm, cy] = closes.split(" ");
    return { opensDay: od!, opensMonth: om!, opensYear: oy!, closesDay: cd!, closesMonth: cm!, closesYear: cy! };
  };

  it("keep the moment scoring was closed when the closing day is left as it was, so saving does not open it again", () => {
    const cycle = closedEarly();
    expect(panelSettingsNotes(cycleNow(cycle.id), later).closes).toBe(
      "Scoring closed at 10:32am on 10 June 2027. Keeping this day keeps it closed. To open scoring again, enter a later day.",
    );
    const result = updatePanelSettings(staff, cycle.id, settings({ ...days("1 6 2027", "10 6 2027"), threshold: "30" }), later);
    expect(result).toEqual({ ok: true, changed: true });
    const saved = cycleNow(cycle.id);
    expect(saved.scoringClosesAt!.toISOString()).toBe("2027-06-10T09:32:00.000Z");
    expect(saved.disagreementThreshold).toBe(30);
    expect(scoringWindow(saved, later)).toBe("closed");
    expect(auditOf(cycle.id, "cycle.scoring_reopened")).toHaveLength(0);
  });

  it("refuse, by the closing day, any change that would open scoring again without a later closing day", () => {
    const cycle = closedEarly();
    const refusal = {
      ok: false,
      status: 409,
      errors: { closesDay: "Scoring closed at 10:32am on 10 June 2027. To open it again, enter a later day for scoring to close" },
    };
    // The dates taken away: scoring would be "not set" rather than closed.
    expect(updatePanelSettings(staff, cycle.id, settings(days("  ", "  ")), later)).toMatchObject(refusal);
    // Opening moved to 9am on the day it closed, before 9am: it would be "not open yet" again.
    const early = new Date("2027-06-10T06:00:00Z");
    const closedAtSeven = round(0, { scoringOpensAt: new Date("2027-06-01T08:00:00Z"), scoringClosesAt: new Date("2027-06-30T16:00:00Z") }).cycle;
    closeScoringNow(staff, closedAtSeven.id, new Date("2027-06-10T05:45:00Z"));
    expect(updatePanelSettings(staff, closedAtSeven.id, settings(days("10 6 2027", "10 6 2027")), early)).toMatchObject({
      ok: false,
      status: 409,
      errors: { closesDay: expect.stringContaining("To open it again, enter a later day") },
    });
    expect(cycleNow(closedAtSeven.id).scoringOpensAt!.toISOString()).toBe("2027-06-01T08:00:00.000Z");
    expect(cycleNow(cycle.id).scoringClosesAt!.toISOString()).toBe("2027-06-10T09:32:00.000Z");
    expect(auditOf(cycle.id, "cycle.panel_settings_changed")).toHaveLength(0);
  });

  it("open scoring again when the closing day moves later, audited as a reopening with the old and new closing times", () => {
    const cycle = closedEarly();
    expect(updatePanelSettings(staff, cycle.id, settings(days("1 6 2027", "11 6 2027")), later)).toEqual({ ok: true, changed: true });
    const saved = cycleNow(cycle.id);
    expect(saved.scoringClosesAt!.toISOString()).toBe("2027-06-11T16:00:00.000Z");
    expect(scoringWindow(saved, later)).toBe("open");
    const [reopened] = auditOf(cycle.id, "cycle.scoring_reopened");
    expect(reopened!.summary).toBe("Opened scoring again: it had closed at 10:32am on 10 June 2027, and now closes at 5pm on 11 June 2027");
    expect(reopened!.details).toMatchObject({ closedAt: "2027-06-10T09:32:00.000Z", closesAt: "2027-06-11T16:00:00.000Z" });
    expect(reopened!.actorUserId).toBe(staff.id);
  });

  it("say when scoring closes at another time than 5pm, and saving the same settings twice changes nothing", () => {
    const { cycle } = round(0, {
      scoringOpensAt: new Date("2027-06-01T08:00:00Z"),
      scoringClosesAt: new Date("2027-06-30T11:00:00Z"),
      anonymiseApplicants: true,
      everyoneScoresEverything: true,
      minScorersPerApplication: 3,
      disagreementThreshold: 20,
    });
    expect(panelSettingsNotes(cycleNow(cycle.id), later).closes).toBe("Scoring closes at midday on 30 June 2027. Keeping this day keeps that time.");
    expect(updatePanelSettings(staff, cycle.id, settings(), later)).toEqual({ ok: true, changed: false });
    expect(cycleNow(cycle.id).scoringClosesAt!.toISOString()).toBe("2027-06-30T11:00:00.000Z");
    expect(auditOf(cycle.id, "cycle.panel_settings_changed")).toHaveLength(0);
  });
});

describe("panel settings once panel members have started declaring", () => {
  it("refuse switching who scores what or hiding names, each by its field; other settings still change", () => {
    const { cycle, applications } = round(1, { everyoneScoresEverything: true, anonymiseApplicants: false });
    const { panelMemberId } = activeMember(cycle.id);
    const base = { assignment: "everyone", anonymise: "no" };
    // Before anyone declares, the settings page says nothing of it.
    expect(panelSettingsNotes(cycleNow(cycle.id))).toMatchObject({ assignment: null, anonymise: null });
    db.insert(schema.conflictDeclarations)
      .values({ applicationId: applications[0]!.id, panelMemberId, hasConflict: false, declaredAt: new Date() })
      .run();
    expect(panelSettingsNotes(cycleNow(cycle.id))).toMatchObject({ assignment: ASSIGNMENT_LOCKED_MESSAGE, anonymise: HIDE_NAMES_LOCKED_MESSAGE });

    expect(updatePanelSettings(staff, cycle.id, settings({ ...base, assignment: "staff" }))).toEqual({
      ok: false,
      status: 409,
      message: ASSIGNMENT_LOCKED_MESSAGE,
      errors: { assignment: ASSIGNMENT_LOCKED_MESSAGE },
    });
    expect(updatePanelSettings(staff, cycle.id, settings({ ...base, anonymise: "yes" }))).toMatchObject({
      ok: false,
      status: 409,
      errors: { anonymise: HIDE_NAMES_LOCKED_MESSAGE },
    });
    expect(updatePanelSettings(staff, cycle.id, settings({ assignment: "staff", anonymise: "yes" }))).toMatchObject({
      errors: { anonymise: HIDE_NAMES_LOCKED_MESSAGE, assignment: ASSIGNMENT_LOCKED_MESSAGE },
    });
    expect(cycleNow(cycle.id)).toMatchObject({ everyoneScoresEverything: true, anonymiseApplicants: false });

    expect(updatePanelSettings(staff, cycle.id, settings({ ...base, threshold: "15" }))).toEqual({ ok: true, changed: true });
    expect(cycleNow(cycle.id).disagreementThreshold).toBe(15);
  });

  it("count a declaration by a member since removed", () => {
    const { cycle, applications } = round(1, { everyoneScoresEverything: false, anonymiseApplicants: true });
    const { panelMemberId } = activeMember(cycle.id);
    db.insert(schema.conflictDeclarations)
      .values({ applicationId: applications[0]!.id, panelMemberId, hasConflict: true, nature: "Trustee", declaredAt: new Date() })
      .run();
    removePanelMember(staff, cycle.id, panelMemberId);
    expect(updatePanelSettings(staff, cycle.id, settings({ assignment: "everyone", anonymise: "yes" }))).toMatchObject({
      ok: false,
      errors: { assignment: ASSIGNMENT_LOCKED_MESSAGE },
    });
  });
});

describe("only staff", () => {
  it("may change anything about a panel", () => {
    const { cycle, applications } = round(1, {
      everyoneScoresEverything: false,
      scoringOpensAt: new Date(Date.now() - DAY),
      scoringClosesAt: new Date(Date.now() + DAY),
    });
    const m = activeMember(cycle.id);
    const added = addCriterion(staff, cycle.id, criterion());
    if (!added.ok) throw new Error("not added");
    const someone = { id: m.user.id, name: m.user.name, isStaff: false };
    const refusal = { ok: false, status: 403, message: "Only staff can set up a panel." };
    expect(updatePanelSettings(someone, cycle.id, settings())).toEqual(refusal);
    expect(closeScoringNow(someone, cycle.id)).toEqual(refusal);
    expect(invitePanelMember(someone, cycle.id, { name: "A", email: "a@example.test", affiliation: "" })).toEqual(refusal);
    expect(resendPanelInvitation(someone, cycle.id, m.panelMemberId)).toEqual(refusal);
    expect(removePanelMember(someone, cycle.id, m.panelMemberId)).toEqual(refusal);
    expect(addCriterion(someone, cycle.id, criterion({ title: "Other" }))).toEqual(refusal);
    expect(updateCriterion(someone, cycle.id, added.criterionId, criterion(), "")).toEqual(refusal);
    expect(removeCriterion(someone, cycle.id, added.criterionId)).toEqual(refusal);
    const shown = assignmentsOverview(cycle.id)!.fingerprint;
    expect(saveAssignments(someone, cycle.id, [{ applicationId: applications[0]!.id, panelMemberId: m.panelMemberId }], shown)).toEqual(refusal);
    expect(sendRemindersNow(someone, cycle.id)).toEqual(refusal);
    expect(memberNow(m.panelMemberId).status).toBe("active");
    expect(cycleNow(cycle.id).scoringClosesAt!.getTime()).toBeGreaterThan(Date.now());
  });
});

describe("the forms' buttons, ids and links", () => {
  it("are checked by their schemas before the model sees them", () => {
    expect(panelIntentSchema.safeParse({ intent: "remove" }).success).toBe(true);
    expect(panelIntentSchema.safeParse({ intent: "delete-everything" }).success).toBe(false);
    expect(panelIntentSchema.safeParse({}).success).toBe(false);
    expect(panelMemberIdSchema.parse({ memberId: "42" })).toEqual({ memberId: 42 });
    for (const memberId of ["", "0", "abc", "1e3", "-4", "4.5", "1234567890", undefined]) {
      expect(panelMemberIdSchema.safeParse({ memberId }).success).toBe(false);
    }
    const token = "Abc_def-0123456789abcdefghijklmnopqrstuvwx";
    expect(invitationTokenSchema.parse({ token: ` ${token} ` })).toEqual({ token });
    for (const bad of ["", "short", `${token}!`, "x".repeat(101), null, undefined]) {
      expect(invitationTokenSchema.safeParse({ token: bad }).success).toBe(false);
    }
  });
});

describe("inviting panel members", () => {
  it("emails a link whose token is stored only as its hash, saying who invited and whether to sign in or create an account", () => {
    const { cycle } = round(0, { scoringOpensAt: new Date("2027-06-01T08:00:00Z"), scoringClosesAt: new Date("2027-06-30T16:00:00Z") });
    const { panelMemberId, email, token } = invite(cycle.id);
    const member = memberNow(panelMemberId);
    expect(member).toMatchObject({ status: "invited", userId: null, email, affiliation: "Fairness Taskforce" });
    expect(member.invitationTokenHash).toBe(sha256(token));
    expect(JSON.stringify(member)).not.toContain(token);
    const mail = emailsTo(email).at(-1)!;
    expect(mail.template).toBe("panel-invitation");
    expect(mail.subject).toBe(`You are invited to join the panel for ${cycle.name}`);
    expect(mail.text).toContain("Sam Staff has invited you");
    expect(mail.text).toContain("9am on 1 June 2027");
    expect(mail.text).toContain("5pm on 30 June 2027");
    expect(mail.text).toContain("http://portal.test/panel/invitations/accept?token=");
    expect(mail.text).toContain("works for 14 days");
    expect(mail.text).toContain("Create an account");
    expect(auditOf(cycle.id, "panel.member_invited")).toHaveLength(1);

    const existing = person();
    invite(cycle.id, existing.email);
    expect(emailsTo(existing.email).at(-1)!.text).toContain(`You already have an account with ${existing.email}. Sign in with it`);
  });

  it("makes one member of the same address invited twice, and says they are already invited", () => {
    const { cycle } = round(0);
    const { email } = invite(cycle.id);
    const again = invitePanelMember(staff, cycle.id, panelInviteSchema.parse({ name: "Someone", email: email.toUpperCase(), affiliation: "" }));
    expect(again).toMatchObject({ ok: false, status: 400, errors: { email: expect.stringContaining("already invited") } });
    expect(again.ok === false && again.message).toContain("already invited");
    expect(db.select().from(schema.panelMembers).where(eq(schema.panelMembers.cycleId, cycle.id)).all()).toHaveLength(1);
    expect(emailsTo(email)).toHaveLength(1);
  });

  it("says an active member is already on the panel; a removed one is invited afresh", () => {
    const { cycle } = round(0);
    const { user, panelMemberId } = activeMember(cycle.id);
    expect(invitePanelMember(staff, cycle.id, { name: "X", email: user.email, affiliation: "" })).toMatchObject({ ok: false, errors: { email: expect.stringContaining("already on this round's panel") } });
    expect(removePanelMember(staff, cycle.id, panelMemberId)).toEqual({ ok: true, changed: true });
    const back = invitePanelMember(staff, cycle.id, { name: user.name, email: user.email, affiliation: "" });
    expect(back).toEqual({ ok: true, changed: true, panelMemberId });
    expect(memberNow(panelMemberId)).toMatchObject({ status: "invited", userId: null, acceptedAt: null });
    expect(acceptPanelInvitation(user, lastToken(user.email))).toMatchObject({ ok: true });
    expect(memberNow(panelMemberId).status).toBe("active");
  });

  it("is refused once decisions are released, and for a round that does not exist", () => {
    const { cycle } = round(0, { decisionsReleasedAt: new Date() });
    expect(invitePanelMember(staff, cycle.id, { name: "A", email: "a@example.test", affiliation: "" })).toMatchObject({ ok: false, status: 409 });
    expect(invitePanelMember(staff, 999_999, { name: "A", email: "a@example.test", affiliation: "" })).toMatchObject({ ok: false, status: 404 });
  });

  it("sends the invitation again with a new link (the old one stops working), only while not accepted", () => {
    const { cycle } = round(0);
    const { panelMemberId, email, token } = invite(cycle.id);
    const before = memberNow(panelMemberId).invitedAt;
    const later = new Date(Date.now() + 5 * DAY);
    expect(resendPanelInvitation(staff, cycle.id, panelMemberId, later)).toEqual({ ok: true, changed: true });
    const fresh = lastToken(email);
    expect(fresh).not.toBe(token);
    expect(memberNow(panelMemberId).invitedAt.getTime()).toBe(later.getTime());
    expect(memberNow(panelMemberId).invitedAt.getTime()).toBeGreaterThan(before.getTime());
    const user = person(email);
    expect(checkPanelInvitation(token, user)).toBeNull();
    expect(acceptPanelInvitation(user, token)).toEqual({ ok: false, problem: "invalid" });
    expect(acceptPanelInvitation(user, fresh)).toMatchObject({ ok: true });
    // Accepted: nothing to send again.
    expect(resendPanelInvitation(staff, cycle.id, panelMemberId)).toMatchObject({ ok: false, status: 409 });
    expect(auditOf(cycle.id, "panel.invitation_resent")).toHaveLength(1);
  });

  it("does not send again within a minute of the last email (a second click): the link already sent still works", () => {
    const { cycle } = round(0);
    const { panelMemberId, email, token } = invite(cycle.id);
    const invitedAt = memberNow(panelMemberId).invitedAt;
    expect(resendPanelInvitation(staff, cycle.id, panelMemberId, new Date(invitedAt.getTime() + 59_000))).toEqual({ ok: true, changed: false });
    expect(emailsTo(email)).toHaveLength(1);
    expect(lastToken(email)).toBe(token);
    expect(memberNow(panelMemberId).invitedAt.getTime()).toBe(invitedAt.getTime());
    expect(auditOf(cycle.id, "panel.invitation_resent")).toHaveLength(0);
    expect(checkPanelInvitation(token, person(email))?.problem).toBeNull();

    const minuteLater = new Date(invitedAt.getTime() + 60_000);
    expect(resendPanelInvitation(staff, cycle.id, panelMemberId, minuteLater)).toEqual({ ok: true, changed: true });
    expect(emailsTo(email)).toHaveLength(2);
    // And again at once: nothing more.
    expect(resendPanelInvitation(staff, cycle.id, panelMemberId, new Date(minuteLater.getTime() + 1000))).toEqual({ ok: true, changed: false });
    expect(emailsTo(email)).toHaveLength(2);
  });

  it("refuses to send again or remove a member of another round", () => {
    const one = round(0);
    const two = round(0);
    const { panelMemberId } = invite(one.cycle.id);
    expect(resendPanelInvitation(staff, two.cycle.id, panelMemberId)).toMatchObject({ ok: false, status: 404 });
    expect(removePanelMember(staff, two.cycle.id, panelMemberId)).toMatchObject({ ok: false, status: 404 });
    expect(memberNow(panelMemberId).status).toBe("invited");
  });
});

describe("removing a panel member", () => {
  it("takes their access away at once, and their link no longer works", () => {
    const { cycle, applications } = round(1, { scoringOpensAt: new Date(Date.now() - DAY), scoringClosesAt: new Date(Date.now() + 10 * DAY) });
    const { user, panelMemberId } = activeMember(cycle.id);
    expect(isRefusal(panelAccess(user, cycle.id, applications[0]!.id))).toBe(false);
    expect(removePanelMember(staff, cycle.id, panelMemberId)).toEqual({ ok: true, changed: true });
    expect(activeSeat(user.id, cycle.id)).toBeUndefined();
    expect(panelAccess(user, cycle.id, applications[0]!.id)).toMatchObject({ status: 403 });
    expect(removePanelMember(staff, cycle.id, panelMemberId)).toEqual({ ok: true, changed: false }); // a second click
    expect(auditOf(cycle.id, "panel.member_removed")).toHaveLength(1);

    const invited = invite(cycle.id);
    expect(removePanelMember(staff, cycle.id, invited.panelMemberId)).toEqual({ ok: true, changed: true });
    const them = person(invited.email);
    expect(checkPanelInvitation(invited.token, them)?.problem).toBe("removed");
    expect(acceptPanelInvitation(them, invited.token)).toMatchObject({ ok: false, problem: "removed" });
    expect(memberNow(invited.panelMemberId).status).toBe("removed");
  });

  it("is refused once decisions are released", () => {
    const { cycle } = round(0);
    const { panelMemberId } = activeMember(cycle.id);
    db.update(schema.cycles).set({ decisionsReleasedAt: new Date() }).where(eq(schema.cycles.id, cycle.id)).run();
    expect(removePanelMember(staff, cycle.id, panelMemberId)).toMatchObject({ ok: false, status: 409 });
    expect(memberNow(panelMemberId).status).toBe("active");
  });
});

describe("accepting a panel invitation", () => {
  it("takes the seat for the invited address: user, status and time recorded, and audited", () => {
    const { cycle } = round(0);
    const { panelMemberId, email, token } = invite(cycle.id);
    const user = person(email);
    const shown = checkPanelInvitation(token, user)!;
    expect(shown).toMatchObject({ cycleName: cycle.name, email, accepted: false, problem: null });
    const now = new Date();
    expect(acceptPanelInvitation(user, token, now)).toEqual({ ok: true, cycleId: cycle.id, already: false });
    expect(memberNow(panelMemberId)).toMatchObject({ userId: user.id, status: "active" });
    expect(memberNow(panelMemberId).acceptedAt!.getTime()).toBe(now.getTime());
    expect(activeSeat(user.id, cycle.id)?.id).toBe(panelMemberId);
    const joined = auditOf(cycle.id, "panel.member_joined");
    expect(joined).toHaveLength(1);
    expect(joined[0]!.actorUserId).toBe(user.id);
  });

  it("accepted twice by the same person is still one seat (the second says they are on the panel)", () => {
    const { cycle } = round(0);
    const { email, token } = invite(cycle.id);
    const user = person(email);
    expect(acceptPanelInvitation(user, token)).toMatchObject({ ok: true, already: false });
    expect(acceptPanelInvitation(user, token)).toMatchObject({ ok: true, already: true });
    expect(checkPanelInvitation(token, user)).toMatchObject({ accepted: true, problem: null });
    expect(db.select().from(schema.panelMembers).where(eq(schema.panelMembers.cycleId, cycle.id)).all()).toHaveLength(1);
    expect(auditOf(cycle.id, "panel.member_joined")).toHaveLength(1);
    // Someone else, afterwards: already accepted.
    expect(acceptPanelInvitation(person(), token)).toMatchObject({ ok: false, problem: "accepted" });
  });

  it("refuses another address, saying which address it was sent to", () => {
    const { cycle } = round(0);
    const { panelMemberId, email, token } = invite(cycle.id);
    const stranger = person();
    expect(checkPanelInvitation(token, stranger)?.problem).toBe("wrong_email");
    expect(acceptPanelInvitation(stranger, token)).toEqual({ ok: false, problem: "wrong_email", email });
    expect(memberNow(panelMemberId)).toMatchObject({ status: "invited", userId: null });
  });

  it("works for 14 days, then expires", () => {
    const { cycle } = round(0);
    const { panelMemberId, email, token } = invite(cycle.id);
    const user = person(email);
    expect(checkPanelInvitation(token, user, new Date(Date.now() + 13 * DAY))?.problem).toBeNull();
    expect(acceptPanelInvitation(user, token, new Date(Date.now() + 14 * DAY + HOUR))).toMatchObject({ ok: false, problem: "expired" });
    expect(memberNow(panelMemberId).status).toBe("invited");
  });

  it("says a token that is not one is not valid", () => {
    const user = person();
    expect(checkPanelInvitation("nonsense", user)).toBeNull();
    expect(acceptPanelInvitation(user, "a-token-that-nobody-was-ever-sent-000000")).toEqual({ ok: false, problem: "invalid" });
  });
});

describe("scoring criteria", () => {
  it("need one description per point of the scale, and a highest score above the lowest", () => {
    const errors = (values: Record<string, string>) => {
      const result = criterionSchema.safeParse({
        title: "T",
        guidance: "G",
        weight: "3",
        scaleMin: "0",
        scaleMax: "4",
        descriptors: "a\nb\nc\nd\ne",
        ...values,
      });
      return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
    };
    expect(errors({})).toEqual({});
    expect(errors({ descriptors: "a\n\nb\nc\nd\n" }).descriptors).toBe("Give 5 descriptions, one for each score from 0 to 4. You gave 4.");
    expect(errors({ scaleMin: "1", scaleMax: "3", descriptors: "a\nb" }).descriptors).toBe(
      "Give 3 descriptions, one for each score from 1 to 3. You gave 2.",
    );
    expect(errors({ scaleMin: "3", scaleMax: "3" }).scaleMax).toBe("The highest score must be more than the lowest score");
    expect(errors({ scaleMax: "11" }).scaleMax).toBe("Highest score must be between 1 and 10");
    expect(errors({ weight: "0" }).weight).toBe("Weight must be between 1 and 100");
    expect(errors({ weight: "1.5" }).weight).toMatch(/whole number/);
    expect(criterion({ scaleMin: "1", scaleMax: "3", descriptors: " Low \n\nMiddle\nHigh" }).descriptors).toEqual({
      "1": "Low",
      "2": "Middle",
      "3": "High",
    });
  });

  it("are added in order, changed and removed, each audited; a criterion of another round is not found", () => {
    const { cycle } = round(0);
    const other = round(0);
    const first = addCriterion(staff, cycle.id, criterion());
    const second = addCriterion(staff, cycle.id, criterion({ title: "Value for money", weight: "2" }));
    if (!first.ok || !second.ok) throw new Error("not added");
    expect(criteriaOf(cycle.id).map((c) => [c.title, c.sortOrder])).toEqual([
      ["Reaches the greatest need", 0],
      ["Value for money", 1],
    ]);
    expect(criteriaOf(cycle.id)[0]!.descriptors).toEqual({
      "0": "No evidence",
      "1": "Weak evidence",
      "2": "Some evidence",
      "3": "Good evidence",
      "4": "Strong evidence",
    });

    expect(
      change(
        cycle.id,
        second.criterionId,
        criterion({ title: "Good value", weight: "5", scaleMin: "1", scaleMax: "2", descriptors: "Poor\nGood" }),
      ),
    ).toEqual({ ok: true, changed: true });
    expect(criteriaOf(cycle.id)[1]).toMatchObject({
      title: "Good value",
      weight: 5,
      scaleMin: 1,
      scaleMax: 2,
      descriptors: { "1": "Poor", "2": "Good" },
    });

    expect(change(other.cycle.id, second.criterionId, criterion())).toMatchObject({ ok: false, status: 404 });
    expect(removeCriterion(staff, other.cycle.id, second.criterionId)).toMatchObject({ ok: false, status: 404 });
    expect(removeCriterion(staff, cycle.id, second.criterionId)).toEqual({ ok: true, changed: true });
    expect(removeCriterion(staff, cycle.id, second.criterionId)).toEqual({ ok: true, changed: false }); // a second click
    expect(criteriaOf(cycle.id).map((c) => c.title)).toEqual(["Reaches the greatest need"]);
    expect(auditOf(cycle.id, "criterion.added")).toHaveLength(2);
    expect(auditOf(cycle.id, "criterion.changed")).toHaveLength(1);
    expect(auditOf(cycle.id, "criterion.removed")).toHaveLength(1);
  });

  it("cannot change once any panel member has saved a score in the round, even a draft", () => {
    const { cycle, applications } = round(1);
    const added = addCriterion(staff, cycle.id, criterion());
    if (!added.ok) throw new Error("not added");
    const { panelMemberId } = activeMember(cycle.id);
    expect(criteriaLockedMessage(cycle.id)).toBeNull();
    scorecard(applications[0]!.id, panelMemberId, "draft");
    expect(criteriaLockedMessage(cycle.id)).toBe(SCORING_STARTED_MESSAGE);
    const refusal = { ok: false, status: 409, message: SCORING_STARTED_MESSAGE };
    expect(addCriterion(staff, cycle.id, criterion({ title: "Another" }))).toEqual(refusal);
    expect(change(cycle.id, added.criterionId, criterion({ weight: "9" }))).toEqual(refusal);
    expect(removeCriterion(staff, cycle.id, added.criterionId)).toEqual(refusal);
    expect(criteriaOf(cycle.id)).toMatchObject([{ title: "Reaches the greatest need", weight: 3 }]);
  });
});

describe("scoring criteria, twice or at once", () => {
  it("refuse a title the round already has, by the Title field, whatever its case or spaces (a second click adds nothing)", () => {
    const { cycle } = round(0);
    const other = round(0);
    const first = addCriterion(staff, cycle.id, criterion());
    expect(first).toMatchObject({ ok: true, changed: true });
    const again = addCriterion(staff, cycle.id, criterion({ title: "  reaches THE greatest need " }));
    expect(again).toEqual({
      ok: false,
      status: 409,
      message: 'This round already has a criterion called "Reaches the greatest need". Give this one a different title',
      errors: { title: 'This round already has a criterion called "Reaches the greatest need". Give this one a different title' },
    });
    expect(criteriaOf(cycle.id)).toHaveLength(1);
    expect(auditOf(cycle.id, "criterion.added")).toHaveLength(1);
    // Another round may have its own criterion of that title.
    expect(addCriterion(staff, other.cycle.id, criterion())).toMatchObject({ ok: true });

    // Renaming one to another's title is refused too; keeping its own title is not.
    const second = addCriterion(staff, cycle.id, criterion({ title: "Value for money" }));
    if (!second.ok) throw new Error("not added");
    expect(change(cycle.id, second.criterionId, criterion({ title: "Reaches the greatest need" }))).toMatchObject({
      ok: false,
      status: 409,
      errors: { title: expect.stringContaining("already has a criterion called") },
    });
    expect(change(cycle.id, second.criterionId, criterion({ title: "Value for money", weight: "7" }))).toEqual({ ok: true, changed: true });
  });

  it("refuse a change made from a page showing the criterion as it was before someone else's change, keeping theirs", () => {
    const { cycle } = round(0);
    const added = addCriterion(staff, cycle.id, criterion());
    if (!added.ok) throw new Error("not added");
    const opened = criterionFingerprint(criterionOf(cycle.id, added.criterionId)!);
    // Someone else saves first.
    expect(updateCriterion(staff, cycle.id, added.criterionId, criterion({ weight: "5" }), opened)).toEqual({ ok: true, changed: true });
    // The first person, from the page they opened before.
    expect(updateCriterion(staff, cycle.id, added.criterionId, criterion({ weight: "2" }), opened)).toEqual({
      ok: false,
      status: 409,
      message: CRITERION_CHANGED_MESSAGE,
    });
    expect(updateCriterion(staff, cycle.id, added.criterionId, criterion({ weight: "2" }), "")).toMatchObject({ ok: false, status: 409 });
    expect(criterionOf(cycle.id, added.criterionId)!.weight).toBe(5);
    // The same values as saved, from the old page (a second click): done, nothing recorded.
    expect(updateCriterion(staff, cycle.id, added.criterionId, criterion({ weight: "5" }), opened)).toEqual({ ok: true, changed: false });
    expect(auditOf(cycle.id, "criterion.changed")).toHaveLength(1);
    // From the page opened again: saved.
    expect(change(cycle.id, added.criterionId, criterion({ weight: "2" }))).toEqual({ ok: true, changed: true });
    expect(criterionOf(cycle.id, added.criterionId)!.weight).toBe(2);
  });

  it("have a fingerprint of everything the form shows", () => {
    const base = { ...criterion(), guidance: "G" };
    const print = criterionFingerprint(base);
    expect(criterionFingerprint({ ...base })).toBe(print);
    for (const changed of [
      { title: "Other" },
      { guidance: "Other" },
      { guidance: null },
      { weight: 4 },
      { scaleMax: 3 },
      { descriptors: { ...base.descriptors, "2": "Other" } },
    ]) {
      expect(criterionFingerprint({ ...base, ...changed })).not.toBe(print);
    }
  });
});

describe("who scores what", () => {
  function staffChoose() {
    const made = round(3, { everyoneScoresEverything: false, minScorersPerApplication: 2 });
    const a = activeMember(made.cycle.id);
    const b = activeMember(made.cycle.id);
    return { ...made, a, b, apps: made.applications };
  }

  it("replaces the round's assignments in one go, audited, and counts the scorers of each application", () => {
    const { cycle, a, b, apps } = staffChoose();
    const pairs = [
      { applicationId: apps[0]!.id, panelMemberId: a.panelMemberId },
      { applicationId: apps[0]!.id, panelMemberId: b.panelMemberId },
      { applicationId: apps[1]!.id, panelMemberId: a.panelMemberId },
    ];
    expect(save(cycle.id, pairs)).toEqual({ ok: true, changed: true, count: 3 });
    expect(save(cycle.id, pairs)).toEqual({ ok: true, changed: false, count: 3 }); // twice: the same
    const expected = expectedScorers(cycle.id);
    expect(expected.get(apps[0]!.id)?.sort()).toEqual([a.panelMemberId, b.panelMemberId].sort());
    expect(expected.get(apps[1]!.id)).toEqual([a.panelMemberId]);
    expect(expected.get(apps[2]!.id)).toEqual([]);
    const overview = assignmentsOverview(cycle.id)!;
    expect(overview.applications.map((x) => x.expected)).toEqual([2, 1, 0]);
    expect(overview.assigned.sort()).toEqual(pairs.map((p) => `${p.applicationId}:${p.panelMemberId}`).sort());

    expect(save(cycle.id, [{ applicationId: apps[2]!.id, panelMemberId: b.panelMemberId }])).toEqual({ ok: true, changed: true, count: 1 });
    expect(assignmentsOverview(cycle.id)!.assigned).toEqual([`${apps[2]!.id}:${b.panelMemberId}`]);
    expect(auditOf(cycle.id, "panel.assignments_saved")).toHaveLength(2); // the second click recorded nothing
  });

  it("refuses a pair with a declared conflict, or with a member of the applicant organisation, changing nothing", () => {
    const { cycle, a, b, apps } = staffChoose();
    save(cycle.id, [{ applicationId: apps[1]!.id, panelMemberId: b.panelMemberId }]);
    db.insert(schema.conflictDeclarations)
      .values({ applicationId: apps[0]!.id, panelMemberId: a.panelMemberId, hasConflict: true, nature: "I am a trustee", declaredAt: new Date() })
      .run();
    const declared = save(cycle.id, [{ applicationId: apps[0]!.id, panelMemberId: a.panelMemberId }]);
    expect(declared).toMatchObject({ ok: false, status: 400 });
    expect(declared.ok === false && declared.message).toContain("has a conflict of interest");

    // b belongs to the organisation behind apps[2].
    db.insert(schema.organisationMembers).values({ organisationId: apps[2]!.organisationId, userId: b.user.id }).run();
    expect(save(cycle.id, [{ applicationId: apps[2]!.id, panelMemberId: b.panelMemberId }])).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(assignmentsOverview(cycle.id)!.assigned).toEqual([`${apps[1]!.id}:${b.panelMemberId}`]);

    const overview = assignmentsOverview(cycle.id)!;
    expect(overview.conflicts).toEqual(expect.arrayContaining([`${apps[0]!.id}:${a.panelMemberId}`, `${apps[2]!.id}:${b.panelMemberId}`]));
    expect(overview.declarations).toMatchObject([{ applicationId: apps[0]!.id, hasConflict: true, nature: "I am a trustee" }]);
    expect(overview.applicantMembers).toMatchObject([{ applicationId: apps[2]!.id, panelMemberId: b.panelMemberId }]);
  });

  it("refuses an application or a member of another round, and a removed or invited member", () => {
    const { cycle, a, apps } = staffChoose();
    const other = staffChoose();
    save(cycle.id, [{ applicationId: apps[0]!.id, panelMemberId: a.panelMemberId }]);
    const before = assignmentsOverview(cycle.id)!.assigned;
    expect(save(cycle.id, [{ applicationId: other.apps[0]!.id, panelMemberId: a.panelMemberId }])).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(save(cycle.id, [{ applicationId: apps[0]!.id, panelMemberId: other.a.panelMemberId }])).toMatchObject({
      ok: false,
      status: 400,
    });
    const invited = invite(cycle.id);
    expect(save(cycle.id, [{ applicationId: apps[0]!.id, panelMemberId: invited.panelMemberId }])).toMatchObject({
      ok: false,
      status: 400,
    });
    // A draft (not for the panel) of this round: refused too.
    const draft = db
      .insert(schema.applications)
      .values({
        cycleId: cycle.id,
        organisationId: db.insert(schema.organisations).values({ name: "Drafting", type: "cic" }).returning().get().id,
        status: "draft",
      })
      .returning()
      .get();
    expect(save(cycle.id, [{ applicationId: draft.id, panelMemberId: a.panelMemberId }])).toMatchObject({ ok: false, status: 400 });
    expect(assignmentsOverview(cycle.id)!.assigned).toEqual(before);
    expect(assignmentsOverview(other.cycle.id)!.assigned).toEqual([]);
  });

  it("refuses a table saved from a page opened before someone else saved, keeping what is stored; the same ticks again are done", () => {
    const { cycle, a, b, apps } = staffChoose();
    const opened = assignmentsOverview(cycle.id)!.fingerprint;
    const mine = [{ applicationId: apps[0]!.id, panelMemberId: a.panelMemberId }];
    const theirs = [{ applicationId: apps[1]!.id, panelMemberId: b.panelMemberId }];
    expect(saveAssignments(staff, cycle.id, theirs, opened)).toEqual({ ok: true, changed: true, count: 1 });
    expect(saveAssignments(staff, cycle.id, mine, opened)).toEqual({
      ok: false,
      status: 409,
      message: ASSIGNMENTS_CHANGED_MESSAGE,
      errors: { assign: ASSIGNMENTS_CHANGED_MESSAGE },
    });
    expect(saveAssignments(staff, cycle.id, mine, "")).toMatchObject({ ok: false, status: 409 });
    expect(assignmentsOverview(cycle.id)!.assigned).toEqual([`${apps[1]!.id}:${b.panelMemberId}`]);
    // Their own save clicked twice: the second finds what it wanted already stored.
    expect(saveAssignments(staff, cycle.id, theirs, opened)).toEqual({ ok: true, changed: false, count: 1 });
    expect(auditOf(cycle.id, "panel.assignments_saved")).toHaveLength(1);
    // From the page opened again (its fingerprint now), the change goes through.
    const fresh = assignmentsOverview(cycle.id)!.fingerprint;
    expect(fresh).not.toBe(opened);
    expect(saveAssignments(staff, cycle.id, [...theirs, ...mine], fresh)).toEqual({ ok: true, changed: true, count: 2 });
  });

  it("is refused while everyone scores everything, and once decisions are released", () => {
    const everyone = round(1);
    const m = activeMember(everyone.cycle.id);
    expect(
      save(everyone.cycle.id, [{ applicationId: everyone.applications[0]!.id, panelMemberId: m.panelMemberId }]),
    ).toMatchObject({
      ok: false,
      status: 409,
    });
    const { cycle, a, apps } = staffChoose();
    db.update(schema.cycles).set({ decisionsReleasedAt: new Date() }).where(eq(schema.cycles.id, cycle.id)).run();
    expect(save(cycle.id, [{ applicationId: apps[0]!.id, panelMemberId: a.panelMemberId }])).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(save(999_999, [])).toMatchObject({ ok: false, status: 404 });
  });
});

describe("the panel page's counts", () => {
  it("show each member's submitted scores out of those expected", () => {
    const { cycle, applications } = round(2);
    const a = activeMember(cycle.id);
    const b = activeMember(cycle.id);
    const invited = invite(cycle.id);
    scorecard(applications[0]!.id, a.panelMemberId);
    scorecard(applications[1]!.id, a.panelMemberId, "draft");
    const overview = panelOverview(cycle.id)!;
    const row = (id: number) => overview.members.find((m) => m.id === id)!;
    expect(row(a.panelMemberId)).toMatchObject({ status: "active", expected: 2, submitted: 1 });
    expect(row(b.panelMemberId)).toMatchObject({ status: "active", expected: 2, submitted: 0 });
    expect(row(invited.panelMemberId)).toMatchObject({ status: "invited", expected: 0, submitted: 0, invitationExpired: false });
    expect(overview.toRemind).toBe(2);
  });
});

describe("closing scoring early", () => {
  it("sets the closing time to now, audited, only while scoring is open", () => {
    const notOpen = round(0, { scoringOpensAt: new Date(Date.now() + DAY), scoringClosesAt: new Date(Date.now() + 10 * DAY) });
    expect(closeScoringNow(staff, notOpen.cycle.id)).toMatchObject({ ok: false, status: 409 });
    const notSet = round(0);
    expect(closeScoringNow(staff, notSet.cycle.id)).toMatchObject({ ok: false, status: 409 });

    const { cycle } = round(0, { scoringOpensAt: new Date(Date.now() - DAY), scoringClosesAt: new Date(Date.now() + 10 * DAY) });
    const now = new Date();
    expect(closeScoringNow(staff, cycle.id, now)).toEqual({ ok: true, changed: true });
    expect(cycleNow(cycle.id).scoringClosesAt!.getTime()).toBe(now.getTime());
    expect(closeScoringNow(staff, cycle.id, new Date(now.getTime() + 1000))).toMatchObject({ ok: false, status: 409 });
    expect(auditOf(cycle.id, "cycle.scoring_closed")).toHaveLength(1);
  });
});

describe("scoring reminders", () => {
  const reminders = (email: string) => emailsTo(email).filter((m) => m.template === "scoring-reminder");

  it("go once to each active member with applications still to score when scoring closes within 3 days, however often the job runs", () => {
    const now = new Date();
    const closesAt = new Date(now.getTime() + 2 * DAY);
    const { cycle, applications } = round(2, { scoringOpensAt: new Date(now.getTime() - 5 * DAY), scoringClosesAt: closesAt });
    const behind = activeMember(cycle.id);
    const done = activeMember(cycle.id);
    const removed = activeMember(cycle.id);
    const invited = invite(cycle.id);
    for (const app of applications) scorecard(app.id, done.panelMemberId);
    scorecard(applications[0]!.id, behind.panelMemberId);
    removePanelMember(staff, cycle.id, removed.panelMemberId);
    // A round closing later is left alone for now.
    const later = round(1, { scoringOpensAt: new Date(now.getTime() - DAY), scoringClosesAt: new Date(now.getTime() + 5 * DAY) });
    const laterMember = activeMember(later.cycle.id);

    const first = sendScoringReminders(now);
    expect(first.sent).toBeGreaterThanOrEqual(1);
    const second = sendScoringReminders(new Date(now.getTime() + HOUR));
    expect(second.sent).toBe(0);
    expect(second.alreadySent).toBe(first.sent + first.alreadySent);

    const mail = reminders(behind.user.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toMatch(/^Reminder: applications to score by /);
    expect(mail[0]!.text).toContain("You have 1 application still to score");
    expect(mail[0]!.text).toContain(`http://portal.test/panel/cycles/${cycle.id}`);
    expect(mail[0]!.dedupeKey).toBe(`scoring-reminder:${cycle.id}:${behind.panelMemberId}:${closesAt.getTime()}`);
    expect(reminders(done.user.email)).toHaveLength(0);
    expect(reminders(removed.user.email)).toHaveLength(0);
    expect(reminders(invited.email)).toHaveLength(0);
    expect(reminders(laterMember.user.email)).toHaveLength(0);
    expect(auditOf(cycle.id, "panel.reminders_sent")).toHaveLength(1);

    // When staff move the closing time, the new deadline earns a new reminder (once).
    db.update(schema.cycles)
      .set({ scoringClosesAt: new Date(closesAt.getTime() + DAY) })
      .where(eq(schema.cycles.id, cycle.id))
      .run();
    sendScoringReminders(now);
    sendScoringReminders(now);
    expect(reminders(behind.user.email)).toHaveLength(2);

    // Once scoring has closed, nobody is reminded.
    const closed = round(1, { scoringOpensAt: new Date(now.getTime() - 5 * DAY), scoringClosesAt: new Date(now.getTime() - HOUR) });
    const closedMember = activeMember(closed.cycle.id);
    sendScoringReminders(now);
    expect(reminders(closedMember.user.email)).toHaveLength(0);
  });

  it("sent now by staff go at most once per member per day, only while scoring is open", () => {
    const now = new Date();
    const { cycle } = round(1, { scoringOpensAt: new Date(now.getTime() - DAY), scoringClosesAt: new Date(now.getTime() + 20 * DAY) });
    const m = activeMember(cycle.id);
    expect(sendRemindersNow(staff, cycle.id, now)).toEqual({ ok: true, changed: true, sent: 1, alreadySent: 0 });
    expect(sendRemindersNow(staff, cycle.id, new Date(now.getTime() + 60_000))).toEqual({ ok: true, changed: false, sent: 0, alreadySent: 1 });
    expect(reminders(m.user.email)).toHaveLength(1);
    expect(sendRemindersNow(staff, cycle.id, new Date(now.getTime() + DAY + HOUR))).toEqual({ ok: true, changed: true, sent: 1, alreadySent: 0 });
    expect(reminders(m.user.email)).toHaveLength(2);

    const notOpen = round(1);
    activeMember(notOpen.cycle.id);
    expect(sendRemindersNow(staff, notOpen.cycle.id, now)).toMatchObject({ ok: false, status: 409 });
  });
});
