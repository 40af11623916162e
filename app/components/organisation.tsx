// The organisation's three short pages (details, address, contact), shared by setting one up
// and by changing it later.
import { Form } from "@remix-run/react";
import { Button, Choices, ErrorSummary, Fieldset, Select, TextInput } from "~/components/govuk/form";
import { ORGANISATION_TYPES } from "~db/schema";
import { organisationAddressSchema, organisationContactSchema, organisationDetailsSchema } from "~/schemas/organisation";
import { ORGANISATION_TYPE_LABELS } from "~/utils/labels";
import { useGovukForm } from "~/utils/use-govuk-form";

const TYPE_HINTS: Record<string, string> = {
  registered_charity: "Registered with the Charity Commission, OSCR or the Charity Commission for Northern Ireland",
  cio: "A charity that is also incorporated, registered with the Charity Commission",
  cic: "Registered with Companies House as a CIC",
  company_limited_by_guarantee: "A not-for-profit company registered with Companies House",
  community_or_faith_group: "For example a residents' association, a mosque, church or gurdwara group, or a volunteer group",
  social_enterprise: "A business that trades for a social purpose",
  business: "A private company, partnership or sole trader",
};

export function OrganisationDetailsForm({ defaults, heading, button }: { defaults: Record<string, string | undefined>; heading: string; button: string }) {
  const { register, errors, summary, values, onSubmit } = useGovukForm(organisationDetailsSchema, {
    fields: ["name", "type", "charityNumber", "companyNumber"],
    defaults,
  });
  return (
    <>
      <ErrorSummary items={summary} />
      <h1 className="govuk-heading-l">{heading}</h1>
      <Form method="post" noValidate onSubmit={onSubmit}>
        <TextInput label="Organisation name" autoComplete="organization" error={errors.name} defaultValue={values.name} {...register("name")} />
        <Choices
          type="radio"
          name="type"
          legend="Type of organisation"
          legendSize="m"
          error={errors.type}
          checked={values.type ? [values.type] : []}
          items={ORGANISATION_TYPES.map((t) => ({ value: t, text: ORGANISATION_TYPE_LABELS[t]!, hint: TYPE_HINTS[t] }))}
          inputProps={register("type")}
        />
        <TextInput
          label="Charity number (if it has one)"
          hint="Needed for a registered charity or CIO. For example 1234567, or SC012345 in Scotland"
          width="10"
          spellCheck={false}
          error={errors.charityNumber}
          defaultValue={values.charityNumber}
          {...register("charityNumber")}
        />
        <TextInput
          label="Company number (if it has one)"
          hint="Needed for a CIC or a company limited by guarantee. 8 characters, for example 01234567"
          width="10"
          spellCheck={false}
          error={errors.companyNumber}
          defaultValue={values.companyNumber}
          {...register("companyNumber")}
        />
        <Button>{button}</Button>
      </Form>
    </>
  );
}

export function OrganisationAddressForm({ defaults, wards, placeName }: { defaults: Record<string, string | undefined>; wards: { id: number; name: string }[]; placeName: string }) {
  const { register, errors, summary, values, onSubmit } = useGovukForm(organisationAddressSchema, {
    fields: ["addressLine1", "addressLine2", "town", "postcode", "wardId"],
    defaults,
  });
  return (
    <>
      <ErrorSummary items={summary} />
      <Form method="post" noValidate onSubmit={onSubmit}>
        <Fieldset legend="What is your organisation's address?" isPageHeading>
          <TextInput label="Address line 1" autoComplete="address-line1" error={errors.addressLine1} defaultValue={values.addressLine1} {...register("addressLine1")} />
          <TextInput label="Address line 2 (optional)" autoComplete="address-line2" error={errors.addressLine2} defaultValue={values.addressLine2} {...register("addressLine2")} />
          <TextInput label="Town or city" autoComplete="address-level2" width="two-thirds" error={errors.town} defaultValue={values.town} {...register("town")} />
          <TextInput label="Postcode" autoComplete="postal-code" width="10" spellCheck={false} error={errors.postcode} defaultValue={values.postcode} {...register("postcode")} />
        </Fieldset>
        <Select
          label="Which ward is it based in?"
          labelSize="m"
          hint={`If you are not sure, your council tax bill or ${placeName} council's website says which ward an address is in.`}
          error={errors.wardId}
          defaultValue={values.wardId}
          options={[{ value: "", text: "Select a ward" }, ...wards.map((w) => ({ value: String(w.id), text: w.name })), { value: "outside", text: `Outside ${placeName}` }]}
          {...register("wardId")}
        />
        <Button>Save and continue</Button>
      </Form>
    </>
  );
}

export function OrganisationContactForm({ defaults }: { defaults: Record<string, string | undefined> }) {
  const { register, errors, summary, values, onSubmit } = useGovukForm(organisationContactSchema, {
    fields: ["contactName", "contactEmail", "contactPhone", "website"],
    defaults,
  });
  return (
    <>
      <ErrorSummary items={summary} />
      <Form method="post" noValidate onSubmit={onSubmit}>
        <Fieldset legend="Who should we contact about your applications?" isPageHeading>
          <TextInput label="Full name" autoComplete="name" error={errors.contactName} defaultValue={values.contactName} {...register("contactName")} />
          <TextInput label="Email address" type="email" autoComplete="email" spellCheck={false} error={errors.contactEmail} defaultValue={values.contactEmail} {...register("contactEmail")} />
          <TextInput
            label="Telephone number"
            hint="For international numbers include the country code"
            type="tel"
            autoComplete="tel"
            width="20"
            error={errors.contactPhone}
            defaultValue={values.contactPhone}
            {...register("contactPhone")}
          />
          <TextInput label="Website (optional)" type="text" inputMode="url" autoComplete="url" spellCheck={false} error={errors.website} defaultValue={values.website} {...register("website")} />
        </Fieldset>
        <Button>Save and continue</Button>
      </Form>
    </>
  );
}
