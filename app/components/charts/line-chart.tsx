// A trend chart drawn on the server as SVG: periods along the bottom, a value axis with a few
// round ticks and the unit, one line per area. The place's own line is solid and thicker, the
// others each dashed their own way (England dashed, the ward dash-dot-dot), each line has its own
// point shape (the ward a plus) and is named at its end, so colour is
// never the only way to tell them apart. A missing value leaves a gap (never a zero). The
// <title> and <desc> say in one sentence what the chart shows, and the same numbers follow in
// a table: the table is the accessible version, the chart is for looking at. No inline styles
// (the CSP blocks them): presentation attributes and `app-line-chart` classes in portal.scss.
import { useId } from "react";
import { ChartSvg } from "./chart-svg";

export type LineRole = "local_authority" | "comparator_group" | "region" | "country" | "ward";
export type ChartLine = { role: LineRole; name: string; values: (number | null)[] };

const WIDTH = 720;
const HEIGHT = 320;
const MARGIN = { top: 20, bottom: 44, left: 64 };
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

/** 3 to 5 round ticks covering the values: steps of 1, 2, 2.5 or 5 times a power of ten. */
export function niceTicks(min: number, max: number): number[] {
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    min -= pad;
    max += pad;
  }
  const rough = (max - min) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  let ticks: number[] = [];
  for (const m of [1, 2, 2.5, 5, 10, 20]) {
    const step = m * power;
    const lo = Math.floor(min / step) * step;
    const hi = Math.ceil(max / step) * step;
    const count = Math.round((hi - lo) / step) + 1;
    if (count <= 5) {
      ticks = Array.from({ length: count }, (_, i) => Number((lo + i * step).toPrecision(12)));
      if (count >= 3) break;
    }
  }
  return ticks;
}

/** Numbers as people read them: at most two decimals, thousands with commas. */
export const formatValue = (n: number) => n.toLocaleString("en-GB", { maximumFractionDigits: 2 });

/** One sentence: "Luton fell from 22.2 in 2011 to 14.1 in 2021; England rose from …". */
export function describeTrend(periods: string[], lines: ChartLine[], unit: string): string {
  const suffix = unit === "%" ? "%" : "";
  const parts = lines.flatMap((line) => {
    const points = line.values.map((v, i) => (v === null ? null : { v, p: periods[i]! })).filter((x): x is { v: number; p: string } => x !== null);
    if (!points.length) return [];
    const first = points[0]!;
    const last = points.at(-1)!;
    const f = `${formatValue(first.v)}${suffix}`;
    const l = `${formatValue(last.v)}${suffix}`;
    if (points.length === 1) return [`${line.name} was ${f} in ${first.p}`];
    if (last.v > first.v) return [`${line.name} rose from ${f} in ${first.p} to ${l} in ${last.p}`];
    if (last.v < first.v) return [`${line.name} fell from ${f} in ${first.p} to ${l} in ${last.p}`];
    return [`${line.name} was ${f} in both ${first.p} and ${last.p}`];
  });
  return parts.length ? `${parts.join("; ")}.` : "No values yet.";
}

// Each area its own point shape (and, in portal.scss, its own dash pattern), never colour alone.
const MARKERS: Record<LineRole, "circle" | "square" | "diamond" | "triangle" | "plus"> = {
  local_authority: "circle",
  country: "square",
  comparator_group: "diamond",
  region: "triangle",
  ward: "plus",
};

function Marker({ shape, x, y, className }: { shape: (typeof MARKERS)[LineRole]; x: number; y: number; className: string }) {
  const s = 4.5;
  if (shape === "circle") return <circle cx={x} cy={y} r={s} className={className} />;
  if (shape === "square") return <rect x={x - s} y={y - s} width={s * 2} height={s * 2} className={className} />;
  if (shape === "plus") {
    const t = 1.75; // half the arm's thickness
    const a = s + 1;
    return (
      <polygon
        points={[
          [x - t, y - a],
          [x + t, y - a],
          [x + t, y - t],
          [x + a, y - t],
          [x + a, y + t],
          [x + t, y + t],
          [x + t, y + a],
          [x - t, y + a],
          [x - t, y + t],
          [x - a, y + t],
          [x - a, y - t],
          [x - t, y - t],
        ]
          .map(([px, py]) => `${px},${py}`)
          .join(" ")}
        className={className}
      />
    );
  }
  if (shape === "diamond")
    return <polygon points={`${x},${y - s - 1} ${x + s + 1},${y} ${x},${y + s + 1} ${x - s - 1},${y}`} className={className} />;
  return <polygon points={`${x},${y - s - 1} ${x + s + 1},${y + s} ${x - s - 1},${y + s}`} className={className} />;
}

export function LineChart({
  caption,
  periods,
  lines,
  unit,
  tableCaption,
}: {
  /** What the chart is of, shown above it: "Smoking prevalence (% adults 18+)". */
  caption: string;
  periods: string[];
  lines: ChartLine[];
  /** The unit, on the value axis and in the table's header: "%", "years". */
  unit: string;
  tableCaption?: string;
}) {
  const tableId = useId();
  // Room on the right for the longest line name (about 8 units a letter at this size).
  const right = Math.min(240, Math.max(60, 24 + 8 * Math.max(0, ...lines.map((l) => l.name.length))));
  const PLOT_W = WIDTH - MARGIN.left - right;
  const all = lines.flatMap((l) => l.values).filter((v): v is number => v !== null);
  const ticks = all.length ? niceTicks(Math.min(...all), Math.max(...all)) : [0, 1];
  const lo = ticks[0]!;
  const hi = ticks.at(-1)!;
  const x = (i: number) => MARGIN.left + (periods.length <= 1 ? PLOT_W / 2 : (i * PLOT_W) / (periods.length - 1));
  const y = (v: number) => MARGIN.top + PLOT_H - ((v - lo) / (hi - lo || 1)) * PLOT_H;
  const description = describeTrend(periods, lines, unit);

  // Period labels: at most one per 70 units of width, always the first and the last.
  const room = Math.max(2, Math.floor(PLOT_W / 70));
  const every = Math.max(1, Math.ceil(periods.length / room));
  const labelled = periods.map((_, i) => i === periods.length - 1 || (i % every === 0 && periods.length - 1 - i >= every / 2));

  // Line names at the right-hand end, at the height of each line's last value, kept 15 apart.
  const ends = lines
    .map((line, index) => {
      const last = line.values
        .map((v, i) => [v, i] as const)
        .filter(([v]) => v !== null)
        .at(-1);
      return last ? { index, name: line.name, y: y(last[0]!) } : null;
    })
    .filter((e): e is { index: number; name: string; y: number } => e !== null)
    .sort((a, b) => a.y - b.y);
  for (let i = 1; i < ends.length; i++) if (ends[i]!.y - ends[i - 1]!.y < 15) ends[i]!.y = ends[i - 1]!.y + 15;

  const unitText = unit ? (unit === "%" ? "Per cent (%)" : unit.charAt(0).toUpperCase() + unit.slice(1)) : "Value";

  return (
    <figure className="app-line-chart">
      <figcaption className="govuk-heading-s">{caption}</figcaption>
      <ChartSvg block="app-line-chart" width={WIDTH} height={HEIGHT} caption={caption} description={description}>
        <g className="app-line-chart__axis">
          {ticks.map((t) => (
            <g key={t}>
              <line x1={MARGIN.left} x2={MARGIN.left + PLOT_W} y1={y(t)} y2={y(t)} className="app-line-chart__grid" />
              <text x={MARGIN.left - 8} y={y(t)} textAnchor="end" dominantBaseline="middle" className="app-line-chart__tick">
                {formatValue(t)}
              </text>
            </g>
          ))}
          <text
            x={14}
            y={MARGIN.top + PLOT_H / 2}
            textAnchor="middle"
            transform={`rotate(-90 14 ${MARGIN.top + PLOT_H / 2})`}
            className="app-line-chart__tick"
          >
            {unitText}
          </text>
          <line x1={MARGIN.left} x2={MARGIN.left + PLOT_W} y1={MARGIN.top + PLOT_H} y2={MARGIN.top + PLOT_H} className="app-line-chart__baseline" />
          {periods.map((p, i) =>
            labelled[i] ? (
              <text key={p} x={x(i)} y={MARGIN.top + PLOT_H + 22} textAnchor="middle" className="app-line-chart__tick">
                {p}
              </text>
            ) : null
          )}
        </g>
        {lines.map((line, index) => {
          // Runs of consecutive values: a missing value breaks the line.
          const runs: [number, number][][] = [];
          let run: [number, number][] = [];
          line.values.forEach((v, i) => {
            if (v === null) {
              if (run.length) runs.push(run);
              run = [];
            } else run.push([x(i), y(v)]);
          });
          if (run.length) runs.push(run);
          const cls = `app-line-chart__line app-line-chart__line--${line.role}`;
          return (
            <g key={`${line.role}-${index}`} className={`app-line-chart__series app-line-chart__series--${line.role}`}>
              {runs
                .filter((r) => r.length > 1)
                .map((r, k) => (
                  <polyline key={k} points={r.map(([px, py]) => `${px},${py}`).join(" ")} className={cls} fill="none" />
                ))}
              {line.values.map((v, i) =>
                v === null ? null : (
                  <Marker
                    key={i}
                    shape={MARKERS[line.role]}
                    x={x(i)}
                    y={y(v)}
                    className={`app-line-chart__point app-line-chart__point--${line.role}`}
                  />
                )
              )}
            </g>
          );
        })}
        {ends.map((e) => (
          <text
            key={e.index}
            x={MARGIN.left + PLOT_W + 12}
            y={e.y}
            dominantBaseline="middle"
            className={`app-line-chart__label app-line-chart__label--${lines[e.index]!.role}`}
          >
            {e.name}
          </text>
        ))}
      </ChartSvg>
      {/* Several areas make the table wider than a phone: it scrolls in its own box, not the page. */}
      <div className="app-table-scroll app-rollup-scroll" tabIndex={0} role="region" aria-labelledby={tableId}>
        <table className="govuk-table app-line-chart__table">
          <caption className="govuk-table__caption govuk-table__caption--s" id={tableId}>
            {tableCaption ?? `${caption}: the numbers`}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Period
              </th>
              {lines.map((l, i) => (
                <th scope="col" className="govuk-table__header govuk-table__header--numeric" key={i}>
                  {l.name}
                  {unit ? ` (${unit})` : ""}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {periods.map((p, i) => (
              <tr className="govuk-table__row" key={p}>
                <th scope="row" className="govuk-table__header">
                  {p}
                </th>
                {lines.map((l, k) => (
                  <td className="govuk-table__cell govuk-table__cell--numeric" key={k}>
                    {l.values[i] === null ? "No data" : formatValue(l.values[i]!)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
