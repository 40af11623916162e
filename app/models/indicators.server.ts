// Indicators, kept current by staff: the Marmot Town indicators (overarching and per principle)
// and the context measures of need, each with its latest Luton and England value. Staff add and
// change indicators and enter or correct values by hand; Fingertips files come in through
// fingertips.server.ts. This module and that one own writing indicator_values.
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { sortablePeriod } from "~db/seed/place";
import { db, schema, transaction, type DbOrTx } from "~/utils/db.server";
import type { IndicatorInput, ValueInput } from "~/schemas/indicator";
import { recordAudit } from "./audit.server";
import { breakdownLabel } from "./fingertips.server";
import { getPlace } from "./place.server";
import { headlineSexes, latestHeadline } from "./indicator-values";

export const ENGLAND_CODE = "E92000001";
const AREA_KIND_ORDER = ["country", "region", "local_authority", "comparator_group", "neighbourhood", "ward"] as const;
export const AREA_KIND_GROUPS: Record<string, string> = {
  country: "England, the region, the place and its comparators",
  region: "England, the region, the place and its comparators",
  local_authority: "England, the region, the place and its comparators",
  comparator_group: "England, the region, the place and its comparators",
  neighbourhood: "Neighbourhoods",
  ward: "Wards",
};

type Value = typeof schema.indicatorValues.$inferSelect;
export type LatestValue = {
  value: number | null;
  period: string;
  breakdown: string | null;
  valueNote: string | null;
  /** A newer period than `period` whose value is missing, with its note: "2023: no value (note)". */
  newerMissing: { period: string; valueNote: string | null } | null;
};

/** The place itself (Luton) and England, as areas. */
export function headlineAreas(tx: DbOrTx = db) {
  const code = getPlace(tx).areaCode;
  const areas = tx
    // Not the ward boundaries: they are big and not needed here.
    .select({ id: schema.areas.id, kind: schema.areas.kind, name: schema.areas.name, code: schema.areas.code, parentId: schema.areas.parentId, sortOrder: schema.areas.sortOrder })
    .from(schema.areas)
    .all();
  const place = (code ? areas.find((a) => a.code === code) : undefined) ?? areas.find((a) => a.kind === "local_authority") ?? null;
  const england = areas.find((a) => a.code === ENGLAND_CODE) ?? areas.find((a) => a.kind === "country") ?? null;
  return { place, england };
}

/**
 * The headline latest value of one indicator in one area, by the one rule of indicator-values.ts
 * only (Persons, "All ages" else the only age, no category; the most recent dated period with a
 * value): one figure for Persons, or one per sex for an indicator published only by sex (each
 * with its sex as `breakdown`). An empty list when there are values but none is a headline figure
 * (only by age band or by group, such as deprivation): a subgroup is never shown as the area's
 * figure. Null when there are no values at all.
 */
export function latestOf(
  values: Pick<Value, "id" | "value" | "period" | "periodSortable" | "sex" | "age" | "categoryType" | "category" | "valueNote">[],
): LatestValue[] | null {
  if (!values.length) return null;
  const sexes = headlineSexes(values.filter((v) => !v.categoryType && !v.category));
  return sexes.flatMap((sex) => {
    const pick = latestHeadline(values, sex);
    const shown = pick ? (pick.row ?? pick.newerMissing) : null;
    if (!pick || !shown) return [];
    return [
      {
        value: pick.row?.value ?? null,
        period: shown.period,
        breakdown: sex === "Persons" ? null : sex,
        valueNote: shown.valueNote,
        newerMissing: pick.row && pick.newerMissing ? { period: pick.newerMissing.period, valueNote: pick.newerMissing.valueNote } : null,
      },
    ];
  });
}

export type IndicatorGroup = {
  key: string;
  title: string;
  /** Principle number, for the principle groups. */
  principle: number | null;
  indicators: { id: number; name: string; unit: string; polarity: string; fingertipsId: number | null; isPopulation: boolean; place: LatestValue[] | null; england: LatestValue[] | null }[];
};

/**
 * Indicators as staff think of them: overarching first, then principles 1 to 8 in order (an
 * indicator of two principles appears under both; a principle with none says so), then the
 * context and need measures, then any archived ones.
 */
export function listIndicatorGroups(): { groups: IndicatorGroup[]; archived: IndicatorGroup["indicators"]; placeName: string } {
  const { place, england } = headlineAreas();
  const indicators = db.select().from(schema.indicators).orderBy(asc(schema.indicators.sortOrder), asc(schema.indicators.name)).all();
  const links = db.select().from(schema.indicatorPrinciples).all();
  const principles = db.select().from(schema.principles).orderBy(asc(schema.principles.number)).all();
  const areaIds = [place?.id, england?.id].filter((id): id is number => id !== undefined);
  const values = areaIds.length
    ? db
        .select()
        .from(schema.indicatorValues)
        .where(inArray(schema.indicatorValues.areaId, areaIds))
        .all()
    : [];
  const byIndicatorArea = new Map<string, Value[]>();
  for (const v of values) {
    const key = `${v.indicatorId}:${v.areaId}`;
    const list = byIndicatorArea.get(key) ?? [];
    list.push(v);
    byIndicatorArea.set(key, list);
  }
  const row = (i: (typeof indicators)[number]) => ({
    id: i.id,
    name: i.name,
    unit: i.unit,
    polarity: i.polarity,
    fingertipsId: i.fingertipsId,
    isPopulation: i.isPopulation,
    place: place ? latestOf(byIndicatorArea.get(`${i.id}:${place.id}`) ?? []) : null,
    england: england ? latestOf(byIndicatorArea.get(`${i.id}:${england.id}`) ?? []) : null,
  });
  const live = indicators.filter((i) => !i.archivedAt);
  const groups: IndicatorGroup[] = [
    { key: "overarching", title: "Overarching indicators", principle: null, indicators: live.filter((i) => i.kind === "overarching").map(row) },
    ...principles.map((p) => {
      const ids = new Set(links.filter((l) => l.principleId === p.id).map((l) => l.indicatorId));
      return {
        key: `principle-${p.number}`,
        title: `Principle ${p.number}: ${p.title}`,
        principle: p.number,
        indicators: live.filter((i) => i.kind === "principle" && ids.has(i.id)).map(row),
      };
    }),
    { key: "context", title: "Context and need measures", principle: null, indicators: live.filter((i) => i.kind === "context").map(row) },
  ];
  return { groups, archived: indicators.filter((i) => i.archivedAt).map(row), placeName: place?.name ?? "The place" };
}

export function listPrinciples() {
  return db.select().from(schema.principles).orderBy(asc(schema.principles.number)).all();
}

/** Every area a value can be entered for, in the order staff read them. */
export function listAreasForValues() {
  return db
    .select({ id: schema.areas.id, name: schema.areas.name, kind: schema.areas.kind, code: schema.areas.code, sortOrder: schema.areas.sortOrder })
    .from(schema.areas)
    .all()
    .sort((a, b) => AREA_KIND_ORDER.indexOf(a.kind) - AREA_KIND_ORDER.indexOf(b.kind) || a.sortOrder - b.sortOrder || a.name.localeCompare(b.name));
}

/** One indicator with its principles and all its values, grouped by kind of area. */
export function getIndicator(id: number) {
  const indicator = db.select().from(schema.indicators).where(eq(schema.indicators.id, id)).get();
  if (!indicator) return null;
  const principles = db
    .select({ id: schema.principles.id, number: schema.principles.number, title: schema.principles.title })
    .from(schema.indicatorPrinciples)
    .innerJoin(schema.principles, eq(schema.principles.id, schema.indicatorPrinciples.principleId))
    .where(eq(schema.indicatorPrinciples.indicatorId, id))
    .orderBy(asc(schema.principles.number))
    .all();
  const values = db
    .select({
      id: schema.indicatorValues.id,
      areaId: schema.areas.id,
      areaName: schema.areas.name,
      areaKind: schema.areas.kind,
      areaSort: schema.areas.sortOrder,
      sex: schema.indicatorValues.sex,
      age: schema.indicatorValues.age,
      categoryType: schema.indicatorValues.categoryType,
      category: schema.indicatorValues.category,
      period: schema.indicatorValues.period,
      periodSortable: schema.indicatorValues.periodSortable,
      value: schema.indicatorValues.value,
      lowerCi95: schema.indicatorValues.lowerCi95,
      upperCi95: schema.indicatorValues.upperCi95,
      valueNote: schema.indicatorValues.valueNote,
      source: schema.indicatorValues.source,
    })
    .from(schema.indicatorValues)
    .innerJoin(schema.areas, eq(schema.areas.id, schema.indicatorValues.areaId))
    .where(eq(schema.indicatorValues.indicatorId, id))
    .all()
    .sort(
      (a, b) =>
        AREA_KIND_ORDER.indexOf(a.areaKind) - AREA_KIND_ORDER.indexOf(b.areaKind) ||
        a.areaSort - b.areaSort ||
        a.areaName.localeCompare(b.areaName) ||
        (b.periodSortable ?? Number.MIN_SAFE_INTEGER) - (a.periodSortable ?? Number.MIN_SAFE_INTEGER) ||
        a.sex.localeCompare(b.sex) ||
        a.age.localeCompare(b.age) ||
        a.category.localeCompare(b.category),
    );
  const groups: { title: string; values: (typeof values)[number][] }[] = [];
  for (const v of values) {
    const title = AREA_KIND_GROUPS[v.areaKind] ?? "Other areas";
    let group = groups.find((g) => g.title === title);
    if (!group) groups.push((group = { title, values: [] }));
    group.values.push(v);
  }
  return { indicator, principles, valueGroups: groups, valueCount: values.length };
}

export function getValue(indicatorId: number, valueId: number) {
  return (
    db
      .select()
      .from(schema.indicatorValues)
      .where(and(eq(schema.indicatorValues.id, valueId), eq(schema.indicatorValues.indicatorId, indicatorId)))
      .get() ?? null
  );
}

// ---------------------------------------------------------------------------------------------
// Changes
// ---------------------------------------------------------------------------------------------

export type IndicatorRefusal = { ok: false; errors: Record<string, string> } | { ok: false; notFound: true };

const REFUSALS = {
  name: "There is already an indicator with this name",
  fingertipsId: (other: string) => `"${other}" already has this Fingertips indicator ID`,
  isPopulation: (other: string) =>
    `"${other}" is already the resident population of each ward. Only one indicator can be: change that one first`,
  principles: "Select principles from the list",
};

function refusals(tx: DbOrTx, input: IndicatorInput, selfId: number | null): Record<string, string> {
  const errors: Record<string, string> = {};
  const others = (condition: ReturnType<typeof eq>) =>
    tx
      .select({ id: schema.indicators.id, name: schema.indicators.name })
      .from(schema.indicators)
      .where(selfId === null ? condition : and(condition, ne(schema.indicators.id, selfId)))
      .get();
  if (others(sql`lower(${schema.indicators.name}) = ${input.name.toLowerCase()}`)) errors.name = REFUSALS.name;
  if (input.fingertipsId !== null) {
    const other = others(eq(schema.indicators.fingertipsId, input.fingertipsId));
    if (other) errors.fingertipsId = REFUSALS.fingertipsId(other.name);
  }
  if (input.isPopulation) {
    const other = others(eq(schema.indicators.isPopulation, true));
    if (other) errors.isPopulation = REFUSALS.isPopulation(other.name);
  }
  return errors;
}

function principleIds(tx: DbOrTx, numbers: number[]): number[] | null {
  if (!numbers.length) return [];
  const found = tx.select().from(schema.principles).where(inArray(schema.principles.number, numbers)).all();
  return found.length === new Set(numbers).size ? found.map((p) => p.id) : null;
}

export function createIndicator(actor: { id: number }, input: IndicatorInput): { ok: true; id: number } | IndicatorRefusal {
  return transaction((tx) => {
    const errors = refusals(tx, input, null);
    const ids = principleIds(tx, input.principles);
    if (ids === null) errors.principles = REFUSALS.principles;
    if (Object.keys(errors).length) return { ok: false as const, errors };
    const { principles: numbers, ...fields } = input;
    const last = tx.select({ max: sql<number | null>`max(${schema.indicators.sortOrder})` }).from(schema.indicators).get();
    const created = tx
      .insert(schema.indicators)
      .values({ ...fields, sortOrder: (last?.max ?? 0) + 1 })
      .returning({ id: schema.indicators.id })
      .get();
    for (const principleId of ids!) tx.insert(schema.indicatorPrinciples).values({ indicatorId: created.id, principleId }).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "indicator.created",
      entityType: "indicator",
      entityId: created.id,
      summary: `Added the indicator "${input.name}"`,
      details: { ...input, principles: numbers },
    });
    return { ok: true as const, id: created.id };
  });
}

export function updateIndicator(actor: { id: number }, id: number, input: IndicatorInput): { ok: true } | IndicatorRefusal {
  return transaction((tx) => {
    const before = tx.select().from(schema.indicators).where(eq(schema.indicators.id, id)).get();
    if (!before) return { ok: false as const, notFound: true as const };
    const errors = refusals(tx, input, id);
    const ids = principleIds(tx, input.principles);
    if (ids === null) errors.principles = REFUSALS.principles;
    if (Object.keys(errors).length) return { ok: false as const, errors };
    const beforePrinciples = tx
      .select({ number: schema.principles.number })
      .from(schema.indicatorPrinciples)
      .innerJoin(schema.principles, eq(schema.principles.id, schema.indicatorPrinciples.principleId))
      .where(eq(schema.indicatorPrinciples.indicatorId, id))
      .all()
      .map((p) => p.number);
    const { principles: numbers, ...fields } = input;
    tx.update(schema.indicators).set(fields).where(eq(schema.indicators.id, id)).run();
    tx.delete(schema.indicatorPrinciples).where(eq(schema.indicatorPrinciples.indicatorId, id)).run();
    for (const principleId of ids!) tx.insert(schema.indicatorPrinciples).values({ indicatorId: id, principleId }).run();
    const from = {
      name: before.name,
      kind: before.kind,
      principles: beforePrinciples,
      unit: before.unit,
      polarity: before.polarity,
      fingertipsId: before.fingertipsId,
      definition: before.definition,
      source: before.source,
      isPopulation: before.isPopulation,
    };
    const to = { ...fields, principles: numbers };
    const changed = Object.keys(to).filter((k) => JSON.stringify(from[k as keyof typeof from]) !== JSON.stringify(to[k as keyof typeof to]));
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "indicator.updated",
      entityType: "indicator",
      entityId: id,
      summary: changed.length ? `Changed ${changed.join(", ")} of "${input.name}"` : `Saved "${input.name}" unchanged`,
      details: { from, to },
    });
    return { ok: true as const };
  });
}

/** Archived indicators leave the lists (their values stay); unarchiving brings them back. */
export function setArchived(actor: { id: number }, id: number, archived: boolean): { ok: true; changed: boolean } | { ok: false; notFound: true } {
  return transaction((tx) => {
    const before = tx.select().from(schema.indicators).where(eq(schema.indicators.id, id)).get();
    if (!before) return { ok: false as const, notFound: true as const };
    if (Boolean(before.archivedAt) === archived) return { ok: true as const, changed: false };
    tx.update(schema.indicators).set({ archivedAt: archived ? new Date() : null }).where(eq(schema.indicators.id, id)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: archived ? "indicator.archived" : "indicator.unarchived",
      entityType: "indicator",
      entityId: id,
      summary: `${archived ? "Archived" : "Unarchived"} "${before.name}"`,
    });
    return { ok: true as const, changed: true };
  });
}

/**
 * A value entered or corrected by hand. The same indicator, area, period and sex (all ages, no
 * category; or, correcting a stored value, that value's age and category) replaces what is stored. A blank value is stored as missing (NULL) with its note.
 */
export function enterValue(
  actor: { id: number },
  indicatorId: number,
  input: ValueInput,
): { ok: true; valueId: number; replaced: boolean } | { ok: false; errors: Record<string, string> } | { ok: false; notFound: true } {
  return transaction((tx) => {
    const indicator = tx.select().from(schema.indicators).where(eq(schema.indicators.id, indicatorId)).get();
    if (!indicator) return { ok: false as const, notFound: true as const };
    const area = tx.select().from(schema.areas).where(eq(schema.areas.id, input.areaId)).get();
    if (!area) return { ok: false as const, errors: { areaId: "Select the area from the list" } };
    // Correcting a stored value keeps its breakdown (an imported "18+ yrs" stays so); a new one is for all ages.
    const original = input.valueId
      ? tx
          .select()
          .from(schema.indicatorValues)
          .where(and(eq(schema.indicatorValues.id, input.valueId), eq(schema.indicatorValues.indicatorId, indicatorId)))
          .get()
      : undefined;
    // A correction of a value that is not there (or is another indicator's) is refused, never made a new value.
    if (input.valueId && !original) return { ok: false as const, notFound: true as const };
    const breakdown = original
      ? { age: original.age, categoryType: original.categoryType, category: original.category }
      : { age: "All ages", categoryType: "", category: "" };
    const key = { indicatorId, areaId: area.id, sex: input.sex, ...breakdown, period: input.period };
    const before = tx
      .select()
      .from(schema.indicatorValues)
      .where(
        and(
          eq(schema.indicatorValues.indicatorId, key.indicatorId),
          eq(schema.indicatorValues.areaId, key.areaId),
          eq(schema.indicatorValues.sex, key.sex),
          eq(schema.indicatorValues.age, key.age),
          eq(schema.indicatorValues.categoryType, key.categoryType),
          eq(schema.indicatorValues.category, key.category),
          eq(schema.indicatorValues.period, key.period),
        ),
      )
      .get();
    const fields = {
      periodSortable: input.periodSortable ?? sortablePeriod(input.period),
      value: input.value,
      valueNote: input.valueNote,
      source: input.source,
      importId: null,
    };
    const saved = tx
      .insert(schema.indicatorValues)
      .values({ ...key, ...fields, lowerCi95: null, upperCi95: null, count: null, denominator: null })
      .onConflictDoUpdate({
        target: [
          schema.indicatorValues.indicatorId,
          schema.indicatorValues.areaId,
          schema.indicatorValues.sex,
          schema.indicatorValues.age,
          schema.indicatorValues.categoryType,
          schema.indicatorValues.category,
          schema.indicatorValues.period,
        ],
        // A corrected value: the confidence interval and counts were for the old one.
        set: { ...fields, lowerCi95: null, upperCi95: null, count: null, denominator: null, updatedAt: new Date() },
      })
      .returning({ id: schema.indicatorValues.id })
      .get();
    const shown = (v: number | null) => (v === null ? "missing" : String(v));
    recordAudit(tx, {
      actorUserId: actor.id,
      action: before ? "indicator_value.corrected" : "indicator_value.entered",
      entityType: "indicator",
      entityId: indicatorId,
      summary: `${indicator.name}, ${area.name}, ${input.period}, ${breakdownLabel({ sex: input.sex, ...breakdown })}: ${before ? `${shown(before.value)} → ` : ""}${shown(input.value)}`,
      details: { valueId: saved.id, from: before ? { value: before.value, valueNote: before.valueNote, source: before.source } : null, to: fields },
    });
    return { ok: true as const, valueId: saved.id, replaced: Boolean(before) };
  });
}
