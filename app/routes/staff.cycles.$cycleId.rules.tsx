// Staff set a round's rules: who may apply, whether they must work with local residents and
// with a partner, the amount range, and which sections the application asks.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { WarningText } from "~/components/govuk/content";
import { Button, Choices, ErrorSummary, TextInput } from "~/components/govuk/form";
import { SECTION_TITLES } from "~/models/applications.server";
import { cycleStatusCounts, getCycle, updateCycleRules } from "~/models/intake.server";
import { getPlace } from "~/models/place.server";
import { ALWAYS_ASKED, cycleRulesSchema, OPTIONAL_SECTIONS } from "~/schemas/cycle";
import { ORGANISATION_TYPES } from "~db/schema";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { formatMoney, poundsText } from "~/utils/format";
import { ORGANISATION_TYPE_LABELS } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `Rules of ${data.cycle.name}` : "Rules of the round", matches);

function cycleOf(params: { cycleId?: string }) {
  const found = getCycle(idParam(params.cycleId));
  if (!found) throw notFound();
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const { cycle } = cycleOf(params);
  const counts = cycleStatusCounts(cycle.id);
  return json({
    placeName: getPlace().name || "the area",
    started: Object.values(counts).reduce((sum, n) => sum + n, 0),
    cycle: {
      id: cycle.id,
      name: cycle.name,
      budgetPence: cycle.budgetPence,
      organisationTypes: cycle.eligibility.organisationTypes as string[],
      mustServePlace: cycle.eligibility.mustServePlace ? "yes" : "no",
      requiresPartner: cycle.eligibility.requiresPartner ? "yes" : "no",
      minAmount: poundsText(cycle.minRequestPence),
      maxAmount: poundsText(cycle.maxRequestPence),
      sections: cycle.sections as string[],
    },
    sectionTitles: SECTION_TITLES as Record<string, string>,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const { cycle } = cycleOf(params);
  const parsed = await parseForm(request, cycleRulesSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = updateCycleRules(user, cycle.id, parsed.data);
  if (!result.ok) {
    if ("notFound" in result) throw notFound();
    return invalid(context, { errors: { [result.field]: result.message }, values: typedValues(parsed.formData) });
  }
  return redirect(withNotice(`/staff/cycles/${cycle.id}`, "rules-updated"));
}

const FIELDS = ["organisationTypes", "mustServePlace", "requiresPartner", "minAmount", "maxAmount", "sections"] as const;

export default function CycleRules() {
  const { cycle, placeName, started, sectionTitles } = useLoaderData<typeof loader>();
  const { register, errors, summary, values, lists, onSubmit } = useGovukForm(cycleRulesSchema, {
    fields: FIELDS,
    defaults: { mustServePlace: cycle.mustServePlace, requiresPartner: cycle.requiresPartner, minAmount: cycle.minAmount, maxAmount: cycle.maxAmount },
    lists: { organisationTypes: cycle.organisationTypes, sections: cycle.sections },
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <span className="govuk-caption-l">{cycle.name}</span>
        <h1 className="govuk-heading-l">Rules of this round</h1>
        <p className="govuk-body">
          Applicants see these rules in the eligibility check before they start, and the application asks only the
          sections chosen here.
        </p>
        {started ? (
          <WarningText>
            This round already has {started === 1 ? "1 application" : `${started} applications`}. The new rules apply to
            them too: an application may need more answers before it can be submitted.
          </WarningText>
        ) : null}
        <Form method="post" noValidate onSubmit={onSubmit}>
          <Choices
            type="checkbox"
            name="organisationTypes"
            legend="Which types of organisation may apply?"
            legendSize="m"
            hint="Select all that apply."
            error={errors.organisationTypes}
            checked={lists.organisationTypes}
            items={ORGANISATION_TYPES.map((t) => ({ value: t, text: ORGANISATION_TYPE_LABELS[t] ?? t }))}
            inputProps={register("organisationTypes")}
          />
          <Choices
            type="radio"
            name="mustServePlace"
            legend={`Must applicants work with people who live in ${placeName}?`}
            legendSize="m"
            inline
            error={errors.mustServePlace}
            checked={[values.mustServePlace ?? ""]}
            items={[
              { value: "yes", text: "Yes" },
              { value: "no", text: "No" },
            ]}
            inputProps={register("mustServePlace")}
          />
          <Choices
            type="radio"
            name="requiresPartner"
            legend="Must applicants have at least one partner organisation?"
            legendSize="m"
            inline
            error={errors.requiresPartner}
            checked={[values.requiresPartner ?? ""]}
            items={[
              { value: "yes", text: "Yes" },
              { value: "no", text: "No" },
            ]}
            inputProps={register("requiresPartner")}
          />
          <TextInput
            label="Smallest amount applicants may ask for"
            labelSize="s"
            hint="In pounds, for example 500"
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
            hint={`In pounds. No more than the round's budget, ${formatMoney(cycle.budgetPence)}.`}
            prefix="£"
            width="10"
            inputMode="decimal"
            spellCheck={false}
            error={errors.maxAmount}
            defaultValue={values.maxAmount}
            {...register("maxAmount")}
          />
          <Choices
            type="checkbox"
            name="sections"
            legend="Which sections does the application ask?"
            legendSize="m"
            hint={`${ALWAYS_ASKED.map((s) => sectionTitles[s]).join(" and ")} are always asked.`}
            error={errors.sections}
            checked={lists.sections}
            items={OPTIONAL_SECTIONS.map((s) => ({ value: s, text: sectionTitles[s] ?? s }))}
            inputProps={register("sections")}
          />
          <Button>Save the rules</Button>
        </Form>
      </div>
    </div>
  );
}
