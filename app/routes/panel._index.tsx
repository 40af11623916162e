// The panel member's home: the panels they sit on and when scoring opens.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SuccessBanner, SummaryList } from "~/components/govuk/content";
import { panelsOf } from "~/models/homes.server";
import { panelCounts } from "~/models/scoring.server";
import { requireRole } from "~/utils/auth.server";
import { formatDeadline } from "~/utils/format";
import { pageTitle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";

export const meta: MetaFunction = () => pageTitle("Your panels");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "panel");
  return json({
    name: user.name,
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    panels: panelsOf(user.id).map((p) => ({
      ...p,
      scoringOpensAt: p.scoringOpensAt?.toISOString() ?? null,
      scoringClosesAt: p.scoringClosesAt?.toISOString() ?? null,
      counts: panelCounts(user, p.cycleId),
    })),
  });
}

export default function PanelHome() {
  const { name, notice, panels } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {notice ? <SuccessBanner text={notice} /> : null}
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Your panels</h1>
        <p className="govuk-body">
          You score applications independently. Before you see an application, you will be asked to declare any conflict
          of interest.
        </p>
        {panels.map((panel) => (
          <section key={panel.cycleId} aria-labelledby={`panel-${panel.cycleId}`}>
            <h2 className="govuk-heading-m" id={`panel-${panel.cycleId}`}>
              {panel.cycleName}
            </h2>
            <SummaryList
              rows={[
                { key: "Programme", value: panel.programmeName },
                { key: "You represent", value: panel.affiliation ?? "Not given" },
                {
                  key: "Scoring",
                  value: panel.scoringOpensAt
                    ? `From ${formatDeadline(panel.scoringOpensAt)}${panel.scoringClosesAt ? ` to ${formatDeadline(panel.scoringClosesAt)}` : ""}`
                    : "Staff have not set the scoring dates yet. We will email you when applications are ready to score.",
                },
                { key: "To declare any conflict of interest", value: applicationsText(panel.counts.toDeclare) },
                { key: "To score", value: applicationsText(panel.counts.toScore) },
                { key: "Scores submitted", value: applicationsText(panel.counts.submitted) },
              ]}
            />
            <p className="govuk-body">
              <Link className="govuk-link" to={`/panel/cycles/${panel.cycleId}`}>
                Score applications<span className="govuk-visually-hidden"> for {panel.cycleName}</span>
              </Link>
            </p>
          </section>
        ))}
      </div>
    </div>
  );
}

const applicationsText = (n: number) => (n === 1 ? "1 application" : `${n} applications`);
