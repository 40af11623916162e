// Change or remove one scoring criterion of a round. The criterion must be the round's; once any
// panel member has saved a score, the model refuses every change.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CriterionFields, descriptorText } from "~/components/criterion-fields";
import { InsetText } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { criteriaLockedMessage, criterionOf, panelCycle, removeCriterion, updateCriterion, type Refused } from "~/models/panel-setup.server";
import { criterionSchema } from "~/schemas/panel";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}/criteria`, text: "Back to the criteria" }),
};

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle("Change criterion", matches);

function criterionFrom(params: { cycleId?: string; criterionId?: string }) {
  const found = panelCycle(idParam(params.cycleId));
  const criterion = found ? criterionOf(found.cycle.id, idParam(params.criterionId)) : undefined;
  if (!found || !criterion) throw notFound();
  return { cycle: found.cycle, criterion };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const { cycle, criterion } = criterionFrom(params);
  return json({
    cycle: { id: cycle.id, name: cycle.name },
    locked: criteriaLockedMessage(cycle.id),
    defaults: {
      title: criterion.title,
      guidance: criterion.guidance ?? "",
      weight: String(criterion.weight),
      scaleMin: String(criterion.scaleMin),
      scaleMax: String(criterion.scaleMax),
      descriptors: descriptorText(criterion),
    },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const found = panelCycle(idParam(params.cycleId));
  if (!found) throw notFound();
  const cycle = found.cycle;
  const criterionId = idParam(params.criterionId);
  const back = `/staff/cycles/${cycle.id}/criteria`;
  const refuse = (result: Refused, values: Record<string, string>) => {
    if (result.status === 404) throw notFound();
    context.formHasErrors = true;
    return json({ errors: { form: result.message }, values }, { status: result.status });
  };
  if ((await request.clone().formData()).get("intent") === "remove") {
    // Removed already (a second click): the model says so by doing nothing.
    const result = removeCriterion(user, cycle.id, criterionId);
    return result.ok ? redirect(withNotice(back, "criterion-removed")) : refuse(result, {});
  }
  const parsed = await parseForm(request, criterionSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = updateCriterion(user, cycle.id, criterionId, parsed.data);
  return result.ok ? redirect(withNotice(back, "criterion-saved")) : refuse(result, typedValues(parsed.formData));
}

const FIELDS = ["form", "title", "guidance", "weight", "scaleMin", "scaleMax", "descriptors"] as const;

export default function ChangeCriterion() {
  const d = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(criterionSchema, { fields: FIELDS, defaults: d.defaults });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary.map((i) => (i.href === "#form" ? { ...i, href: "#criterion" } : i))} />
        <span className="govuk-caption-l">{d.cycle.name}</span>
        <h1 className="govuk-heading-l" id="criterion" tabIndex={-1}>
          Change criterion
        </h1>
        {d.locked ? (
          <InsetText>{d.locked}</InsetText>
        ) : (
          <>
            <Form method="post" noValidate onSubmit={onSubmit}>
              <CriterionFields errors={errors} values={values} register={register} />
              <Button name="intent" value="save">
                Save criterion
              </Button>
            </Form>
            <h2 className="govuk-heading-m">Remove this criterion</h2>
            <p className="govuk-body">Panel members will no longer score applications against it.</p>
            <Form method="post">
              <Button name="intent" value="remove" variant="warning">
                Remove criterion
              </Button>
            </Form>
          </>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/staff/cycles/${d.cycle.id}/criteria`}>
            Back to the criteria
          </Link>
        </p>
      </div>
    </div>
  );
}
