// The forms of an award's payments, one zod schema each, shared by react-hook-form in the
// browser and the actions on the server: an instalment (added or changed), cancelling one, and
// recording a payment made. Money is typed in pounds and kept in pence; dates are GOV.UK date
// inputs (day, month, year). No bank details: only a remittance reference.
import { z } from "zod";
import { ukDate } from "~/utils/format";
import { countWords, isoFromParts, pounds } from "./application";

export const PAYMENT_LIMITS = {
  conditionChars: 200,
  remittanceChars: 100,
  reasonWords: 200,
} as const;

/** The condition choice: none, after one of the award's returns is accepted ("return-<id>"), or free text. */
const CONDITION_CHOICE = /^(none|text|return-\d{1,9})$/;

export type InstalmentCondition = { kind: "none" } | { kind: "text"; text: string } | { kind: "return"; returnId: number };

const dateField = z.string().optional().default("");

const instalmentAmount = pounds("Enter the amount of the instalment", "Amount", "1500").refine((p) => p > 0, "Amount must be more than £0");
const paidAmount = pounds("Enter the amount paid", "Amount paid", "1500").refine((p) => p > 0, "Amount paid must be more than £0");

/** An instalment as staff add or change it: due date, amount and an optional condition. */
export const instalmentSchema = z
  .object({
    dueDay: dateField,
    dueMonth: dateField,
    dueYear: dateField,
    amount: z.string().optional().default(""),
    condition: z.string().optional().default(""),
    conditionText: z.string().optional().default(""),
  })
  // Every field is checked in one go, so the page lists every problem at once.
  .transform((v, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const dueDate = isoFromParts(v.dueDay, v.dueMonth, v.dueYear);
    if (dueDate === null) problem("dueDay", "Enter the date the instalment is due");
    else if (dueDate === "invalid") problem("dueDay", "Due date must be a real date, like 1 4 2027");
    const amount = instalmentAmount.safeParse(v.amount);
    if (!amount.success) problem("amount", amount.error.issues[0]!.message);
    let condition: InstalmentCondition = { kind: "none" };
    const choice = v.condition.trim();
    const text = v.conditionText.trim();
    if (!CONDITION_CHOICE.test(choice)) problem("condition", "Select whether the instalment has a condition");
    else if (choice === "text") {
      if (!text) problem("conditionText", "Enter the condition");
      else if (text.length > PAYMENT_LIMITS.conditionChars)
        problem("conditionText", `Condition must be ${PAYMENT_LIMITS.conditionChars} characters or fewer`);
      else condition = { kind: "text", text };
    } else if (choice.startsWith("return-"))
      condition = {
        kind: "return",
        returnId: Number(choice.slice("return-".length)),
      };
    return {
      dueDate: typeof dueDate === "string" && dueDate !== "invalid" ? dueDate : "",
      amountPence: amount.success ? amount.data : 0,
      condition,
    };
  });

export type InstalmentInput = z.output<typeof instalmentSchema>;

export const cancelInstalmentSchema = z.object({
  reason: z
    .string({ error: "Say why you are cancelling this instalment" })
    .trim()
    .min(1, "Say why you are cancelling this instalment")
    .refine((v) => countWords(v) <= PAYMENT_LIMITS.reasonWords, `Reason must be ${PAYMENT_LIMITS.reasonWords} words or fewer`),
});

/** The random key a record-payment page carries, so that sending the form twice records once. */
export const REQUEST_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/** A UK IBAN ("GB29 NWBK 6016 1331 9268 19"): bank details, which the portal never stores. */
const IBAN = /\bGB\d{2}\s?[A-Z]{4}(?:\s?\d){14}\b/i;

/** A payment made: when, how much (the instalment's amount) and the finance system's reference. */
export const recordPaymentSchema = z
  .object({
    requestKey: z.string().optional().default(""),
    paidDay: dateField,
    paidMonth: dateField,
    paidYear: dateField,
    amountPaid: z.string().optional().default(""),
    remittanceReference: z.string().optional().default(""),
  })
  .transform((v, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    // A page without its key (an old page, or a hand-made post) cannot be told apart from a resend.
    if (!REQUEST_KEY.test(v.requestKey)) problem("form", "This form has expired. Open the page again to record the payment.");
    const paidOn = isoFromParts(v.paidDay, v.paidMonth, v.paidYear);
    if (paidOn === null) problem("paidDay", "Enter the date the payment was made");
    else if (paidOn === "invalid") problem("paidDay", "Date paid must be a real date, like 3 4 2027");
    else if (paidOn > ukDate()) problem("paidDay", "Date paid must be today or in the past");
    const amount = paidAmount.safeParse(v.amountPaid);
    if (!amount.success) problem("amountPaid", amount.error.issues[0]!.message);
    const remittanceReference = v.remittanceReference.trim();
    if (remittanceReference.length > PAYMENT_LIMITS.remittanceChars) {
      problem("remittanceReference", `Remittance reference must be ${PAYMENT_LIMITS.remittanceChars} characters or fewer`);
    } else if (IBAN.test(remittanceReference)) {
      problem("remittanceReference", "Remittance reference must not contain bank details. Enter the reference from your finance system");
    }
    return {
      requestKey: v.requestKey,
      paidOn: typeof paidOn === "string" && paidOn !== "invalid" ? paidOn : "",
      paidAmountPence: amount.success ? amount.data : 0,
      remittanceReference: remittanceReference || null,
    };
  });

export type RecordPaymentInput = z.output<typeof recordPaymentSchema>;
