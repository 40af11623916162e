// Moderation at the model level: the matrix (totals, mean, spread, flags, conflicts), the ranking
// (equal scores share a rank) and its running total against the budget (nothing for a decline or
// the reserve list), the balance of the portfolio, reopening a submitted scorecard (only while
// scoring is open), the moderated score (not over a colleague's), and the scores CSV (safe to
// open in a spreadsheet, and saying which scores count in the mean, as the pages do). Every
// number is worked out by hand here, not by the code under test.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "~db/seed/index";
import {
  applicationScores,
  compareRows,
  moderationBoard,
  moderationToken,
  reopenScorecard,
  saveModeration,
  scoresCsv,
  whyNotReopenable,
} from "~/models/moderation.server";
import { moderationSchema, reopenSchema } from "~/schemas/decision";
import { CSV_BOM } from "~/utils/csv";
import { db, schema } from "~/utils/db.server";

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;
let seq = 0;
let programmeId = 0;
let staff: { id: number; isStaff: true };

const wardId = (name: string) => db.select().from(schema.areas).where(and(eq(schema.areas.kind, "ward"), eq(schema.areas.name, name))).get()!.id;
const principleId = (n: number) => db.select().from(schema.principles).where(eq(schema.principles.number, n)).get()!.id;

function makeUser(role: "user" | "staff" = "user") {
  seq++;
  return db
    .insert(schema.users)
    .values({ email: `moderation-${seq}@example.test`, name: `Person ${seq}`, passwordHash: "not-a-hash", role, emailConfirmedAt: new Date() })
    .returning()
    .get();
}

function makeCycle(options: { budgetPence?: number; threshold?: number; minScorers?: number; everyone?: boolean; scoring?: "open" | "closed" | "not_set" } = {}) {
  seq++;
  const now = Date.now();
  const closed = (options.scoring ?? "closed") === "closed";
  const unset = options.scoring === "not_set";
  return db
    .insert(schema.cycles)
    .values({
      programmeId,
      name: `Moderation round ${seq}`,
      referenceYear: 4000 + seq,
      status: "published",
      opensAt: new Date(now - 60 * DAY),
      closesAt: new Date(now - 30 * DAY),
      budgetPence: options.budgetPence ?? 10_000_00,
      maxRequestPence: 10_000_00,
      eligibility: { organisationTypes: ["community_or_faith_group"], mustServePlace: true, requiresPartner: false },
      sections: [...schema.APPLICATION_SECTIONS],
      scoringOpensAt: unset ? null : new Date(now - 20 * DAY),
      scoringClosesAt: unset ? null : closed ? new Date(now - HOUR) : new Date(now + 10 * DAY),
      disagreementThreshold: options.threshold ?? 20,
      minScorersPerApplication: options.minScorers ?? 3,
      everyoneScoresEverything: options.everyone ?? true,
    })
    .returning()
    .get();
}

type Cycle = ReturnType<typeof makeCycle>;

/** Two criteria on different scales: weight 3 on 0–4, weight 1 on 1–5. */
function makeCriteria(cycle: Cycle) {
  const descriptors = (min: number, max: number) => Object.fromEntries(Array.from({ length: max - min + 1 }, (_, i) => [String(min + i), `Level ${min + i}`]));
  return [
    db.insert(schema.criteria).values({ cycleId: cycle.id, title: "Reaches need", weight: 3, scaleMin: 0, scaleMax: 4, descriptors: descriptors(0, 4), sortOrder: 0 }).returning().get(),
    db.insert(schema.criteria).values({ cycleId: cycle.id, title: "=Value for money", weight: 1, scaleMin: 1, scaleMax: 5, descriptors: descriptors(1, 5), sortOrder: 1 }).returning().get(),
  ];
}

function makeApplication(cycle: Cycle, o: { reference: string; amountPence: number; main?: number; others?: number[]; areas?: string[]; status?: typeof schema.applications.$inferInsert.status; members?: number }) {
  seq++;
  const org = db.insert(schema.organisations).values({ name: `Group ${seq}`, type: "community_or_faith_group" }).returning().get();
  const people = Array.from({ length: o.members ?? 1 }, () => {
    const user = makeUser();
    db.insert(schema.organisationMembers).values({ organisationId: org.id, userId: user.id }).run();
    return user;
  });
  const app = db
    .insert(schema.applications)
    .values({
      cycleId: cycle.id,
      organisationId: org.id,
      reference: o.reference,
      status: o.status ?? "submitted",
      title: `Project ${o.reference}`,
      amountRequestedPence: o.amountPence,
      submittedAt: new Date(Date.now() - 40 * DAY),
    })
    .returning()
    .get();
  if (o.main) db.insert(schema.applicationPrinciples).values({ applicationId: app.id, principleId: principleId(o.main), isPrimary: true }).run();
  for (const n of o.others ?? []) db.insert(schema.applicationPrinciples).values({ applicationId: app.id, principleId: principleId(n), isPrimary: false }).run();
  for (const name of o.areas ?? []) {
    const area = db.select().from(schema.areas).where(eq(schema.areas.name, name)).get()!;
    db.insert(schema.applicationAreas).values({ applicationId: app.id, areaId: area.id }).run();
  }
  return { ...app, organisation: org, people };
}

function makeMember(cycle: Cycle, name: string, o: { userId?: number; status?: "active" | "removed" } = {}) {
  const user = o.userId ?? makeUser().id;
  return db
    .insert(schema.panelMembers)
    .values({ cycleId: cycle.id, userId: user, email: `${name.toLowerCase().replace(/\W/g, "")}-${seq++}@example.test`, name, status: o.status ?? "active", invitedAt: new Date(), acceptedAt: new Date() })
    .returning()
    .get();
}

function score(app: { id: number }, member: { id: number }, criteria: { id: number }[], values: (number | null)[], o: { status?: "draft" | "submitted"; comments?: (string | null)[]; overall?: string } = {}) {
  const status = o.status ?? "submitted";
  const card = db
    .insert(schema.scorecards)
    .values({ applicationId: app.id, panelMemberId: member.id, status, overallComment: o.overall ?? "Overall, fine.", submittedAt: status === "submitted" ? new Date() : null })
    .returning()
    .get();
  criteria.forEach((c, i) =>
    db.insert(schema.criterionScores).values({ scorecardId: card.id, criterionId: c.id, score: values[i] ?? null, comment: o.comments?.[i] ?? null }).run(),
  );
  return card;
}

function declare(app: { id: number }, member: { id: number }, hasConflict: boolean) {
  db.insert(schema.conflictDeclarations).values({ applicationId: app.id, panelMemberId: member.id, hasConflict, nature: hasConflict ? "My sister runs it" : null, declaredAt: new Date() }).run();
}

beforeAll(async () => {
  await seedDatabase({ demo: true });
  programmeId = db.select().from(schema.programmes).where(eq(schema.programmes.slug, "collaboration-fund")).get()!.id;
  staff = { id: makeUser("staff").id, isStaff: true };
});

// Totals by hand, with weight 3 on a 0–4 scale and weight 1 on a 1–5 scale:
//   [4, 5] → (3 × 4/4 + 1 × 4/4) / 4 × 100 = 100
//   [2, 3] → (3 × 2/4 + 1 × 2/4) / 4 × 100 = 50
//   [3, 4] → (3 × 3/4 + 1 × 3/4) / 4 × 100 = 75
//   [3, 3] → (3 × 3/4 + 1 × 2/4) / 4 × 100 = 68.75
//   [3, 5] → (3 × 3/4 + 1 × 4/4) / 4 × 100 = 81.25
//   [1, 1] → (3 × 1/4 + 0) / 4 × 100 = 18.75
describe("the moderation matrix", () => {
  let cycle: Cycle;
  let criteria: ReturnType<typeof makeCriteria>;
  let apps: Record<"E" | "A" | "B" | "C", ReturnType<typeof makeApplication>>;
  let m: Record<"ann" | "bob" | "cat" | "dev" | "eve", ReturnType<typeof makeMember>>;

  beforeAll(() => {
    cycle = makeCycle({ budgetPence: 10_000_00, threshold: 20, minScorers: 3 });
    criteria = makeCriteria(cycle);
    apps = {
      A: makeApplication(cycle, { reference: "MOD-A", amountPence: 4_000_00, main: 3, others: [7], areas: ["Dallow", "Biscot"] }),
      B: makeApplication(cycle, { reference: "MOD-B", amountPence: 4_000_00, main: 3, areas: ["Farley"] }),
      C: makeApplication(cycle, { reference: "MOD-C", amountPence: 3_000_00, main: 5, areas: ["Wigmore"] }),
      E: makeApplication(cycle, { reference: "MOD-E", amountPence: 5_000_00, main: 1, areas: ["Biscot"] }),
    };
    // Eve belongs to the organisation that made application A: conflicted whatever she declares.
    m = {
      ann: makeMember(cycle, "Ann Able"),
      bob: makeMember(cycle, "Bob Brown"),
      cat: makeMember(cycle, "Cat Cole"),
      dev: makeMember(cycle, "Dev Dean", { status: "removed" }),
      eve: makeMember(cycle, "Eve Evans", { userId: apps.A.people[0]!.id }),
    };
    score(apps.A, m.ann, criteria, [4, 5]);
    score(apps.A, m.bob, criteria, [2, 3]);
    declare(apps.A, m.cat, true);
    declare(apps.A, m.eve, false);
    score(apps.B, m.ann, criteria, [3, 4]);
    score(apps.B, m.bob, criteria, [3, 3]);
    score(apps.B, m.cat, criteria, [3, 5]);
    // A removed member's score stays on the record but leaves the matrix.
    score(apps.B, m.dev, criteria, [0, 1]);
    score(apps.C, m.ann, criteria, [1, 1], { status: "draft" });
    score(apps.E, m.ann, criteria, [4, 5]);
  });

  it("shows each active member's weighted total, or why there is none, with conflicts as conflicts", () => {
    const board = moderationBoard(cycle.id)!;
    expect(board.members.map((x) => x.name)).toEqual(["Ann Able", "Bob Brown", "Cat Cole", "Eve Evans"]);
    const row = (ref: string) => board.rows.find((r) => r.reference === ref)!;
    expect(row("MOD-A").cells).toEqual([
      { kind: "submitted", total: 100 },
      { kind: "submitted", total: 50 },
      { kind: "conflict" },
      { kind: "conflict" },
    ]);
    expect(row("MOD-B").cells).toEqual([
      { kind: "submitted", total: 75 },
      { kind: "submitted", total: 68.75 },
      { kind: "submitted", total: 81.25 },
      { kind: "not_started" },
    ]);
    expect(row("MOD-C").cells.map((c) => c.kind)).toEqual(["draft", "not_started", "not_started", "not_started"]);
  });

  it("gives the mean and spread of submitted totals only, and flags disagreement and too few scores", () => {
    const board = moderationBoard(cycle.id)!;
    const row = (ref: string) => board.rows.find((r) => r.reference === ref)!;
    // A: 100 and 50 → mean 75, spread 50 > 20; two scores of three needed.
    expect(row("MOD-A").summary).toEqual({ n: 2, mean: 75, spread: 50, min: 50, max: 100 });
    expect(row("MOD-A").disagree).toBe(true);
    expect(row("MOD-A").tooFew).toBe(true);
    // B: 75, 68.75, 81.25 → mean 75, spread 12.5; Dev's 0 (removed) does not count.
    expect(row("MOD-B").summary.n).toBe(3);
    expect(row("MOD-B").summary.mean).toBeCloseTo(75, 10);
    expect(row("MOD-B").summary.spread).toBeCloseTo(12.5, 10);
    expect(row("MOD-B").disagree).toBe(false);
    expect(row("MOD-B").tooFew).toBe(false);
    // C: a draft is not a score.
    expect(row("MOD-C").summary.n).toBe(0);
    expect(row("MOD-C").rankScore).toBeNull();
    expect(row("MOD-C").tooFew).toBe(true);
  });

  it("ranks by the moderated score where there is one, else the mean, unscored last, and funds down the list", () => {
    // Before moderation: E 100; A 75 and B 75 tie (A first by reference, the same rank); C unscored.
    let board = moderationBoard(cycle.id)!;
    expect(board.rows.map((r) => r.reference)).toEqual(["MOD-E", "MOD-A", "MOD-B", "MOD-C"]);
    expect(board.rows.map((r) => r.rank)).toEqual([1, 2, 2, null]);
    // Budget £10,000: E £5,000 (running £5,000), A £4,000 (£9,000), B £4,000 (£13,000: crosses).
    expect(board.rows.map((r) => r.runningPence)).toEqual([5_000_00, 9_000_00, 13_000_00, null]);
    expect(board.rows.map((r) => r.mark)).toEqual(["within", "within", "crosses", "unscored"]);
    expect(board.withinPence).toBe(9_000_00);

    // The panel agrees 70 for A: B (75) now ranks above it.
    expect(saveModeration(staff, apps.A.id, { moderatedScore: 70, rationale: "Agreed at the meeting" })).toEqual({ ok: true, changed: true });
    board = moderationBoard(cycle.id)!;
    expect(board.rows.map((r) => r.reference)).toEqual(["MOD-E", "MOD-B", "MOD-A", "MOD-C"]);
    expect(board.rows.map((r) => r.rank)).toEqual([1, 2, 3, null]);
    expect(board.rows.find((r) => r.reference === "MOD-A")!.rankScore).toBe(70);
    expect(board.rows.find((r) => r.reference === "MOD-A")!.summary.mean).toBe(75);

    // An award of £2,000 to A counts £2,000, not the £4,000 asked; declining E frees its £5,000.
    const decide = (app: { id: number }, outcome: "award" | "decline" | "reserve", amountPence: number | null) =>
      db.insert(schema.decisions).values({ applicationId: app.id, outcome, amountPence, reasons: "For the test", decidedById: staff.id, decidedAt: new Date() }).run();
    decide(apps.A, "award", 2_000_00);
    board = moderationBoard(cycle.id)!;
    // E £5,000, B £4,000 (£9,000), A £2,000 (£11,000: crosses).
    expect(board.rows.map((r) => [r.reference, r.countedPence, r.runningPence, r.mark])).toEqual([
      ["MOD-E", 5_000_00, 5_000_00, "within"],
      ["MOD-B", 4_000_00, 9_000_00, "within"],
      ["MOD-A", 2_000_00, 11_000_00, "crosses"],
      ["MOD-C", 3_000_00, null, "unscored"],
    ]);
    decide(apps.E, "decline", null);
    board = moderationBoard(cycle.id)!;
    expect(board.rows.map((r) => [r.reference, r.runningPence, r.mark])).toEqual([
      ["MOD-E", null, "declined"],
      ["MOD-B", 4_000_00, "within"],
      ["MOD-A", 6_000_00, "within"],
      ["MOD-C", null, "unscored"],
    ]);
    expect(board.rows.find((r) => r.reference === "MOD-A")!.decision).toEqual({ outcome: "award", amountPence: 2_000_00, released: false });
    // The reserve list counts nothing either, like a decline, and says so: B's £4,000 leaves the total.
    decide(apps.B, "reserve", null);
    board = moderationBoard(cycle.id)!;
    expect(board.rows.map((r) => [r.reference, r.amountPence, r.countedPence, r.runningPence, r.mark])).toEqual([
      ["MOD-E", 5_000_00, 0, null, "declined"],
      ["MOD-B", 4_000_00, 0, null, "reserve"],
      ["MOD-A", 2_000_00, 2_000_00, 2_000_00, "within"],
      ["MOD-C", 3_000_00, 3_000_00, null, "unscored"],
    ]);
    expect(board.withinPence).toBe(2_000_00);
    db.delete(schema.decisions).where(eq(schema.decisions.applicationId, apps.B.id)).run();
    db.delete(schema.decisions).where(eq(schema.decisions.applicationId, apps.E.id)).run();
    db.delete(schema.decisions).where(eq(schema.decisions.applicationId, apps.A.id)).run();
  });

  it("shows the balance of the portfolio within the budget: all eight principles, and the wards reached and not", () => {
    const board = moderationBoard(cycle.id)!;
    // Within £10,000 now: E (main 1; Biscot) and B (main 3; Farley).
    expect(board.rows.filter((r) => r.mark === "within").map((r) => r.reference)).toEqual(["MOD-E", "MOD-B"]);
    const principles = board.balance.principles;
    expect(principles.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(principles.map((p) => p.main)).toEqual([1, 0, 1, 0, 0, 0, 0, 0]);
    expect(board.balance.wardsReached).toEqual([
      { name: "Biscot", applications: 1 },
      { name: "Farley", applications: 1 },
    ]);
    const wardCount = db.select().from(schema.areas).where(eq(schema.areas.kind, "ward")).all().length;
    expect(board.balance.wardCount).toBe(wardCount);
    expect(board.balance.wardsNotReached).toHaveLength(wardCount - 2);
    expect(board.balance.wardsNotReached).toContain("Dallow");
  });

  it("counts a principle named at all, and the wards of a neighbourhood served", () => {
    const neighbourhood = db.select().from(schema.areas).where(eq(schema.areas.kind, "neighbourhood")).get()!;
    const other = makeCycle({ budgetPence: 100_000_00, minScorers: 1 });
    const crit = makeCriteria(other);
    const one = makeApplication(other, { reference: "BAL-1", amountPence: 1_000_00, main: 2, others: [7, 8], areas: [neighbourhood.name] });
    const two = makeApplication(other, { reference: "BAL-2", amountPence: 1_000_00, main: 7, areas: ["Saints"] });
    const member = makeMember(other, "Fay Fox");
    score(one, member, crit, [2, 2]);
    score(two, member, crit, [2, 2]);
    // Two wards in the neighbourhood, for this test.
    db.update(schema.areas).set({ parentId: neighbourhood.id }).where(eq(schema.areas.id, wardId("Stopsley"))).run();
    db.update(schema.areas).set({ parentId: neighbourhood.id }).where(eq(schema.areas.id, wardId("Saints"))).run();
    try {
      const balance = moderationBoard(other.id)!.balance;
      expect(balance.principles.map((p) => [p.number, p.main, p.any])).toEqual([
        [1, 0, 0],
        [2, 1, 1],
        [3, 0, 0],
        [4, 0, 0],
        [5, 0, 0],
        [6, 0, 0],
        [7, 1, 2],
        [8, 0, 1],
      ]);
      expect(balance.wardsReached).toEqual([
        { name: "Saints", applications: 2 },
        { name: "Stopsley", applications: 1 },
      ]);
    } finally {
      db.update(schema.areas).set({ parentId: null }).where(eq(schema.areas.kind, "ward")).run();
    }
  });

  it("gives equal scores the same rank, and the next score the rank after all of them (1, 2, 2, 4)", () => {
    const tied = makeCycle({ budgetPence: 100_000_00, minScorers: 1 });
    const crit = makeCriteria(tied);
    const member = makeMember(tied, "Tia Tate");
    // 100; 75 twice (one moderated to exactly 75); 50.
    const one = makeApplication(tied, { reference: "TIE-1", amountPence: 1_000_00 });
    const two = makeApplication(tied, { reference: "TIE-2", amountPence: 1_000_00 });
    const three = makeApplication(tied, { reference: "TIE-3", amountPence: 1_000_00 });
    const four = makeApplication(tied, { reference: "TIE-4", amountPence: 1_000_00 });
    score(one, member, crit, [4, 5]);
    score(two, member, crit, [3, 4]);
    score(three, member, crit, [1, 1]);
    expect(saveModeration(staff, three.id, { moderatedScore: 75, rationale: "Agreed" })).toEqual({ ok: true, changed: true });
    score(four, member, crit, [2, 3]);
    const board = moderationBoard(tied.id)!;
    expect(board.rows.map((r) => [r.reference, r.rankScore, r.rank])).toEqual([
      ["TIE-1", 100, 1],
      ["TIE-2", 75, 2],
      ["TIE-3", 75, 2],
      ["TIE-4", 50, 4],
    ]);
  });

  it("breaks ties by reference, whatever order the rows come in", () => {
    const rows = [
      { id: 1, reference: "Z-2", rankScore: 60 },
      { id: 2, reference: null, rankScore: null },
      { id: 3, reference: "Z-1", rankScore: 60 },
      { id: 4, reference: "Z-0", rankScore: 61.5 },
    ];
    expect([...rows].sort(compareRows).map((r) => r.id)).toEqual([4, 3, 1, 2]);
    expect([...rows].reverse().sort(compareRows).map((r) => r.id)).toEqual([4, 3, 1, 2]);
  });

  it("marks a member who was not given the application as not expected, where staff assign subsets", () => {
    const assigned = makeCycle({ everyone: false, minScorers: 1 });
    const crit = makeCriteria(assigned);
    const app = makeApplication(assigned, { reference: "ASG-1", amountPence: 1_000_00 });
    const given = makeMember(assigned, "Gus Green");
    makeMember(assigned, "Hal Hill");
    db.insert(schema.panelAssignments).values({ applicationId: app.id, panelMemberId: given.id }).run();
    score(app, given, crit, [4, 5]);
    const row = moderationBoard(assigned.id)!.rows[0]!;
    expect(row.cells).toEqual([{ kind: "submitted", total: 100 }, { kind: "not_expected" }]);
    expect(row.tooFew).toBe(false);
  });

  it("leaves out applications that are not with the panel, and is null for a round that does not exist", () => {
    makeApplication(cycle, { reference: "MOD-W", amountPence: 1_000_00, status: "withdrawn" });
    makeApplication(cycle, { reference: "MOD-I", amountPence: 1_000_00, status: "ineligible" });
    const refs = moderationBoard(cycle.id)!.rows.map((r) => r.reference);
    expect(refs).not.toContain("MOD-W");
    expect(refs).not.toContain("MOD-I");
    expect(moderationBoard(999_999)).toBeNull();
  });

  it("shows one application's scorecards whole, with descriptors, declarations and drafts", () => {
    const scores = applicationScores(apps.A.id)!;
    const ann = scores.scorecards.find((s) => s.member.name === "Ann Able")!;
    expect(ann.card!.total).toBe(100);
    expect(ann.card!.scores.map((s) => [s.score, s.descriptor])).toEqual([
      [4, "Level 4"],
      [5, "Level 5"],
    ]);
    const cat = scores.scorecards.find((s) => s.member.name === "Cat Cole")!;
    expect(cat.conflicted).toBe(true);
    expect(cat.declaration).toMatchObject({ hasConflict: true, nature: "My sister runs it" });
    const eve = scores.scorecards.find((s) => s.member.name === "Eve Evans")!;
    expect(eve.belongsToApplicant).toBe(true);
    expect(eve.conflicted).toBe(true);
    expect(scores.summary).toMatchObject({ n: 2, mean: 75, spread: 50 });
    expect(scores.disagree).toBe(true);
    // The removed member who scored B still shows on B's page, marked as removed.
    const b = applicationScores(apps.B.id)!;
    expect(b.scorecards.find((s) => s.member.name === "Dev Dean")!.member.status).toBe("removed");
    expect(b.summary.n).toBe(3);
    expect(applicationScores(999_999)).toBeNull();
  });
});

describe("reopening a submitted scorecard", () => {
  it("sends it back as a draft with the reason, a new version and an audit event; a repeat is harmless", () => {
    const cycle = makeCycle({ minScorers: 1, scoring: "open" });
    const criteria = makeCriteria(cycle);
    const app = makeApplication(cycle, { reference: "REO-1", amountPence: 1_000_00 });
    const member = makeMember(cycle, "Ivy Irons");
    const card = score(app, member, criteria, [4, 5]);

    expect(reopenScorecard({ id: makeUser().id, isStaff: false }, card.id, "Because", new Date(), { applicationId: app.id })).toMatchObject({ ok: false, status: 403 });
    expect(reopenScorecard(staff, card.id, "Because", new Date(), { applicationId: app.id + 1000 })).toMatchObject({ ok: false, status: 404 });
    expect(reopenScorecard(staff, card.id, "Because", new Date(), { applicationId: app.id, version: 7 })).toMatchObject({ ok: false, status: 409 });

    // While scoring is open (it closes in ten days).
    const at = new Date(Date.now() + 60_000);
    expect(reopenScorecard(staff, card.id, "The comments do not match the scores", at, { applicationId: app.id, version: 1 })).toEqual({ ok: true, changed: true });
    const after = db.select().from(schema.scorecards).where(eq(schema.scorecards.id, card.id)).get()!;
    expect(after).toMatchObject({ status: "draft", version: 2, reopenedById: staff.id, reopenedReason: "The comments do not match the scores" });
    expect(after.reopenedAt?.getTime()).toBe(at.getTime());
    const audit = db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.action, "scorecard.reopened"), eq(schema.auditEvents.entityId, card.id))).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityType: "scorecard", actorUserId: staff.id, summary: "The comments do not match the scores" });

    // The same form sent twice: the second finds it reopened already, and nothing more happens.
    expect(reopenScorecard(staff, card.id, "The comments do not match the scores", at, { applicationId: app.id, version: 1 })).toEqual({ ok: true, changed: false });
    // Without the version, a draft cannot be reopened.
    expect(reopenScorecard(staff, card.id, "Again", at, { applicationId: app.id })).toMatchObject({ ok: false, status: 409 });
    expect(db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.action, "scorecard.reopened"), eq(schema.auditEvents.entityId, card.id))).all()).toHaveLength(1);

    // The matrix no longer counts it, and its page shows the history.
    const row = moderationBoard(cycle.id)!.rows[0]!;
    expect(row.cells).toEqual([{ kind: "draft" }]);
    expect(row.summary.n).toBe(0);
    const page = applicationScores(app.id)!.scorecards[0]!.card!;
    expect(page.reopened).toHaveLength(1);
    expect(page.reopened[0]!.reason).toBe("The comments do not match the scores");
  });

  it("refuses a scorecard that was never submitted, and any once the decision letters have gone", () => {
    const cycle = makeCycle({ minScorers: 1, scoring: "open" });
    const criteria = makeCriteria(cycle);
    const app = makeApplication(cycle, { reference: "REO-2", amountPence: 1_000_00 });
    const draft = score(app, makeMember(cycle, "Jo Jones"), criteria, [1, null], { status: "draft" });
    expect(reopenScorecard(staff, draft.id, "Why not")).toMatchObject({ ok: false, status: 409 });
    const submitted = score(app, makeMember(cycle, "Kit King"), criteria, [2, 2]);
    db.update(schema.cycles).set({ decisionsReleasedAt: new Date() }).where(eq(schema.cycles.id, cycle.id)).run();
    const refused = reopenScorecard(staff, submitted.id, "Too late", new Date(), { applicationId: app.id, version: 1 });
    expect(refused).toMatchObject({ ok: false, status: 409 });
    expect((refused as { message: string }).message).toMatch(/Decision letters have been sent/);
    expect(db.select().from(schema.scorecards).where(eq(schema.scorecards.id, submitted.id)).get()!.status).toBe("submitted");
    expect(reopenScorecard(staff, 999_999, "Nothing there")).toMatchObject({ ok: false, status: 404 });
  });

  it("is refused unless scoring is open, saying why: the panel member could not submit the draft again", () => {
    const closed = makeCycle({ minScorers: 1, scoring: "closed" });
    const criteria = makeCriteria(closed);
    const app = makeApplication(closed, { reference: "REO-3", amountPence: 1_000_00 });
    const card = score(app, makeMember(closed, "Lou Lane"), criteria, [2, 2]);
    const refused = reopenScorecard(staff, card.id, "Please look again", new Date(), { applicationId: app.id, version: 1 });
    expect(refused).toMatchObject({ ok: false, status: 409 });
    expect((refused as { message: string }).message).toMatch(
      /^Scoring closed at .*, so scores cannot be reopened: the panel member could not change them or submit them again\. To reopen scores, first change the scoring dates in the panel settings so that scoring is open\.$/,
    );
    expect(db.select().from(schema.scorecards).where(eq(schema.scorecards.id, card.id)).get()).toMatchObject({ status: "submitted", version: 1 });
    expect(db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.action, "scorecard.reopened"), eq(schema.auditEvents.entityId, card.id))).all()).toEqual([]);
    // The page says the same instead of showing the form.
    expect(applicationScores(app.id)!.whyNotReopen).toBe((refused as { message: string }).message);

    const unset = makeCycle({ minScorers: 1, scoring: "not_set" });
    const other = makeApplication(unset, { reference: "REO-4", amountPence: 1_000_00 });
    const otherCard = score(other, makeMember(unset, "Max Mill"), makeCriteria(unset), [2, 2]);
    expect((reopenScorecard(staff, otherCard.id, "Why") as { message: string }).message).toMatch(/only while scoring is open/);

    const open = makeCycle({ minScorers: 1, scoring: "open" });
    expect(whyNotReopenable(open)).toBeNull();
    expect(applicationScores(makeApplication(open, { reference: "REO-5", amountPence: 1_000_00 }).id)!.whyNotReopen).toBeNull();
  });

  it("is refused for a member no longer on the panel or conflicted since: they could not score it again", () => {
    const cycle = makeCycle({ minScorers: 1, scoring: "open" });
    const criteria = makeCriteria(cycle);
    const app = makeApplication(cycle, { reference: "REO-6", amountPence: 1_000_00 });
    const removed = score(app, makeMember(cycle, "Ray Removed", { status: "removed" }), criteria, [2, 2]);
    const later = makeMember(cycle, "Cara Conflicted");
    const conflicted = score(app, later, criteria, [2, 2]);
    declare(app, later, true);
    expect(reopenScorecard(staff, removed.id, "Why", new Date(), { applicationId: app.id, version: 1 })).toEqual({
      ok: false,
      status: 409,
      message: "This panel member is no longer on the panel, so their scores cannot be reopened.",
    });
    expect(reopenScorecard(staff, conflicted.id, "Why", new Date(), { applicationId: app.id, version: 1 })).toEqual({
      ok: false,
      status: 409,
      message: "This panel member has a conflict of interest on this application, so their scores cannot be reopened.",
    });
    expect(db.select().from(schema.scorecards).where(eq(schema.scorecards.applicationId, app.id)).all().map((c) => c.status)).toEqual(["submitted", "submitted"]);
  });

  it("needs a reason", () => {
    expect(reopenSchema.safeParse({ scorecardId: "3", reason: "  " }).success).toBe(false);
    expect(reopenSchema.safeParse({ scorecardId: "x", reason: "Fine" }).success).toBe(false);
    expect(reopenSchema.parse({ scorecardId: "3", version: "2", reason: " Fine " })).toEqual({ scorecardId: 3, version: 2, reason: "Fine" });
  });
});

describe("the moderated score", () => {
  it("is one row per application, changed in place, each change audited with the old and new values", () => {
    const cycle = makeCycle({ minScorers: 1 });
    const app = makeApplication(cycle, { reference: "MDR-1", amountPence: 1_000_00 });
    expect(saveModeration(staff, app.id, { moderatedScore: 62.5, rationale: "First view" })).toEqual({ ok: true, changed: true });
    expect(saveModeration(staff, app.id, { moderatedScore: 62.5, rationale: "First view" })).toEqual({ ok: true, changed: false });
    expect(saveModeration(staff, app.id, { moderatedScore: 58, rationale: "Second view" })).toEqual({ ok: true, changed: true });
    const rows = db.select().from(schema.moderations).where(eq(schema.moderations.applicationId, app.id)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ moderatedScore: 58, rationale: "Second view", moderatedById: staff.id });
    const audit = db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.action, "moderation.saved"), eq(schema.auditEvents.entityId, app.id)))
      .orderBy(schema.auditEvents.id)
      .all();
    expect(audit.map((e) => e.details)).toEqual([
      { before: null, after: { moderatedScore: 62.5, rationale: "First view" } },
      { before: { moderatedScore: 62.5, rationale: "First view" }, after: { moderatedScore: 58, rationale: "Second view" } },
    ]);
    expect(audit.every((e) => e.entityType === "application")).toBe(true);
  });

  it("is refused to anyone but staff, on an application not with the panel, and after the decision letters", () => {
    const cycle = makeCycle({ minScorers: 1 });
    const app = makeApplication(cycle, { reference: "MDR-2", amountPence: 1_000_00 });
    const draft = makeApplication(cycle, { reference: "MDR-3", amountPence: 1_000_00, status: "draft" });
    expect(saveModeration({ id: makeUser().id, isStaff: false }, app.id, { moderatedScore: 50, rationale: "x" })).toMatchObject({ ok: false, status: 403 });
    expect(saveModeration(staff, draft.id, { moderatedScore: 50, rationale: "x" })).toMatchObject({ ok: false, status: 404 });
    db.update(schema.cycles).set({ decisionsReleasedAt: new Date() }).where(eq(schema.cycles.id, cycle.id)).run();
    expect(saveModeration(staff, app.id, { moderatedScore: 50, rationale: "x" })).toMatchObject({ ok: false, status: 409 });
    expect(db.select().from(schema.moderations).where(eq(schema.moderations.applicationId, app.id)).get()).toBeUndefined();
  });

  it("is refused, nothing changed, if someone else saved one after the page was opened; saved again knowingly, it replaces theirs", () => {
    const cycle = makeCycle({ minScorers: 1 });
    const app = makeApplication(cycle, { reference: "MDR-4", amountPence: 1_000_00 });
    const colleague = { id: makeUser("staff").id, isStaff: true };
    // Both open the page with no moderated score; the colleague saves first.
    const shown = moderationToken(null);
    expect(shown).toBe("");
    const at = new Date("2031-04-01T10:00:00Z");
    expect(saveModeration(colleague, app.id, { moderatedScore: 64, rationale: "Colleague's view" }, at, { token: shown })).toEqual({ ok: true, changed: true });
    const refused = saveModeration(staff, app.id, { moderatedScore: 70, rationale: "My view" }, new Date(), { token: shown });
    expect(refused).toMatchObject({ ok: false, status: 409 });
    expect((refused as { message: string }).message).toBe(
      "Someone else saved a moderated score for this application after you opened this page. Check the score saved now, then save yours again if it should replace it.",
    );
    expect(db.select().from(schema.moderations).where(eq(schema.moderations.applicationId, app.id)).get()).toMatchObject({ moderatedScore: 64, rationale: "Colleague's view" });
    // The same as what is saved is no conflict (a double click after the colleague's identical save).
    expect(saveModeration(staff, app.id, { moderatedScore: 64, rationale: "Colleague's view" }, new Date(), { token: shown })).toEqual({ ok: true, changed: false });
    // The page, reloaded, carries the colleague's save: now it can be replaced.
    const token = moderationToken(applicationScores(app.id)!.moderation);
    expect(token).toBe(at.toISOString());
    expect(saveModeration(staff, app.id, { moderatedScore: 70, rationale: "My view" }, new Date(), { token })).toEqual({ ok: true, changed: true });
    expect(db.select().from(schema.moderations).where(eq(schema.moderations.applicationId, app.id)).get()).toMatchObject({ moderatedScore: 70, moderatedById: staff.id });
  });

  it("takes a score out of 100 with one decimal place at most, and a rationale", () => {
    const ok = (v: string) => moderationSchema.safeParse({ moderatedScore: v, rationale: "Agreed" }).success;
    expect(["0", "72", "72.5", "100", " 55.0 "].map(ok)).toEqual([true, true, true, true, true]);
    expect(["", "101", "100.5", "72.55", "-1", "abc", "1e2", "7,5"].map(ok)).toEqual(Array(8).fill(false));
    expect(moderationSchema.parse({ moderatedScore: "72.5", rationale: " Agreed " })).toEqual({ moderatedScore: 72.5, rationale: "Agreed" });
    const blank = moderationSchema.safeParse({ moderatedScore: "70", rationale: " " });
    expect(blank.success).toBe(false);
    expect(blank.error!.issues[0]!.message).toBe("Give the rationale for the moderated score");
  });
});

describe("the scores CSV", () => {
  it("has one row per submitted scorecard, every criterion's score and comment, and text that cannot run as a formula", () => {
    const cycle = makeCycle({ minScorers: 1 });
    const criteria = makeCriteria(cycle);
    const app = makeApplication(cycle, { reference: "CSV-1", amountPence: 1_000_00 });
    const evil = '=HYPERLINK("http://evil.example","Click")';
    score(app, makeMember(cycle, "Lee Lamb"), criteria, [3, 4], { comments: [evil, "Fair, honest"], overall: "+1 from me" });
    score(app, makeMember(cycle, "Mo Moss"), criteria, [1, 1], { status: "draft", comments: ["Draft words", null] });
    const csv = scoresCsv(cycle);
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    const lines = csv.slice(1).split("\r\n").filter(Boolean);
    expect(lines).toHaveLength(2);
    // The criterion named "=Value for money" is made safe in the header too.
    expect(lines[0]).toBe(
      "Reference,Project title,Organisation,Panel member,Reaches need: score (0 to 4),Reaches need: comment,'=Value for money: score (1 to 5),'=Value for money: comment,Overall comment,Weighted total (out of 100),Counted in the mean,Submitted at",
    );
    const row = lines[1]!;
    expect(row.startsWith("CSV-1,Project CSV-1,")).toBe(true);
    expect(row).toContain(',Lee Lamb,3,"\'=HYPERLINK(""http://evil.example"",""Click"")",4,"Fair, honest",\'+1 from me,75.0,Yes,');
    expect(row).not.toMatch(/,=HYPERLINK/);
    expect(csv).not.toContain("Mo Moss");
    expect(csv).not.toContain("Draft words");
  });

  it("says which scores count in the mean, by the same rule as the matrix and the application's page", () => {
    const cycle = makeCycle({ minScorers: 1 });
    const criteria = makeCriteria(cycle);
    const app = makeApplication(cycle, { reference: "CNT-1", amountPence: 1_000_00, members: 2 });
    // Counted: 100 and 50. Not counted: a member removed since (0), one who declared a conflict
    // after scoring (75), one who has since joined the applicant organisation (81.25), and one
    // whose scorecard lacks a criterion added since (Incomplete).
    score(app, makeMember(cycle, "Ada Counted"), criteria, [4, 5]);
    score(app, makeMember(cycle, "Bea Counted"), criteria, [2, 3]);
    score(app, makeMember(cycle, "Cy Removed", { status: "removed" }), criteria, [0, 1]);
    const later = makeMember(cycle, "Di Conflicted");
    score(app, later, criteria, [3, 4]);
    declare(app, later, true);
    score(app, makeMember(cycle, "Ed Applicant", { userId: app.people[1]!.id }), criteria, [3, 5]);
    score(app, makeMember(cycle, "Flo Partial"), criteria.slice(0, 1), [4]);

    const lines = scoresCsv(cycle).slice(1).split("\r\n").filter(Boolean);
    const counted = (name: string) => lines.find((l) => l.includes(`,${name},`))!.split(",").at(-2);
    expect(lines).toHaveLength(1 + 6);
    expect(counted("Ada Counted")).toBe("Yes");
    expect(counted("Bea Counted")).toBe("Yes");
    expect(counted("Cy Removed")).toBe("No: no longer on the panel");
    expect(counted("Di Conflicted")).toBe("No: conflict of interest");
    expect(counted("Ed Applicant")).toBe("No: conflict of interest");
    expect(counted("Flo Partial")).toBe("No: not every criterion is scored");

    // The matrix and the application's page count the same two: mean 75 from 100 and 50.
    const row = moderationBoard(cycle.id)!.rows[0]!;
    expect(row.summary).toEqual({ n: 2, mean: 75, spread: 50, min: 50, max: 100 });
    const page = applicationScores(app.id)!;
    expect(page.summary).toEqual(row.summary);
    expect(Object.fromEntries(page.scorecards.map((s) => [s.member.name, s.card?.counted]))).toEqual({
      "Ada Counted": "yes",
      "Bea Counted": "yes",
      "Cy Removed": "removed",
      "Di Conflicted": "conflict",
      "Ed Applicant": "conflict",
      "Flo Partial": "incomplete",
    });
    // And the matrix shows the conflicted as conflicts, the removed not at all.
    expect(moderationBoard(cycle.id)!.members.map((m) => m.name)).not.toContain("Cy Removed");
    expect(row.cells).toEqual([
      { kind: "submitted", total: 100 },
      { kind: "submitted", total: 50 },
      { kind: "conflict" },
      { kind: "conflict" },
      { kind: "submitted", total: null },
    ]);
  });
});
