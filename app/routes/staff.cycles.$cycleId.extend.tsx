// Extending an open round: a later closing date and time, with the reason. Every organisation
// with an application not yet submitted is emailed once. A closing time is never brought
// forward here: "Close now" does that, with its own reason.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText } from "~/components/govuk/content";
import { DateTimeInput } from "~/components/govuk/date-input";
import { Button, ErrorSummary, Textarea } from "~/components/govuk/form";
import { roundStage } from "~/models/round-stage";
import { extendRound, unsubmittedApplications } from "~/models/rounds.server";
import { extendSchema } from "~/schemas/round";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { formatDeadline, ukDateTimeParts } from "~/utils/format";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { refused, requireRound, type RoundFailure } from "~/utils/round-page.server";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Extend ${data.cycle.name}` : "Extend the round", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireRound(request, params);
  const p = ukDateTimeParts(cycle.closesAt);
  const organisations = new Set(unsubmittedApplications(cycle.id).map((a) => a.organisationId)).size;
  return json({
    cycle: { id: cycle.id, name: cycle.name, closesAt: cycle.closesAt.toISOString() },
    open: roundStage(cycle) === "open",
    organisations,
    defaults: { closesDay: p.day, closesMonth: p.month, closesYear: p.year, closesTime: p.time, reason: "" },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, cycle } = await requireRound(request, params);
  const parsed = await parseForm(request, extendSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = extendRound(user, cycle.id, parsed.data.closesAt, parsed.data.reason);
  if (!result.ok) return refused(context, result, typedValues(parsed.formData));
  return redirect(withNotice(`/staff/cycles/${cycle.id}`, "round-extended"));
}

export default function ExtendRound() {
  const { cycle, open, organisations, defaults } = useLoaderData<typeof loader>();
  const failure = useActionData<RoundFailure>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(extendSchema, { fields: ["closesDay", "closesTime", "reason"], defaults });
  const items = failure?.refused ? [{ href: "#main-content", text: failure.refused }, ...summary] : summary;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">{cycle.name}</span>
        <h1 className="govuk-heading-l">Extend the closing time</h1>
        <p className="govuk-body">The round closes at {formatDeadline(cycle.closesAt)}.</p>
        {open ? (
          <>
            <p className="govuk-body">
              {organisations === 0
                ? "No organisation has an application waiting to be submitted, so nobody will be emailed."
                : `We will email ${organisations === 1 ? "the 1 organisation" : `the ${organisations} organisations`} with an application not yet submitted, once, to tell them the new closing time.`}
            </p>
            <Form method="post" noValidate onSubmit={onSubmit}>
              <DateTimeInput
                prefix="closes"
                legend="New closing date and time"
                hint="Later than the current closing time"
                dateError={errors.closesDay}
                timeError={errors.closesTime}
                values={values}
                register={register}
              />
              <Textarea
                label="Why is the round being extended?"
                labelSize="m"
                hint="For the round's history. Applicants do not see this."
                rows={3}
                error={errors.reason}
                defaultValue={values.reason}
                {...register("reason")}
              />
              <Button>Extend the round</Button>
            </Form>
          </>
        ) : (
          <InsetText>
            Only an open round can be extended. Before it opens, change its dates in its details; once it has closed, give one
            application its own deadline.
          </InsetText>
        )}
      </div>
    </div>
  );
}
