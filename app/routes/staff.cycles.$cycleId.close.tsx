// "Close now": an open round closes at once, with the reason, for the round's history.
// Applications given their own later deadline stay open until it.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, WarningText } from "~/components/govuk/content";
import { Button, ErrorSummary, Textarea } from "~/components/govuk/form";
import { roundStage } from "~/models/round-stage";
import { closeRoundNow, unsubmittedApplications } from "~/models/rounds.server";
import { closeNowSchema } from "~/schemas/round";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { formatDeadline } from "~/utils/format";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { refused, requireRound, type RoundFailure } from "~/utils/round-page.server";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Close ${data.cycle.name} now` : "Close the round now", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireRound(request, params);
  return json({
    cycle: { id: cycle.id, name: cycle.name, closesAt: cycle.closesAt.toISOString() },
    open: roundStage(cycle) === "open",
    drafts: unsubmittedApplications(cycle.id).length,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, cycle } = await requireRound(request, params);
  const parsed = await parseForm(request, closeNowSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = closeRoundNow(user, cycle.id, parsed.data.reason);
  if (!result.ok) return refused(context, result, typedValues(parsed.formData));
  return redirect(withNotice(`/staff/cycles/${cycle.id}`, "round-closed"));
}

export default function CloseRoundNow() {
  const { cycle, open, drafts } = useLoaderData<typeof loader>();
  const failure = useActionData<RoundFailure>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(closeNowSchema, { fields: ["reason"] });
  const items = failure?.refused ? [{ href: "#main-content", text: failure.refused }, ...summary] : summary;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">{cycle.name}</span>
        <h1 className="govuk-heading-l">Close the round now</h1>
        {open ? (
          <>
            <p className="govuk-body">The round is due to close at {formatDeadline(cycle.closesAt)}.</p>
            <WarningText>
              Closing now stops every application that has not been submitted
              {drafts ? ` (${drafts === 1 ? "1 application" : `${drafts} applications`} at the moment)` : ""}, except those given their own
              later deadline. It cannot be undone.
            </WarningText>
            <Form method="post" noValidate onSubmit={onSubmit}>
              <Textarea
                label="Why is the round closing early?"
                labelSize="m"
                hint="For the round's history."
                rows={3}
                error={errors.reason}
                defaultValue={values.reason}
                {...register("reason")}
              />
              <Button variant="warning">Close the round now</Button>
            </Form>
          </>
        ) : (
          <InsetText>Only an open round can be closed now.</InsetText>
        )}
      </div>
    </div>
  );
}
