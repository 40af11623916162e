// Ward boundaries for the ward map: loading the ONS GeoJSON file (a small synthetic one, see
// test/fixtures/boundaries/README.md), what is stored, what is refused, and that the boundaries
// never ride along in the pages' data.
import fs from "node:fs";
import path from "node:path";
import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { WardGeometry } from "~/components/charts/ward-map";
import { BOUNDARY_MESSAGES, clearBoundaries, importBoundaries, simplifyRing, wardMapData } from "~/models/boundaries.server";
import { updateWard } from "~/models/place.server";
import { action as boundariesAction, loader as boundariesLoader } from "~/routes/staff.wards.boundaries";
import { loader as wardsLoader } from "~/routes/staff.wards._index";
import { loader as wardLoader } from "~/routes/staff.wards.$wardId";
import { loader as staffHomeLoader } from "~/routes/staff._index";
import { loader as impactWardsLoader } from "~/routes/staff.impact.wards._index";
import { db, schema } from "~/utils/db.server";
import { args, makeUser, postAs, requestAs, seeded, type Person } from "../support/awards";

const FIXTURES = path.resolve("test/fixtures/boundaries");
const FILE = fs.readFileSync(path.join(FIXTURES, "luton-wards-test.geojson"), "utf8");
const BNG = fs.readFileSync(path.join(FIXTURES, "luton-wards-test-bng.geojson"), "utf8");
const FIVE = ["Biscot", "Dallow", "Farley", "High Town", "South"];

let staff: Person;
const ward = (name: string) => db.select({ id: schema.areas.id, code: schema.areas.code, boundary: schema.areas.boundary }).from(schema.areas).where(and(eq(schema.areas.kind, "ward"), eq(schema.areas.name, name))).get()!;
const audits = () => db.select().from(schema.auditEvents).where(like(schema.auditEvents.action, "ward_boundaries.%")).all().length;
/** The file with one feature changed. */
const edited = (change: (features: { properties: Record<string, unknown>; geometry: unknown }[]) => void) => {
  const parsed = JSON.parse(FILE);
  change(parsed.features);
  return JSON.stringify(parsed);
};

beforeAll(async () => {
  await seeded();
  staff = makeUser("staff");
});

const upload = async (who: Person, text: string, name = "wards.geojson") => {
  const body = new FormData();
  body.append("file", new File([text], name, { type: "application/geo+json" }));
  const request = await requestAs(who, "/staff/wards/boundaries", { method: "POST", body });
  return boundariesAction(args(request, {}) as never) as Promise<Response>;
};

describe("loading the boundaries file", () => {
  it("stores the place's wards matched by name, simplified; ignores a ward elsewhere; lists the wards it has no boundary for", () => {
    const before = audits();
    const imported = importBoundaries(staff, FILE);
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    const wardCount = db.select().from(schema.areas).where(eq(schema.areas.kind, "ward")).all().length;
    expect(imported.result).toMatchObject({ matched: 5, changed: 5, ignored: 1, ambiguous: [] });
    expect(imported.result.withoutBoundary).toHaveLength(wardCount - 5);
    expect(imported.result.withoutBoundary).toContain("Lewsey");
    for (const name of FIVE) expect(imported.result.withoutBoundary).not.toContain(name);
    expect(audits()).toBe(before + 1);

    const biscot = ward("Biscot").boundary as WardGeometry;
    expect(biscot.type).toBe("Polygon");
    const ring = (biscot as Extract<WardGeometry, { type: "Polygon" }>).coordinates[0]!;
    // Of the 39 points about 2 m apart along the south edge, one in five is kept (about 10 m apart); the ring is still closed.
    expect(ring.length).toBeGreaterThanOrEqual(4);
    expect(ring.length).toBeLessThanOrEqual(14);
    expect(ring[0]).toEqual(ring.at(-1));
    expect(ring).toContainEqual([-0.424, 51.888]); // -0.4239998766, 51.8880000001 rounded to 5 decimals
    for (const [lon, lat] of ring) {
      expect(Math.round(lon * 1e5) / 1e5).toBe(lon);
      expect(Math.round(lat * 1e5) / 1e5).toBe(lat);
    }
    const highTown = ward("High Town").boundary as Extract<WardGeometry, { type: "Polygon" }>;
    expect(highTown.coordinates).toHaveLength(2); // the hole is kept
    const south = ward("South").boundary as Extract<WardGeometry, { type: "MultiPolygon" }>;
    expect(south.type).toBe("MultiPolygon");
    expect(south.coordinates).toHaveLength(2);
    expect(ward("Lewsey").boundary).toBeNull();
  });

  it("changes nothing when the same file comes again", () => {
    const before = audits();
    const stored = JSON.stringify(ward("Biscot").boundary);
    const again = importBoundaries(staff, FILE);
    expect(again.ok && again.result).toMatchObject({ matched: 5, changed: 0, ignored: 1 });
    expect(audits()).toBe(before);
    expect(JSON.stringify(ward("Biscot").boundary)).toBe(stored);
  });

  it("matches a ward with an ONS code by its code only", () => {
    const dallow = ward("Dallow");
    const farley = ward("Farley");
    expect(updateWard(staff, dallow.id, { code: "E05999902", neighbourhoodId: null }).ok).toBe(true);
    expect(updateWard(staff, farley.id, { code: "E05000001", neighbourhoodId: null }).ok).toBe(true);
    try {
      // Dallow under another name but its own code; Farley's code is not in the file, so its name does not count.
      const text = edited((features) => {
        const d = features.find((f) => f.properties.WD24NM === "Dallow")!;
        d.properties.WD24NM = "Dallow and Beyond";
        d.geometry = { type: "Polygon", coordinates: [[[-0.43, 51.872], [-0.41, 51.872], [-0.41, 51.88], [-0.43, 51.88], [-0.43, 51.872]]] };
      });
      const imported = importBoundaries(staff, text);
      expect(imported.ok && imported.result).toMatchObject({ matched: 4, changed: 1, ignored: 2 });
      expect(imported.ok && imported.result.withoutBoundary).toContain("Farley");
      expect(imported.ok && imported.result.withoutBoundary).not.toContain("Dallow");
      expect(JSON.stringify(ward("Dallow").boundary)).toContain("-0.41");
      // Farley keeps the boundary it had.
      expect(ward("Farley").boundary).not.toBeNull();
    } finally {
      updateWard(staff, dallow.id, { code: null, neighbourhoodId: null });
      updateWard(staff, farley.id, { code: null, neighbourhoodId: null });
      importBoundaries(staff, FILE);
    }
  });

  it("does not load a ward named by two features, and says so", () => {
    const text = edited((features) => {
      features.push({ ...features[0]!, properties: { ...features[0]!.properties, WD24CD: "E05888888" } });
    });
    const imported = importBoundaries(staff, text);
    expect(imported.ok && imported.result).toMatchObject({ matched: 4, ambiguous: ["Biscot"] });
  });

  it("refuses British National Grid coordinates and a bad boundary, writing nothing", () => {
    const stored = JSON.stringify(ward("Biscot").boundary);
    expect(importBoundaries(staff, BNG)).toEqual({ ok: false, message: BOUNDARY_MESSAGES.britishNationalGrid });
    // The same without the crs member: told by the size of the numbers.
    const noCrs = JSON.parse(BNG);
    delete noCrs.crs;
    expect(importBoundaries(staff, JSON.stringify(noCrs))).toEqual({ ok: false, message: BOUNDARY_MESSAGES.britishNationalGrid });

    const point = edited((features) => {
      features[0]!.geometry = { type: "Point", coordinates: [-0.42, 51.88] };
    });
    expect(importBoundaries(staff, point)).toEqual({
      ok: false,
      message: "The boundary for Biscot in the file is not valid: it is not a Polygon or MultiPolygon of longitude and latitude numbers",
    });
    const farAway = edited((features) => {
      const g = features[1]!.geometry as { coordinates: number[][][] };
      g.coordinates[0]![1] = [-0.42, 62.5];
    });
    expect(importBoundaries(staff, farAway)).toEqual({ ok: false, message: "The boundary for Dallow in the file is not valid: it has a latitude north of Great Britain" });
    const open = edited((features) => {
      const g = features[3]!.geometry as { coordinates: number[][][] };
      g.coordinates[0]!.pop();
      g.coordinates[0]!.push([-0.41, 51.875]);
    });
    expect(importBoundaries(staff, open)).toMatchObject({ ok: false, message: expect.stringContaining("a ring that does not end where it starts") });
    expect(importBoundaries(staff, "{not json")).toEqual({ ok: false, message: BOUNDARY_MESSAGES.notJson });
    expect(importBoundaries(staff, JSON.stringify({ type: "Feature", geometry: null }))).toEqual({ ok: false, message: BOUNDARY_MESSAGES.notCollection });
    expect(JSON.stringify(ward("Biscot").boundary)).toBe(stored);
  });
});

describe("simplifying a ring", () => {
  it("keeps it closed with at least 4 points, dropping points closer than about 10 m", () => {
    const dense = [[0, 51], ...Array.from({ length: 50 }, (_, i) => [0.00002 * (i + 1), 51]), [0.01, 51], [0.01, 51.01], [0, 51.01], [0, 51]];
    const out = simplifyRing(dense)!;
    expect(out[0]).toEqual(out.at(-1));
    // 50 points 1.4 m apart over 70 m: about one in seven kept.
    expect(out.length).toBeLessThanOrEqual(13);
    expect(out.length).toBeGreaterThanOrEqual(10);
    for (let i = 1; i < out.length; i++) expect(Math.abs(out[i]![0] - out[i - 1]![0]) + Math.abs(out[i]![1] - out[i - 1]![1])).toBeGreaterThan(0.0001);
    // A ring smaller than 10 m is kept whole (rounded), still a closed ring.
    const tiny = simplifyRing([[0, 51], [0.00001, 51], [0.00001, 51.00001], [0, 51]])!;
    expect(tiny).toEqual([[0, 51], [0.00001, 51], [0.00001, 51.00001], [0, 51]]);
    expect(simplifyRing([[0, 51], [0, 51], [0, 51], [0, 51]])).toBeNull();
  });
});

describe("the pages", () => {
  it("the upload page says what it loaded; refuses no file, British National Grid, and someone not staff", async () => {
    const ok = await upload(staff, FILE);
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.result).toMatchObject({ matched: 5, changed: 0, ignored: 1 });

    const none = await requestAs(staff, "/staff/wards/boundaries", { method: "POST", body: new FormData() });
    const noFile = (await boundariesAction(args(none, {}) as never)) as Response;
    expect(noFile.status).toBe(400);
    expect(await noFile.json()).toMatchObject({ errors: { file: BOUNDARY_MESSAGES.choose } });
    const bng = await upload(staff, BNG);
    expect(bng.status).toBe(400);
    expect(await bng.json()).toMatchObject({
      errors: { file: "This file uses British National Grid coordinates. Download the GeoJSON in WGS84 (longitude and latitude) instead." },
    });

    const status = await (await boundariesLoader(args(await requestAs(staff, "/staff/wards/boundaries"), {}) as never)).json();
    expect(status.withBoundary).toBe(5);
    expect(JSON.stringify(status)).not.toContain("51.88");

    // "Remove all ward boundaries" (a plain form), then the file again.
    const cleared = (await boundariesAction(args(await postAs(staff, "/staff/wards/boundaries", { intent: "clear" }), {}) as never)) as Response;
    expect(await cleared.json()).toMatchObject({ cleared: 5 });
    expect(ward("Biscot").boundary).toBeNull();
    expect((await upload(staff, FILE)).status).toBe(200);
    expect(ward("Biscot").boundary).not.toBeNull();

    const applicant = makeUser("user");
    await expect(upload(applicant, FILE)).rejects.toMatchObject({ status: 403 });
    await expect(boundariesAction(args(await postAs(applicant, "/staff/wards/boundaries", { intent: "clear" }), {}) as never)).rejects.toMatchObject({ status: 403 });
    expect(ward("Biscot").boundary).not.toBeNull();
    await expect(boundariesLoader(args(await requestAs(applicant, "/staff/wards/boundaries"), {}) as never)).rejects.toMatchObject({ status: 403 });
  });

  it("the wards pages and staff home never send the boundaries", async () => {
    const wardsPage = await (await wardsLoader(args(await requestAs(staff, "/staff/wards"), {}) as never)).text();
    const wardPage = await (await wardLoader(args(await requestAs(staff, `/staff/wards/${ward("Biscot").id}`), { wardId: String(ward("Biscot").id) }) as never)).text();
    const home = await (await staffHomeLoader(args(await requestAs(staff, "/staff"), {}) as never)).text();
    for (const text of [wardsPage, wardPage, home]) {
      expect(text).not.toContain("boundary");
      expect(text).not.toContain("51.88");
    }
  });

  it("the ward funding page gets the boundaries of its wards for the map, and none once they are removed", async () => {
    const page = await (await impactWardsLoader(args(await requestAs(staff, "/staff/impact/wards"), {}) as never)).json();
    expect(page.wardMap!.caption).toBe("Map of the money awarded by ward");
    expect(page.wardMap!.wards.map((w: { name: string }) => w.name).sort()).toEqual(FIVE);
    expect(page.wardMap!.withoutBoundary).toContain("Lewsey");

    const map = wardMapData([{ id: ward("Biscot").id, name: "Biscot", awardedPence: 1234_00 }, { id: ward("Lewsey").id, name: "Lewsey", awardedPence: 0 }])!;
    expect(map.wards).toMatchObject([{ name: "Biscot", amountPence: 1234_00, boundary: { type: "Polygon" } }]);
    expect(map.withoutBoundary).toEqual(["Lewsey"]);

    expect(clearBoundaries(staff)).toBe(5);
    expect(wardMapData([{ id: ward("Biscot").id, name: "Biscot", awardedPence: 0 }])).toBeNull();
    const after = await (await impactWardsLoader(args(await requestAs(staff, "/staff/impact/wards"), {}) as never)).json();
    expect(after.wardMap).toBeNull();
    expect(importBoundaries(staff, FILE)).toMatchObject({ ok: true, result: { changed: 5 } });
  });
});
