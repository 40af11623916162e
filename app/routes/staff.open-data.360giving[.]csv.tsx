// The same grants as the 360Giving data package, as a spreadsheet (CSV) with 360Giving's column
// titles, one row per grant. Made only from a package that passed the schema check; refused with
// the validator's messages otherwise. `?demo=include` adds demo rounds (never to publish).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportFileName, grantsCsv, readOpenDataOptions, refusalText, threeSixtyGivingExport } from "~/models/three-sixty-giving.server";
import { requireRole } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const options = readOpenDataOptions(new URL(request.url).searchParams);
  const result = threeSixtyGivingExport(options);
  if (!result.ok) {
    return new Response(refusalText(result.errors), {
      status: 422,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  return new Response(grantsCsv(result.package.grants), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName("csv", options)}"`,
      "Cache-Control": "no-store",
    },
  });
}
