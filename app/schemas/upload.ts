// One uploaded file on a staff form (a Fingertips export, ward boundaries): the browser's check
// that a file is chosen, not empty and not too big. The server checks again as it reads it
// (`readUploadedFile` in app/utils/uploads.server.ts).
import { z } from "zod";
import { chosenFile } from "./application";

export type UploadMessages = { choose: string; empty: string; tooLarge: string };

export const oneFileSchema = (messages: UploadMessages, maxBytes: number) =>
  z.object({
    file: z.unknown().superRefine((value, ctx) => {
      const file = chosenFile(value);
      if (!file) ctx.addIssue({ code: "custom", message: messages.choose });
      else if (file.size === 0) ctx.addIssue({ code: "custom", message: messages.empty });
      else if (file.size > maxBytes) ctx.addIssue({ code: "custom", message: messages.tooLarge });
    }),
  });
