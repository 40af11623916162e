// The fields of an instalment, for adding one and for changing one (staff): due date, amount and
// an optional condition: none, after one of the award's returns is accepted, or in words.
// Without JavaScript the "another condition" box always shows; with it, only when chosen.
import { Fragment, useEffect, useState } from "react";
import type { FieldValues, UseFormRegister } from "react-hook-form";
import { DateInput } from "~/components/govuk/date-input";
import { ErrorMessage, Fieldset, TextInput } from "~/components/govuk/form";
import { formatDate, poundsText } from "~/utils/format";

export type ConditionReturn = {
  id: number;
  title: string;
  dueDate: string;
  statusText: string;
};

/** The form's values for a saved instalment (pence as pounds, the date as its three boxes). */
export function instalmentDefaults(p: { dueDate: string; amountPence: number; condition: string | null; conditionReturnId: number | null }) {
  const [y, m, d] = p.dueDate.split("-");
  return {
    dueDay: String(Number(d)),
    dueMonth: String(Number(m)),
    dueYear: y ?? "",
    amount: poundsText(p.amountPence),
    condition: p.conditionReturnId ? `return-${p.conditionReturnId}` : p.condition ? "text" : "none",
    conditionText: p.conditionReturnId ? "" : p.condition ?? "",
  };
}

export function InstalmentFields({
  errors,
  values,
  register,
  returns,
}: {
  errors: Record<string, string | undefined>;
  values: Record<string, string | undefined>;
  register: UseFormRegister<FieldValues>;
  returns: ConditionReturn[];
}) {
  const [choice, setChoice] = useState(values.condition || "none");
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const field = register("condition", {
    onChange: (event) => setChoice(event.target.value),
  });
  const items = [
    { value: "none", text: "No condition" },
    ...returns.map((r) => ({
      value: `return-${r.id}`,
      text: `After the ${r.title.toLowerCase()} is accepted`,
      hint: `Due ${formatDate(r.dueDate)}. ${r.statusText}.`,
    })),
    { value: "text", text: "Another condition" },
  ];
  const checked = values.condition || "none";
  return (
    <>
      <DateInput prefix="due" legend="Due date" hint="For example, 1 4 2027" error={errors.dueDay} values={values} register={register} />
      <TextInput
        label="Amount"
        labelSize="m"
        hint="In pounds, for example 1500"
        prefix="£"
        width="10"
        inputMode="decimal"
        spellCheck={false}
        autoComplete="off"
        error={errors.amount}
        defaultValue={values.amount}
        {...register("amount")}
      />
      <div className={`govuk-form-group${errors.condition ? " govuk-form-group--error" : ""}`}>
        <Fieldset
          legend="Condition"
          legendSize="m"
          describedBy={["condition-hint", errors.condition ? "condition-error" : ""].filter(Boolean).join(" ")}
        >
          <div id="condition-hint" className="govuk-hint">
            Whether the instalment waits for something first. An instalment that waits for a return cannot be paid until staff accept that return.
          </div>
          {errors.condition ? <ErrorMessage id="condition-error">{errors.condition}</ErrorMessage> : null}
          <div className="govuk-radios" data-module="govuk-radios">
            {items.map((item, index) => {
              const id = index === 0 ? "condition" : `condition-${index + 1}`;
              return (
                <Fragment key={item.value}>
                  <div className="govuk-radios__item">
                    <input
                      className="govuk-radios__input"
                      id={id}
                      type="radio"
                      value={item.value}
                      defaultChecked={checked === item.value}
                      aria-controls={hydrated && item.value === "text" ? "conditional-condition-text" : undefined}
                      aria-describedby={"hint" in item ? `${id}-item-hint` : undefined}
                      {...field}
                    />
                    <label className="govuk-label govuk-radios__label" htmlFor={id}>
                      {item.text}
                    </label>
                    {"hint" in item ? (
                      <div id={`${id}-item-hint`} className="govuk-hint govuk-radios__hint">
                        {item.hint}
                      </div>
                    ) : null}
                  </div>
                  {item.value === "text" ? (
                    <div className="govuk-radios__conditional" id="conditional-condition-text" hidden={hydrated && choice !== "text"}>
                      <TextInput
                        label="Condition"
                        hint="For example, after the safeguarding policy is received"
                        error={errors.conditionText}
                        defaultValue={values.conditionText}
                        {...register("conditionText")}
                      />
                    </div>
                  ) : null}
                </Fragment>
              );
            })}
          </div>
        </Fieldset>
      </div>
    </>
  );
}
