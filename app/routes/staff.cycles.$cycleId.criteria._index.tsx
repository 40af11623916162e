// A round's scoring criteria, as staff set them: each with its guidance, weight (and its share
// of the total), scale and what each score means; and a form to add one. Once any panel member
// has saved a score, the criteria cannot change (the model refuses; the page says so). A title
// the round already has is refused by the Title field (so a second click adds nothing).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CriterionFields } from "~/components/criterion-fields";
import { InsetText, SuccessBanner } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { criteriaOf } from "~/models/panel-access.server";
import { addCriterion, criteriaLockedMessage, panelCycle } from "~/models/panel-setup.server";
import { criterionSchema } from "~/schemas/panel";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";
import { useGovukForm, useFreshFormKey } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `Scoring criteria for ${data.cycle.name}` : "Scoring criteria", matches);

function cycleOf(params: { cycleId?: string }) {
  const found = panelCycle(idParam(params.cycleId));
  if (!found) throw notFound();
  return found.cycle;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const cycle = cycleOf(params);
  const criteria = criteriaOf(cycle.id);
  const total = criteria.reduce((sum, c) => sum + c.weight, 0);
  return json({
    cycle: { id: cycle.id, name: cycle.name },
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    locked: criteriaLockedMessage(cycle.id),
    totalWeight: total,
    criteria: criteria.map((c) => ({
      id: c.id,
      title: c.title,
      guidance: c.guidance,
      weight: c.weight,
      share: total ? Math.round((c.weight / total) * 100) : 0,
      scaleMin: c.scaleMin,
      scaleMax: c.scaleMax,
      descriptors: Array.from({ length: c.scaleMax - c.scaleMin + 1 }, (_, i) => ({
        score: c.scaleMin + i,
        text: c.descriptors[String(c.scaleMin + i)] ?? "",
      })),
    })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const cycle = cycleOf(params);
  const parsed = await parseForm(request, criterionSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = addCriterion(user, cycle.id, parsed.data);
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    const errors = "errors" in result ? result.errors : { form: result.message };
    return invalid(context, { errors, values: typedValues(parsed.formData) }, result.status);
  }
  return redirect(withNotice(`/staff/cycles/${cycle.id}/criteria`, "criterion-added"));
}

const FIELDS = ["form", "title", "guidance", "weight", "scaleMin", "scaleMax", "descriptors"] as const;

export default function CriteriaPage() {
  // A fresh form after each criterion added; what was typed stays after an error.
  return <Criteria key={useFreshFormKey()} />;
}

function Criteria() {
  const d = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(criterionSchema, {
    fields: FIELDS,
    defaults: { scaleMin: "0", scaleMax: "4" },
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.notice ? <SuccessBanner text={d.notice} /> : null}
        <ErrorSummary items={summary.map((i) => (i.href === "#form" ? { ...i, href: d.locked ? "#criteria-locked" : "#add-criterion" } : i))} />
        <span className="govuk-caption-l">{d.cycle.name}</span>
        <h1 className="govuk-heading-l">Scoring criteria</h1>
        <p className="govuk-body">
          Panel members score each application against every criterion. Each panel member's scores add up to a weighted total out of 100: a
          criterion's share of the total is its weight divided by the sum of the weights.
        </p>
        {d.locked ? (
          <div id="criteria-locked" tabIndex={-1}>
            <InsetText>{d.locked}</InsetText>
          </div>
        ) : null}
        {d.criteria.length === 0 ? (
          <p className="govuk-body">This round has no criteria yet. Add at least one before scoring opens.</p>
        ) : (
          <>
            {d.criteria.map((c) => (
              <div className="govuk-summary-card" key={c.id}>
                <div className="govuk-summary-card__title-wrapper">
                  <h2 className="govuk-summary-card__title">{c.title}</h2>
                  {d.locked ? null : (
                    <ul className="govuk-summary-card__actions">
                      <li className="govuk-summary-card__action">
                        <Link className="govuk-link" to={`/staff/cycles/${d.cycle.id}/criteria/${c.id}`}>
                          Change<span className="govuk-visually-hidden"> {c.title}</span>
                        </Link>
                      </li>
                    </ul>
                  )}
                </div>
                <div className="govuk-summary-card__content">
                  <dl className="govuk-summary-list">
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Guidance</dt>
                      <dd className="govuk-summary-list__value app-pre-line">{c.guidance || "None"}</dd>
                    </div>
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Weight</dt>
                      <dd className="govuk-summary-list__value">
                        {c.weight} ({c.share}%)
                      </dd>
                    </div>
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Scale</dt>
                      <dd className="govuk-summary-list__value">
                        {c.scaleMin} to {c.scaleMax}
                      </dd>
                    </div>
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">What each score means</dt>
                      <dd className="govuk-summary-list__value">
                        <ul className="govuk-list">
                          {c.descriptors.map((s) => (
                            <li key={s.score}>
                              <strong>{s.score}</strong>: {s.text}
                            </li>
                          ))}
                        </ul>
                      </dd>
                    </div>
                  </dl>
                </div>
              </div>
            ))}
            <p className="govuk-body">The weights add up to {d.totalWeight}.</p>
          </>
        )}

        {d.locked ? null : (
          <>
            <h2 className="govuk-heading-m" id="add-criterion" tabIndex={-1}>
              Add a criterion
            </h2>
            <Form method="post" noValidate onSubmit={onSubmit}>
              <CriterionFields errors={errors} values={values} register={register} />
              <Button>Add criterion</Button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
