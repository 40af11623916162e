// Publishing a round: what is still missing (each linking to where it is fixed), or the button
// that makes it visible to applicants ("opens on …" until its opening time). A round that has
// not opened yet can go back to being a draft.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, WarningText } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { roundStage } from "~/models/round-stage";
import { publishProblems, publishRound, unpublishRound } from "~/models/rounds.server";
import { db } from "~/utils/db.server";
import { formatDeadline } from "~/utils/format";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { refused, requireRound, type RoundFailure } from "~/utils/round-page.server";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Publish ${data.cycle.name}` : "Publish the round", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle, programme } = await requireRound(request, params);
  const stage = roundStage(cycle);
  return json({
    cycle: { id: cycle.id, name: cycle.name, opensAt: cycle.opensAt.toISOString(), closesAt: cycle.closesAt.toISOString() },
    stage,
    problems: stage === "draft" ? publishProblems(db, cycle, programme) : [],
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, cycle } = await requireRound(request, params);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent !== "publish" && intent !== "unpublish") throw new Response("Choose to publish the round or take it back to draft.", { status: 400 });
  const result = intent === "publish" ? publishRound(user, cycle.id) : unpublishRound(user, cycle.id);
  if (!result.ok) return refused(context, result);
  return redirect(withNotice(`/staff/cycles/${cycle.id}`, intent === "publish" ? "round-published" : "round-unpublished"));
}

export default function PublishRound() {
  const { cycle, stage, problems } = useLoaderData<typeof loader>();
  const failure = useActionData<RoundFailure>();
  const shown = failure?.problems ?? problems;
  const opensLater = new Date(cycle.opensAt) > new Date();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {failure?.refused && !failure.problems ? <ErrorSummary items={[{ href: "#main-content", text: failure.refused }]} /> : null}
        {failure?.problems ? <ErrorSummary items={failure.problems} /> : null}
        <span className="govuk-caption-l">{cycle.name}</span>
        <h1 className="govuk-heading-l">{stage === "draft" ? "Publish the round" : "The round is published"}</h1>
        {stage === "draft" ? (
          shown.length ? (
            <>
              <p className="govuk-body">The round cannot be published until applicants could apply to it. Still to do:</p>
              <ul className="govuk-list govuk-list--bullet">
                {shown.map((p) => (
                  <li key={p.text}>
                    <Link className="govuk-link" to={p.href}>
                      {p.text}
                    </Link>
                  </li>
                ))}
              </ul>
              <p className="govuk-body">
                <Link className="govuk-link" to={`/staff/cycles/${cycle.id}/preview`}>
                  Preview the round as an applicant
                </Link>
              </p>
            </>
          ) : (
            <>
              <p className="govuk-body">
                {opensLater
                  ? `Once published, applicants see the round on the start page as opening at ${formatDeadline(cycle.opensAt)}, and can apply from then until ${formatDeadline(cycle.closesAt)}.`
                  : `The opening time has passed, so applicants can apply as soon as it is published, until ${formatDeadline(cycle.closesAt)}.`}
              </p>
              <WarningText>Check the round first: once it opens, its questions can only be added to as optional, and reworded.</WarningText>
              <p className="govuk-body">
                <Link className="govuk-link" to={`/staff/cycles/${cycle.id}/preview`}>
                  Preview the round as an applicant
                </Link>
              </p>
              <Form method="post">
                <Button name="intent" value="publish">
                  Publish the round
                </Button>
              </Form>
            </>
          )
        ) : stage === "scheduled" ? (
          <>
            <InsetText>It opens to applicants at {formatDeadline(cycle.opensAt)}. Until then, anything can still change.</InsetText>
            <Form method="post">
              <Button name="intent" value="unpublish" variant="secondary">
                Take it back to draft
              </Button>
            </Form>
          </>
        ) : (
          <InsetText>The round has opened, so it stays published. You can extend it or close it now from the round's page.</InsetText>
        )}
      </div>
    </div>
  );
}
