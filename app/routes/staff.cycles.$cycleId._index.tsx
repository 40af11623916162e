// One funding round, as staff run it: its dates, money and rules, how many applications are in
// each state, and the way to its applications, its rules and the CSV export.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { InsetText, SuccessBanner, SummaryList, Table, Tag } from "~/components/govuk/content";
import { cycleStatusCounts, getCycle, INTAKE_STATUSES } from "~/models/intake.server";
import { SECTION_TITLES } from "~/models/applications.server";
import { getPlace } from "~/models/place.server";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDeadline, formatMoney } from "~/utils/format";
import { APPLICATION_STATUS, cycleState, ORGANISATION_TYPE_LABELS } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";

export const handle: RouteHandle = { backLink: { to: "/staff", text: "Back to funding rounds" } };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? data.cycle.name : "Funding round", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const found = getCycle(idParam(params.cycleId));
  if (!found) throw notFound();
  const { cycle, programme } = found;
  const counts = cycleStatusCounts(cycle.id);
  return json({
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    placeName: getPlace().name || "the area",
    programmeName: programme.name,
    cycle: {
      id: cycle.id,
      name: cycle.name,
      programmeId: cycle.programmeId,
      status: cycle.status,
      isDemo: cycle.isDemo,
      opensAt: cycle.opensAt.toISOString(),
      closesAt: cycle.closesAt.toISOString(),
      budgetPence: cycle.budgetPence,
      minRequestPence: cycle.minRequestPence,
      maxRequestPence: cycle.maxRequestPence,
      eligibility: cycle.eligibility,
      // Titles from a .server module: worked out here, since the browser bundle does not have it.
      sections: cycle.sections.map((section) => SECTION_TITLES[section]),
    },
    counts: INTAKE_STATUSES.map((status) => ({ status, n: counts[status] })),
    drafts: counts.draft,
  });
}

export default function CycleOverview() {
  const { cycle, counts, drafts, notice, programmeName, placeName } = useLoaderData<typeof loader>();
  const state = cycleState(cycle);
  const submitted = counts.reduce((sum, c) => sum + c.n, 0);
  const base = `/staff/cycles/${cycle.id}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {notice ? <SuccessBanner text={notice} /> : null}
        <span className="govuk-caption-l">{programmeName}</span>
        <h1 className="govuk-heading-l">{cycle.name}</h1>
        {cycle.isDemo ? <InsetText>This is a demo round, for trying the portal out.</InsetText> : null}

        <SummaryList
          rows={[
            { key: "State", value: <Tag colour={state.colour}>{state.text}</Tag> },
            { key: "Opens", value: formatDeadline(cycle.opensAt) },
            { key: "Closes", value: formatDeadline(cycle.closesAt) },
            { key: "Budget", value: formatMoney(cycle.budgetPence) },
            { key: "Amount applicants may ask for", value: `${formatMoney(cycle.minRequestPence)} to ${formatMoney(cycle.maxRequestPence)}` },
          ]}
        />

        <h2 className="govuk-heading-m">Applications</h2>
        <Table
          caption={`${submitted} submitted application${submitted === 1 ? "" : "s"}, by status`}
          captionSize="s"
          columns={[{ header: "Status" }, { header: "Applications", numeric: true }]}
          rows={counts.map((c) => [
            c.n ? (
              <Link className="govuk-link" to={`${base}/applications?status=${c.status}`} key="s">
                {APPLICATION_STATUS[c.status]?.text ?? c.status}
              </Link>
            ) : (
              APPLICATION_STATUS[c.status]?.text ?? c.status
            ),
            c.n,
          ])}
        />
        <p className="govuk-body">
          {drafts === 0
            ? "No other applications have been started."
            : `${drafts === 1 ? "1 more application has" : `${drafts} more applications have`} been started but not submitted. Staff cannot read an application until it is submitted.`}
        </p>
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to={`${base}/applications`}>
              View this round's applications
            </Link>
          </li>
          <li>
            <a className="govuk-link" href={`${base}/applications.csv`} download>
              Download all applications as a spreadsheet (CSV)
            </a>
          </li>
        </ul>

        <h2 className="govuk-heading-m">Panel and decisions</h2>
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to={`${base}/panel`}>
              Panel: members, scoring dates and settings
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`${base}/criteria`}>
              Scoring criteria
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`${base}/assignments`}>
              Conflicts of interest and who scores what
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`${base}/moderation`}>
              Scores, moderation and ranking
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`${base}/decisions`}>
              Decisions and decision letters
            </Link>
          </li>
        </ul>

        <h2 className="govuk-heading-m">Awards, payments and returns</h2>
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to={`${base}/awards`}>
              Awards: offers, acceptances and variations
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`${base}/budget`}>
              Budget: awarded, paid, due and left
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`${base}/return-schedule`}>
              Return schedule: the evaluation returns this round asks for
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`/staff/programmes/${cycle.programmeId}/terms`}>
              Grant terms of the {programmeName}
            </Link>
          </li>
        </ul>

        <h2 className="govuk-heading-m">Rules</h2>
        <SummaryList
          rows={[
            {
              key: "Who may apply",
              value: (
                <ul className="govuk-list">
                  {cycle.eligibility.organisationTypes.map((t) => (
                    <li key={t}>{ORGANISATION_TYPE_LABELS[t] ?? t}</li>
                  ))}
                </ul>
              ),
            },
            { key: `Must work with residents of ${placeName}`, value: cycle.eligibility.mustServePlace ? "Yes" : "No" },
            { key: "Needs at least one partner", value: cycle.eligibility.requiresPartner ? "Yes" : "No" },
            {
              key: "Sections asked",
              value: (
                <ul className="govuk-list">
                  {cycle.sections.map((title) => (
                    <li key={title}>{title}</li>
                  ))}
                </ul>
              ),
            },
          ]}
        />
        <p className="govuk-body">
          <Link className="govuk-link" to={`${base}/rules`}>
            Change the rules of this round
          </Link>
        </p>
      </div>
    </div>
  );
}
