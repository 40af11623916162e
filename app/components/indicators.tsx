// Small pieces shared by the indicator pages (staff).
import type { ReactNode } from "react";
import type { FieldValues, UseFormRegister } from "react-hook-form";
import { Choices, Textarea, TextInput } from "~/components/govuk/form";
import { KIND_LABELS, POLARITY_LABELS } from "~/schemas/indicator";

/** "72.5", "1,234", "12.35": as many decimals as were published, up to 2. */
export function formatIndicatorNumber(n: number): string {
  return n.toLocaleString("en-GB", { maximumFractionDigits: 2 });
}

/** A value with its unit: "72.5%", "81.2 years", "£18.9 thousand". */
export function withUnit(n: number, unit: string): string {
  const number = formatIndicatorNumber(n);
  if (!unit) return number;
  if (unit === "%") return `${number}%`;
  if (unit.startsWith("£")) return `£${number}${unit.slice(1)}`;
  return `${number} ${unit}`;
}

export const missingText = (note: string | null) => (note ? `No value: ${note}` : "No value");

export const NO_HEADLINE_TEXT = "No headline figure (values by sex or group only)";

type LatestShown = {
  value: number | null;
  period: string;
  /** The sex, for an indicator published only by sex; null for Persons. */
  breakdown: string | null;
  valueNote: string | null;
  newerMissing?: { period: string; valueNote: string | null } | null;
};

/**
 * The latest value cell of the indicators list: the headline figure (Persons, or one per sex),
 * "No headline figure" when there are only values by age band or group, "No data" when none.
 */
export function LatestValueCell({ latest, unit }: { latest: LatestShown[] | null; unit: string }): ReactNode {
  if (!latest) return <span className="govuk-hint govuk-!-margin-0">No data</span>;
  if (!latest.length) return <span className="govuk-hint govuk-!-margin-0">{NO_HEADLINE_TEXT}</span>;
  return latest.map((l, i) => (
    <div key={l.breakdown ?? "Persons"} className={i ? "govuk-!-margin-top-2" : undefined}>
      {l.breakdown ? `${l.breakdown}: ` : ""}
      {l.value === null ? missingText(l.valueNote) : withUnit(l.value, unit)}
      <br />
      <span className="govuk-body-s govuk-!-margin-0">{l.period}</span>
      {l.newerMissing ? (
        <>
          <br />
          <span className="govuk-body-s govuk-!-margin-0">{newerMissingText(l.newerMissing)}</span>
        </>
      ) : null}
    </div>
  ));
}

/** "2023: no value (Value suppressed)": a newer period than the figure shown, with its value missing. */
export const newerMissingText = (m: { period: string; valueNote: string | null }) =>
  `${m.period}: no value${m.valueNote ? ` (${m.valueNote})` : ""}`;

export const IMPORT_STATUS_LABELS = {
  previewed: { text: "Not imported yet", colour: "yellow" },
  imported: { text: "Imported", colour: "green" },
  discarded: { text: "Discarded", colour: "grey" },
} as const;

// ---------------------------------------------------------------------------------------------
// The fields of an indicator, for adding one and for changing one
// ---------------------------------------------------------------------------------------------

export const INDICATOR_FIELDS = ["name", "kind", "principles", "unit", "polarity", "fingertipsId", "definition", "source", "isPopulation"] as const;

export function IndicatorFields({
  errors,
  values,
  lists,
  register,
  principles,
}: {
  errors: Record<string, string | undefined>;
  values: Record<string, string | undefined>;
  lists: Record<string, string[]>;
  register: UseFormRegister<FieldValues>;
  principles: { number: number; title: string }[];
}) {
  return (
    <>
      <TextInput label="Name" labelSize="s" error={errors.name} defaultValue={values.name} {...register("name")} />
      <Choices
        type="radio"
        name="kind"
        legend="What kind of indicator is it?"
        legendSize="s"
        error={errors.kind}
        checked={[values.kind ?? ""]}
        items={[
          { value: "overarching", text: KIND_LABELS.overarching, hint: "Like life expectancy: the outcome all the principles work towards" },
          { value: "principle", text: KIND_LABELS.principle, hint: "Evidence for one or more of the eight principles" },
          { value: "context", text: KIND_LABELS.context, hint: "Describes need by ward, like the Social Progress Index or the population" },
        ]}
        inputProps={register("kind")}
      />
      <Choices
        type="checkbox"
        name="principles"
        legend="Which principles does it belong to?"
        legendSize="s"
        hint="Needed for a principle's indicator. Select all that apply."
        error={errors.principles}
        checked={lists.principles}
        small
        items={principles.map((p) => ({ value: String(p.number), text: `${p.number}. ${p.title}` }))}
        inputProps={register("principles")}
      />
      <TextInput
        label="Unit (optional)"
        labelSize="s"
        hint='Shown after each value, like "%", "years", "per 1,000" or "score"'
        width="10"
        error={errors.unit}
        defaultValue={values.unit}
        {...register("unit")}
      />
      <Choices
        type="radio"
        name="polarity"
        legend="Which way is better?"
        legendSize="s"
        error={errors.polarity}
        checked={[values.polarity ?? ""]}
        items={(Object.keys(POLARITY_LABELS) as (keyof typeof POLARITY_LABELS)[]).map((p) => ({ value: p, text: POLARITY_LABELS[p] }))}
        inputProps={register("polarity")}
      />
      <TextInput
        label="Fingertips indicator ID (optional)"
        labelSize="s"
        hint="The number Fingertips gives the indicator, like 90366. Files from Fingertips are matched to this indicator by it."
        width="10"
        inputMode="numeric"
        spellCheck={false}
        autoComplete="off"
        error={errors.fingertipsId}
        defaultValue={values.fingertipsId}
        {...register("fingertipsId")}
      />
      <Textarea label="Definition (optional)" labelSize="s" hint="What is measured, and how" rows={3} error={errors.definition} defaultValue={values.definition} {...register("definition")} />
      <TextInput label="Source (optional)" labelSize="s" hint="Where the figures come from, like OHID Fingertips or the Annual Public Health Report" error={errors.source} defaultValue={values.source} {...register("source")} />
      <Choices
        type="checkbox"
        name="isPopulation"
        legend="Population"
        legendSize="s"
        error={errors.isPopulation}
        checked={values.isPopulation === "yes" ? ["yes"] : []}
        small
        items={[
          {
            value: "yes",
            text: "This is the resident population of each ward",
            hint: "For context measures only. Funding per resident is worked out from it. Only one indicator can be the population.",
          },
        ]}
        inputProps={register("isPopulation")}
      />
    </>
  );
}
