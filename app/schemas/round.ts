// A round's details as staff give them (name, words for applicants, dates and times in UK time,
// money, contact), and the forms that move it through its life: extend, close now, one
// application's own deadline. One schema per form, shared by the browser and the server.
import { z } from "zod";
import { ukDate, ukTime } from "~/utils/format";
import { countWords, isoFromParts, penceFrom } from "./application";

export const ROUND_LIMITS = { nameChars: 120, summaryWords: 80, guidanceWords: 1000, reasonWords: 200, contactNameChars: 100 } as const;

const text = () => z.string().optional().default("").transform((v) => v.trim());

/**
 * A time of day as people write it: "9am", "5:30pm", "12pm", "midday", "midnight" (the start of
 * the day), or 24-hour "17:00". Null when blank; "invalid" when it is not a time.
 */
export function parseTime(value: string): { hour: number; minute: number } | null | "invalid" {
  const v = value.trim().toLowerCase().replace(/\s+/g, "");
  if (!v) return null;
  if (v === "midday" || v === "noon") return { hour: 12, minute: 0 };
  if (v === "midnight") return { hour: 0, minute: 0 };
  const m = v.match(/^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$/);
  if (!m) return "invalid";
  let hour = Number(m[1]);
  const minute = m[2] ? Number(m[2]) : 0;
  if (minute > 59) return "invalid";
  if (m[3]) {
    if (hour < 1 || hour > 12) return "invalid";
    if (m[3] === "am" && hour === 12) hour = 0;
    if (m[3] === "pm" && hour !== 12) hour += 12;
  } else if (!m[2] || hour > 23) {
    // "9" alone is ambiguous; 24-hour times need their minutes ("09:00").
    return "invalid";
  }
  return { hour, minute };
}

/** The four boxes of a date and time field, named `<prefix>Day`, `…Month`, `…Year`, `…Time`. */
export const dateTimeFields = (prefix: string) => ({
  [`${prefix}Day`]: text(),
  [`${prefix}Month`]: text(),
  [`${prefix}Year`]: text(),
  [`${prefix}Time`]: text(),
});

type Parts = Record<string, string>;

/**
 * The instant a date and time field names, in UK time; adds the GOV.UK messages to `ctx`
 * (against the day box, or the time box when only the time is wrong). Null when blank or wrong.
 */
export function readInstant(v: Parts, prefix: string, label: string, ctx: z.RefinementCtx, required: boolean, options: { closing?: boolean } = {}): Date | null {
  const date = isoFromParts(v[`${prefix}Day`] ?? "", v[`${prefix}Month`] ?? "", v[`${prefix}Year`] ?? "");
  const time = parseTime(v[`${prefix}Time`] ?? "");
  if (date === null) {
    if (required) ctx.addIssue({ code: "custom", path: [`${prefix}Day`], message: `Enter the ${label} date` });
    return null;
  }
  if (date === "invalid") {
    ctx.addIssue({ code: "custom", path: [`${prefix}Day`], message: `The ${label} date must be a real date, like 27 3 2027` });
    return null;
  }
  if (time === null) {
    ctx.addIssue({ code: "custom", path: [`${prefix}Time`], message: `Enter the ${label} time, like 9am or 5:30pm` });
    return null;
  }
  if (time === "invalid") {
    ctx.addIssue({ code: "custom", path: [`${prefix}Time`], message: `The ${label} time must be a time of day, like 9am, 12pm or 17:30` });
    return null;
  }
  // "Midnight on 30 May" is read both ways: a deadline says 11:59pm instead (GOV.UK style).
  if (options.closing && time.hour === 0 && time.minute === 0) {
    ctx.addIssue({ code: "custom", path: [`${prefix}Time`], message: `Enter 11:59pm for the end of a day: a ${label} time of midnight is unclear` });
    return null;
  }
  return ukTime(date, time.hour, time.minute);
}

const poundsField = (v: string, path: string, empty: string, label: string, ctx: z.RefinementCtx): number | null => {
  const pence = penceFrom(v);
  if (pence === null) {
    ctx.addIssue({ code: "custom", path: [path], message: empty });
    return null;
  }
  if (pence === "invalid") {
    ctx.addIssue({ code: "custom", path: [path], message: `${label} must be an amount in pounds, like 50000 or 50000.50` });
    return null;
  }
  return pence;
};

const wordsWithin = (v: string, limit: number) => countWords(v) <= limit;

/**
 * The round's details. `withAmounts`: the create and copy forms also ask the smallest and
 * largest amount (afterwards they are changed with the round's rules).
 */
export function roundDetailsSchema(options: { withAmounts: boolean }) {
  return z
    .object({
      name: text(),
      summary: text(),
      guidance: text(),
      ...dateTimeFields("opens"),
      ...dateTimeFields("closes"),
      budget: text(),
      minAmount: text(),
      maxAmount: text(),
      referenceYear: text(),
      decisionsDay: text(),
      decisionsMonth: text(),
      decisionsYear: text(),
      contactName: text(),
      contactEmail: text(),
    })
    .transform((v, ctx) => {
      if (!v.name) ctx.addIssue({ code: "custom", path: ["name"], message: "Enter the round's name" });
      else if (v.name.length > ROUND_LIMITS.nameChars) ctx.addIssue({ code: "custom", path: ["name"], message: `Name must be ${ROUND_LIMITS.nameChars} characters or fewer` });
      if (!wordsWithin(v.summary, ROUND_LIMITS.summaryWords)) ctx.addIssue({ code: "custom", path: ["summary"], message: `Summary must be ${ROUND_LIMITS.summaryWords} words or fewer` });
      if (!wordsWithin(v.guidance, ROUND_LIMITS.guidanceWords)) ctx.addIssue({ code: "custom", path: ["guidance"], message: `Guidance must be ${ROUND_LIMITS.guidanceWords} words or fewer` });
      const opensAt = readInstant(v, "opens", "opening", ctx, true);
      const closesAt = readInstant(v, "closes", "closing", ctx, true, { closing: true });
      if (opensAt && closesAt && closesAt <= opensAt) {
        ctx.addIssue({ code: "custom", path: ["closesDay"], message: "The closing date and time must be after the opening date and time" });
      }
      const budgetPence = poundsField(v.budget, "budget", "Enter the round's budget", "Budget", ctx);
      let minRequestPence: number | null = null;
      let maxRequestPence: number | null = null;
      if (options.withAmounts) {
        minRequestPence = poundsField(v.minAmount, "minAmount", "Enter the smallest amount applicants may ask for", "Smallest amount", ctx);
        maxRequestPence = poundsField(v.maxAmount, "maxAmount", "Enter the largest amount applicants may ask for", "Largest amount", ctx);
        if (maxRequestPence !== null && maxRequestPence <= 0) ctx.addIssue({ code: "custom", path: ["maxAmount"], message: "Largest amount must be more than £0" });
        else if (minRequestPence !== null && maxRequestPence !== null && maxRequestPence < minRequestPence) {
          ctx.addIssue({ code: "custom", path: ["maxAmount"], message: "Largest amount must be the same as or more than the smallest amount" });
        } else if (budgetPence !== null && maxRequestPence !== null && maxRequestPence > budgetPence) {
          ctx.addIssue({ code: "custom", path: ["maxAmount"], message: "Largest amount must not be more than the round's budget" });
        }
      }
      let referenceYear: number | null = null;
      if (!v.referenceYear) ctx.addIssue({ code: "custom", path: ["referenceYear"], message: "Enter the year for application references, like 2027" });
      else if (!/^\d{4}$/.test(v.referenceYear) || Number(v.referenceYear) < 2000 || Number(v.referenceYear) > 2999) {
        ctx.addIssue({ code: "custom", path: ["referenceYear"], message: "The reference year must be a year, like 2027" });
      } else referenceYear = Number(v.referenceYear);
      const decisions = isoFromParts(v.decisionsDay, v.decisionsMonth, v.decisionsYear);
      if (decisions === "invalid") ctx.addIssue({ code: "custom", path: ["decisionsDay"], message: "The date for decisions must be a real date, like 30 6 2027" });
      else if (decisions && closesAt && decisions < ukDate(0, closesAt)) {
        ctx.addIssue({ code: "custom", path: ["decisionsDay"], message: "The date for decisions must be on or after the closing date" });
      }
      if (v.contactEmail && !z.email().safeParse(v.contactEmail).success) {
        ctx.addIssue({ code: "custom", path: ["contactEmail"], message: "Enter an email address in the correct format, like name@example.org" });
      }
      if (v.contactName && !v.contactEmail) ctx.addIssue({ code: "custom", path: ["contactEmail"], message: "Enter the contact's email address, or leave the name blank too" });
      if (v.contactName.length > ROUND_LIMITS.contactNameChars) ctx.addIssue({ code: "custom", path: ["contactName"], message: `Name must be ${ROUND_LIMITS.contactNameChars} characters or fewer` });
      return {
        name: v.name,
        summary: v.summary || null,
        guidance: v.guidance || null,
        opensAt: opensAt!,
        closesAt: closesAt!,
        budgetPence: budgetPence!,
        minRequestPence,
        maxRequestPence,
        referenceYear: referenceYear!,
        decisionsExpectedOn: decisions && decisions !== "invalid" ? decisions : null,
        contactName: v.contactName || null,
        contactEmail: v.contactEmail ? v.contactEmail.toLowerCase() : null,
      };
    });
}

export type RoundDetails = z.output<ReturnType<typeof roundDetailsSchema>>;

const reason = (empty: string) =>
  z
    .string({ error: empty })
    .trim()
    .min(1, empty)
    .refine((v) => countWords(v) <= ROUND_LIMITS.reasonWords, `Reason must be ${ROUND_LIMITS.reasonWords} words or fewer`);

/** A later closing date and time for the whole round, while it is open. */
export const extendSchema = z
  .object({ ...dateTimeFields("closes"), reason: reason("Say why the round is being extended") })
  .transform((v, ctx) => ({ closesAt: readInstant(v, "closes", "new closing", ctx, true, { closing: true })!, reason: v.reason }));

/** Closing an open round now. */
export const closeNowSchema = z.object({ reason: reason("Say why the round is closing early") });

/** One application's own, later deadline. */
export const applicationDeadlineSchema = z
  .object({ ...dateTimeFields("deadline"), reason: reason("Say why this application is getting more time") })
  .transform((v, ctx) => ({ deadline: readInstant(v, "deadline", "new deadline", ctx, true, { closing: true })!, reason: v.reason }));

/** Taking an application's own deadline away. */
export const removeDeadlineSchema = z.object({ reason: reason("Say why the extra time is being taken away") });

/** Closing out a decided round, with what staff want to record. */
export const closeOutSchema = z.object({
  confirm: z.literal("yes", { error: "Confirm that the round's work is finished" }),
});
