// A photo of a published story, for the public page: only while the story is public (approved,
// consented to, its return accepted, the award live) and only a photo of that return; anything
// else is "Page not found". The bytes go out only if they still match the checksum taken at
// upload, with the type their content showed then; never kept by a cache, so a story taken off
// the public page takes its photos with it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { publishedPhoto } from "~/models/funded-projects.server";
import { idParam, notFound } from "~/utils/auth.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await publishedPhoto(idParam(params.awardId), idParam(params.attachmentId));
  if (!found) throw notFound();
  const { attachment, bytes } = found;
  return new Response(bytes, {
    headers: {
      "Content-Type": attachment.mediaType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": "inline",
      "Cache-Control": "no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
