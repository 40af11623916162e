// The ONE rule for "the latest value" of an indicator in an area, used by the indicators list,
// the roll-up by principle and the ward need and population figures. Plain functions over rows
// already read (no database), so the browser may import them too.
//
// - The headline figure is for one sex (Persons; an indicator published only by sex is read once
//   per sex by the caller) and no category. In each period the "All ages" value is used; a
//   period without one uses its only age (e.g. "18+ yrs"); a period with several age bands and
//   no "All ages" has no headline figure (adding bands up, or taking one, would be wrong).
// - The latest value is the one of the most recent DATED period (period_sortable) that HAS a
//   value: a missing value is missing, never zero, and is skipped. An undated value is used
//   only when there is no dated one (it cannot be placed in time).
// - When a newer dated period than the one used has its value missing, it is carried as
//   `newerMissing`, so a page can say "2023: no value (note)" beside the older figure.

export type ValueCandidate = {
  sex: string;
  age: string;
  /** Rows read with "no category" already in the query may leave these out. */
  categoryType?: string;
  category?: string;
  period: string;
  periodSortable: number | null;
  value: number | null;
  /** The stored row's id: the first stored wins a tie between otherwise equal rows. */
  id?: number;
};

export const ALL_AGES = "All ages";

/** Periods in order: undated ones first (no place in time), then dated by period_sortable, then label. */
export function periodOrder(a: Pick<ValueCandidate, "period" | "periodSortable">, b: Pick<ValueCandidate, "period" | "periodSortable">): number {
  if (a.periodSortable !== b.periodSortable) {
    if (a.periodSortable === null) return -1;
    if (b.periodSortable === null) return 1;
    return a.periodSortable - b.periodSortable;
  }
  return a.period.localeCompare(b.period);
}

/**
 * The rows that make the headline series of one area (rows of one indicator and one area): one
 * per period, for `sex`, no category, "All ages" else the period's only age. In period order.
 */
export function headlineRows<T extends ValueCandidate>(rows: readonly T[], sex = "Persons"): T[] {
  const byPeriod = new Map<string, T[]>();
  for (const r of rows) {
    if (r.sex !== sex || (r.categoryType ?? "") !== "" || (r.category ?? "") !== "") continue;
    const list = byPeriod.get(r.period);
    if (list) list.push(r);
    else byPeriod.set(r.period, [r]);
  }
  const picked: T[] = [];
  for (const list of byPeriod.values()) {
    const all = list.filter((r) => r.age === ALL_AGES);
    const ages = new Set(list.map((r) => r.age));
    const pool = all.length ? all : ages.size === 1 ? list : [];
    const first = [...pool].sort((x, y) => (x.id ?? 0) - (y.id ?? 0))[0];
    if (first) picked.push(first);
  }
  return picked.sort(periodOrder);
}

export type LatestPick<T> = {
  /** The latest row with a value, or null when no period has one. */
  row: T | null;
  /** The newest dated row whose value is missing, when it is newer than `row` (or there is no `row`). */
  newerMissing: T | null;
};

/**
 * The latest of a series (one row per period, e.g. from `headlineRows`): the most recent dated
 * period with a value, else an undated one with a value; and a newer period whose value is missing.
 * Null when there are no rows at all.
 */
export function pickLatest<T extends ValueCandidate>(series: readonly T[]): LatestPick<T> | null {
  if (!series.length) return null;
  const sorted = [...series].sort(periodOrder);
  const withValue = sorted.filter((r) => r.value !== null);
  const dated = withValue.filter((r) => r.periodSortable !== null);
  const row = (dated.length ? dated : withValue).at(-1) ?? null;
  const missing = sorted.filter((r) => r.value === null);
  const newestMissing = missing.filter((r) => r.periodSortable !== null).at(-1) ?? (row ? null : (missing.at(-1) ?? null));
  const newer =
    newestMissing && (!row || row.periodSortable === null || (newestMissing.periodSortable !== null && periodOrder(newestMissing, row) > 0)) ? newestMissing : null;
  return { row, newerMissing: newer };
}

/** The headline latest value of one area's rows of one indicator, for one sex (see the header). */
export function latestHeadline<T extends ValueCandidate>(rows: readonly T[], sex = "Persons"): LatestPick<T> | null {
  return pickLatest(headlineRows(rows, sex));
}

/** The sexes an indicator's headline is shown for: Persons when there is any Persons row, else each sex published. */
export function headlineSexes(rows: readonly Pick<ValueCandidate, "sex">[]): string[] {
  const sexes = [...new Set(rows.map((r) => r.sex))];
  return sexes.length === 0 || sexes.includes("Persons") ? ["Persons"] : sexes.sort();
}
