// The arithmetic of "did the money follow need?", against examples worked out by hand.
import { describe, expect, it } from "vitest";
import { describeBars, LABEL_MAX, labelEnd, labelWidth, shownLabel, textWidth } from "~/components/charts/bar-chart";
import {
  concentrationIndex,
  fifthsOf,
  fifthSizes,
  formatIndex,
  indexMeaning,
  needSentence,
  percent,
  rankByNeed,
  roundToTotal,
  tiesAcrossFifths,
} from "~/models/need";

describe("fifths", () => {
  it("splits the ranked wards into five groups by count, the more deprived fifths taking the extra wards", () => {
    expect(fifthSizes(20)).toEqual([4, 4, 4, 4, 4]);
    expect(fifthSizes(22)).toEqual([5, 5, 4, 4, 4]);
    expect(fifthSizes(24)).toEqual([5, 5, 5, 5, 4]);
    expect(fifthSizes(5)).toEqual([1, 1, 1, 1, 1]);
    expect(fifthSizes(3)).toEqual([1, 1, 1, 0, 0]);
    expect(fifthsOf(7)).toEqual([1, 1, 2, 2, 3, 4, 5]);
    expect(fifthsOf(20).filter((f) => f === 1)).toHaveLength(4);
  });
});

describe("rounding ward shares to whole pence", () => {
  it("keeps the total: the largest remainders take the spare pennies", () => {
    // £4,500 shared 46 : 18 is 323,437.5p and 126,562.5p: rounding both up would make 450,001p.
    expect(roundToTotal([126_562.5, 323_437.5])).toEqual([126_563, 323_437]);
    expect(roundToTotal([100.2, 100.3, 100.5])).toEqual([100, 100, 101]);
    expect(roundToTotal([450_000, 0, 150_000])).toEqual([450_000, 0, 150_000]);
    expect(roundToTotal([])).toEqual([]);
  });
});

describe("ranking by need", () => {
  const wards = [
    { name: "C", value: 50 },
    { name: "A", value: 40 },
    { name: "B", value: 50 },
    { name: "D", value: 70 },
  ];
  it("puts the lowest value first when higher is better, the highest when lower is better; ties by name", () => {
    expect(rankByNeed(wards, "higher_is_better")!.map((w) => w.name)).toEqual(["A", "B", "C", "D"]);
    expect(rankByNeed(wards, "lower_is_better")!.map((w) => w.name)).toEqual(["D", "B", "C", "A"]);
  });
  it("names tied wards that the name order puts in different fifths", () => {
    // Seven wards: fifths 1, 1, 2, 2, 3, 4, 5. B and C tie across the edge of fifths 1 and 2; E and F across 3 and 4.
    const ranked = [
      { name: "A", value: 1 },
      { name: "B", value: 2 },
      { name: "C", value: 2 },
      { name: "D", value: 3 },
      { name: "E", value: 4 },
      { name: "F", value: 4 },
      { name: "G", value: 5 },
    ];
    expect(tiesAcrossFifths(ranked, fifthsOf(7))).toEqual([
      ["B", "C"],
      ["E", "F"],
    ]);
    // A tie inside one fifth is not named.
    expect(tiesAcrossFifths(ranked.slice(0, 2).concat({ name: "Z", value: 1 }), [1, 1, 1])).toEqual([]);
  });
  it("cannot rank by a measure that makes no judgement", () => {
    expect(rankByNeed(wards, "no_judgement")).toBeNull();
  });
});

describe("concentration index", () => {
  it("is −0.8 with all the money in the most deprived of five wards", () => {
    // y = (100, 0, 0, 0, 0), n = 5, mean = 20, fractional ranks R = (i − 0.5)/5 = 0.1, 0.3, …, 0.9.
    // C = 2/(n·mean) · Σ yᵢRᵢ − 1 = 2/100 · (100 × 0.1) − 1 = 0.2 − 1 = −0.8.
    expect(concentrationIndex([100, 0, 0, 0, 0])).toBeCloseTo(-0.8, 12);
    // And +0.8 in the least deprived: 2/100 · (100 × 0.9) − 1 = 0.8.
    expect(concentrationIndex([0, 0, 0, 0, 100])).toBeCloseTo(0.8, 12);
  });

  it("is 0 when every ward gets the same", () => {
    expect(concentrationIndex([250, 250, 250, 250])).toBe(0);
  });

  it("is −0.25 for money falling steadily from the most deprived ward: 4, 3, 2, 1", () => {
    // R = 0.125, 0.375, 0.625, 0.875; Σ yR = 0.5 + 1.125 + 1.25 + 0.875 = 3.75; mean 2.5.
    // C = 2/(4 × 2.5) × 3.75 − 1 = 0.75 − 1 = −0.25.
    expect(concentrationIndex([4, 3, 2, 1])).toBeCloseTo(-0.25, 12);
  });

  it("weights wards by population when given, with per-resident funding", () => {
    // Populations 300 (most deprived) and 100; money £3,000 and £1,000: £10 per resident in both.
    // Weights 0.75, 0.25; R = 0.375, 0.75 + 0.125 = 0.875; mean 10;
    // Σ w·y·R = 0.75×10×0.375 + 0.25×10×0.875 = 2.8125 + 2.1875 = 5; C = 2/10 × 5 − 1 = 0.
    expect(concentrationIndex([10, 10], [300, 100])).toBe(0);
    // Counted per ward instead (each ward the same): R = 0.25, 0.75; C = 2/(2 × 2000) × (750 + 750) − 1 = −0.25.
    expect(concentrationIndex([3000, 1000])).toBeCloseTo(-0.25, 12);
    // Populations 100 and 300, all £1,000 in the most deprived: y = (10, 0), w = (0.25, 0.75), R₁ = 0.125,
    // mean 2.5; C = 2/2.5 × (0.25 × 10 × 0.125) − 1 = 0.8 × 0.3125 − 1 = −0.75.
    expect(concentrationIndex([10, 0], [100, 300])).toBeCloseTo(-0.75, 12);
  });

  it("is undefined when there is no money or no ward", () => {
    expect(concentrationIndex([0, 0, 0])).toBeNull();
    expect(concentrationIndex([])).toBeNull();
    expect(concentrationIndex([5, 5], [0, 0])).toBeNull();
  });
});

describe("the sentence", () => {
  const base = {
    measureName: "Social Progress Index score",
    rankProblem: null,
    rankedPence: 100_00,
    filtered: false,
    awards: 12,
    wardsWithMoney: 6,
  };

  it("says the two fifth shares and what the index means", () => {
    expect(
      needSentence({
        ...base,
        mostDeprivedShare: 0.41,
        leastDeprivedShare: 0.08,
        index: -0.3149,
      }),
    ).toBe(
      "The most deprived fifth of wards received 41% of the funding in wards and the least deprived fifth 8%: money went clearly more to the wards with the greatest need (concentration index −0.31).",
    );
    expect(
      needSentence({
        ...base,
        mostDeprivedShare: 0.2,
        leastDeprivedShare: 0.2,
        index: 0.01,
      }),
    ).toContain("money was spread about evenly, whatever the need (concentration index 0.01)");
    // With a ward or neighbourhood filter, no fifths' shares (they are about the whole place).
    expect(
      needSentence({
        ...base,
        mostDeprivedShare: 0,
        leastDeprivedShare: 0.5,
        index: 0.4,
        filtered: true,
      }),
    ).toBe("Money went clearly more to the wards with the least need (concentration index 0.40).");
  });

  it("says when the shares are of the ranked wards only", () => {
    expect(
      needSentence({
        ...base,
        unranked: true,
        mostDeprivedShare: 0.5,
        leastDeprivedShare: 0,
        index: -0.5,
      }),
    ).toBe(
      "The most deprived fifth of wards received 50% of the funding in ranked wards and the least deprived fifth 0%: money went clearly more to the wards with the greatest need (concentration index −0.50).",
    );
    expect(
      needSentence({
        ...base,
        unranked: true,
        filtered: true,
        mostDeprivedShare: null,
        leastDeprivedShare: null,
        index: null,
        rankedPence: 0,
      }),
    ).toBe("No funding in these ranked wards yet.");
    expect(
      needSentence({
        ...base,
        unranked: true,
        rankedPence: 0,
        mostDeprivedShare: null,
        leastDeprivedShare: null,
        index: null,
      }),
    ).toBe("No funding in ranked wards yet.");
  });

  it("gives the figures without a verdict when there are too few awards or wards with money", () => {
    // Three awards: the shares, then why there is no verdict, even with an index of −0.5.
    expect(
      needSentence({
        ...base,
        awards: 3,
        wardsWithMoney: 4,
        mostDeprivedShare: 0.59,
        leastDeprivedShare: 0,
        index: -0.5,
      }),
    ).toBe(
      "The most deprived fifth of wards received 59% of the funding in wards and the least deprived fifth 0%. Too few awards to say whether money followed need: 3 awards in 4 ranked wards with money, and it takes at least 10 awards in at least 5 wards.",
    );
    // Enough awards, but all in four wards.
    expect(
      needSentence({
        ...base,
        awards: 40,
        wardsWithMoney: 4,
        mostDeprivedShare: 0.5,
        leastDeprivedShare: 0,
        index: -0.5,
      }),
    ).toMatch(/\. Too few awards to say whether money followed need: 40 awards in 4 ranked wards/);
    // Filtered and too few: no shares, no verdict.
    expect(
      needSentence({
        ...base,
        filtered: true,
        awards: 1,
        wardsWithMoney: 1,
        mostDeprivedShare: null,
        leastDeprivedShare: null,
        index: null,
      }),
    ).toBe(
      "Too few awards to say whether money followed need: 1 award in 1 ranked ward with money, and it takes at least 10 awards in at least 5 wards.",
    );
    // The edges: 10 awards in 5 wards is enough.
    expect(
      needSentence({
        ...base,
        awards: 10,
        wardsWithMoney: 5,
        mostDeprivedShare: 0.5,
        leastDeprivedShare: 0,
        index: -0.5,
      }),
    ).toMatch(/: money went clearly more/);
    expect(
      needSentence({
        ...base,
        awards: 9,
        wardsWithMoney: 5,
        mostDeprivedShare: 0.5,
        leastDeprivedShare: 0,
        index: -0.5,
      }),
    ).not.toMatch(/money went/);
  });

  it("says when there is no money, or need cannot be ranked", () => {
    expect(
      needSentence({
        ...base,
        rankedPence: 0,
        mostDeprivedShare: null,
        leastDeprivedShare: null,
        index: null,
      }),
    ).toBe("No funding in wards yet.");
    expect(
      needSentence({
        ...base,
        rankProblem: "X cannot rank need.",
        mostDeprivedShare: null,
        leastDeprivedShare: null,
        index: null,
      }),
    ).toBe("X cannot rank need.");
    expect(
      needSentence({
        ...base,
        mostDeprivedShare: null,
        leastDeprivedShare: null,
        index: -0.1,
      }),
    ).toBe("Money went somewhat more to the wards with greater need (concentration index −0.10).");
  });

  it("uses plain thresholds", () => {
    expect(indexMeaning(-0.049)).toMatch(/about evenly/);
    expect(indexMeaning(-0.05)).toMatch(/somewhat more to the wards with greater need/);
    expect(indexMeaning(-0.2)).toMatch(/clearly more to the wards with the greatest need/);
    expect(indexMeaning(0.1)).toMatch(/somewhat more to the wards with less need/);
    expect(indexMeaning(0.25)).toMatch(/clearly more to the wards with the least need/);
    expect(formatIndex(-0.001)).toBe("0.00");
    expect(percent(0.004)).toBe("less than 1%");
    expect(percent(0)).toBe("0%");
  });
});

describe("the bar chart's labels", () => {
  const LUTON = ["Barnfield", "Biscot", "Bramingham", "Round Green", "Sundon Park", "High Town", "Stopsley", "Wigmore", "Lewsey"];

  it("makes room for the longest name, so a name drawn right-aligned never starts left of the picture", () => {
    for (const labels of [
      LUTON,
      ["Round Green"],
      ["Bramingham"],
      ["Houghton Regis Parkside and Tithe Farm North", "Biscot"],
      ["MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM"],
    ]) {
      const end = labelEnd(labels);
      for (const label of labels) expect(end - textWidth(shownLabel(label))).toBeGreaterThanOrEqual(0);
    }
    // The longest Luton name starts at or right of x = 0 (it was cut to "ound Green" when the room was 7 units a letter).
    const longest = LUTON.reduce((a, b) => (textWidth(a) >= textWidth(b) ? a : b));
    expect(longest).toBe("Round Green");
    expect(labelEnd(LUTON) - textWidth("Round Green")).toBeGreaterThanOrEqual(0);
  });

  it("estimates widths generously: wider than Arial draws them at 14px", () => {
    // Arial at 14px: "Round Green" about 84 units, "Bramingham" about 79.
    expect(textWidth("Round Green")).toBeGreaterThan(90);
    expect(textWidth("Bramingham")).toBeGreaterThan(88);
  });

  it("keeps the room within limits and shortens a name too long for it", () => {
    expect(labelWidth(["Biscot", "Dallow"])).toBe(64); // the minimum
    expect(labelWidth(["Houghton Regis Parkside and Tithe Farm North"])).toBeLessThanOrEqual(LABEL_MAX);
    expect(labelWidth(["Houghton Regis Parkside and Tithe Farm North"])).toBeGreaterThan(LABEL_MAX - 20);
    const cut = shownLabel("Houghton Regis Parkside and Tithe Farm North");
    expect(cut).toMatch(/^Houghton Regis Park.*…$/);
    expect(textWidth(cut)).toBeLessThanOrEqual(LABEL_MAX);
    expect(shownLabel("Lewsey")).toBe("Lewsey");
  });
});

describe("the bar chart's description", () => {
  it("names the wards that got most and least", () => {
    const groups = [
      { heading: "Most deprived fifth", bars: [{ label: "Biscot", valuePence: 4500_00 }, { label: "Dallow", valuePence: 1500_00 }] },
      { heading: "Least deprived fifth", bars: [{ label: "Farley", valuePence: 7500_00 }, { label: "Northwell", valuePence: 0 }] },
    ];
    expect(describeBars(groups)).toBe("Farley received the most (£7,500); Northwell received nothing.");
    expect(describeBars([{ heading: null, bars: [{ label: "A", valuePence: 0 }] }])).toBe("No ward has any money awarded yet.");
  });
});
