// The staff home: every cycle and its applications, and the portal's housekeeping.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SuccessBanner, Table, Tag } from "~/components/govuk/content";
import { applicationCounts } from "~/models/homes.server";
import { countOutboxByStatus } from "~/models/outbox.server";
import { listWards } from "~/models/place.server";
import { listCycles } from "~/models/programmes.server";
import { requireRole } from "~/utils/auth.server";
import { formatDeadline, formatMoney } from "~/utils/format";
import { STAFF_TEAM_LABELS } from "~/utils/labels";
import { roundStage, STAGE_TAGS } from "~/models/round-stage";
import { pageTitle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";
import { getSettings } from "~/utils/settings.server";

export const meta: MetaFunction = () => pageTitle("Staff");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "staff");
  const counts = applicationCounts();
  const wards = listWards();
  return json({
    name: user.name,
    team: user.staffTeam ? STAFF_TEAM_LABELS[user.staffTeam] : null,
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    cycles: listCycles().map((c) => {
      const byStatus = counts.get(c.id) ?? {};
      const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
      return {
        ...c,
        opensAt: c.opensAt.toISOString(),
        closesAt: c.closesAt.toISOString(),
        stage: roundStage(c),
        drafts: byStatus.draft ?? 0,
        submitted: total - (byStatus.draft ?? 0),
      };
    }),
    outbox: countOutboxByStatus(),
    mailServer: Boolean(getSettings().smtpUrl),
    wardsWithoutNeighbourhood: wards.filter((w) => !w.parentId).length,
    wardsWithoutCode: wards.filter((w) => !w.code).length,
  });
}

export default function StaffHome() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        {data.notice ? <SuccessBanner text={data.notice} /> : null}
        <span className="govuk-caption-l">
          {data.name}
          {data.team ? `, ${data.team}` : ""}
        </span>
        <h1 className="govuk-heading-l">Funding rounds</h1>
        <Table
          caption="Every round of every programme"
          captionSize="s"
          columns={[
            { header: "Programme" },
            { header: "Round" },
            { header: "State" },
            { header: "Closes" },
            { header: "Budget", numeric: true },
            { header: "Started", numeric: true },
            { header: "Submitted", numeric: true },
          ]}
          rows={data.cycles.map((c) => {
            const state = STAGE_TAGS[c.stage];
            return [
              c.programmeName,
              <Link className="govuk-link" to={`/staff/cycles/${c.id}`} key="name">
                {c.name}
              </Link>,
              <Tag colour={state.colour} key="s">{state.text}</Tag>,
              formatDeadline(c.closesAt),
              formatMoney(c.budgetPence),
              c.drafts,
              c.submitted,
            ];
          })}
        />

        <h2 className="govuk-heading-m">Programmes</h2>
        <p className="govuk-body">
          <Link className="govuk-link" to="/staff/programmes">
            Programmes: their rounds, usual returns and grant terms
          </Link>
        </p>

        <h2 className="govuk-heading-m">Emails</h2>
        <p className="govuk-body">
          {data.mailServer
            ? "Emails are sent through the mail server."
            : "No mail server is set, so emails wait in the outbox and are not sent. You can read them there."}{" "}
          {data.outbox.pending} waiting, {data.outbox.failed} failed, {data.outbox.sent} sent.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/staff/outbox">
            Read the email outbox
          </Link>
        </p>

        <h2 className="govuk-heading-m">Evaluation returns</h2>
        <p className="govuk-body">
          <Link className="govuk-link" to="/staff/returns">
            Returns waiting for review, overdue and due soon
          </Link>
        </p>

        <h2 className="govuk-heading-m">Impact and open data</h2>
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to="/staff/impact">
              Impact against the Marmot principles
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to="/staff/impact/wards">
              Did the money follow need? Funding by ward
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to="/staff/indicators">
              Indicators and Fingertips imports
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to="/staff/open-data">
              Open data: 360Giving
            </Link>
          </li>
        </ul>

        <h2 className="govuk-heading-m">Wards and neighbourhoods</h2>
        <p className="govuk-body">
          {data.wardsWithoutNeighbourhood
            ? `${data.wardsWithoutNeighbourhood} wards do not have a neighbourhood yet.`
            : "Every ward has a neighbourhood."}{" "}
          {data.wardsWithoutCode ? `${data.wardsWithoutCode} wards do not have an ONS code yet.` : ""}
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/staff/wards">
            Check wards and neighbourhoods
          </Link>
        </p>
      </div>
    </div>
  );
}
