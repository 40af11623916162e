// What the money bought, in one shape that the roll-up by principle, the "did the money follow
// need" view, their CSVs and the 360Giving export all read. The counting rules, stated once:
// - an award counts from the moment it is offered until it is withdrawn or declined (offered,
//   accepted, completed), so "awarded" here matches a round's budget page;
// - its year is the financial year (April to March) of its award date;
// - demo rounds are left out unless asked for (`includeDemo`), or unless the round filter names
//   a demo round: choosing it is asking for it. Board figures never carry demo money by accident;
// - what it achieved comes from its latest accepted return only: returns report totals to date,
//   so adding an interim and a final return would count the same people twice;
// - a project that serves several wards is shared between them by the people its latest
//   accepted return says it reached in each; before any accepted return reports by ward, it is
//   shared equally between the wards its application named. A neighbourhood named on an
//   application stands for its wards. A project that named no ward is not in any ward's share.
import { and, desc, eq, gte, inArray, lt } from "drizzle-orm";
import { z } from "zod";
import { db, schema, type DbOrTx } from "~/utils/db.server";
import { LIVE_AWARD_STATUSES } from "./awards.server";

export type ImpactFilters = {
  programmeId?: number;
  cycleId?: number;
  /** Financial year by its first calendar year: 2025 is April 2025 to March 2026. */
  year?: number;
  principleId?: number;
  wardId?: number;
  neighbourhoodId?: number;
  /** Count demo rounds too (`demo=include`). */
  includeDemo?: boolean;
};

const id = z.coerce.number().int().positive().max(2 ** 31);
const FILTERS = {
  programmeId: ["programme", id],
  cycleId: ["cycle", id],
  year: ["year", z.coerce.number().int().min(2000).max(2100)],
  principleId: ["principle", id],
  wardId: ["ward", id],
  neighbourhoodId: ["neighbourhood", id],
} as const;

/** Filters from a query string. Anything that is not a plain number is ignored, not trusted. */
export function readImpactFilters(params: URLSearchParams): ImpactFilters {
  const filters: ImpactFilters = {};
  if (params.get("demo") === "include") filters.includeDemo = true;
  for (const [key, [param, parser]] of Object.entries(FILTERS)) {
    const raw = params.get(param);
    if (!raw) continue;
    const parsed = parser.safeParse(raw);
    if (parsed.success) filters[key as keyof typeof FILTERS] = parsed.data;
  }
  return filters;
}

/** The query string for a set of filters, for links and CSV downloads. */
export function impactQuery(filters: ImpactFilters): string {
  const params = new URLSearchParams();
  for (const [key, [param]] of Object.entries(FILTERS)) {
    const value = filters[key as keyof typeof FILTERS];
    if (value !== undefined) params.set(param, String(value));
  }
  if (filters.includeDemo) params.set("demo", "include");
  const text = params.toString();
  return text ? `?${text}` : "";
}

export const financialYearOf = (isoDate: string) => {
  const [y, m] = isoDate.split("-").map(Number);
  return m >= 4 ? y : y - 1;
};
export const financialYearLabel = (year: number) => `${year}/${String((year + 1) % 100).padStart(2, "0")}`;

export type Result = {
  logicModelItemId: number;
  kind: string;
  description: string;
  measure: string | null;
  target: number | null;
  actual: number | null;
  indicatorId: number | null;
};

export type FundedAward = {
  awardId: number;
  applicationId: number;
  reference: string | null;
  title: string;
  description: string;
  organisationId: number;
  organisationName: string;
  status: (typeof LIVE_AWARD_STATUSES)[number];
  isDemo: boolean;
  programmeId: number;
  programmeName: string;
  cycleId: number;
  cycleName: string;
  awardDate: string;
  startDate: string | null;
  endDate: string | null;
  financialYear: number;
  amountPence: number;
  amountRequestedPence: number | null;
  paidPence: number;
  primaryPrincipleId: number | null;
  principleIds: number[];
  /** The wards the application named (a neighbourhood stands for its wards). */
  plannedWardIds: number[];
  /** The latest accepted return, if any: what the project achieved so far. */
  reportedReturnId: number | null;
  peopleReached: number | null;
  reachByWard: Record<number, number>;
  results: Result[];
  /** Each ward's share of the project (fractions adding up to 1; empty if it named no ward). */
  wardShares: Record<number, number>;
  shareBasis: "reach" | "planned" | "none";
  /**
   * The part of this award inside the ward or neighbourhood filter: 1 with no area filter.
   * Money, people and counts in a filtered view are multiplied by it.
   */
  share: number;
};

const CHUNK = 5000;
function chunked<T>(ids: number[], read: (part: number[]) => T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...read(ids.slice(i, i + CHUNK)));
  return out;
}

/** The wards a set of area ids stands for: wards as they are, neighbourhoods as their wards. */
function wardsOf(areaIds: number[], tx: DbOrTx): Map<number, number[]> {
  const areas = tx.select({ id: schema.areas.id, kind: schema.areas.kind, parentId: schema.areas.parentId }).from(schema.areas).all();
  const children = new Map<number, number[]>();
  for (const a of areas) if (a.kind === "ward" && a.parentId) children.set(a.parentId, [...(children.get(a.parentId) ?? []), a.id]);
  const kind = new Map(areas.map((a) => [a.id, a.kind]));
  return new Map(areaIds.map((id) => [id, kind.get(id) === "ward" ? [id] : kind.get(id) === "neighbourhood" ? (children.get(id) ?? []) : []]));
}

/** The wards inside the area filter, or null when there is none. */
export function wardsInFilter(filters: ImpactFilters, tx: DbOrTx = db): Set<number> | null {
  if (filters.wardId) return new Set([filters.wardId]);
  if (filters.neighbourhoodId) return new Set(wardsOf([filters.neighbourhoodId], tx).get(filters.neighbourhoodId) ?? []);
  return null;
}

/** Every award in the filters, with what it paid, reached and achieved, and its ward shares. */
export function fundedAwards(filters: ImpactFilters = {}, tx: DbOrTx = db): FundedAward[] {
  const a = schema.awards;
  const app = schema.applications;
  const conditions = [inArray(a.status, [...LIVE_AWARD_STATUSES])];
  if (filters.cycleId) conditions.push(eq(app.cycleId, filters.cycleId));
  if (filters.programmeId) conditions.push(eq(schema.cycles.programmeId, filters.programmeId));
  if (!filters.includeDemo && !filters.cycleId) conditions.push(eq(schema.cycles.isDemo, false));
  if (filters.year) {
    conditions.push(gte(a.awardDate, `${filters.year}-04-01`), lt(a.awardDate, `${filters.year + 1}-04-01`));
  }
  const rows = tx
    .select({
      awardId: a.id,
      applicationId: a.applicationId,
      reference: app.reference,
      title: app.title,
      summary: app.summary,
      organisationId: schema.organisations.id,
      organisationName: schema.organisations.name,
      status: a.status,
      isDemo: schema.cycles.isDemo,
      programmeId: schema.programmes.id,
      programmeName: schema.programmes.name,
      cycleId: schema.cycles.id,
      cycleName: schema.cycles.name,
      awardDate: a.awardDate,
      startDate: a.startDate,
      endDate: a.endDate,
      amountPence: a.amountPence,
      amountRequestedPence: app.amountRequestedPence,
    })
    .from(a)
    .innerJoin(app, eq(app.id, a.applicationId))
    .innerJoin(schema.cycles, eq(schema.cycles.id, app.cycleId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
    .innerJoin(schema.organisations, eq(schema.organisations.id, app.organisationId))
    .where(and(...conditions))
    .orderBy(a.awardDate, a.id)
    .all();
  if (!rows.length) return [];

  const awardIds = rows.map((r) => r.awardId);
  const applicationIds = rows.map((r) => r.applicationId);

  const paid = new Map<number, number>();
  for (const p of chunked(awardIds, (part) =>
    tx
      .select({ awardId: schema.payments.awardId, amount: schema.payments.paidAmountPence })
      .from(schema.payments)
      .where(and(inArray(schema.payments.awardId, part), eq(schema.payments.status, "paid")))
      .all(),
  ))
    paid.set(p.awardId, (paid.get(p.awardId) ?? 0) + (p.amount ?? 0));

  const principlesOf = new Map<number, { ids: number[]; primary: number | null }>();
  for (const p of chunked(applicationIds, (part) =>
    tx.select().from(schema.applicationPrinciples).where(inArray(schema.applicationPrinciples.applicationId, part)).all(),
  )) {
    const entry = principlesOf.get(p.applicationId) ?? { ids: [], primary: null };
    entry.ids.push(p.principleId);
    if (p.isPrimary) entry.primary = p.principleId;
    principlesOf.set(p.applicationId, entry);
  }

  const namedAreas = chunked(applicationIds, (part) =>
    tx.select().from(schema.applicationAreas).where(inArray(schema.applicationAreas.applicationId, part)).all(),
  );
  const expand = wardsOf([...new Set(namedAreas.map((n) => n.areaId))], tx);
  const plannedWards = new Map<number, Set<number>>();
  for (const n of namedAreas) {
    const set = plannedWards.get(n.applicationId) ?? new Set<number>();
    for (const w of expand.get(n.areaId) ?? []) set.add(w);
    plannedWards.set(n.applicationId, set);
  }

  // The latest accepted return of each award: the one due latest (a final return accepted
  // before a late interim one is still the latest), then by acceptance.
  const latest = new Map<number, { id: number; peopleReached: number | null }>();
  for (const r of chunked(awardIds, (part) =>
    tx
      .select({ id: schema.evaluationReturns.id, awardId: schema.evaluationReturns.awardId, peopleReached: schema.evaluationReturns.peopleReached })
      .from(schema.evaluationReturns)
      .where(and(inArray(schema.evaluationReturns.awardId, part), eq(schema.evaluationReturns.status, "accepted")))
      .orderBy(desc(schema.evaluationReturns.dueDate), desc(schema.evaluationReturns.acceptedAt), desc(schema.evaluationReturns.id))
      .all(),
  ))
    if (!latest.has(r.awardId)) latest.set(r.awardId, { id: r.id, peopleReached: r.peopleReached });
  const returnIds = [...latest.values()].map((r) => r.id);

  const reach = new Map<number, Record<number, number>>();
  for (const r of chunked(returnIds, (part) =>
    tx.select().from(schema.returnReachByArea).where(inArray(schema.returnReachByArea.returnId, part)).all(),
  ))
    reach.set(r.returnId, { ...reach.get(r.returnId), [r.areaId]: r.people });

  const results = new Map<number, Result[]>();
  for (const r of chunked(returnIds, (part) =>
    tx
      .select({
        returnId: schema.returnResults.returnId,
        logicModelItemId: schema.returnResults.logicModelItemId,
        actual: schema.returnResults.actual,
        kind: schema.logicModelItems.kind,
        description: schema.logicModelItems.description,
        measure: schema.logicModelItems.measure,
        target: schema.logicModelItems.target,
        indicatorId: schema.logicModelItems.indicatorId,
      })
      .from(schema.returnResults)
      .innerJoin(schema.logicModelItems, eq(schema.logicModelItems.id, schema.returnResults.logicModelItemId))
      .where(inArray(schema.returnResults.returnId, part))
      .orderBy(schema.logicModelItems.sortOrder, schema.logicModelItems.id)
      .all(),
  )) {
    const { returnId, ...result } = r;
    results.set(returnId, [...(results.get(returnId) ?? []), result]);
  }

  const inFilter = wardsInFilter(filters, tx);
  const out: FundedAward[] = [];
  for (const r of rows) {
    const principles = principlesOf.get(r.applicationId) ?? { ids: [], primary: null };
    if (filters.principleId && !principles.ids.includes(filters.principleId)) continue;
    const reported = latest.get(r.awardId) ?? null;
    const reachByWard = reported ? (reach.get(reported.id) ?? {}) : {};
    const planned = [...(plannedWards.get(r.applicationId) ?? [])].sort((x, y) => x - y);
    const { shares, basis } = shareByWard(reachByWard, planned);
    const share = inFilter ? [...inFilter].reduce((sum, w) => sum + (shares[w] ?? 0), 0) : 1;
    if (inFilter && share === 0) continue;
    out.push({
      awardId: r.awardId,
      applicationId: r.applicationId,
      reference: r.reference,
      title: r.title ?? "Untitled project",
      description: r.summary ?? "",
      organisationId: r.organisationId,
      organisationName: r.organisationName,
      status: r.status as FundedAward["status"],
      isDemo: r.isDemo,
      programmeId: r.programmeId,
      programmeName: r.programmeName,
      cycleId: r.cycleId,
      cycleName: r.cycleName,
      awardDate: r.awardDate,
      startDate: r.startDate,
      endDate: r.endDate,
      financialYear: financialYearOf(r.awardDate),
      amountPence: r.amountPence,
      amountRequestedPence: r.amountRequestedPence,
      paidPence: paid.get(r.awardId) ?? 0,
      primaryPrincipleId: principles.primary ?? principles.ids[0] ?? null,
      principleIds: principles.ids.sort((x, y) => x - y),
      plannedWardIds: planned,
      reportedReturnId: reported?.id ?? null,
      peopleReached: reported?.peopleReached ?? null,
      reachByWard,
      results: reported ? (results.get(reported.id) ?? []) : [],
      wardShares: shares,
      shareBasis: basis,
      share,
    });
  }
  return out;
}

/** How many live awards in demo rounds the filters leave out (0 when they are included). */
export function demoAwardsLeftOut(filters: ImpactFilters, tx: DbOrTx = db): number {
  if (filters.includeDemo || filters.cycleId) return 0;
  return fundedAwards({ ...filters, includeDemo: true }, tx).filter((a) => a.isDemo).length;
}

/** Shares by people reached in each ward when a return reports any; else equal across the named wards. */
export function shareByWard(
  reachByWard: Record<number, number>,
  plannedWardIds: number[],
): { shares: Record<number, number>; basis: FundedAward["shareBasis"] } {
  const reached = Object.entries(reachByWard).filter(([, people]) => people > 0);
  const total = reached.reduce((sum, [, people]) => sum + people, 0);
  if (total > 0) return { shares: Object.fromEntries(reached.map(([w, people]) => [Number(w), people / total])), basis: "reach" };
  if (plannedWardIds.length) return { shares: Object.fromEntries(plannedWardIds.map((w) => [w, 1 / plannedWardIds.length])), basis: "planned" };
  return { shares: {}, basis: "none" };
}

/** The choices for the filter form. */
export function impactFilterChoices(tx: DbOrTx = db) {
  const programmes = tx.select({ id: schema.programmes.id, name: schema.programmes.name }).from(schema.programmes).orderBy(schema.programmes.sortOrder).all();
  const cycles = tx
    .select({ id: schema.cycles.id, name: schema.cycles.name, programmeId: schema.cycles.programmeId })
    .from(schema.cycles)
    .orderBy(desc(schema.cycles.opensAt))
    .all();
  const years = tx
    .selectDistinct({ awardDate: schema.awards.awardDate })
    .from(schema.awards)
    .all()
    .map((r) => financialYearOf(r.awardDate));
  const principles = tx.select({ id: schema.principles.id, number: schema.principles.number, title: schema.principles.title }).from(schema.principles).orderBy(schema.principles.number).all();
  const areas = tx
    .select({ id: schema.areas.id, name: schema.areas.name, kind: schema.areas.kind })
    .from(schema.areas)
    .where(inArray(schema.areas.kind, ["ward", "neighbourhood"]))
    .orderBy(schema.areas.name)
    .all();
  return {
    programmes,
    cycles,
    years: [...new Set(years)].sort((x, y) => y - x).map((y) => ({ id: y, name: financialYearLabel(y) })),
    principles,
    wards: areas.filter((a) => a.kind === "ward"),
    neighbourhoods: areas.filter((a) => a.kind === "neighbourhood"),
  };
}
