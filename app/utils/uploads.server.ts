// Reads the one file a staff upload form sends (field "file"), in memory and no bigger than the
// form allows, so that a too-big file is refused before it is all read.
import {
  MaxPartSizeExceededError,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { chosenFile } from "~/schemas/application";
import type { UploadMessages } from "~/schemas/upload";

export async function readUploadedFile(
  request: Request,
  maxBytes: number,
): Promise<{ ok: true; file: File; form: FormData } | { ok: false; problem: keyof UploadMessages }> {
  if (!/^multipart\/form-data/i.test(request.headers.get("content-type") ?? "")) return { ok: false, problem: "choose" };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_composeUploadHandlers(
        unstable_createMemoryUploadHandler({ maxPartSize: maxBytes, filter: ({ name, filename }) => name === "file" && filename !== undefined }),
        // Any other field (a hidden intent, say) is small.
        unstable_createMemoryUploadHandler({ maxPartSize: 1_000 }),
      ),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, problem: "tooLarge" };
    throw new Response("The form could not be read. Go back and try again.", { status: 400 });
  }
  const file = chosenFile(form.get("file")) as File | null;
  if (!file) return { ok: false, problem: "choose" };
  if (file.size === 0) return { ok: false, problem: "empty" };
  return { ok: true, file, form };
}
