// A round's applications as a CSV file, with the same filters as the list. Safe to open in a
// spreadsheet: text that looks like a formula is written as text (see app/utils/csv.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { applicationsCsv, getCycle, readIntakeFilters } from "~/models/intake.server";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { ukDate } from "~/utils/format";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const found = getCycle(idParam(params.cycleId));
  if (!found) throw notFound();
  const { cycle, programme } = found;
  const filters = readIntakeFilters(new URL(request.url).searchParams);
  const csv = applicationsCsv(cycle.id, filters);
  // e.g. HETP-2027-applications-2026-11-23.csv: letters, digits and dashes only.
  const name = `${programme.referencePrefix}-${cycle.referenceYear}-applications-${ukDate()}.csv`.replace(/[^A-Za-z0-9.-]/g, "-");
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      // Personal data: not kept by the browser or anything between.
      "Cache-Control": "no-store",
    },
  });
}
