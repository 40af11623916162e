// The HTML of one decision letter preview, for the frame on the letters page: the letter of one
// kind (award, decline, reserve) filled in for one application of the round. Served as the
// outbox serves an email's body: its own strict policy (no scripts, only the inline styles an
// email uses, framed only by the portal itself), never cached.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { DECISION_OUTCOMES } from "~db/schema";
import { letterPreview } from "~/models/letters.server";
import { idParam, notFound, requireRole } from "~/utils/auth.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const outcome = DECISION_OUTCOMES.find((o) => o === params.outcome);
  if (!outcome) throw notFound();
  const letter = letterPreview(idParam(params.cycleId), outcome, idParam(params.applicationId));
  if (!letter) throw notFound();
  return new Response(letter.html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox",
      "Cache-Control": "no-store",
    },
  });
}
