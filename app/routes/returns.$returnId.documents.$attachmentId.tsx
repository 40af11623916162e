// Downloads a photo or document of a return: for members of the award's organisation, and for
// staff once the return has been submitted. The file must be this return's. The bytes go out
// only if they still match the checksum taken at upload, as an attachment never rendered here.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition } from "~/models/attachments.server";
import { returnAttachmentForDownload } from "~/models/returns.server";
import { idParam, requireUser } from "~/utils/auth.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = await returnAttachmentForDownload(user, idParam(params.returnId), idParam(params.attachmentId));
  if ("status" in found) throw new Response(found.message, { status: found.status });
  const { attachment, bytes } = found;
  return new Response(bytes, {
    headers: {
      "Content-Type": attachment.mediaType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": contentDisposition(attachment.originalName),
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
