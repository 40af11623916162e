// `npm run bench:panel`: how long the panel's heaviest reads take on a large round, on a fresh
// SQLite file of generated data (not timed tests: a shared machine makes those flaky).
// A round of APPLICATIONS applications, MEMBERS panel members and five criteria, everyone
// scoring everything, a few conflicts. Prints the median of several runs of each read.
// Our own target (the issue gives none): each under 250 ms, so a page stays under half a second.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 400);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 12);
const RUNS = 15;
const TARGET_MS = 250;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hefp-bench-"));
process.env.DATABASE_PATH = path.join(dir, "bench.sqlite");
process.env.DEMO_DATA = "false";

// Imported after DATABASE_PATH is set: the database module opens its file on import.
const { db, schema, sqlite, transaction } = await import("~/utils/db.server");
const { seedDatabase } = await import("~db/seed/index");
const { moderationBoard, scoresCsv } = await import("~/models/moderation.server");
const { expectedScorers } = await import("~/models/panel-access.server");
const { panelListFor } = await import("~/models/scoring.server");
const { cycleDecisions } = await import("~/models/decisions.server");

await seedDatabase({ demo: false });

const started = Date.now();
const { cycleId, firstUserId } = transaction((tx) => {
  const programme = tx.select().from(schema.programmes).get()!;
  const wards = tx.select().from(schema.areas).all().filter((a) => a.kind === "ward");
  const principles = tx.select().from(schema.principles).all();
  const now = Date.now();
  const cycle = tx
    .insert(schema.cycles)
    .values({
      programmeId: programme.id,
      name: "Benchmark round",
      referenceYear: 2999,
      status: "published",
      opensAt: new Date(now - 60 * 86400_000),
      closesAt: new Date(now - 30 * 86400_000),
      scoringOpensAt: new Date(now - 20 * 86400_000),
      scoringClosesAt: new Date(now - 86400_000),
      budgetPence: APPLICATIONS * 2_000_00,
      minRequestPence: 1_000_00,
      maxRequestPence: 10_000_00,
      eligibility: { organisationTypes: ["registered_charity"], mustServePlace: true, requiresPartner: false },
      sections: [...schema.APPLICATION_SECTIONS],
    })
    .returning()
    .get();
  const criteria = [3, 2, 2, 1, 1].map((weight, i) =>
    tx
      .insert(schema.criteria)
      .values({ cycleId: cycle.id, title: `Criterion ${i + 1}`, weight, descriptors: { "0": "a", "1": "b", "2": "c", "3": "d", "4": "e" }, sortOrder: i })
      .returning()
      .get(),
  );
  const members = Array.from({ length: MEMBERS }, (_, i) => {
    const user = tx
      .insert(schema.users)
      .values({ email: `bench-member-${i}@example.test`, name: `Member ${i}`, passwordHash: "!", emailConfirmedAt: new Date() })
      .returning()
      .get();
    return tx
      .insert(schema.panelMembers)
      .values({ cycleId: cycle.id, userId: user.id, email: user.email, name: user.name, status: "active", invitedAt: new Date(), acceptedAt: new Date() })
      .returning()
      .get();
  });
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < APPLICATIONS; i++) {
    const organisation = tx
      .insert(schema.organisations)
      .values({ name: `Benchmark group ${i}`, type: "registered_charity", wardId: wards[i % wards.length]!.id })
      .returning()
      .get();
    const application = tx
      .insert(schema.applications)
      .values({
        cycleId: cycle.id,
        organisationId: organisation.id,
        reference: `BENCH-2999-${String(i + 1).padStart(4, "0")}`,
        status: "in_review",
        title: `Benchmark project ${i}`,
        amountRequestedPence: 1_000_00 + Math.floor(random() * 9_000) * 100,
        submittedAt: new Date(now - 40 * 86400_000),
      })
      .returning()
      .get();
    tx.insert(schema.applicationPrinciples)
      .values({ applicationId: application.id, principleId: principles[i % principles.length]!.id, isPrimary: true })
      .run();
    tx.insert(schema.applicationAreas).values({ applicationId: application.id, areaId: wards[(i * 7) % wards.length]!.id }).run();
    for (const member of members) {
      const conflicted = random() < 0.03;
      tx.insert(schema.conflictDeclarations)
        .values({ applicationId: application.id, panelMemberId: member.id, hasConflict: conflicted, nature: conflicted ? "Works there" : null, declaredAt: new Date() })
        .run();
      if (conflicted) continue;
      const card = tx
        .insert(schema.scorecards)
        .values({ applicationId: application.id, panelMemberId: member.id, status: "submitted", overallComment: "Fine.", submittedAt: new Date() })
        .returning()
        .get();
      tx.insert(schema.criterionScores)
        .values(criteria.map((c) => ({ scorecardId: card.id, criterionId: c.id, score: Math.floor(random() * 5), comment: "Because." })))
        .run();
    }
  }
  return { cycleId: cycle.id, firstUserId: members[0]!.userId! };
});
console.log(`Generated ${APPLICATIONS} applications × ${MEMBERS} panel members in ${((Date.now() - started) / 1000).toFixed(1)} s`);

function median(work: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    work();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const reads: [string, () => unknown][] = [
  ["Moderation matrix, ranking and portfolio (moderationBoard)", () => moderationBoard(cycleId)],
  ["Scores CSV (scoresCsv)", () => scoresCsv({ id: cycleId })],
  ["Decisions page (cycleDecisions)", () => cycleDecisions(cycleId)],
  ["Expected scorers (expectedScorers)", () => expectedScorers(cycleId)],
  ["A panel member's list (panelListFor)", () => panelListFor({ id: firstUserId }, cycleId)],
];
let over = 0;
for (const [name, work] of reads) {
  const ms = median(work);
  if (ms > TARGET_MS) over++;
  console.log(`${ms.toFixed(1).padStart(8)} ms  ${ms > TARGET_MS ? "OVER" : "ok  "}  ${name}`);
}
console.log(`Median of ${RUNS} runs each; target ${TARGET_MS} ms. Database: ${db ? process.env.DATABASE_PATH : ""}`);
sqlite.close();
if (!process.env.BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });
process.exit(over ? 1 : 0);
