// "Copy this round": a new draft round that takes this one's rules, sections, own questions,
// documents asked for, scoring criteria, panel settings and return schedule. Staff give its
// details here (prefilled from this round, a year on); the dates start blank, and nothing
// applicants wrote and no panel member comes with it.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { nextName, ROUND_DETAIL_FIELDS, RoundDetailsFields, roundFormValues } from "~/components/round-details";
import { getPlace } from "~/models/place.server";
import { copyRound } from "~/models/rounds.server";
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

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Copy ${data.source.name}` : "Copy a round", matches);

const schema = roundDetailsSchema({ withAmounts: true });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle, programme } = await requireRound(request, params);
  const values = roundFormValues({
    ...cycle,
    name: nextName(cycle.name),
    opensAt: null,
    closesAt: null,
    referenceYear: cycle.referenceYear + 1,
    decisionsExpectedOn: null,
  });
  return json({
    source: { id: cycle.id, name: cycle.name, isDemo: cycle.isDemo },
    programmeName: programme.name,
    placeContact: getPlace().contactEmail,
    defaults: values,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, cycle } = await requireRound(request, params);
  const parsed = await parseForm(request, schema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const d = parsed.data;
  const result = copyRound(user, cycle.id, { ...d, minRequestPence: d.minRequestPence!, maxRequestPence: d.maxRequestPence! });
  if (!result.ok) return refused(context, result, typedValues(parsed.formData));
  return redirect(withNotice(`/staff/cycles/${result.cycleId}`, "round-copied"));
}

export default function CopyRound() {
  const { source, programmeName, placeContact, defaults } = useLoaderData<typeof loader>();
  const failure = useActionData<RoundFailure>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(schema, { fields: ROUND_DETAIL_FIELDS, defaults });
  const items = failure?.refused ? [{ href: "#main-content", text: failure.refused }, ...summary] : summary;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">{programmeName}</span>
        <h1 className="govuk-heading-l">Copy {source.name}</h1>
        <p className="govuk-body">The new round starts as a draft. It takes from this round:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>who may apply, the sections asked and the other rules</li>
          <li>the round's own questions and the documents it asks for</li>
          <li>the scoring criteria and the panel settings</li>
          <li>the evaluation returns it asks of each award</li>
        </ul>
        <InsetText>
          It does not take the panel members, the dates or any application. Invite the panel again once the round is set up.
        </InsetText>
        <Form method="post" noValidate onSubmit={onSubmit}>
          <RoundDetailsFields register={register} errors={errors} values={values} withAmounts placeContact={placeContact} />
          <Button>Create the copy as a draft</Button>
        </Form>
      </div>
    </div>
  );
}
