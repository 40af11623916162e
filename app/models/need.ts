// The arithmetic of "did the money follow need?", kept apart from the database so that it can be
// checked by hand (test/unit/need.test.ts) and read by the page:
// - wards are ranked from most to least deprived by one measure, using its polarity;
// - the ranked wards are split into five groups by count ("fifths"): as evenly as possible, the
//   earlier (more deprived) fifths taking one extra ward each when the count does not divide by 5;
// - the concentration index of funding against need, with fractional ranks from the most
//   deprived ward: negative when money goes more to the more deprived wards.

export type Polarity = "higher_is_better" | "lower_is_better" | "no_judgement";

/** How many wards go in each fifth: 20 → 4, 4, 4, 4, 4; 22 → 5, 5, 4, 4, 4; 3 → 1, 1, 1, 0, 0. */
export function fifthSizes(count: number): number[] {
  const base = Math.floor(count / 5);
  const extra = count % 5;
  return [0, 1, 2, 3, 4].map((i) => base + (i < extra ? 1 : 0));
}

/** The fifth (1 = most deprived, 5 = least) of each ward by its place in the ranking (0 = most deprived). */
export function fifthsOf(count: number): number[] {
  return fifthSizes(count).flatMap((size, i) => Array<number>(size).fill(i + 1));
}

/**
 * Wards ordered from most to least deprived by their value: for a measure where higher is better,
 * the lowest value is the most deprived; where lower is better, the highest. Ties are put in name
 * order (so tied wards can fall either side of a fifth's edge: `tiesAcrossFifths` names them).
 * Null for a measure that makes no judgement (it cannot say which end is deprived).
 */
export function rankByNeed<T extends { name: string; value: number }>(wards: T[], polarity: Polarity): T[] | null {
  if (polarity === "no_judgement") return null;
  const sign = polarity === "higher_is_better" ? 1 : -1;
  return [...wards].sort((a, b) => sign * (a.value - b.value) || a.name.localeCompare(b.name));
}

/**
 * Wards with the same value that the name order puts in different fifths, one list per value:
 * `ranked` most deprived first, `fifths` their fifths (from `fifthsOf`).
 */
export function tiesAcrossFifths(ranked: { name: string; value: number }[], fifths: number[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ranked.length; ) {
    let j = i + 1;
    while (j < ranked.length && ranked[j]!.value === ranked[i]!.value) j++;
    if (new Set(fifths.slice(i, j)).size > 1) out.push(ranked.slice(i, j).map((w) => w.name));
    i = j;
  }
  return out;
}

/**
 * The concentration index of y against need. `ys` are in ranked order, most deprived first;
 * `weights` (population) are optional: without them each ward counts the same.
 * Each ward's fractional rank R is the share of the weight ranked before it plus half its own:
 * (i − 0.5)/n with equal weights. C = 2·cov(y, R)/mean(y) = (2/mean) Σ wᵢ·yᵢ·Rᵢ − 1, from −1 to 1.
 * Null when there is nothing to spread (the weighted total of y is 0) or no ward.
 */
export function concentrationIndex(ys: number[], weights?: number[]): number | null {
  const n = ys.length;
  if (!n) return null;
  const raw = weights ?? ys.map(() => 1);
  const totalWeight = raw.reduce((sum, w) => sum + w, 0);
  if (!(totalWeight > 0)) return null;
  const w = raw.map((x) => x / totalWeight);
  const mean = ys.reduce((sum, y, i) => sum + w[i]! * y, 0);
  if (!(mean > 0)) return null;
  let before = 0;
  let sum = 0;
  ys.forEach((y, i) => {
    const rank = before + w[i]! / 2;
    sum += w[i]! * y * rank;
    before += w[i]!;
  });
  const c = (2 / mean) * sum - 1;
  // Rounding noise of an even spread (e.g. 1e-17) shows as 0.
  return Math.abs(c) < 1e-12 ? 0 : c;
}

/**
 * Amounts in fractions of a penny (a ward's share of an award) rounded to whole pence so that
 * they still add up to the rounded total: the largest remainders take the spare pennies.
 * Half a penny each in two wards (of a whole award) gives one of them the penny, not both.
 */
export function roundToTotal(values: number[]): number[] {
  const floors = values.map((v) => Math.floor(v + 1e-9));
  let spare = Math.round(values.reduce((sum, v) => sum + v, 0)) - floors.reduce((sum, v) => sum + v, 0);
  const order = values.map((v, i) => [v - floors[i]!, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const out = [...floors];
  for (const [, i] of order) {
    if (spare <= 0) break;
    out[i]! += 1;
    spare -= 1;
  }
  return out;
}

/** A measure's column heading: its name, and its unit in brackets unless that is just "score". */
export function measureHeading(m: { name: string; unit: string }): string {
  return m.unit && m.unit !== "score" ? `${m.name} (${m.unit})` : m.name;
}

/** A share as people read it: "41%", "less than 1%" for a little more than none. */
export function percent(share: number): string {
  if (share > 0 && share < 0.005) return "less than 1%";
  return `${Math.round(share * 100)}%`;
}

/** The index to two decimal places, with a true minus sign: "−0.31", "0.00". */
export function formatIndex(c: number): string {
  const text = Math.abs(c).toFixed(2);
  return c < 0 && text !== "0.00" ? `−${text}` : text;
}

/** What the index says, in words. |C| below 0.05 is "about even"; from 0.2 "clearly". */
export function indexMeaning(c: number): string {
  if (Math.abs(c) < 0.05) return "money was spread about evenly, whatever the need";
  if (c <= -0.2) return "money went clearly more to the wards with the greatest need";
  if (c < 0) return "money went somewhat more to the wards with greater need";
  if (c >= 0.2) return "money went clearly more to the wards with the least need";
  return "money went somewhat more to the wards with less need";
}

/**
 * The least data for a verdict: with fewer funded awards in view, or fewer ranked wards with money,
 * one or two awards decide the index, so the page gives the figures and says it is too few.
 */
export const MIN_AWARDS_FOR_VERDICT = 10;
export const MIN_WARDS_FOR_VERDICT = 5;

export const TOO_FEW = "Too few awards to say whether money followed need";

export type NeedSentenceInput = {
  measureName: string;
  /** Why need cannot be ranked, if it cannot (a measure with no judgement, no ward values). */
  rankProblem: string | null;
  /** Money in the ranked wards of the view (those with a value), in pence: the base of the shares. */
  rankedPence: number;
  /** Some wards of the view have no value, so are not ranked and not in the shares. */
  unranked?: boolean;
  /** The fifths' shares: null with a ward or neighbourhood filter (they are about the whole place). */
  mostDeprivedShare: number | null;
  leastDeprivedShare: number | null;
  index: number | null;
  /** With a ward or neighbourhood filter: the wards shown, not all the place's wards. */
  filtered: boolean;
  /** Funded awards with money in the wards shown. */
  awards: number;
  /** Ranked wards shown that have some money. */
  wardsWithMoney: number;
};

/** Whether there is enough to say what the index means (see MIN_AWARDS_FOR_VERDICT). */
export const enoughForVerdict = (awards: number, wardsWithMoney: number) =>
  awards >= MIN_AWARDS_FOR_VERDICT && wardsWithMoney >= MIN_WARDS_FOR_VERDICT;

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One sentence (two when there is too little to judge) that says what the numbers mean. */
export function needSentence(d: NeedSentenceInput): string {
  if (d.rankProblem) return d.rankProblem;
  // With wards that have no value (not ranked), the shares are of the money in the ranked ones.
  const ranked = d.unranked ? "ranked " : "";
  if (!(d.rankedPence > 0)) return d.filtered ? `No funding in these ${ranked}wards yet.` : `No funding in ${ranked}wards yet.`;
  const of = d.filtered ? `of the funding in the ${ranked}wards shown` : `of the funding in ${ranked}wards`;
  const shares =
    !d.filtered && d.mostDeprivedShare !== null && d.leastDeprivedShare !== null
      ? `The most deprived fifth of wards received ${percent(d.mostDeprivedShare)} ${of} and the least deprived fifth ${percent(
          d.leastDeprivedShare,
        )}`
      : null;
  if (!enoughForVerdict(d.awards, d.wardsWithMoney)) {
    const why = `${TOO_FEW}: ${count(d.awards, "award", "awards")} in ${count(
      d.wardsWithMoney,
      "ranked ward",
      "ranked wards",
    )} with money, and it takes at least ${MIN_AWARDS_FOR_VERDICT} awards in at least ${MIN_WARDS_FOR_VERDICT} wards.`;
    return shares ? `${shares}. ${why}` : why;
  }
  if (d.index !== null) {
    const meaning = indexMeaning(d.index);
    const tail = `${meaning} (concentration index ${formatIndex(d.index)})`;
    return shares ? `${shares}: ${tail}.` : `${tail[0]!.toUpperCase()}${tail.slice(1)}.`;
  }
  return shares ? `${shares}.` : "There are too few wards with a value to say whether the money followed need.";
}
