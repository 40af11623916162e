// GOV.UK date input: day, month and year boxes in a fieldset. The error links to the day box.
import type { ReactNode } from "react";
import type { UseFormRegister, FieldValues } from "react-hook-form";
import { ErrorMessage, Hint } from "./form";

export function DateInput({
  prefix,
  legend,
  hint,
  error,
  values,
  register,
  isPageHeading,
}: {
  prefix: string;
  legend: string;
  hint?: ReactNode;
  error?: string;
  /** The legend is the page's h1 ("one thing per page"). */
  isPageHeading?: boolean;
  values: Record<string, string | undefined>;
  register: UseFormRegister<FieldValues>;
}) {
  const describedBy = [hint ? `${prefix}-hint` : null, error ? `${prefix}-error` : null].filter(Boolean).join(" ") || undefined;
  const box = (part: "Day" | "Month" | "Year", width: 2 | 4) => {
    const name = `${prefix}${part}`;
    return (
      <div className="govuk-date-input__item">
        <div className="govuk-form-group">
          <label className="govuk-label govuk-date-input__label" htmlFor={name}>
            {part}
          </label>
          <input
            className={`govuk-input govuk-date-input__input govuk-input--width-${width}${error ? " govuk-input--error" : ""}`}
            id={name}
            type="text"
            inputMode="numeric"
            defaultValue={values[name]}
            {...register(name)}
          />
        </div>
      </div>
    );
  };
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy}>
        {isPageHeading ? (
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--l">
            <h1 className="govuk-fieldset__heading">{legend}</h1>
          </legend>
        ) : (
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend>
        )}
        {hint ? <Hint id={`${prefix}-hint`}>{hint}</Hint> : null}
        {error ? <ErrorMessage id={`${prefix}-error`}>{error}</ErrorMessage> : null}
        <div className="govuk-date-input" id={prefix}>
          {box("Day", 2)}
          {box("Month", 2)}
          {box("Year", 4)}
        </div>
      </fieldset>
    </div>
  );
}
