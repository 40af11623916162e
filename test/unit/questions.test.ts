// The round's own questions as plain rules: the answer schema built from a question (every
// kind; required only on "continue"; limits, ranges, real dates, choices only from the list),
// answers as people read them, conditional questions, the order they are asked in, and the
// staff form that defines a question.
import { describe, expect, it } from "vitest";
import { APPLICATION_SECTIONS, type QuestionKind } from "~db/schema";
import {
  askedQuestions,
  conditionText,
  formatAnswer,
  inAskedOrder,
  isAsked,
  placeableSections,
  rangeText,
  taskSections,
  whereAsked,
  type QuestionDefinition,
} from "~/models/questions";
import { answerFormValues, choiceLines, conditionKey, definitionFormValues, questionAnswerSchema, questionDefinitionSchema } from "~/schemas/questions";
import { fieldErrors } from "~/utils/forms";

let nextId = 1;
function question(kind: QuestionKind, over: Partial<QuestionDefinition> = {}): QuestionDefinition {
  return {
    id: nextId++,
    section: "other",
    kind,
    label: `Question ${nextId}`,
    hint: null,
    wordLimit: kind === "textarea" ? 5 : null,
    minValue: null,
    maxValue: null,
    options: kind === "one_of" || kind === "several_of" ? ["Weekly", "Monthly, or less", "Never"] : null,
    required: true,
    conditionQuestionId: null,
    conditionValue: null,
    audience: "panel",
    sortOrder: nextId,
    ...over,
  };
}

/** Parses a posted answer: the stored value, or the error message of the answer's field. */
function answer(q: QuestionDefinition, form: Record<string, unknown>, intent: "continue" | "later" = "continue") {
  const result = questionAnswerSchema(q).safeParse({ intent, ...form });
  if (result.success) return { value: result.data.value };
  return { error: Object.values(fieldErrors(result.error))[0], field: Object.keys(fieldErrors(result.error))[0] };
}

describe("the answer schema built from a question", () => {
  it("requires an answer on Save and continue only, with a message for each kind", () => {
    const cases: [QuestionKind, string][] = [
      ["text", "Enter your answer"],
      ["textarea", "Enter your answer"],
      ["number", "Enter a number"],
      ["money", "Enter an amount in pounds"],
      ["yes_no", "Select yes or no"],
      ["one_of", "Select an answer"],
      ["several_of", "Select at least one answer"],
      ["date", "Enter a date"],
    ];
    for (const [kind, message] of cases) {
      const q = question(kind);
      expect(answer(q, {}), kind).toEqual({ error: message, field: kind === "date" ? "answerDay" : "answer" });
      expect(answer(q, {}, "later"), kind).toEqual({ value: null });
      expect(answer({ ...q, required: false }, {}), kind).toEqual({ value: null });
      // Blank boxes count as no answer.
      expect(answer({ ...q, required: false }, { answer: "   ", answerDay: "", answerMonth: "", answerYear: "" }), kind).toEqual({ value: null });
    }
  });

  it("short text: trimmed, at most 200 characters", () => {
    const q = question("text");
    expect(answer(q, { answer: "  Biscot Mosque  " })).toEqual({ value: "Biscot Mosque" });
    expect(answer(q, { answer: "x".repeat(201) }).error).toBe("Your answer must be 200 characters or fewer");
  });

  it("long text: the question's word limit", () => {
    const q = question("textarea", { wordLimit: 5 });
    expect(answer(q, { answer: "one two three four five" })).toEqual({ value: "one two three four five" });
    expect(answer(q, { answer: "one two three four five six" }).error).toBe("Your answer must be 5 words or fewer");
    // Even a later save refuses too many words: nothing saved is ever over the limit.
    expect(answer(q, { answer: "one two three four five six" }, "later").error).toBe("Your answer must be 5 words or fewer");
  });

  it("number: the format and the question's range", () => {
    const q = question("number", { minValue: 1, maxValue: 100 });
    expect(answer(q, { answer: "12" })).toEqual({ value: "12" });
    expect(answer(q, { answer: "1,00" })).toEqual({ value: "100" });
    expect(answer(q, { answer: "12.50" })).toEqual({ value: "12.5" });
    expect(answer(q, { answer: "twelve" }).error).toBe("Enter a number, like 12");
    expect(answer(q, { answer: "1e3" }).error).toBe("Enter a number, like 12");
    expect(answer(q, { answer: "0" }).error).toBe("Enter a number between 1 and 100");
    expect(answer(q, { answer: "101" }).error).toBe("Enter a number between 1 and 100");
    expect(answer(question("number", { minValue: 0 }), { answer: "-1" }).error).toBe("Enter a number 0 or more");
    expect(answer(question("number", { maxValue: 10 }), { answer: "-1" })).toEqual({ value: "-1" });
    expect(answer(question("number", { maxValue: 10 }), { answer: "11" }).error).toBe("Enter a number 10 or less");
  });

  it("money: pounds typed, pence stored, in the question's range", () => {
    const q = question("money", { minValue: 100_00, maxValue: 5_000_00 });
    expect(answer(q, { answer: "£1,250.50" })).toEqual({ value: "125050" });
    expect(answer(q, { answer: "1250" })).toEqual({ value: "125000" });
    expect(answer(q, { answer: "12.345" }).error).toBe("Enter an amount in pounds, like 1250 or 1250.50");
    expect(answer(q, { answer: "-5" }).error).toBe("Enter an amount in pounds, like 1250 or 1250.50");
    expect(answer(q, { answer: "99.99" }).error).toBe("Enter an amount between £100 and £5,000");
    expect(answer(q, { answer: "5000.01" }).error).toBe("Enter an amount between £100 and £5,000");
  });

  it("yes or no: only yes or no", () => {
    const q = question("yes_no");
    expect(answer(q, { answer: "yes" })).toEqual({ value: "yes" });
    expect(answer(q, { answer: "no" })).toEqual({ value: "no" });
    expect(answer(q, { answer: "maybe" }).error).toBe("Select yes or no");
  });

  it("one of a list: a choice by its place in the list, stored as its words", () => {
    const q = question("one_of");
    expect(answer(q, { answer: "1" })).toEqual({ value: "Monthly, or less" });
    expect(answer(q, { answer: "3" }).error).toBe("Select an answer from the list");
    expect(answer(q, { answer: "Weekly" }).error).toBe("Select an answer from the list");
  });

  it("several of a list: choices from the list only, each once, in the list's order", () => {
    const q = question("several_of");
    expect(answer(q, { answer: ["2", "0", "2"] })).toEqual({ value: JSON.stringify(["Weekly", "Never"]) });
    // One box ticked comes as a single value.
    expect(answer(q, { answer: "1" })).toEqual({ value: JSON.stringify(["Monthly, or less"]) });
    expect(answer(q, { answer: ["0", "7"] }).error).toBe("Select answers from the list");
    expect(answer(q, { answer: ["0", "<script>"] }).error).toBe("Select answers from the list");
  });

  it("a date: a real one, stored as YYYY-MM-DD", () => {
    const q = question("date");
    expect(answer(q, { answerDay: "27", answerMonth: "3", answerYear: "2027" })).toEqual({ value: "2027-03-27" });
    expect(answer(q, { answerDay: "31", answerMonth: "2", answerYear: "2027" })).toEqual({ error: "Enter a real date, like 27 3 2027", field: "answerDay" });
    expect(answer(q, { answerDay: "1", answerMonth: "", answerYear: "2027" }).error).toBe("Enter a real date, like 27 3 2027");
    expect(answer(q, { answerDay: "1", answerMonth: "1", answerYear: "27" }).error).toBe("Enter a real date, like 27 3 2027");
  });

  it("gives the saved answer back as the form shows it", () => {
    expect(answerFormValues(question("money"), "125050")).toEqual({ values: { answer: "1250.50" }, list: [] });
    expect(answerFormValues(question("money"), "125000")).toEqual({ values: { answer: "1250" }, list: [] });
    expect(answerFormValues(question("one_of"), "Never")).toEqual({ values: { answer: "2" }, list: [] });
    expect(answerFormValues(question("several_of"), JSON.stringify(["Weekly", "Never"]))).toEqual({ values: {}, list: ["0", "2"] });
    expect(answerFormValues(question("date"), "2027-03-07")).toEqual({ values: { answerDay: "7", answerMonth: "3", answerYear: "2027" }, list: [] });
    expect(answerFormValues(question("text"), null)).toEqual({ values: { answer: "" }, list: [] });
  });
});

describe("answers as people read them", () => {
  it("formats each kind in one place", () => {
    expect(formatAnswer(question("text"), "Hello")).toBe("Hello");
    expect(formatAnswer(question("number"), "12500.5")).toBe("12,500.5");
    expect(formatAnswer(question("money"), "125050")).toBe("£1,250.50");
    expect(formatAnswer(question("money"), "500000")).toBe("£5,000");
    expect(formatAnswer(question("yes_no"), "yes")).toBe("Yes");
    expect(formatAnswer(question("one_of"), "Weekly")).toBe("Weekly");
    expect(formatAnswer(question("several_of"), JSON.stringify(["Weekly", "Never"]))).toBe("Weekly\nNever");
    expect(formatAnswer(question("several_of"), JSON.stringify(["Weekly", "Never"]), { listSeparator: "; " })).toBe("Weekly; Never");
    expect(formatAnswer(question("date"), "2027-03-27")).toBe("27 March 2027");
    expect(formatAnswer(question("text"), null)).toBe("Not answered");
    expect(formatAnswer(question("several_of"), "[]")).toBe("Not answered");
  });

  it("says a question's range in words", () => {
    expect(rangeText(question("money", { minValue: 50_00, maxValue: null }))).toBe("£50 or more");
    expect(rangeText(question("number", { minValue: null, maxValue: 3 }))).toBe("3 or less");
    expect(rangeText(question("number"))).toBeNull();
  });
});

describe("conditional questions and the order they are asked in", () => {
  const sections = [...APPLICATION_SECTIONS];

  it("asks a conditional question only while the earlier answer holds, and a chain only while every link holds", () => {
    const bank = question("yes_no");
    const why = question("textarea", { conditionQuestionId: bank.id, conditionValue: "no" });
    const when = question("date", { conditionQuestionId: why.id, conditionValue: "anything" });
    const often = question("several_of");
    const weekly = question("text", { conditionQuestionId: often.id, conditionValue: "Weekly" });
    const byId = new Map([bank, why, when, often, weekly].map((q) => [q.id, q]));
    expect(isAsked(why, byId, {})).toBe(false);
    expect(isAsked(why, byId, { [bank.id]: "yes" })).toBe(false);
    expect(isAsked(why, byId, { [bank.id]: "no" })).toBe(true);
    // A list answer includes the choice.
    expect(isAsked(weekly, byId, { [often.id]: JSON.stringify(["Never", "Weekly"]) })).toBe(true);
    expect(isAsked(weekly, byId, { [often.id]: JSON.stringify(["Never"]) })).toBe(false);
    // A stored answer to a question not asked counts for nothing further down.
    expect(isAsked(when, byId, { [bank.id]: "yes", [why.id]: "anything" })).toBe(false);
    expect(isAsked(when, byId, { [bank.id]: "no", [why.id]: "anything" })).toBe(true);
    expect(askedQuestions(sections, [bank, why, when], { [bank.id]: "yes", [why.id]: "anything" }).map((q) => q.id)).toEqual([bank.id]);
    expect(conditionText(why, byId)).toBe(`Asked only when “${bank.label}” is answered “No”`);
    expect(conditionText(weekly, byId)).toBe(`Asked only when “${often.label}” includes the answer “Weekly”`);
  });

  it("never loops, even on a condition pointing back at itself", () => {
    const a = question("yes_no");
    const b = question("yes_no", { conditionQuestionId: a.id, conditionValue: "yes" });
    a.conditionQuestionId = b.id;
    a.conditionValue = "yes";
    const byId = new Map([a, b].map((q) => [q.id, q]));
    expect(isAsked(a, byId, { [a.id]: "yes", [b.id]: "yes" })).toBe(false);
  });

  it("asks questions by section in the round's order, Other questions just before the declaration", () => {
    const inOther = question("text", { section: "other", sortOrder: 1 });
    const inBudget = question("text", { section: "budget", sortOrder: 2 });
    const inAbout2 = question("text", { section: "about", sortOrder: 5 });
    const inAbout1 = question("text", { section: "about", sortOrder: 3 });
    const order = inAskedOrder(sections, [inOther, inBudget, inAbout2, inAbout1]);
    expect(order.map((q) => q.id)).toEqual([inAbout1.id, inAbout2.id, inBudget.id, inOther.id]);
    expect(taskSections(sections, [inOther])).toEqual(["about", "principles", "who_and_where", "partners", "budget", "logic_model", "documents", "other", "declarations"]);
    expect(taskSections(sections, [inBudget])).not.toContain("other");
  });

  it("asks a question placed in a section the round does not ask under Other questions", () => {
    const roundSections = sections.filter((s) => s !== "budget");
    const inBudget = question("text", { section: "budget" });
    expect(whereAsked(inBudget, roundSections)).toBe("other");
    expect(whereAsked(inBudget, sections)).toBe("budget");
    expect(taskSections(roundSections, [inBudget])).toContain("other");
    expect(placeableSections(roundSections)).toEqual(["about", "principles", "who_and_where", "partners", "logic_model", "documents", "other"]);
  });
});

describe("the staff form that defines a question", () => {
  const base = { label: "How often do you meet?", hint: "", section: "about", required: "yes", audience: "panel", condition: "" };

  it("takes the list kind as one or several, choices one per line, de-duplicated", () => {
    expect(choiceLines(" Weekly \n\nweekly\nMonthly\r\n  Never  ")).toEqual(["Weekly", "Monthly", "Never"]);
    const parsed = questionDefinitionSchema.parse({ ...base, kind: "list", listMany: "several", choices: "Weekly\nMonthly\nWeekly" });
    expect(parsed).toMatchObject({ kind: "several_of", options: ["Weekly", "Monthly"], required: true, audience: "panel", condition: null, hint: null });
    const errors = fieldErrors(questionDefinitionSchema.safeParse({ ...base, kind: "list", listMany: "", choices: "Weekly\nweekly" }).error!);
    expect(errors).toEqual({ listMany: "Select whether people choose one answer or several", choices: "Enter at least 2 different choices, one on each line" });
  });

  it("needs a word limit for long text, and ranges in order; money in pounds, stored in pence", () => {
    expect(fieldErrors(questionDefinitionSchema.safeParse({ ...base, kind: "textarea" }).error!)).toEqual({ wordLimit: "Enter the most words an answer may have" });
    expect(questionDefinitionSchema.parse({ ...base, kind: "textarea", wordLimit: "250" })).toMatchObject({ kind: "textarea", wordLimit: 250 });
    expect(questionDefinitionSchema.parse({ ...base, kind: "money", moneyMin: "100", moneyMax: "£5,000.50" })).toMatchObject({ minValue: 100_00, maxValue: 5_000_50 });
    expect(fieldErrors(questionDefinitionSchema.safeParse({ ...base, kind: "number", numberMin: "10", numberMax: "5" }).error!)).toEqual({
      numberMax: "The largest number must be the same as or more than the smallest",
    });
    // Another kind's fields, typed then hidden, are ignored.
    expect(questionDefinitionSchema.parse({ ...base, kind: "yes_no", wordLimit: "lots", numberMin: "x" })).toMatchObject({ kind: "yes_no", wordLimit: null, minValue: null });
  });

  it("gives every problem at once, and reads the condition as a question and an answer", () => {
    const errors = fieldErrors(questionDefinitionSchema.safeParse({ label: "", section: "declarations", kind: "spaceship", required: "", audience: "", condition: "1 or 1=1" }).error!);
    expect(Object.keys(errors)).toEqual(["label", "section", "kind", "required", "audience", "condition"]);
    expect(questionDefinitionSchema.parse({ ...base, kind: "text", condition: "12:3" }).condition).toEqual({ questionId: 12, answer: "3" });
    expect(questionDefinitionSchema.parse({ ...base, kind: "text", condition: "12:no" }).condition).toEqual({ questionId: 12, answer: "no" });
  });

  it("shows a saved question back in the form as it was typed", () => {
    const parent = question("one_of");
    const q = question("money", { section: "budget", minValue: 100_00, maxValue: 1234_56, required: false, audience: "staff", conditionQuestionId: parent.id, conditionValue: "Never" });
    const key = conditionKey(q, parent);
    expect(key).toBe(`${parent.id}:2`);
    const form = definitionFormValues(q, key);
    expect(form).toMatchObject({ kind: "money", moneyMin: "100", moneyMax: "1234.56", required: "no", audience: "staff", condition: `${parent.id}:2` });
    expect(questionDefinitionSchema.parse(form)).toMatchObject({ kind: "money", minValue: 100_00, maxValue: 1234_56, required: false, audience: "staff", section: "budget" });
  });
});
