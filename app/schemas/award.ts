// The forms of an award's life, one zod schema each, shared by react-hook-form in the browser
// and the actions on the server: the grantee accepts or declines the offer; staff vary or
// withdraw an award and publish a new version of a programme's grant terms. The award's
// `version` and the terms' id travel in hidden fields, read by the action (not part of these).
import { z } from "zod";
import { countWords, isoFromParts, pounds } from "./application";

export const AWARD_LIMITS = {
  reasonWords: 300,
  conditionsWords: 300,
  termsTitleChars: 200,
  termsBodyChars: 30_000,
} as const;

/** Required text with a word limit. */
const requiredWords = (empty: string, label: string, limit: number) =>
  z
    .string({ error: empty })
    .trim()
    .min(1, empty)
    .refine((v) => countWords(v) <= limit, `${label} must be ${limit} words or fewer`);

export const ACCEPT_CONFIRM_MESSAGE = "Confirm that you have read the grant terms and accept the offer on them";

/** Accepting the offer: the box must be ticked. */
export const acceptSchema = z.object({
  confirm: z.literal("yes", { error: ACCEPT_CONFIRM_MESSAGE }),
});

export const declineSchema = z.object({
  reason: requiredWords("Tell us why you are declining the offer", "Your reason", AWARD_LIMITS.reasonWords),
});

export const withdrawSchema = z.object({
  reason: requiredWords("Give the reason for withdrawing the award", "Reason", AWARD_LIMITS.reasonWords),
});

/** One condition per line; bullets typed in front are dropped, blank lines ignored. */
export function conditionLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*[-•*]\s*/, "").trim())
    .filter(Boolean);
}

const awardAmount = pounds("Enter the amount of the award", "Amount", "5000").refine((p) => p > 0, "Amount must be more than £0");

/**
 * A variation: the amount (pounds), the start and end dates (GOV.UK date inputs), the
 * conditions (one per line) and the reason, which goes to the grantee with the change.
 */
export const varySchema = z
  .object({
    amount: z.string().optional().default(""),
    startDay: z.string().optional().default(""),
    startMonth: z.string().optional().default(""),
    startYear: z.string().optional().default(""),
    endDay: z.string().optional().default(""),
    endMonth: z.string().optional().default(""),
    endYear: z.string().optional().default(""),
    conditions: z.string().optional().default(""),
    reason: z.string().optional().default(""),
  })
  // Every field is checked in one go, so the page lists every problem at once.
  .transform((v, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const amount = awardAmount.safeParse(v.amount);
    if (!amount.success) problem("amount", amount.error.issues[0]!.message);
    const start = isoFromParts(v.startDay, v.startMonth, v.startYear);
    const end = isoFromParts(v.endDay, v.endMonth, v.endYear);
    if (start === null) problem("startDay", "Enter the start date");
    else if (start === "invalid") problem("startDay", "Start date must be a real date, like 1 4 2027");
    if (end === null) problem("endDay", "Enter the end date");
    else if (end === "invalid") problem("endDay", "End date must be a real date, like 31 3 2028");
    else if (start && start !== "invalid" && end <= start) problem("endDay", "End date must be after the start date");
    const conditions = v.conditions.trim();
    if (countWords(conditions) > AWARD_LIMITS.conditionsWords) problem("conditions", `Conditions must be ${AWARD_LIMITS.conditionsWords} words or fewer`);
    const reason = v.reason.trim();
    if (!reason) problem("reason", "Give the reason for the change");
    else if (countWords(reason) > AWARD_LIMITS.reasonWords) problem("reason", `Reason must be ${AWARD_LIMITS.reasonWords} words or fewer`);
    return {
      amountPence: amount.success ? amount.data : 0,
      startDate: typeof start === "string" && start !== "invalid" ? start : "",
      endDate: typeof end === "string" && end !== "invalid" ? end : "",
      conditions: conditionLines(conditions),
      reason,
    };
  });

export type VariationInput = z.output<typeof varySchema>;

export const termsSchema = z.object({
  title: z
    .string({ error: "Enter the title of the grant terms" })
    .trim()
    .min(1, "Enter the title of the grant terms")
    .max(AWARD_LIMITS.termsTitleChars, `Title must be ${AWARD_LIMITS.termsTitleChars} characters or fewer`),
  body: z
    .string({ error: "Enter the text of the grant terms" })
    .trim()
    .min(1, "Enter the text of the grant terms")
    .max(AWARD_LIMITS.termsBodyChars, `Terms must be ${AWARD_LIMITS.termsBodyChars.toLocaleString("en-GB")} characters or fewer`),
});

export type TermsInput = z.output<typeof termsSchema>;

/** A whole number from a hidden field ("version", "termsId"), or null when missing or nonsense. */
export function hiddenId(value: FormDataEntryValue | null): number | null {
  return typeof value === "string" && /^\d{1,9}$/.test(value) ? Number(value) : null;
}
