// The round's stage gate: in a round with `panelAfterEligibility`, the panel sees an application
// only once staff have passed its eligibility check. Checked in each place the rule applies: the
// check itself (sets and clears eligibilityPassedAt, statuses as before), a panel member's list,
// one application opened by a member (the same 404 as any application not at the panel), the
// document download, who scores what, the scoring reminders' counts, moderation, decisions and
// sending the letters; a round without the gate unchanged; the setting on the panel settings
// page, audited on the round and refused after the letters; what staff see; the demo.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "~db/seed/index";
import { recordEligibilityCheck, returnForChanges } from "~/models/applications.server";
import { cycleDecisions, recordDecision, releaseDecisions } from "~/models/decisions.server";
import { listApplications } from "~/models/intake.server";
import { applicationScores, moderationBoard, saveModeration } from "~/models/moderation.server";
import { expectedScorers, panelAccess, panelApplications, panelStageOf } from "~/models/panel-access.server";
import { assignmentsOverview, panelSettingsNotes, saveAssignments, updatePanelSettings } from "~/models/panel-setup.server";
import { applicationForPanel, panelListFor, panelMayDownload } from "~/models/scoring.server";
import { panelSettingsSchema } from "~/schemas/panel";
import { db, schema } from "~/utils/db.server";
import { sessionCookie, startSession } from "~/utils/session.server";
import { loader as panelApplicationPage } from "~/routes/panel.cycles.$cycleId.applications.$applicationId._index";
import { loader as staffApplicationPage } from "~/routes/staff.applications.$applicationId";
import { loader as settingsPage } from "~/routes/staff.cycles.$cycleId.panel.settings";
import { DEMO_PEOPLE } from "~db/seed/demo";

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;

type Cycle = typeof schema.cycles.$inferSelect;
type User = typeof schema.users.$inferSelect;

let seq = 0;
let programmeId = 0;
let staffUser: User;
let staff: { id: number; isStaff: true };

function makeUser(role: "user" | "staff" = "user"): User {
  seq++;
  return db
    .insert(schema.users)
    .values({ email: `gate-${seq}@example.test`, name: `Person ${seq}`, passwordHash: "not-a-hash", role, emailConfirmedAt: new Date() })
    .returning()
    .get();
}

/** A closed round, gated or not, with one criterion; scoring open, or closed (for decisions). */
function makeRound(gated: boolean, o: { scoring?: "open" | "closed"; everyone?: boolean } = {}): Cycle {
  seq++;
  const now = Date.now();
  const cycle = db
    .insert(schema.cycles)
    .values({
      programmeId,
      name: `Gate round ${seq}`,
      referenceYear: 6000 + seq,
      status: "published",
      opensAt: new Date(now - 60 * DAY),
      closesAt: new Date(now - 30 * DAY),
      budgetPence: 50_000_00,
      maxRequestPence: 10_000_00,
      eligibility: { organisationTypes: ["community_or_faith_group"], mustServePlace: false, requiresPartner: false },
      sections: [...schema.APPLICATION_SECTIONS],
      scoringOpensAt: new Date(now - 20 * DAY),
      scoringClosesAt: o.scoring === "closed" ? new Date(now - HOUR) : new Date(now + 10 * DAY),
      everyoneScoresEverything: o.everyone ?? true,
      minScorersPerApplication: 1,
      ...(gated ? { panelAfterEligibility: true } : {}),
    })
    .returning()
    .get();
  db.insert(schema.criteria)
    .values({ cycleId: cycle.id, title: "Reaches need", weight: 1, scaleMin: 0, scaleMax: 4, descriptors: { "0": "None", "4": "Strong" } })
    .run();
  return cycle;
}

function makeApplication(cycle: Cycle, reference: string, status: typeof schema.applications.$inferInsert.status = "submitted") {
  const member = makeUser();
  const organisation = db.insert(schema.organisations).values({ name: `Organisation of ${reference}`, type: "community_or_faith_group" }).returning().get();
  db.insert(schema.organisationMembers).values({ organisationId: organisation.id, userId: member.id, role: "owner" }).run();
  return db
    .insert(schema.applications)
    .values({ cycleId: cycle.id, organisationId: organisation.id, reference, status, title: `Project ${reference}`, amountRequestedPence: 3_000_00, submittedAt: new Date(Date.now() - 40 * DAY) })
    .returning()
    .get();
}

function seat(cycle: Cycle, user = makeUser()) {
  const member = db
    .insert(schema.panelMembers)
    .values({ cycleId: cycle.id, userId: user.id, email: user.email, name: user.name, status: "active", invitedAt: new Date(), acceptedAt: new Date() })
    .returning()
    .get();
  return { user, member, person: { id: user.id, isStaff: false, organisationIds: [] as number[] } };
}

/** A submitted scorecard, as if the member had scored it while the application was at the panel. */
function scored(applicationId: number, panelMemberId: number, cycle: Cycle) {
  const criterion = db.select().from(schema.criteria).where(eq(schema.criteria.cycleId, cycle.id)).get()!;
  const card = db.insert(schema.scorecards).values({ applicationId, panelMemberId, status: "submitted", submittedAt: new Date() }).returning().get();
  db.insert(schema.criterionScores).values({ scorecardId: card.id, criterionId: criterion.id, score: 3 }).run();
}

const pass = (id: number, reason = "Checked: a Luton group, within the limits") => expect(recordEligibilityCheck(staff, id, true, reason)).toEqual({ ok: true });
const fail = (id: number, reason = "Not based in Luton") => expect(recordEligibilityCheck(staff, id, false, reason)).toEqual({ ok: true });
const appRow = (id: number) => db.select().from(schema.applications).where(eq(schema.applications.id, id)).get()!;
const refs = (rows: readonly { reference: string | null }[]) => rows.map((r) => r.reference);

async function requestAs(user: { id: number }, path: string) {
  const token = startSession(db, user.id, new Request("http://portal.test/"));
  const cookie = (await sessionCookie(token)).split(";")[0]!;
  return new Request(`http://portal.test${path}`, { headers: { cookie } });
}

async function statusOf(run: () => Promise<unknown>) {
  try {
    const response = (await run()) as Response;
    return { status: response.status, text: "" };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, text: await thrown.text() };
    throw thrown;
  }
}

beforeAll(async () => {
  await seedDatabase({ demo: true });
  programmeId = db.select().from(schema.programmes).where(eq(schema.programmes.slug, "collaboration-fund")).get()!.id;
  staffUser = makeUser("staff");
  staff = { id: staffUser.id, isStaff: true };
});

describe("the eligibility check", () => {
  it("opens the gate on a pass and shuts it on a fail, in the same transaction, with the statuses as before", () => {
    const cycle = makeRound(true);
    const app = makeApplication(cycle, "GATE-1");
    expect(appRow(app.id).eligibilityPassedAt).toBeNull();
    const at = new Date("2031-03-01T10:00:00Z");
    expect(recordEligibilityCheck(staff, app.id, true, "Fine", at)).toEqual({ ok: true });
    expect(appRow(app.id)).toMatchObject({ status: "submitted", eligibilityPassedAt: at });
    fail(app.id);
    expect(appRow(app.id)).toMatchObject({ status: "ineligible", eligibilityPassedAt: null });
    pass(app.id, "Checked again: they are in Luton");
    expect(appRow(app.id).status).toBe("submitted");
    expect(appRow(app.id).eligibilityPassedAt).not.toBeNull();
    // Refused checks change nothing.
    expect(recordEligibilityCheck({ id: app.id, isStaff: false }, app.id, false, "x")).toMatchObject({ ok: false });
    expect(appRow(app.id).eligibilityPassedAt).not.toBeNull();
  });

  it("is asked for again when staff return the application for changes", () => {
    const cycle = makeRound(true);
    db.update(schema.cycles).set({ closesAt: new Date(Date.now() + 10 * DAY) }).where(eq(schema.cycles.id, cycle.id)).run();
    const app = makeApplication(cycle, "GATE-2");
    pass(app.id);
    expect(returnForChanges(staff, app.id, "Please add your budget")).toEqual({ ok: true });
    expect(appRow(app.id)).toMatchObject({ status: "returned", eligibilityPassedAt: null });
  });
});

describe("the panel's pages", () => {
  it("show a gated round's member only the applications that passed; a round without the gate shows every submitted one", () => {
    const gated = makeRound(true);
    const [a, b] = [makeApplication(gated, "GATE-3A"), makeApplication(gated, "GATE-3B")];
    makeApplication(gated, "GATE-3C", "withdrawn");
    const { person } = seat(gated);
    const list = () => panelListFor(person, gated.id) as { rows: { reference: string | null }[] };
    expect(refs(list().rows)).toEqual([]);
    pass(a.id);
    expect(refs(list().rows)).toEqual(["GATE-3A"]);
    expect(refs(panelApplications(gated.id))).toEqual(["GATE-3A"]);
    fail(a.id);
    pass(b.id);
    expect(refs(list().rows)).toEqual(["GATE-3B"]);

    const open = makeRound(false);
    makeApplication(open, "GATE-4A");
    makeApplication(open, "GATE-4B", "in_review");
    makeApplication(open, "GATE-4C", "ineligible");
    const other = seat(open);
    expect(refs((panelListFor(other.person, open.id) as { rows: { reference: string | null }[] }).rows)).toEqual(["GATE-4A", "GATE-4B"]);
  });

  it("answer a member who opens a gated, unchecked application with the same 404 as any application not at the panel, the documents too", async () => {
    const cycle = makeRound(true);
    const waiting = makeApplication(cycle, "GATE-5A");
    const withdrawn = makeApplication(cycle, "GATE-5B", "withdrawn");
    const { user, person } = seat(cycle);
    const notFound = { status: 404, message: "Page not found." };
    expect(panelAccess(person, cycle.id, waiting.id)).toEqual(notFound);
    expect(panelAccess(person, cycle.id, withdrawn.id)).toEqual(notFound);
    expect(applicationForPanel(person, cycle.id, waiting.id)).toEqual(notFound);
    expect(panelMayDownload(person, cycle.id, waiting.id)).toBe(false);
    const open = (id: number) => statusOf(async () => panelApplicationPage({ request: await requestAs(user, `/panel/cycles/${cycle.id}/applications/${id}`), params: { cycleId: String(cycle.id), applicationId: String(id) }, context: { cspNonce: "" } }));
    const [gatedPage, withdrawnPage] = [await open(waiting.id), await open(withdrawn.id)];
    expect(gatedPage).toEqual(withdrawnPage);
    expect(gatedPage.status).toBe(404);

    pass(waiting.id);
    expect(panelAccess(person, cycle.id, waiting.id)).toMatchObject({ application: { id: waiting.id }, canSeeContent: false });
    expect((await open(waiting.id)).status).toBe(200);
  });
});

describe("who scores what, and the scoring counts", () => {
  it("offers staff only the applications at the panel stage, and refuses a pairing with one waiting for its check", () => {
    const cycle = makeRound(true, { everyone: false });
    const waiting = makeApplication(cycle, "GATE-6A");
    const passed = makeApplication(cycle, "GATE-6B");
    pass(passed.id);
    const { member } = seat(cycle);
    expect(refs(assignmentsOverview(cycle.id)!.applications)).toEqual(["GATE-6B"]);
    const shown = assignmentsOverview(cycle.id)!.fingerprint;
    expect(saveAssignments(staff, cycle.id, [{ applicationId: waiting.id, panelMemberId: member.id }], shown)).toMatchObject({
      ok: false,
      status: 400,
      message: "One of the applications chosen is not one of this round's applications for the panel. Nothing was saved.",
    });
    expect(saveAssignments(staff, cycle.id, [{ applicationId: passed.id, panelMemberId: member.id }], shown)).toEqual({ ok: true, changed: true, count: 1 });
    // The reminders and the panel page count from the expected scorers: the waiting one is not there.
    expect([...expectedScorers(cycle.id).keys()]).toEqual([passed.id]);
  });
});

describe("moderation", () => {
  it("ranks only applications at the panel stage; one held back by the gate has no scores page and cannot be moderated", () => {
    const cycle = makeRound(true, { scoring: "closed" });
    const a = makeApplication(cycle, "GATE-7A");
    const b = makeApplication(cycle, "GATE-7B");
    pass(a.id);
    pass(b.id);
    const { member } = seat(cycle);
    scored(a.id, member.id, cycle);
    scored(b.id, member.id, cycle);
    expect(refs(moderationBoard(cycle.id)!.rows)).toEqual(["GATE-7A", "GATE-7B"]);
    // A later check fails B: its scores leave the ranking with it.
    fail(b.id);
    expect(refs(moderationBoard(cycle.id)!.rows)).toEqual(["GATE-7A"]);
    // And a round that turns the gate on after scoring hides what was never checked.
    const late = makeRound(false, { scoring: "closed" });
    const c = makeApplication(late, "GATE-7C");
    const other = seat(late);
    scored(c.id, other.member.id, late);
    expect(refs(moderationBoard(late.id)!.rows)).toEqual(["GATE-7C"]);
    db.update(schema.cycles).set({ panelAfterEligibility: true }).where(eq(schema.cycles.id, late.id)).run();
    expect(moderationBoard(late.id)!.rows).toEqual([]);
    expect(applicationScores(c.id)).toBeNull();
    expect(saveModeration(staff, c.id, { moderatedScore: 70, rationale: "Agreed" })).toEqual({ ok: false, status: 404, message: "Page not found." });
    pass(c.id);
    expect(applicationScores(c.id)).not.toBeNull();
    expect(saveModeration(staff, c.id, { moderatedScore: 70, rationale: "Agreed" })).toEqual({ ok: true, changed: true });
  });
});

describe("decisions", () => {
  it("are not recorded on an application waiting for its check, and the letters wait for every check, listing them", () => {
    const cycle = makeRound(true, { scoring: "closed" });
    const a = makeApplication(cycle, "GATE-8A");
    const b = makeApplication(cycle, "GATE-8B");
    const c = makeApplication(cycle, "GATE-8C");
    pass(a.id);
    const award = { outcome: "award" as const, amountPence: 2_000_00, conditions: null, feedback: null, reasons: "Strong" };
    expect(recordDecision(staff, b.id, award)).toEqual({
      ok: false,
      status: 409,
      message: "This application is waiting for its eligibility check, so the panel cannot see it and no decision can be recorded on it yet.",
    });
    expect(recordDecision(staff, a.id, award)).toEqual({ ok: true, changed: true });
    const found = cycleDecisions(cycle.id)!;
    expect(refs(found.rows)).toEqual(["GATE-8A"]);
    expect(refs(found.waitingForCheck)).toEqual(["GATE-8B", "GATE-8C"]);
    expect(found.undecided).toEqual([]);
    const refused = releaseDecisions(staff, cycle.id, found.fingerprint);
    expect(refused).toEqual({
      ok: false,
      alreadySent: false,
      status: 409,
      message:
        "Decision letters go to every applicant at once, and in this round the panel sees an application only once it has passed its eligibility check. These 2 applications are still waiting for their eligibility check: GATE-8B, GATE-8C. Record the check on each first.",
    });
    expect(appRow(a.id).status).toBe("submitted");
    expect(db.select().from(schema.cycles).where(eq(schema.cycles.id, cycle.id)).get()!.decisionsReleasedAt).toBeNull();

    // One fails its check, one passes and is decided: then the letters go.
    fail(b.id);
    pass(c.id);
    expect(releaseDecisions(staff, cycle.id, cycleDecisions(cycle.id)!.fingerprint)).toMatchObject({
      ok: false,
      message: "Decision letters go to every applicant at once, so every application needs a decision first. This application has no decision yet: GATE-8C.",
    });
    expect(recordDecision(staff, c.id, { outcome: "reserve", amountPence: null, conditions: null, feedback: null, reasons: "Next" })).toEqual({ ok: true, changed: true });
    expect(releaseDecisions(staff, cycle.id, cycleDecisions(cycle.id)!.fingerprint)).toEqual({ ok: true, released: 2, letters: 2 });
    expect([a, b, c].map((x) => appRow(x.id).status)).toEqual(["awarded", "ineligible", "reserve"]);
  });

  it("in a round without the gate, go as before: no check needed", () => {
    const cycle = makeRound(false, { scoring: "closed" });
    const a = makeApplication(cycle, "GATE-9A");
    expect(recordDecision(staff, a.id, { outcome: "decline", amountPence: null, conditions: null, feedback: "More detail", reasons: "Weak" })).toEqual({ ok: true, changed: true });
    expect(cycleDecisions(cycle.id)!.waitingForCheck).toEqual([]);
    expect(releaseDecisions(staff, cycle.id, cycleDecisions(cycle.id)!.fingerprint)).toEqual({ ok: true, released: 1, letters: 1 });
  });
});

describe("the setting", () => {
  const settings = (gate: "yes" | "no") =>
    panelSettingsSchema.parse({ anonymise: "no", gate, assignment: "everyone", minScorers: "1", threshold: "20", opensDay: "", closesDay: "" });

  it("is changed on the panel settings page, audited on the round with before and after, and refused once the letters are sent", async () => {
    const cycle = makeRound(false);
    db.update(schema.cycles).set({ scoringOpensAt: null, scoringClosesAt: null }).where(eq(schema.cycles.id, cycle.id)).run();
    makeApplication(cycle, "GATE-10A");
    const page = async () =>
      (await ((await settingsPage({ request: await requestAs(staffUser, `/staff/cycles/${cycle.id}/panel/settings`), params: { cycleId: String(cycle.id) }, context: { cspNonce: "" } })) as Response).json()) as {
        defaults: { gate: string };
        notes: { gate: string | null };
      };
    expect((await page()).defaults.gate).toBe("no");
    expect((await page()).notes.gate).toBe("1 submitted application has not passed the eligibility check. Choosing yes hides it from the panel, with any scores, until staff pass its check.");
    expect(updatePanelSettings(staff, cycle.id, settings("yes"))).toEqual({ ok: true, changed: true });
    expect(updatePanelSettings(staff, cycle.id, settings("yes"))).toEqual({ ok: true, changed: false });
    expect((await page()).defaults.gate).toBe("yes");
    expect((await page()).notes.gate).toMatch(/^1 submitted application has not passed the eligibility check yet, so the panel cannot see it\./);
    const audit = db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.entityType, "cycle"), eq(schema.auditEvents.entityId, cycle.id), eq(schema.auditEvents.action, "cycle.panel_settings_changed")))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.summary).toBe("Changed the panel settings: the panel now sees an application only once staff have passed its eligibility check");
    expect(audit[0]!.details).toMatchObject({ before: { panelAfterEligibility: false }, after: { panelAfterEligibility: true } });
    expect(audit[0]!.actorUserId).toBe(staff.id);

    db.update(schema.cycles).set({ decisionsReleasedAt: new Date() }).where(eq(schema.cycles.id, cycle.id)).run();
    expect(updatePanelSettings(staff, cycle.id, settings("no"))).toMatchObject({ ok: false, status: 409 });
    expect(db.select().from(schema.cycles).where(eq(schema.cycles.id, cycle.id)).get()!.panelAfterEligibility).toBe(true);
    expect(updatePanelSettings({ id: staff.id, isStaff: false }, cycle.id, settings("no"))).toMatchObject({ ok: false, status: 403 });
  });

  it("says nothing when every submitted application has passed", () => {
    const cycle = makeRound(true);
    const a = makeApplication(cycle, "GATE-11A");
    pass(a.id);
    expect(panelSettingsNotes(cycle).gate).toBeNull();
  });
});

describe("what staff see", () => {
  it("the application page and the intake list say when the panel cannot see an application yet", async () => {
    const cycle = makeRound(true);
    const a = makeApplication(cycle, "GATE-12A");
    const b = makeApplication(cycle, "GATE-12B");
    pass(b.id);
    const page = async (id: number) =>
      (await ((await staffApplicationPage({ request: await requestAs(staffUser, `/staff/applications/${id}`), params: { applicationId: String(id) }, context: { cspNonce: "" } })) as Response).json()) as {
        waitingForCheck: boolean;
        panelStage: boolean;
      };
    expect(await page(a.id)).toMatchObject({ waitingForCheck: true, panelStage: false });
    expect(await page(b.id)).toMatchObject({ waitingForCheck: false, panelStage: true });
    expect(panelStageOf(a.id)).toEqual({ atPanel: false, waitingForCheck: true });
    expect(listApplications(cycle.id, {}).rows.map((r) => [r.reference, r.waitingForCheck])).toEqual([
      ["GATE-12A", true],
      ["GATE-12B", false],
    ]);
    // Without the gate nothing waits.
    const open = makeRound(false);
    const c = makeApplication(open, "GATE-13A");
    expect(panelStageOf(c.id)).toEqual({ atPanel: true, waitingForCheck: false });
    expect(listApplications(open.id, {}).rows[0]!.waitingForCheck).toBe(false);
  });
});

describe("the demo", () => {
  it("gates its rounds, and the panel still sees (and can score) the Prize round's submitted application, and last year's awards", () => {
    const demo = db.select().from(schema.cycles).where(eq(schema.cycles.isDemo, true)).all();
    expect(demo.length).toBeGreaterThanOrEqual(3);
    expect(demo.every((c) => c.panelAfterEligibility)).toBe(true);
    const panel = db.select().from(schema.users).where(eq(schema.users.email, DEMO_PEOPLE[1].email)).get()!;
    const prize = demo.find((c) => c.name.startsWith("Health Equity Town Prize"))!;
    const list = panelListFor({ id: panel.id }, prize.id) as { rows: { reference: string | null }[]; window: string };
    expect(list.window).toBe("open");
    expect(list.rows).toHaveLength(1);
    const checks = db
      .select({ passed: schema.eligibilityReviews.passed, reviewedById: schema.eligibilityReviews.reviewedById, reason: schema.eligibilityReviews.reason })
      .from(schema.eligibilityReviews)
      .innerJoin(schema.applications, eq(schema.applications.id, schema.eligibilityReviews.applicationId))
      .innerJoin(schema.cycles, eq(schema.cycles.id, schema.applications.cycleId))
      .where(eq(schema.cycles.isDemo, true))
      .all();
    const demoStaff = db.select().from(schema.users).where(eq(schema.users.email, "staff@demo.test")).get()!;
    expect(checks).toHaveLength(4);
    expect(checks.every((c) => c.passed && c.reviewedById === demoStaff.id && c.reason.length > 10)).toBe(true);
    const decided = demo.find((c) => c.decisionsReleasedAt)!;
    expect(panelApplications(decided.id)).toHaveLength(3);
  });
});
