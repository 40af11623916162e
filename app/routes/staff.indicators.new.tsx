// Add an indicator: principles 7 and 8 have none yet, and staff add what the place watches.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { IndicatorFields, INDICATOR_FIELDS } from "~/components/indicators";
import { createIndicator, listPrinciples } from "~/models/indicators.server";
import { indicatorSchema } from "~/schemas/indicator";
import { requireRole } from "~/utils/auth.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useFreshFormKey, useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: { to: "/staff/indicators", text: "Back to indicators" } };

export const meta: MetaFunction = ({ matches }) => pageTitle("Add an indicator", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const principles = listPrinciples().map((p) => ({ number: p.number, title: p.title }));
  // "Add an indicator" under a principle with none ticks that principle.
  const asked = new URL(request.url).searchParams.get("principle") ?? "";
  const principle = principles.some((p) => String(p.number) === asked) ? asked : null;
  return json({ principles, principle });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const parsed = await parseForm(request, indicatorSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = createIndicator(user, parsed.data);
  if (!result.ok) return invalid(context, { errors: "errors" in result ? result.errors : {}, values: typedValues(parsed.formData) }, 409);
  return redirect(withNotice(`/staff/indicators/${result.id}`, "indicator-added"));
}

export default function NewIndicator() {
  return <NewIndicatorForm key={useFreshFormKey()} />;
}

function NewIndicatorForm() {
  const { principles, principle } = useLoaderData<typeof loader>();
  const { register, errors, summary, values, lists, onSubmit } = useGovukForm(indicatorSchema, {
    fields: INDICATOR_FIELDS,
    defaults: { kind: principle ? "principle" : undefined },
    lists: { principles: principle ? [principle] : [] },
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <span className="govuk-caption-l">Indicators</span>
        <h1 className="govuk-heading-l">Add an indicator</h1>
        <Form method="post" noValidate onSubmit={onSubmit}>
          <IndicatorFields errors={errors} values={values} lists={lists} register={register} principles={principles} />
          <Button data-prevent-double-click="true">Add indicator</Button>
        </Form>
      </div>
    </div>
  );
}
