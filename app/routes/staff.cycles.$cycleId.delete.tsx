// Deleting a draft round nobody has applied to (a mistake, or a copy not wanted). A round that
// has run is closed out instead, never deleted.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, WarningText } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { deleteDraftRound } from "~/models/rounds.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { refused, requireRound, type RoundFailure } from "~/utils/round-page.server";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Delete ${data.cycle.name}` : "Delete the round", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireRound(request, params);
  return json({ cycle: { id: cycle.id, name: cycle.name, draft: cycle.status === "draft" } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, cycle } = await requireRound(request, params);
  const result = deleteDraftRound(user, cycle.id);
  if (!result.ok) return refused(context, result);
  return redirect(withNotice(`/staff/programmes/${result.programmeId}`, "round-deleted"));
}

export default function DeleteRound() {
  const { cycle } = useLoaderData<typeof loader>();
  const failure = useActionData<RoundFailure>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {failure?.refused ? <ErrorSummary items={[{ href: "#main-content", text: failure.refused }]} /> : null}
        <span className="govuk-caption-l">{cycle.name}</span>
        <h1 className="govuk-heading-l">Delete this draft round</h1>
        {cycle.draft ? (
          <>
            <WarningText>Its details, rules, questions, documents asked for, scoring criteria and panel invitations are deleted too. This cannot be undone.</WarningText>
            <Form method="post">
              <Button variant="warning">Delete the draft round</Button>
            </Form>
          </>
        ) : (
          <InsetText>Only a draft round can be deleted. A round that has been published is closed out when its work is done.</InsetText>
        )}
      </div>
    </div>
  );
}
