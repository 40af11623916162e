// The roll-up by Marmot principle as a CSV file, for staff: one row per principle (by each
// award's main principle) and a total row, with the same filters as the page (query string),
// amounts in pounds as numbers. Safe to open in a spreadsheet (app/utils/csv.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { readImpactFilters } from "~/models/impact.server";
import { principleRollup, type PrincipleRollup, type RollupMeasures } from "~/models/rollup.server";
import { requireRole } from "~/utils/auth.server";
import { toCsv, type CsvValue } from "~/utils/csv";
import { ukDate } from "~/utils/format";

const pounds = (pence: number) => Number((pence / 100).toFixed(2));

export const PRINCIPLE_CSV_HEADER = [
  "Principle number",
  "Principle",
  "Awards (main principle)",
  "Also works towards",
  "Awarded (£)",
  "Paid (£)",
  "People reached",
  "Targets set",
  "Targets met",
  "Targets not reported yet",
  "Wards reached",
  "Awards with an accepted return",
  "Offers not accepted yet",
  "Awards in demo rounds",
];

const measures = (m: RollupMeasures): CsvValue[] => [
  m.awards,
  pounds(m.awardedPence),
  pounds(m.paidPence),
  m.peopleReached,
  m.targetsSet,
  m.targetsMet,
  m.targetsNotReported,
  m.wardsReached,
  m.withReturn,
  m.offered,
  m.demo,
];

export function principlesCsv(rollup: PrincipleRollup): string {
  return toCsv(PRINCIPLE_CSV_HEADER, [
    ...rollup.rows.map((r) => {
      const [awards, ...rest] = measures(r.measures);
      return [r.number, r.title, awards, r.alsoWorksTowards, ...rest];
    }),
    (() => {
      const [awards, ...rest] = measures(rollup.totals);
      return [null, "Total", awards, null, ...rest];
    })(),
  ]);
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const filters = readImpactFilters(new URL(request.url).searchParams);
  const rollup = principleRollup(filters);
  // e.g. impact-by-principle-2026-11-24.csv, or …-with-demo-rounds.csv when demo rounds are in
  // (asked for, or a demo round chosen): letters, digits and dashes only.
  const demo = filters.includeDemo || rollup.totals.demo > 0 ? "-with-demo-rounds" : "";
  const name = `impact-by-principle-${ukDate()}${demo}.csv`;
  return new Response(principlesCsv(rollup), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
}
