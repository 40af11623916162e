// A round's own questions and the documents it asks for: staff define them (add, change, move,
// remove), applicants answer them. Each change is one transaction with its audit record, on the
// round (entity "cycle"), so the round's history shows who changed what, from what to what.
//
// Rules, enforced here whatever a form posts:
// - only staff define questions and documents, only on a round that exists;
// - a question is placed in a section the round asks (not the declaration), or "Other questions";
// - a condition names an earlier yes/no or list question of the same round, and one of its
//   answers; a question another depends on cannot be removed, moved after it, or changed so the
//   condition no longer makes sense;
// - two questions of a round never share their words, nor two documents their name (so a
//   second click adds nothing);
// - THE LOCK: once any application has been started in the round (any application row), a
//   question may be added only as optional, and an existing one only clarified (its words and
//   hint); it is never removed, moved, or changed in kind, choices, limits, section, condition,
//   audience or whether it must be answered. The same for documents (added only as optional,
//   only renamed or re-hinted). So no answer or document already given is ever lost.
import { createHash } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { ApplicationSection } from "~db/schema";
import type { QuestionInput, QuestionWording, RequestedDocumentInput } from "~/schemas/questions";
import { db, schema, transaction, type DbOrTx, type Tx } from "~/utils/db.server";
import { recordAudit } from "./audit.server";
import { questionPage, savePage, SECTION_TITLES, type ApplicationFile, type SaveOutcome } from "./applications.server";
import {
  CONDITION_KINDS,
  conditionAnswers,
  conditionText,
  definitionOf,
  formatAnswer,
  inAskedOrder,
  isAsked,
  placeableSections,
  rangeText,
  taskSections,
  whereAsked,
  type QuestionDefinition,
} from "./questions";
import { QUESTION_KIND_LABELS } from "~/utils/labels";

type Staff = { id: number; isStaff: boolean };
type Cycle = typeof schema.cycles.$inferSelect;
export type QuestionRow = typeof schema.cycleQuestions.$inferSelect;
export type DocumentRow = typeof schema.cycleDocuments.$inferSelect;

/** Done (and whether anything changed), or refused: by the field the problem is in, or for the whole form. */
export type RoundResult<T = object> =
  | ({ ok: true; changed: boolean } & T)
  | { ok: false; status: 403 | 404 | 409; message: string; errors?: Record<string, string>; stale?: boolean };

const refused = (status: 403 | 404 | 409, message: string) => ({ ok: false as const, status, message });
const fieldRefused = (errors: Record<string, string>) => ({ ok: false as const, status: 409 as const, message: Object.values(errors)[0] ?? "", errors });
const NOT_STAFF = refused(403, "Only staff can change a round's questions and documents.");
const NOT_FOUND = refused(404, "Page not found.");

/** Enough for any round; stops a runaway script filling the tables. */
export const MAX_QUESTIONS = 50;
export const MAX_REQUESTED_DOCUMENTS = 20;

export const QUESTIONS_LOCKED_MESSAGE =
  "Applications have been started in this round, so its questions can only be clarified: you can change a question's words and hint, and add new questions that are optional. Questions cannot be removed, moved, or changed in kind, choices, limits, where they are asked, when they are asked, who reads the answers or whether they must be answered, so that no answer already given is lost.";
export const DOCUMENTS_LOCKED_MESSAGE =
  "Applications have been started in this round, so the documents it asks for can only be clarified: you can change a document's name and hint, and add documents that are optional. They cannot be removed, moved or made required, so that nothing an applicant has uploaded is lost.";
export const QUESTION_CHANGED_MESSAGE =
  "Someone else changed this question while you had this page open, so nothing was saved. What you typed is below, and the question as it is saved now is shown above it: check and save again.";
export const DOCUMENT_CHANGED_MESSAGE =
  "Someone else changed this document while you had this page open, so nothing was saved. What you typed is below: check it and save again.";

const fingerprint = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

export function roundOf(cycleId: number, tx: DbOrTx = db): Cycle | undefined {
  return tx.select().from(schema.cycles).where(eq(schema.cycles.id, cycleId)).get();
}

/** Has any application been started in the round (any row, even withdrawn)? Then the questions are locked. */
export function applicationsStarted(cycleId: number, tx: DbOrTx = db): boolean {
  return !!tx.select({ id: schema.applications.id }).from(schema.applications).where(eq(schema.applications.cycleId, cycleId)).limit(1).get();
}

/** The round's questions, in the order staff set (inAskedOrder gives the order they are asked). */
export function roundQuestions(cycleId: number, tx: DbOrTx = db): QuestionRow[] {
  return tx
    .select()
    .from(schema.cycleQuestions)
    .where(eq(schema.cycleQuestions.cycleId, cycleId))
    .orderBy(asc(schema.cycleQuestions.sortOrder), asc(schema.cycleQuestions.id))
    .all();
}

export function roundDocuments(cycleId: number, tx: DbOrTx = db): DocumentRow[] {
  return tx
    .select()
    .from(schema.cycleDocuments)
    .where(eq(schema.cycleDocuments.cycleId, cycleId))
    .orderBy(asc(schema.cycleDocuments.sortOrder), asc(schema.cycleDocuments.id))
    .all();
}

export function questionOf(cycleId: number, questionId: number, tx: DbOrTx = db): QuestionRow | undefined {
  return tx
    .select()
    .from(schema.cycleQuestions)
    .where(and(eq(schema.cycleQuestions.cycleId, cycleId), eq(schema.cycleQuestions.id, questionId)))
    .get();
}

export function documentOf(cycleId: number, documentId: number, tx: DbOrTx = db): DocumentRow | undefined {
  return tx
    .select()
    .from(schema.cycleDocuments)
    .where(and(eq(schema.cycleDocuments.cycleId, cycleId), eq(schema.cycleDocuments.id, documentId)))
    .get();
}

/** What a question is, as the history records it (and a fingerprint is taken of). */
function questionShape(q: Omit<QuestionDefinition, "id" | "sortOrder">) {
  return {
    section: q.section,
    kind: q.kind,
    label: q.label,
    hint: q.hint,
    wordLimit: q.wordLimit,
    minValue: q.minValue,
    maxValue: q.maxValue,
    options: q.options,
    required: q.required,
    conditionQuestionId: q.conditionQuestionId,
    conditionValue: q.conditionValue,
    audience: q.audience,
  };
}

export const questionFingerprint = (q: QuestionRow) => fingerprint(questionShape(q));

const documentShape = (d: Pick<DocumentRow, "name" | "hint" | "required">) => ({ name: d.name, hint: d.hint, required: d.required });
export const documentFingerprint = (d: DocumentRow) => fingerprint(documentShape(d));

const sameWords = (a: string, b: string) => a.trim().replace(/\s+/g, " ").toLocaleLowerCase("en-GB") === b.trim().replace(/\s+/g, " ").toLocaleLowerCase("en-GB");

/** Why the round's questions and documents can only be clarified now, or null while anything goes. */
export const questionsLockedMessage = (cycleId: number) => (applicationsStarted(cycleId) ? QUESTIONS_LOCKED_MESSAGE : null);
export const documentsLockedMessage = (cycleId: number) => (applicationsStarted(cycleId) ? DOCUMENTS_LOCKED_MESSAGE : null);

/**
 * The round's questions as staff's list shows them: grouped by where they are asked, in the
 * order asked (the sections in the round's order, "Other questions" before the declaration).
 */
export function questionsOverview(cycle: Cycle) {
  const questions = inAskedOrder(cycle.sections, roundQuestions(cycle.id));
  const byId = new Map(questions.map((q) => [q.id, q]));
  return taskSections(cycle.sections, questions)
    .map((section) => {
      const group = questions.filter((q) => whereAsked(q, cycle.sections) === section);
      return {
        section,
        title: SECTION_TITLES[section],
        questions: group.map((q, i) => ({
          ...definitionOf(q),
          placedIn: q.section === section ? null : SECTION_TITLES[q.section],
          kindText: describeKind(q),
          condition: conditionText(q, byId),
          first: i === 0,
          last: i === group.length - 1,
        })),
      };
    })
    .filter((g) => g.questions.length > 0);
}

/** "Long text, up to 250 words"; "One of a list:" and its choices, one a line. */
export function describeKind(q: Pick<QuestionDefinition, "kind" | "wordLimit" | "minValue" | "maxValue" | "options">): string {
  const base = QUESTION_KIND_LABELS[q.kind] ?? q.kind;
  if (q.kind === "textarea" && q.wordLimit) return `${base}, up to ${q.wordLimit.toLocaleString("en-GB")} words`;
  const range = rangeText(q);
  if ((q.kind === "number" || q.kind === "money") && range) return `${base}, ${range}`;
  // One choice a line: a choice may have a comma in it.
  if (q.kind === "one_of" || q.kind === "several_of") return `${base}:\n${(q.options ?? []).join("\n")}`;
  return base;
}

/**
 * The choices of the question form: where it may be asked, and when (always, or after one of
 * each earlier yes/no or list question's answers). Changing a question, neither it nor any
 * question that depends on it, however far down, is offered.
 */
export function questionFormChoices(cycle: Cycle, exceptId: number | null = null) {
  const questions = inAskedOrder(cycle.sections, roundQuestions(cycle.id));
  const byId = new Map(questions.map((q) => [q.id, q]));
  const dependsOnExcept = (q: QuestionRow, seen = new Set<number>()): boolean => {
    if (exceptId === null) return false;
    if (q.id === exceptId) return true;
    if (q.conditionQuestionId === null || seen.has(q.id)) return false;
    const parent = byId.get(q.conditionQuestionId);
    return parent ? dependsOnExcept(parent, seen.add(q.id)) : false;
  };
  return {
    sections: placeableSections(cycle.sections).map((s) => ({ value: s, text: SECTION_TITLES[s] })),
    conditions: [
      { value: "", text: "Always" },
      ...questions
        .filter((q) => CONDITION_KINDS.includes(q.kind) && !dependsOnExcept(q))
        .flatMap((q) =>
          conditionAnswers(q).map((a, i) => ({
            value: `${q.id}:${q.kind === "yes_no" ? a.value : i}`,
            text: q.kind === "several_of" ? `Only when “${q.label}” includes “${a.text}”` : `Only when “${q.label}” is answered “${a.text}”`,
          })),
        ),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Conditions and order
// ---------------------------------------------------------------------------------------------

type Placed = Pick<QuestionDefinition, "id" | "section" | "sortOrder" | "label" | "kind" | "options" | "conditionQuestionId" | "conditionValue" | "audience">;

/**
 * The first condition that no longer makes sense, in words, or null: each must name a question
 * of the round asked before it, of a kind that has answers, and one of those answers. And a
 * question the panel reads never depends on one only staff read: that it was asked at all would
 * tell the panel the answer staff keep from them.
 */
function conditionProblem(cycleSections: readonly ApplicationSection[], questions: readonly Placed[]): string | null {
  const order = inAskedOrder(cycleSections, questions);
  const position = new Map(order.map((q, i) => [q.id, i]));
  for (const q of order) {
    if (q.conditionQuestionId === null) continue;
    const parent = questions.find((p) => p.id === q.conditionQuestionId);
    if (!parent) return `“${q.label}” depends on a question that is no longer there.`;
    if (!CONDITION_KINDS.includes(parent.kind)) return `“${q.label}” is asked only when “${parent.label}” has a given answer, so “${parent.label}” must stay a yes or no question or a list.`;
    if (!conditionAnswers(parent).some((a) => a.value === q.conditionValue)) {
      return `“${q.label}” is asked only when “${parent.label}” is answered “${q.conditionValue}”, so that answer must stay one of its choices.`;
    }
    if (position.get(parent.id)! > position.get(q.id)!) {
      return `“${q.label}” is asked only when “${parent.label}” has a given answer, so it must be asked after “${parent.label}”.`;
    }
    if (q.audience === "panel" && parent.audience === "staff") {
      return `“${q.label}” is asked only when “${parent.label}” has a given answer, and the panel reads it: so the panel could tell that answer, which only staff may read. Make “${q.label}” for staff only too, or ask it always.`;
    }
  }
  return null;
}

/** The condition chosen on the form, as stored: the question's id and the answer's words. */
type Resolved = { ok: true; conditionQuestionId: number | null; conditionValue: string | null } | { ok: false; message: string };

function resolveCondition(questions: readonly QuestionRow[], selfId: number | null, condition: QuestionInput["condition"]): Resolved {
  if (!condition) return { ok: true, conditionQuestionId: null, conditionValue: null };
  const parent = questions.find((q) => q.id === condition.questionId && q.id !== selfId);
  const answers = parent ? conditionAnswers(parent) : [];
  const answer = parent?.kind === "yes_no" ? answers.find((a) => a.value === condition.answer) : /^\d+$/.test(condition.answer) ? answers[Number(condition.answer)] : undefined;
  if (!parent || !answer) return { ok: false, message: "Select when the question is asked from the list" };
  return { ok: true, conditionQuestionId: parent.id, conditionValue: answer.value };
}

/** The questions that depend on this one, and so fix what it may become. */
const dependentsOf = (questions: readonly QuestionRow[], id: number) => questions.filter((q) => q.conditionQuestionId === id);

// ---------------------------------------------------------------------------------------------
// Staff: questions
// ---------------------------------------------------------------------------------------------

/** Adds a question at the end of the section it is asked in. Once applications have started, only an optional one. */
export function addQuestion(actor: Staff, cycleId: number, input: QuestionInput): RoundResult<{ questionId: number }> {
  if (!actor.isStaff) return NOT_STAFF;
  return transaction((tx): RoundResult<{ questionId: number }> => {
    const cycle = roundOf(cycleId, tx);
    if (!cycle) return NOT_FOUND;
    const questions = roundQuestions(cycleId, tx);
    const errors: Record<string, string> = {};
    if (questions.length >= MAX_QUESTIONS) return refused(409, `A round can ask up to ${MAX_QUESTIONS} questions of its own. Remove one to add another.`);
    const same = questions.find((q) => sameWords(q.label, input.label));
    if (same) errors.label = `This round already asks “${same.label}”. Word this question differently`;
    if (!placeableSections(cycle.sections).includes(input.section)) errors.section = "Select a section this round asks, or Other questions";
    if (input.required && applicationsStarted(cycleId, tx)) {
      errors.required = "Applications have been started in this round, so a new question must be optional: select No";
    }
    const condition = resolveCondition(questions, null, input.condition);
    if (!condition.ok) errors.condition = condition.message;
    if (Object.keys(errors).length || !condition.ok) return fieldRefused(errors);
    const sortOrder = Math.max(0, ...questions.map((q) => q.sortOrder)) + 1;
    const candidate = { ...input, id: 0, sortOrder, conditionQuestionId: condition.conditionQuestionId, conditionValue: condition.conditionValue };
    const problem = conditionProblem(cycle.sections, [...questions, candidate]);
    if (problem) return fieldRefused({ condition: problem });
    const now = new Date();
    const { condition: _condition, ...fields } = input;
    const created = tx
      .insert(schema.cycleQuestions)
      .values({ ...fields, cycleId, sortOrder, conditionQuestionId: condition.conditionQuestionId, conditionValue: condition.conditionValue, createdAt: now, updatedAt: now })
      .returning()
      .get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "cycle.question_added",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Added the question “${created.label}”`,
      details: { questionId: created.id, after: questionShape(created) },
    });
    return { ok: true, changed: true, questionId: created.id };
  });
}

/**
 * Changes a question. `shown` is the fingerprint of the question as the page showed it: if it
 * was changed meanwhile, nothing is saved. Once applications have started, only its words and
 * hint may change: anything else is refused with the reason.
 */
export function changeQuestion(actor: Staff, cycleId: number, questionId: number, input: QuestionInput, shown: string): RoundResult {
  if (!actor.isStaff) return NOT_STAFF;
  return transaction((tx): RoundResult => {
    const cycle = roundOf(cycleId, tx);
    const question = cycle ? questionOf(cycleId, questionId, tx) : undefined;
    if (!cycle || !question) return NOT_FOUND;
    if (questionFingerprint(question) !== shown) return { ...refused(409, QUESTION_CHANGED_MESSAGE), stale: true };
    const questions = roundQuestions(cycleId, tx);
    const errors: Record<string, string> = {};
    const same = questions.find((q) => q.id !== questionId && sameWords(q.label, input.label));
    if (same) errors.label = `This round already asks “${same.label}”. Word this question differently`;
    const condition = resolveCondition(questions, questionId, input.condition);
    if (!condition.ok) errors.condition = condition.message;
    if (Object.keys(errors).length || !condition.ok) return fieldRefused(errors);
    const { condition: _condition, ...fields } = input;
    const next = { ...question, ...fields, conditionQuestionId: condition.conditionQuestionId, conditionValue: condition.conditionValue };
    const before = questionShape(question);
    const after = questionShape(next);
    const { label: _l, hint: _h, ...rulesBefore } = before;
    const { label: _l2, hint: _h2, ...rulesAfter } = after;
    if (JSON.stringify(rulesBefore) !== JSON.stringify(rulesAfter)) {
      // More than the words: only while no application has started.
      if (applicationsStarted(cycleId, tx)) return refused(409, QUESTIONS_LOCKED_MESSAGE);
      if (next.section !== question.section && !placeableSections(cycle.sections).includes(next.section)) {
        return fieldRefused({ section: "Select a section this round asks, or Other questions" });
      }
      // A new section: the question goes to the end of it.
      if (next.section !== question.section) next.sortOrder = Math.max(0, ...questions.map((q) => q.sortOrder)) + 1;
      const problem = conditionProblem(cycle.sections, questions.map((q) => (q.id === questionId ? next : q)));
      // Its own condition: by that field. One that depends on it: for the whole form.
      if (problem) return problemIsOwn(problem, next) ? fieldRefused({ condition: problem }) : refused(409, problem);
    }
    if (JSON.stringify(before) === JSON.stringify(after)) return { ok: true, changed: false };
    tx.update(schema.cycleQuestions)
      .set({ ...after, sortOrder: next.sortOrder, updatedAt: new Date() })
      .where(eq(schema.cycleQuestions.id, questionId))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "cycle.question_changed",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Changed the question “${after.label}”`,
      details: { questionId, before, after },
    });
    return { ok: true, changed: true };
  });
}

/** Does the message speak of this question's own condition (rather than one that depends on it)? */
const problemIsOwn = (problem: string, question: { label: string }) => problem.startsWith(`“${question.label}”`);

/** Clarifies a question: its words and hint only. Allowed whether or not applications have started. */
export function clarifyQuestion(actor: Staff, cycleId: number, questionId: number, wording: QuestionWording, shown: string): RoundResult {
  if (!actor.isStaff) return NOT_STAFF;
  const question = questionOf(cycleId, questionId);
  if (!question) return NOT_FOUND;
  const parent = question.conditionQuestionId === null ? undefined : questionOf(cycleId, question.conditionQuestionId);
  const answers = parent ? conditionAnswers(parent) : [];
  const index = answers.findIndex((a) => a.value === question.conditionValue);
  const condition = parent && index !== -1 ? { questionId: parent.id, answer: parent.kind === "yes_no" ? question.conditionValue! : String(index) } : null;
  const { id: _id, cycleId: _c, createdAt: _a, updatedAt: _u, sortOrder: _s, conditionQuestionId: _q, conditionValue: _v, ...rest } = question;
  return changeQuestion(actor, cycleId, questionId, { ...rest, ...wording, condition }, shown);
}

/** Moves a question up or down among those asked in the same section. Not once applications have started. */
export function moveQuestion(actor: Staff, cycleId: number, questionId: number, direction: "up" | "down"): RoundResult {
  if (!actor.isStaff) return NOT_STAFF;
  return transaction((tx): RoundResult => {
    const cycle = roundOf(cycleId, tx);
    const question = cycle ? questionOf(cycleId, questionId, tx) : undefined;
    if (!cycle || !question) return NOT_FOUND;
    if (applicationsStarted(cycleId, tx)) return refused(409, QUESTIONS_LOCKED_MESSAGE);
    const order = inAskedOrder(cycle.sections, roundQuestions(cycleId, tx));
    const group = order.filter((q) => whereAsked(q, cycle.sections) === whereAsked(question, cycle.sections));
    const at = group.findIndex((q) => q.id === questionId);
    const other = group[direction === "up" ? at - 1 : at + 1];
    // Already first (or last): a second click, nothing to do.
    if (!other) return { ok: true, changed: false };
    const moved = order.map((q) => (q.id === questionId ? other : q.id === other.id ? question : q));
    const renumbered = moved.map((q, i) => ({ ...q, sortOrder: i + 1 }));
    const problem = conditionProblem(cycle.sections, renumbered);
    if (problem) return refused(409, problem);
    for (const q of renumbered) tx.update(schema.cycleQuestions).set({ sortOrder: q.sortOrder }).where(eq(schema.cycleQuestions.id, q.id)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "cycle.question_moved",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Moved the question “${question.label}” ${direction}`,
      details: { questionId, before: order.map((q) => q.id), after: renumbered.map((q) => q.id) },
    });
    return { ok: true, changed: true };
  });
}

/** Removes a question, unless applications have started or another question depends on it. */
export function removeQuestion(actor: Staff, cycleId: number, questionId: number): RoundResult {
  if (!actor.isStaff) return NOT_STAFF;
  return transaction((tx): RoundResult => {
    const cycle = roundOf(cycleId, tx);
    if (!cycle) return NOT_FOUND;
    const question = questionOf(cycleId, questionId, tx);
    if (!question) {
      // Removed already (a second click): nothing to do. Another round's: not found.
      return tx.select({ id: schema.cycleQuestions.id }).from(schema.cycleQuestions).where(eq(schema.cycleQuestions.id, questionId)).get()
        ? NOT_FOUND
        : { ok: true, changed: false };
    }
    if (applicationsStarted(cycleId, tx)) return refused(409, QUESTIONS_LOCKED_MESSAGE);
    const dependent = dependentsOf(roundQuestions(cycleId, tx), questionId)[0];
    if (dependent) {
      return refused(409, `“${dependent.label}” is asked only when this question has a given answer. Change or remove “${dependent.label}” first.`);
    }
    tx.delete(schema.cycleQuestions).where(eq(schema.cycleQuestions.id, questionId)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "cycle.question_removed",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Removed the question “${question.label}”`,
      details: { questionId, before: questionShape(question) },
    });
    return { ok: true, changed: true };
  });
}

// ---------------------------------------------------------------------------------------------
// Staff: the documents the round asks for
// ---------------------------------------------------------------------------------------------

export function addRequestedDocument(actor: Staff, cycleId: number, input: RequestedDocumentInput): RoundResult<{ documentId: number }> {
  if (!actor.isStaff) return NOT_STAFF;
  return transaction((tx): RoundResult<{ documentId: number }> => {
    const cycle = roundOf(cycleId, tx);
    if (!cycle) return NOT_FOUND;
    const documents = roundDocuments(cycleId, tx);
    if (documents.length >= MAX_REQUESTED_DOCUMENTS) return refused(409, `A round can ask for up to ${MAX_REQUESTED_DOCUMENTS} documents. Remove one to add another.`);
    const errors: Record<string, string> = {};
    const started = applicationsStarted(cycleId, tx);
    // A round that names no documents asks for the usual ones; naming the first would change
    // the rules for everyone already applying, so it is only done before anyone starts.
    if (!documents.length && started) {
      return fieldRefused({
        name: "Applications in this round were started when it asked for the usual documents (a constitution and a safeguarding policy), so it cannot start listing its own now",
      });
    }
    const same = documents.find((d) => sameWords(d.name, input.name));
    if (same) errors.name = `This round already asks for “${same.name}”. Give this document a different name`;
    if (input.required && started) {
      errors.required = "Applications have been started in this round, so a new document must be optional: select No";
    }
    if (Object.keys(errors).length) return fieldRefused(errors);
    const created = tx
      .insert(schema.cycleDocuments)
      .values({ ...input, cycleId, sortOrder: Math.max(0, ...documents.map((d) => d.sortOrder)) + 1, createdAt: new Date() })
      .returning()
      .get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "cycle.document_added",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Asked for the document “${created.name}”`,
      details: { documentId: created.id, after: documentShape(created) },
    });
    return { ok: true, changed: true, documentId: created.id };
  });
}

/** Changes a document's name, hint or whether it is required (the last only before applications start). */
export function changeRequestedDocument(actor: Staff, cycleId: number, documentId: number, input: RequestedDocumentInput, shown: string): RoundResult {
  if (!actor.isStaff) return NOT_STAFF;
  return transaction((tx): RoundResult => {
    const cycle = roundOf(cycleId, tx);
    const document = cycle ? documentOf(cycleId, documentId, tx) : undefined;
    if (!cycle || !document) return NOT_FOUND;
    if (documentFingerprint(document) !== shown) return { ...refused(409, DOCUMENT_CHANGED_MESSAGE), stale: true };
    const same = roundDocuments(cycleId, tx).find((d) => d.id !== documentId && sameWords(d.name, input.name));
    if (same) return fieldRefused({ name: `This round already asks for “${same.name}”. Give this document a different name` });
    if (input.required !== document.required && applicationsStarted(cycleId, tx)) return refused(409, DOCUMENTS_LOCKED_MESSAGE);
    const before = documentShape(document);
    const after = documentShape(input);
    if (JSON.stringify(before) === JSON.stringify(after)) return { ok: true, changed: false };
    tx.update(schema.cycleDocuments).set(after).where(eq(schema.cycleDocuments.id, documentId)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "cycle.document_changed",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Changed the document “${after.name}”`,
      details: { documentId, before, after },
    });
    return { ok: true, changed: true };
  });
}

export function moveRequestedDocument(actor: Staff, cycleId: number, documentId: number, direction: "up" | "down"): RoundResult {
  if (!actor.isStaff) return NOT_STAFF;
  return transaction((tx): RoundResult => {
    const cycle = roundOf(cycleId, tx);
    const document = cycle ? documentOf(cycleId, documentId, tx) : undefined;
    if (!cycle || !document) return NOT_FOUND;
    if (applicationsStarted(cycleId, tx)) return refused(409, DOCUMENTS_LOCKED_MESSAGE);
    const order = roundDocuments(cycleId, tx);
    const at = order.findIndex((d) => d.id === documentId);
    const other = order[direction === "up" ? at - 1 : at + 1];
    if (!other) return { ok: true, changed: false };
    const moved = order.map((d) => (d.id === documentId ? other : d.id === other.id ? document : d));
    moved.forEach((d, i) => tx.update(schema.cycleDocuments).set({ sortOrder: i + 1 }).where(eq(schema.cycleDocuments.id, d.id)).run());
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "cycle.document_moved",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Moved the document “${document.name}” ${direction}`,
      details: { documentId, before: order.map((d) => d.id), after: moved.map((d) => d.id) },
    });
    return { ok: true, changed: true };
  });
}

export function removeRequestedDocument(actor: Staff, cycleId: number, documentId: number): RoundResult {
  if (!actor.isStaff) return NOT_STAFF;
  return transaction((tx): RoundResult => {
    const cycle = roundOf(cycleId, tx);
    if (!cycle) return NOT_FOUND;
    const document = documentOf(cycleId, documentId, tx);
    if (!document) {
      return tx.select({ id: schema.cycleDocuments.id }).from(schema.cycleDocuments).where(eq(schema.cycleDocuments.id, documentId)).get()
        ? NOT_FOUND
        : { ok: true, changed: false };
    }
    if (applicationsStarted(cycleId, tx)) return refused(409, DOCUMENTS_LOCKED_MESSAGE);
    tx.delete(schema.cycleDocuments).where(eq(schema.cycleDocuments.id, documentId)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "cycle.document_removed",
      entityType: "cycle",
      entityId: cycleId,
      summary: `No longer asks for the document “${document.name}”`,
      details: { documentId, before: documentShape(document) },
    });
    return { ok: true, changed: true };
  });
}

// ---------------------------------------------------------------------------------------------
// Applicants: answering
// ---------------------------------------------------------------------------------------------

/** The question of this application's round with this id, or undefined. */
export const questionOfApplication = (file: ApplicationFile, questionId: number) => file.questions.find((q) => q.id === questionId);

/** Is this question asked of this application now (its condition, if any, holds)? */
export function askedOf(file: ApplicationFile, question: QuestionRow): boolean {
  return isAsked(question, new Map(file.questions.map((q) => [q.id, q])), file.answers);
}

/** What the question's page shows as saved (its fingerprint notices a change made meanwhile). */
export const shownAnswer = (questionId: number) => (file: ApplicationFile) => {
  const q = questionOfApplication(file, questionId);
  return q ? [{ question: q.label, answer: formatAnswer(q, file.answers[questionId]) }] : [];
};

/**
 * Saves the answer to one of the round's questions: one row per question (a blank answer is
 * kept as none). In savePage's one transaction, with its refusals (not a member, submitted, the
 * round closed) and its conflict check; also refused if the question is not asked now.
 */
export function saveAnswer(options: {
  user: { id: number; organisationIds: number[] };
  applicationId: number;
  questionId: number;
  intent: "continue" | "later";
  seen: string | null;
  value: string | null;
  now?: Date;
}): SaveOutcome {
  const { applicationId, questionId, value } = options;
  return savePage({
    user: options.user,
    applicationId,
    page: questionPage(questionId),
    intent: options.intent,
    seen: options.seen,
    now: options.now,
    shown: shownAnswer(questionId),
    refuse: (file) => {
      const q = questionOfApplication(file, questionId);
      if (!q) return "This question is not part of this application.";
      return askedOf(file, q) ? null : "This question is not asked, because of an earlier answer. Go back to your application to see what is asked.";
    },
    write: (tx: Tx) =>
      tx
        .insert(schema.applicationAnswers)
        .values({ applicationId, questionId, value })
        .onConflictDoUpdate({ target: [schema.applicationAnswers.applicationId, schema.applicationAnswers.questionId], set: { value } })
        .run(),
  });
}
