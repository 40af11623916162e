// Money by ward as horizontal bars, drawn on the server as SVG. Bars come in groups (the need
// fifths, most deprived first), each group under a heading written in the chart, so the fifth is
// never told by colour alone; every bar is labelled with its amount, "£0" included. The <title>
// and <desc> say what the chart shows and which wards got most and least; the page puts the same
// numbers in a table next to it (the table is the accessible version, the chart is for looking
// at). No inline styles (the CSP blocks them): attributes and `app-bar-chart` classes in portal.scss.
import { ChartSvg } from "./chart-svg";
import { formatMoney } from "~/utils/format";

export type Bar = { label: string; valuePence: number };
export type BarGroup = { heading: string | null; bars: Bar[] };

const WIDTH = 480;
const GAP = 8;
const VALUE_W = 72;
const ROW_H = 26;
const BAR_H = 16;
const HEADING_H = 30;
const TOP = 6;

const LABEL_FONT = 14;
/** The most room the names may take, in viewBox units; longer names end in "…". */
export const LABEL_MAX = 200;
/** Space kept clear at the left edge and between a name and the axis. */
const LABEL_PAD = 6;

/**
 * A generous estimate of a name's drawn width at the labels' 14px, in viewBox units, letter by
 * letter (narrow i, l, r; wide m, w and capitals): wider than GDS Transport or Arial draw it, so
 * that a name anchored at its end never starts left of the viewBox ("Round Green", not "ound Green").
 */
export function textWidth(text: string, fontSize = LABEL_FONT): number {
  let em = 0;
  for (const ch of text) {
    if (" ijlI.,'|!:;".includes(ch)) em += 0.32;
    else if ("ftr()-".includes(ch)) em += 0.42;
    else if ("mwMW…".includes(ch)) em += 1;
    else if (ch >= "A" && ch <= "Z") em += 0.78;
    else em += 0.62;
  }
  return em * fontSize;
}

/** A label as drawn: names too long for the room end in "…" (the table beside has them whole). */
export function shownLabel(label: string): string {
  if (textWidth(label) <= LABEL_MAX - 2 * LABEL_PAD) return label;
  let cut = label;
  while (cut.length > 1 && textWidth(`${cut.trimEnd()}…`) > LABEL_MAX - 2 * LABEL_PAD) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/**
 * Room for the names left of the bars: the longest name as drawn plus a margin, at least 64 and at
 * most LABEL_MAX units. Names are drawn ending at `labelEnd(labels)`, so each starts at
 * `labelEnd(labels) - textWidth(shownLabel(name))`, which is never below 0.
 */
export function labelWidth(labels: string[]): number {
  const longest = Math.max(0, ...labels.map((l) => textWidth(shownLabel(l))));
  return Math.min(LABEL_MAX, Math.max(64, Math.ceil(longest + 2 * LABEL_PAD)));
}

/** Where the names end (they are drawn right-aligned there), a little left of the axis. */
export const labelEnd = (labels: string[]) => labelWidth(labels) - LABEL_PAD;

/** Amounts on the bars in whole pounds: "£3,750", "£0". */
export const barAmount = (pence: number) => formatMoney(Math.round(pence / 100) * 100);

/** One sentence naming the wards that got the most and the least. */
export function describeBars(groups: BarGroup[], what = "money awarded"): string {
  const bars = groups.flatMap((g) => g.bars);
  if (!bars.length) return "No wards to show.";
  const top = Math.max(...bars.map((b) => b.valuePence));
  if (top <= 0) return `No ward has any ${what} yet.`;
  const names = (list: Bar[]) =>
    list.length <= 3 ? list.map((b) => b.label).join(list.length === 2 ? " and " : ", ") : `${list.length} wards`;
  const most = bars.filter((b) => b.valuePence === top);
  const low = Math.min(...bars.map((b) => b.valuePence));
  const least = bars.filter((b) => b.valuePence === low);
  const first = `${names(most)} received the most (${barAmount(top)}${most.length > 1 ? " each" : ""})`;
  if (low === top) return `${first}.`;
  if (low <= 0) return `${first}; ${least.length === 1 ? `${least[0]!.label} received nothing` : `${names(least)} received nothing`}.`;
  return `${first}; ${names(least)} received the least (${barAmount(low)}${least.length > 1 ? " each" : ""}).`;
}

export function BarChart({
  caption,
  groups,
  intro,
  hideCaption = false,
}: {
  caption: string;
  groups: BarGroup[];
  intro?: string;
  /** When the page gives the chart a heading of its own: the caption is kept for screen readers only. */
  hideCaption?: boolean;
}) {
  const max = Math.max(0, ...groups.flatMap((g) => g.bars.map((b) => b.valuePence)));
  const LABEL_W = labelWidth(groups.flatMap((g) => g.bars.map((b) => b.label)));
  const LABEL_END = LABEL_W - LABEL_PAD;
  const BAR_X = LABEL_W + GAP;
  const BAR_MAX = WIDTH - BAR_X - VALUE_W;
  const scale = (pence: number) => (max > 0 ? (Math.max(0, pence) / max) * BAR_MAX : 0);
  const description = `${intro ? `${intro} ` : ""}${describeBars(groups)}`;

  // Lay the rows out top to bottom: a heading row for each group that has one, then its bars.
  let y = TOP;
  const laid = groups.map((g) => {
    const headingY = g.heading ? y + HEADING_H - 10 : null;
    if (g.heading) y += HEADING_H;
    const bars = g.bars.map((b) => {
      const row = { ...b, y };
      y += ROW_H;
      return row;
    });
    return { heading: g.heading, headingY, bars };
  });
  const height = y + TOP;

  return (
    <figure className="app-bar-chart">
      <figcaption className={hideCaption ? "govuk-visually-hidden" : "govuk-heading-s"}>{caption}</figcaption>
      <ChartSvg block="app-bar-chart" width={WIDTH} height={height} caption={caption} description={description}>
        {laid.map((g, gi) => (
          <g key={gi} className="app-bar-chart__group">
            {/* The axis runs beside each group's bars only, so it never crosses a heading. */}
            {g.bars.length ? (
              <line x1={BAR_X} x2={BAR_X} y1={g.bars[0]!.y} y2={g.bars.at(-1)!.y + ROW_H} className="app-bar-chart__axis" />
            ) : null}
            {g.heading && g.headingY !== null ? (
              <text x={0} y={g.headingY} className="app-bar-chart__heading">
                {g.heading}
              </text>
            ) : null}
            {g.bars.map((b, bi) => {
              const w = scale(b.valuePence);
              const mid = b.y + ROW_H / 2;
              return (
                <g key={bi}>
                  <text x={LABEL_END} y={mid} textAnchor="end" dominantBaseline="middle" className="app-bar-chart__label">
                    {shownLabel(b.label)}
                  </text>
                  {w > 0 ? <rect x={BAR_X} y={mid - BAR_H / 2} width={Math.max(1, w)} height={BAR_H} className="app-bar-chart__bar" /> : null}
                  <text x={BAR_X + w + 6} y={mid} dominantBaseline="middle" className="app-bar-chart__value">
                    {barAmount(b.valuePence)}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </ChartSvg>
    </figure>
  );
}
