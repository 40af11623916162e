// The HTML of one email, for the preview frame on the outbox page. Its own strict policy: no
// scripts, only the inline styles an email uses, and framed only by the portal itself.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { bodyIsVisible, getOutboxMessage } from "~/models/outbox.server";
import { idParam, notFound, requireRole } from "~/utils/auth.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const message = getOutboxMessage(idParam(params.messageId));
  if (!message || !bodyIsVisible(message)) throw notFound();
  return new Response(message.html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy":
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox",
      "Cache-Control": "no-store",
    },
  });
}
