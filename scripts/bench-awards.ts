// `npm run bench:awards`: how long the awards' heaviest reads take with many awards, on a fresh
// SQLite file of generated data (not timed tests: a shared machine makes those flaky).
// ROUNDS rounds of AWARDS awards each, made by the portal's own release (offers, instalments,
// returns); most accepted, half the first instalments paid, interim returns in every state, some
// stories published. Prints the median of several runs of each read.
// Our own target (the issue gives none): each under 250 ms, so a page stays under half a second.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const AWARDS = Number(process.env.BENCH_AWARDS ?? 400);
const RUNS = 15;
const TARGET_MS = 250;
/** The reminders job runs in the background (hourly, say): seconds are fine, minutes are not. */
const JOB_TARGET_MS = 5_000;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hefp-bench-"));
process.env.DATABASE_PATH = path.join(dir, "bench.sqlite");
process.env.DEMO_DATA = "false";

// Imported after DATABASE_PATH is set: the database module opens its file on import.
const { db, schema, sqlite, transaction } = await import("~/utils/db.server");
const { seedDatabase } = await import("~db/seed/index");
const { releasedRounds, seededRandom } = await import("./bench-rounds");
const { loadAward, awardsForOrganisations } = await import("~/models/awards.server");
const { cycleBudget } = await import("~/models/payments.server");
const { sendReturnReminders, staffReturnList } = await import("~/models/returns.server");
const { publicProjects } = await import("~/models/funded-projects.server");
const { eq, inArray } = await import("drizzle-orm");

await seedDatabase({ demo: false });

const started = Date.now();
const wards = db.select().from(schema.areas).all().filter((a) => a.kind === "ward");
const principles = db.select().from(schema.principles).all();
const random = seededRandom(11);
const { cycleIds } = releasedRounds({
  rounds: ROUNDS,
  awards: AWARDS,
  random,
  eachApplication: (tx, application, r, i) => {
    const member = tx.insert(schema.users).values({ email: `bench-${r}-${i}@example.test`, name: `Member ${r}-${i}`, passwordHash: "!", emailConfirmedAt: new Date() }).returning().get();
    tx.insert(schema.organisationMembers).values({ organisationId: application.organisationId, userId: member.id }).run();
    tx.insert(schema.applicationPrinciples).values({ applicationId: application.id, principleId: principles[i % principles.length]!.id, isPrimary: true }).run();
    tx.insert(schema.applicationAreas).values({ applicationId: application.id, areaId: wards[(i * 7) % wards.length]!.id }).run();
  },
});

// Later states, straight into the tables: most offers accepted, half the first instalments paid,
// interim returns submitted, accepted (with consent) and published.
transaction((tx) => {
  const awards = tx.select().from(schema.awards).all();
  for (const award of awards) {
    const roll = random();
    if (roll < 0.1) continue; // still an offer
    if (roll < 0.13) {
      tx.update(schema.awards).set({ status: "declined", respondedAt: new Date() }).where(eq(schema.awards.id, award.id)).run();
      continue;
    }
    tx.update(schema.awards).set({ status: "accepted", respondedAt: new Date(), acceptedTermsId: award.grantTermsId }).where(eq(schema.awards.id, award.id)).run();
    if (random() < 0.5) {
      const first = tx.select().from(schema.payments).where(eq(schema.payments.awardId, award.id)).all()[0]!;
      tx.update(schema.payments).set({ status: "paid", paidOn: first.dueDate, paidAmountPence: first.amountPence, recordedAt: new Date() }).where(eq(schema.payments.id, first.id)).run();
    }
    const interim = tx.select().from(schema.evaluationReturns).where(eq(schema.evaluationReturns.awardId, award.id)).all()[0]!;
    const state = random();
    const story = { projectTitle: "A project", authors: "Us", aboutProject: "About", whatDidYouDo: "Did", whatAchieved: "Achieved", whatLearnt: "Learnt", whatsNext: "Next" };
    if (state < 0.3) tx.update(schema.evaluationReturns).set({ status: "submitted", submittedAt: new Date(), ...story }).where(eq(schema.evaluationReturns.id, interim.id)).run();
    else if (state < 0.6) {
      tx.update(schema.evaluationReturns)
        .set({ status: "accepted", submittedAt: new Date(), acceptedAt: new Date(), consentToPublish: true, peopleReached: 50, ...story })
        .where(eq(schema.evaluationReturns.id, interim.id))
        .run();
      if (state < 0.4) tx.update(schema.awards).set({ caseStudyApprovedAt: new Date(), caseStudyReturnId: interim.id }).where(eq(schema.awards.id, award.id)).run();
    }
  }
});
const someOrganisations = db.select({ id: schema.organisations.id }).from(schema.organisations).limit(3).all().map((o) => o.id);
const anAward = db.select().from(schema.awards).where(inArray(schema.awards.status, ["accepted"])).limit(1).get()!;
console.log(
  `Generated ${ROUNDS} rounds × ${AWARDS} awards (${db.select().from(schema.payments).all().length} instalments, ${db.select().from(schema.evaluationReturns).all().length} returns) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

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
  ["A round's budget page (cycleBudget)", () => cycleBudget(cycleIds[0]!)],
  ["Staff returns: waiting for review, all rounds (staffReturnList)", () => staffReturnList("review")],
  ["Staff returns: overdue (staffReturnList)", () => staffReturnList("overdue")],
  ["Staff returns: all (staffReturnList)", () => staffReturnList("all")],
  ["Public page, first page, no filter (publicProjects)", () => publicProjects({})],
  ["Public page, one ward (publicProjects)", () => publicProjects({ ward: wards[0]!.id })],
  ["An award, whole (loadAward)", () => loadAward(anAward.id)],
  ["A grantee's awards (awardsForOrganisations)", () => awardsForOrganisations(someOrganisations)],
];
let over = 0;
for (const [name, work] of reads) {
  const ms = median(work);
  if (ms > TARGET_MS) over++;
  console.log(`${ms.toFixed(1).padStart(8)} ms  ${ms > TARGET_MS ? "OVER" : "ok  "}  ${name}`);
}
// The reminders job writes, so it is timed once, then again to show the second run sends nothing.
for (const run of ["first", "second"]) {
  const t = performance.now();
  const report = sendReturnReminders();
  const ms = performance.now() - t;
  if (ms > JOB_TARGET_MS) over++;
  console.log(`${ms.toFixed(1).padStart(8)} ms  ${ms > JOB_TARGET_MS ? "OVER" : "ok  "}  Return reminders job, ${run} run (target ${JOB_TARGET_MS} ms): ${JSON.stringify(report)}`);
}
console.log(`Median of ${RUNS} runs each; target ${TARGET_MS} ms. Database: ${process.env.DATABASE_PATH}`);
sqlite.close();
if (!process.env.BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });
process.exit(over ? 1 : 0);
