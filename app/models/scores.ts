// The arithmetic of panel scores, in one place and free of the database, so that the scoring
// page, the moderation matrix and the CSV export agree to the decimal.
//
// A weighted total is on a 0–100 scale whatever the criteria's scales are: each score is first
// placed on its own scale (0 at the bottom, 1 at the top), then weighted. So a criterion scored
// 3 on 0–4 with weight 2 counts twice as much as one scored 3 on 0–4 with weight 1, and a 1–5
// scale and a 0–4 scale can sit side by side.

export type ScoredCriterion = { id: number; weight: number; scaleMin: number; scaleMax: number };

/** The weighted total (0–100) of one scorecard, or null while any criterion is unscored. */
export function weightedTotal(criteria: readonly ScoredCriterion[], scores: ReadonlyMap<number, number | null>): number | null {
  if (criteria.length === 0) return null;
  let weighted = 0;
  let weights = 0;
  for (const criterion of criteria) {
    const score = scores.get(criterion.id);
    if (score === null || score === undefined) return null;
    const placed = (score - criterion.scaleMin) / (criterion.scaleMax - criterion.scaleMin);
    weighted += criterion.weight * placed;
    weights += criterion.weight;
  }
  return (weighted / weights) * 100;
}

export type Summary = { n: number; mean: number | null; spread: number | null; min: number | null; max: number | null };

/** Mean and spread (highest minus lowest) of the submitted totals for one application. */
export function summarise(totals: readonly number[]): Summary {
  if (totals.length === 0) return { n: 0, mean: null, spread: null, min: null, max: null };
  const min = Math.min(...totals);
  const max = Math.max(...totals);
  const mean = totals.reduce((sum, t) => sum + t, 0) / totals.length;
  return { n: totals.length, mean, spread: max - min, min, max };
}

/** Scorers disagree when at least two have scored and their totals are further apart than the threshold. */
export const disagrees = (summary: Summary, threshold: number) => summary.n >= 2 && (summary.spread ?? 0) > threshold;

/** One decimal place, as the panel reads them ("72.5"). */
export const formatScore = (value: number | null) => (value === null ? "" : (Math.round(value * 10) / 10).toFixed(1));

/**
 * A comment is required at the ends of the scale: a panel member who gives the lowest or the
 * highest score must say why, so the score can be defended afterwards.
 */
export const commentRequired = (criterion: Pick<ScoredCriterion, "scaleMin" | "scaleMax">, score: number | null) =>
  score !== null && (score === criterion.scaleMin || score === criterion.scaleMax);
