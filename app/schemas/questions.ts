// The round's own questions, as forms. `questionAnswerSchema(question)` is built from a
// question's definition and checks an applicant's answer, the same in the browser
// (react-hook-form) and on the server, so the messages match; it gives the value as stored
// (text; a number; money in pence; "yes"/"no"; a choice; a JSON list of choices; YYYY-MM-DD).
// The staff forms that define questions and the documents a round asks for are here too.
import { z } from "zod";
import { QUESTION_SECTIONS, type QuestionKind, type QuestionSection } from "~db/schema";
import { formatMoney } from "~/utils/format";
import { rangeText, type QuestionDefinition } from "~/models/questions";
import { countWords, intent, isoFromParts, penceFrom } from "./application";

export const QUESTION_LIMITS = {
  labelChars: 250,
  hintChars: 500,
  choiceChars: 150,
  minChoices: 2,
  maxChoices: 30,
  maxWordLimit: 2000,
  /** Short text answers. */
  textChars: 200,
  /** Long text answers, whatever their word limit: stops a page of one enormous "word". */
  textareaChars: 20_000,
  documentNameChars: 120,
  documentHintChars: 300,
} as const;

export type AnswerRules = Pick<QuestionDefinition, "kind" | "required" | "wordLimit" | "minValue" | "maxValue" | "options">;

/** The name of the field whose error links to the question: the day box of a date. */
export const answerField = (question: Pick<QuestionDefinition, "kind">) => (question.kind === "date" ? "answerDay" : "answer");

/** What "Save and continue" says when a required question has no answer. */
export function missingAnswerMessage(kind: QuestionKind): string {
  switch (kind) {
    case "number":
      return "Enter a number";
    case "money":
      return "Enter an amount in pounds";
    case "date":
      return "Enter a date";
    case "yes_no":
      return "Select yes or no";
    case "one_of":
      return "Select an answer";
    case "several_of":
      return "Select at least one answer";
    default:
      return "Enter your answer";
  }
}

/** Ticked boxes: one comes as a string, several as a list (react-hook-form: a list, or false for none). */
const asList = (v: unknown): string[] =>
  (v === undefined || v === null || v === false ? [] : Array.isArray(v) ? v.map(String) : [String(v)]).map((s) => s.trim()).filter((s) => s !== "");
const asText = (v: unknown): string => (typeof v === "string" ? v : Array.isArray(v) ? String(v[0] ?? "") : "");

/** A number as typed: "1,250", "-3", "12.5". Null for blank; "invalid" for anything else. */
export function numberFrom(value: string): number | null | "invalid" {
  const v = value.replace(/[,\s]/g, "");
  if (!v) return null;
  if (!/^-?\d{1,12}(\.\d{1,4})?$/.test(v)) return "invalid";
  return Number(v);
}

/**
 * The answer to one question. `answer` is the field (radios and checkboxes send the index of the
 * choice, so a choice with a comma in it comes back whole); a date is three boxes.
 */
export function questionAnswerSchema(question: AnswerRules) {
  const choices = question.options ?? [];
  const choiceAt = (index: string) => (/^\d{1,3}$/.test(index) ? choices[Number(index)] : undefined);
  return z
    .object({
      intent,
      answer: z.union([z.string(), z.array(z.string()), z.literal(false)]).nullish(),
      answerDay: z.string().nullish(),
      answerMonth: z.string().nullish(),
      answerYear: z.string().nullish(),
    })
    .transform((v, ctx) => {
      const field = answerField(question);
      const fail = (message: string) => {
        ctx.addIssue({ code: "custom", path: [field], message });
        return z.NEVER;
      };
      let value: string | null = null;
      const typed = asText(v.answer).trim();
      switch (question.kind) {
        case "text":
          if (typed.length > QUESTION_LIMITS.textChars) return fail(`Your answer must be ${QUESTION_LIMITS.textChars} characters or fewer`);
          value = typed || null;
          break;
        case "textarea":
          if (question.wordLimit !== null && countWords(typed) > question.wordLimit) return fail(`Your answer must be ${question.wordLimit} words or fewer`);
          if (typed.length > QUESTION_LIMITS.textareaChars) return fail(`Your answer must be ${QUESTION_LIMITS.textareaChars.toLocaleString("en-GB")} characters or fewer`);
          value = typed || null;
          break;
        case "number": {
          const n = numberFrom(typed);
          if (n === "invalid") return fail("Enter a number, like 12");
          if (n !== null && !inRange(question, n)) return fail(`Enter a number ${rangeText(question)}`);
          value = n === null ? null : String(n);
          break;
        }
        case "money": {
          const pence = penceFrom(typed);
          if (pence === "invalid") return fail("Enter an amount in pounds, like 1250 or 1250.50");
          if (pence !== null && !inRange(question, pence)) return fail(`Enter an amount ${rangeText(question)}`);
          value = pence === null ? null : String(pence);
          break;
        }
        case "yes_no":
          if (typed && typed !== "yes" && typed !== "no") return fail("Select yes or no");
          value = typed || null;
          break;
        case "one_of": {
          if (!typed) break;
          const choice = choiceAt(typed);
          if (choice === undefined) return fail("Select an answer from the list");
          value = choice;
          break;
        }
        case "several_of": {
          const picked = asList(v.answer);
          if (picked.some((s) => choiceAt(s) === undefined)) return fail("Select answers from the list");
          // In the order of the list, each once.
          const chosen = choices.filter((_, i) => picked.includes(String(i)));
          value = chosen.length ? JSON.stringify(chosen) : null;
          break;
        }
        case "date": {
          const iso = isoFromParts(v.answerDay ?? "", v.answerMonth ?? "", v.answerYear ?? "");
          if (iso === "invalid") return fail("Enter a real date, like 27 3 2027");
          value = iso;
          break;
        }
      }
      if (value === null && question.required && v.intent === "continue") return fail(missingAnswerMessage(question.kind));
      return { intent: v.intent, value };
    });
}

function inRange(question: Pick<AnswerRules, "minValue" | "maxValue">, n: number) {
  return (question.minValue === null || n >= question.minValue) && (question.maxValue === null || n <= question.maxValue);
}

/** A stored answer as the form's fields show it. */
export function answerFormValues(question: Pick<QuestionDefinition, "kind" | "options">, value: string | null | undefined): { values: Record<string, string>; list: string[] } {
  const v = value ?? "";
  switch (question.kind) {
    case "money":
      return { values: { answer: v ? penceText(Number(v)) : "" }, list: [] };
    case "one_of": {
      const i = (question.options ?? []).indexOf(v);
      return { values: { answer: i === -1 ? "" : String(i) }, list: [] };
    }
    case "several_of": {
      let chosen: string[] = [];
      try {
        const parsed: unknown = v ? JSON.parse(v) : [];
        chosen = Array.isArray(parsed) ? parsed.map(String) : [];
      } catch {
        chosen = [];
      }
      const list = (question.options ?? []).flatMap((o, i) => (chosen.includes(o) ? [String(i)] : []));
      return { values: {}, list };
    }
    case "date": {
      const [y, m, d] = /^\d{4}-\d{2}-\d{2}$/.test(v) ? v.split("-") : ["", "", ""];
      return { values: { answerDay: d ? String(Number(d)) : "", answerMonth: m ? String(Number(m)) : "", answerYear: y ?? "" }, list: [] };
    }
    default:
      return { values: { answer: v }, list: [] };
  }
}

/** Pence as pounds are typed: 125050 → "1250.50". */
const penceText = (pence: number) => (pence % 100 === 0 ? String(pence / 100) : (pence / 100).toFixed(2));

// ---------------------------------------------------------------------------------------------
// Staff: defining a question
// ---------------------------------------------------------------------------------------------

const text = () =>
  z
    .string()
    .nullish()
    .transform((v) => (v ?? "").trim());

/** The kinds as staff choose them: one "choose from a list", then one or several. */
export const KIND_CHOICES = ["text", "textarea", "number", "money", "yes_no", "list", "date"] as const;

/** The choices typed one per line: blank lines dropped, each once (the first spelling kept). */
export function choiceLines(value: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of value.split(/\r?\n/)) {
    const choice = line.trim().replace(/\s+/g, " ");
    const key = choice.toLowerCase();
    if (!choice || seen.has(key)) continue;
    seen.add(key);
    out.push(choice);
  }
  return out;
}

/** "12:yes" or "12:3" (question 12, its answer yes, or its 4th choice): the condition select's value. */
const CONDITION = /^(\d{1,9}):(yes|no|\d{1,3})$/;

export const questionDefinitionSchema = z
  .object({
    label: text()
      .refine((v) => v !== "", "Enter the question")
      .refine((v) => v.length <= QUESTION_LIMITS.labelChars, `The question must be ${QUESTION_LIMITS.labelChars} characters or fewer`),
    hint: text().refine((v) => v.length <= QUESTION_LIMITS.hintChars, `The hint must be ${QUESTION_LIMITS.hintChars} characters or fewer`),
    section: text().refine((v) => (QUESTION_SECTIONS as readonly string[]).includes(v) && v !== "declarations", "Select where the question is asked"),
    kind: text().refine((v) => (KIND_CHOICES as readonly string[]).includes(v), "Select the kind of answer"),
    wordLimit: text(),
    numberMin: text(),
    numberMax: text(),
    moneyMin: text(),
    moneyMax: text(),
    listMany: text(),
    choices: text(),
    required: text().refine((v) => v === "yes" || v === "no", "Select yes if the question must be answered"),
    audience: text().refine((v) => v === "panel" || v === "staff", "Select who may read the answers"),
    condition: text().refine((v) => v === "" || CONDITION.test(v), "Select when the question is asked from the list"),
  })
  .superRefine((v, ctx) => {
    for (const [path, message] of kindFields(v).issues) ctx.addIssue({ code: "custom", path: [path], message });
  })
  .transform((v) => {
    const { kind, wordLimit, minValue, maxValue, options } = kindFields(v);
    const condition = CONDITION.exec(v.condition);
    return {
      label: v.label,
      hint: v.hint || null,
      section: v.section as QuestionSection,
      kind,
      wordLimit,
      minValue,
      maxValue,
      options,
      required: v.required === "yes",
      audience: v.audience as "panel" | "staff",
      /** The question it depends on, and its answer ("yes", "no", or a choice's index): the model checks both. */
      condition: condition ? { questionId: Number(condition[1]), answer: condition[2]! } : null,
    };
  });

type DefinitionForm = { kind: string; wordLimit: string; numberMin: string; numberMax: string; moneyMin: string; moneyMax: string; listMany: string; choices: string };

/** The fields of the kind chosen (the others, typed and then hidden, are ignored), and what is wrong with them. */
function kindFields(v: DefinitionForm) {
  const issues: [string, string][] = [];
  let kind = v.kind as QuestionKind;
  let wordLimit: number | null = null;
  let minValue: number | null = null;
  let maxValue: number | null = null;
  let options: string[] | null = null;
  if (v.kind === "textarea") {
    if (!v.wordLimit) issues.push(["wordLimit", "Enter the most words an answer may have"]);
    else if (!/^\d{1,5}$/.test(v.wordLimit) || Number(v.wordLimit) < 1 || Number(v.wordLimit) > QUESTION_LIMITS.maxWordLimit) {
      issues.push(["wordLimit", `The word limit must be a whole number between 1 and ${QUESTION_LIMITS.maxWordLimit.toLocaleString("en-GB")}`]);
    } else wordLimit = Number(v.wordLimit);
  }
  if (v.kind === "number") {
    const min = numberFrom(v.numberMin);
    const max = numberFrom(v.numberMax);
    if (min === "invalid") issues.push(["numberMin", "The smallest number must be a number, like 0"]);
    if (max === "invalid") issues.push(["numberMax", "The largest number must be a number, like 100"]);
    if (typeof min === "number" && typeof max === "number" && max < min) issues.push(["numberMax", "The largest number must be the same as or more than the smallest"]);
    minValue = typeof min === "number" ? min : null;
    maxValue = typeof max === "number" ? max : null;
  }
  if (v.kind === "money") {
    const min = penceFrom(v.moneyMin);
    const max = penceFrom(v.moneyMax);
    if (min === "invalid") issues.push(["moneyMin", "The smallest amount must be in pounds, like 0 or 500"]);
    if (max === "invalid") issues.push(["moneyMax", "The largest amount must be in pounds, like 5000"]);
    if (typeof min === "number" && typeof max === "number" && max < min) issues.push(["moneyMax", `The largest amount must be the same as or more than ${formatMoney(min)}`]);
    minValue = typeof min === "number" ? min : null;
    maxValue = typeof max === "number" ? max : null;
  }
  if (v.kind === "list") {
    if (v.listMany !== "one" && v.listMany !== "several") issues.push(["listMany", "Select whether people choose one answer or several"]);
    kind = v.listMany === "several" ? "several_of" : "one_of";
    const lines = choiceLines(v.choices);
    if (lines.length < QUESTION_LIMITS.minChoices) issues.push(["choices", "Enter at least 2 different choices, one on each line"]);
    else if (lines.length > QUESTION_LIMITS.maxChoices) issues.push(["choices", `Enter ${QUESTION_LIMITS.maxChoices} choices or fewer`]);
    else if (lines.some((l) => l.length > QUESTION_LIMITS.choiceChars)) issues.push(["choices", `Each choice must be ${QUESTION_LIMITS.choiceChars} characters or fewer`]);
    options = lines;
  }
  return { kind, wordLimit, minValue, maxValue, options, issues };
}

export type QuestionInput = z.output<typeof questionDefinitionSchema>;

/** The question form's fields in the order of the page ("form" for a refusal of the whole form). */
export const QUESTION_FORM_FIELDS = ["form", "label", "hint", "section", "kind", "wordLimit", "numberMin", "numberMax", "moneyMin", "moneyMax", "listMany", "choices", "required", "audience", "condition"] as const;

/** Once applications have started, only a question's words change. */
export const questionWordingSchema = z.object({
  label: text()
    .refine((v) => v !== "", "Enter the question")
    .refine((v) => v.length <= QUESTION_LIMITS.labelChars, `The question must be ${QUESTION_LIMITS.labelChars} characters or fewer`),
  hint: text()
    .refine((v) => v.length <= QUESTION_LIMITS.hintChars, `The hint must be ${QUESTION_LIMITS.hintChars} characters or fewer`)
    .transform((v) => v || null),
});

export type QuestionWording = z.output<typeof questionWordingSchema>;

/** The definition as the staff form shows it (the inverse of questionDefinitionSchema). */
export function definitionFormValues(question: QuestionDefinition, conditionKey: string): Record<string, string> {
  const list = question.kind === "one_of" || question.kind === "several_of";
  const money = question.kind === "money";
  const number = question.kind === "number";
  const pounds = (n: number | null) => (n === null ? "" : penceText(n));
  const plain = (n: number | null) => (n === null ? "" : String(n));
  return {
    label: question.label,
    hint: question.hint ?? "",
    section: question.section,
    kind: list ? "list" : question.kind,
    wordLimit: question.wordLimit === null ? "" : String(question.wordLimit),
    numberMin: number ? plain(question.minValue) : "",
    numberMax: number ? plain(question.maxValue) : "",
    moneyMin: money ? pounds(question.minValue) : "",
    moneyMax: money ? pounds(question.maxValue) : "",
    listMany: list ? (question.kind === "several_of" ? "several" : "one") : "",
    choices: (question.options ?? []).join("\n"),
    required: question.required ? "yes" : "no",
    audience: question.audience,
    condition: conditionKey,
  };
}

/** The condition select's value for a question's condition ("" when always asked). */
export function conditionKey(
  question: Pick<QuestionDefinition, "conditionQuestionId" | "conditionValue">,
  parent: Pick<QuestionDefinition, "kind" | "options"> | undefined,
): string {
  if (question.conditionQuestionId === null || question.conditionValue === null || !parent) return "";
  if (parent.kind === "yes_no") return `${question.conditionQuestionId}:${question.conditionValue}`;
  const i = (parent.options ?? []).indexOf(question.conditionValue);
  return i === -1 ? "" : `${question.conditionQuestionId}:${i}`;
}

export const moveSchema = z.object({
  id: z.string().regex(/^\d{1,9}$/, "Select what to move").transform(Number),
  direction: z.enum(["up", "down"], { error: "Select whether to move it up or down" }),
});

// ---------------------------------------------------------------------------------------------
// Staff: a document the round asks for
// ---------------------------------------------------------------------------------------------

export const requestedDocumentSchema = z.object({
  name: text()
    .refine((v) => v !== "", "Enter the document's name")
    .refine((v) => v.length <= QUESTION_LIMITS.documentNameChars, `The name must be ${QUESTION_LIMITS.documentNameChars} characters or fewer`),
  hint: text()
    .refine((v) => v.length <= QUESTION_LIMITS.documentHintChars, `The hint must be ${QUESTION_LIMITS.documentHintChars} characters or fewer`)
    .transform((v) => v || null),
  required: text()
    .refine((v) => v === "yes" || v === "no", "Select yes if every applicant must upload it")
    .transform((v) => v === "yes"),
});

export type RequestedDocumentInput = z.output<typeof requestedDocumentSchema>;

