// Ward boundaries for the ward map, loaded by staff from a GeoJSON file as the ONS Open Geography
// Portal publishes it ("Wards (May 2024) Boundaries UK BGC" and the like: a FeatureCollection
// whose features have WD24CD/WD24NM properties, or WD23CD/WD23NM… in other years). Each feature
// is matched to one of the place's wards by the rule of the Fingertips import: by ONS code where
// the ward has one, else by name (trimmed, any case). Features for wards elsewhere are counted
// and ignored, so the national file works. Boundaries must be longitude/latitude (WGS84) inside
// Great Britain; a file in British National Grid metres is refused with a message saying which
// file to download instead. Each boundary is simplified before it is stored (5 decimals, points
// closer than about 10 m dropped, rings kept closed), so that pages stay small. The big
// `areas.boundary` column is read here only: other queries name their columns.
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Position, Ring, WardGeometry } from "~/components/charts/ward-map";
import { db, schema, transaction } from "~/utils/db.server";
import { recordAudit } from "./audit.server";
import { getPlace } from "./place.server";
import { BOUNDARY_MESSAGES, MAX_BOUNDARY_BYTES } from "~/schemas/boundaries";

export { BOUNDARY_MESSAGES, MAX_BOUNDARY_BYTES };

// --- Reading the file -------------------------------------------------------------------------

const collectionSchema = z.object({
  type: z.literal("FeatureCollection"),
  features: z.array(
    z.object({
      type: z.literal("Feature"),
      properties: z.record(z.string(), z.unknown()).nullable().optional(),
      geometry: z.unknown(),
    }),
  ),
  crs: z.unknown().optional(),
});

const position = z
  .tuple([
    z.number().min(-9, "a longitude west of Great Britain").max(3, "a longitude east of Great Britain"),
    z.number().min(49, "a latitude south of Great Britain").max(61, "a latitude north of Great Britain"),
  ])
  .rest(z.number());
const ring = z
  .array(position)
  .min(4, "a ring with fewer than 4 points")
  .refine((r) => r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1], "a ring that does not end where it starts");
const polygon = z.array(ring).min(1, "a polygon with no rings");
const geometrySchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("Polygon"), coordinates: polygon }),
    z.object({ type: z.literal("MultiPolygon"), coordinates: z.array(polygon).min(1, "a multipolygon with no polygons") }),
  ],
  { error: "not a Polygon or MultiPolygon" },
);

type FileFeature = { code: string | null; name: string | null; lad: string | null; geometry: unknown };

/** The first number pair in a geometry's coordinates, however deep, to tell metres from degrees. */
function firstPosition(geometry: unknown): number[] | null {
  let c = (geometry as { coordinates?: unknown } | null)?.coordinates;
  for (let depth = 0; depth < 5 && Array.isArray(c); depth++) {
    if (typeof c[0] === "number") return c as number[];
    c = c[0];
  }
  return null;
}

const textOf = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : typeof v === "number" ? String(v) : null);

/** Reads the uploaded text as a FeatureCollection of ward boundaries; nothing is written. */
export function readBoundaryFile(text: string): { ok: true; features: FileFeature[] } | { ok: false; message: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return { ok: false, message: BOUNDARY_MESSAGES.notJson };
  }
  const parsed = collectionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: BOUNDARY_MESSAGES.notCollection };
  const crs = JSON.stringify(parsed.data.crs ?? "");
  const metres = /27700/.test(crs) || parsed.data.features.some((f) => (firstPosition(f.geometry) ?? []).slice(0, 2).some((n) => Math.abs(n) > 1000));
  if (metres) return { ok: false, message: BOUNDARY_MESSAGES.britishNationalGrid };
  let named = 0;
  const features = parsed.data.features.map((f) => {
    const props = f.properties ?? {};
    const keys = Object.keys(props);
    const codeKey = keys.find((k) => /^WD\d\dCD$/i.test(k)) ?? keys.find((k) => k.toLowerCase() === "code");
    const nameKey = keys.find((k) => /^WD\d\dNM$/i.test(k)) ?? keys.find((k) => k.toLowerCase() === "name");
    const ladKey = keys.find((k) => /^LAD\d\dCD$/i.test(k));
    const feature = {
      code: codeKey ? (textOf(props[codeKey])?.toUpperCase() ?? null) : null,
      name: nameKey ? textOf(props[nameKey]) : null,
      lad: ladKey ? (textOf(props[ladKey])?.toUpperCase() ?? null) : null,
      geometry: f.geometry,
    };
    if (feature.code || feature.name) named++;
    return feature;
  });
  if (features.length && !named) return { ok: false, message: BOUNDARY_MESSAGES.noWardProperty };
  return { ok: true, features };
}

// --- Simplifying --------------------------------------------------------------------------------

const round5 = (n: number) => Math.round(n * 1e5) / 1e5;
const TOLERANCE_METRES = 10;

/** About how far apart two longitude/latitude points are, in metres (fine at a town's scale). */
function metresBetween(a: Position, b: Position): number {
  const k = Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  return Math.hypot((a[0] - b[0]) * k * 111_320, (a[1] - b[1]) * 110_574);
}

/** A ring rounded to 5 decimals (about 1 m) without points closer than ~10 m to the last kept; closed, ≥4 points, or null. */
export function simplifyRing(input: number[][]): Ring | null {
  const points = input.map((p): Position => [round5(p[0]!), round5(p[1]!)]);
  const open = points.slice(0, -1);
  if (!open.length) return null;
  const kept: Position[] = [open[0]!];
  for (const p of open.slice(1)) if (metresBetween(p, kept.at(-1)!) >= TOLERANCE_METRES) kept.push(p);
  while (kept.length > 1 && metresBetween(kept.at(-1)!, kept[0]!) < TOLERANCE_METRES) kept.pop();
  if (kept.length >= 3) return [...kept, kept[0]!];
  // Too small to thin out: keep it rounded, without repeated points.
  const unique = open.filter((p, i) => i === 0 || p[0] !== open[i - 1]![0] || p[1] !== open[i - 1]![1]);
  return unique.length >= 3 ? [...unique, unique[0]!] : null;
}

function simplifyPolygon(rings: number[][][]): Ring[] | null {
  const outer = simplifyRing(rings[0]!);
  if (!outer) return null;
  return [outer, ...rings.slice(1).map(simplifyRing).filter((r): r is Ring => r !== null)];
}

/** A valid geometry, simplified; pieces too small to keep are dropped (never the whole ward). */
export function simplifyGeometry(g: z.output<typeof geometrySchema>): WardGeometry {
  const rounded = (rings: number[][][]): Ring[] => rings.map((r) => r.map((p): Position => [round5(p[0]!), round5(p[1]!)]));
  if (g.type === "Polygon") return { type: "Polygon", coordinates: simplifyPolygon(g.coordinates) ?? rounded(g.coordinates) };
  const polygons = g.coordinates.map(simplifyPolygon).filter((p): p is Ring[] => p !== null);
  return { type: "MultiPolygon", coordinates: polygons.length ? polygons : g.coordinates.map(rounded) };
}

// --- Importing ----------------------------------------------------------------------------------

export type BoundaryImportResult = {
  /** Wards of the place given a boundary by this file. */
  matched: number;
  /** Of those, how many had no boundary or a different one before. */
  changed: number;
  /** Features for wards that are not the place's (a national file has thousands). */
  ignored: number;
  /** The place's wards this file has no boundary for (they keep any they had). */
  withoutBoundary: string[];
  /** Wards matched by name by more than one feature: not loaded, they need their ONS code. */
  ambiguous: string[];
};

export function importBoundaries(actor: { id: number }, text: string): { ok: true; result: BoundaryImportResult } | { ok: false; message: string } {
  const read = readBoundaryFile(text);
  if (!read.ok) return read;
  return transaction((tx) => {
    const wards = tx
      .select({ id: schema.areas.id, name: schema.areas.name, code: schema.areas.code })
      .from(schema.areas)
      .where(eq(schema.areas.kind, "ward"))
      .all();
    const placeCode = getPlace(tx).areaCode?.toUpperCase() ?? null;
    const byCode = new Map(wards.filter((w) => w.code).map((w) => [w.code!.toUpperCase(), w]));
    // A ward with a code of its own is matched by it only (as the Fingertips import does).
    const byName = new Map(wards.filter((w) => !w.code).map((w) => [w.name.trim().toLowerCase(), w]));
    const found = new Map<number, FileFeature[]>();
    let ignored = 0;
    for (const f of read.features) {
      const ward =
        (f.code ? byCode.get(f.code) : undefined) ??
        (f.name && !(f.lad && placeCode && f.lad !== placeCode) ? byName.get(f.name.trim().toLowerCase()) : undefined);
      if (!ward) {
        ignored++;
        continue;
      }
      found.set(ward.id, [...(found.get(ward.id) ?? []), f]);
    }
    const ambiguous = wards.filter((w) => (found.get(w.id)?.length ?? 0) > 1).map((w) => w.name);
    const toStore: { id: number; name: string; boundary: WardGeometry }[] = [];
    for (const w of wards) {
      const features = found.get(w.id);
      if (features?.length !== 1) continue;
      const checked = geometrySchema.safeParse(features[0]!.geometry);
      if (!checked.success) {
        const issue = checked.error.issues[0]!;
        const what = issue.message.startsWith("a ") ? `it has ${issue.message}` : "it is not a Polygon or MultiPolygon of longitude and latitude numbers";
        return { ok: false as const, message: `The boundary for ${w.name} in the file is not valid: ${what}` };
      }
      toStore.push({ id: w.id, name: w.name, boundary: simplifyGeometry(checked.data) });
    }
    const before = new Map(
      toStore.length
        ? tx
            .select({ id: schema.areas.id, boundary: schema.areas.boundary })
            .from(schema.areas)
            .where(inArray(schema.areas.id, toStore.map((w) => w.id)))
            .all()
            .map((r) => [r.id, r.boundary ? JSON.stringify(r.boundary) : null])
        : [],
    );
    const changed = toStore.filter((w) => before.get(w.id) !== JSON.stringify(w.boundary));
    for (const w of changed) tx.update(schema.areas).set({ boundary: w.boundary }).where(eq(schema.areas.id, w.id)).run();
    const result: BoundaryImportResult = {
      matched: toStore.length,
      changed: changed.length,
      ignored,
      withoutBoundary: wards.filter((w) => !found.has(w.id)).map((w) => w.name).sort((a, b) => a.localeCompare(b)),
      ambiguous: ambiguous.sort((a, b) => a.localeCompare(b)),
    };
    if (changed.length) {
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "ward_boundaries.imported",
        entityType: "area",
        summary: `Ward boundaries loaded: ${changed.length} changed of ${toStore.length} matched; ${ignored} features for other wards ignored`,
        details: { changed: changed.map((w) => w.name), withoutBoundary: result.withoutBoundary, ambiguous: result.ambiguous, ignored },
      });
    }
    return { ok: true as const, result };
  });
}

/** Removes every ward's boundary (the map disappears until a file is loaded again). */
export function clearBoundaries(actor: { id: number }): number {
  return transaction((tx) => {
    const had = tx
      .select({ id: schema.areas.id, name: schema.areas.name })
      .from(schema.areas)
      .where(and(eq(schema.areas.kind, "ward"), isNotNull(schema.areas.boundary)))
      .all();
    if (!had.length) return 0;
    tx.update(schema.areas).set({ boundary: null }).where(inArray(schema.areas.id, had.map((w) => w.id))).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "ward_boundaries.cleared",
      entityType: "area",
      summary: `Ward boundaries removed from ${had.length} ${had.length === 1 ? "ward" : "wards"}`,
      details: { wards: had.map((w) => w.name) },
    });
    return had.length;
  });
}

/** Which of the place's wards have a boundary (without reading the boundaries themselves). */
export function boundaryStatus() {
  const wards = db
    .select({ id: schema.areas.id, name: schema.areas.name, code: schema.areas.code, hasBoundary: sql<number>`${schema.areas.boundary} is not null` })
    .from(schema.areas)
    .where(eq(schema.areas.kind, "ward"))
    .orderBy(schema.areas.name)
    .all()
    .map((w) => ({ ...w, hasBoundary: Boolean(w.hasBoundary) }));
  return { wards, withBoundary: wards.filter((w) => w.hasBoundary).length };
}

/**
 * For the ward page's map: the given wards (with the money the page shows for each) that have a
 * boundary, and the names of those that have none. Null when no ward has a boundary at all.
 */
export function wardMapData(wardMoney: { id: number; name: string; awardedPence: number }[]) {
  const any = db
    .select({ id: schema.areas.id })
    .from(schema.areas)
    .where(and(eq(schema.areas.kind, "ward"), isNotNull(schema.areas.boundary)))
    .limit(1)
    .get();
  if (!any) return null;
  const boundaries = new Map(
    wardMoney.length
      ? db
          .select({ id: schema.areas.id, boundary: schema.areas.boundary })
          .from(schema.areas)
          .where(and(inArray(schema.areas.id, wardMoney.map((w) => w.id)), isNotNull(schema.areas.boundary)))
          .all()
          .map((r) => [r.id, r.boundary as WardGeometry])
      : [],
  );
  return {
    caption: "Map of the money awarded by ward",
    wards: wardMoney
      .filter((w) => boundaries.has(w.id))
      .map((w) => ({ id: w.id, name: w.name, amountPence: w.awardedPence, boundary: boundaries.get(w.id)! })),
    withoutBoundary: wardMoney.filter((w) => !boundaries.has(w.id)).map((w) => w.name),
  };
}
