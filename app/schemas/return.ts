// The evaluation return's pages, one zod schema each, shared by react-hook-form in the browser
// and the actions on the server; and staff's forms for reviewing a return and setting a round's
// return schedule. As on an application, every page has "Save and continue" (intent
// "continue": the page must be answered) and "Save and come back later" (intent "later": only
// what was typed must be well formed).
import { z } from "zod";
import { RETURN_KINDS } from "~db/schema";
import { chars, chosenFile, countWords, intent, MAX_UPLOAD_BYTES, penceFrom, UPLOAD_MESSAGES, words } from "./application";

export const RETURN_LIMITS = {
  activitiesWords: 200,
  noteWords: 100,
  titleChars: 100,
  authorsChars: 200,
  aboutWords: 200,
  didWords: 300,
  achievedWords: 300,
  learntWords: 200,
  acknowledgementsWords: 100,
  nextWords: 150,
  descriptionChars: 250,
  commentsWords: 500,
  maxPeople: 10_000_000,
} as const;

/** A count of people: blank (not answered), or a whole number from 0. */
const people = (label: string) =>
  z
    .string()
    .optional()
    .default("")
    .transform((v) => v.replace(/,/g, "").trim())
    .refine((v) => v === "" || /^\d+$/.test(v), `${label} must be a whole number, like 120`)
    .refine((v) => v === "" || Number(v) <= RETURN_LIMITS.maxPeople, `${label} must be ${RETURN_LIMITS.maxPeople.toLocaleString("en-GB")} or fewer`)
    .transform((v) => (v === "" ? null : Number(v)));

/** Blank means "not answered yet". */
const blank = (v: unknown) => v === null || v === undefined || v === "";

// ---------------------------------------------------------------------------------------------
// People reached
// ---------------------------------------------------------------------------------------------

export type Named = { id: number; name: string };

/**
 * People reached: the total, by ward (the application's wards must be answered; a ward added
 * here may be left blank), by group, and the activities delivered. "Add ward" (intent
 * "add-ward") saves what is typed, like "later", and adds a box for the ward chosen.
 */
export function reachSchema(options: { wards: (Named & { planned: boolean })[]; groups: Named[] }) {
  const shape: Record<string, z.ZodType> = {
    intent: z.enum(["continue", "later", "add-ward"]).optional().default("continue"),
    peopleReached: people("Total people reached"),
    activitiesDelivered: words(RETURN_LIMITS.activitiesWords, "Activities delivered"),
    addWard: z
      .string()
      .optional()
      .default("")
      .refine((v) => v === "" || /^\d{1,9}$/.test(v), "Select a ward from the list"),
  };
  for (const w of options.wards) shape[`ward_${w.id}`] = people(`People reached in ${w.name}`);
  for (const g of options.groups) shape[`group_${g.id}`] = people(`People reached: ${g.name}`);
  return z.object(shape).superRefine((v, ctx) => {
    if (v.intent === "add-ward" && !v.addWard) ctx.addIssue({ code: "custom", path: ["addWard"], message: "Select the ward to add" });
    if (v.intent !== "continue") return;
    if (blank(v.peopleReached)) ctx.addIssue({ code: "custom", path: ["peopleReached"], message: "Enter the total number of people reached" });
    for (const w of options.wards) {
      if (w.planned && blank(v[`ward_${w.id}`])) {
        ctx.addIssue({ code: "custom", path: [`ward_${w.id}`], message: `Enter the number of people reached in ${w.name}, or 0` });
      }
    }
    for (const g of options.groups) {
      if (blank(v[`group_${g.id}`])) ctx.addIssue({ code: "custom", path: [`group_${g.id}`], message: `Enter the number of people reached: ${g.name}, or 0` });
    }
    if (!v.activitiesDelivered) ctx.addIssue({ code: "custom", path: ["activitiesDelivered"], message: "Describe the activities delivered" });
    const byWard = options.wards.reduce((sum, w) => sum + ((v[`ward_${w.id}`] as number | null) ?? 0), 0);
    if (!blank(v.peopleReached) && byWard > (v.peopleReached as number)) {
      ctx.addIssue({ code: "custom", path: ["peopleReached"], message: "Total people reached must be at least the people reached in all the wards added together" });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Spend
// ---------------------------------------------------------------------------------------------

/** Spent so far, in pounds, per budget line of the application (0 is an answer). */
export function spendSchema(lines: { id: number; item: string }[]) {
  const shape: Record<string, z.ZodType> = { intent };
  for (const line of lines) {
    shape[`line_${line.id}`] = z
      .string()
      .optional()
      .default("")
      .transform((v, ctx) => {
        const pence = penceFrom(v);
        if (pence === "invalid") {
          ctx.addIssue({ code: "custom", message: `Spent so far on ${line.item} must be an amount in pounds, like 1250 or 1250.50` });
          return z.NEVER;
        }
        return pence;
      });
  }
  return z.object(shape).superRefine((v, ctx) => {
    if (v.intent !== "continue") return;
    for (const line of lines) {
      if (blank(v[`line_${line.id}`])) ctx.addIssue({ code: "custom", path: [`line_${line.id}`], message: `Enter how much you have spent so far on ${line.item}, or 0` });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Results against the logic model
// ---------------------------------------------------------------------------------------------

/** What a result is called on the page: its measure, else its description. */
export const resultLabel = (item: { measure: string | null; description: string }) => item.measure || item.description;

/** For each planned output and outcome: the actual value (a number, 0 allowed) and an optional note. */
export function resultsSchema(items: { id: number; measure: string | null; description: string }[]) {
  const shape: Record<string, z.ZodType> = { intent };
  for (const item of items) {
    shape[`actual_${item.id}`] = z
      .string()
      .optional()
      .default("")
      .transform((v) => v.replace(/,/g, "").trim())
      .refine((v) => v === "" || /^\d{1,9}(\.\d{1,2})?$/.test(v), `Actual value for ${resultLabel(item)} must be a number, like 35`)
      .transform((v) => (v === "" ? null : Number(v)));
    shape[`note_${item.id}`] = words(RETURN_LIMITS.noteWords, "Note");
  }
  return z.object(shape).superRefine((v, ctx) => {
    if (v.intent !== "continue") return;
    for (const item of items) {
      if (blank(v[`actual_${item.id}`])) {
        ctx.addIssue({ code: "custom", path: [`actual_${item.id}`], message: `Enter the actual value for ${resultLabel(item)}` });
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The story: the case-study form of the Annual Public Health Report
// ---------------------------------------------------------------------------------------------

export const STORY_FIELDS = [
  { name: "projectTitle", label: "Project title", required: "Enter your project's title" },
  { name: "authors", label: "Authors", required: "Enter the names of the authors" },
  { name: "aboutProject", label: "Tell us about your project", required: "Tell us about your project", words: RETURN_LIMITS.aboutWords },
  { name: "whatDidYouDo", label: "What did you do?", required: "Say what you did", words: RETURN_LIMITS.didWords },
  { name: "whatAchieved", label: "What have you achieved?", required: "Say what you have achieved", words: RETURN_LIMITS.achievedWords },
  { name: "whatLearnt", label: "What have you learnt?", required: "Say what you have learnt", words: RETURN_LIMITS.learntWords },
  { name: "acknowledgements", label: "Acknowledgements", required: null, words: RETURN_LIMITS.acknowledgementsWords },
  { name: "whatsNext", label: "What's next?", required: "Say what's next for your project", words: RETURN_LIMITS.nextWords },
] as const;

export type StoryField = (typeof STORY_FIELDS)[number]["name"];

export const storySchema = z
  .object({
    intent,
    projectTitle: chars(RETURN_LIMITS.titleChars, "Project title"),
    authors: chars(RETURN_LIMITS.authorsChars, "Authors"),
    aboutProject: words(RETURN_LIMITS.aboutWords, "Tell us about your project"),
    whatDidYouDo: words(RETURN_LIMITS.didWords, "What did you do"),
    whatAchieved: words(RETURN_LIMITS.achievedWords, "What have you achieved"),
    whatLearnt: words(RETURN_LIMITS.learntWords, "What have you learnt"),
    acknowledgements: words(RETURN_LIMITS.acknowledgementsWords, "Acknowledgements"),
    whatsNext: words(RETURN_LIMITS.nextWords, "What's next"),
  })
  .superRefine((v, ctx) => {
    if (v.intent !== "continue") return;
    for (const field of STORY_FIELDS) {
      if (field.required && !v[field.name]) ctx.addIssue({ code: "custom", path: [field.name], message: field.required });
    }
  });

// ---------------------------------------------------------------------------------------------
// Photos and documents
// ---------------------------------------------------------------------------------------------

export const RETURN_ATTACHMENT_KINDS = ["photo", "other"] as const;
export type ReturnAttachmentKind = (typeof RETURN_ATTACHMENT_KINDS)[number];

/**
 * The photos and documents page. "Upload file" (intent "upload") needs a kind, a file and, for
 * a photo, a short description (read out to people who cannot see it); "Save and continue" or
 * "later" upload a chosen file too, so nothing chosen is lost.
 */
export const returnDocumentsSchema = z
  .looseObject({
    intent: z.enum(["upload", "continue", "later"]).optional().default("continue"),
    kind: z.string().optional(),
    description: chars(RETURN_LIMITS.descriptionChars, "Description"),
    file: z.unknown().optional(),
  })
  .superRefine((v, ctx) => {
    const file = chosenFile(v.file);
    if (!file && v.intent !== "upload") return;
    if (!(RETURN_ATTACHMENT_KINDS as readonly string[]).includes(v.kind ?? "")) {
      ctx.addIssue({ code: "custom", path: ["kind"], message: "Select whether it is a photo or another document" });
    }
    if (v.kind === "photo" && !v.description) ctx.addIssue({ code: "custom", path: ["description"], message: "Describe what the photo shows" });
    if (!file) ctx.addIssue({ code: "custom", path: ["file"], message: UPLOAD_MESSAGES.choose });
    else if (file.size === 0) ctx.addIssue({ code: "custom", path: ["file"], message: UPLOAD_MESSAGES.empty });
    else if (file.size > MAX_UPLOAD_BYTES) ctx.addIssue({ code: "custom", path: ["file"], message: UPLOAD_MESSAGES.tooLarge });
  });

// ---------------------------------------------------------------------------------------------
// Consent to publish
// ---------------------------------------------------------------------------------------------

export const consentSchema = z
  .object({
    intent,
    consent: z
      .string()
      .optional()
      .default("")
      .refine((v) => v === "" || v === "yes" || v === "no", "Select whether we may publish your story"),
  })
  .superRefine((v, ctx) => {
    if (v.intent === "continue" && !v.consent) ctx.addIssue({ code: "custom", path: ["consent"], message: "Select whether we may publish your story" });
  })
  .transform((v) => ({ intent: v.intent, consent: v.consent === "" ? null : v.consent === "yes" }));

// ---------------------------------------------------------------------------------------------
// Staff: the review, and the round's return schedule
// ---------------------------------------------------------------------------------------------

export const RETURN_REVIEW_CHOICES = [
  { value: "accepted", text: "Accept the return" },
  { value: "changes_requested", text: "Ask for changes" },
] as const;

/** Staff's review. The return's version the page showed travels beside it, checked on the server. */
export const returnReviewSchema = z
  .object({
    outcome: z.string().optional().default(""),
    comments: words(RETURN_LIMITS.commentsWords, "Comments"),
  })
  .superRefine((v, ctx) => {
    if (v.outcome !== "accepted" && v.outcome !== "changes_requested") {
      ctx.addIssue({ code: "custom", path: ["outcome"], message: "Select whether to accept the return or ask for changes" });
    }
    if (v.outcome === "changes_requested" && !v.comments) {
      ctx.addIssue({ code: "custom", path: ["comments"], message: "Tell the grantee what to change" });
    }
  })
  .transform((v) => ({ outcome: v.outcome as "accepted" | "changes_requested", comments: v.comments || null }));

export const RETURN_KIND_LABELS: Record<(typeof RETURN_KINDS)[number], string> = {
  interim: "Interim return",
  final: "Final return",
  showcase: "Showcase presentation",
};

export const SCHEDULE_LIMITS = { titleChars: 80, maxMonths: 60, maxItems: 10 } as const;

export type ScheduleItemInput = { id: number | null; kind: (typeof RETURN_KINDS)[number]; title: string; dueMonthsAfterStart: number };

/**
 * The whole return schedule of a round as one form: row N has `id_N` (blank for a new row),
 * `title_N`, `kind_N`, `months_N` and `remove_N` (ticked to remove it). A new row left blank is
 * ignored. `seen` is the fingerprint of the schedule the page showed.
 */
export const returnScheduleSchema = scheduleSchemaFor("round");

/** A programme's usual return schedule: the same form, in the programme's words. */
export const usualReturnScheduleSchema = scheduleSchemaFor("programme");

function scheduleSchemaFor(owner: "round" | "programme") {
  return z
    .looseObject({ seen: z.string().optional().default("") })
    .transform((v, ctx) => {
      const rows = [...new Set(Object.keys(v).flatMap((k) => /^(?:id|title|kind|months|remove)_(\d{1,2})$/.exec(k)?.[1] ?? []))]
        .map(Number)
        .sort((a, b) => a - b);
      const text = (key: string) => (typeof v[key] === "string" ? (v[key] as string).trim() : "");
      const items: ScheduleItemInput[] = [];
      const titles = new Map<string, number>();
      for (const n of rows) {
        const id = text(`id_${n}`);
        if (id && !/^\d{1,9}$/.test(id)) {
          ctx.addIssue({ code: "custom", path: [`title_${n}`], message: "The page is out of date. Open the return schedule again" });
          continue;
        }
        const removing = v[`remove_${n}`] !== undefined && v[`remove_${n}`] !== "" && v[`remove_${n}`] !== false;
        if (removing && id) continue;
        const [title, kind, months] = [text(`title_${n}`), text(`kind_${n}`), text(`months_${n}`)];
        if (!id && (removing || (!title && !kind && !months))) continue;
        let ok = true;
        const issue = (field: string, message: string) => {
          ok = false;
          ctx.addIssue({ code: "custom", path: [`${field}_${n}`], message });
        };
        if (!title) issue("title", "Enter the return's title");
        else if (title.length > SCHEDULE_LIMITS.titleChars) issue("title", `Title must be ${SCHEDULE_LIMITS.titleChars} characters or fewer`);
        else if (titles.has(title.toLowerCase())) issue("title", `The ${owner} already has a return called "${title}"`);
        if (!(RETURN_KINDS as readonly string[]).includes(kind)) issue("kind", "Select what kind of return it is");
        const m = months.replace(/\s/g, "");
        if (!m) issue("months", "Enter how many months after the project starts it is due");
        else if (!/^\d{1,3}$/.test(m) || Number(m) < 1 || Number(m) > SCHEDULE_LIMITS.maxMonths) {
          issue("months", `Months after the start must be a whole number from 1 to ${SCHEDULE_LIMITS.maxMonths}`);
        }
        if (title) titles.set(title.toLowerCase(), n);
        if (ok) items.push({ id: id ? Number(id) : null, kind: kind as ScheduleItemInput["kind"], title, dueMonthsAfterStart: Number(m) });
      }
      if (items.length > SCHEDULE_LIMITS.maxItems) ctx.addIssue({ code: "custom", path: ["form"], message: `A ${owner} can ask for up to ${SCHEDULE_LIMITS.maxItems} returns` });
      return { seen: v.seen, items };
    });
}
