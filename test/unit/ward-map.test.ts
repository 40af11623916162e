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
  it("puts £0 on its own, then four ranges that meet, the darkest ending at the largest amount", () => {
    const { classes, classOf } = mapClasses([0, 600_000, 450_000, 300_000]);
    expect(classes.map((c) => c.label)).toEqual([
      "£0",
      "more than £0 to £1,500",
      "more than £1,500 to £3,000",
      "more than £3,000 to £4,500",
      "more than £4,500 to £6,000",
    ]);
    expect(classOf(0)).toBe(0);
    expect(classOf(40)).toBe(1); // 40p is more than £0
    expect(classOf(150_000)).toBe(1);
    expect(classOf(150_001)).toBe(2);
    expect(classOf(450_000)).toBe(3);
    // The largest amount is in the darkest class, not the one below.
    expect(classOf(600_000)).toBe(4);
  });

  it("fits every amount to the penny in exactly one class, with no gaps", () => {
    const amounts = [0, 1, 99, 200_050, 323_437, 400_000];
    const { classes, classOf } = mapClasses(amounts);
    expect(classes.at(-1)!.toPence).toBe(400_000);
    for (let i = 1; i < classes.length; i++) expect(classes[i]!.fromPence).toBe(classes[i - 1]!.toPence);
    for (const p of [...amounts, 100_000, 100_001, 200_000, 200_001, 299_999]) {
      const fits = classes.filter((c) => (c.index === 0 ? p === 0 : p > c.fromPence && p <= c.toPence));
      expect(fits).toHaveLength(1);
      expect(classOf(p)).toBe(fits[0]!.index);
    }
    // Pence in the largest amount show in the top range.
    expect(mapClasses([323_437]).classes.at(-1)!.label).toBe("more than £2,426 to £3,234.37");
  });

  it("has fewer ranges when the amounts are tiny, the top one still the darkest", () => {
    expect(mapClasses([150]).classes.map((c) => [c.index, c.label])).toEqual([
      [0, "£0"],
      [3, "more than £0 to £1"],
      [4, "more than £1 to £1.50"],
    ]);
    expect(mapClasses([100]).classes.map((c) => [c.index, c.label])).toEqual([
      [0, "£0"],
      [4, "more than £0 to £1"],
    ]);
    expect(mapClasses([0, 0]).classes).toHaveLength(1);
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
