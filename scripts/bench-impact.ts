// `npm run bench:impact`: how long the impact views, the 360Giving export and a Fingertips
// preview take with a large place, on a fresh SQLite file of generated data (not timed tests:
// a shared machine makes those flaky). ROUNDS rounds of AWARDS awards made by the portal's own
// release; most accepted, half paid in part, half with an accepted return reporting people by
// ward and results against targets; INDICATORS indicators with 15 periods for every area; and a
// Fingertips file of FINGERTIPS_ROWS rows. Prints the median of several runs of each read.
// Our own targets (the issue gives none): each page's read under 250 ms, the 360Giving export
// (built and validated) under 2 s, and a Fingertips preview under 5 s for 50,000 rows.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const AWARDS = Number(process.env.BENCH_AWARDS ?? 400);
const INDICATORS = Number(process.env.BENCH_INDICATORS ?? 40);
const FINGERTIPS_ROWS = Number(process.env.BENCH_FINGERTIPS_ROWS ?? 50_000);
const RUNS = 11;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hefp-bench-"));
process.env.DATABASE_PATH = path.join(dir, "bench.sqlite");
process.env.DEMO_DATA = "false";

// Imported after DATABASE_PATH is set: the database module opens its file on import.
const { db, schema, sqlite, transaction } = await import("~/utils/db.server");
const { seedDatabase } = await import("~db/seed/index");
const { releasedRounds, seededRandom } = await import("./bench-rounds");
const { eq } = await import("drizzle-orm");
const { principleRollup } = await import("~/models/rollup.server");
const { wardFunding } = await import("~/models/need.server");
const { fundedAwards, demoAwardsLeftOut } = await import("~/models/impact.server");
const openData = await import("~/models/three-sixty-giving.server");
const fingertips = await import("~/models/fingertips.server");

await seedDatabase({ demo: false });
db.update(schema.place).set({ grantIdPrefix: "BENCH", funderOrgId: "GB-LAE-BEN" }).run();

const started = Date.now();
const areas = db.select().from(schema.areas).all();
const wards = areas.filter((a) => a.kind === "ward");
const principles = db.select().from(schema.principles).all();
const random = seededRandom(7);
const { cycleIds } = releasedRounds({
  rounds: ROUNDS,
  awards: AWARDS,
  random,
  organisation: (r, i) => ({ charityNumber: String(1_100_000 + r * AWARDS + i) }),
  application: { summary: "A generated project for the benchmark." },
  eachApplication: (tx, application, _r, i) => {
    tx.insert(schema.applicationPrinciples).values({ applicationId: application.id, principleId: principles[i % principles.length]!.id, isPrimary: true }).run();
    tx.insert(schema.applicationPrinciples).values({ applicationId: application.id, principleId: principles[(i + 3) % principles.length]!.id }).run();
    for (const w of [wards[(i * 7) % wards.length]!, wards[(i * 11 + 3) % wards.length]!])
      tx.insert(schema.applicationAreas).values({ applicationId: application.id, areaId: w.id }).onConflictDoNothing().run();
    tx.insert(schema.logicModelItems).values({ applicationId: application.id, kind: "outcome", description: "People more active", measure: "people", target: 40 }).run();
  },
});

// Later states, straight into the tables: most offers accepted, half the first instalments
// paid, half the interim returns accepted with people by ward and a result.
transaction((tx) => {
  const items = new Map(tx.select().from(schema.logicModelItems).all().map((i) => [i.applicationId, i.id]));
  const planned = new Map<number, number[]>();
  for (const a of tx.select().from(schema.applicationAreas).all()) planned.set(a.applicationId, [...(planned.get(a.applicationId) ?? []), a.areaId]);
  for (const award of tx.select().from(schema.awards).all()) {
    const roll = random();
    if (roll < 0.1) continue; // still an offer
    if (roll < 0.13) {
      tx.update(schema.awards).set({ status: "withdrawn", withdrawnAt: new Date() }).where(eq(schema.awards.id, award.id)).run();
      continue;
    }
    tx.update(schema.awards).set({ status: "accepted", respondedAt: new Date(), acceptedTermsId: award.grantTermsId }).where(eq(schema.awards.id, award.id)).run();
    if (random() < 0.5) {
      const first = tx.select().from(schema.payments).where(eq(schema.payments.awardId, award.id)).all()[0]!;
      tx.update(schema.payments).set({ status: "paid", paidOn: first.dueDate, paidAmountPence: first.amountPence, recordedAt: new Date() }).where(eq(schema.payments.id, first.id)).run();
    }
    if (random() < 0.5) {
      const interim = tx.select().from(schema.evaluationReturns).where(eq(schema.evaluationReturns.awardId, award.id)).all()[0]!;
      const byWard = (planned.get(award.applicationId) ?? []).map((areaId) => ({ areaId, people: Math.floor(random() * 80) }));
      tx.update(schema.evaluationReturns)
        .set({ status: "accepted", submittedAt: new Date(), acceptedAt: new Date(), peopleReached: byWard.reduce((s, w) => s + w.people, 0) })
        .where(eq(schema.evaluationReturns.id, interim.id))
        .run();
      for (const w of byWard) tx.insert(schema.returnReachByArea).values({ returnId: interim.id, ...w }).run();
      tx.insert(schema.returnResults).values({ returnId: interim.id, logicModelItemId: items.get(award.applicationId)!, actual: Math.floor(random() * 60) }).run();
    }
  }
});

// Indicators: INDICATORS more, spread over the principles, each with 15 periods for every area.
const fingertipsIds: number[] = [];
transaction((tx) => {
  for (let i = 0; i < INDICATORS; i++) {
    const fingertipsId = 990_000 + i;
    fingertipsIds.push(fingertipsId);
    const indicator = tx
      .insert(schema.indicators)
      .values({ kind: "principle", name: `Benchmark indicator ${i}`, fingertipsId, unit: "%", polarity: i % 2 ? "higher_is_better" : "lower_is_better" })
      .returning()
      .get();
    tx.insert(schema.indicatorPrinciples).values({ indicatorId: indicator.id, principleId: principles[i % principles.length]!.id }).run();
    for (const area of areas)
      for (let p = 0; p < 15; p++)
        tx.insert(schema.indicatorValues)
          .values({ indicatorId: indicator.id, areaId: area.id, period: `${2008 + p}`, periodSortable: (2008 + p) * 1_000_000, value: random() < 0.05 ? null : 40 + random() * 20 })
          .run();
  }
});

// A Fingertips export of FINGERTIPS_ROWS rows: the benchmark indicators for England, the region,
// Luton, every ward by name, and some areas the portal does not know.
const header =
  "Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Lower CI 99.8 limit,Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,Compared to England value or percentiles,Compared to Counties & UAs (from Apr 2023) value or percentiles,Time period Sortable,New data,Compared to goal";
const fileAreas = [
  ["E92000001", "England", "England"],
  ["E12000006", "East of England region", "Region"],
  ["E06000032", "Luton", "Counties & UAs (from Apr 2023)"],
  ["E06000039", "Slough", "Counties & UAs (from Apr 2023)"],
  ...wards.map((w) => [w.code ?? `E05BENCH${w.id}`, w.name, "Ward"]),
];
const lines = [header];
for (let n = 0; lines.length <= FINGERTIPS_ROWS; n++) {
  const id = fingertipsIds[n % fingertipsIds.length]!;
  const [code, name, type] = fileAreas[Math.floor(n / fingertipsIds.length) % fileAreas.length]!;
  const year = 1990 + Math.floor(n / (fingertipsIds.length * fileAreas.length));
  const value = n % 37 === 0 ? "" : (40 + (n % 200) / 10).toFixed(1);
  lines.push(`${id},"Benchmark indicator, ${id}",E92000001,England,${code},"${name}",${type},Persons,All ages,,,${year},${value},,,,,,,${value ? "" : "Value suppressed"},,,,${year * 1_000_000},,`);
}
const fileText = lines.join("\r\n");

console.log(
  `Generated ${ROUNDS} rounds × ${AWARDS} awards, ${db.select().from(schema.indicatorValues).all().length} indicator values and a ${lines.length - 1}-row Fingertips file in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

function median(work: () => unknown, runs = RUNS): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    work();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const ward = wards[0]!;
const reads: [string, number, () => unknown, number?][] = [
  ["Funded awards, everything (fundedAwards)", 250, () => fundedAwards({})],
  ["Roll-up by principle, no filter (principleRollup)", 250, () => principleRollup({})],
  ["Roll-up by principle, one round and one ward", 250, () => principleRollup({ cycleId: cycleIds[0], wardId: ward.id })],
  ["Did the money follow need, no filter (wardFunding)", 250, () => wardFunding({})],
  ["Did the money follow need, one principle", 250, () => wardFunding({ principleId: principles[0]!.id })],
  // Both pages also count the demo awards their filters leave out.
  ["Demo awards left out (demoAwardsLeftOut)", 250, () => demoAwardsLeftOut({})],
  ["360Giving package, built and validated", 2_000, () => { const out = openData.threeSixtyGivingExport(); if (!out.ok) throw new Error("export refused"); }, 5],
  [`Fingertips preview, ${lines.length - 1} rows`, 5_000, () => { const out = fingertips.previewFingertips(fileText); if (!out.ok) throw new Error(out.message); }, 3],
];
let over = 0;
for (const [name, target, work, runs] of reads) {
  const ms = median(work, runs);
  if (ms > target) over++;
  console.log(`${ms.toFixed(1).padStart(8)} ms  ${ms > target ? "OVER" : "ok  "}  ${name} (target ${target} ms)`);
}
console.log(`Median of ${RUNS} runs each (5 for the export, 3 for the preview). Database: ${process.env.DATABASE_PATH}`);
sqlite.close();
if (!process.env.BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });
process.exit(over ? 1 : 0);
