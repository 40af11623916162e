import { describe, expect, it } from "vitest";
import { commentRequired, disagrees, formatScore, summarise, weightedTotal } from "~/models/scores";

const criteria = [
  { id: 1, weight: 3, scaleMin: 0, scaleMax: 4 },
  { id: 2, weight: 1, scaleMin: 1, scaleMax: 5 },
];

describe("weightedTotal", () => {
  it("places each score on its own scale, then weights it, out of 100", () => {
    // (3 × 2/4 + 1 × 4/4) / 4 × 100 = (1.5 + 1) / 4 × 100 = 62.5
    expect(weightedTotal(criteria, new Map([[1, 2], [2, 5]]))).toBeCloseTo(62.5, 10);
    expect(weightedTotal(criteria, new Map([[1, 0], [2, 1]]))).toBe(0);
    expect(weightedTotal(criteria, new Map([[1, 4], [2, 5]]))).toBe(100);
  });

  it("is null while any criterion is unscored, or when there are no criteria", () => {
    expect(weightedTotal(criteria, new Map([[1, 2]]))).toBeNull();
    expect(weightedTotal(criteria, new Map([[1, 2], [2, null]]))).toBeNull();
    expect(weightedTotal([], new Map())).toBeNull();
  });
});

describe("summarise and disagrees", () => {
  it("gives the mean and the spread between the highest and the lowest", () => {
    expect(summarise([50, 80, 65])).toEqual({ n: 3, mean: 65, spread: 30, min: 50, max: 80 });
    expect(summarise([])).toEqual({ n: 0, mean: null, spread: null, min: null, max: null });
  });

  it("flags disagreement only beyond the threshold and with two scorers or more", () => {
    expect(disagrees(summarise([50, 80]), 20)).toBe(true);
    expect(disagrees(summarise([50, 70]), 20)).toBe(false);
    expect(disagrees(summarise([10]), 5)).toBe(false);
  });
});

describe("formatScore and commentRequired", () => {
  it("rounds to one decimal place", () => {
    expect(formatScore(62.46)).toBe("62.5");
    expect(formatScore(100)).toBe("100.0");
    expect(formatScore(null)).toBe("");
  });

  it("asks for a comment at either end of the scale only", () => {
    const c = { scaleMin: 0, scaleMax: 4 };
    expect([0, 1, 2, 3, 4].map((s) => commentRequired(c, s))).toEqual([true, false, false, false, true]);
    expect(commentRequired(c, null)).toBe(false);
  });
});
