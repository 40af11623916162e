// "Did the money follow need?" as a CSV file, for staff: one row per ward in the filters (ward,
// code, neighbourhood, every need measure, need rank and need group (fifth) by the chosen measure,
// projects, awards in demo rounds (0 unless demo rounds are included or chosen),
// awarded, paid, population, per resident, people reached), then money not tied to a ward.
// Same filters and measure of need as the page; amounts in pounds; formula-safe (app/utils/csv.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { readImpactFilters } from "~/models/impact.server";
import { readNeed, wardFundingCsv, wardFunding } from "~/models/need.server";
import { requireRole } from "~/utils/auth.server";
import { ukDate } from "~/utils/format";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const search = new URL(request.url).searchParams;
  const filters = readImpactFilters(search);
  const data = wardFunding(filters, readNeed(search));
  // e.g. funding-by-ward-2026-11-24.csv, or …-with-demo-rounds.csv when demo rounds are in
  // (asked for, or a demo round chosen): letters, digits and dashes only.
  const demo = filters.includeDemo || data.demoAwards > 0 ? "-with-demo-rounds" : "";
  const name = `funding-by-ward-${ukDate()}${demo}.csv`.replace(/[^A-Za-z0-9.-]/g, "-");
  return new Response(wardFundingCsv(data), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
}
