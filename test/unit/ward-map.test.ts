// The ward map's projection (fitted to the viewBox, longitude scaled by the cosine of the middle
// latitude), its paths, and its five classes of money.
import { describe, expect, it } from "vitest";
import { describeMap, fitProjection, mapClasses, pathOf, type WardGeometry } from "~/components/charts/ward-map";

const square = (lon: number, lat: number, w: number, h: number): WardGeometry => ({
  type: "Polygon",
  coordinates: [[[lon, lat], [lon + w, lat], [lon + w, lat + h], [lon, lat + h], [lon, lat]]],
});

describe("fitting the boundaries to the map", () => {
  it("fills the width inside the padding, north up, keeping the shape by the cosine of the latitude", () => {
    const a = square(-0.43, 51.87, 0.02, 0.01);
    const b = square(-0.41, 51.87, 0.02, 0.02);
    const { width, height, project } = fitProjection([a, b], 600, 10);
    expect(width).toBe(600);
    // West edge at x = 10, east edge at 590; north edge at y = 10.
    expect(project([-0.43, 51.89])[0]).toBeCloseTo(10, 6);
    expect(project([-0.39, 51.89])[0]).toBeCloseTo(590, 6);
    expect(project([-0.43, 51.89])[1]).toBeCloseTo(10, 6);
    // South is further down the picture than north.
    expect(project([-0.43, 51.87])[1]).toBeGreaterThan(project([-0.43, 51.89])[1]);
    // 0.04° of longitude is as wide as 0.04 × cos(51.88°) of latitude is tall.
    const k = Math.cos((51.88 * Math.PI) / 180);
    const scale = 580 / (0.04 * k);
    expect(height).toBeCloseTo(0.02 * scale + 20, 0);
    expect(project([-0.43, 51.87])[1]).toBeCloseTo(10 + 0.02 * scale, 6);
  });

  it("draws one closed subpath per ring, holes and the parts of a multipolygon included", () => {
    const multi: WardGeometry = {
      type: "MultiPolygon",
      coordinates: [square(0, 51, 1, 1).coordinates as never, square(2, 51, 1, 1).coordinates as never],
    };
    const withHole: WardGeometry = {
      type: "Polygon",
      coordinates: [...(square(0, 51, 4, 4).coordinates as never[]), [[1, 52], [1, 53], [2, 53], [2, 52], [1, 52]]] as never,
    };
    const { project } = fitProjection([multi, withHole]);
    expect(pathOf(multi, project).match(/M/g)).toHaveLength(2);
    expect(pathOf(withHole, project).match(/Z/g)).toHaveLength(2);
    expect(pathOf(multi, project)).toMatch(/^M[\d.]+ [\d.]+(L[\d.]+ [\d.]+)+ZM/);
  });

  it("copes with nothing to draw", () => {
    const { width, height } = fitProjection([]);
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
  });
});

describe("the classes of money", () => {
  it("puts £0 on its own, then four equal ranges up to a round number", () => {
    const { classes, classOf } = mapClasses([0, 750_000, 450_000, 600_000]);
    expect(classes.map((c) => c.label)).toEqual(["£0", "£1 to £2,000", "£2,001 to £4,000", "£4,001 to £6,000", "£6,001 to £8,000"]);
    expect(classOf(0)).toBe(0);
    expect(classOf(40)).toBe(0); // 40p shows as £0
    expect(classOf(100)).toBe(1);
    expect(classOf(200_000)).toBe(1);
    expect(classOf(200_100)).toBe(2);
    expect(classOf(450_000)).toBe(3);
    expect(classOf(750_000)).toBe(4);
  });

  it("uses steps of 1, 2, 2.5 or 5 times a power of ten, and single amounts when the steps are £1", () => {
    expect(mapClasses([1_000_000]).classes.at(-1)!.label).toBe("£7,501 to £10,000");
    expect(mapClasses([900_000]).classes.at(-1)!.label).toBe("£7,501 to £10,000");
    expect(mapClasses([300]).classes.map((c) => c.label)).toEqual(["£0", "£1", "£2", "£3", "£4"]);
    expect(mapClasses([0, 0]).classOf(0)).toBe(0);
  });

  it("says which wards got most, in the description", () => {
    expect(
      describeMap([
        { name: "Biscot", amountPence: 600_000 },
        { name: "Dallow", amountPence: 0 },
        { name: "Farley", amountPence: 750_000 },
        { name: "South", amountPence: 375_000 },
        { name: "Lewsey", amountPence: 225_000 },
      ]),
    ).toBe("Money awarded by ward, shaded from £0 (lightest) to £7,500 (darkest). Most money went to Farley, Biscot and South.");
    expect(describeMap([{ name: "Dallow", amountPence: 0 }])).toMatch(/no ward has any money awarded yet/);
  });
});
