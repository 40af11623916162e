// Case studies on the public page: the story a grantee tells in a return, in the form the Annual
// Public Health Report uses, which staff approve for the public page and the grantee may stop at
// any time by withdrawing consent. The forms' zod schemas, shared by the browser and the server.
import { z } from "zod";
import { countWords } from "./application";
import { STORY_FIELDS, type StoryField } from "./return";

// The parts of a story (evaluation_returns columns) are the return form's STORY_FIELDS (schemas/return.ts):
// their labels are the report's headings, in the order the report prints them.
export type Story = Record<StoryField, string | null>;

/** The headings of the parts a story still lacks (empty when it can be published; Acknowledgements is optional). */
export function missingStoryParts(story: Partial<Record<StoryField, string | null>>): string[] {
  return STORY_FIELDS.filter((f) => f.required && !(story[f.name] ?? "").trim()).map((f) => f.label);
}

export const CASE_STUDY_LIMITS = { reasonWords: 200 } as const;

const id = (message: string) =>
  z
    .string({ error: message })
    .regex(/^\d{1,9}$/, message)
    .transform(Number);

/** "Approve for the public page": the return whose story, and the award's version the page showed. */
export const approveCaseStudySchema = z.object({
  returnId: id("Choose the story to approve"),
  version: id("Reload the page and try again"),
});

/** "Withdraw approval", with the reason (the organisation is told it): what the person types. */
export const withdrawReasonSchema = z.object({
  reason: z
    .string({ error: "Give the reason for withdrawing approval" })
    .trim()
    .min(1, "Give the reason for withdrawing approval")
    .refine((v) => countWords(v) <= CASE_STUDY_LIMITS.reasonWords, `Reason must be ${CASE_STUDY_LIMITS.reasonWords} words or fewer`),
});

/** The same on the server, with the award's version the page showed (a hidden field). */
export const withdrawApprovalSchema = withdrawReasonSchema.extend({ version: id("Reload the page and try again") });

/** The grantee's "Withdraw consent to publish": one button, named so a stray post does nothing. */
export const withdrawConsentSchema = z.object({
  intent: z.literal("withdraw-consent", { error: "Use the button on the page to withdraw consent" }),
});
