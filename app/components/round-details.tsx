// The fields of a round's details, shared by "Create a round", "Copy this round" and "Change
// the round's details". Times the round can no longer change are shown as words, and posted
// back unchanged in hidden fields, so the form is the same form at every stage.
import type { FieldValues, UseFormRegister } from "react-hook-form";
import { DateInput, DateTimeInput } from "~/components/govuk/date-input";
import { TextInput, Textarea } from "~/components/govuk/form";
import { ROUND_LIMITS } from "~/schemas/round";
import type { FieldErrors } from "~/utils/forms";
import { dateParts, formatDeadline, poundsText, ukDateTimeParts } from "~/utils/format";

const TIME_PARTS = ["Day", "Month", "Year", "Time"] as const;

export const ROUND_DETAIL_FIELDS = [
  "name",
  "summary",
  "guidance",
  "opensDay",
  "opensTime",
  "closesDay",
  "closesTime",
  "budget",
  "minAmount",
  "maxAmount",
  "referenceYear",
  "decisionsDay",
  "contactName",
  "contactEmail",
] as const;

function FixedTime({ prefix, legend, at, why, values }: { prefix: string; legend: string; at: string; why: string; values: Record<string, string | undefined> }) {
  return (
    <div className="govuk-form-group" id={`${prefix}Day`} tabIndex={-1}>
      <h2 className="govuk-heading-m govuk-!-margin-bottom-2">{legend}</h2>
      <p className="govuk-body govuk-!-margin-bottom-1">{formatDeadline(at)}</p>
      <p className="govuk-hint">{why}</p>
      {TIME_PARTS.map((part) => (
        <input key={part} type="hidden" name={`${prefix}${part}`} value={values[`${prefix}${part}`] ?? ""} />
      ))}
    </div>
  );
}

export function RoundDetailsFields({
  register,
  errors,
  values,
  withAmounts,
  placeContact,
  fixed,
}: {
  register: UseFormRegister<FieldValues>;
  errors: FieldErrors;
  values: Record<string, string | undefined>;
  withAmounts: boolean;
  /** The place's contact email, used when the round names none. */
  placeContact: string | null;
  /** Times the round can no longer change, with why. */
  fixed?: { opens?: { at: string; why: string }; closes?: { at: string; why: string } };
}) {
  return (
    <>
      <TextInput
        label="Name of the round"
        labelSize="m"
        hint={`Applicants see this. For example, "Collaboration Fund 2027 to 2028". Up to ${ROUND_LIMITS.nameChars} characters.`}
        error={errors.name}
        defaultValue={values.name}
        {...register("name")}
      />
      <Textarea
        label="Summary"
        labelSize="m"
        hint={`One or two sentences on the start page: what this round funds. Up to ${ROUND_LIMITS.summaryWords} words.`}
        rows={3}
        error={errors.summary}
        defaultValue={values.summary}
        {...register("summary")}
      />
      <Textarea
        label="Guidance for applicants (optional)"
        labelSize="m"
        hint="Shown on the round's start page, before the eligibility check: what the panel looks for, examples, anything applicants should know. Leave a blank line between paragraphs."
        rows={8}
        error={errors.guidance}
        defaultValue={values.guidance}
        {...register("guidance")}
      />
      {fixed?.opens ? (
        <FixedTime prefix="opens" legend="Opens" at={fixed.opens.at} why={fixed.opens.why} values={values} />
      ) : (
        <DateTimeInput
          prefix="opens"
          legend="When does the round open?"
          hint="Applicants can start applying from this date and time. For example, 1 4 2027 at 9am"
          dateError={errors.opensDay}
          timeError={errors.opensTime}
          values={values}
          register={register}
        />
      )}
      {fixed?.closes ? (
        <FixedTime prefix="closes" legend="Closes" at={fixed.closes.at} why={fixed.closes.why} values={values} />
      ) : (
        <DateTimeInput
          prefix="closes"
          legend="When does the round close?"
          hint="Applications must be submitted before this date and time, to the second. For example, 30 5 2027 at 12pm"
          dateError={errors.closesDay}
          timeError={errors.closesTime}
          values={values}
          register={register}
        />
      )}
      <TextInput
        label="Budget"
        labelSize="m"
        hint="The money this round can award, in pounds. For example, 100000"
        prefix="£"
        width="10"
        inputMode="decimal"
        spellCheck={false}
        error={errors.budget}
        defaultValue={values.budget}
        {...register("budget")}
      />
      {withAmounts ? (
        <>
          <TextInput
            label="Smallest amount applicants may ask for"
            labelSize="s"
            hint="In pounds, for example 1000"
            prefix="£"
            width="10"
            inputMode="decimal"
            spellCheck={false}
            error={errors.minAmount}
            defaultValue={values.minAmount}
            {...register("minAmount")}
          />
          <TextInput
            label="Largest amount applicants may ask for"
            labelSize="s"
            hint="In pounds, no more than the budget. For example, 10000"
            prefix="£"
            width="10"
            inputMode="decimal"
            spellCheck={false}
            error={errors.maxAmount}
            defaultValue={values.maxAmount}
            {...register("maxAmount")}
          />
        </>
      ) : null}
      <TextInput
        label="Year in application references"
        labelSize="m"
        hint="References look like CF-2027-0001. Usually the year the round opens."
        width="4"
        inputMode="numeric"
        spellCheck={false}
        error={errors.referenceYear}
        defaultValue={values.referenceYear}
        {...register("referenceYear")}
      />
      <DateInput
        prefix="decisions"
        legend="When can applicants expect a decision?"
        hint="Applicants are told they will hear by this date, on the start page and after they submit. For example, 31 7 2027"
        error={errors.decisionsDay}
        values={values}
        register={register}
      />
      <h2 className="govuk-heading-m">Contact for applicants</h2>
      <p className="govuk-body">
        {placeContact
          ? `Leave these blank to give the place's contact email, ${placeContact}.`
          : "The place has no contact email yet, so give one here (an admin can set the place's)."}
      </p>
      <TextInput
        label="Name (optional)"
        labelSize="s"
        hint="A person or a team, for example Community Funding Team"
        autoComplete="off"
        error={errors.contactName}
        defaultValue={values.contactName}
        {...register("contactName")}
      />
      <TextInput
        label="Email address (optional)"
        labelSize="s"
        type="email"
        autoComplete="off"
        spellCheck={false}
        error={errors.contactEmail}
        defaultValue={values.contactEmail}
        {...register("contactEmail")}
      />
    </>
  );
}

type RoundValues = {
  name: string;
  summary: string | null;
  guidance: string | null;
  opensAt: Date | string | null;
  closesAt: Date | string | null;
  budgetPence: number;
  minRequestPence: number;
  maxRequestPence: number;
  referenceYear: number;
  decisionsExpectedOn: string | null;
  contactName: string | null;
  contactEmail: string | null;
};

/** A round's details as the form's boxes show them. Dates left null are blank boxes. */
export function roundFormValues(r: RoundValues): Record<string, string> {
  const at = (prefix: string, value: Date | string | null) => {
    if (!value) return { [`${prefix}Day`]: "", [`${prefix}Month`]: "", [`${prefix}Year`]: "", [`${prefix}Time`]: "" };
    const p = ukDateTimeParts(value);
    return { [`${prefix}Day`]: p.day, [`${prefix}Month`]: p.month, [`${prefix}Year`]: p.year, [`${prefix}Time`]: p.time };
  };
  const decisions = dateParts(r.decisionsExpectedOn);
  return {
    name: r.name,
    summary: r.summary ?? "",
    guidance: r.guidance ?? "",
    ...at("opens", r.opensAt),
    ...at("closes", r.closesAt),
    budget: poundsText(r.budgetPence),
    minAmount: poundsText(r.minRequestPence),
    maxAmount: poundsText(r.maxRequestPence),
    referenceYear: String(r.referenceYear),
    decisionsDay: decisions.day,
    decisionsMonth: decisions.month,
    decisionsYear: decisions.year,
    contactName: r.contactName ?? "",
    contactEmail: r.contactEmail ?? "",
  };
}

/** A copy's suggested name: "Collaboration Fund 2026 to 2027" → "Collaboration Fund 2027 to 2028". */
export function nextName(name: string): string {
  const next = name.replace(/\b(2\d{3})\b/g, (year) => String(Number(year) + 1));
  return next === name ? `${name} (copy)` : next;
}
