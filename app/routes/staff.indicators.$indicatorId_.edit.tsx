// Change an indicator: its name, kind, principles, unit, which way is better, Fingertips ID,
// definition, source, and whether it is the wards' resident population.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { IndicatorFields, INDICATOR_FIELDS } from "~/components/indicators";
import { getIndicator, listPrinciples, updateIndicator } from "~/models/indicators.server";
import { indicatorSchema } from "~/schemas/indicator";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useFreshFormKey, useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/indicators/${params.indicatorId}`, text: "Back to the indicator" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Change ${data.indicator.name}` : "Change indicator", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const found = getIndicator(idParam(params.indicatorId));
  if (!found) throw notFound();
  const i = found.indicator;
  return json({
    indicator: { id: i.id, name: i.name },
    principles: listPrinciples().map((p) => ({ number: p.number, title: p.title })),
    defaults: {
      name: i.name,
      kind: i.kind,
      unit: i.unit,
      polarity: i.polarity,
      fingertipsId: i.fingertipsId === null ? "" : String(i.fingertipsId),
      definition: i.definition ?? "",
      source: i.source ?? "",
      isPopulation: i.isPopulation ? "yes" : "",
    },
    chosen: found.principles.map((p) => String(p.number)),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const id = idParam(params.indicatorId);
  const parsed = await parseForm(request, indicatorSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = updateIndicator(user, id, parsed.data);
  if (!result.ok) {
    if ("notFound" in result) throw notFound();
    return invalid(context, { errors: result.errors, values: typedValues(parsed.formData) }, 409);
  }
  return redirect(withNotice(`/staff/indicators/${id}`, "indicator-saved"));
}

export default function ChangeIndicator() {
  return <ChangeIndicatorForm key={useFreshFormKey()} />;
}

function ChangeIndicatorForm() {
  const { indicator, principles, defaults, chosen } = useLoaderData<typeof loader>();
  const { register, errors, summary, values, lists, onSubmit } = useGovukForm(indicatorSchema, {
    fields: INDICATOR_FIELDS,
    defaults,
    lists: { principles: chosen },
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <span className="govuk-caption-l">{indicator.name}</span>
        <h1 className="govuk-heading-l">Change the indicator</h1>
        <Form method="post" noValidate onSubmit={onSubmit}>
          <IndicatorFields errors={errors} values={values} lists={lists} register={register} principles={principles} />
          <Button data-prevent-double-click="true">Save indicator</Button>
        </Form>
      </div>
    </div>
  );
}
