// Did the money follow need? Funding by ward beside each ward's need, read from the one shared
// reading of the awards (`fundedAwards`, whose header states the counting rules: live awards,
// latest accepted return, a project shared between wards by the people it reached in each, else
// equally between the wards it named). On top of that, this module:
// - adds up each ward's share of the money awarded and paid, its projects and people reached;
// - keeps money not tied to any ward (projects that named none) apart, out of the ward shares;
// - ranks all the place's wards from most to least deprived by one measure of need (the first
//   context measure that can rank, the Social Progress Index in Luton, unless staff choose
//   another), splits them into fifths by count (ties in name order) and works out the share of the
//   money in each end fifth and the concentration index (see ./need.ts for the arithmetic), both
//   of the money in the RANKED wards shown; money in wards with no value is shown on its own, like
//   money not tied to a ward;
// - with a ward or neighbourhood filter, shows only those wards: their fifths are still of all the
//   place's wards, and the index compares the wards shown with each other; the end fifths' shares
//   are left out (they are about the whole place);
// - with too little data (see MIN_AWARDS_FOR_VERDICT in ./need.ts) the sentence gives the figures
//   and says there are too few awards to judge, instead of saying what the index means.
// Everything is read in bulk: one pass over the awards, one read of the ward values.
import { asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { toCsv } from "~/utils/csv";
import { db, schema, type DbOrTx } from "~/utils/db.server";
import { fundedAwards, wardsInFilter, type ImpactFilters } from "./impact.server";
import {
  concentrationIndex,
  enoughForVerdict,
  fifthsOf,
  measureHeading,
  needSentence,
  rankByNeed,
  roundToTotal,
  tiesAcrossFifths,
  type Polarity,
} from "./need";
import { latestWardValues } from "./place.server";

export type NeedMeasure = {
  id: number;
  name: string;
  unit: string;
  polarity: Polarity;
  kind: string;
  source: string | null;
};

export type WardRow = {
  id: number;
  name: string;
  code: string | null;
  neighbourhood: string | null;
  /** Latest value of each need column (by indicator id); null where there is none. */
  need: Record<number, number | null>;
  /** The chosen measure's value. */
  needValue: number | null;
  /** 1 = most deprived of all the place's wards with a value; null when not ranked. */
  rank: number | null;
  /** 1 = most deprived fifth … 5 = least deprived fifth; null when not ranked or too few wards. */
  fifth: number | null;
  projects: number;
  /** Of those, awards in demo rounds (only there when demo rounds are included or chosen). */
  demoProjects: number;
  awardedPence: number;
  paidPence: number;
  peopleReached: number;
  population: number | null;
  /** Awarded ÷ population, in pence; null where the population is not known. */
  perResidentPence: number | null;
};

export type WardFunding = {
  measures: NeedMeasure[];
  needColumns: NeedMeasure[];
  measure: NeedMeasure | null;
  /** True when staff chose the measure (a valid `need`), so links keep it. */
  measureChosen: boolean;
  /** Why the page shows the default measure instead of the one asked for. */
  measureNote: string | null;
  population: { id: number; name: string } | null;
  filtered: boolean;
  /** Wards in the view, most deprived first, then wards with no value by name. */
  wards: WardRow[];
  /** Wards in the view with no value for the measure: left out of the ranking, the shares and the index. */
  unranked: string[];
  /** The money awarded in those wards (whole pence), shown on its own. */
  unrankedPence: number;
  /** Tied wards (same value) that the name order puts in different fifths, among all the place's wards. */
  tiesAcrossFifths: string[][];
  /** Awards in demo rounds in the view (they are there only when asked for or their round is chosen). */
  demoAwards: number;
  rankedCount: number;
  fifthSizes: number[] | null;
  rankProblem: string | null;
  totals: { projects: number; awardedPence: number; paidPence: number; peopleReached: number; population: number | null };
  notInWard: { projects: number; demoProjects: number; awardedPence: number; paidPence: number };
  inWardsPence: number;
  /** Money in the ranked wards shown (whole pence): the base of the fifths' shares and the index. */
  rankedPence: number;
  /** Null with a ward or neighbourhood filter: the fifths' shares are about the whole place. */
  mostDeprivedShare: number | null;
  leastDeprivedShare: number | null;
  /** Funded awards with money in the wards shown, and ranked wards shown with money. */
  awardsInView: number;
  wardsWithMoney: number;
  /** Enough awards and wards to say what the index means. */
  verdict: boolean;
  concentration: {
    index: number | null;
    weighting: "population" | "equal";
    wards: number;
    /** Why there is no index, in words. */
    problem: string | null;
    /** Ranked wards in the view with no population figure (why the index is not by population). */
    missingPopulation: string[];
  };
  sentence: string;
};

const idParam = z.coerce.number().int().positive().max(2 ** 31);

/** The measure of need in a query string: an id, "unknown" for anything else given, or undefined. */
export function readNeed(params: URLSearchParams): number | "unknown" | undefined {
  const raw = params.get("need");
  if (!raw) return undefined;
  const parsed = idParam.safeParse(raw);
  return parsed.success ? parsed.data : "unknown";
}

/** The indicators a ward can be ranked by (any with ward values, not population), and the population one. */
export function needMeasures(tx: DbOrTx = db) {
  const indicators = tx
    .select({
      id: schema.indicators.id,
      name: schema.indicators.name,
      unit: schema.indicators.unit,
      polarity: schema.indicators.polarity,
      kind: schema.indicators.kind,
      source: schema.indicators.source,
      isPopulation: schema.indicators.isPopulation,
    })
    .from(schema.indicators)
    .where(isNull(schema.indicators.archivedAt))
    .orderBy(asc(schema.indicators.sortOrder), asc(schema.indicators.name))
    .all();
  const latest = latestWardValues(tx);
  const hasValues = (id: number) => [...(latest.get(id)?.values() ?? [])].some((v) => v.value !== null);
  const populationRow = indicators.find((i) => i.isPopulation) ?? null;
  const measures: NeedMeasure[] = indicators
    .filter((i) => !i.isPopulation && hasValues(i.id))
    .map(({ isPopulation: _, ...m }) => m)
    // Context measures of need first (Social Progress Index, income), then the Marmot indicators.
    .sort((a, b) => Number(b.kind === "context") - Number(a.kind === "context"));
  const fallback = measures.find((m) => m.kind === "context" && m.polarity !== "no_judgement") ?? measures.find((m) => m.polarity !== "no_judgement") ?? measures[0] ?? null;
  return {
    measures,
    defaultMeasure: fallback,
    population: populationRow ? { id: populationRow.id, name: populationRow.name } : null,
    latest,
  };
}

/** Money, projects and people per ward in the filters, beside need ranked by one measure. */
export function wardFunding(filters: ImpactFilters = {}, needIndicatorId?: number | "unknown", tx: DbOrTx = db): WardFunding {
  const { measures, defaultMeasure, population, latest } = needMeasures(tx);
  const asked = needIndicatorId === undefined ? null : (measures.find((m) => m.id === needIndicatorId) ?? null);
  const measure = asked ?? defaultMeasure;
  const measureNote =
    needIndicatorId !== undefined && !asked
      ? measure
        ? `There is no measure of need with ward values by that choice, so this page shows ${measure.name}.`
        : "There is no measure of need with ward values by that choice."
      : null;
  const needColumns = measures.filter((m) => m.kind === "context");
  if (measure && !needColumns.some((m) => m.id === measure.id)) needColumns.push(measure);

  const allWards = tx
    .select({ id: schema.areas.id, name: schema.areas.name, code: schema.areas.code, parentId: schema.areas.parentId })
    .from(schema.areas)
    .where(eq(schema.areas.kind, "ward"))
    .orderBy(asc(schema.areas.name))
    .all();
  const neighbourhoods = new Map(
    tx
      .select({ id: schema.areas.id, name: schema.areas.name })
      .from(schema.areas)
      .where(eq(schema.areas.kind, "neighbourhood"))
      .all()
      .map((n) => [n.id, n.name]),
  );
  const inFilter = wardsInFilter(filters, tx);
  const filtered = inFilter !== null;

  // One pass over the awards: each ward's share of the money, projects and people reached.
  type Sums = { projects: number; demo: number; awarded: number; paid: number; reached: number };
  const sums = new Map<number, Sums>(allWards.map((w) => [w.id, { projects: 0, demo: 0, awarded: 0, paid: 0, reached: 0 }]));
  const notInWard = { projects: 0, demo: 0, awarded: 0, paid: 0 };
  const projectsShown = new Set<number>();
  let demoAwards = 0;
  for (const award of fundedAwards(filters, tx)) {
    if (award.isDemo) demoAwards++;
    let inWards = 0;
    for (const [key, share] of Object.entries(award.wardShares)) {
      const s = sums.get(Number(key));
      if (!s || !(share > 0)) continue;
      inWards += share;
      s.projects += 1;
      if (award.isDemo) s.demo += 1;
      s.awarded += award.amountPence * share;
      s.paid += award.paidPence * share;
      if (!inFilter || inFilter.has(Number(key))) projectsShown.add(award.awardId);
    }
    for (const [key, people] of Object.entries(award.reachByWard)) {
      const s = sums.get(Number(key));
      if (s) s.reached += people;
    }
    const outside = 1 - inWards;
    if (!filtered && outside > 1e-9) {
      notInWard.awarded += award.amountPence * outside;
      notInWard.paid += award.paidPence * outside;
      if (inWards === 0) {
        notInWard.projects += 1;
        if (award.isDemo) notInWard.demo += 1;
      }
    }
  }

  // Need: every ward of the place with a value is ranked, whatever the filter.
  const values = measure ? latest.get(measure.id) : undefined;
  const valueOf = (wardId: number) => values?.get(wardId)?.value ?? null;
  const withValue = allWards.flatMap((w) => {
    const value = valueOf(w.id);
    return value === null ? [] : [{ id: w.id, name: w.name, value }];
  });
  let rankProblem: string | null = null;
  if (!measure) rankProblem = "No measure of need has ward values yet, so need cannot be ranked. Import ward data on the indicators pages.";
  else if (measure.polarity === "no_judgement")
    rankProblem = `${measure.name} cannot rank need: it does not say whether a higher value is better or worse. Choose another measure of need.`;
  else if (!withValue.length) rankProblem = `No ward has a value for ${measure.name}, so need cannot be ranked.`;
  const ranked = rankProblem || !measure ? null : rankByNeed(withValue, measure.polarity);
  const rankOf = new Map((ranked ?? []).map((w, i) => [w.id, i + 1]));
  const useFifths = (ranked?.length ?? 0) >= 5;
  const fifths = useFifths ? fifthsOf(ranked!.length) : [];

  const populationValues = population ? latest.get(population.id) : undefined;
  const populationOf = (wardId: number) => {
    const p = populationValues?.get(wardId)?.value ?? null;
    return p !== null && p > 0 ? p : null;
  };

  const shown = allWards.filter((w) => !inFilter || inFilter.has(w.id));
  // Whole pence that add up to the (rounded) total of the wards shown.
  const awardedRounded = roundToTotal(shown.map((w) => sums.get(w.id)!.awarded));
  const paidRounded = roundToTotal(shown.map((w) => sums.get(w.id)!.paid));
  const rows: WardRow[] = shown
    .map((w, i) => {
      const s = sums.get(w.id)!;
      const rank = rankOf.get(w.id) ?? null;
      const pop = populationOf(w.id);
      return {
        id: w.id,
        name: w.name,
        code: w.code,
        neighbourhood: w.parentId ? (neighbourhoods.get(w.parentId) ?? null) : null,
        need: Object.fromEntries(needColumns.map((m) => [m.id, latest.get(m.id)?.get(w.id)?.value ?? null])),
        needValue: valueOf(w.id),
        rank,
        fifth: rank !== null && useFifths ? fifths[rank - 1]! : null,
        projects: s.projects,
        demoProjects: s.demo,
        awardedPence: awardedRounded[i]!,
        paidPence: paidRounded[i]!,
        peopleReached: s.reached,
        population: pop,
        perResidentPence: pop ? s.awarded / pop : null,
      };
    })
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name));

  const exact = (id: number) => sums.get(id)!.awarded;
  const inWardsPence = rows.reduce((sum, r) => sum + exact(r.id), 0);
  // The shares and the index are of the money in the ranked wards shown (the same base for both);
  // money in wards with no value is shown on its own.
  const rankedRows = rows.filter((r) => r.rank !== null);
  const rankedPence = rankedRows.reduce((sum, r) => sum + exact(r.id), 0);
  const unrankedRows = rankProblem ? [] : rows.filter((r) => r.rank === null);
  const fifthShare = (fifth: number) =>
    useFifths && rankedPence > 0 ? rankedRows.filter((r) => r.fifth === fifth).reduce((sum, r) => sum + exact(r.id), 0) / rankedPence : null;

  // The index: the ranked wards in the view, most deprived first.
  const missingPopulation = rankedRows.filter((r) => r.population === null).map((r) => r.name);
  const byPopulation = rankedRows.length > 0 && missingPopulation.length === 0;
  let index: number | null = null;
  let problem: string | null = null;
  if (rankProblem) problem = rankProblem;
  else if (rankedRows.length < 2) problem = "The index needs at least two wards with a value to compare.";
  else {
    index = byPopulation
      ? concentrationIndex(
          rankedRows.map((r) => exact(r.id) / r.population!),
          rankedRows.map((r) => r.population!),
        )
      : concentrationIndex(rankedRows.map((r) => exact(r.id)));
    if (index === null) problem = filtered ? "No funding in these wards yet." : "No funding in wards yet.";
  }

  // The end fifths are fifths of all the place's wards: their shares only mean something for the whole place.
  const mostDeprivedShare = filtered ? null : fifthShare(1);
  const leastDeprivedShare = filtered ? null : fifthShare(5);
  const awardsInView = projectsShown.size;
  const wardsWithMoney = rankedRows.filter((r) => exact(r.id) > 0).length;
  const populations = rows.map((r) => r.population);
  return {
    measures,
    needColumns,
    measure,
    measureChosen: Boolean(asked),
    measureNote,
    population,
    filtered,
    wards: rows,
    unranked: unrankedRows.map((r) => r.name),
    unrankedPence: unrankedRows.reduce((sum, r) => sum + r.awardedPence, 0),
    tiesAcrossFifths: useFifths ? tiesAcrossFifths(ranked!, fifths) : [],
    demoAwards,
    rankedCount: ranked?.length ?? 0,
    fifthSizes: useFifths ? [1, 2, 3, 4, 5].map((f) => fifths.filter((x) => x === f).length) : null,
    rankProblem,
    totals: {
      projects: projectsShown.size,
      awardedPence: rows.reduce((sum, r) => sum + r.awardedPence, 0),
      paidPence: rows.reduce((sum, r) => sum + r.paidPence, 0),
      peopleReached: rows.reduce((sum, r) => sum + r.peopleReached, 0),
      population: populations.some((p) => p !== null) ? populations.reduce<number>((sum, p) => sum + (p ?? 0), 0) : null,
    },
    notInWard: {
      projects: notInWard.projects,
      demoProjects: notInWard.demo,
      awardedPence: Math.round(notInWard.awarded),
      paidPence: Math.round(notInWard.paid),
    },
    inWardsPence: Math.round(inWardsPence),
    rankedPence: rankedRows.reduce((sum, r) => sum + r.awardedPence, 0),
    mostDeprivedShare,
    leastDeprivedShare,
    awardsInView,
    wardsWithMoney,
    verdict: enoughForVerdict(awardsInView, wardsWithMoney),
    concentration: {
      index,
      weighting: byPopulation ? "population" : "equal",
      wards: rankedRows.length,
      problem,
      missingPopulation,
    },
    sentence: needSentence({
      measureName: measure?.name ?? "",
      rankProblem,
      rankedPence,
      unranked: unrankedRows.length > 0,
      mostDeprivedShare,
      leastDeprivedShare,
      index,
      filtered,
      awards: awardsInView,
      wardsWithMoney,
    }),
  };
}

const pounds = (pence: number) => Number((pence / 100).toFixed(2));

/** The ward table as a CSV file: one row per ward in the view, then money not tied to a ward. */
export function wardFundingCsv(d: WardFunding): string {
  const header = [
    "Ward",
    "Ward code",
    "Neighbourhood",
    ...d.needColumns.map(measureHeading),
    `Need rank by ${d.measure?.name ?? "no measure"} (1 = most deprived)`,
    "Need group (1 = most deprived fifth, 5 = least deprived fifth)",
    "Projects",
    "Awards in demo rounds",
    "Awarded (£)",
    "Paid (£)",
    "Population",
    "Awarded per resident (£)",
    "People reached",
  ];
  const rows = d.wards.map((w) => [
    w.name,
    w.code,
    w.neighbourhood,
    ...d.needColumns.map((m) => w.need[m.id]),
    w.rank,
    w.fifth,
    w.projects,
    w.demoProjects,
    pounds(w.awardedPence),
    pounds(w.paidPence),
    w.population,
    w.perResidentPence === null ? null : pounds(w.perResidentPence),
    w.peopleReached,
  ]);
  if (d.notInWard.awardedPence > 0) {
    rows.push([
      "Not tied to a ward",
      null,
      null,
      ...d.needColumns.map(() => null),
      null,
      null,
      d.notInWard.projects,
      d.notInWard.demoProjects,
      pounds(d.notInWard.awardedPence),
      pounds(d.notInWard.paidPence),
      null,
      null,
      null,
    ]);
  }
  return toCsv(header, rows);
}
