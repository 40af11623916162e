// "Change the round's details": its name, words for applicants, dates, budget, reference year,
// when decisions are expected and its contact. Before it opens anything can change; once open
// its times are shown, not asked (the closing time moves only by extending the round).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { ROUND_DETAIL_FIELDS, RoundDetailsFields, roundFormValues } from "~/components/round-details";
import { getPlace } from "~/models/place.server";
import { roundStage } from "~/models/round-stage";
import { updateRoundDetails } from "~/models/rounds.server";
import { roundDetailsSchema } from "~/schemas/round";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { refused, requireRound, type RoundFailure } from "~/utils/round-page.server";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Details of ${data.cycle.name}` : "Details of the round", matches);

const schema = roundDetailsSchema({ withAmounts: false });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireRound(request, params);
  const stage = roundStage(cycle);
  const opened = !["draft", "scheduled"].includes(stage);
  return json({
    cycle: { id: cycle.id, name: cycle.name },
    stage,
    placeContact: getPlace().contactEmail,
    defaults: roundFormValues(cycle),
    fixed: opened
      ? {
          opens: { at: cycle.opensAt.toISOString(), why: "The round has opened, so its opening time cannot change." },
          closes: {
            at: cycle.closesAt.toISOString(),
            why:
              stage === "open"
                ? "To give applicants longer, extend the closing time from the round's page. It cannot be brought forward: close the round now instead."
                : "The round has closed. To give one group more time, give its application its own deadline.",
          },
        }
      : undefined,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, cycle } = await requireRound(request, params);
  const parsed = await parseForm(request, schema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = updateRoundDetails(user, cycle.id, parsed.data);
  if (!result.ok) return refused(context, result, typedValues(parsed.formData));
  return redirect(withNotice(`/staff/cycles/${cycle.id}`, result.changed ? "round-details-saved" : "nothing-changed"));
}

export default function RoundDetails() {
  const { cycle, placeContact, defaults, fixed, stage } = useLoaderData<typeof loader>();
  const failure = useActionData<RoundFailure>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(schema, { fields: ROUND_DETAIL_FIELDS, defaults });
  const items = failure?.refused ? [{ href: "#main-content", text: failure.refused }, ...summary] : summary;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">{cycle.name}</span>
        <h1 className="govuk-heading-l">Details of the round</h1>
        {stage === "draft" || stage === "scheduled" ? (
          <p className="govuk-body">The round has not opened yet, so anything here can change.</p>
        ) : (
          <p className="govuk-body">
            The round has opened. Its words, budget and contact can still change.{" "}
            {stage === "open" ? (
              <Link className="govuk-link" to={`/staff/cycles/${cycle.id}/extend`}>
                Extend the closing time
              </Link>
            ) : null}
          </p>
        )}
        <Form method="post" noValidate onSubmit={onSubmit}>
          <RoundDetailsFields register={register} errors={errors} values={values} withAmounts={false} placeContact={placeContact} fixed={fixed} />
          <Button>Save the details</Button>
        </Form>
      </div>
    </div>
  );
}
