// Change or remove one scoring criterion of a round. The criterion must be the round's; once any
// panel member has saved a score, the model refuses every change. The form carries a fingerprint
// of the criterion as the page showed it: if someone else saved a change meanwhile, the save is
// refused (409), what was typed stays, and the criterion as saved now is shown beside it.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CriterionFields, descriptorText } from "~/components/criterion-fields";
import { InsetText, SummaryList } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import {
  CRITERION_CHANGED_MESSAGE,
  criteriaLockedMessage,
  criterionFingerprint,
  criterionOf,
  panelCycle,
  removeCriterion,
  updateCriterion,
  type FieldRefused,
  type Refused,
} from "~/models/panel-setup.server";
import { criterionActionSchema, criterionSchema } from "~/schemas/panel";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { typedValues, type FormFailure } from "~/utils/forms";
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
    shown: criterionFingerprint(criterion),
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
  const refuse = (result: Refused | FieldRefused, values: Record<string, string>) => {
    if (result.status === 404) throw notFound();
    context.formHasErrors = true;
    const errors = "errors" in result ? result.errors : { form: result.message };
    return json<Failure>({ errors, values, stale: result.message === CRITERION_CHANGED_MESSAGE }, { status: result.status });
  };
  const chosen = criterionActionSchema.safeParse(Object.fromEntries(await request.clone().formData()));
  if (!chosen.success) throw new Response("Choose whether to save or remove the criterion.", { status: 400 });
  if (chosen.data.intent === "remove") {
    // Removed already (a second click): the model says so by doing nothing.
    const result = removeCriterion(user, cycle.id, criterionId);
    return result.ok ? redirect(withNotice(back, "criterion-removed")) : refuse(result, {});
  }
  const parsed = await parseForm(request, criterionSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = updateCriterion(user, cycle.id, criterionId, parsed.data, chosen.data.shown);
  return result.ok ? redirect(withNotice(back, "criterion-saved")) : refuse(result, typedValues(parsed.formData));
}

/** A refusal; `stale` when someone else changed the criterion meanwhile. */
type Failure = FormFailure & { stale?: boolean };

const FIELDS = ["form", "title", "guidance", "weight", "scaleMin", "scaleMax", "descriptors"] as const;

export default function ChangeCriterion() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
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
            {failure?.stale ? (
              <InsetText>
                <h2 className="govuk-heading-s">The criterion as it is saved now</h2>
                <SummaryList
                  rows={[
                    { key: "Title", value: d.defaults.title },
                    { key: "Guidance", value: <span className="app-pre-line">{d.defaults.guidance || "None"}</span> },
                    { key: "Weight", value: d.defaults.weight },
                    { key: "Scale", value: `${d.defaults.scaleMin} to ${d.defaults.scaleMax}` },
                    { key: "What each score means", value: <span className="app-pre-line">{d.defaults.descriptors}</span> },
                  ]}
                />
              </InsetText>
            ) : null}
            <Form method="post" noValidate onSubmit={onSubmit}>
              <input type="hidden" name="shown" value={d.shown} />
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
