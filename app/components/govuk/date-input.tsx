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
        <DateBoxes prefix={prefix} error={Boolean(error)} values={values} register={register} />
      </fieldset>
    </div>
  );
}

/** The day, month and year boxes, named `<prefix>Day`, `…Month` and `…Year`. */
function DateBoxes({
  prefix,
  error,
  values,
  register,
  className,
}: {
  prefix: string;
  error: boolean;
  values: Record<string, string | undefined>;
  register: UseFormRegister<FieldValues>;
  className?: string;
}) {
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
    <div className={`govuk-date-input${className ? ` ${className}` : ""}`} id={prefix}>
      {box("Day", 2)}
      {box("Month", 2)}
      {box("Year", 4)}
    </div>
  );
}

/**
 * A date and a time of day (UK time) in one fieldset: the GOV.UK date input, then a time box
 * that takes "9am", "5:30pm" or "17:30". Errors link to the day box or the time box.
 */
export function DateTimeInput({
  prefix,
  legend,
  hint,
  dateError,
  timeError,
  values,
  register,
}: {
  prefix: string;
  legend: string;
  hint?: string;
  dateError?: string;
  timeError?: string;
  values: Record<string, string | undefined>;
  register: UseFormRegister<FieldValues>;
}) {
  const error = dateError ?? timeError;
  const describedBy = [hint ? `${prefix}-hint` : null, dateError ? `${prefix}-date-error` : null].filter(Boolean).join(" ") || undefined;
  const time = `${prefix}Time`;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend>
        {hint ? <Hint id={`${prefix}-hint`}>{hint}</Hint> : null}
        {dateError ? <ErrorMessage id={`${prefix}-date-error`}>{dateError}</ErrorMessage> : null}
        <DateBoxes prefix={prefix} error={Boolean(dateError)} values={values} register={register} className="govuk-!-margin-bottom-4" />
        <div className="govuk-form-group govuk-!-margin-bottom-0">
          <label className="govuk-label" htmlFor={time}>
            Time (UK time)
          </label>
          <div className="govuk-hint" id={`${time}-hint`}>
            For example, 9am, 12pm or 5:30pm
          </div>
          {timeError ? <ErrorMessage id={`${time}-error`}>{timeError}</ErrorMessage> : null}
          <input
            className={`govuk-input govuk-input--width-5${timeError ? " govuk-input--error" : ""}`}
            id={time}
            type="text"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={[`${time}-hint`, timeError ? `${time}-error` : null].filter(Boolean).join(" ")}
            defaultValue={values[time]}
            {...register(time)}
          />
        </div>
      </fieldset>
    </div>
  );
}
