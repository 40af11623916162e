// Applications of a round not yet submitted, by organisation, with any deadline of their own:
// where staff give one group more time (a bereavement, say). Staff do not read drafts, so
// this shows who is applying and when they started, not what they wrote.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { InsetText, SuccessBanner, Table, Tag } from "~/components/govuk/content";
import { roundStage } from "~/models/round-stage";
import { unsubmittedApplications } from "~/models/rounds.server";
import { formatDate, formatDeadline } from "~/utils/format";
import { APPLICATION_STATUS } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";
import { requireRound } from "~/utils/round-page.server";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `More time for one application: ${data.cycle.name}` : "More time for one application", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireRound(request, params);
  return json({
    cycle: { id: cycle.id, name: cycle.name, closesAt: cycle.closesAt.toISOString(), published: cycle.status === "published" },
    // Only while applications can still come in: once scoring begins, nothing is given more time.
    canGive: ["open", "closed"].includes(roundStage(cycle)),
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    applications: unsubmittedApplications(cycle.id).map((a) => ({
      id: a.id,
      status: a.status,
      organisationName: a.organisationName,
      startedAt: a.createdAt.toISOString(),
      // Its own only while it is later than the round's (an extension may have overtaken it).
      deadline: a.deadlineOverride && a.deadlineOverride > cycle.closesAt ? a.deadlineOverride.toISOString() : null,
    })),
  });
}

export default function Deadlines() {
  const { cycle, applications, notice, canGive } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        {notice ? <SuccessBanner text={notice} /> : null}
        <span className="govuk-caption-l">{cycle.name}</span>
        <h1 className="govuk-heading-l">Give one application more time</h1>
        <p className="govuk-body">
          The round closes at {formatDeadline(cycle.closesAt)}. You can give one organisation's application a later deadline of its
          own, with the reason: for example, after a bereavement. Its task list then shows its own deadline.
        </p>
        {!cycle.published ? (
          <InsetText>The round is not published, so nobody has started an application yet.</InsetText>
        ) : !canGive ? (
          <InsetText>Scoring has begun in this round, so no application can be given more time now.</InsetText>
        ) : applications.length === 0 ? (
          <InsetText>Every application started in this round has been submitted or withdrawn.</InsetText>
        ) : (
          <div className="app-table-scroll" role="region" aria-label="Applications not yet submitted" tabIndex={0}>
            <Table
              caption={`${applications.length} ${applications.length === 1 ? "application" : "applications"} not yet submitted`}
              captionSize="s"
              firstCellIsHeader
              columns={[{ header: "Organisation" }, { header: "Status" }, { header: "Started" }, { header: "Deadline" }, { header: <span className="govuk-visually-hidden">Action</span> }]}
              rows={applications.map((a) => [
                a.organisationName,
                <Tag colour={APPLICATION_STATUS[a.status]?.colour} key="s">
                  {APPLICATION_STATUS[a.status]?.text ?? a.status}
                </Tag>,
                formatDate(a.startedAt),
                a.deadline ? `${formatDeadline(a.deadline)} (its own)` : "The round's",
                <Link className="govuk-link" to={`/staff/cycles/${cycle.id}/deadlines/${a.id}`} key="a">
                  {a.deadline ? "Change" : "Give more time"}
                  <span className="govuk-visually-hidden"> to {a.organisationName}</span>
                </Link>,
              ])}
            />
          </div>
        )}
      </div>
    </div>
  );
}
