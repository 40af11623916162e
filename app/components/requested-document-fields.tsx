// The fields of a document a round asks for, for adding one and changing one (staff): its name,
// a hint for applicants, and whether every applicant must upload it.
import type { FieldValues, UseFormRegister } from "react-hook-form";
import { Choices, ErrorMessage, Hint, Textarea, TextInput } from "~/components/govuk/form";

export function RequestedDocumentFields({
  errors,
  values,
  register,
  optionalOnly,
}: {
  errors: Record<string, string | undefined>;
  values: Record<string, string | undefined>;
  register: UseFormRegister<FieldValues>;
  /** Applications have started: a new document can only be optional. */
  optionalOnly?: boolean;
}) {
  return (
    <>
      <TextInput
        label="Name of the document"
        labelSize="s"
        hint="As applicants will read it, for example: Latest accounts"
        error={errors.name}
        defaultValue={values.name}
        spellCheck
        {...register("name")}
      />
      <Textarea
        label="Hint (optional)"
        labelSize="s"
        hint="What counts, for example: Your accounts for the last financial year, or 3 months of bank statements if you are a new group."
        rows={2}
        error={errors.hint}
        defaultValue={values.hint}
        spellCheck
        {...register("hint")}
      />
      {optionalOnly ? (
        <div className="govuk-form-group" id="required" tabIndex={-1}>
          <h3 className="govuk-heading-s govuk-!-margin-bottom-1">Must every applicant upload it?</h3>
          <Hint id="required-hint">No. Applications have been started in this round, so a new document must be optional.</Hint>
          {errors.required ? <ErrorMessage id="required-error">{errors.required}</ErrorMessage> : null}
          <input type="hidden" value="no" {...register("required")} />
        </div>
      ) : (
        <Choices
          type="radio"
          name="required"
          legend="Must every applicant upload it?"
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
    </>
  );
}
