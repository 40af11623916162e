// The round's own questions and the documents it asks for, at the model level on a real SQLite
// file: staff define them (checks, conditions, the history), the lock once an application has
// started, applicants answer them (saved, conflicts, refusals), the flow and completeness
// (conditional questions asked or skipped, submit refused for a missing answer), who reads which
// answers (the panel never the staff-only ones), the intake CSV, and documents asked by name.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { APPLICATION_SECTIONS, type ApplicationSection } from "~db/schema";
import { seedDatabase } from "~db/seed/index";
import {
  allProblems,
  answerGroups,
  answersBesideDocuments,
  isOptionalTask,
  loadApplication,
  pagesOf,
  pageFingerprint,
  pathAfter,
  sectionProblems,
  sectionsOf,
  sectionStatus,
  startApplication,
  submitApplication,
} from "~/models/applications.server";
import { addApplicationAttachment } from "~/models/attachments.server";
import { applicationsCsv } from "~/models/intake.server";
import {
  addQuestion,
  addRequestedDocument,
  changeQuestion,
  changeRequestedDocument,
  clarifyQuestion,
  documentFingerprint,
  documentOf,
  moveQuestion,
  moveRequestedDocument,
  QUESTIONS_LOCKED_MESSAGE,
  DOCUMENTS_LOCKED_MESSAGE,
  questionFingerprint,
  questionOf,
  questionsOverview,
  removeQuestion,
  removeRequestedDocument,
  roundDocuments,
  saveAnswer,
  shownAnswer,
} from "~/models/round-questions.server";
import { applicationForPanel, declareConflict } from "~/models/scoring.server";
import type { QuestionInput } from "~/schemas/questions";
import { db, schema } from "~/utils/db.server";

const DAY = 24 * 3600 * 1000;
let programmeId = 0;
let seq = 0;
let officer: { id: number; isStaff: true };

beforeAll(async () => {
  await seedDatabase({ demo: true });
  programmeId = db.select().from(schema.programmes).all()[0]!.id;
  officer = { id: person("staff").id, isStaff: true };
});

function person(role: "user" | "staff" = "user") {
  seq++;
  return db
    .insert(schema.users)
    .values({ email: `rq-${seq}@example.test`, name: `Person ${seq}`, passwordHash: "x", role, emailConfirmedAt: new Date() })
    .returning()
    .get();
}

/** An open round of its own (a draft as far as the questions go: no application yet). */
function round(options: { sections?: ApplicationSection[] } = {}) {
  seq++;
  const now = Date.now();
  return db
    .insert(schema.cycles)
    .values({
      programmeId,
      name: `Questions round ${seq}`,
      referenceYear: 2200 + seq,
      status: "published",
      opensAt: new Date(now - 10 * DAY),
      closesAt: new Date(now + 20 * DAY),
      budgetPence: 50_000_00,
      minRequestPence: 0,
      maxRequestPence: 10_000_00,
      eligibility: { organisationTypes: ["community_or_faith_group"], mustServePlace: false, requiresPartner: false },
      sections: options.sections ?? [...APPLICATION_SECTIONS],
    })
    .returning()
    .get();
}

const define = (over: Partial<QuestionInput> & { label: string }): QuestionInput => ({
  hint: null,
  section: "other",
  kind: "text",
  wordLimit: null,
  minValue: null,
  maxValue: null,
  options: null,
  required: true,
  audience: "panel",
  condition: null,
  ...over,
});

function add(cycleId: number, over: Partial<QuestionInput> & { label: string }) {
  const result = addQuestion(officer, cycleId, define(over));
  if (!result.ok) throw new Error(result.message);
  return result.questionId;
}

/** A member and their organisation, with a started application on the round. */
function applicant(cycleId: number) {
  const user = person();
  const org = db.insert(schema.organisations).values({ name: `Group ${++seq}`, type: "community_or_faith_group" }).returning().get();
  db.insert(schema.organisationMembers).values({ organisationId: org.id, userId: user.id }).run();
  const me = { id: user.id, organisationIds: [org.id] };
  const started = startApplication(me, cycleId, org.id);
  if (!started.ok) throw new Error(started.message);
  return { user, org, me, applicationId: started.applicationId };
}

const file = (id: number) => loadApplication(id)!;

function answer(who: { me: { id: number; organisationIds: number[] }; applicationId: number }, questionId: number, value: string | null, intent: "continue" | "later" = "later") {
  const seen = pageFingerprint(shownAnswer(questionId)(file(who.applicationId)));
  return saveAnswer({ user: who.me, applicationId: who.applicationId, questionId, intent, seen, value });
}

/** Everything the usual sections need, written straight to the database, all sections marked complete. */
function fillUsualSections(applicationId: number, userId: number) {
  const principle = db.select().from(schema.principles).get()!;
  const ward = db.select().from(schema.areas).where(eq(schema.areas.kind, "ward")).get()!;
  const group = db.select().from(schema.beneficiaryGroups).get()!;
  const f = file(applicationId);
  db.update(schema.applications)
    .set({
      title: "Cooking together",
      summary: "A summary",
      description: "A description",
      startDate: "2027-04-01",
      endDate: "2028-03-31",
      peopleReached: 50,
      amountRequestedPence: 1_000_00,
      declarationsAcceptedAt: new Date(),
      declarationsAcceptedById: userId,
      completedSections: [...APPLICATION_SECTIONS],
    })
    .where(eq(schema.applications.id, applicationId))
    .run();
  db.insert(schema.applicationPrinciples).values({ applicationId, principleId: principle.id, isPrimary: true, how: "Like this" }).run();
  db.insert(schema.applicationAreas).values({ applicationId, areaId: ward.id }).run();
  db.insert(schema.applicationBeneficiaryGroups).values({ applicationId, groupId: group.id }).run();
  db.insert(schema.budgetLines).values({ applicationId, item: "Food", costPence: 2_000_00 }).run();
  for (const kind of ["activity", "output", "outcome"] as const) {
    db.insert(schema.logicModelItems).values({ applicationId, kind, description: kind, measure: "count", target: 10 }).run();
  }
  for (const kind of ["constitution", "safeguarding_policy"] as const) {
    db.insert(schema.attachments)
      .values({ organisationId: f.organisation.id, applicationId, kind, originalName: `${kind}.pdf`, mediaType: "application/pdf", sizeBytes: 10, sha256: "0".repeat(64), storageKey: "x" })
      .run();
  }
}

const audits = (cycleId: number, action: string) =>
  db
    .select()
    .from(schema.auditEvents)
    .where(and(eq(schema.auditEvents.entityType, "cycle"), eq(schema.auditEvents.entityId, cycleId), eq(schema.auditEvents.action, action)))
    .all();

describe("staff define a round's questions", () => {
  it("adds questions, lists them in the order asked, and records each in the round's history", () => {
    const cycle = round();
    const other = add(cycle.id, { label: "Anything else?", section: "other", required: false });
    const budget = add(cycle.id, { label: "Who checks your spending?", section: "budget" });
    const about = add(cycle.id, { label: "Have you run this before?", section: "about", kind: "yes_no" });
    const groups = questionsOverview(cycle);
    expect(groups.map((g) => [g.title, g.questions.map((q) => q.id)])).toEqual([
      ["About the project", [about]],
      ["Budget", [budget]],
      ["Other questions", [other]],
    ]);
    const added = audits(cycle.id, "cycle.question_added");
    expect(added).toHaveLength(3);
    expect(added[0]!.details).toMatchObject({ questionId: other, after: { label: "Anything else?", section: "other", kind: "text", required: false, audience: "panel" } });
  });

  it("refuses a section the round does not ask, the declaration, and words another question has (a second click adds nothing)", () => {
    const cycle = round({ sections: APPLICATION_SECTIONS.filter((s) => s !== "budget") });
    expect(addQuestion(officer, cycle.id, define({ label: "Q", section: "budget" }))).toMatchObject({ ok: false, status: 409, errors: { section: "Select a section this round asks, or Other questions" } });
    expect(addQuestion(officer, cycle.id, define({ label: "Q", section: "declarations" }))).toMatchObject({ ok: false, errors: { section: expect.any(String) } });
    add(cycle.id, { label: "How many volunteers do you have?" });
    expect(addQuestion(officer, cycle.id, define({ label: " how many  volunteers do you HAVE? " }))).toMatchObject({
      ok: false,
      errors: { label: "This round already asks “How many volunteers do you have?”. Word this question differently" },
    });
    expect(db.select().from(schema.cycleQuestions).where(eq(schema.cycleQuestions.cycleId, cycle.id)).all()).toHaveLength(1);
  });

  it("refuses anyone but staff, and a round that does not exist", () => {
    const cycle = round();
    expect(addQuestion({ id: person().id, isStaff: false }, cycle.id, define({ label: "Q" }))).toMatchObject({ ok: false, status: 403 });
    expect(addQuestion(officer, 999_999, define({ label: "Q" }))).toMatchObject({ ok: false, status: 404 });
  });

  it("takes a condition only on an earlier yes/no or list question of the same round, and one of its answers", () => {
    const cycle = round();
    const elsewhere = round();
    const foreign = add(elsewhere.id, { label: "Foreign", kind: "yes_no" });
    const bank = add(cycle.id, { label: "Do you have a bank account?", section: "about", kind: "yes_no" });
    const text = add(cycle.id, { label: "Your name", section: "about" });
    const often = add(cycle.id, { label: "How often do you meet?", section: "other", kind: "one_of", options: ["Weekly", "Monthly"] });
    const refuse = (condition: QuestionInput["condition"], section: QuestionInput["section"] = "budget") =>
      addQuestion(officer, cycle.id, define({ label: `Conditional ${++seq}`, section, condition }));
    expect(refuse({ questionId: foreign, answer: "yes" })).toMatchObject({ ok: false, errors: { condition: "Select when the question is asked from the list" } });
    expect(refuse({ questionId: text, answer: "yes" })).toMatchObject({ ok: false, errors: { condition: "Select when the question is asked from the list" } });
    expect(refuse({ questionId: bank, answer: "maybe" })).toMatchObject({ ok: false, errors: { condition: expect.any(String) } });
    expect(refuse({ questionId: often, answer: "7" })).toMatchObject({ ok: false, errors: { condition: expect.any(String) } });
    // "How often" is asked under Other questions, after the budget: it cannot decide a budget question.
    expect(refuse({ questionId: often, answer: "0" }, "budget")).toMatchObject({
      ok: false,
      errors: { condition: expect.stringMatching(/must be asked after “How often do you meet\?”/) },
    });
    const why = add(cycle.id, { label: "Why not?", section: "budget", condition: { questionId: bank, answer: "no" } });
    const weekly = add(cycle.id, { label: "Where do you meet?", section: "other", condition: { questionId: often, answer: "0" } });
    expect(questionOf(cycle.id, why)).toMatchObject({ conditionQuestionId: bank, conditionValue: "no" });
    expect(questionOf(cycle.id, weekly)).toMatchObject({ conditionQuestionId: often, conditionValue: "Weekly" });
  });

  it("never lets a question the panel reads depend on an answer only staff may read", () => {
    const cycle = round();
    const secret = add(cycle.id, { label: "Do you have a disability?", kind: "yes_no", audience: "staff" });
    const open = add(cycle.id, { label: "Is the venue step-free?", kind: "yes_no" });
    expect(addQuestion(officer, cycle.id, define({ label: "What adjustments do you need?", condition: { questionId: secret, answer: "yes" } }))).toMatchObject({
      ok: false,
      errors: { condition: expect.stringMatching(/the panel could tell that answer, which only staff may read/) },
    });
    add(cycle.id, { label: "What adjustments do you need?", audience: "staff", condition: { questionId: secret, answer: "yes" } });
    const ramp = add(cycle.id, { label: "Where is the ramp?", condition: { questionId: open, answer: "yes" } });
    // Making the question it depends on staff-only would do the same: refused.
    const stored = questionOf(cycle.id, open)!;
    expect(changeQuestion(officer, cycle.id, open, define({ label: stored.label, kind: "yes_no", audience: "staff" }), questionFingerprint(stored))).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringMatching(/^“Where is the ramp\?” is asked only when/),
    });
    expect(questionOf(cycle.id, ramp)!.audience).toBe("panel");
  });

  it("cannot remove a question another depends on, nor move it after it, nor change it so the condition no longer makes sense", () => {
    const cycle = round();
    const bank = add(cycle.id, { label: "Do you have a bank account?", kind: "yes_no" });
    const why = add(cycle.id, { label: "Why not?", condition: { questionId: bank, answer: "no" } });
    expect(removeQuestion(officer, cycle.id, bank)).toEqual({ ok: false, status: 409, message: "“Why not?” is asked only when this question has a given answer. Change or remove “Why not?” first." });
    expect(moveQuestion(officer, cycle.id, why, "up")).toMatchObject({ ok: false, status: 409, message: "“Why not?” is asked only when “Do you have a bank account?” has a given answer, so it must be asked after “Do you have a bank account?”." });
    const stored = questionOf(cycle.id, bank)!;
    expect(changeQuestion(officer, cycle.id, bank, define({ label: stored.label, kind: "text" }), questionFingerprint(stored))).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringMatching(/must stay a yes or no question or a list/),
    });
    // Once the dependent is gone, the question can go too; a second click does nothing.
    expect(removeQuestion(officer, cycle.id, why)).toEqual({ ok: true, changed: true });
    expect(removeQuestion(officer, cycle.id, bank)).toEqual({ ok: true, changed: true });
    expect(removeQuestion(officer, cycle.id, bank)).toEqual({ ok: true, changed: false });
    expect(audits(cycle.id, "cycle.question_removed").map((a) => a.details)).toEqual([
      expect.objectContaining({ questionId: why, before: expect.objectContaining({ label: "Why not?", conditionQuestionId: bank }) }),
      expect.objectContaining({ questionId: bank }),
    ]);
  });

  it("moves a question within its section, and records the order before and after", () => {
    const cycle = round();
    const a = add(cycle.id, { label: "A", section: "about" });
    const b = add(cycle.id, { label: "B", section: "about" });
    const c = add(cycle.id, { label: "C", section: "other" });
    expect(moveQuestion(officer, cycle.id, b, "up")).toEqual({ ok: true, changed: true });
    // The first in its section: nothing to do (not moved into another section).
    expect(moveQuestion(officer, cycle.id, b, "up")).toEqual({ ok: true, changed: false });
    expect(moveQuestion(officer, cycle.id, c, "up")).toEqual({ ok: true, changed: false });
    expect(questionsOverview(cycle).flatMap((g) => g.questions.map((q) => q.id))).toEqual([b, a, c]);
    expect(audits(cycle.id, "cycle.question_moved")[0]!.details).toEqual({ questionId: b, before: [a, b, c], after: [b, a, c] });
  });

  it("changes a question with its before and after in the history, refusing a change made meanwhile by someone else", () => {
    const cycle = round();
    const q = add(cycle.id, { label: "Your budget?", section: "budget", kind: "money", minValue: 100 });
    const seen = questionFingerprint(questionOf(cycle.id, q)!);
    expect(changeQuestion(officer, cycle.id, q, define({ label: "Your total budget?", section: "other", kind: "money", maxValue: 500_000 }), seen)).toEqual({ ok: true, changed: true });
    expect(audits(cycle.id, "cycle.question_changed")[0]!.details).toMatchObject({
      questionId: q,
      before: { label: "Your budget?", section: "budget", minValue: 100, maxValue: null },
      after: { label: "Your total budget?", section: "other", minValue: null, maxValue: 500_000 },
    });
    // The page that showed the old question: nothing saved.
    expect(changeQuestion(officer, cycle.id, q, define({ label: "Mine" }), seen)).toMatchObject({ ok: false, status: 409, stale: true });
    expect(questionOf(cycle.id, q)!.label).toBe("Your total budget?");
  });
});

describe("the lock, once any application has started in the round", () => {
  it("allows only optional new questions and clarified words; refuses every other change, and keeps every answer", () => {
    const cycle = round();
    const kind = add(cycle.id, { label: "How often do you meet?", kind: "one_of", options: ["Weekly", "Monthly"] });
    const other = add(cycle.id, { label: "Anything else?", required: false });
    const who = applicant(cycle.id);
    expect(answer(who, kind, "Weekly").ok).toBe(true);

    expect(addQuestion(officer, cycle.id, define({ label: "A new required one" }))).toMatchObject({ ok: false, errors: { required: expect.stringMatching(/must be optional/) } });
    expect(addQuestion(officer, cycle.id, define({ label: "A new optional one", required: false }))).toMatchObject({ ok: true });

    const stored = questionOf(cycle.id, kind)!;
    const shown = questionFingerprint(stored);
    const same = { label: stored.label, kind: "one_of" as const, options: ["Weekly", "Monthly"] };
    for (const change of [
      { ...same, kind: "several_of" as const },
      { ...same, options: ["Weekly", "Monthly", "Yearly"] },
      { ...same, section: "about" as const },
      { ...same, audience: "staff" as const },
      { ...same, required: false },
    ]) {
      expect(changeQuestion(officer, cycle.id, kind, define(change), shown)).toEqual({ ok: false, status: 409, message: QUESTIONS_LOCKED_MESSAGE });
    }
    expect(removeQuestion(officer, cycle.id, other)).toEqual({ ok: false, status: 409, message: QUESTIONS_LOCKED_MESSAGE });
    expect(moveQuestion(officer, cycle.id, other, "up")).toEqual({ ok: false, status: 409, message: QUESTIONS_LOCKED_MESSAGE });

    // Clarifying the words is allowed, by the full form or the words-only form.
    expect(changeQuestion(officer, cycle.id, kind, define({ ...same, label: "How often does your group meet?", hint: "Roughly" }), shown)).toEqual({ ok: true, changed: true });
    const now = questionOf(cycle.id, kind)!;
    expect(clarifyQuestion(officer, cycle.id, kind, { label: "How often does your group usually meet?", hint: null }, questionFingerprint(now))).toEqual({ ok: true, changed: true });
    expect(questionOf(cycle.id, kind)).toMatchObject({ label: "How often does your group usually meet?", hint: null, kind: "one_of", options: ["Weekly", "Monthly"] });
    // The answer is still there, under the new words.
    const rows = answerGroups(file(who.applicationId)).find((g) => g.section === "other")!.rows;
    expect(rows).toContainEqual({ question: "How often does your group usually meet?", answer: "Weekly", page: `questions/${kind}` });
  });

  it("an optional question added afterwards never stops someone who had finished from submitting", () => {
    const cycle = round();
    const who = applicant(cycle.id);
    fillUsualSections(who.applicationId, who.user.id);
    expect(allProblems(file(who.applicationId))).toEqual([]);
    add(cycle.id, { label: "Anything else you would like us to know?", required: false });
    const f = file(who.applicationId);
    // A new task, optional: asked, but not needed to submit.
    expect(sectionsOf(f)).toContain("other");
    expect(isOptionalTask(f, "other")).toBe(true);
    expect(sectionStatus(f, "other")).toBe("not_started");
    expect(allProblems(f)).toEqual([]);
    expect(submitApplication(who.me, who.applicationId)).toMatchObject({ ok: true });
  });

  it("counts any application, even a withdrawn one", () => {
    const cycle = round();
    const q = add(cycle.id, { label: "Q" });
    const who = applicant(cycle.id);
    db.update(schema.applications).set({ status: "withdrawn" }).where(eq(schema.applications.id, who.applicationId)).run();
    expect(removeQuestion(officer, cycle.id, q)).toMatchObject({ ok: false, message: QUESTIONS_LOCKED_MESSAGE });
  });

  it("documents too: added only as optional, renamed but never made required or not, moved or removed", () => {
    const cycle = round();
    const first = addRequestedDocument(officer, cycle.id, { name: "Latest accounts", hint: null, required: true });
    const second = addRequestedDocument(officer, cycle.id, { name: "Safeguarding policy", hint: null, required: false });
    if (!first.ok || !second.ok) throw new Error("not added");
    expect(moveRequestedDocument(officer, cycle.id, second.documentId, "up")).toEqual({ ok: true, changed: true });
    expect(roundDocuments(cycle.id).map((d) => d.name)).toEqual(["Safeguarding policy", "Latest accounts"]);
    applicant(cycle.id);
    expect(addRequestedDocument(officer, cycle.id, { name: "Constitution", hint: null, required: true })).toMatchObject({ ok: false, errors: { required: expect.any(String) } });
    expect(addRequestedDocument(officer, cycle.id, { name: "Constitution", hint: null, required: false })).toMatchObject({ ok: true });
    const doc = documentOf(cycle.id, first.documentId)!;
    expect(changeRequestedDocument(officer, cycle.id, doc.id, { name: "Latest accounts", hint: null, required: false }, documentFingerprint(doc))).toEqual({ ok: false, status: 409, message: DOCUMENTS_LOCKED_MESSAGE });
    expect(changeRequestedDocument(officer, cycle.id, doc.id, { name: "Your latest accounts", hint: "Or bank statements", required: true }, documentFingerprint(doc))).toEqual({ ok: true, changed: true });
    expect(removeRequestedDocument(officer, cycle.id, doc.id)).toEqual({ ok: false, status: 409, message: DOCUMENTS_LOCKED_MESSAGE });
    expect(moveRequestedDocument(officer, cycle.id, doc.id, "up")).toEqual({ ok: false, status: 409, message: DOCUMENTS_LOCKED_MESSAGE });
    expect(audits(cycle.id, "cycle.document_changed")[0]!.details).toEqual({
      documentId: doc.id,
      before: { name: "Latest accounts", hint: null, required: true },
      after: { name: "Your latest accounts", hint: "Or bank statements", required: true },
    });
  });

  it("a round that began with the usual documents cannot start naming its own once applications have started", () => {
    const cycle = round();
    applicant(cycle.id);
    expect(addRequestedDocument(officer, cycle.id, { name: "Latest accounts", hint: null, required: false })).toMatchObject({ ok: false, errors: { name: expect.stringContaining("usual documents") } });
    expect(roundDocuments(cycle.id)).toEqual([]);
  });
});

describe("applicants answer them", () => {
  it("saves one row per question, and a blank answer as none", () => {
    const cycle = round();
    const q = add(cycle.id, { label: "How many volunteers?", kind: "number" });
    const who = applicant(cycle.id);
    expect(answer(who, q, "12")).toMatchObject({ ok: true, redirectTo: `/applications/${who.applicationId}?notice=saved` });
    expect(answer(who, q, "15").ok).toBe(true);
    expect(db.select().from(schema.applicationAnswers).where(eq(schema.applicationAnswers.applicationId, who.applicationId)).all()).toEqual([
      { applicationId: who.applicationId, questionId: q, value: "15" },
    ]);
    expect(answer(who, q, null).ok).toBe(true);
    expect(file(who.applicationId).answers[q]).toBeNull();
  });

  it("notices an answer changed in another tab, and overwrites nothing", () => {
    const cycle = round();
    const q = add(cycle.id, { label: "Your name?" });
    const who = applicant(cycle.id);
    const seen = pageFingerprint(shownAnswer(q)(file(who.applicationId)));
    expect(saveAnswer({ user: who.me, applicationId: who.applicationId, questionId: q, intent: "later", seen, value: "From tab one" }).ok).toBe(true);
    const second = saveAnswer({ user: who.me, applicationId: who.applicationId, questionId: q, intent: "later", seen, value: "From tab two" });
    expect(second).toMatchObject({ ok: false, kind: "conflict", saved: [{ question: "Your name?", answer: "From tab one" }] });
    expect(file(who.applicationId).answers[q]).toBe("From tab one");
  });

  it("refuses someone outside the organisation, a closed round, a submitted application, and a question not asked", () => {
    const cycle = round();
    const bank = add(cycle.id, { label: "Bank account?", kind: "yes_no", required: false });
    const why = add(cycle.id, { label: "Why not?", required: false, condition: { questionId: bank, answer: "no" } });
    const who = applicant(cycle.id);
    const outsider = { id: person().id, organisationIds: [] };
    expect(saveAnswer({ user: outsider, applicationId: who.applicationId, questionId: bank, intent: "later", seen: null, value: "yes" })).toMatchObject({ ok: false, kind: "refused" });
    const seen = pageFingerprint(shownAnswer(bank)(file(who.applicationId)));
    const late = new Date(cycle.closesAt.getTime() + 1000);
    expect(saveAnswer({ user: who.me, applicationId: who.applicationId, questionId: bank, intent: "later", seen, value: "yes", now: late })).toMatchObject({
      ok: false,
      kind: "refused",
      message: expect.stringMatching(/^This round closed at /),
    });
    expect(answer(who, why, "We are new")).toMatchObject({ ok: false, kind: "refused", message: expect.stringMatching(/not asked/) });
    expect(answer(who, bank, "no").ok).toBe(true);
    expect(answer(who, why, "We are new").ok).toBe(true);
    db.update(schema.applications).set({ status: "submitted", submittedAt: new Date() }).where(eq(schema.applications.id, who.applicationId)).run();
    expect(answer(who, why, "Changed")).toMatchObject({ ok: false, kind: "refused", message: expect.stringMatching(/has been submitted/) });
    expect(file(who.applicationId).answers[why]).toBe("We are new");
  });
});

describe("the questions in the application's flow", () => {
  it("asks a section's questions after its usual pages, and Other questions just before the declaration", () => {
    const cycle = round();
    const about = add(cycle.id, { label: "Have you run this before?", section: "about", kind: "yes_no" });
    const other = add(cycle.id, { label: "Anything else?", required: false });
    const who = applicant(cycle.id);
    const f = file(who.applicationId);
    expect(pagesOf(f, "about")).toEqual(["about", "description", "dates", `questions/${about}`]);
    expect(pathAfter(f, "dates", "continue")).toBe(`/applications/${who.applicationId}/questions/${about}`);
    expect(pathAfter(f, `questions/${about}`, "continue")).toBe(`/applications/${who.applicationId}`);
    expect(sectionsOf(f).slice(-2)).toEqual(["other", "declarations"]);
    expect(pagesOf(f, "other")).toEqual([`questions/${other}`]);
    expect(sectionProblems(f, "about").map((p) => [p.text, p.page, p.field])).toContainEqual(["Answer “Have you run this before?”", `questions/${about}`, "answer"]);
  });

  it("asks a conditional question only while its condition holds, keeping a stored answer but ignoring it", () => {
    const cycle = round();
    const bank = add(cycle.id, { label: "Do you have a bank account?", kind: "yes_no" });
    const why = add(cycle.id, { label: "Why not?", kind: "textarea", wordLimit: 50, condition: { questionId: bank, answer: "no" } });
    const bankDate = add(cycle.id, { label: "When did you open it?", kind: "date", condition: { questionId: bank, answer: "yes" } });
    const who = applicant(cycle.id);
    const base = `/applications/${who.applicationId}`;
    expect(pagesOf(file(who.applicationId), "other")).toEqual([`questions/${bank}`]);
    expect(answer(who, bank, "no", "continue")).toEqual({ ok: true, redirectTo: `${base}/questions/${why}` });
    expect(answer(who, why, "We are new", "continue")).toMatchObject({ ok: true, redirectTo: base });
    expect(sectionStatus(file(who.applicationId), "other")).toBe("completed");
    // Changing the answer: "Why not?" is skipped, its answer kept but not counted or shown.
    expect(answer(who, bank, "yes", "continue")).toEqual({ ok: true, redirectTo: `${base}/questions/${bankDate}` });
    const f = file(who.applicationId);
    expect(pagesOf(f, "other")).toEqual([`questions/${bank}`, `questions/${bankDate}`]);
    expect(f.answers[why]).toBe("We are new");
    expect(answerGroups(f).find((g) => g.section === "other")!.rows.map((r) => r.question)).toEqual(["Do you have a bank account?", "When did you open it?"]);
    expect(sectionProblems(f, "other").map((p) => p.text)).toEqual(["Answer “When did you open it?”"]);
    expect(sectionStatus(f, "other")).toBe("in_progress");
    expect(answer(who, bankDate, "2020-01-05", "continue")).toEqual({ ok: true, redirectTo: base });
    expect(sectionStatus(file(who.applicationId), "other")).toBe("completed");
  });

  it("says what is missing on the section's last page, and submitting is refused until every required question asked is answered", () => {
    const cycle = round();
    const q = add(cycle.id, { label: "How many volunteers?", section: "budget", kind: "number" });
    add(cycle.id, { label: "Anything else?", required: false });
    const who = applicant(cycle.id);
    fillUsualSections(who.applicationId, who.user.id);
    // The usual last page of the budget is no longer the last: the question is.
    const refused = submitApplication(who.me, who.applicationId);
    if (refused.ok || refused.kind !== "incomplete") throw new Error("expected incomplete");
    // (Other questions holds only an optional one: a task not needed to submit.)
    expect(refused.problems.map((p) => [p.section, p.text])).toEqual([["budget", "Answer “How many volunteers?”"]]);
    expect(answer(who, q, null, "continue")).toMatchObject({ ok: false, kind: "incomplete", problems: [{ text: "Answer “How many volunteers?”" }] });
    expect(answer(who, q, "12", "continue").ok).toBe(true);
    const otherQ = file(who.applicationId).questions.find((x) => x.label === "Anything else?")!;
    expect(answer(who, otherQ.id, null, "continue").ok).toBe(true);
    expect(allProblems(file(who.applicationId))).toEqual([]);
    expect(submitApplication(who.me, who.applicationId)).toMatchObject({ ok: true });
    const mail = db.select().from(schema.outboxMessages).where(and(eq(schema.outboxMessages.toAddress, who.user.email), eq(schema.outboxMessages.template, "application-received"))).get()!;
    expect(mail.text).toContain("How many volunteers?");
    expect(mail.text).toContain("Other questions");
  });

  it("asks a question placed in a section the round no longer asks under Other questions", () => {
    const cycle = round();
    const q = add(cycle.id, { label: "Who checks your spending?", section: "budget" });
    db.update(schema.cycles).set({ sections: APPLICATION_SECTIONS.filter((s) => s !== "budget") }).where(eq(schema.cycles.id, cycle.id)).run();
    const who = applicant(cycle.id);
    const f = file(who.applicationId);
    expect(sectionsOf(f)).not.toContain("budget");
    expect(pagesOf(f, "other")).toEqual([`questions/${q}`]);
  });
});

describe("who reads the answers", () => {
  it("the applicant and staff read every answer (staff's own marked); the panel never those for staff only", async () => {
    const cycle = round();
    const open = add(cycle.id, { label: "What will you cook?" });
    const secret = add(cycle.id, { label: "Your ethnicity (for monitoring)", audience: "staff", required: false });
    const who = applicant(cycle.id);
    answer(who, open, "Curries");
    answer(who, secret, "Prefer not to say");
    const f = file(who.applicationId);
    const rows = (reader: "applicant" | "staff" | "panel") => answerGroups(f, reader).find((g) => g.section === "other")?.rows ?? [];
    expect(rows("applicant").map((r) => [r.question, r.answer, r.staffOnly])).toEqual([
      ["What will you cook?", "Curries", undefined],
      ["Your ethnicity (for monitoring)", "Prefer not to say", undefined],
    ]);
    expect(rows("staff").map((r) => [r.question, r.staffOnly])).toEqual([
      ["What will you cook?", undefined],
      ["Your ethnicity (for monitoring)", true],
    ]);
    expect(rows("panel").map((r) => r.question)).toEqual(["What will you cook?"]);

    // What the panel's page gets, built by the model: no staff-only answer anywhere in it.
    db.update(schema.applications).set({ status: "submitted", submittedAt: new Date(), reference: `RQ-${cycle.referenceYear}-0001` }).where(eq(schema.applications.id, who.applicationId)).run();
    const member = person();
    db.insert(schema.panelMembers).values({ cycleId: cycle.id, userId: member.id, email: member.email, name: member.name, status: "active", invitedAt: new Date(), acceptedAt: new Date() }).run();
    expect(declareConflict({ id: member.id }, cycle.id, who.applicationId, { hasConflict: false, nature: null }).ok).toBe(true);
    const view = applicationForPanel({ id: member.id }, cycle.id, who.applicationId);
    if (!("kind" in view) || view.kind !== "content") throw new Error("expected the bid");
    const text = JSON.stringify(view);
    expect(text).toContain("Curries");
    expect(text).not.toContain("Prefer not to say");
    expect(text).not.toContain("ethnicity");
  });
});

describe("questions asked beside the documents and the partners", () => {
  it("reach staff and the panel though those pages list documents and (names hidden) partners their own way", () => {
    const cycle = round();
    db.update(schema.cycles).set({ anonymiseApplicants: true }).where(eq(schema.cycles.id, cycle.id)).run();
    const lead = add(cycle.id, { label: "Who is your safeguarding lead?", section: "documents" });
    const partnerQuestion = add(cycle.id, { label: "How often will you meet your partners?", section: "partners" });
    const who = applicant(cycle.id);
    answer(who, lead, "Our chair, trained in 2026");
    answer(who, partnerQuestion, "Every month");
    db.insert(schema.applicationPartners).values({ applicationId: who.applicationId, name: "Named Partner Ltd", contactEmail: "p@example.test", role: "Hosts the sessions" }).run();
    const staffRows = answersBesideDocuments(answerGroups(file(who.applicationId), "staff")).flatMap((g) => g.rows.map((r) => r.answer));
    expect(staffRows).toEqual(expect.arrayContaining(["Our chair, trained in 2026", "Every month"]));

    db.update(schema.applications).set({ status: "submitted", submittedAt: new Date(), reference: `RQ-${cycle.referenceYear}-0009` }).where(eq(schema.applications.id, who.applicationId)).run();
    const member = person();
    db.insert(schema.panelMembers).values({ cycleId: cycle.id, userId: member.id, email: member.email, name: member.name, status: "active", invitedAt: new Date(), acceptedAt: new Date() }).run();
    expect(declareConflict({ id: member.id }, cycle.id, who.applicationId, { hasConflict: false, nature: null }).ok).toBe(true);
    const view = applicationForPanel({ id: member.id }, cycle.id, who.applicationId);
    if (!("kind" in view) || view.kind !== "content") throw new Error("expected the bid");
    const text = JSON.stringify(view.groups);
    expect(text).toContain("Our chair, trained in 2026");
    expect(text).toContain("Every month");
    expect(text).toContain("Hosts the sessions");
    expect(text).not.toContain("Named Partner Ltd");
  });
});

describe("the intake CSV", () => {
  it("has a column per question of the round, in the order asked, headed by the question; values formatted, formulas neutralised", () => {
    const cycle = round();
    const money = add(cycle.id, { label: "Your other income?", section: "budget", kind: "money" });
    const when = add(cycle.id, { label: "=When did you start?", kind: "date", required: false });
    const list = add(cycle.id, { label: "Which days?", kind: "several_of", options: ["Monday", "Tuesday, evenings"], required: false });
    const count = add(cycle.id, { label: "How many?", kind: "number", required: false });
    const notAsked = add(cycle.id, { label: "Why Monday?", required: false, condition: { questionId: list, answer: "0" } });
    const who = applicant(cycle.id);
    answer(who, money, "125050");
    answer(who, when, "2020-03-01");
    answer(who, list, JSON.stringify(["Tuesday, evenings"]));
    answer(who, count, "-3");
    db.insert(schema.applicationAnswers).values({ applicationId: who.applicationId, questionId: notAsked, value: "=cmd|' /C calc'!A0" }).run();
    db.update(schema.applications).set({ status: "submitted", submittedAt: new Date(), reference: `RQ-${cycle.referenceYear}-0002` }).where(eq(schema.applications.id, who.applicationId)).run();
    const lines = applicationsCsv(cycle.id, {}).slice(1).split("\r\n");
    expect(lines[0]).toMatch(/,Latest eligibility check,Your other income\?,'=When did you start\?,Which days\?,How many\?,Why Monday\?$/);
    expect(lines[1]).toMatch(/,Not checked yet,"£1,250.50",1 March 2020,"Tuesday, evenings",-3,$/);
    expect(lines.join("\n")).not.toContain("calc");
  });
});

describe("documents asked for by name", () => {
  const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

  it("asks for each required document by name; only the round's documents (or a photo, or another) are offered", async () => {
    const cycle = round();
    const elsewhere = round();
    const accounts = addRequestedDocument(officer, cycle.id, { name: "Latest accounts", hint: "For the last year", required: true });
    const policy = addRequestedDocument(officer, cycle.id, { name: "DBS policy", hint: null, required: true });
    const optional = addRequestedDocument(officer, cycle.id, { name: "Annual report", hint: null, required: false });
    const foreign = addRequestedDocument(officer, elsewhere.id, { name: "Foreign", hint: null, required: true });
    if (!accounts.ok || !policy.ok || !optional.ok || !foreign.ok) throw new Error("not added");
    const who = applicant(cycle.id);
    expect(sectionProblems(file(who.applicationId), "documents").map((p) => p.text)).toEqual(["Upload your latest accounts", "Upload your DBS policy"]);
    for (const kind of ["constitution", `document-${foreign.documentId}`, "document-abc"]) {
      expect(await addApplicationAttachment(who.me, who.applicationId, kind, { name: "x.pdf", bytes: PDF })).toMatchObject({ ok: false, kind: "invalid", errors: { kind: "Select what the document is" } });
    }
    const uploaded = await addApplicationAttachment(who.me, who.applicationId, `document-${accounts.documentId}`, { name: "accounts.pdf", bytes: PDF });
    expect(uploaded.ok).toBe(true);
    expect(await addApplicationAttachment(who.me, who.applicationId, "photo", { name: "photo.pdf", bytes: PDF })).toMatchObject({ ok: true });
    const f = file(who.applicationId);
    expect(f.attachments.map((a) => [a.kind, a.requestedDocumentId])).toEqual([
      ["other", accounts.documentId],
      ["photo", null],
    ]);
    expect(sectionProblems(f, "documents").map((p) => p.text)).toEqual(["Upload your DBS policy"]);
    expect(answerGroups(f).find((g) => g.section === "documents")!.rows.map((r) => [r.question, r.answer])).toEqual([
      ["Latest accounts", "accounts.pdf"],
      ["Photo", "photo.pdf"],
    ]);
    // "Save and continue" on the documents page checks the required ones.
    expect(await addApplicationAttachment(who.me, who.applicationId, `document-${policy.documentId}`, { name: "dbs.pdf", bytes: PDF }, { intent: "continue" })).toMatchObject({ ok: true });
    expect(sectionProblems(file(who.applicationId), "documents")).toEqual([]);
    expect(sectionStatus(file(who.applicationId), "documents")).toBe("completed");
  });

  it("submission checks the round's required documents, not the usual ones", () => {
    const cycle = round();
    const accounts = addRequestedDocument(officer, cycle.id, { name: "Latest accounts", hint: null, required: true });
    if (!accounts.ok) throw new Error("not added");
    const who = applicant(cycle.id);
    fillUsualSections(who.applicationId, who.user.id);
    const refused = submitApplication(who.me, who.applicationId);
    expect(refused).toMatchObject({ ok: false, kind: "incomplete", problems: [{ section: "documents", text: "Upload your latest accounts" }] });
    const f = file(who.applicationId);
    db.insert(schema.attachments)
      .values({ organisationId: f.organisation.id, applicationId: who.applicationId, kind: "other", requestedDocumentId: accounts.documentId, originalName: "a.pdf", mediaType: "application/pdf", sizeBytes: 10, sha256: "0".repeat(64), storageKey: "x" })
      .run();
    expect(submitApplication(who.me, who.applicationId)).toMatchObject({ ok: true });
  });
});
