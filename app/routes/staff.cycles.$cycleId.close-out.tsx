// Closing out a decided round once every award has finished: nothing more happens in it.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText } from "~/components/govuk/content";
import { Button, Choices, ErrorSummary } from "~/components/govuk/form";
import { roundOverview } from "~/models/rounds.server";
import { closeOutRound } from "~/models/rounds.server";
import { closeOutSchema } from "~/schemas/round";
import { idParam, notFound } from "~/utils/auth.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { formatDate } from "~/utils/format";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { refused, requireRound, type RoundFailure } from "~/utils/round-page.server";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Close out ${data.cycle.name}` : "Close out the round", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRound(request, params);
  const overview = roundOverview(idParam(params.cycleId));
  if (!overview) throw notFound();
  const { cycle, openAwards, canCloseOut } = overview;
  return json({
    cycle: { id: cycle.id, name: cycle.name, closedOutAt: cycle.closedOutAt?.toISOString() ?? null, decided: Boolean(cycle.decisionsReleasedAt) },
    canCloseOut,
    openAwards,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, cycle } = await requireRound(request, params);
  const parsed = await parseForm(request, closeOutSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = closeOutRound(user, cycle.id);
  if (!result.ok) return refused(context, result);
  return redirect(withNotice(`/staff/cycles/${cycle.id}`, "round-closed-out"));
}

export default function CloseOutRound() {
  const { cycle, canCloseOut, openAwards } = useLoaderData<typeof loader>();
  const failure = useActionData<RoundFailure>();
  const { register, errors, summary, onSubmit } = useGovukForm(closeOutSchema, { fields: ["confirm"] });
  const items = failure?.problems ?? (failure?.refused ? [{ href: "#main-content", text: failure.refused }] : summary);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">{cycle.name}</span>
        <h1 className="govuk-heading-l">Close out the round</h1>
        {cycle.closedOutAt ? (
          <InsetText>The round was closed out on {formatDate(cycle.closedOutAt)}.</InsetText>
        ) : openAwards ? (
          <>
            <p className="govuk-body">
              {openAwards === 1 ? "1 award has" : `${openAwards} awards have`} not finished yet: an offer waiting for an answer, or an
              award still running. Close the round out once each is completed, declined or withdrawn.
            </p>
            <p className="govuk-body">
              <Link className="govuk-link" to={`/staff/cycles/${cycle.id}/awards`}>
                See the round's awards
              </Link>
            </p>
          </>
        ) : !canCloseOut ? (
          <InsetText>
            A round is closed out once it has closed to applications and there is nothing left to do in it: its decision letters sent and
            every award finished, or no application left to decide.
          </InsetText>
        ) : (
          <Form method="post" noValidate onSubmit={onSubmit}>
            <p className="govuk-body">
              {cycle.decided ? "Every award of this round has finished." : "No application in this round is left to decide."} Once closed out, the
              round is kept for the record and its figures, and nothing in it changes.
            </p>
            <Choices
              type="checkbox"
              name="confirm"
              legend="Confirm"
              legendSize="s"
              error={errors.confirm}
              items={[{ value: "yes", text: "The round's work is finished" }]}
              inputProps={register("confirm")}
            />
            <Button>Close out the round</Button>
          </Form>
        )}
      </div>
    </div>
  );
}
