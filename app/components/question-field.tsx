// One of the round's own questions as its page shows it: the question itself as the page's h1
// (the label of the box, or the legend of the choices), its hint, "(optional)" where it need not
// be answered, and the GOV.UK component its kind calls for. The applicant's question page and
// staff's preview of it both render this, with the same form hook, so they are the same page.
import { useMemo, type ReactNode } from "react";
import { WordCountTextarea } from "~/components/application";
import { DateInput } from "~/components/govuk/date-input";
import { Choices, TextInput, Textarea } from "~/components/govuk/form";
import { rangeText, type QuestionDefinition } from "~/models/questions";
import { answerField, questionAnswerSchema } from "~/schemas/questions";
import { useGovukForm } from "~/utils/use-govuk-form";

/** The form of a question page; `saved` is the answer as the fields show it (answerFormValues). */
export function useQuestionForm(question: QuestionDefinition, saved: { values: Record<string, string>; list: string[] }) {
  const schema = useMemo(() => questionAnswerSchema(question), [question]);
  return useGovukForm(schema, {
    fields: [answerField(question)],
    defaults: saved.values,
    lists: question.kind === "several_of" ? { answer: saved.list } : undefined,
  });
}

/** The hint: staff's words, then what the answer must be, then who reads it when only staff do. */
function hintOf(question: QuestionDefinition): ReactNode {
  const range = rangeText(question);
  const lines = [
    question.hint,
    question.kind === "number" && range ? `Enter a number ${range}.` : null,
    question.kind === "money" && range ? `Enter an amount ${range}.` : null,
    question.kind === "several_of" ? "Select all that apply." : null,
    question.kind === "date" ? "For example, 27 3 2027" : null,
    question.audience === "staff" ? "Only staff will read your answer. The panel that scores applications will not see it." : null,
  ].filter((line): line is string => Boolean(line));
  if (!lines.length) return undefined;
  return lines.map((line, i) => (
    <span key={i} className="govuk-!-display-block app-pre-line">
      {line}
    </span>
  ));
}

export function QuestionField({ question, form }: { question: QuestionDefinition; form: ReturnType<typeof useQuestionForm> }) {
  const { register, errors, values, lists } = form;
  const label = question.required ? question.label : `${question.label} (optional)`;
  const hint = hintOf(question);
  switch (question.kind) {
    case "text":
      return <TextInput label={label} isPageHeading hint={hint} error={errors.answer} defaultValue={values.answer} spellCheck {...register("answer")} />;
    case "textarea":
      return question.wordLimit ? (
        <WordCountTextarea
          name="answer"
          label={label}
          isPageHeading
          hint={hint}
          maxWords={question.wordLimit}
          rows={6}
          error={errors.answer}
          defaultValue={values.answer}
          inputProps={register("answer")}
        />
      ) : (
        <Textarea label={label} isPageHeading hint={hint} rows={6} error={errors.answer} defaultValue={values.answer} spellCheck {...register("answer")} />
      );
    case "number":
      return (
        <TextInput
          label={label}
          isPageHeading
          hint={hint}
          error={errors.answer}
          defaultValue={values.answer}
          inputMode={question.minValue !== null && question.minValue >= 0 ? "decimal" : "text"}
          spellCheck={false}
          width="10"
          {...register("answer")}
        />
      );
    case "money":
      return (
        <TextInput
          label={label}
          isPageHeading
          hint={hint}
          error={errors.answer}
          defaultValue={values.answer}
          inputMode="decimal"
          spellCheck={false}
          prefix="£"
          width="10"
          {...register("answer")}
        />
      );
    case "yes_no":
      return (
        <Choices
          type="radio"
          name="answer"
          legend={label}
          isPageHeading
          hint={hint}
          error={errors.answer}
          inline
          checked={values.answer ? [values.answer] : []}
          items={[
            { value: "yes", text: "Yes" },
            { value: "no", text: "No" },
          ]}
          inputProps={register("answer")}
        />
      );
    case "one_of":
    case "several_of":
      return (
        <Choices
          type={question.kind === "one_of" ? "radio" : "checkbox"}
          name="answer"
          legend={label}
          isPageHeading
          hint={hint}
          error={errors.answer}
          checked={question.kind === "one_of" ? (values.answer ? [values.answer] : []) : lists.answer}
          // The index of each choice, so a choice with a comma in it comes back whole.
          items={(question.options ?? []).map((text, i) => ({ value: String(i), text }))}
          inputProps={register("answer")}
        />
      );
    case "date":
      return <DateInput prefix="answer" legend={label} isPageHeading hint={hint} error={errors.answerDay} values={values} register={register} />;
  }
}
