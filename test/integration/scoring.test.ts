// What a panel member may do, at the model level: the list of a round's applications, the
// declaration of any conflict of interest before anything but the title, reading the bid and its documents,
// and scoring. Every refusal is checked here, on the server's side: another round's panel, an
// unassigned application, a conflict (declared, or as a member of the applicant), the scoring
// window, a stale version from another tab, a double submit, and a malformed scorecard.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "~db/seed/index";
import { attachmentForDownload, neutralName, storeUpload } from "~/models/attachments.server";
import { panelAccess } from "~/models/panel-access.server";
import {
  applicationForPanel,
  declareConflict,
  panelListFor,
  panelCounts,
  panelMayDownload,
  saveScorecard,
  scoringPage,
  whyScoringClosed,
  windowText,
} from "~/models/scoring.server";
import { declarationSchema, scorecardSchema, STALE_FORM_MESSAGE } from "~/schemas/scoring";
import { db, schema } from "~/utils/db.server";

const DAY = 24 * 3600 * 1000;
const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
const DESCRIPTION = "The secret content of the bid, for panel members without a conflict only.";

type Cycle = typeof schema.cycles.$inferSelect;
type Criterion = typeof schema.criteria.$inferSelect;
type User = typeof schema.users.$inferSelect;

let seq = 0;
let programmeId = 0;

function makeUser(role: "user" | "staff" = "user"): User {
  seq++;
  return db
    .insert(schema.users)
    .values({ email: `scoring-${seq}@example.test`, name: `Person ${seq}`, passwordHash: "not-a-hash", role, emailConfirmedAt: new Date() })
    .returning()
    .get();
}

/** A closed round with two criteria (0–4, weights 3 and 1) and scoring open now. */
function makeRound(options: Partial<typeof schema.cycles.$inferInsert> = {}): { cycle: Cycle; criteria: Criterion[] } {
  seq++;
  const now = Date.now();
  const cycle = db
    .insert(schema.cycles)
    .values({
      programmeId,
      name: `Scoring round ${seq}`,
      referenceYear: 2100 + seq,
      status: "published",
      opensAt: new Date(now - 30 * DAY),
      closesAt: new Date(now - 2 * DAY),
      budgetPence: 10_000_00,
      maxRequestPence: 5_000_00,
      eligibility: { organisationTypes: ["community_or_faith_group"], mustServePlace: false, requiresPartner: false },
      sections: [...schema.APPLICATION_SECTIONS],
      scoringOpensAt: new Date(now - DAY),
      scoringClosesAt: new Date(now + 10 * DAY),
      ...options,
    })
    .returning()
    .get();
  const descriptors = { "0": "No evidence", "1": "Weak evidence", "2": "Some evidence", "3": "Good evidence", "4": "Strong evidence" };
  const criteria = db
    .insert(schema.criteria)
    .values([
      { cycleId: cycle.id, title: "Reaches the greatest need", weight: 3, descriptors, sortOrder: 0 },
      { cycleId: cycle.id, title: "Can be delivered", weight: 1, descriptors, sortOrder: 1 },
    ])
    .returning()
    .all();
  return { cycle, criteria };
}

/** A submitted application from a new organisation with one member, with a document. */
async function makeApplication(cycle: Cycle, options: { status?: typeof schema.applications.$inferInsert.status } = {}) {
  seq++;
  const member = makeUser();
  const organisation = db.insert(schema.organisations).values({ name: `Applicant Group ${seq}`, type: "community_or_faith_group" }).returning().get();
  db.insert(schema.organisationMembers).values({ organisationId: organisation.id, userId: member.id, role: "owner" }).run();
  const application = db
    .insert(schema.applications)
    .values({
      cycleId: cycle.id,
      organisationId: organisation.id,
      status: options.status ?? "submitted",
      reference: `SC-${cycle.referenceYear}-${String(seq).padStart(4, "0")}`,
      title: `Project ${seq}`,
      summary: "A summary",
      description: DESCRIPTION,
      amountRequestedPence: 2_000_00,
      submittedAt: new Date(Date.now() - 3 * DAY),
    })
    .returning()
    .get();
  db.insert(schema.applicationPartners)
    .values({ applicationId: application.id, name: `Partner Charity ${seq}`, role: "Runs the sessions", contactEmail: `partner-${seq}@example.test` })
    .run();
  const stored = await storeUpload({ name: `Applicant Group ${seq} constitution.pdf`, bytes: PDF });
  if (!stored.ok) throw new Error(stored.message);
  const attachment = db
    .insert(schema.attachments)
    .values({ ...stored.stored, applicationId: application.id, organisationId: organisation.id, kind: "constitution" })
    .returning()
    .get();
  return { application, organisation, member, attachmentId: attachment.id };
}

function seat(cycle: Cycle, user: User, status: "active" | "invited" | "removed" = "active") {
  return db
    .insert(schema.panelMembers)
    .values({ cycleId: cycle.id, userId: user.id, email: user.email, name: user.name, status, invitedAt: new Date(), acceptedAt: new Date() })
    .returning()
    .get();
}

/** A panel member as the routes pass them (the signed-in person). */
const asPerson = (user: User) => ({ id: user.id, isStaff: user.role !== "user", organisationIds: memberships(user.id) });
const memberships = (userId: number) =>
  db
    .select({ id: schema.organisationMembers.organisationId })
    .from(schema.organisationMembers)
    .where(eq(schema.organisationMembers.userId, userId))
    .all()
    .map((r) => r.id);

/** A scorecard form as the page posts it. */
function form(criteria: Criterion[], scores: (number | null)[], options: { comments?: string[]; overall?: string; intent?: "draft" | "submit"; version?: number } = {}) {
  const values: Record<string, string> = {
    intent: options.intent ?? "submit",
    version: String(options.version ?? 0),
    overallComment: options.overall ?? "A fair application.",
  };
  criteria.forEach((c, i) => {
    values[`score-${c.id}`] = scores[i] === null || scores[i] === undefined ? "" : String(scores[i]);
    values[`comment-${c.id}`] = options.comments?.[i] ?? `Why ${scores[i]}`;
  });
  return values;
}

const scorecardsOf = (applicationId: number) => db.select().from(schema.scorecards).where(eq(schema.scorecards.applicationId, applicationId)).all();
const auditCount = (action: string) => db.select().from(schema.auditEvents).where(eq(schema.auditEvents.action, action)).all().length;

const declareNo = (user: User, cycle: Cycle, applicationId: number) => declareConflict(user, cycle.id, applicationId, { hasConflict: false, nature: null });

beforeAll(async () => {
  await seedDatabase({ demo: false });
  programmeId = db.select().from(schema.programmes).get()!.id;
});

describe("the panel's list of a round's applications", () => {
  it("lists the applications at the panel stage, with where the member is on each", async () => {
    const { cycle, criteria } = makeRound();
    const person = makeUser();
    seat(cycle, person);
    const a = await makeApplication(cycle);
    const b = await makeApplication(cycle);
    const c = await makeApplication(cycle);
    const d = await makeApplication(cycle);
    await makeApplication(cycle, { status: "draft" });
    await makeApplication(cycle, { status: "withdrawn" });
    await makeApplication(cycle, { status: "ineligible" });
    expect(declareNo(person, cycle, b.application.id)).toEqual({ ok: true, changed: true });
    expect(declareNo(person, cycle, c.application.id).ok).toBe(true);
    expect(declareConflict(person, cycle.id, d.application.id, { hasConflict: true, nature: "I advise them" }).ok).toBe(true);
    expect(saveScorecard(person, cycle.id, c.application.id, form(criteria, [2, null], { intent: "draft" }))).toMatchObject({ ok: true, status: "draft" });

    const list = panelListFor(person, cycle.id);
    if ("status" in list) throw new Error(list.message);
    expect(list.rows.map((r) => [r.id, r.state])).toEqual([
      [a.application.id, "declare"],
      [b.application.id, "not_started"],
      [c.application.id, "draft"],
      [d.application.id, "conflict"],
    ]);
    expect(list.rows[0]!.organisationName).toBe(a.organisation.name);
    expect(panelCounts(person, cycle.id)).toEqual({ toDeclare: 1, toScore: 2, submitted: 0 });
    expect(windowText(cycle)).toMatch(/^Scoring is open until /);
  });

  it("hides applicants' names when the round says so", async () => {
    const { cycle } = makeRound({ anonymiseApplicants: true });
    const person = makeUser();
    seat(cycle, person);
    const a = await makeApplication(cycle);
    const list = panelListFor(person, cycle.id);
    if ("status" in list) throw new Error(list.message);
    expect(list.hideNames).toBe(true);
    expect(list.rows[0]!.organisationName).toBeNull();
    expect(JSON.stringify(applicationForPanel(person, cycle.id, a.application.id))).not.toContain(a.organisation.name);
    declareNo(person, cycle, a.application.id);
    const view = applicationForPanel(person, cycle.id, a.application.id);
    expect(view).toMatchObject({ kind: "content", organisation: null, hideNames: true });
    const text = JSON.stringify(view);
    expect(text).toContain(DESCRIPTION);
    // Neither the organisation, nor its partners, nor a document's file name.
    expect(text).not.toContain(a.organisation.name);
    expect(text).not.toContain("Partner Charity");
    expect(text).not.toContain("constitution.pdf");
  });

  it("in a round where staff choose, shows only the applications given to the member, and refuses the others", async () => {
    const { cycle, criteria } = makeRound({ everyoneScoresEverything: false });
    const person = makeUser();
    const member = seat(cycle, person);
    const given = await makeApplication(cycle);
    const other = await makeApplication(cycle);
    db.insert(schema.panelAssignments).values({ applicationId: given.application.id, panelMemberId: member.id }).run();
    const list = panelListFor(person, cycle.id);
    if ("status" in list) throw new Error(list.message);
    expect(list.rows.map((r) => r.id)).toEqual([given.application.id]);
    expect(applicationForPanel(person, cycle.id, other.application.id)).toMatchObject({ status: 403 });
    expect(declareNo(person, cycle, other.application.id)).toMatchObject({ ok: false, status: 403 });
    expect(saveScorecard(person, cycle.id, other.application.id, form(criteria, [2, 2]))).toMatchObject({ ok: false, kind: "refused", status: 403 });
    expect(scoringPage(person, cycle.id, other.application.id)).toMatchObject({ status: 403 });
    expect(await attachmentForDownload(asPerson(person), other.application.id, other.attachmentId)).toMatchObject({ status: 403 });
    expect(db.select().from(schema.conflictDeclarations).where(eq(schema.conflictDeclarations.applicationId, other.application.id)).all()).toEqual([]);
  });
});

describe("another round's panel, and people on no panel", () => {
  it("refuses a member of round X everything on round Y, even with a real application id of Y", async () => {
    const x = makeRound();
    const y = makeRound();
    const person = makeUser();
    seat(x.cycle, person);
    const ofY = await makeApplication(y.cycle);
    await makeApplication(x.cycle);
    expect(panelListFor(person, y.cycle.id)).toMatchObject({ status: 403 });
    expect(applicationForPanel(person, y.cycle.id, ofY.application.id)).toMatchObject({ status: 403 });
    // Through their own round's address: the application is not on it.
    expect(applicationForPanel(person, x.cycle.id, ofY.application.id)).toMatchObject({ status: 404 });
    expect(declareNo(person, y.cycle, ofY.application.id)).toMatchObject({ ok: false, status: 403 });
    expect(declareConflict(person, x.cycle.id, ofY.application.id, { hasConflict: false, nature: null })).toMatchObject({ ok: false, status: 404 });
    expect(scoringPage(person, y.cycle.id, ofY.application.id)).toMatchObject({ status: 403 });
    expect(saveScorecard(person, y.cycle.id, ofY.application.id, form(y.criteria, [2, 2]))).toMatchObject({ ok: false, kind: "refused", status: 403 });
    expect(saveScorecard(person, x.cycle.id, ofY.application.id, form(y.criteria, [2, 2]))).toMatchObject({ ok: false, kind: "refused", status: 404 });
    expect(await attachmentForDownload(asPerson(person), ofY.application.id, ofY.attachmentId)).toMatchObject({ status: 403 });
    expect(scorecardsOf(ofY.application.id)).toEqual([]);
  });

  it("refuses a removed or invited (not yet active) seat, and applicants, who are on no panel", async () => {
    const { cycle, criteria } = makeRound();
    const removed = makeUser();
    const invited = makeUser();
    seat(cycle, removed, "removed");
    seat(cycle, invited, "invited");
    const a = await makeApplication(cycle);
    for (const person of [removed, invited, a.member]) {
      expect(panelListFor(person, cycle.id)).toMatchObject({ status: 403 });
      expect(applicationForPanel(person, cycle.id, a.application.id)).toMatchObject({ status: 403 });
      expect(scoringPage(person, cycle.id, a.application.id)).toMatchObject({ status: 403 });
      expect(saveScorecard(person, cycle.id, a.application.id, form(criteria, [2, 2]))).toMatchObject({ ok: false, status: 403 });
    }
  });
});

describe("declaring any conflict of interest", () => {
  it("shows only the reference, title and organisation before the member declares", async () => {
    const { cycle } = makeRound();
    const person = makeUser();
    seat(cycle, person);
    const a = await makeApplication(cycle);
    const view = applicationForPanel(person, cycle.id, a.application.id);
    expect(view).toEqual({
      kind: "declare",
      hideNames: false,
      declarationsClosed: null,
      // Nothing else of the application: no organisation id or status to link two bids by.
      application: { id: a.application.id, reference: a.application.reference, title: a.application.title, organisationName: a.organisation.name },
    });
    expect(JSON.stringify(view)).not.toContain(DESCRIPTION);
    // Nor its documents, nor the scoring page.
    expect(await attachmentForDownload(asPerson(person), a.application.id, a.attachmentId)).toMatchObject({ status: 403 });
    expect(scoringPage(person, cycle.id, a.application.id)).toMatchObject({ status: 403, message: expect.stringMatching(/^Declare whether/) });

    expect(declareNo(person, cycle, a.application.id)).toEqual({ ok: true, changed: true });
    const content = applicationForPanel(person, cycle.id, a.application.id);
    expect(content).toMatchObject({ kind: "content", scorecardStatus: null });
    expect(JSON.stringify(content)).toContain(DESCRIPTION);
    expect(JSON.stringify(content)).toContain("Partner Charity");
    const download = await attachmentForDownload(asPerson(person), a.application.id, a.attachmentId);
    expect("bytes" in download && new Uint8Array(download.bytes)).toEqual(PDF);
  });

  it("stores a declaration once; 'no' may become 'yes', never the other way; each change is audited", async () => {
    const { cycle, criteria } = makeRound();
    const person = makeUser();
    const member = seat(cycle, person);
    const a = await makeApplication(cycle);
    const declared = auditCount("conflict.declared");
    expect(declareNo(person, cycle, a.application.id)).toEqual({ ok: true, changed: true });
    // The same form sent twice.
    expect(declareNo(person, cycle, a.application.id)).toEqual({ ok: true, changed: false });
    const rows = () =>
      db
        .select()
        .from(schema.conflictDeclarations)
        .where(and(eq(schema.conflictDeclarations.applicationId, a.application.id), eq(schema.conflictDeclarations.panelMemberId, member.id)))
        .all();
    expect(rows()).toHaveLength(1);
    expect(auditCount("conflict.declared")).toBe(declared + 1);

    // A conflict found while reading, after a draft was saved.
    expect(saveScorecard(person, cycle.id, a.application.id, form(criteria, [2, null], { intent: "draft" })).ok).toBe(true);
    expect(declareConflict(person, cycle.id, a.application.id, { hasConflict: true, nature: "My sister chairs it" })).toEqual({ ok: true, changed: true });
    expect(rows()).toMatchObject([{ hasConflict: true, nature: "My sister chairs it" }]);
    expect(auditCount("conflict.declared")).toBe(declared + 2);
    expect(declareConflict(person, cycle.id, a.application.id, { hasConflict: true, nature: "My sister chairs it" })).toEqual({ ok: true, changed: false });
    // Only staff can clear a conflict.
    expect(declareNo(person, cycle, a.application.id)).toMatchObject({ ok: false, status: 409, message: expect.stringContaining("Only staff can clear") });
    expect(rows()).toMatchObject([{ hasConflict: true }]);
    expect(applicationForPanel(person, cycle.id, a.application.id)).toMatchObject({ kind: "conflict", reason: "declared", nature: "My sister chairs it" });
    expect(panelAccess(person, cycle.id, a.application.id)).toMatchObject({ conflicted: true, canSeeContent: false });
  });

  it("needs an answer, and a description of a conflict (the form's schema)", () => {
    expect(declarationSchema.safeParse({}).success).toBe(false);
    const noNature = declarationSchema.safeParse({ conflict: "yes", nature: "  " });
    expect(noNature.success).toBe(false);
    expect(noNature.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["nature", "Describe the conflict of interest"]]);
    expect(declarationSchema.parse({ conflict: "no", nature: "ignored" })).toEqual({ hasConflict: false, nature: null });
    expect(declarationSchema.parse({ conflict: "yes", nature: " I advise them " })).toEqual({ hasConflict: true, nature: "I advise them" });
  });
});

describe("a conflict of interest", () => {
  it("keeps a member who declared one from the bid, its documents, its scores and scoring it", async () => {
    const { cycle, criteria } = makeRound();
    const conflicted = makeUser();
    const other = makeUser();
    seat(cycle, conflicted);
    seat(cycle, other);
    const a = await makeApplication(cycle);
    expect(declareConflict(conflicted, cycle.id, a.application.id, { hasConflict: true, nature: "I volunteer there" }).ok).toBe(true);
    declareNo(other, cycle, a.application.id);
    expect(saveScorecard(other, cycle.id, a.application.id, form(criteria, [3, 2])).ok).toBe(true);

    const view = applicationForPanel(conflicted, cycle.id, a.application.id);
    expect(view).toMatchObject({ kind: "conflict", reason: "declared" });
    expect(JSON.stringify(view)).not.toContain(DESCRIPTION);
    expect(JSON.stringify(view)).not.toContain("Why 3");
    expect(await attachmentForDownload(asPerson(conflicted), a.application.id, a.attachmentId)).toMatchObject({ status: 403 });
    expect(scoringPage(conflicted, cycle.id, a.application.id)).toMatchObject({ status: 403 });
    expect(saveScorecard(conflicted, cycle.id, a.application.id, form(criteria, [4, 4]))).toMatchObject({ ok: false, kind: "refused", status: 403 });
    expect(scorecardsOf(a.application.id)).toHaveLength(1);
  });

  it("makes a member of the applicant organisation conflicted without declaring", async () => {
    const { cycle, criteria } = makeRound();
    const a = await makeApplication(cycle);
    // The applicant's own member sits on the panel.
    seat(cycle, a.member);
    const list = panelListFor(a.member, cycle.id);
    if ("status" in list) throw new Error(list.message);
    // Shown as a member of the applicant, not as a conflict they declared.
    expect(list.rows.find((r) => r.id === a.application.id)?.state).toBe("member");
    const view = applicationForPanel(a.member, cycle.id, a.application.id);
    expect(view).toMatchObject({ kind: "conflict", reason: "member" });
    expect(JSON.stringify(view)).not.toContain(DESCRIPTION);
    // Declaring none changes nothing.
    expect(declareNo(a.member, cycle, a.application.id)).toMatchObject({ ok: false, status: 409 });
    expect(scoringPage(a.member, cycle.id, a.application.id)).toMatchObject({ status: 403, message: expect.stringContaining("member of the organisation") });
    expect(saveScorecard(a.member, cycle.id, a.application.id, form(criteria, [4, 4]))).toMatchObject({ ok: false, status: 403 });
    expect(scorecardsOf(a.application.id)).toEqual([]);
  });
});

describe("scoring", () => {
  async function ready(options: Partial<typeof schema.cycles.$inferInsert> = {}, people = 1) {
    const round = makeRound(options);
    const a = await makeApplication(round.cycle);
    const members = Array.from({ length: people }, () => {
      const user = makeUser();
      return { user, seat: seat(round.cycle, user) };
    });
    for (const m of members) declareNo(m.user, round.cycle, a.application.id);
    return { ...round, a, members };
  }

  it("keeps other members' scores hidden until one's own are submitted, and again after staff reopen them", async () => {
    const { cycle, criteria, a, members } = await ready({}, 2);
    const [one, two] = members as [(typeof members)[0], (typeof members)[0]];
    expect(saveScorecard(one.user, cycle.id, a.application.id, form(criteria, [4, 1], { comments: ["Strong reach", "Some risk"] }))).toMatchObject({
      ok: true,
      status: "submitted",
    });
    // Two has a draft: one's scores are hidden from them.
    expect(saveScorecard(two.user, cycle.id, a.application.id, form(criteria, [2, null], { intent: "draft" })).ok).toBe(true);
    const before = scoringPage(two.user, cycle.id, a.application.id);
    if ("status" in before) throw new Error(before.message);
    expect(before.others).toBeNull();
    expect(before.canEdit).toBe(true);
    expect(JSON.stringify(before)).not.toContain("Strong reach");

    expect(saveScorecard(two.user, cycle.id, a.application.id, form(criteria, [2, 3], { version: before.version })).ok).toBe(true);
    const after = scoringPage(two.user, cycle.id, a.application.id);
    if ("status" in after) throw new Error(after.message);
    expect(after.canEdit).toBe(false);
    expect(after.whyReadOnly).toBe("Only staff can reopen submitted scores.");
    expect(after.own?.total).toBeCloseTo(((3 * 2) / 4 + (1 * 3) / 4) / 4 * 100, 10);
    expect(after.others).toHaveLength(1);
    expect(after.others![0]).toMatchObject({ name: one.user.name, total: ((3 * 4) / 4 + (1 * 1) / 4) / 4 * 100 });
    expect(after.others![0]!.scores).toEqual([
      { criterionId: criteria[0]!.id, score: 4, comment: "Strong reach" },
      { criterionId: criteria[1]!.id, score: 1, comment: "Some risk" },
    ]);

    // Staff reopen two's scorecard (as the moderation model does: back to a draft, version up).
    const card = scorecardsOf(a.application.id).find((c) => c.panelMemberId === two.seat.id)!;
    const staff = makeUser("staff");
    db.update(schema.scorecards)
      .set({ status: "draft", version: card.version + 1, reopenedAt: new Date(), reopenedById: staff.id, reopenedReason: "Check the second score" })
      .where(eq(schema.scorecards.id, card.id))
      .run();
    const reopened = scoringPage(two.user, cycle.id, a.application.id);
    if ("status" in reopened) throw new Error(reopened.message);
    expect(reopened.others).toBeNull();
    expect(reopened.canEdit).toBe(true);
    expect(reopened.own).toMatchObject({ status: "draft", reopenedReason: "Check the second score" });
    // A tab still open on the old version cannot submit over it.
    expect(saveScorecard(two.user, cycle.id, a.application.id, form(criteria, [2, 4], { version: card.version }))).toMatchObject({ ok: false, kind: "conflict" });
    expect(saveScorecard(two.user, cycle.id, a.application.id, form(criteria, [2, 4], { version: reopened.version }))).toMatchObject({ ok: true, status: "submitted" });
    const resubmitted = scoringPage(two.user, cycle.id, a.application.id);
    if ("status" in resubmitted) throw new Error(resubmitted.message);
    expect(resubmitted.others).toHaveLength(1);
  });

  it("never shows the scores of a member who has since declared a conflict", async () => {
    const { cycle, criteria, a, members } = await ready({}, 2);
    const [one, two] = members as [(typeof members)[0], (typeof members)[0]];
    saveScorecard(one.user, cycle.id, a.application.id, form(criteria, [4, 4]));
    declareConflict(one.user, cycle.id, a.application.id, { hasConflict: true, nature: "Found out I know the chair" });
    saveScorecard(two.user, cycle.id, a.application.id, form(criteria, [2, 2]));
    const page = scoringPage(two.user, cycle.id, a.application.id);
    if ("status" in page) throw new Error(page.message);
    expect(page.others).toEqual([]);
  });

  it("refuses scores before the window opens, after it closes, and after decisions are released", async () => {
    const { cycle, criteria, a, members } = await ready();
    const person = members[0]!.user;
    const opens = cycle.scoringOpensAt!;
    const closes = cycle.scoringClosesAt!;
    const early = new Date(opens.getTime() - 1000);
    const late = new Date(closes.getTime());
    expect(saveScorecard(person, cycle.id, a.application.id, form(criteria, [2, 2], { intent: "draft" }), early)).toMatchObject({
      ok: false,
      kind: "refused",
      status: 409,
      message: expect.stringMatching(/^Scoring has not opened yet/),
    });
    expect(saveScorecard(person, cycle.id, a.application.id, form(criteria, [2, 2]), late)).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/^Scoring closed at/) });
    const page = scoringPage(person, cycle.id, a.application.id, late);
    if ("status" in page) throw new Error(page.message);
    expect(page.canEdit).toBe(false);
    expect(page.whyReadOnly).toMatch(/^Scoring closed at/);
    expect(scorecardsOf(a.application.id)).toEqual([]);

    // Without dates, not open either.
    db.update(schema.cycles).set({ scoringOpensAt: null, scoringClosesAt: null }).where(eq(schema.cycles.id, cycle.id)).run();
    expect(saveScorecard(person, cycle.id, a.application.id, form(criteria, [2, 2]))).toMatchObject({ ok: false, status: 409 });
    expect(whyScoringClosed({ ...cycle, scoringOpensAt: null, scoringClosesAt: null })).toMatch(/not set the dates/);

    // Open again, then released: closed for good.
    db.update(schema.cycles).set({ scoringOpensAt: opens, scoringClosesAt: closes, decisionsReleasedAt: new Date() }).where(eq(schema.cycles.id, cycle.id)).run();
    expect(saveScorecard(person, cycle.id, a.application.id, form(criteria, [2, 2]))).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringContaining("decisions on this round have been released"),
    });
    expect(scorecardsOf(a.application.id)).toEqual([]);
  });

  it("refuses a stale version (another tab saved meanwhile) and writes nothing", async () => {
    const { cycle, criteria, a, members } = await ready();
    const person = members[0]!.user;
    // Tab one and tab two both open the empty form (version 0); tab one saves first.
    expect(saveScorecard(person, cycle.id, a.application.id, form(criteria, [3, null], { intent: "draft", comments: ["From tab one", ""] }))).toMatchObject({ ok: true });
    const savedBefore = scorecardsOf(a.application.id);
    const scoresBefore = db.select().from(schema.criterionScores).where(eq(schema.criterionScores.scorecardId, savedBefore[0]!.id)).all();
    const stale = saveScorecard(person, cycle.id, a.application.id, form(criteria, [1, 1], { intent: "submit", comments: ["From tab two", "x"] }));
    expect(stale).toMatchObject({ ok: false, kind: "conflict" });
    if (stale.ok || stale.kind !== "conflict") throw new Error("expected a conflict");
    expect(stale.saved.scores[criteria[0]!.id]).toEqual({ score: 3, comment: "From tab one" });
    expect(stale.saved.version).toBe(1);
    expect(scorecardsOf(a.application.id)).toEqual(savedBefore);
    expect(db.select().from(schema.criterionScores).where(eq(schema.criterionScores.scorecardId, savedBefore[0]!.id)).all()).toEqual(scoresBefore);
    // Saving again with the version now shown keeps what tab two typed.
    expect(saveScorecard(person, cycle.id, a.application.id, form(criteria, [1, 1], { intent: "draft", version: 1, comments: ["From tab two", "x"] }))).toMatchObject({
      ok: true,
      changed: true,
    });
    expect(scorecardsOf(a.application.id)[0]!.version).toBe(2);
  });

  it("treats a double submit as one: one scorecard, the same result, one audit entry", async () => {
    const { cycle, criteria, a, members } = await ready();
    const person = members[0]!.user;
    const submitted = auditCount("scorecard.submitted");
    const posted = form(criteria, [4, 2], { comments: ["Reaches many", ""] });
    expect(saveScorecard(person, cycle.id, a.application.id, posted)).toEqual({ ok: true, status: "submitted", changed: true });
    // The second click: same content, version 0 already moved on by the first.
    expect(saveScorecard(person, cycle.id, a.application.id, posted)).toEqual({ ok: true, status: "submitted", changed: false });
    expect(scorecardsOf(a.application.id)).toHaveLength(1);
    expect(scorecardsOf(a.application.id)[0]).toMatchObject({ status: "submitted", version: 1 });
    expect(auditCount("scorecard.submitted")).toBe(submitted + 1);
    // Different content after submitting: refused, only staff can reopen.
    expect(saveScorecard(person, cycle.id, a.application.id, form(criteria, [3, 2], { version: 1 }))).toMatchObject({
      ok: false,
      kind: "refused",
      status: 409,
      message: expect.stringContaining("Only staff can reopen submitted scores"),
    });
    expect(saveScorecard(person, cycle.id, a.application.id, form(criteria, [4, 2], { intent: "draft", version: 1, comments: ["Reaches many", ""] }))).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(scorecardsOf(a.application.id)[0]).toMatchObject({ status: "submitted", version: 1 });
  });

  it("keeps both when two members save at once", async () => {
    const { cycle, criteria, a, members } = await ready({}, 2);
    const results = members.map((m, i) => saveScorecard(m.user, cycle.id, a.application.id, form(criteria, [i + 1, null], { intent: "draft" })));
    expect(results).toEqual([
      { ok: true, status: "draft", changed: true },
      { ok: true, status: "draft", changed: true },
    ]);
    const cards = scorecardsOf(a.application.id);
    expect(cards.map((c) => c.panelMemberId).sort()).toEqual(members.map((m) => m.seat.id).sort());
    for (const [i, m] of members.entries()) {
      const page = scoringPage(m.user, cycle.id, a.application.id);
      if ("status" in page) throw new Error(page.message);
      expect(page.own?.scores[criteria[0]!.id]?.score).toBe(i + 1);
    }
  });

  it("saves a partial draft, and checks a submit: every score, a reason at either end of the scale, an overall comment", async () => {
    const { cycle, criteria, a, members } = await ready();
    const person = members[0]!.user;
    const [need, delivery] = criteria as [Criterion, Criterion];
    expect(saveScorecard(person, cycle.id, a.application.id, form(criteria, [null, null], { intent: "draft", overall: "", comments: ["", ""] }))).toMatchObject({
      ok: true,
    });
    const invalid = saveScorecard(person, cycle.id, a.application.id, form(criteria, [4, null], { version: 1, overall: " ", comments: ["", ""] }));
    expect(invalid).toEqual({
      ok: false,
      kind: "invalid",
      errors: {
        [`comment-${need.id}`]: "Say why you gave 4, the highest score, for Reaches the greatest need",
        [`score-${delivery.id}`]: "Select a score for Can be delivered",
        overallComment: "Enter your overall comment",
      },
    });
    const lowest = saveScorecard(person, cycle.id, a.application.id, form(criteria, [2, 0], { version: 1, comments: ["Some", ""] }));
    expect(lowest).toMatchObject({ ok: false, kind: "invalid", errors: { [`comment-${delivery.id}`]: "Say why you gave 0, the lowest score, for Can be delivered" } });
    // Out of the scale, or not a number: refused, in a draft too.
    for (const bad of ["5", "-1", "2.5", "four"]) {
      const result = saveScorecard(person, cycle.id, a.application.id, { ...form(criteria, [2, 2], { intent: "draft", version: 1 }), [`score-${need.id}`]: bad });
      expect(result, bad).toMatchObject({ ok: false, kind: "invalid", errors: { [`score-${need.id}`]: "Select a score for Reaches the greatest need from 0 to 4" } });
    }
    expect(scorecardsOf(a.application.id)[0]).toMatchObject({ status: "draft", version: 1 });
    expect(saveScorecard(person, cycle.id, a.application.id, form(criteria, [4, 0], { version: 1, comments: ["Reaches the most", "No plan yet"] }))).toMatchObject({
      ok: true,
      status: "submitted",
    });
  });

  it("checks the same rules in the browser's schema", () => {
    const criteria = [{ id: 7, title: "Reaches the greatest need", scaleMin: 1, scaleMax: 5 }];
    const schema7 = scorecardSchema(criteria);
    expect(schema7.safeParse({ intent: "draft", "score-7": "0" }).success).toBe(false);
    expect(schema7.safeParse({ intent: "draft", "score-7": "6" }).success).toBe(false);
    expect(schema7.parse({ intent: "draft", "score-7": null })).toEqual({ intent: "draft", version: 0, overallComment: "", scores: [{ criterionId: 7, score: null, comment: "" }] });
    const submit = schema7.safeParse({ intent: "submit", version: "3", "score-7": "5", "comment-7": "", overallComment: "ok" });
    expect(submit.error?.issues.map((i) => i.message)).toEqual(["Say why you gave 5, the highest score, for Reaches the greatest need"]);
    expect(schema7.parse({ intent: "submit", version: "3", "score-7": "3", overallComment: "ok" })).toMatchObject({ intent: "submit", version: 3 });
    expect(schema7.safeParse({ intent: "submit", "score-7": "3", "comment-7": "word ".repeat(201), overallComment: "ok" }).success).toBe(false);
  });

  it("refuses scoring until staff have set the criteria", async () => {
    const { cycle } = makeRound();
    db.delete(schema.criteria).where(eq(schema.criteria.cycleId, cycle.id)).run();
    const a = await makeApplication(cycle);
    const person = makeUser();
    seat(cycle, person);
    declareNo(person, cycle, a.application.id);
    expect(saveScorecard(person, cycle.id, a.application.id, { intent: "draft", version: "0" })).toMatchObject({ ok: false, status: 409 });
    const page = scoringPage(person, cycle.id, a.application.id);
    if ("status" in page) throw new Error(page.message);
    expect(page).toMatchObject({ canEdit: false, whyReadOnly: "Staff have not set the scoring criteria for this round yet." });
  });
});

describe("names hidden from the panel", () => {
  it("offers a panel member a document under a neutral name, and everyone else under its own", async () => {
    const { cycle } = makeRound({ anonymiseApplicants: true });
    const person = makeUser();
    seat(cycle, person);
    const a = await makeApplication(cycle);
    expect(panelMayDownload(person, cycle.id, a.application.id)).toBe(false);
    declareNo(person, cycle, a.application.id);
    expect(panelMayDownload(person, cycle.id, a.application.id)).toBe(true);
    const panel = await attachmentForDownload(asPerson(person), a.application.id, a.attachmentId);
    if ("status" in panel) throw new Error(panel.message);
    expect(panel.downloadName).toBe(`constitution-${a.attachmentId}.pdf`);
    expect(panel.downloadName).not.toContain("Applicant Group");
    // The applicant and staff see the name it was uploaded with.
    const own = await attachmentForDownload(asPerson(a.member), a.application.id, a.attachmentId);
    expect("downloadName" in own && own.downloadName).toBe(`${a.organisation.name} constitution.pdf`);
    const staff = await attachmentForDownload(asPerson(makeUser("staff")), a.application.id, a.attachmentId);
    expect("downloadName" in staff && staff.downloadName).toBe(`${a.organisation.name} constitution.pdf`);

    // Where the round shows names, the panel gets the real name too.
    const open = makeRound();
    seat(open.cycle, person);
    const b = await makeApplication(open.cycle);
    declareNo(person, open.cycle, b.application.id);
    const shown = await attachmentForDownload(asPerson(person), b.application.id, b.attachmentId);
    expect("downloadName" in shown && shown.downloadName).toBe(`${b.organisation.name} constitution.pdf`);
  });

  it("makes a neutral name from the kind, the id and the type the content showed", () => {
    const base = { id: 7, kind: "safeguarding_policy", originalName: "Luton Mosque policy.docx" };
    expect(neutralName({ ...base, mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" })).toBe("safeguarding-policy-7.docx");
    expect(neutralName({ ...base, mediaType: "image/jpeg", originalName: "Us.JPEG" })).toBe("safeguarding-policy-7.jpg");
    // A type no longer allowed: the uploaded ending, if it is a plain one.
    expect(neutralName({ ...base, mediaType: "application/x-old", originalName: "Plan.rtf" })).toBe("safeguarding-policy-7.rtf");
    expect(neutralName({ ...base, mediaType: "application/x-old", originalName: "Plan" })).toBe("safeguarding-policy-7");
  });

  it("sends the panel's pages no organisation id or status, and no name", async () => {
    const { cycle } = makeRound({ anonymiseApplicants: true });
    const person = makeUser();
    seat(cycle, person);
    const a = await makeApplication(cycle);
    const before = applicationForPanel(person, cycle.id, a.application.id);
    if ("status" in before) throw new Error(before.message);
    expect(before.application).toEqual({ id: a.application.id, reference: a.application.reference, title: a.application.title, organisationName: null });
    declareNo(person, cycle, a.application.id);
    const after = applicationForPanel(person, cycle.id, a.application.id);
    if ("status" in after) throw new Error(after.message);
    expect(after.application).toEqual({ id: a.application.id, reference: a.application.reference, title: a.application.title, organisationName: null });
    expect(JSON.stringify(after)).not.toMatch(/organisationId|"status"/);
  });
});

describe("after decisions are released", () => {
  it("refuses any declaration, first or changed, and says so instead of the form", async () => {
    const { cycle } = makeRound();
    const person = makeUser();
    const member = seat(cycle, person);
    const a = await makeApplication(cycle);
    const b = await makeApplication(cycle);
    declareNo(person, cycle, a.application.id);
    db.update(schema.cycles).set({ decisionsReleasedAt: new Date() }).where(eq(schema.cycles.id, cycle.id)).run();
    const declared = auditCount("conflict.declared");

    const closed = { ok: false, status: 409, message: expect.stringMatching(/^Decisions on this round have been released/) };
    expect(declareNo(person, cycle, b.application.id)).toMatchObject(closed);
    expect(declareConflict(person, cycle.id, b.application.id, { hasConflict: true, nature: "I advise them" })).toMatchObject(closed);
    // "No" may no longer become "yes": the record of who scored stands.
    expect(declareConflict(person, cycle.id, a.application.id, { hasConflict: true, nature: "Found later" })).toMatchObject(closed);
    // Not even the same answer again.
    expect(declareNo(person, cycle, a.application.id)).toMatchObject(closed);
    const rows = db.select().from(schema.conflictDeclarations).where(eq(schema.conflictDeclarations.panelMemberId, member.id)).all();
    expect(rows).toMatchObject([{ applicationId: a.application.id, hasConflict: false }]);
    expect(auditCount("conflict.declared")).toBe(declared);

    expect(applicationForPanel(person, cycle.id, a.application.id)).toMatchObject({ kind: "content", declarationsClosed: expect.stringMatching(/^Decisions/) });
    expect(applicationForPanel(person, cycle.id, b.application.id)).toMatchObject({ kind: "declare", declarationsClosed: expect.stringMatching(/^Decisions/) });
  });
});

describe("a broken form", () => {
  it("turns a version that is not a number into one message for the whole form, and writes nothing", async () => {
    const { cycle, criteria } = makeRound();
    const person = makeUser();
    seat(cycle, person);
    const a = await makeApplication(cycle);
    declareNo(person, cycle, a.application.id);
    const result = saveScorecard(person, cycle.id, a.application.id, { ...form(criteria, [2, 2], { intent: "draft" }), version: "two" });
    expect(result).toEqual({ ok: false, kind: "invalid", errors: { version: STALE_FORM_MESSAGE } });
    expect(STALE_FORM_MESSAGE).toBe("This page is out of date. Reload the page and try again.");
    expect(scorecardsOf(a.application.id)).toEqual([]);
  });
});

describe("other members' scores", () => {
  it("leaves out a scorer who has since joined the applicant organisation", async () => {
    const { cycle, criteria } = makeRound();
    const a = await makeApplication(cycle);
    const [one, two] = [makeUser(), makeUser()];
    for (const person of [one, two]) {
      seat(cycle, person);
      declareNo(person, cycle, a.application.id);
      expect(saveScorecard(person, cycle.id, a.application.id, form(criteria, [2, 2])).ok).toBe(true);
    }
    const before = scoringPage(two, cycle.id, a.application.id);
    if ("status" in before) throw new Error(before.message);
    expect(before.others?.map((o) => o.name)).toEqual([one.name]);
    db.insert(schema.organisationMembers).values({ organisationId: a.organisation.id, userId: one.id, role: "member" }).run();
    const after = scoringPage(two, cycle.id, a.application.id);
    if ("status" in after) throw new Error(after.message);
    expect(after.others).toEqual([]);
  });
});
