// The roll-up by Marmot principle: what the funded awards in a set of filters bought and
// achieved, one row per principle, beside each principle's indicators (Luton against England,
// the statistical neighbours and the region, and their trend). Built on `fundedAwards`, so the
// counting rules are those stated once in impact.server.ts. What this module adds:
// - an award counts in the row of its MAIN principle only, so the rows add up to the totals; a
//   principle it also works towards counts it as "also works towards", outside the sums;
// - awards are counted as whole projects, even when only part of a project lies inside a ward
//   or neighbourhood filter; money awarded and paid are that part (amount × share); people
//   reached are those the latest accepted return reached in the filtered wards (all of them
//   with no area filter); targets met are counted for the whole project (a target is not split
//   between wards);
// - wards reached are the wards where an award's latest accepted return reports people (more
//   than none), inside the area filter; a ward a project only planned to serve is not counted;
// - money is added up exactly and rounded once: the rows are rounded to whole pence so that
//   they add up to the rounded total (the largest remainders take the spare pennies), which is
//   the total the ward view shows;
// - an outcome or output is met when its reported figure is at least its target; one with a
//   target and no figure yet is "not reported yet";
// - an indicator's latest value for an area is the one of its most recent dated period that has
//   a value (a missing value is missing, never zero, and is skipped), for Persons, "All ages"
//   (else the period's only age) and no category; an indicator published only by sex is shown
//   once for each sex. The one rule shared with the other pages: indicator-values.ts.
// Everything is read in bulk: one pass over the awards, one read of each indicator table.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { db, schema, type DbOrTx } from "~/utils/db.server";
import { fundedAwards, wardsInFilter, type FundedAward, type ImpactFilters } from "./impact.server";
import { roundToTotal } from "./need";
import { headlineRows, headlineSexes, periodOrder, pickLatest } from "./indicator-values";

export type RollupMeasures = {
  /** Projects counted (whole, each once). */
  awards: number;
  awardedPence: number;
  paidPence: number;
  peopleReached: number;
  /** Outcomes and outputs with a target, in the latest accepted returns. */
  targetsSet: number;
  targetsMet: number;
  targetsNotReported: number;
  wardsReached: number;
  /** Awards with an accepted return. */
  withReturn: number;
  /** Offers made and not yet accepted. */
  offered: number;
  /** Awards in demo rounds. */
  demo: number;
};

export type PrincipleRow = {
  principleId: number | null;
  number: number | null;
  title: string;
  measures: RollupMeasures;
  /** Awards (in the filters) that work towards this principle as well as their main one. */
  alsoWorksTowards: number;
};

export type AreaRole = "local_authority" | "comparator_group" | "region" | "country" | "ward";

export type IndicatorPoint = {
  role: AreaRole;
  areaName: string;
  value: number;
  period: string;
  lowerCi95: number | null;
  upperCi95: number | null;
};

export type Comparison = {
  /** Plain words, never colour alone: "Better than England: lower, where lower is better", "Higher than England, where lower is better". */
  text: string;
  judgement: "better" | "worse" | "similar" | "higher" | "lower" | "same";
  period: string;
};

export type IndicatorView = {
  indicatorId: number;
  name: string;
  /** "Persons", or a sex when the indicator is only published by sex. */
  sex: string;
  /** The name, with the sex when it is not Persons: "Healthy life expectancy, females". */
  label: string;
  unit: string;
  polarity: "higher_is_better" | "lower_is_better" | "no_judgement";
  definition: string | null;
  source: string | null;
  /** The comparison areas, in order (Luton, statistical neighbours, region, England, then the filtered ward), each with its latest value or null. */
  latest: { role: AreaRole; areaName: string; point: IndicatorPoint | null }[];
  /** The place against England for the same period. */
  comparison: Comparison | null;
  /** Dated periods, oldest first, and a line per area with a value (null where missing). */
  series: {
    periods: string[];
    lines: { role: AreaRole; name: string; values: (number | null)[] }[];
  };
  /** Funded projects' outcomes and outputs linked to this indicator, from their latest accepted returns. */
  linked: { results: number; met: number };
};

export type PrincipleSection = {
  principleId: number;
  number: number;
  title: string;
  /** The principle's indicators not already shown under an earlier principle. */
  indicators: IndicatorView[];
  /** Its indicators already shown under an earlier principle (APHR groups some, e.g. principles 1 and 2), with that principle's number. */
  shownAbove: { label: string; principleNumber: number }[];
};

export type PrincipleRollup = {
  totals: RollupMeasures;
  rows: PrincipleRow[];
  overarching: IndicatorView[];
  /** One per principle (only the filtered one when a principle filter is set). */
  sections: PrincipleSection[];
  /** The ward filter's ward, whose own values are shown beside the comparison areas. */
  ward: { id: number; name: string } | null;
};

const empty = (): RollupMeasures => ({
  awards: 0,
  awardedPence: 0,
  paidPence: 0,
  peopleReached: 0,
  targetsSet: 0,
  targetsMet: 0,
  targetsNotReported: 0,
  wardsReached: 0,
  withReturn: 0,
  offered: 0,
  demo: 0,
});

/** Reached in the filter's wards, or in total with no area filter. */
function peopleIn(award: FundedAward, wards: Set<number> | null): number {
  if (award.reportedReturnId === null) return 0;
  if (!wards) return award.peopleReached ?? 0;
  let people = 0;
  for (const w of wards) people += award.reachByWard[w] ?? 0;
  return people;
}

/** The measures of a set of awards. Money is rounded to the penny here; the roll-up re-rounds its rows so that they add up to the total. */
export function measuresOf(awards: FundedAward[], wards: Set<number> | null, reachedAll?: Set<number>): RollupMeasures {
  const m = empty();
  const reached = new Set<number>();
  let awarded = 0;
  let paid = 0;
  for (const a of awards) {
    m.awards++;
    awarded += a.amountPence * a.share;
    paid += a.paidPence * a.share;
    m.peopleReached += peopleIn(a, wards);
    for (const r of a.results) {
      if (r.target === null) continue;
      m.targetsSet++;
      if (r.actual === null) m.targetsNotReported++;
      else if (r.actual >= r.target) m.targetsMet++;
    }
    // Wards reached: where the latest accepted return reports people (shares by reach are the
    // wards with people > 0); a ward a project only planned to serve is not reached yet.
    if (a.shareBasis === "reach")
      for (const [w, share] of Object.entries(a.wardShares)) if (share > 0 && (!wards || wards.has(Number(w)))) reached.add(Number(w));
    if (a.reportedReturnId !== null) m.withReturn++;
    if (a.status === "offered") m.offered++;
    if (a.isDemo) m.demo++;
  }
  m.awardedPence = Math.round(awarded);
  m.paidPence = Math.round(paid);
  m.wardsReached = reached.size;
  if (reachedAll) for (const w of reached) reachedAll.add(w);
  return m;
}

/** Totals as the sum of the rows (money included), so that the table adds up to the penny; wards as distinct wards. */
function totalOf(rows: RollupMeasures[], wardsReached: number): RollupMeasures {
  const total = empty();
  for (const r of rows) for (const key of Object.keys(total) as (keyof RollupMeasures)[]) total[key] += r[key];
  return { ...total, wardsReached };
}

export function principleRollup(filters: ImpactFilters = {}, tx: DbOrTx = db): PrincipleRollup {
  const awards = fundedAwards(filters, tx);
  const wards = wardsInFilter(filters, tx);
  const principles = tx
    .select({
      id: schema.principles.id,
      number: schema.principles.number,
      title: schema.principles.title,
    })
    .from(schema.principles)
    .orderBy(schema.principles.number)
    .all();

  const byMain = new Map<number | null, FundedAward[]>();
  const also = new Map<number, number>();
  for (const a of awards) {
    const list = byMain.get(a.primaryPrincipleId);
    if (list) list.push(a);
    else byMain.set(a.primaryPrincipleId, [a]);
    for (const p of a.principleIds) if (p !== a.primaryPrincipleId) also.set(p, (also.get(p) ?? 0) + 1);
  }
  const reachedAll = new Set<number>();
  const rows: PrincipleRow[] = principles.map((p) => ({
    principleId: p.id,
    number: p.number,
    title: p.title,
    measures: measuresOf(byMain.get(p.id) ?? [], wards, reachedAll),
    alsoWorksTowards: also.get(p.id) ?? 0,
  }));
  // Awards whose application gave no principle (older data): a row of their own, so nothing is lost.
  const known = new Set(principles.map((p) => p.id));
  const unplaced = awards.filter((a) => a.primaryPrincipleId === null || !known.has(a.primaryPrincipleId));
  if (unplaced.length) {
    rows.push({
      principleId: null,
      number: null,
      title: "No main principle given",
      measures: measuresOf(unplaced, wards, reachedAll),
      alsoWorksTowards: 0,
    });
  }
  // Money: each row's exact sum (fractions of a penny under an area filter), rounded so that the
  // rows add up to the rounded exact total, the same total the ward view shows.
  const groups = [...principles.map((p) => byMain.get(p.id) ?? []), ...(unplaced.length ? [unplaced] : [])];
  const awardedRounded = roundToTotal(groups.map((g) => g.reduce((sum, a) => sum + a.amountPence * a.share, 0)));
  const paidRounded = roundToTotal(groups.map((g) => g.reduce((sum, a) => sum + a.paidPence * a.share, 0)));
  rows.forEach((r, i) => {
    r.measures.awardedPence = awardedRounded[i]!;
    r.measures.paidPence = paidRounded[i]!;
  });
  const totals = totalOf(
    rows.map((r) => r.measures),
    reachedAll.size
  );

  const ward = filters.wardId
    ? tx
        .select({ id: schema.areas.id, name: schema.areas.name })
        .from(schema.areas)
        .where(and(eq(schema.areas.id, filters.wardId), eq(schema.areas.kind, "ward")))
        .get() ?? null
    : null;

  const shown = filters.principleId ? principles.filter((p) => p.id === filters.principleId) : principles;
  const views = indicatorViews(
    shown.map((p) => p.id),
    ward,
    awards,
    tx
  );
  return {
    totals,
    rows,
    overarching: views.overarching,
    sections: sectionsOf(shown, views.byPrinciple),
    ward,
  };
}

const ROLE_ORDER: AreaRole[] = ["local_authority", "comparator_group", "region", "country", "ward"];
const SEX_WORDS: Record<string, string> = { Female: "females", Male: "males" };

type ValueRow = {
  indicatorId: number;
  areaId: number;
  sex: string;
  age: string;
  period: string;
  periodSortable: number | null;
  value: number | null;
  lowerCi95: number | null;
  upperCi95: number | null;
  id: number;
};

/** The overarching indicators and those of the given principles, with their values, in three bulk reads. */
function indicatorViews(
  principleIds: number[],
  ward: { id: number; name: string } | null,
  awards: FundedAward[],
  tx: DbOrTx
): { overarching: IndicatorView[]; byPrinciple: Map<number, IndicatorView[]> } {
  const indicators = tx
    .select()
    .from(schema.indicators)
    .where(and(isNull(schema.indicators.archivedAt), inArray(schema.indicators.kind, ["overarching", "principle"])))
    .orderBy(schema.indicators.sortOrder, schema.indicators.id)
    .all();
  const links = principleIds.length
    ? tx.select().from(schema.indicatorPrinciples).where(inArray(schema.indicatorPrinciples.principleId, principleIds)).all()
    : [];
  const linkedIds = new Set(links.map((l) => l.indicatorId));
  const wanted = indicators.filter((i) => i.kind === "overarching" || linkedIds.has(i.id));
  const wantedIds = new Set(wanted.map((i) => i.id));

  // The comparison areas: the first of each kind (the place, England, its neighbours, its region) and the filtered ward.
  const areas = tx
    .select({
      id: schema.areas.id,
      kind: schema.areas.kind,
      name: schema.areas.name,
    })
    .from(schema.areas)
    .where(inArray(schema.areas.kind, ["local_authority", "comparator_group", "region", "country"]))
    .orderBy(schema.areas.sortOrder, schema.areas.id)
    .all();
  const roles: { role: AreaRole; areaId: number; name: string }[] = [];
  for (const role of ROLE_ORDER) {
    if (role === "ward") {
      if (ward) roles.push({ role, areaId: ward.id, name: ward.name });
      continue;
    }
    const area = areas.find((a) => a.kind === role);
    if (area) roles.push({ role, areaId: area.id, name: area.name });
  }
  const roleOf = new Map(roles.map((r) => [r.areaId, r]));

  const values: ValueRow[] =
    wantedIds.size && roles.length
      ? tx
          .select({
            id: schema.indicatorValues.id,
            indicatorId: schema.indicatorValues.indicatorId,
            areaId: schema.indicatorValues.areaId,
            sex: schema.indicatorValues.sex,
            age: schema.indicatorValues.age,
            period: schema.indicatorValues.period,
            periodSortable: schema.indicatorValues.periodSortable,
            value: schema.indicatorValues.value,
            lowerCi95: schema.indicatorValues.lowerCi95,
            upperCi95: schema.indicatorValues.upperCi95,
          })
          .from(schema.indicatorValues)
          .where(
            and(
              inArray(
                schema.indicatorValues.areaId,
                roles.map((r) => r.areaId)
              ),
              eq(schema.indicatorValues.categoryType, ""),
              eq(schema.indicatorValues.category, "")
            )
          )
          .all()
          .filter((v) => wantedIds.has(v.indicatorId))
      : [];
  const valuesOf = new Map<number, ValueRow[]>();
  for (const v of values) {
    const list = valuesOf.get(v.indicatorId);
    if (list) list.push(v);
    else valuesOf.set(v.indicatorId, [v]);
  }

  // Funded projects' results linked to each indicator.
  const linked = new Map<number, { results: number; met: number }>();
  for (const a of awards)
    for (const r of a.results) {
      if (r.indicatorId === null) continue;
      const entry = linked.get(r.indicatorId) ?? { results: 0, met: 0 };
      entry.results++;
      if (r.target !== null && r.actual !== null && r.actual >= r.target) entry.met++;
      linked.set(r.indicatorId, entry);
    }

  const viewsOf = (indicator: (typeof indicators)[number]): IndicatorView[] => {
    const rows = valuesOf.get(indicator.id) ?? [];
    return headlineSexes(rows).map((sex) =>
      buildView(
        indicator,
        sex,
        rows.filter((r) => r.sex === sex),
        roles,
        roleOf,
        linked.get(indicator.id) ?? { results: 0, met: 0 }
      )
    );
  };

  const byPrinciple = new Map<number, IndicatorView[]>();
  for (const p of principleIds) {
    const ids = new Set(links.filter((l) => l.principleId === p).map((l) => l.indicatorId));
    byPrinciple.set(p, wanted.filter((i) => i.kind === "principle" && ids.has(i.id)).flatMap(viewsOf));
  }
  return {
    overarching: wanted.filter((i) => i.kind === "overarching").flatMap(viewsOf),
    byPrinciple,
  };
}

function buildView(
  indicator: typeof schema.indicators.$inferSelect,
  sex: string,
  rows: ValueRow[],
  roles: { role: AreaRole; areaId: number; name: string }[],
  roleOf: Map<number, { role: AreaRole; areaId: number; name: string }>,
  linked: { results: number; met: number }
): IndicatorView {
  // One value per area and period, and the latest: the shared rule of indicator-values.ts.
  const byArea = new Map<number, ValueRow[]>();
  for (const r of rows) {
    const list = byArea.get(r.areaId);
    if (list) list.push(r);
    else byArea.set(r.areaId, [r]);
  }
  const cell = new Map<string, ValueRow>();
  for (const [areaId, list] of byArea) for (const r of headlineRows(list, sex)) cell.set(`${areaId}|${r.period}`, r);
  const unique = [...cell.values()];

  const latestOf = (areaId: number): ValueRow | null => pickLatest(unique.filter((r) => r.areaId === areaId))?.row ?? null;
  const pointOf = (r: ValueRow | null): IndicatorPoint | null =>
    r && r.value !== null
      ? {
          role: roleOf.get(r.areaId)!.role,
          areaName: roleOf.get(r.areaId)!.name,
          value: r.value,
          period: r.period,
          lowerCi95: r.lowerCi95,
          upperCi95: r.upperCi95,
        }
      : null;
  const latest = roles.map((r) => ({
    role: r.role,
    areaName: r.name,
    point: pointOf(latestOf(r.areaId)),
  }));

  const place = roles.find((r) => r.role === "local_authority");
  const england = roles.find((r) => r.role === "country");
  let comparison: Comparison | null = null;
  const placeLatest = place ? latestOf(place.areaId) : null;
  if (placeLatest && england) {
    const same = cell.get(`${england.areaId}|${placeLatest.period}`);
    if (same && same.value !== null) comparison = compare(placeLatest, same, indicator.polarity, england.name);
  }

  // The trend: dated periods only (an undated value cannot be placed on a time line).
  const periods = [...new Map(unique.filter((r) => r.periodSortable !== null).map((r) => [r.period, r])).values()]
    .sort(periodOrder)
    .map((r) => r.period);
  const lines = roles
    .map((r) => ({
      role: r.role,
      name: r.name,
      values: periods.map((p) => cell.get(`${r.areaId}|${p}`)?.value ?? null),
    }))
    .filter((l) => l.values.some((v) => v !== null));

  return {
    indicatorId: indicator.id,
    name: indicator.name,
    sex,
    label: sex === "Persons" ? indicator.name : `${indicator.name}, ${SEX_WORDS[sex] ?? sex.toLowerCase()}`,
    unit: indicator.unit,
    polarity: indicator.polarity,
    definition: indicator.definition,
    source: indicator.source,
    latest,
    comparison,
    series: { periods, lines },
    linked,
  };
}

/** Each principle's indicators, an indicator shared with an earlier principle shown only under the first. */
function sectionsOf(principles: { id: number; number: number; title: string }[], byPrinciple: Map<number, IndicatorView[]>): PrincipleSection[] {
  const firstShown = new Map<string, number>();
  return principles.map((p) => {
    const indicators: IndicatorView[] = [];
    const shownAbove: PrincipleSection["shownAbove"] = [];
    for (const v of byPrinciple.get(p.id) ?? []) {
      const key = `${v.indicatorId}-${v.sex}`;
      const earlier = firstShown.get(key);
      if (earlier === undefined) {
        firstShown.set(key, p.number);
        indicators.push(v);
      } else shownAbove.push({ label: v.label, principleNumber: earlier });
    }
    return {
      principleId: p.id,
      number: p.number,
      title: p.title,
      indicators,
      shownAbove,
    };
  });
}

/**
 * The place against England, in words. "Better"/"Worse"/"Similar" only where both have 95%
 * confidence intervals (overlapping intervals: similar); otherwise "Higher"/"Lower" with which
 * way is better, because a difference without intervals may be chance.
 */
export function compare(
  place: {
    value: number | null;
    period: string;
    lowerCi95: number | null;
    upperCi95: number | null;
  },
  england: {
    value: number | null;
    lowerCi95: number | null;
    upperCi95: number | null;
  },
  polarity: IndicatorView["polarity"],
  englandName = "England"
): Comparison | null {
  if (place.value === null || england.value === null) return null;
  const period = place.period;
  const direction = place.value > england.value ? "higher" : place.value < england.value ? "lower" : "same";
  if (direction === "same") return { text: `Same as ${englandName}`, judgement: "same", period };
  const cis = place.lowerCi95 !== null && place.upperCi95 !== null && england.lowerCi95 !== null && england.upperCi95 !== null;
  if (cis) {
    const overlap = place.lowerCi95! <= england.upperCi95! && england.lowerCi95! <= place.upperCi95!;
    if (overlap)
      return {
        text: `Similar to ${englandName}`,
        judgement: "similar",
        period,
      };
    if (polarity !== "no_judgement") {
      const better = (direction === "higher") === (polarity === "higher_is_better");
      const way = polarity === "higher_is_better" ? "higher is better" : "lower is better";
      return {
        text: `${better ? "Better" : "Worse"} than ${englandName}: ${direction}, where ${way}`,
        judgement: better ? "better" : "worse",
        period,
      };
    }
  }
  const word = direction === "higher" ? "Higher" : "Lower";
  const way = polarity === "higher_is_better" ? ", where higher is better" : polarity === "lower_is_better" ? ", where lower is better" : "";
  return {
    text: `${word} than ${englandName}${way}`,
    judgement: direction,
    period,
  };
}
