// A panel member's applications on one round: each with where they are (declare any conflict
// of interest first, then score), and the scoring window in words. Only for an active seat on THIS round's
// panel: a seat on another round opens nothing here.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { InsetText, Table, Tag, type TagColour } from "~/components/govuk/content";
import { PanelRefusal, refusalTitle } from "~/components/scoring";
import { isRefusal } from "~/models/panel-access.server";
import { panelListFor, windowText, type PanelState } from "~/models/scoring.server";
import { idParam, requireUser } from "~/utils/auth.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";

export const handle: RouteHandle = { backLink: { to: "/panel", text: "Back to your panels" } };

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) =>
  pageTitle(error ? refusalTitle(403) : data ? `Your panel: ${data.cycleName}` : "Your panel", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const list = panelListFor(user, idParam(params.cycleId));
  if (isRefusal(list)) throw new Response(list.message, { status: list.status });
  return json({
    cycleId: list.cycle.id,
    cycleName: list.cycle.name,
    window: list.window,
    windowText: windowText(list.cycle),
    hideNames: list.hideNames,
    assigned: !list.cycle.everyoneScoresEverything,
    rows: list.rows,
  });
}

const STATES: Record<PanelState, { text: string; colour: TagColour }> = {
  declare: { text: "Conflict of interest not declared", colour: "blue" },
  conflict: { text: "Conflict declared", colour: "grey" },
  member: { text: "Conflict (member of the applicant)", colour: "grey" },
  not_started: { text: "Not started", colour: "grey" },
  draft: { text: "Draft saved", colour: "yellow" },
  submitted: { text: "Submitted", colour: "green" },
};

export default function PanelRound() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <span className="govuk-caption-l">Your panel</span>
        <h1 className="govuk-heading-l">{d.cycleName}</h1>
        <InsetText>{d.windowText}</InsetText>
        <p className="govuk-body">
          Open each application to say whether you have a conflict of interest. You will see only its title until you
          do. Score each application on your own: you will see other panel members' scores once you have submitted yours.
        </p>
        {d.hideNames ? <p className="govuk-body">Applicants' names are hidden from the panel for this round.</p> : null}
        {d.rows.length ? (
          <Table
            caption={d.assigned ? "Applications staff have given you to score" : "Applications to score"}
            columns={[{ header: "Reference" }, { header: "Title" }, ...(d.hideNames ? [] : [{ header: "Organisation" }]), { header: "Status" }]}
            rows={d.rows.map((r) => {
              const state = STATES[r.state];
              return [
                r.reference ?? "None",
                <Link className="govuk-link" to={`/panel/cycles/${d.cycleId}/applications/${r.id}`} key="title">
                  {r.title || "Untitled application"}
                </Link>,
                ...(d.hideNames ? [] : [r.organisationName]),
                <Tag colour={state.colour} key="state">
                  {state.text}
                </Tag>,
              ];
            })}
          />
        ) : (
          <p className="govuk-body">
            {d.assigned ? "Staff have not given you any applications to score yet." : "There are no applications for the panel yet."}
          </p>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = PanelRefusal;
