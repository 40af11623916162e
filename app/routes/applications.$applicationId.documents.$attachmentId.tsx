// Downloads one document of an application: for members of its organisation, staff, and panel
// members who may read the bid (under a neutral name where the round hides names). The
// bytes go out only if they still match the checksum taken at upload, with the type their
// content showed then, as an attachment the browser must not render in the page (the server
// sends X-Content-Type-Options: nosniff with every response, this one too).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentForDownload, contentDisposition } from "~/models/attachments.server";
import { idParam, requireUser } from "~/utils/auth.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = await attachmentForDownload(user, idParam(params.applicationId), idParam(params.attachmentId));
  if ("status" in found) throw new Response(found.message, { status: found.status });
  const { attachment, bytes, downloadName } = found;
  return new Response(bytes, {
    headers: {
      "Content-Type": attachment.mediaType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": contentDisposition(downloadName),
      // Personal documents: not kept by shared caches; and never run as a page if opened.
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
