// The awards as a 360Giving data package (JSON), for staff to check and publish. Checked against
// the official schemas first: an invalid package is refused with the validator's messages (422,
// plain text), never served half-right. `?demo=include` adds demo rounds (never to publish).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportFileName, readOpenDataOptions, refusalText, threeSixtyGivingExport } from "~/models/three-sixty-giving.server";
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
  return new Response(`${JSON.stringify(result.package, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName("json", options)}"`,
      "Cache-Control": "no-store",
    },
  });
}
