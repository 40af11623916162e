// The fields of a programme, for adding one and for changing one (staff pages).
import type { ReactNode } from "react";
import type { FieldValues, UseFormRegister } from "react-hook-form";
import { Textarea, TextInput } from "~/components/govuk/form";

type Form = {
  register: UseFormRegister<FieldValues>;
  errors: Record<string, string | undefined>;
  values: Record<string, string | undefined>;
};

export const PREFIX_HINT =
  "2 to 6 capital letters, not used by another programme. Application references start with it: CF makes references like CF-2027-0001. It cannot change once the programme has an application.";

/** The prefix: an input where it may change, otherwise the prefix as it is and why it is fixed. */
export function PrefixField({ form, fixed }: { form: Form; fixed?: { prefix: string; why: string } | null }) {
  if (fixed) {
    return (
      <div className="govuk-form-group">
        <p className="govuk-body govuk-!-margin-bottom-1">
          Reference prefix: <strong>{fixed.prefix}</strong>
        </p>
        <p className="govuk-hint">{fixed.why}</p>
      </div>
    );
  }
  return (
    <TextInput
      label="Reference prefix"
      hint={PREFIX_HINT}
      width="5"
      autoComplete="off"
      autoCapitalize="characters"
      spellCheck={false}
      error={form.errors.referencePrefix}
      defaultValue={form.values.referencePrefix}
      {...form.register("referencePrefix")}
    />
  );
}

export function ProgrammeFields({ form, prefix }: { form: Form; prefix: ReactNode }) {
  return (
    <>
      <TextInput
        label="Name"
        hint="As applicants will see it, for example Collaboration Fund"
        error={form.errors.name}
        defaultValue={form.values.name}
        {...form.register("name")}
      />
      {prefix}
      <Textarea
        label="Summary"
        hint="One or two sentences for the start page: who may apply, and what it funds."
        rows={3}
        error={form.errors.summary}
        defaultValue={form.values.summary}
        {...form.register("summary")}
      />
      <Textarea
        label="Description (optional)"
        hint="More about the programme: where it comes from and what it hopes to change. Leave a blank line between paragraphs."
        rows={6}
        error={form.errors.description}
        defaultValue={form.values.description}
        {...form.register("description")}
      />
      <TextInput
        label="Who runs it (optional)"
        hint="In words, for example Luton public health with Bedfordshire & Luton Community Foundation (BLCF)"
        error={form.errors.runBy}
        defaultValue={form.values.runBy}
        {...form.register("runBy")}
      />
      <h2 className="govuk-heading-m">Funder, for open data</h2>
      <p className="govuk-body">The 360Giving open data names who funds the grants. Leave these empty when the council funds them.</p>
      <TextInput
        label="Funder's name (optional)"
        hint="For example, Bedfordshire & Luton Community Foundation"
        error={form.errors.funderName}
        defaultValue={form.values.funderName}
        {...form.register("funderName")}
      />
      <TextInput
        label="Funder organisation identifier (optional)"
        hint="The funder's org-id.guide identifier: GB-CHC- and the number for a charity, GB-LAE- and its code for a council in England."
        width="20"
        autoComplete="off"
        spellCheck={false}
        error={form.errors.funderOrgId}
        defaultValue={form.values.funderOrgId}
        {...form.register("funderOrgId")}
      />
    </>
  );
}
