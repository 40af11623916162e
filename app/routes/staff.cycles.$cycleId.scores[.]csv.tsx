// Every submitted scorecard of a round as a CSV file, for staff: one row per panel member and
// application, each criterion's score and comment, the overall comment and the weighted total.
// Safe to open in a spreadsheet: text that looks like a formula is written as text (app/utils/csv.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCycle } from "~/models/intake.server";
import { scoresCsv } from "~/models/moderation.server";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { ukDate } from "~/utils/format";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const found = getCycle(idParam(params.cycleId));
  if (!found) throw notFound();
  const { cycle, programme } = found;
  // e.g. CF-2027-scores-2026-11-23.csv: letters, digits and dashes only.
  const name = `${programme.referencePrefix}-${cycle.referenceYear}-scores-${ukDate()}.csv`.replace(/[^A-Za-z0-9.-]/g, "-");
  return new Response(scoresCsv(cycle), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      // Panel members' names and comments: not kept by the browser or anything between.
      "Cache-Control": "no-store",
    },
  });
}
