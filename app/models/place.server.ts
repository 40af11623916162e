// The place this portal serves, and its geography, read from the database (never hard-wired).
import { and, asc, eq } from "drizzle-orm";
import { db, schema, transaction, type DbOrTx } from "~/utils/db.server";
import { recordAudit } from "./audit.server";
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

export function listWards() {
  return db
    .select()
    .from(schema.areas)
    .where(eq(schema.areas.kind, "ward"))
    .orderBy(asc(schema.areas.name))
    .all();
}

export function listNeighbourhoods() {
  return db
    .select()
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
  const values = db
    .select({
      indicatorId: schema.indicatorValues.indicatorId,
      areaId: schema.indicatorValues.areaId,
      value: schema.indicatorValues.value,
      period: schema.indicatorValues.period,
      periodSortable: schema.indicatorValues.periodSortable,
    })
    .from(schema.indicatorValues)
    .innerJoin(schema.indicators, eq(schema.indicators.id, schema.indicatorValues.indicatorId))
    .innerJoin(schema.areas, eq(schema.areas.id, schema.indicatorValues.areaId))
    .where(
      and(
        eq(schema.indicators.kind, "context"),
        eq(schema.areas.kind, "ward"),
        eq(schema.indicatorValues.sex, "Persons"),
        eq(schema.indicatorValues.categoryType, ""),
      ),
    )
    .all();
  // Latest period wins.
  const latest = new Map<string, (typeof values)[number]>();
  for (const v of values) {
    const key = `${v.indicatorId}:${v.areaId}`;
    const seen = latest.get(key);
    if (!seen || (v.periodSortable ?? 0) > (seen.periodSortable ?? 0)) latest.set(key, v);
  }
  return {
    measures,
    wards: wards.map((w) => ({
      id: w.id,
      name: w.name,
      code: w.code,
      neighbourhood: w.parentId ? (neighbourhoods.get(w.parentId) ?? null) : null,
      need: Object.fromEntries(measures.map((m) => [m.id, latest.get(`${m.id}:${w.id}`)?.value ?? null])),
    })),
  };
}

export function getWard(id: number) {
  return (
    db
      .select()
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
