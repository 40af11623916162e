// Case studies on the public page: the story a grantee tells in a return, in the form the Annual
// Public Health Report uses, which staff approve for the public page and the grantee may stop at
// any time by withdrawing consent. The forms' zod schemas, shared by the browser and the server,
// and the story's parts in the order the report prints them.
import { z } from "zod";
import { countWords } from "./application";

/** The parts of a story (evaluation_returns columns) with the report's headings, in order. */
export const STORY_PARTS = [
  { field: "projectTitle", heading: "Project title", required: true },
  { field: "authors", heading: "Authors", required: true },
  { field: "aboutProject", heading: "Tell us about your project", required: true },
  { field: "whatDidYouDo", heading: "What did you do?", required: true },
  { field: "whatAchieved", heading: "What have you achieved?", required: true },
  { field: "whatLearnt", heading: "What have you learnt?", required: true },
  // Not every project has someone to thank: a story is complete without it.
  { field: "acknowledgements", heading: "Acknowledgements", required: false },
  { field: "whatsNext", heading: "What's next?", required: true },
] as const;

export type StoryField = (typeof STORY_PARTS)[number]["field"];
export type Story = Record<StoryField, string | null>;

/** The headings of the parts a story still lacks (empty when it can be published). */
export function missingStoryParts(story: Partial<Record<StoryField, string | null>>): string[] {
  return STORY_PARTS.filter((p) => p.required && !(story[p.field] ?? "").trim()).map((p) => p.heading);
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
