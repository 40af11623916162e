// The place this portal serves, and its geography, read from the database (never hard-wired).
import { and, asc, eq, getTableColumns } from "drizzle-orm";
import { db, schema, transaction, type DbOrTx } from "~/utils/db.server";
import { recordAudit } from "./audit.server";
import { latestHeadline } from "./indicator-values";
import { SERVICE_NAME } from "~/utils/meta";


/** The place row. Before the place file is loaded, a neutral stand-in keeps pages working. */
export function getPlace(tx: DbOrTx = db) {
  return (
    tx.select().from(schema.place).where(eq(schema.place.id, 1)).get() ?? {
      id: 1,
      name: "",
      title: SERVICE_NAME,
      councilName: "",
      areaCode: null,
      funderOrgId: null,
      grantIdPrefix: null,
      localOrgIdPrefix: "HEFP",
      contactEmail: null,
      updatedAt: new Date(0),
    }
  );
}

/** Who runs the portal and how to reach them, for the statements. */
export function getPlaceContact() {
  const place = getPlace();
  return { council: place.councilName || "the council", contactEmail: place.contactEmail };
}

/** Every column of an area but its boundary (large; only the ward map reads it, from boundaries.server.ts). */
const { boundary: _boundary, ...AREA_COLUMNS } = getTableColumns(schema.areas);

export function listWards() {
  return db
    .select(AREA_COLUMNS)
    .from(schema.areas)
    .where(eq(schema.areas.kind, "ward"))
    .orderBy(asc(schema.areas.name))
    .all();
}

export function listNeighbourhoods() {
  return db
    .select(AREA_COLUMNS)
    .from(schema.areas)
    .where(eq(schema.areas.kind, "neighbourhood"))
    .orderBy(asc(schema.areas.sortOrder), asc(schema.areas.name))
    .all();
}

export const WARD_CODE = /^E05\d{6}$/;

/**
 * Wards with their neighbourhood and code, and the need measures the place file or staff
 * loaded for them (the context indicators, e.g. Social Progress Index): latest value of each.
 */
export function listWardsWithNeed() {
  const wards = listWards();
  const neighbourhoods = new Map(listNeighbourhoods().map((n) => [n.id, n.name]));
  const measures = db
    .select({ id: schema.indicators.id, name: schema.indicators.name, unit: schema.indicators.unit })
    .from(schema.indicators)
    .where(eq(schema.indicators.kind, "context"))
    .orderBy(asc(schema.indicators.sortOrder))
    .all();
  const latest = latestWardValues(db, "context");
  return {
    measures,
    wards: wards.map((w) => ({
      id: w.id,
      name: w.name,
      code: w.code,
      neighbourhood: w.parentId ? (neighbourhoods.get(w.parentId) ?? null) : null,
      need: Object.fromEntries(measures.map((m) => [m.id, latest.get(m.id)?.get(w.id)?.value ?? null])),
    })),
  };
}

/**
 * The latest value of each indicator in each ward, by the one rule of indicator-values.ts: for
 * Persons, "All ages" (else the only age), no category, the most recent dated period that has a
 * value (null when no period has one), with any newer period whose value is missing.
 * Indicator id → ward id → value and period. One read, for every ward at once.
 */
export function latestWardValues(tx: DbOrTx = db, kind?: (typeof schema.INDICATOR_KINDS)[number]) {
  const values = tx
    .select({
      id: schema.indicatorValues.id,
      indicatorId: schema.indicatorValues.indicatorId,
      areaId: schema.indicatorValues.areaId,
      sex: schema.indicatorValues.sex,
      age: schema.indicatorValues.age,
      categoryType: schema.indicatorValues.categoryType,
      category: schema.indicatorValues.category,
      value: schema.indicatorValues.value,
      valueNote: schema.indicatorValues.valueNote,
      period: schema.indicatorValues.period,
      periodSortable: schema.indicatorValues.periodSortable,
    })
    .from(schema.indicatorValues)
    .innerJoin(schema.indicators, eq(schema.indicators.id, schema.indicatorValues.indicatorId))
    .innerJoin(schema.areas, eq(schema.areas.id, schema.indicatorValues.areaId))
    .where(
      and(
        kind ? eq(schema.indicators.kind, kind) : undefined,
        eq(schema.areas.kind, "ward"),
        eq(schema.indicatorValues.sex, "Persons"),
        eq(schema.indicatorValues.categoryType, ""),
        eq(schema.indicatorValues.category, ""),
      ),
    )
    .all();
  type Row = (typeof values)[number];
  const grouped = new Map<number, Map<number, Row[]>>();
  for (const v of values) {
    const byWard = grouped.get(v.indicatorId) ?? new Map<number, Row[]>();
    grouped.set(v.indicatorId, byWard);
    const list = byWard.get(v.areaId);
    if (list) list.push(v);
    else byWard.set(v.areaId, [v]);
  }
  type Latest = {
    value: number | null;
    period: string;
    periodSortable: number | null;
    valueNote: string | null;
    /** A newer period whose value is missing: "2023: no value (note)". */
    newerMissing: { period: string; valueNote: string | null } | null;
  };
  const latest = new Map<number, Map<number, Latest>>();
  for (const [indicatorId, byWard] of grouped) {
    const out = new Map<number, Latest>();
    latest.set(indicatorId, out);
    for (const [wardId, rows] of byWard) {
      const pick = latestHeadline(rows);
      if (!pick) continue;
      const shown = pick.row ?? pick.newerMissing!;
      out.set(wardId, {
        value: pick.row?.value ?? null,
        period: shown.period,
        periodSortable: shown.periodSortable,
        valueNote: shown.valueNote,
        newerMissing: pick.row && pick.newerMissing ? { period: pick.newerMissing.period, valueNote: pick.newerMissing.valueNote } : null,
      });
    }
  }
  return latest;
}

export function getWard(id: number) {
  return (
    db
      .select(AREA_COLUMNS)
      .from(schema.areas)
      .where(and(eq(schema.areas.id, id), eq(schema.areas.kind, "ward")))
      .get() ?? null
  );
}

/** Staff say which neighbourhood a ward is in, and its ONS code, once they know them. */
export function updateWard(
  actor: { id: number },
  wardId: number,
  change: { code: string | null; neighbourhoodId: number | null },
): { ok: true } | { ok: false; problem: "not_found" | "code_taken" | "no_neighbourhood" } {
  return transaction((tx) => {
    const ward = tx.select().from(schema.areas).where(and(eq(schema.areas.id, wardId), eq(schema.areas.kind, "ward"))).get();
    if (!ward) return { ok: false as const, problem: "not_found" as const };
    if (change.neighbourhoodId !== null) {
      const n = tx
        .select()
        .from(schema.areas)
        .where(and(eq(schema.areas.id, change.neighbourhoodId), eq(schema.areas.kind, "neighbourhood")))
        .get();
      if (!n) return { ok: false as const, problem: "no_neighbourhood" as const };
    }
    if (change.code) {
      const other = tx.select().from(schema.areas).where(eq(schema.areas.code, change.code)).get();
      if (other && other.id !== wardId) return { ok: false as const, problem: "code_taken" as const };
    }
    tx.update(schema.areas).set({ code: change.code, parentId: change.neighbourhoodId }).where(eq(schema.areas.id, wardId)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "ward.updated",
      entityType: "area",
      entityId: wardId,
      summary: `${ward.name}: code ${change.code ?? "not set"}, neighbourhood ${change.neighbourhoodId ?? "not set"}`,
      details: { from: { code: ward.code, parentId: ward.parentId }, to: change },
    });
    return { ok: true as const };
  });
}

/** The address people are told to write to (accessibility statement, privacy notice, emails). */
export function updatePlaceContact(actor: { id: number }, contactEmail: string | null) {
  transaction((tx) => {
    const before = getPlace(tx).contactEmail;
    tx.update(schema.place).set({ contactEmail }).where(eq(schema.place.id, 1)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "place.contact_changed",
      entityType: "place",
      entityId: 1,
      summary: `Contact email ${before ?? "not set"} → ${contactEmail ?? "not set"}`,
    });
  });
}

export type PlaceSettings = { contactEmail: string | null; grantIdPrefix: string | null; funderOrgId: string | null };

const SETTING_AUDIT: Record<keyof PlaceSettings, { action: string; label: string }> = {
  contactEmail: { action: "place.contact_changed", label: "Contact email" },
  grantIdPrefix: { action: "place.grant_id_prefix_changed", label: "360Giving prefix" },
  funderOrgId: { action: "place.funder_org_id_changed", label: "Funder organisation identifier" },
};

/**
 * The place settings an admin keeps: the contact email, and for 360Giving open data the prefix
 * 360Giving issued (stored without "360G-") and the funder's org-id.guide identifier. Each change
 * is audited; answers which settings changed.
 */
export function updatePlaceSettings(actor: { id: number }, change: PlaceSettings): (keyof PlaceSettings)[] {
  return transaction((tx) => {
    const before = getPlace(tx);
    const changed = (Object.keys(SETTING_AUDIT) as (keyof PlaceSettings)[]).filter((k) => before[k] !== change[k]);
    if (!changed.length) return changed;
    tx.update(schema.place).set(change).where(eq(schema.place.id, 1)).run();
    for (const k of changed)
      recordAudit(tx, {
        actorUserId: actor.id,
        action: SETTING_AUDIT[k].action,
        entityType: "place",
        entityId: 1,
        summary: `${SETTING_AUDIT[k].label} ${before[k] ?? "not set"} → ${change[k] ?? "not set"}`,
      });
    return changed;
  });
}
