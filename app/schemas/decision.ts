// The forms of moderation and decisions, one zod schema each, shared by react-hook-form in the
// browser and the actions on the server.
import { z } from "zod";
import { DECISION_OUTCOMES } from "~db/schema";
import { countWords, pounds } from "./application";

export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export const DECISION_LIMITS = { conditionsWords: 300, feedbackWords: 500, reasonsWords: 500, rationaleWords: 300, reopenWords: 200 } as const;

/** Required text with a word limit. */
const required = (empty: string, label: string, limit: number) =>
  z
    .string({ error: empty })
    .trim()
    .min(1, empty)
    .refine((v) => countWords(v) <= limit, `${label} must be ${limit} words or fewer`);

/** Out of 100, to one decimal place: "72", "72.5". */
export const moderationSchema = z.object({
  moderatedScore: z
    .string({ error: "Enter the moderated score" })
    .trim()
    .min(1, "Enter the moderated score")
    .refine((v) => /^\d{1,3}(\.\d)?$/.test(v) && Number(v) <= 100, "Moderated score must be a number from 0 to 100, like 72 or 72.5")
    .transform((v) => Number(v)),
  rationale: required("Give the rationale for the moderated score", "Rationale", DECISION_LIMITS.rationaleWords),
});

export const reopenSchema = z.object({
  scorecardId: z
    .string({ error: "Choose the scores to reopen" })
    .regex(/^\d{1,9}$/, "Choose the scores to reopen")
    .transform(Number),
  version: z
    .string()
    .optional()
    .default("")
    .refine((v) => v === "" || /^\d{1,9}$/.test(v), "Choose the scores to reopen")
    .transform((v) => (v === "" ? undefined : Number(v))),
  reason: required("Give the reason for reopening these scores", "Reason", DECISION_LIMITS.reopenWords),
});

const awardAmount = pounds("Enter the amount to award", "Amount to award", "5000").refine((p) => p > 0, "Amount to award must be more than £0");

/**
 * A decision: award (with an amount, which may differ from the amount requested, and any
 * conditions), decline (with feedback for the applicant) or the reserve list; and the reasons,
 * which are for the record and the Board, never for the applicant.
 */
export const decisionSchema = z
  .object({
    outcome: z.string().optional().default(""),
    amount: z.string().optional().default(""),
    conditions: z.string().optional().default(""),
    feedback: z.string().optional().default(""),
    reasons: z.string().optional().default(""),
  })
  // Every field is checked in one go, so the page lists every problem at once.
  .transform((v, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const outcome = DECISION_OUTCOMES.find((o) => o === v.outcome);
    if (!outcome) problem("outcome", "Select the decision");
    let amountPence: number | null = null;
    if (outcome === "award") {
      const parsed = awardAmount.safeParse(v.amount);
      if (parsed.success) amountPence = parsed.data;
      else problem("amount", parsed.error.issues[0]!.message);
    }
    const conditions = v.conditions.trim();
    if (outcome === "award" && countWords(conditions) > DECISION_LIMITS.conditionsWords) {
      problem("conditions", `Conditions must be ${DECISION_LIMITS.conditionsWords} words or fewer`);
    }
    const feedback = v.feedback.trim();
    if (outcome === "decline" && !feedback) problem("feedback", "Give feedback for the applicant");
    if (outcome === "decline" && countWords(feedback) > DECISION_LIMITS.feedbackWords) {
      problem("feedback", `Feedback must be ${DECISION_LIMITS.feedbackWords} words or fewer`);
    }
    const reasons = v.reasons.trim();
    if (!reasons) problem("reasons", "Give the reasons for the decision");
    else if (countWords(reasons) > DECISION_LIMITS.reasonsWords) problem("reasons", `Reasons must be ${DECISION_LIMITS.reasonsWords} words or fewer`);
    return {
      outcome: outcome ?? "decline",
      amountPence,
      conditions: outcome === "award" && conditions ? conditions : null,
      feedback: outcome === "decline" ? feedback : null,
      reasons,
    };
  });

export type DecisionInput = z.output<typeof decisionSchema>;

export const releaseSchema = z.object({
  confirm: z.literal("yes", { error: "Confirm that these decisions are final and the letters can be sent" }),
});
