// The fields of a scoring criterion, for adding one and for changing one (staff).
import type { FieldValues, UseFormRegister } from "react-hook-form";
import { Textarea, TextInput } from "~/components/govuk/form";

export function CriterionFields({
  errors,
  values,
  register,
}: {
  errors: Record<string, string | undefined>;
  values: Record<string, string | undefined>;
  register: UseFormRegister<FieldValues>;
}) {
  return (
    <>
      <TextInput label="Title" labelSize="s" error={errors.title} defaultValue={values.title} {...register("title")} />
      <Textarea
        label="Guidance for the panel"
        labelSize="s"
        hint="What the panel should look for when scoring this criterion."
        rows={4}
        error={errors.guidance}
        defaultValue={values.guidance}
        {...register("guidance")}
      />
      <TextInput
        label="Weight"
        labelSize="s"
        hint="A whole number from 1 to 100. A criterion with weight 2 counts twice as much as one with weight 1."
        width="3"
        inputMode="numeric"
        spellCheck={false}
        error={errors.weight}
        defaultValue={values.weight}
        {...register("weight")}
      />
      <TextInput
        label="Lowest score"
        labelSize="s"
        hint="A whole number from 0 to 10, for example 0"
        width="2"
        inputMode="numeric"
        spellCheck={false}
        error={errors.scaleMin}
        defaultValue={values.scaleMin}
        {...register("scaleMin")}
      />
      <TextInput
        label="Highest score"
        labelSize="s"
        hint="A whole number from 1 to 10, more than the lowest score, for example 4"
        width="2"
        inputMode="numeric"
        spellCheck={false}
        error={errors.scaleMax}
        defaultValue={values.scaleMax}
        {...register("scaleMax")}
      />
      <Textarea
        label="What each score means"
        labelSize="s"
        hint="One line for each score, lowest first. For a scale of 0 to 4, write 5 lines, for example: No evidence, Weak evidence, Some evidence, Good evidence, Strong evidence."
        rows={6}
        spellCheck
        error={errors.descriptors}
        defaultValue={values.descriptors}
        {...register("descriptors")}
      />
    </>
  );
}

/** A criterion's descriptors as the textarea shows them: one line per score, lowest first. */
export function descriptorText(criterion: { scaleMin: number; scaleMax: number; descriptors: Record<string, string> }) {
  const lines: string[] = [];
  for (let score = criterion.scaleMin; score <= criterion.scaleMax; score++) lines.push(criterion.descriptors[String(score)] ?? "");
  return lines.join("\n");
}
