// The money awarded in each ward as a map, drawn on the server as SVG (no map library, no tiles):
// each ward's boundary (GeoJSON longitude/latitude, loaded by staff from ONS files, see
// app/models/boundaries.server.ts) projected flat, with longitude scaled by the cosine of the
// middle latitude so that the town keeps its shape, and fitted to the viewBox. Wards are shaded
// in up to five classes from light (£0, its own class) to dark, exact to the penny, the darkest
// ending at the largest amount; the key says the ranges in text and names the wards in each,
// every ward has its own <title> (a tooltip) with its name and amount, and the page puts the same
// numbers in the ward table (the table is the accessible version, the map is for looking at).
// No inline styles (the CSP blocks them): `app-ward-map` classes in portal.scss.
import { ChartSvg } from "./chart-svg";
import { formatMoney } from "~/utils/format";

export type Position = [number, number];
export type Ring = Position[];
export type WardGeometry = { type: "Polygon"; coordinates: Ring[] } | { type: "MultiPolygon"; coordinates: Ring[][] };
export type MapWard = {
  id: number;
  name: string;
  amountPence: number;
  boundary: WardGeometry;
};

/** The polygons of a geometry, each as its rings (outer first, then holes). */
export const polygonsOf = (g: WardGeometry): Ring[][] => (g.type === "Polygon" ? [g.coordinates] : g.coordinates);

export const MAP_WIDTH = 600;
const PAD = 8;

/**
 * A flat projection that fits the boundaries into a box MAP_WIDTH wide: x = longitude ×
 * cos(middle latitude), y = −latitude (north up), scaled alike on both axes and moved so the
 * boundaries sit inside PAD units of the edges. The height follows from the shape.
 */
export function fitProjection(geometries: WardGeometry[], width = MAP_WIDTH, pad = PAD) {
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const g of geometries)
    for (const polygon of polygonsOf(g))
      for (const ring of polygon)
        for (const [lon, lat] of ring) {
          if (lon < minLon) minLon = lon;
          if (lon > maxLon) maxLon = lon;
          if (lat < minLat) minLat = lat;
          if (lat > maxLat) maxLat = lat;
        }
  if (!Number.isFinite(minLon))
    return {
      width,
      height: width / 2,
      project: (_p: Position): Position => [width / 2, width / 4],
    };
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = (maxLon - minLon) * k;
  const spanY = maxLat - minLat;
  const inner = width - 2 * pad;
  // A single point or a line has no size one way: scale by the other, or draw it in the middle.
  const scale = spanX > 0 ? inner / spanX : spanY > 0 ? inner / spanY : 1;
  const height = Math.round((spanY * scale + 2 * pad) * 10) / 10;
  const offsetX = spanX > 0 ? pad : width / 2;
  const project = ([lon, lat]: Position): Position => [offsetX + (lon - minLon) * k * scale, pad + (maxLat - lat) * scale];
  return { width, height: Math.max(height, 2 * pad), project };
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** An SVG path for a geometry: one closed subpath per ring (holes are cut out by the evenodd rule). */
export function pathOf(g: WardGeometry, project: (p: Position) => Position): string {
  const parts: string[] = [];
  for (const polygon of polygonsOf(g))
    for (const ring of polygon) {
      const points = ring.map(project);
      if (points.length < 3) continue;
      parts.push(`M${points.map(([x, y]) => `${r1(x)} ${r1(y)}`).join("L")}Z`);
    }
  return parts.join("");
}

export type MapClass = {
  index: number;
  label: string;
  fromPence: number;
  toPence: number;
};

/**
 * Classes of money, exact to the penny so that every amount fits one: £0 on its own (the
 * lightest), then up to four ranges that meet with no gap, the top one ending at the largest
 * amount: "more than £0 to £1,500", "more than £1,500 to £3,000", … "more than £4,500 to £6,000".
 * The breaks between ranges are quarters of the largest amount rounded up to whole pounds; when
 * the amounts are so small that two breaks would be the same, there are fewer ranges. `index` is
 * the shade (1 to 4): the top range is always the darkest.
 */
export function mapClasses(amountsPence: number[]): {
  classes: MapClass[];
  classOf: (pence: number) => number;
} {
  const max = Math.max(0, ...amountsPence.map((p) => Math.round(p)));
  const breaks: number[] = [];
  for (let i = 1; i <= 4; i++) {
    const b = i === 4 ? max : Math.ceil((max * i) / 4 / 100) * 100;
    if (b > (breaks.at(-1) ?? 0) && (i === 4 || b < max)) breaks.push(b);
  }
  const first = 5 - breaks.length;
  const classes: MapClass[] = [{ index: 0, label: "£0", fromPence: 0, toPence: 0 }];
  breaks.forEach((to, k) => {
    const from = k === 0 ? 0 : breaks[k - 1]!;
    classes.push({
      index: first + k,
      label: `more than ${formatMoney(from)} to ${formatMoney(to)}`,
      fromPence: from,
      toPence: to,
    });
  });
  const classOf = (pence: number) => {
    const p = Math.round(pence);
    if (p <= 0) return 0;
    const k = breaks.findIndex((b) => p <= b);
    return k < 0 ? 4 : first + k;
  };
  return { classes, classOf };
}

/** "A", "A and B", "A, B and C". */
const listOf = (names: string[]) => (names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);

/** One or two sentences for the map's <desc>. */
export function describeMap(wards: { name: string; amountPence: number }[]): string {
  if (!wards.length) return "No ward has a boundary to show.";
  const amount = (p: number) => formatMoney(Math.round(p));
  const funded = wards.filter((w) => Math.round(w.amountPence) > 0).sort((a, b) => b.amountPence - a.amountPence || a.name.localeCompare(b.name));
  if (!funded.length) return "Money awarded by ward: no ward has any money awarded yet, so every ward is shaded as £0.";
  const top = funded.slice(0, 3).map((w) => w.name);
  return `Money awarded by ward, shaded from £0 (lightest) to ${amount(funded[0]!.amountPence)} (darkest). Most money went to ${listOf(top)}.`;
}

export function WardMap({
  caption,
  wards,
  withoutBoundary = [],
  hideCaption = false,
}: {
  caption: string;
  wards: MapWard[];
  withoutBoundary?: string[];
  /** When the page gives the map a heading of its own: the caption is kept for screen readers only. */
  hideCaption?: boolean;
}) {
  if (!wards.length) {
    return <p className="govuk-body">None of the wards shown has a boundary loaded, so there is no map.</p>;
  }
  const { width, height, project } = fitProjection(wards.map((w) => w.boundary));
  const { classes, classOf } = mapClasses(wards.map((w) => w.amountPence));
  const shaded = wards.map((w) => ({
    ...w,
    d: pathOf(w.boundary, project),
    cls: classOf(w.amountPence),
  }));
  // Each class lists its wards by name, so a ward can be found on the key as well as by its tooltip.
  const inClass = classes.map((c) =>
    shaded
      .filter((w) => w.cls === c.index)
      .map((w) => w.name)
      .sort((a, b) => a.localeCompare(b)),
  );
  const anyMoney = shaded.some((w) => w.cls > 0);
  return (
    <figure className="app-ward-map">
      <figcaption className={hideCaption ? "govuk-visually-hidden" : "govuk-heading-s"}>{caption}</figcaption>
      <ChartSvg block="app-ward-map" width={width} height={height} caption={caption} description={describeMap(wards)} align="xMidYMid">
        {/* Drawn twice: a dark outline under everything shows the town's edge; the wards over it keep white borders between them. */}
        <g className="app-ward-map__outline" aria-hidden="true">
          {shaded.map((w) => (
            <path key={w.id} d={w.d} fillRule="evenodd" />
          ))}
        </g>
        <g>
          {shaded.map((w) => (
            <path key={w.id} d={w.d} fillRule="evenodd" className={`app-ward-map__ward app-ward-map__ward--${w.cls}`} data-ward={w.name}>
              <title>{`${w.name}: ${formatMoney(Math.round(w.amountPence))}`}</title>
            </path>
          ))}
        </g>
      </ChartSvg>
      <p className="govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1">Key</p>
      <ul className="govuk-list app-ward-map__legend">
        {(anyMoney ? classes : classes.slice(0, 1)).map((c, ci) => (
          <li key={c.index} className="app-ward-map__key">
            <svg className="app-ward-map__swatch" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
              <rect x="0.5" y="0.5" width="19" height="19" className={`app-ward-map__ward--${c.index} app-ward-map__swatch-box`} />
            </svg>
            {c.index === 0 ? "£0 (lightest)" : c.index === 4 ? `${c.label} (darkest)` : c.label}: {inClass[ci]!.length}{" "}
            {inClass[ci]!.length === 1 ? "ward" : "wards"}
            {inClass[ci]!.length ? ` (${inClass[ci]!.join(", ")})` : ""}
          </li>
        ))}
      </ul>
      {withoutBoundary.length ? (
        <p className="govuk-body-s">Not on the map (no boundary loaded): {withoutBoundary.join(", ")}.</p>
      ) : null}
    </figure>
  );
}
