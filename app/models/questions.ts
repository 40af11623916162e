// A round's own questions, as plain logic that the server, the browser and the tests share:
// where each question is asked (its section, or "Other questions" when the round does not ask
// that section), in what order, whether a conditional question is asked given the answers so
// far, and an answer as people read it. Nothing here touches the database.
import type { ApplicationSection, QuestionKind, QuestionSection } from "~db/schema";
import { formatDate, formatMoney } from "~/utils/format";

/** A question as the pages and the rules need it (a `cycle_questions` row without its timestamps). */
export type QuestionDefinition = {
  id: number;
  section: QuestionSection;
  kind: QuestionKind;
  label: string;
  hint: string | null;
  wordLimit: number | null;
  minValue: number | null;
  maxValue: number | null;
  options: string[] | null;
  required: boolean;
  conditionQuestionId: number | null;
  conditionValue: string | null;
  audience: "panel" | "staff";
  sortOrder: number;
};

/** The stored answers of one application, by question id (see `application_answers`). */
export type Answers = Record<number, string | null | undefined>;

/** Strips a row down to its definition, safe to send to the browser. */
export function definitionOf(row: QuestionDefinition & Record<string, unknown>): QuestionDefinition {
  return {
    id: row.id,
    section: row.section,
    kind: row.kind,
    label: row.label,
    hint: row.hint,
    wordLimit: row.wordLimit,
    minValue: row.minValue,
    maxValue: row.maxValue,
    options: row.options,
    required: row.required,
    conditionQuestionId: row.conditionQuestionId,
    conditionValue: row.conditionValue,
    audience: row.audience,
    sortOrder: row.sortOrder,
  };
}

/** The kinds whose answer can decide whether a later question is asked. */
export const CONDITION_KINDS: readonly QuestionKind[] = ["yes_no", "one_of", "several_of"];

/** Where staff may place a question: any section the round asks but the declaration, or "Other questions". */
export function placeableSections(cycleSections: readonly ApplicationSection[]): QuestionSection[] {
  return [...cycleSections.filter((s) => s !== "declarations"), "other"];
}

/** Where a question is asked: its section if the round asks it, otherwise "Other questions". */
export function whereAsked(question: Pick<QuestionDefinition, "section">, cycleSections: readonly ApplicationSection[]): QuestionSection {
  const s = question.section;
  return s !== "other" && s !== "declarations" && cycleSections.includes(s) ? s : "other";
}

/** The order of the application's tasks: the round's sections, "Other questions" just before the declaration. */
function flowOrder(cycleSections: readonly ApplicationSection[]): QuestionSection[] {
  const at = cycleSections.indexOf("declarations");
  return at === -1 ? [...cycleSections, "other"] : [...cycleSections.slice(0, at), "other", ...cycleSections.slice(at)];
}

/** Questions in the order they are asked: by the section they are asked in, then as staff ordered them. */
export function inAskedOrder<Q extends Pick<QuestionDefinition, "id" | "section" | "sortOrder">>(cycleSections: readonly ApplicationSection[], questions: readonly Q[]): Q[] {
  const flow = flowOrder(cycleSections);
  const rank = (q: Q) => flow.indexOf(whereAsked(q, cycleSections));
  return [...questions].sort((a, b) => rank(a) - rank(b) || a.sortOrder - b.sortOrder || a.id - b.id);
}

/** The tasks of an application: the round's sections, and "Other questions" when any question is asked there. */
export function taskSections(cycleSections: readonly ApplicationSection[], asked: readonly Pick<QuestionDefinition, "section">[]): QuestionSection[] {
  const other = asked.some((q) => whereAsked(q, cycleSections) === "other");
  return flowOrder(cycleSections).filter((s) => s !== "other" || other);
}

/** A list answer (several of a list) is stored as a JSON array of the chosen choices. */
export function parseList(value: string | null | undefined): string[] {
  if (!value) return [];
  try {
    const list: unknown = JSON.parse(value);
    return Array.isArray(list) ? list.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

/** Does this stored answer (of a yes/no or list question) give the answer a condition asks for? */
export function answerMatches(kind: QuestionKind, value: string | null | undefined, wanted: string | null): boolean {
  if (value === null || value === undefined || wanted === null) return false;
  return kind === "several_of" ? parseList(value).includes(wanted) : value === wanted;
}

/**
 * Is the question asked, given the answers? One with no condition always is; a conditional one
 * only while the question it depends on is itself asked and has the answer it names. A stored
 * answer to a question not asked is kept, but counts for nothing. A loop (which the model never
 * lets staff make) counts as not asked rather than running for ever.
 */
export function isAsked(
  question: Pick<QuestionDefinition, "id" | "conditionQuestionId" | "conditionValue">,
  byId: ReadonlyMap<number, Pick<QuestionDefinition, "id" | "kind" | "conditionQuestionId" | "conditionValue">>,
  answers: Answers,
  seen: ReadonlySet<number> = new Set(),
): boolean {
  if (question.conditionQuestionId === null) return true;
  if (seen.has(question.id)) return false;
  const parent = byId.get(question.conditionQuestionId);
  if (!parent) return true;
  const next = new Set(seen).add(question.id);
  return isAsked(parent, byId, answers, next) && answerMatches(parent.kind, answers[parent.id], question.conditionValue);
}

/** The questions asked of this application now, in order. */
export function askedQuestions<Q extends QuestionDefinition>(cycleSections: readonly ApplicationSection[], questions: readonly Q[], answers: Answers): Q[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  return inAskedOrder(cycleSections, questions).filter((q) => isAsked(q, byId, answers));
}

/** Is there an answer (a blank or an empty list is none)? */
export function isAnswered(question: Pick<QuestionDefinition, "kind">, value: string | null | undefined): boolean {
  if (value === null || value === undefined || value.trim() === "") return false;
  return question.kind === "several_of" ? parseList(value).length > 0 : true;
}

/** A yes/no answer or condition value in words. */
export const yesNoText = (value: string) => (value === "yes" ? "Yes" : value === "no" ? "No" : value);

/**
 * An answer as people read it, everywhere it shows: check your answers, the receipt, the staff
 * and panel views, the intake CSV (which joins the choices of a list with "; ").
 */
export function formatAnswer(question: Pick<QuestionDefinition, "kind">, value: string | null | undefined, options: { listSeparator?: string } = {}): string {
  if (!isAnswered(question, value)) return "Not answered";
  const v = value!;
  switch (question.kind) {
    case "number":
      return Number(v).toLocaleString("en-GB", { maximumFractionDigits: 4 });
    case "money":
      return formatMoney(Number(v));
    case "yes_no":
      return yesNoText(v);
    case "several_of":
      return parseList(v).join(options.listSeparator ?? "\n");
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v;
    default:
      return v;
  }
}

/** "Asked only when “Do you have a bank account?” is answered “No”", or null for a question always asked. */
export function conditionText(
  question: Pick<QuestionDefinition, "conditionQuestionId" | "conditionValue">,
  byId: ReadonlyMap<number, Pick<QuestionDefinition, "label" | "kind">>,
): string | null {
  if (question.conditionQuestionId === null || question.conditionValue === null) return null;
  const parent = byId.get(question.conditionQuestionId);
  if (!parent) return null;
  const answer = parent.kind === "yes_no" ? yesNoText(question.conditionValue) : question.conditionValue;
  return parent.kind === "several_of"
    ? `Asked only when “${parent.label}” includes the answer “${answer}”`
    : `Asked only when “${parent.label}” is answered “${answer}”`;
}

/** The answers a condition may name, for a yes/no or list question. */
export function conditionAnswers(question: Pick<QuestionDefinition, "kind" | "options">): { value: string; text: string }[] {
  if (question.kind === "yes_no") return [{ value: "yes", text: "Yes" }, { value: "no", text: "No" }];
  if (question.kind === "one_of" || question.kind === "several_of") return (question.options ?? []).map((o) => ({ value: o, text: o }));
  return [];
}

/** A question's range in words: "between 1 and 100", "£500 or more"; null without one. */
export function rangeText(question: Pick<QuestionDefinition, "kind" | "minValue" | "maxValue">): string | null {
  const show = (n: number) => (question.kind === "money" ? formatMoney(n) : n.toLocaleString("en-GB", { maximumFractionDigits: 4 }));
  const { minValue: min, maxValue: max } = question;
  if (min !== null && max !== null) return `between ${show(min)} and ${show(max)}`;
  if (min !== null) return `${show(min)} or more`;
  if (max !== null) return `${show(max)} or less`;
  return null;
}
