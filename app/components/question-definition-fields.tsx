// The fields of one of a round's own questions, for adding one and for changing one (staff):
// the question, its hint, where it is asked, the kind of answer (each kind's own settings appear
// under it, GOV.UK's conditional reveal: all shown without JavaScript, only the chosen kind's
// with it), whether it must be answered, who reads the answers, and when it is asked.
import { useEffect, useState, type ReactNode } from "react";
import type { FieldValues, UseFormRegister } from "react-hook-form";
import { Choices, ErrorMessage, Fieldset, Hint, Select, Textarea, TextInput } from "~/components/govuk/form";
import { QUESTION_LIMITS } from "~/schemas/questions";

type Option = { value: string; text: string };

const KINDS: { value: string; text: string; hint?: string }[] = [
  { value: "text", text: "Short text", hint: "A few words, such as a name or a reference" },
  { value: "textarea", text: "Long text, with a word limit" },
  { value: "number", text: "A number" },
  { value: "money", text: "An amount of money" },
  { value: "yes_no", text: "Yes or no" },
  { value: "list", text: "A choice from a list" },
  { value: "date", text: "A date" },
];

export function QuestionDefinitionFields({
  errors,
  values,
  register,
  sections,
  conditions,
  newOptionalOnly,
}: {
  errors: Record<string, string | undefined>;
  values: Record<string, string | undefined>;
  register: UseFormRegister<FieldValues>;
  /** Where it may be asked: the round's sections (but the declaration) and "Other questions". */
  sections: Option[];
  /** "Always", then each earlier yes/no or list question with each of its answers. */
  conditions: Option[];
  /** Applications have started: a new question can only be optional. */
  newOptionalOnly?: boolean;
}) {
  const [kind, setKind] = useState(values.kind ?? "");
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const kindField = register("kind", { onChange: (event: { target: { value: string } }) => setKind(event.target.value) });
  const reveal = (value: string, children: ReactNode) => (
    <div className="govuk-radios__conditional" id={`conditional-kind-${value}`} hidden={hydrated && kind !== value}>
      {children}
    </div>
  );
  const revealed: Record<string, ReactNode> = {
    textarea: reveal(
      "textarea",
      <TextInput
        label="Word limit"
        hint={`The most words an answer may have, up to ${QUESTION_LIMITS.maxWordLimit.toLocaleString("en-GB")}. For example, 250`}
        width="4"
        inputMode="numeric"
        spellCheck={false}
        error={errors.wordLimit}
        defaultValue={values.wordLimit}
        {...register("wordLimit")}
      />,
    ),
    number: reveal(
      "number",
      <>
        <TextInput label="Smallest number allowed (optional)" width="10" spellCheck={false} error={errors.numberMin} defaultValue={values.numberMin} {...register("numberMin")} />
        <TextInput label="Largest number allowed (optional)" width="10" spellCheck={false} error={errors.numberMax} defaultValue={values.numberMax} {...register("numberMax")} />
      </>,
    ),
    money: reveal(
      "money",
      <>
        <TextInput label="Smallest amount allowed (optional)" prefix="£" width="10" inputMode="decimal" spellCheck={false} error={errors.moneyMin} defaultValue={values.moneyMin} {...register("moneyMin")} />
        <TextInput label="Largest amount allowed (optional)" prefix="£" width="10" inputMode="decimal" spellCheck={false} error={errors.moneyMax} defaultValue={values.moneyMax} {...register("moneyMax")} />
      </>,
    ),
    list: reveal(
      "list",
      <>
        <Choices
          type="radio"
          name="listMany"
          legend="Can people choose more than one?"
          legendSize="s"
          small
          error={errors.listMany}
          checked={values.listMany ? [values.listMany] : []}
          items={[
            { value: "one", text: "No, one answer only" },
            { value: "several", text: "Yes, as many as apply" },
          ]}
          inputProps={register("listMany")}
        />
        <Textarea
          label="The choices"
          hint={`One on each line, in the order people will see them: at least 2, and up to ${QUESTION_LIMITS.maxChoices}. A choice typed twice is kept once.`}
          rows={5}
          error={errors.choices}
          defaultValue={values.choices}
          {...register("choices")}
        />
      </>,
    ),
  };
  return (
    <>
      <TextInput
        label="The question"
        labelSize="s"
        hint="As applicants will read it, for example: How many volunteers help run your group?"
        error={errors.label}
        defaultValue={values.label}
        spellCheck
        {...register("label")}
      />
      <Textarea
        label="Hint (optional)"
        labelSize="s"
        hint="Anything that helps people answer, shown under the question."
        rows={2}
        error={errors.hint}
        defaultValue={values.hint}
        spellCheck
        {...register("hint")}
      />
      <Choices
        type="radio"
        name="section"
        legend="Where is it asked?"
        legendSize="s"
        hint="A question placed in a section is asked after that section's usual pages. Other questions have a task of their own, just before the declaration."
        error={errors.section}
        checked={values.section ? [values.section] : []}
        items={sections}
        inputProps={register("section")}
      />
      <div className={errors.kind ? "govuk-form-group govuk-form-group--error" : "govuk-form-group"}>
        <Fieldset legend="What kind of answer?" legendSize="s" describedBy={errors.kind ? "kind-error" : undefined}>
          {errors.kind ? <ErrorMessage id="kind-error">{errors.kind}</ErrorMessage> : null}
          <div className="govuk-radios" data-module="govuk-radios">
            {KINDS.map((item, index) => {
              const id = index === 0 ? "kind" : `kind-${index + 1}`;
              return (
                <div key={item.value}>
                  <div className="govuk-radios__item">
                    <input
                      className="govuk-radios__input"
                      id={id}
                      type="radio"
                      value={item.value}
                      defaultChecked={values.kind === item.value}
                      aria-controls={hydrated && revealed[item.value] ? `conditional-kind-${item.value}` : undefined}
                      aria-describedby={item.hint ? `${id}-item-hint` : undefined}
                      {...kindField}
                    />
                    <label className="govuk-label govuk-radios__label" htmlFor={id}>
                      {item.text}
                    </label>
                    {item.hint ? (
                      <div id={`${id}-item-hint`} className="govuk-hint govuk-radios__hint">
                        {item.hint}
                      </div>
                    ) : null}
                  </div>
                  {revealed[item.value] ?? null}
                </div>
              );
            })}
          </div>
        </Fieldset>
      </div>
      {newOptionalOnly ? (
        <div className="govuk-form-group" id="required" tabIndex={-1}>
          <h2 className="govuk-heading-s govuk-!-margin-bottom-1">Must it be answered?</h2>
          <Hint id="required-hint">No. Applications have been started in this round, so a new question must be optional.</Hint>
          {errors.required ? <ErrorMessage id="required-error">{errors.required}</ErrorMessage> : null}
          <input type="hidden" value="no" {...register("required")} />
        </div>
      ) : (
        <Choices
          type="radio"
          name="required"
          legend="Must it be answered?"
          legendSize="s"
          inline
          error={errors.required}
          checked={values.required ? [values.required] : []}
          items={[
            { value: "yes", text: "Yes" },
            { value: "no", text: "No, it is optional" },
          ]}
          inputProps={register("required")}
        />
      )}
      <Choices
        type="radio"
        name="audience"
        legend="Who may read the answers?"
        legendSize="s"
        error={errors.audience}
        checked={values.audience ? [values.audience] : []}
        items={[
          { value: "panel", text: "The panel and staff" },
          { value: "staff", text: "Staff only", hint: "The panel never sees these answers: for example, questions for monitoring or checks." },
        ]}
        inputProps={register("audience")}
      />
      <Select
        label="When is it asked?"
        labelSize="s"
        hint="Always, or only when an earlier yes or no question, or a list, has a given answer."
        error={errors.condition}
        defaultValue={values.condition ?? ""}
        options={conditions}
        {...register("condition")}
      />
    </>
  );
}
