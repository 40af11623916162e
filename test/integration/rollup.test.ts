// The roll-up by Marmot principle: its totals and rows equal sums worked out by hand from the
// same seeded portfolio (test/support/impact.ts), with and without a ward and a principle filter;
// each principle's indicators (latest values, comparison words, gaps kept as gaps); the CSV
// route gives the page's numbers; only staff may open either.
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describeTrend, LineChart, niceTicks } from "~/components/charts/line-chart";
import { demoAwardsLeftOut, fundedAwards } from "~/models/impact.server";
import { compare, principleRollup, type PrincipleRollup } from "~/models/rollup.server";
import { loader as pageLoader } from "~/routes/staff.impact._index";
import { loader as csvLoader } from "~/routes/staff.impact.principles[.]csv";
import { db, schema } from "~/utils/db.server";
import { args, makeUser, requestAs, seeded } from "../support/awards";
import { fundedPortfolio, PORTFOLIO, type Portfolio } from "../support/impact";

let round: Portfolio;
beforeAll(async () => {
  await seeded();
  round = fundedPortfolio();
});

const row = (rollup: PrincipleRollup, n: number) => rollup.rows.find((r) => r.number === n)!;

/**
 * By hand from PORTFOLIO (its fourth award is withdrawn and counts for nothing):
 * - award A: £6,000, main principle 1 (also 2), Biscot + Dallow, paid £3,000, reached 130
 *   (Biscot 90, Dallow 30), targets 50→60 (met) and 10→8 (not met);
 * - award B: £4,500, principle 6, High Town, nothing paid, no return;
 * - award C: £7,500, main principle 1 (also 3), Farley + Northwell + Biscot, paid £7,500,
 *   reached 40 (all in Farley), target 20 with no figure yet.
 * Wards reached are those a latest accepted return reports people in: A's Biscot and Dallow,
 * C's Farley (none in Northwell, none reported in Biscot); B has no return, so High Town, which
 * it only planned to serve, is not reached yet.
 */
describe("the totals and rows", () => {
  it("adds up every live award under its main principle", () => {
    const rollup = principleRollup({ cycleId: round.cycleId });
    const live = PORTFOLIO.filter((p) => !p.withdrawn);
    expect(live).toHaveLength(3);
    expect(rollup.totals).toEqual({
      awards: 3,
      awardedPence: 6_000_00 + 4_500_00 + 7_500_00,
      paidPence: 3_000_00 + 7_500_00,
      peopleReached: 130 + 40,
      targetsSet: 3,
      targetsMet: 1,
      targetsNotReported: 1,
      // Biscot and Dallow (A), Farley (C: no one in Northwell; none reported in Biscot); not High Town (B: planned, no return).
      wardsReached: 3,
      withReturn: 2,
      offered: 0,
      demo: 0,
    });
    // The same totals computed from PORTFOLIO directly.
    expect(rollup.totals.awardedPence).toBe(live.reduce((s, p) => s + p.amountPence, 0));
    expect(rollup.totals.paidPence).toBe(live.reduce((s, p) => s + p.paidPence, 0));
    expect(rollup.totals.peopleReached).toBe(live.reduce((s, p) => s + (p.reported?.peopleReached ?? 0), 0));

    expect(rollup.rows.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(row(rollup, 1).measures).toMatchObject({
      awards: 2,
      awardedPence: 13_500_00,
      paidPence: 10_500_00,
      peopleReached: 170,
      targetsSet: 3,
      targetsMet: 1,
      wardsReached: 3,
      withReturn: 2,
    });
    expect(row(rollup, 6).measures).toMatchObject({
      awards: 1,
      awardedPence: 4_500_00,
      paidPence: 0,
      peopleReached: 0,
      targetsSet: 0,
      wardsReached: 0,
    });
    for (const n of [2, 3, 4, 5, 7, 8]) expect(row(rollup, n).measures).toMatchObject({ awards: 0, awardedPence: 0, paidPence: 0, peopleReached: 0 });
    expect(rollup.rows.map((r) => r.alsoWorksTowards)).toEqual([0, 1, 1, 0, 0, 0, 0, 0]);
    // The rows add up to the totals.
    for (const key of ["awards", "awardedPence", "paidPence", "peopleReached", "targetsSet", "targetsMet", "withReturn"] as const)
      expect(rollup.rows.reduce((s, r) => s + r.measures[key], 0)).toBe(rollup.totals[key]);
  });

  it("keeps only a ward's share of money and the people reached there under a ward filter", () => {
    // Biscot: A's share is 90 of the 120 it reached by ward; C reached no one in Biscot.
    const biscot = principleRollup({ cycleId: round.cycleId, wardId: round.wardIds.Biscot });
    expect(biscot.totals).toMatchObject({
      awards: 1,
      awardedPence: 4_500_00,
      paidPence: 2_250_00,
      peopleReached: 90,
      targetsSet: 2,
      targetsMet: 1,
      wardsReached: 1,
    });
    expect(row(biscot, 1).measures).toMatchObject({ awards: 1, awardedPence: 4_500_00 });
    expect(biscot.ward).toEqual({ id: round.wardIds.Biscot, name: "Biscot" });
    // Dallow: A's other quarter; the withdrawn award in Dallow counts for nothing.
    const dallow = principleRollup({ cycleId: round.cycleId, wardId: round.wardIds.Dallow });
    expect(dallow.totals).toMatchObject({ awards: 1, awardedPence: 1_500_00, paidPence: 750_00, peopleReached: 30, wardsReached: 1 });
    // High Town: B has no return, so all of it by the one ward its application named; no one reported yet.
    const highTown = principleRollup({ cycleId: round.cycleId, wardId: round.wardIds["High Town"] });
    expect(highTown.totals).toMatchObject({ awards: 1, awardedPence: 4_500_00, peopleReached: 0, withReturn: 0, wardsReached: 0 });
    expect(row(highTown, 6).measures.awards).toBe(1);
    // Northwell: C named it but reached no one there.
    expect(principleRollup({ cycleId: round.cycleId, wardId: round.wardIds.Northwell }).totals.awards).toBe(0);
  });

  it("shows the awards that work towards a chosen principle, each under its main one", () => {
    const six = principleRollup({ cycleId: round.cycleId, principleId: round.principleIds[6] });
    expect(six.totals).toMatchObject({ awards: 1, awardedPence: 4_500_00 });
    expect(six.sections.map((s) => s.number)).toEqual([6]);
    // Principle 2 is A's second principle: A counts under principle 1, and as "also works towards" 2.
    const two = principleRollup({ cycleId: round.cycleId, principleId: round.principleIds[2] });
    expect(two.totals).toMatchObject({ awards: 1, awardedPence: 6_000_00, peopleReached: 130 });
    expect(row(two, 1).measures.awards).toBe(1);
    expect(row(two, 2).measures.awards).toBe(0);
    expect(row(two, 2).alsoWorksTowards).toBe(1);
    // Principle 1 and ward Biscot together: A's share only.
    expect(principleRollup({ cycleId: round.cycleId, principleId: round.principleIds[1], wardId: round.wardIds.Biscot }).totals.awardedPence).toBe(
      4_500_00
    );
  });

  it("counts an offer not yet accepted; leaves a demo round out unless it is asked for or chosen", () => {
    const other = fundedPortfolio([{ amountPence: 1_000_00, principles: [4], wards: ["Saints"], paidPence: 0 }]);
    const awardId = other.awards[0]!.awardId;
    db.update(schema.awards).set({ status: "offered" }).where(eq(schema.awards.id, awardId)).run();
    db.update(schema.cycles).set({ isDemo: true }).where(eq(schema.cycles.id, other.cycleId)).run();
    // Chosen: choosing a demo round is asking for it.
    const rollup = principleRollup({ cycleId: other.cycleId });
    expect(rollup.totals).toMatchObject({ awards: 1, offered: 1, demo: 1, awardedPence: 1_000_00 });
    expect(row(rollup, 4).measures).toMatchObject({ awards: 1, offered: 1, demo: 1 });
    expect(demoAwardsLeftOut({ cycleId: other.cycleId })).toBe(0);
    // By default (no round chosen): the demo award is not there, and is counted as left out.
    const saints = { wardId: round.wardIds.Saints };
    expect(fundedAwards({}).some((a) => a.awardId === awardId)).toBe(false);
    const without = principleRollup(saints);
    expect(without.totals.demo).toBe(0);
    expect(demoAwardsLeftOut(saints)).toBeGreaterThanOrEqual(1);
    // Included: the same view with demo rounds has it, and exactly the left-out awards more.
    const withDemo = principleRollup({ ...saints, includeDemo: true });
    expect(fundedAwards({ includeDemo: true }).some((a) => a.awardId === awardId)).toBe(true);
    expect(withDemo.totals.demo).toBe(demoAwardsLeftOut(saints));
    expect(withDemo.totals.awards - without.totals.awards).toBe(demoAwardsLeftOut(saints));
    expect(withDemo.totals.awardedPence - without.totals.awardedPence).toBeGreaterThanOrEqual(1_000_00);
    expect(demoAwardsLeftOut({ ...saints, includeDemo: true })).toBe(0);
  });
});

describe("the indicators", () => {
  let indicatorId = 0;
  beforeAll(() => {
    const area = (kind: "local_authority" | "country" | "region" | "comparator_group") =>
      db.select().from(schema.areas).where(eq(schema.areas.kind, kind)).get()!.id;
    const luton = area("local_authority");
    const england = area("country");
    const region = area("region");
    indicatorId = db
      .insert(schema.indicators)
      .values({ kind: "principle", name: "Test indicator of discrimination", unit: "%", polarity: "lower_is_better", source: "A test" })
      .returning()
      .get().id;
    db.insert(schema.indicatorPrinciples).values({ indicatorId, principleId: round.principleIds[7]! }).run();
    const value = (areaId: number, period: string, sortable: number, v: number | null, ci: [number, number] | null = null) =>
      db
        .insert(schema.indicatorValues)
        .values({ indicatorId, areaId, period, periodSortable: sortable, value: v, lowerCi95: ci?.[0] ?? null, upperCi95: ci?.[1] ?? null })
        .run();
    value(luton, "2021/22", 20210000, null); // suppressed: missing, not zero
    value(luton, "2022/23", 20220000, 12, [11.5, 12.5]);
    value(england, "2021/22", 20210000, 11, [10.8, 11.2]);
    value(england, "2022/23", 20220000, 10, [9.8, 10.2]);
    value(england, "2023/24", 20230000, null);
    value(region, "2022/23", 20220000, 10.5);
    // A value for another sex and a categorised one are not the Persons figure.
    db.insert(schema.indicatorValues)
      .values({ indicatorId, areaId: luton, sex: "Male", period: "2023/24", periodSortable: 20230000, value: 99 })
      .run();
    db.insert(schema.indicatorValues)
      .values({ indicatorId, areaId: luton, categoryType: "Ethnic group", category: "Asian", period: "2023/24", periodSortable: 20230000, value: 98 })
      .run();
    // Award A's outcome (met) is linked to it.
    const [first] = fundedAwards({ cycleId: round.cycleId });
    db.update(schema.logicModelItems).set({ indicatorId }).where(eq(schema.logicModelItems.id, first!.results[0]!.logicModelItemId)).run();
  });

  it("shows the latest value of each area, compared with England in words, and the trend with gaps", () => {
    const rollup = principleRollup({ cycleId: round.cycleId });
    const section = rollup.sections.find((s) => s.number === 7)!;
    const view = section.indicators.find((v) => v.indicatorId === indicatorId)!;
    expect(view.sex).toBe("Persons");
    expect(view.label).toBe("Test indicator of discrimination");
    const latest = Object.fromEntries(view.latest.map((l) => [l.role, l.point && [l.point.value, l.point.period]]));
    // England's latest period has no value: its latest value is the one before.
    expect(latest).toEqual({ local_authority: [12, "2022/23"], country: [10, "2022/23"], region: [10.5, "2022/23"], comparator_group: null });
    // Intervals that do not overlap, lower is better, Luton higher: worse.
    expect(view.comparison).toEqual({ text: "Worse than England: higher, where lower is better", judgement: "worse", period: "2022/23" });
    expect(view.series.periods).toEqual(["2021/22", "2022/23", "2023/24"]);
    const lines = Object.fromEntries(view.series.lines.map((l) => [l.role, l.values]));
    expect(lines).toEqual({ local_authority: [null, 12, null], country: [11, 10, null], region: [null, 10.5, null] });
    expect(view.linked).toEqual({ results: 1, met: 1 });
    // The overarching indicators come once, at the top; a principle filter shows its own section only.
    expect(rollup.overarching.map((v) => v.name)).toEqual(expect.arrayContaining(["Life expectancy", "Healthy life expectancy"]));
    expect(principleRollup({ cycleId: round.cycleId, principleId: round.principleIds[7] }).sections.map((s) => s.number)).toEqual([7]);
  });

  it("shows an indicator published only by sex once for each sex", () => {
    const hle = principleRollup({ cycleId: round.cycleId }).overarching.filter((v) => v.name === "Healthy life expectancy");
    expect(hle.map((v) => v.label)).toEqual(["Healthy life expectancy, females", "Healthy life expectancy, males"]);
    // Seeded from APHR 2024: Luton 60.0 against England 65.0 for females, no intervals.
    expect(hle[0]!.latest.find((l) => l.role === "local_authority")!.point).toMatchObject({ value: 60, period: "2018-2021" });
    expect(hle[0]!.comparison?.text).toBe("Lower than England, where higher is better");
  });

  it("shows a ward's own value when a ward is chosen", () => {
    const farley = round.wardIds.Farley!;
    db.insert(schema.indicatorValues).values({ indicatorId, areaId: farley, period: "2022/23", periodSortable: 20220000, value: 15 }).run();
    const view = principleRollup({ cycleId: round.cycleId, wardId: farley })
      .sections.find((s) => s.number === 7)!
      .indicators.find((v) => v.indicatorId === indicatorId)!;
    expect(view.latest.find((l) => l.role === "ward")).toMatchObject({ areaName: "Farley", point: { value: 15, period: "2022/23" } });
  });

  it("shows an indicator shared by principles 1 and 2 once, under principle 1, and points to it from principle 2", () => {
    const key = (v: { indicatorId: number; sex: string }) => `${v.indicatorId}-${v.sex}`;
    const sections = principleRollup({ cycleId: round.cycleId }).sections;
    const one = sections.find((s) => s.number === 1)!;
    const two = sections.find((s) => s.number === 2)!;
    // The seeded APHR indicators of principles 1 and 2 are the same ones.
    const alone = principleRollup({ cycleId: round.cycleId, principleId: round.principleIds[2] }).sections[0]!;
    expect(alone.indicators.length).toBeGreaterThan(0);
    expect(alone.shownAbove).toEqual([]);
    const shared = alone.indicators.filter((v) => one.indicators.some((o) => key(o) === key(v)));
    expect(shared.length).toBeGreaterThan(0);
    expect(two.shownAbove).toEqual(shared.map((v) => ({ label: v.label, principleNumber: 1 })));
    expect(two.indicators.map(key)).toEqual(alone.indicators.filter((v) => !shared.includes(v)).map(key));
    // No indicator is shown twice on the page.
    const all = sections.flatMap((s) => s.indicators.map(key));
    expect(new Set(all).size).toBe(all.length);
  });

  it("says better, worse or similar only with confidence intervals", () => {
    const at = (value: number, ci?: [number, number]) => ({ value, period: "2022", lowerCi95: ci?.[0] ?? null, upperCi95: ci?.[1] ?? null });
    expect(compare(at(5, [4, 6]), at(5.5, [5, 6]), "higher_is_better")?.text).toBe("Similar to England");
    expect(compare(at(8, [7.5, 8.5]), at(5, [4.5, 5.5]), "higher_is_better")?.text).toBe("Better than England: higher, where higher is better");
    expect(compare(at(8), at(5), "higher_is_better")?.text).toBe("Higher than England, where higher is better");
    expect(compare(at(3), at(5), "lower_is_better")?.text).toBe("Lower than England, where lower is better");
    expect(compare(at(3, [2, 4]), at(5, [4.5, 5.5]), "no_judgement")?.text).toBe("Lower than England");
    expect(compare(at(5), at(5), "lower_is_better")?.text).toBe("Same as England");
  });
});

describe("the page and its CSV", () => {
  it("gives the page's numbers in the CSV, with the same filters", async () => {
    const staff = makeUser("staff");
    const query = `?cycle=${round.cycleId}&ward=${round.wardIds.Biscot}`;
    const page = await (await pageLoader(args(await requestAs(staff, `/staff/impact${query}`), {}))).json();
    const response = await csvLoader(args(await requestAs(staff, `/staff/impact/principles.csv${query}`), {}));
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="impact-by-principle-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await response.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      "Principle number,Principle,Awards (main principle),Also works towards,Awarded (£),Paid (£),People reached,Targets set,Targets met,Targets not reported yet,Wards reached,Awards with an accepted return,Offers not accepted yet,Awards in demo rounds"
    );
    expect(lines).toHaveLength(1 + 8 + 1);
    expect(lines[1]).toBe("1,Give every child the best start in life,1,0,4500,2250,90,2,1,0,1,1,0,0");
    expect(lines.at(-1)).toBe(",Total,1,,4500,2250,90,2,1,0,1,1,0,0");
    expect(page.rollup.totals).toMatchObject({ awards: 1, awardedPence: 4_500_00, paidPence: 2_250_00, peopleReached: 90 });
    expect(page.description).toContain("in Biscot");
    expect(page.demoLeftOut).toBe(0); // a round is chosen
  });

  it("says how many demo awards are left out, links to include them, and names a CSV with them", async () => {
    const staff = makeUser("staff");
    const page = await (await pageLoader(args(await requestAs(staff, "/staff/impact"), {}))).json();
    // The demo round made above ("counts an offer not yet accepted …") is left out by default.
    expect(page.demoLeftOut).toBeGreaterThan(0);
    expect(page.demoLeftOut).toBe(demoAwardsLeftOut({}));
    expect(page.withDemoQuery).toBe("?demo=include");
    const included = await (await pageLoader(args(await requestAs(staff, "/staff/impact?demo=include"), {}))).json();
    expect(included.filters.includeDemo).toBe(true);
    expect(included.demoLeftOut).toBe(0);
    expect(included.description).toBe("All programmes, rounds, years and wards, demo rounds included");
    expect(included.rollup.totals.awards - page.rollup.totals.awards).toBe(page.demoLeftOut);
    const csv = await csvLoader(args(await requestAs(staff, "/staff/impact/principles.csv?demo=include"), {}));
    expect(csv.headers.get("Content-Disposition")).toMatch(/^attachment; filename="impact-by-principle-\d{4}-\d{2}-\d{2}-with-demo-rounds\.csv"$/);
  });

  it("is for staff only", async () => {
    const applicant = makeUser("user");
    for (const [loader, path] of [
      [pageLoader, "/staff/impact"],
      [csvLoader, "/staff/impact/principles.csv"],
    ] as const) {
      const refused = await loader(args(await requestAs(applicant, path), {})).then(
        () => null,
        (error: unknown) => error
      );
      expect(refused).toBeInstanceOf(Response);
      expect((refused as Response).status).toBe(403);
    }
  });
});

describe("the trend chart", () => {
  const periods = ["2019", "2020", "2021", "2022"];
  const lines = [
    { role: "local_authority" as const, name: "Luton", values: [20.5, null, 18, 17.2] },
    { role: "country" as const, name: "England", values: [19, 18.6, 18.2, 18] },
  ];

  it("picks three to five round ticks", () => {
    for (const [lo, hi] of [
      [17.2, 20.5],
      [0, 1],
      [59.2, 65],
      [12.32, 12.32],
      [1200, 98000],
    ] as const) {
      const ticks = niceTicks(lo, hi);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(ticks.length).toBeLessThanOrEqual(5);
      expect(ticks[0]).toBeLessThanOrEqual(lo);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(hi);
    }
    expect(niceTicks(17.2, 20.5)).toEqual([17, 18, 19, 20, 21]);
  });

  it("says the trend in one sentence and draws a gap, not a zero, where a value is missing", () => {
    expect(describeTrend(periods, lines, "%")).toBe("Luton fell from 20.5% in 2019 to 17.2% in 2022; England fell from 19% in 2019 to 18% in 2022.");
    const html = renderToStaticMarkup(createElement(LineChart, { caption: "Test (%)", periods, lines, unit: "%" }));
    expect(html).toContain('role="img"');
    expect(html).toMatch(/<title id="[^"]+">Test \(%\)<\/title><desc id="[^"]+">Luton fell from 20.5%/);
    expect(html.match(/<polyline/g)).toHaveLength(2); // Luton: 2021 to 2022 only; England: all four
    expect(html.match(/<circle/g)).toHaveLength(3); // Luton's three values
    expect(html).toContain("No data");
    expect(html).not.toContain("style=");
  });

  it("draws a ward's line with its own marker (a plus), not Luton's circle", () => {
    const withWard = [...lines, { role: "ward" as const, name: "Farley", values: [15, 14, null, 13] }];
    const html = renderToStaticMarkup(createElement(LineChart, { caption: "Test (%)", periods, lines: withWard, unit: "%" }));
    expect(html.match(/<circle/g)).toHaveLength(3); // still only Luton's
    expect(html.match(/<polygon[^>]*app-line-chart__point--ward/g)).toHaveLength(3);
    expect(html).toContain("app-line-chart__line app-line-chart__line--ward");
  });
});
