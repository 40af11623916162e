// The application's pages, one zod schema each, shared by react-hook-form in the browser and
// the action on the server. Every page has two buttons: "Save and continue" (intent
// "continue") checks that the page is answered; "Save and come back later" (intent "later")
// saves what is there, checking only that what was typed is well formed.
import { z } from "zod";
import { ATTACHMENT_KINDS, FUNDING_STATUSES, LOGIC_MODEL_KINDS } from "~db/schema";

export const LIMITS = {
  titleChars: 100,
  summaryWords: 50,
  descriptionWords: 500,
  howWords: 150,
  roleWords: 60,
  reasonWords: 200,
  itemChars: 200,
  logicWords: 60,
} as const;

export const countWords = (text: string) => (text.trim() ? text.trim().split(/\s+/).length : 0);

/** "Save and continue" or "Save and come back later"; the pages of applications and returns share it. */
export const intent = z.enum(["continue", "later"]).optional().default("continue");

/** Optional text with a word limit (blank allowed: "later" may leave it empty). */
export const words = (limit: number, label: string) =>
  z
    .string()
    .optional()
    .default("")
    .transform((v) => v.trim())
    .refine((v) => countWords(v) <= limit, `${label} must be ${limit} words or fewer`);

export const chars = (limit: number, label: string) =>
  z
    .string()
    .optional()
    .default("")
    .transform((v) => v.trim())
    .refine((v) => v.length <= limit, `${label} must be ${limit} characters or fewer`);

/** Adds "Enter …" errors for blank fields, only when the person chose Save and continue. */
function requiredOnContinue(messages: Record<string, string>) {
  return (value: { intent: "continue" | "later" }, ctx: z.RefinementCtx) => {
    if (value.intent !== "continue") return;
    for (const [field, message] of Object.entries(messages)) {
      const v = (value as Record<string, unknown>)[field];
      if (v === "" || v === null || v === undefined || (Array.isArray(v) && v.length === 0)) {
        ctx.addIssue({ code: "custom", path: [field], message });
      }
    }
  };
}

export const aboutSchema = z
  .object({
    intent,
    title: chars(LIMITS.titleChars, "Project title"),
    summary: words(LIMITS.summaryWords, "Summary"),
  })
  .superRefine(requiredOnContinue({ title: "Enter your project's title", summary: "Enter a summary of your project" }));

export const descriptionSchema = z
  .object({ intent, description: words(LIMITS.descriptionWords, "Description") })
  .superRefine(requiredOnContinue({ description: "Describe your project" }));

/** A date typed as day, month and year (GOV.UK date input). Blank is allowed; nonsense is not. */
export function isoFromParts(day: string, month: string, year: string): string | null | "invalid" {
  const [d, m, y] = [day.trim(), month.trim(), year.trim()];
  if (!d && !m && !y) return null;
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return "invalid";
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) {
    return "invalid";
  }
  return date.toISOString().slice(0, 10);
}

export const datesSchema = z
  .object({
    intent,
    startDay: z.string().optional().default(""),
    startMonth: z.string().optional().default(""),
    startYear: z.string().optional().default(""),
    endDay: z.string().optional().default(""),
    endMonth: z.string().optional().default(""),
    endYear: z.string().optional().default(""),
  })
  .superRefine((v, ctx) => {
    const start = isoFromParts(v.startDay, v.startMonth, v.startYear);
    const end = isoFromParts(v.endDay, v.endMonth, v.endYear);
    if (start === "invalid") ctx.addIssue({ code: "custom", path: ["startDay"], message: "Start date must be a real date, like 1 4 2027" });
    if (end === "invalid") ctx.addIssue({ code: "custom", path: ["endDay"], message: "End date must be a real date, like 31 3 2028" });
    if (v.intent === "continue" && start === null) ctx.addIssue({ code: "custom", path: ["startDay"], message: "Enter the date your project will start" });
    if (v.intent === "continue" && end === null) ctx.addIssue({ code: "custom", path: ["endDay"], message: "Enter the date your project will end" });
    if (start && end && start !== "invalid" && end !== "invalid" && end <= start) {
      ctx.addIssue({ code: "custom", path: ["endDay"], message: "End date must be after the start date" });
    }
  })
  .transform((v) => ({
    intent: v.intent,
    startDate: isoFromParts(v.startDay, v.startMonth, v.startYear) as string | null,
    endDate: isoFromParts(v.endDay, v.endMonth, v.endYear) as string | null,
  }));

const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((s) => s !== ""))
  .refine((v) => v.every((s) => /^\d{1,9}$/.test(s)), "Select from the list")
  .transform((v) => [...new Set(v.map(Number))]);

export const principlesSchema = z
  .object({
    intent,
    primary: z
      .string()
      .optional()
      .default("")
      .refine((v) => v === "" || /^\d{1,9}$/.test(v), "Select the main principle from the list"),
    secondary: idList,
  })
  .superRefine(requiredOnContinue({ primary: "Select the principle your project does most for" }))
  .transform((v) => ({ ...v, primary: v.primary ? Number(v.primary) : null, secondary: v.secondary.filter((id) => id !== Number(v.primary)) }));

/** One "how" answer per chosen principle, named how.<principleId>. */
export function principlesHowSchema(principles: { id: number; name: string }[]) {
  const shape: Record<string, z.ZodType> = { intent };
  for (const p of principles) shape[`how_${p.id}`] = words(LIMITS.howWords, "Your answer");
  return z
    .object(shape)
    .superRefine((v, ctx) => {
      if (v.intent !== "continue") return;
      for (const p of principles) {
        if (!v[`how_${p.id}`]) ctx.addIssue({ code: "custom", path: [`how_${p.id}`], message: `Say how your project will ${lowerFirst(p.name)}` });
      }
    });
}

export const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export const areasSchema = z
  .object({ intent, areas: idList })
  .superRefine(requiredOnContinue({ areas: "Select at least one area your project serves" }));

const wholeNumber = (label: string, max = 10_000_000) =>
  z
    .string()
    .optional()
    .default("")
    .transform((v) => v.replace(/,/g, "").trim())
    .refine((v) => v === "" || /^\d+$/.test(v), `${label} must be a whole number, like 120`)
    .refine((v) => v === "" || Number(v) <= max, `${label} must be ${max.toLocaleString("en-GB")} or fewer`)
    .transform((v) => (v === "" ? null : Number(v)));

export const groupsSchema = z
  .object({ intent, groups: idList, peopleReached: wholeNumber("Number of people") })
  .superRefine(requiredOnContinue({ groups: "Select at least one group your project reaches", peopleReached: "Enter how many people your project will reach" }))
  .superRefine((v, ctx) => {
    if (v.peopleReached === 0) ctx.addIssue({ code: "custom", path: ["peopleReached"], message: "Number of people must be 1 or more" });
  });

const requiredText = (limit: number, empty: string, label: string) =>
  z
    .string({ error: empty })
    .trim()
    .min(1, empty)
    .max(limit, `${label} must be ${limit} characters or fewer`);

const email = (empty: string) =>
  z
    .string({ error: empty })
    .trim()
    .toLowerCase()
    .min(1, empty)
    .max(254, "Email address must be 254 characters or fewer")
    .pipe(z.email("Enter an email address in the correct format, like name@example.com"));

export const partnerSchema = z.object({
  name: requiredText(160, "Enter the partner organisation's name", "Organisation name"),
  contactName: requiredText(120, "Enter the name of your contact there", "Contact name"),
  contactEmail: email("Enter your contact's email address"),
  role: z
    .string({ error: "Describe the partner's role in the project" })
    .trim()
    .min(1, "Describe the partner's role in the project")
    .refine((v) => countWords(v) <= LIMITS.roleWords, `Role must be ${LIMITS.roleWords} words or fewer`),
});

/** A partner's answer to the emailed link: the token is in a hidden field. */
export const partnerAnswerSchema = z.object({
  token: z.string({ error: "The link is not valid" }).min(1, "The link is not valid").max(200, "The link is not valid"),
  answer: z.enum(["confirm", "decline"], { error: "Select whether you are a partner" }),
});

/** Money typed in pounds, "1,250.50" or "£1250": to pence. */
export function penceFrom(value: string): number | null | "invalid" {
  const v = value.replace(/[£,\s]/g, "");
  if (!v) return null;
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(v)) return "invalid";
  return Math.round(Number(v) * 100);
}

/** Money typed in pounds, to pence; `example` is the amount the error message suggests. */
export const pounds = (empty: string, label: string, example = "1250") =>
  z
    .string({ error: empty })
    .optional()
    .default("")
    .transform((v, ctx) => {
      const pence = penceFrom(v);
      if (pence === null) {
        ctx.addIssue({ code: "custom", message: empty });
        return z.NEVER;
      }
      if (pence === "invalid") {
        ctx.addIssue({ code: "custom", message: `${label} must be an amount in pounds, like ${example} or ${example}.50` });
        return z.NEVER;
      }
      return pence;
    });

export const budgetLineSchema = z.object({
  item: requiredText(LIMITS.itemChars, "Enter what the money is for", "Item"),
  cost: pounds("Enter the cost", "Cost").refine((p) => p > 0, "Cost must be more than £0"),
});

export const otherFundingSchema = z.object({
  source: requiredText(LIMITS.itemChars, "Enter who the funding is from", "Source"),
  amount: pounds("Enter the amount", "Amount").refine((p) => p > 0, "Amount must be more than £0"),
  status: z.enum(FUNDING_STATUSES, { error: "Select whether the funding is secured or applied for" }),
});

/** The amount requested, checked against the cycle's range (and the budget, on the server). */
export function amountSchema(minPence: number, maxPence: number, fmt: (p: number) => string) {
  return z
    .object({
      intent,
      amount: z.string().optional().default(""),
    })
    .transform((v, ctx) => {
      const pence = penceFrom(v.amount);
      if (pence === "invalid") {
        ctx.addIssue({ code: "custom", path: ["amount"], message: "Amount must be in pounds, like 4500 or 4500.50" });
        return z.NEVER;
      }
      if (pence === null) {
        if (v.intent === "continue") {
          ctx.addIssue({ code: "custom", path: ["amount"], message: "Enter the amount you are asking for" });
          return z.NEVER;
        }
        return { intent: v.intent, amountPence: null };
      }
      if (pence < minPence || pence > maxPence) {
        ctx.addIssue({ code: "custom", path: ["amount"], message: `Amount must be between ${fmt(minPence)} and ${fmt(maxPence)}` });
        return z.NEVER;
      }
      return { intent: v.intent, amountPence: pence };
    });
}

export const logicItemSchema = z
  .object({
    kind: z.enum(LOGIC_MODEL_KINDS, { error: "Select activity, output or outcome" }),
    description: z
      .string({ error: "Describe it" })
      .trim()
      .min(1, "Describe it")
      .refine((v) => countWords(v) <= LIMITS.logicWords, `Description must be ${LIMITS.logicWords} words or fewer`),
    measure: chars(LIMITS.itemChars, "Measure"),
    target: z
      .string()
      .optional()
      .default("")
      .transform((v) => v.replace(/,/g, "").trim())
      .refine((v) => v === "" || /^\d{1,9}(\.\d{1,2})?$/.test(v), "Target must be a number, like 40")
      .transform((v) => (v === "" ? null : Number(v))),
    indicatorId: z
      .string()
      .optional()
      .default("")
      .refine((v) => v === "" || /^\d{1,9}$/.test(v), "Select an indicator from the list")
      .transform((v) => (v === "" ? null : Number(v))),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "activity") return;
    if (!v.measure) ctx.addIssue({ code: "custom", path: ["measure"], message: "Enter how you will measure it" });
    if (v.target === null) ctx.addIssue({ code: "custom", path: ["target"], message: "Enter your target, as a number" });
  });

/**
 * A page that builds a list (GOV.UK "add to a list"): "Add" (intent "add") checks the new
 * entry. "Save and continue" or "later" add it too when something was typed in `typedFields`,
 * so nothing typed is lost; with nothing typed they just move on. `entry` is null then.
 */
export function addToListSchema<T>(entry: z.ZodType<T>, typedFields: readonly string[]) {
  return z
    .looseObject({ intent: z.enum(["add", "continue", "later"]).optional().default("continue") })
    .transform((v, ctx): { intent: "add" | "continue" | "later"; entry: T | null } => {
      const typed = typedFields.some((f) => typeof v[f] === "string" && (v[f] as string).trim() !== "");
      if (v.intent !== "add" && !typed) return { intent: v.intent, entry: null };
      const parsed = entry.safeParse(v);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
        return z.NEVER;
      }
      return { intent: v.intent, entry: parsed.data };
    });
}

/** The largest document, and the GOV.UK file upload error messages. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const UPLOAD_MESSAGES = {
  choose: "Select a file",
  type: "The selected file must be a PDF, Word document (DOCX), OpenDocument text (ODT), Excel (XLSX), OpenDocument spreadsheet (ODS), JPG or PNG",
  tooLarge: "The selected file must be smaller than 10MB",
  empty: "The selected file is empty",
} as const;

type ChosenFile = { name: string; size: number };

/** The file picked in a file input: a File on the server, a FileList in the browser. */
export function chosenFile(value: unknown): ChosenFile | null {
  const first = typeof value === "object" && value !== null && "length" in value && "item" in value ? (value as FileList)[0] : value;
  if (typeof first !== "object" || first === null || !("size" in first) || !("name" in first)) return null;
  const file = first as ChosenFile;
  // No file chosen: browsers still send an empty part with no name.
  return file.name === "" && file.size === 0 ? null : file;
}

/**
 * The documents page. "Upload file" (intent "upload") needs a kind and a file; "Save and
 * continue" or "later" upload a chosen file too, so nothing chosen is lost. What the file
 * really is can only be checked on the server, from its content. `choices`: what "What is
 * this document?" offers (the round's own documents, where it names them).
 */
export const documentsSchemaFor = (choices: readonly string[]) => z
  .looseObject({
    intent: z.enum(["upload", "continue", "later"]).optional().default("continue"),
    kind: z.string().optional(),
    file: z.unknown().optional(),
  })
  .superRefine((v, ctx) => {
    const file = chosenFile(v.file);
    if (!file && v.intent !== "upload") return;
    if (!choices.includes(v.kind ?? "")) {
      ctx.addIssue({ code: "custom", path: ["kind"], message: "Select what the document is" });
    }
    if (!file) ctx.addIssue({ code: "custom", path: ["file"], message: UPLOAD_MESSAGES.choose });
    else if (file.size === 0) ctx.addIssue({ code: "custom", path: ["file"], message: UPLOAD_MESSAGES.empty });
    else if (file.size > MAX_UPLOAD_BYTES) ctx.addIssue({ code: "custom", path: ["file"], message: UPLOAD_MESSAGES.tooLarge });
  });

export const documentsSchema = documentsSchemaFor(ATTACHMENT_KINDS);

export const DECLARATIONS = [
  "The information in this application is true and complete, to the best of my knowledge.",
  "I have the authority to apply on behalf of my organisation.",
  "My organisation has a safeguarding policy, and will follow it in this project.",
  "If we are funded, we will spend the money only on this project and send the evaluation returns asked for.",
  "I understand that the information will be shared with the panel, and published as open data if we are funded (names and contact details of people are never published).",
] as const;

export const declarationsSchema = z.object({
  intent,
  confirm: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
}).superRefine((v, ctx) => {
  if (v.intent !== "continue") return;
  if (DECLARATIONS.some((_, i) => !v.confirm.includes(String(i)))) {
    ctx.addIssue({ code: "custom", path: ["confirm"], message: "Confirm every statement to make the declaration" });
  }
});

export const withdrawSchema = z.object({
  reason: z
    .string({ error: "Tell us why you are withdrawing" })
    .trim()
    .min(1, "Tell us why you are withdrawing")
    .refine((v) => countWords(v) <= LIMITS.reasonWords, `Reason must be ${LIMITS.reasonWords} words or fewer`),
});

export const returnForChangesSchema = z.object({
  message: z
    .string({ error: "Tell the applicant what to change" })
    .trim()
    .min(1, "Tell the applicant what to change")
    .refine((v) => countWords(v) <= 300, "Message must be 300 words or fewer"),
});

export const eligibilityCheckSchema = z.object({
  outcome: z.enum(["passed", "failed"], { error: "Select whether the application passed the eligibility check" }),
  reason: z
    .string({ error: "Give the reason" })
    .trim()
    .min(1, "Give the reason")
    .refine((v) => countWords(v) <= LIMITS.reasonWords, `Reason must be ${LIMITS.reasonWords} words or fewer`),
});
