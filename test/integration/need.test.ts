// Did the money follow need? Ward money, fifths, the index and the CSV, checked against sums worked
// out by hand from PORTFOLIO (test/support/impact.ts) and the need values read from the database.
import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { demoAwardsLeftOut } from "~/models/impact.server";
import { readNeed, wardFunding } from "~/models/need.server";
import { principleRollup } from "~/models/rollup.server";
import { loader as csvRoute } from "~/routes/staff.impact.wards[.]csv";
import { loader as pageRoute } from "~/routes/staff.impact.wards._index";
import { db, schema } from "~/utils/db.server";
import { args, makeUser, requestAs, seeded } from "../support/awards";
import { fundedPortfolio, type Portfolio } from "../support/impact";

let round: Portfolio;
let spiId: number;
let incomeId: number;
let populationId: number;

beforeAll(async () => {
  await seeded();
  round = fundedPortfolio();
  const id = (name: string) => db.select().from(schema.indicators).where(eq(schema.indicators.name, name)).get()!.id;
  spiId = id("Social Progress Index score");
  incomeId = id("Mean gross disposable income");
  populationId = db.select().from(schema.indicators).where(eq(schema.indicators.isPopulation, true)).get()!.id;
});

/** Each ward's value of an indicator, as stored: name → value. */
function storedValues(indicatorId: number): Map<string, number> {
  const rows = db
    .select({ name: schema.areas.name, value: schema.indicatorValues.value })
    .from(schema.indicatorValues)
    .innerJoin(schema.areas, eq(schema.areas.id, schema.indicatorValues.areaId))
    .where(and(eq(schema.indicatorValues.indicatorId, indicatorId), eq(schema.areas.kind, "ward")))
    .all();
  return new Map(rows.map((r) => [r.name, r.value!]));
}

// By hand from PORTFOLIO (£ in pence):
// - award 1, £6,000, paid £3,000, reached Biscot 90 and Dallow 30 (of 120): Biscot 6,000 × 90/120 = 4,500
//   (paid 2,250), Dallow 6,000 × 30/120 = 1,500 (paid 750);
// - award 2, £4,500, no return, named High Town only: High Town 4,500 (paid 0);
// - award 3, £7,500, all paid, reached Farley 40 and Northwell 0: Farley 7,500 (paid 7,500), Northwell 0,
//   Biscot (named but no people reported) 0;
// - award 4 (£2,000 to Dallow) was withdrawn: it counts for nothing.
const MONEY: Record<string, { awarded: number; paid: number; projects: number; reached: number }> = {
  Biscot: { awarded: 4_500_00, paid: 2_250_00, projects: 1, reached: 90 },
  Dallow: { awarded: 1_500_00, paid: 750_00, projects: 1, reached: 30 },
  "High Town": { awarded: 4_500_00, paid: 0, projects: 1, reached: 0 },
  Farley: { awarded: 7_500_00, paid: 7_500_00, projects: 1, reached: 40 },
  Northwell: { awarded: 0, paid: 0, projects: 0, reached: 0 },
};
const TOTAL = 18_000_00;

async function thrownStatus(work: Promise<unknown>): Promise<number> {
  try {
    await work;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
  throw new Error("Expected a refusal");
}

describe("money by ward", () => {
  it("shares each award between its wards as the core counts it; every ward is listed", () => {
    const d = wardFunding({ cycleId: round.cycleId });
    const wardCount = db.select().from(schema.areas).where(eq(schema.areas.kind, "ward")).all().length;
    expect(d.wards).toHaveLength(wardCount);
    for (const w of d.wards) {
      const expected = MONEY[w.name] ?? {
        awarded: 0,
        paid: 0,
        projects: 0,
        reached: 0,
      };
      expect({
        name: w.name,
        awarded: w.awardedPence,
        paid: w.paidPence,
        projects: w.projects,
        reached: w.peopleReached,
      }).toEqual({
        name: w.name,
        ...expected,
      });
      expect(w.perResidentPence).toBeNull();
    }
    // The withdrawn £2,000 to Dallow is not there; three projects; nothing outside a ward.
    expect(d.totals).toMatchObject({
      awardedPence: TOTAL,
      paidPence: 10_500_00,
      projects: 3,
      peopleReached: 160,
      population: null,
    });
    expect(d.notInWard).toEqual({
      projects: 0,
      demoProjects: 0,
      awardedPence: 0,
      paidPence: 0,
    });
    expect(d.inWardsPence).toBe(TOTAL);
  });

  it("ranks need by the Social Progress Index by default: the fifths and the index against the seeded values", () => {
    const d = wardFunding({ cycleId: round.cycleId });
    expect(d.measure!.id).toBe(spiId);
    // Higher is better, so the lowest scores are the most deprived. Worked out here from the stored values.
    const spi = [...storedValues(spiId)].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
    expect(spi).toHaveLength(20);
    const most = spi.slice(0, 4).map(([name]) => name);
    const least = spi.slice(16).map(([name]) => name);
    const money = (names: string[]) => names.reduce((sum, n) => sum + (MONEY[n]?.awarded ?? 0), 0);
    expect(d.fifthSizes).toEqual([4, 4, 4, 4, 4]);
    expect(d.wards.filter((w) => w.fifth === 1).map((w) => w.name)).toEqual(most);
    expect(d.wards.filter((w) => w.fifth === 5).map((w) => w.name)).toEqual(least);
    expect(d.wards.map((w) => w.name)).toEqual(spi.map(([name]) => name));
    expect(d.mostDeprivedShare).toBeCloseTo(money(most) / TOTAL, 12);
    expect(d.leastDeprivedShare).toBeCloseTo(money(least) / TOTAL, 12);
    // In Luton's seed: Central, South, Dallow, Biscot are the most deprived fifth: (1,500 + 4,500) / 18,000 = 1/3.
    expect(d.mostDeprivedShare).toBeCloseTo(1 / 3, 12);
    // The index by hand, each ward counted the same (no population figures): C = 2/(n·mean) Σ yᵢ(i − 0.5)/n − 1.
    const n = spi.length;
    const sum = spi.reduce((s, [name], i) => s + (MONEY[name]?.awarded ?? 0) * ((i + 0.5) / n), 0);
    expect(d.concentration.weighting).toBe("equal");
    expect(d.concentration.index).toBeCloseTo((2 / TOTAL) * sum - 1, 12);
    expect(d.concentration.index!).toBeLessThan(0);
    // Three awards: the figures, but too few to say what they mean.
    expect(d.awardsInView).toBe(3);
    expect(d.verdict).toBe(false);
    expect(d.sentence).toMatch(
      /^The most deprived fifth of wards received 33% of the funding in wards and the least deprived fifth 0%\. Too few awards to say whether money followed need: 3 awards in \d ranked wards with money, and it takes at least 10 awards in at least 5 wards\.$/,
    );
    expect(d.sentence).not.toMatch(/money went/);
    expect(d.rankedPence).toBe(TOTAL);
    expect(d.unranked).toEqual([]);
    expect(d.unrankedPence).toBe(0);
    // High Town and Northwell have the same score (56.08): name order puts them in the middle and fourth fifths.
    expect(storedValues(spiId).get("High Town")).toBe(storedValues(spiId).get("Northwell"));
    expect(d.tiesAcrossFifths).toEqual([["High Town", "Northwell"]]);
    expect(d.wards.filter((w) => ["High Town", "Northwell"].includes(w.name)).map((w) => [w.name, w.fifth])).toEqual([
      ["High Town", 3],
      ["Northwell", 4],
    ]);
  });

  it("takes the shares and the index of the money in ranked wards only; money in a ward with no value is shown on its own", () => {
    // Dallow (£1,500 of this round) loses its value for the Social Progress Index, for this test only.
    const dallowValues = db
      .select()
      .from(schema.indicatorValues)
      .where(and(eq(schema.indicatorValues.indicatorId, spiId), eq(schema.indicatorValues.areaId, round.wardIds.Dallow!)))
      .all();
    expect(dallowValues.length).toBeGreaterThan(0);
    db.delete(schema.indicatorValues).where(and(eq(schema.indicatorValues.indicatorId, spiId), eq(schema.indicatorValues.areaId, round.wardIds.Dallow!))).run();
    try {
      const d = wardFunding({ cycleId: round.cycleId });
      expect(d.unranked).toEqual(["Dallow"]);
      expect(d.unrankedPence).toBe(1_500_00);
      expect(d.wards.at(-1)).toMatchObject({
        name: "Dallow",
        rank: null,
        fifth: null,
        awardedPence: 1_500_00,
      });
      // 19 ranked wards: fifths of 4, 4, 4, 4, 3. Most deprived: Central, South, Biscot, Beech Hill.
      expect(d.fifthSizes).toEqual([4, 4, 4, 4, 3]);
      expect(d.wards.filter((w) => w.fifth === 1).map((w) => w.name)).toEqual(["Central", "South", "Biscot", "Beech Hill"]);
      // The base is the money in ranked wards: £18,000 − £1,500 = £16,500, of which Biscot's £4,500 is 3/11 (not 1/4 of £18,000).
      expect(d.rankedPence).toBe(16_500_00);
      expect(d.inWardsPence).toBe(TOTAL);
      expect(d.mostDeprivedShare).toBeCloseTo(4_500 / 16_500, 12);
      expect(d.leastDeprivedShare).toBe(0);
      // The index over the same 19 wards: Biscot 3rd, Farley 5th, High Town 11th (before Northwell by name).
      // C = 2/16,500 × (4,500 × 2.5 + 7,500 × 4.5 + 4,500 × 10.5)/19 − 1 = 2 × 92,250 / (19 × 16,500) − 1.
      expect(d.concentration.index).toBeCloseTo((2 * 92_250) / (19 * 16_500) - 1, 12);
      // High Town and Northwell now share the middle fifth: no tie crosses a fifth's edge.
      expect(d.tiesAcrossFifths).toEqual([]);
      expect(d.sentence).toMatch(
        /^The most deprived fifth of wards received 27% of the funding in ranked wards and the least deprived fifth 0%\. Too few awards/,
      );
    } finally {
      db.insert(schema.indicatorValues).values(dallowValues).run();
    }
  });

  it("ranks by another measure when asked: Mean gross disposable income", () => {
    const d = wardFunding({ cycleId: round.cycleId }, incomeId);
    expect(d.measure!.name).toBe("Mean gross disposable income");
    expect(d.measureChosen).toBe(true);
    const income = storedValues(incomeId);
    for (const w of d.wards) expect(w.needValue).toBe(income.get(w.name) ?? null);
    const order = [...income].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([name]) => name);
    expect(d.wards.map((w) => w.name)).toEqual(order);
    // Both seeded need measures are columns, and the population indicator is not a measure of need.
    expect(d.needColumns.map((m) => m.id)).toEqual(expect.arrayContaining([spiId, incomeId]));
    expect(d.measures.map((m) => m.id)).not.toContain(populationId);
  });

  it("refuses to rank need by a measure that makes no judgement, and falls back from an unknown one with a note", () => {
    const neutral = db
      .insert(schema.indicators)
      .values({
        kind: "context",
        name: "Households (count)",
        polarity: "no_judgement",
        unit: "households",
      })
      .returning()
      .get();
    const wards = db.select().from(schema.areas).where(eq(schema.areas.kind, "ward")).all();
    db.insert(schema.indicatorValues)
      .values(
        wards.map((w, i) => ({
          indicatorId: neutral.id,
          areaId: w.id,
          period: "2021",
          periodSortable: 20210000,
          value: 1000 + i,
        })),
      )
      .run();
    const d = wardFunding({ cycleId: round.cycleId }, neutral.id);
    expect(d.measure!.id).toBe(neutral.id);
    expect(d.rankProblem).toMatch(/cannot rank need/);
    expect(d.sentence).toBe(d.rankProblem);
    expect(d.fifthSizes).toBeNull();
    expect(d.wards.every((w) => w.fifth === null && w.rank === null)).toBe(true);
    expect([d.mostDeprivedShare, d.leastDeprivedShare, d.concentration.index]).toEqual([null, null, null]);
    // Money is still shown.
    expect(d.totals.awardedPence).toBe(TOTAL);

    for (const asked of [999_999, populationId, readNeed(new URLSearchParams("need=1%20or%201=1"))] as const) {
      const fallback = wardFunding({ cycleId: round.cycleId }, asked);
      expect(fallback.measure!.id).toBe(spiId);
      expect(fallback.measureChosen).toBe(false);
      expect(fallback.measureNote).toMatch(/so this page shows Social Progress Index score/);
    }
    expect(readNeed(new URLSearchParams(""))).toBeUndefined();
    expect(readNeed(new URLSearchParams(`need=${incomeId}`))).toBe(incomeId);
    db.delete(schema.indicators).where(eq(schema.indicators.id, neutral.id)).run();
  });

  it("shows only the wards in a ward or neighbourhood filter, with their fifths among all wards", () => {
    const biscot = wardFunding({
      cycleId: round.cycleId,
      wardId: round.wardIds.Biscot,
    });
    expect(biscot.wards.map((w) => [w.name, w.awardedPence, w.fifth])).toEqual([["Biscot", 4_500_00, 1]]);
    expect(biscot.filtered).toBe(true);
    // The end fifths' shares are about the whole place: not given with a ward filter.
    expect(biscot.mostDeprivedShare).toBeNull();
    expect(biscot.leastDeprivedShare).toBeNull();
    expect(biscot.sentence).toMatch(/^Too few awards to say whether money followed need: 1 award in 1 ranked ward with money/);
    expect(biscot.concentration.index).toBeNull();

    const neighbourhood = db.select().from(schema.areas).where(eq(schema.areas.kind, "neighbourhood")).get()!;
    for (const name of ["Dallow", "Farley", "Northwell"])
      db.update(schema.areas).set({ parentId: neighbourhood.id }).where(eq(schema.areas.id, round.wardIds[name]!)).run();
    const d = wardFunding({
      cycleId: round.cycleId,
      neighbourhoodId: neighbourhood.id,
    });
    expect(d.wards.map((w) => [w.name, w.awardedPence, w.neighbourhood])).toEqual([
      ["Dallow", 1_500_00, neighbourhood.name],
      ["Farley", 7_500_00, neighbourhood.name],
      ["Northwell", 0, neighbourhood.name],
    ]);
    expect(d.totals.awardedPence).toBe(9_000_00);
    // Dallow keeps its fifth among all wards, but the fifths' shares are not given for a neighbourhood.
    expect(d.wards.find((w) => w.name === "Dallow")!.fifth).toBe(1);
    expect(d.mostDeprivedShare).toBeNull();
    expect(d.sentence).not.toMatch(/most deprived fifth/);
    // Among these three (Dallow, Farley, Northwell, most deprived first): y = 1,500, 7,500, 0; R = 1/6, 1/2, 5/6.
    // C = 2/(3 × 3,000) × (1,500/6 + 7,500/2) − 1 = 2/9,000 × 4,000 − 1 = −1/9.
    expect(d.concentration.index).toBeCloseTo(-1 / 9, 12);
    db.update(schema.areas).set({ parentId: null }).where(eq(schema.areas.parentId, neighbourhood.id)).run();
  });

  it("keeps money not tied to a ward apart, out of the shares", () => {
    const other = fundedPortfolio([
      {
        amountPence: 1_000_00,
        principles: [6],
        wards: [],
        paidPence: 1_000_00,
      },
      {
        amountPence: 3_000_00,
        principles: [6],
        wards: ["Central"],
        paidPence: 0,
      },
    ]);
    const d = wardFunding({ cycleId: other.cycleId });
    expect(d.notInWard).toEqual({
      projects: 1,
      demoProjects: 0,
      awardedPence: 1_000_00,
      paidPence: 1_000_00,
    });
    expect(d.totals.awardedPence).toBe(3_000_00);
    // Central is the most deprived ward: all the money in wards is in the most deprived fifth.
    expect(d.mostDeprivedShare).toBe(1);
    expect(d.leastDeprivedShare).toBe(0);
    // All of it in the most deprived of 20 wards: C = 2 × 0.5/20 − 1 = −0.95.
    expect(d.concentration.index).toBeCloseTo(-0.95, 12);
    // One award: the figures without a verdict.
    expect(d.sentence).toMatch(
      /^The most deprived fifth of wards received 100% of the funding in wards and the least deprived fifth 0%\. Too few awards/,
    );
    expect(d.sentence).not.toContain("money went");
    // No money at all in a round of nothing.
    const empty = wardFunding({ cycleId: 999_999 });
    expect(empty.concentration.index).toBeNull();
    expect(empty.sentence).toBe("No funding in wards yet.");
  });
});

describe("the verdict", () => {
  it("says what the index means from 10 awards in 5 ranked wards with money", () => {
    const wards = ["Central", "South", "Dallow", "Biscot", "Beech Hill"];
    const many = fundedPortfolio(
      Array.from({ length: 10 }, (_, i) => ({
        amountPence: 1_000_00,
        principles: [6],
        wards: [wards[i % 5]!],
        paidPence: 0,
      })),
    );
    const d = wardFunding({ cycleId: many.cycleId });
    expect([d.awardsInView, d.wardsWithMoney, d.verdict]).toEqual([10, 5, true]);
    expect(d.sentence).toMatch(
      /^The most deprived fifth of wards received \d+% of the funding in wards and the least deprived fifth 0%: money went clearly more to the wards with the greatest need \(concentration index −0\.\d\d\)\.$/,
    );
  });
});

describe("agreeing with the roll-up by principle", () => {
  it("adds up to the same total to the penny, with and without a ward filter", () => {
    // Amounts that split into fractions of a penny: £100.01 planned in three wards (3,333.67p each),
    // £100.01 in two (5,000.5p each), £50.01 in none.
    const odd = fundedPortfolio([
      {
        amountPence: 100_01,
        principles: [1],
        wards: ["Biscot", "Dallow", "Farley"],
        paidPence: 0,
      },
      {
        amountPence: 100_01,
        principles: [2],
        wards: ["Biscot", "Dallow"],
        paidPence: 0,
      },
      { amountPence: 50_01, principles: [3], wards: [], paidPence: 0 },
    ]);
    const all = wardFunding({ cycleId: odd.cycleId });
    expect(all.totals.awardedPence + all.notInWard.awardedPence).toBe(100_01 + 100_01 + 50_01);
    expect(principleRollup({ cycleId: odd.cycleId }).totals.awardedPence).toBe(100_01 + 100_01 + 50_01);
    // Biscot: 10,001/3 + 10,001/2 = 8,334.17p, so £83.34 on both pages (rounding each principle's row
    // on its own would give 3,334 + 5,001 = £83.35 on the roll-up).
    for (const ward of ["Biscot", "Dallow", "Farley"]) {
      const filters = { cycleId: odd.cycleId, wardId: odd.wardIds[ward] };
      const rollup = principleRollup(filters);
      expect(rollup.totals.awardedPence).toBe(wardFunding(filters).totals.awardedPence);
      expect(rollup.rows.reduce((s, r) => s + r.measures.awardedPence, 0)).toBe(rollup.totals.awardedPence);
    }
    expect(principleRollup({ cycleId: odd.cycleId, wardId: odd.wardIds.Biscot }).totals.awardedPence).toBe(83_34);
  });
});

describe("demo rounds", () => {
  it("are left out unless included or chosen, and the page says how many are left out", async () => {
    const demo = fundedPortfolio([
      {
        amountPence: 2_500_00,
        principles: [5],
        wards: ["Saints"],
        paidPence: 0,
      },
    ]);
    db.update(schema.cycles).set({ isDemo: true }).where(eq(schema.cycles.id, demo.cycleId)).run();
    const saints = (d: ReturnType<typeof wardFunding>) => d.wards.find((w) => w.name === "Saints")!.awardedPence;
    const without = wardFunding({});
    const withDemo = wardFunding({ includeDemo: true });
    expect(without.demoAwards).toBe(0);
    expect(withDemo.demoAwards).toBe(demoAwardsLeftOut({}));
    expect(saints(withDemo) - saints(without)).toBe(2_500_00);
    // Choosing the demo round is asking for it.
    const chosen = wardFunding({ cycleId: demo.cycleId });
    expect(saints(chosen)).toBe(2_500_00);
    expect(chosen.demoAwards).toBe(1);

    const page = await (await pageRoute(args(await requestAs(round.staff, "/staff/impact/wards"), {}))).json();
    expect(page.demoLeftOut).toBeGreaterThanOrEqual(1);
    expect(page.withDemoQuery).toBe("?demo=include");
    const included = await (await pageRoute(args(await requestAs(round.staff, `/staff/impact/wards?demo=include&need=${incomeId}`), {}))).json();
    expect(included.demoLeftOut).toBe(0);
    expect(included.described).toBe("All programmes, rounds, years and wards, demo rounds included");
    expect(included.query).toBe(`?demo=include&need=${incomeId}`);
    const name = async (path: string) => (await csvRoute(args(await requestAs(round.staff, path), {}))).headers.get("content-disposition");
    expect(await name("/staff/impact/wards.csv?demo=include")).toMatch(/^attachment; filename="funding-by-ward-\d{4}-\d{2}-\d{2}-with-demo-rounds\.csv"$/);
    expect(await name(`/staff/impact/wards.csv?cycle=${demo.cycleId}`)).toMatch(/-with-demo-rounds\.csv"$/);
    expect(await name("/staff/impact/wards.csv")).toMatch(/^attachment; filename="funding-by-ward-\d{4}-\d{2}-\d{2}\.csv"$/);
    // Each row says how many of its awards are in demo rounds.
    const csvRows = async (path: string) =>
      parse((await (await csvRoute(args(await requestAs(round.staff, path), {}))).text()).replace(/^\uFEFF/, ""), { columns: true }) as Record<
        string,
        string
      >[];
    const saintsRow = (rows: Record<string, string>[]) => rows.find((r) => r.Ward === "Saints")!;
    expect(Number(saintsRow(await csvRows("/staff/impact/wards.csv?demo=include"))["Awards in demo rounds"])).toBeGreaterThanOrEqual(1);
    expect(Number(saintsRow(await csvRows("/staff/impact/wards.csv"))["Awards in demo rounds"])).toBe(0);
  });
});

describe("the page and its CSV", () => {
  it("are for staff only", async () => {
    const applicant = makeUser("user");
    expect(await thrownStatus(pageRoute(args(await requestAs(applicant, "/staff/impact/wards"), {})))).toBe(403);
    expect(await thrownStatus(csvRoute(args(await requestAs(applicant, "/staff/impact/wards.csv"), {})))).toBe(403);
  });

  it("gives the page's numbers as a CSV, keeping the filters and the measure of need", async () => {
    const path = `/staff/impact/wards.csv?cycle=${round.cycleId}&need=${incomeId}`;
    const response = await csvRoute(args(await requestAs(round.staff, path), {}));
    expect(response.headers.get("content-type")).toMatch(/text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="funding-by-ward-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parse((await response.text()).replace(/^\uFEFF/, ""), {
      columns: true,
    }) as Record<string, string>[];
    const page = await (await pageRoute(args(await requestAs(round.staff, path.replace("wards.csv", "wards")), {}))).json();
    expect(rows.map((r) => r.Ward)).toEqual(page.wards.map((w: { name: string }) => w.name));
    const byName = new Map(rows.map((r) => [r.Ward, r]));
    for (const [name, m] of Object.entries(MONEY)) {
      expect(Number(byName.get(name)!["Awarded (£)"])).toBe(m.awarded / 100);
      expect(Number(byName.get(name)!["Paid (£)"])).toBe(m.paid / 100);
      expect(Number(byName.get(name)!["People reached"])).toBe(m.reached);
    }
    const income = storedValues(incomeId);
    expect(Number(byName.get("Biscot")!["Mean gross disposable income (£ thousand)"])).toBe(income.get("Biscot"));
    expect(Object.keys(rows[0]!)).toContain("Need rank by Mean gross disposable income (1 = most deprived)");
    expect(Object.keys(rows[0]!)).toContain("Need group (1 = most deprived fifth, 5 = least deprived fifth)");
    expect(Object.keys(rows[0]!)).toContain("Awards in demo rounds");
    expect(page.query).toBe(`?cycle=${round.cycleId}&need=${incomeId}`);
  });
});

describe("funding per resident", () => {
  it("divides by each ward's latest population, and weights the index by population", () => {
    const wards = db.select().from(schema.areas).where(eq(schema.areas.kind, "ward")).all();
    const population = new Map(wards.map((w, i) => [w.name, 8_000 + 500 * i]));
    db.insert(schema.indicatorValues)
      .values(
        wards.flatMap((w) => [
          // An older figure, which the latest replaces.
          {
            indicatorId: populationId,
            areaId: w.id,
            period: "2020",
            periodSortable: 20200000,
            value: 1,
          },
          {
            indicatorId: populationId,
            areaId: w.id,
            period: "2023",
            periodSortable: 20230000,
            value: population.get(w.name)!,
          },
        ]),
      )
      .run();
    const d = wardFunding({ cycleId: round.cycleId });
    for (const w of d.wards) {
      expect(w.population).toBe(population.get(w.name));
      expect(w.perResidentPence).toBeCloseTo((MONEY[w.name]?.awarded ?? 0) / population.get(w.name)!, 9);
    }
    // By hand: wards ranked by SPI (most deprived first), each weighted by its population;
    // a ward's fractional rank is the population ranked before it plus half its own, over the total.
    // With y = money per resident and weights = population share, C = 2 Σ (money share)ᵢ·Rᵢ − 1.
    const spi = [...storedValues(spiId)].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
    const totalPopulation = [...population.values()].reduce((s, p) => s + p, 0);
    let before = 0;
    let sum = 0;
    for (const [name] of spi) {
      const p = population.get(name)!;
      sum += ((MONEY[name]?.awarded ?? 0) / TOTAL) * ((before + p / 2) / totalPopulation);
      before += p;
    }
    expect(d.concentration.weighting).toBe("population");
    expect(d.concentration.index).toBeCloseTo(2 * sum - 1, 12);
    expect(d.totals.population).toBe(totalPopulation);
    db.delete(schema.indicatorValues).where(eq(schema.indicatorValues.indicatorId, populationId)).run();
  });
});
