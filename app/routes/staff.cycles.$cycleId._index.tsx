// One funding round, as staff run it: its stage and what comes next, what it needs before it
// can be published, its details, how it is set up (rules, questions, documents, panel, return
// schedule), its applications, and the way to every page that moves it on.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { InsetText, SuccessBanner, SummaryList, Table, Tag } from "~/components/govuk/content";
import { SECTION_TITLES } from "~/models/applications.server";
import { cycleStatusCounts, INTAKE_STATUSES } from "~/models/intake.server";
import { getPlace } from "~/models/place.server";
import { STAGE_ORDER, STAGE_TAGS, type RoundStage } from "~/models/round-stage";
import { roundOverview } from "~/models/rounds.server";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDate, formatDeadline, formatMoney } from "~/utils/format";
import { APPLICATION_STATUS, ORGANISATION_TYPE_LABELS } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";

export const handle: RouteHandle = { backLink: { to: "/staff", text: "Back to funding rounds" } };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? data.cycle.name : "Funding round", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const overview = roundOverview(idParam(params.cycleId));
  if (!overview) throw notFound();
  const { cycle, programme, stage } = overview;
  const counts = cycleStatusCounts(cycle.id);
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return json({
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    placeName: getPlace().name || "the area",
    programme: { id: programme.id, name: programme.name },
    stage,
    problems: overview.problems,
    setup: { questions: overview.questions, documents: overview.documents, criteria: overview.criteria },
    ownDeadlines: overview.ownDeadlines,
    openAwards: overview.openAwards,
    canCloseOut: overview.canCloseOut,
    contact: overview.contact,
    cycle: {
      id: cycle.id,
      name: cycle.name,
      status: cycle.status,
      isDemo: cycle.isDemo,
      summary: cycle.summary,
      opensAt: cycle.opensAt.toISOString(),
      closesAt: cycle.closesAt.toISOString(),
      scoringOpensAt: iso(cycle.scoringOpensAt),
      scoringClosesAt: iso(cycle.scoringClosesAt),
      decisionsReleasedAt: iso(cycle.decisionsReleasedAt),
      closedOutAt: iso(cycle.closedOutAt),
      decisionsExpectedOn: cycle.decisionsExpectedOn,
      referenceYear: cycle.referenceYear,
      budgetPence: cycle.budgetPence,
      minRequestPence: cycle.minRequestPence,
      maxRequestPence: cycle.maxRequestPence,
      eligibility: cycle.eligibility,
      panelAfterEligibility: cycle.panelAfterEligibility,
      anonymiseApplicants: cycle.anonymiseApplicants,
      // Titles from a .server module: worked out here, since the browser bundle does not have it.
      sections: cycle.sections.map((section) => SECTION_TITLES[section]),
    },
    counts: INTAKE_STATUSES.map((status) => ({ status, n: counts[status] })),
    drafts: counts.draft + counts.returned,
  });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/** What comes next, in a sentence or two, for the round's stage. */
function nextStep(d: Data): string {
  const c = d.cycle;
  switch (d.stage) {
    case "draft":
      return d.problems.length
        ? "Applicants cannot see this round yet. Finish what is listed below, preview it, then publish it."
        : "Applicants cannot see this round yet. It is ready: preview it, then publish it.";
    case "scheduled":
      return `Published. It opens to applicants at ${formatDeadline(c.opensAt)}; until then its start page says when it opens, and anything can still change.`;
    case "open":
      return `Open to applicants until ${formatDeadline(c.closesAt)}. You can extend the closing time, close it now, or give one application more time.`;
    case "closed":
      return `Closed to applications at ${formatDeadline(c.closesAt)}. Check each application's eligibility${
        c.panelAfterEligibility ? " (the panel sees an application only once it has passed)" : ""
      }, then set up the panel${c.scoringOpensAt ? `: scoring opens at ${formatDeadline(c.scoringOpensAt)}` : " and its scoring dates"}.`;
    case "scoring":
      return c.scoringClosesAt && new Date(c.scoringClosesAt) > new Date()
        ? `The panel is scoring until ${formatDeadline(c.scoringClosesAt)}. Then moderate the scores, record the decisions and send the letters together.`
        : "Scoring has closed. Moderate the scores, record a decision on each application, then send the decision letters together.";
    case "decided":
      return `Decision letters were sent on ${formatDate(c.decisionsReleasedAt!)}. Offers, payments and returns follow. ${
        d.openAwards
          ? `${d.openAwards === 1 ? "1 award has" : `${d.openAwards} awards have`} not finished yet; close the round out once every award has.`
          : "Every award has finished: you can close the round out."
      }`;
    case "closed_out":
      return `Closed out on ${formatDate(c.closedOutAt!)}. Nothing more happens in this round; it stays in the figures.`;
    case "retired":
      return "This demo round has been retired: applicants and the public no longer see it.";
  }
}

function Stages({ stage }: { stage: RoundStage }) {
  const at = STAGE_ORDER.indexOf(stage);
  return (
    <ol className="app-stages" aria-label="The round's stages">
      {STAGE_ORDER.map((s, i) => (
        <li key={s} className={i === at ? "app-stages__item app-stages__item--current" : i < at ? "app-stages__item app-stages__item--done" : "app-stages__item"} aria-current={i === at ? "step" : undefined}>
          {STAGE_TAGS[s].text}
          {i < at ? <span className="govuk-visually-hidden"> (done)</span> : null}
        </li>
      ))}
    </ol>
  );
}

export default function CycleOverview() {
  const d = useLoaderData<typeof loader>();
  const { cycle, counts, drafts, notice, programme, placeName, stage } = d;
  const submitted = counts.reduce((sum, c) => sum + c.n, 0);
  const base = `/staff/cycles/${cycle.id}`;
  const tag = STAGE_TAGS[stage];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {notice ? <SuccessBanner text={notice} /> : null}
        <span className="govuk-caption-l">
          <Link className="govuk-link govuk-link--no-visited-state" to={`/staff/programmes/${programme.id}`}>
            {programme.name}
          </Link>
        </span>
        <h1 className="govuk-heading-l">{cycle.name}</h1>
        {cycle.isDemo ? <InsetText>This is a demo round, for trying the portal out.</InsetText> : null}

        <h2 className="govuk-heading-m">
          Stage: <Tag colour={tag.colour}>{tag.text}</Tag>
        </h2>
        {stage !== "retired" ? <Stages stage={stage} /> : null}
        <p className="govuk-body">{nextStep(d)}</p>
        {d.problems.length ? (
          <>
            <h3 className="govuk-heading-s">Before it can be published</h3>
            <ul className="govuk-list govuk-list--bullet">
              {d.problems.map((p) => (
                <li key={p.text}>
                  <Link className="govuk-link" to={p.href}>
                    {p.text}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <ul className="govuk-list">
          {stage === "draft" || stage === "scheduled" ? (
            <>
              <li>
                <Link className="govuk-link" to={`${base}/preview`}>
                  Preview as an applicant
                </Link>
              </li>
              <li>
                <Link className="govuk-link" to={`${base}/publish`}>
                  {stage === "draft" ? "Publish the round" : "Take the round back to draft"}
                </Link>
              </li>
            </>
          ) : null}
          {stage === "open" ? (
            <>
              <li>
                <Link className="govuk-link" to={`${base}/extend`}>
                  Extend the closing time
                </Link>
              </li>
              <li>
                <Link className="govuk-link" to={`${base}/close`}>
                  Close the round now
                </Link>
              </li>
            </>
          ) : null}
          {stage === "open" || stage === "closed" ? (
            <li>
              <Link className="govuk-link" to={`${base}/deadlines`}>
                Give one application more time
              </Link>
              {d.ownDeadlines ? ` (${d.ownDeadlines} ${d.ownDeadlines === 1 ? "has" : "have"} a deadline of their own)` : ""}
            </li>
          ) : null}
          {d.canCloseOut || stage === "decided" ? (
            <li>
              <Link className="govuk-link" to={`${base}/close-out`}>
                Close out the round
              </Link>
            </li>
          ) : null}
          <li>
            <Link className="govuk-link" to={`${base}/copy`}>
              Copy this round
            </Link>{" "}
            to start another like it
          </li>
          <li>
            <Link className="govuk-link" to={`${base}/history`}>
              History: every change to this round
            </Link>
          </li>
          {stage === "draft" ? (
            <li>
              <Link className="govuk-link" to={`${base}/delete`}>
                Delete this draft
              </Link>
            </li>
          ) : null}
        </ul>

        <h2 className="govuk-heading-m">Details</h2>
        <SummaryList
          rows={[
            { key: "Opens", value: formatDeadline(cycle.opensAt) },
            { key: "Closes", value: formatDeadline(cycle.closesAt) },
            { key: "Budget", value: formatMoney(cycle.budgetPence) },
            { key: "Amount applicants may ask for", value: `${formatMoney(cycle.minRequestPence)} to ${formatMoney(cycle.maxRequestPence)}` },
            { key: "References", value: `${cycle.referenceYear}` },
            { key: "Decisions expected by", value: cycle.decisionsExpectedOn ? formatDate(cycle.decisionsExpectedOn) : "Not set" },
            { key: "Contact for applicants", value: d.contact ? `${d.contact.name ? `${d.contact.name}, ` : ""}${d.contact.email}` : "Not set" },
          ]}
        />
        <p className="govuk-body">
          <Link className="govuk-link" to={`${base}/details`}>
            Change the round's details
          </Link>
        </p>

        <h2 className="govuk-heading-m">How the round is set up</h2>
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to={`${base}/rules`}>
              Rules: who may apply, amounts and sections
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`${base}/questions`}>
              The round's own questions
            </Link>{" "}
            ({d.setup.questions})
          </li>
          <li>
            <Link className="govuk-link" to={`${base}/documents`}>
              Documents the round asks for
            </Link>{" "}
            ({d.setup.documents})
          </li>
          <li>
            <Link className="govuk-link" to={`${base}/criteria`}>
              Scoring criteria
            </Link>{" "}
            ({d.setup.criteria})
          </li>
          <li>
            <Link className="govuk-link" to={`${base}/panel`}>
              Panel: members, scoring dates and settings
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`${base}/return-schedule`}>
              Return schedule: the evaluation returns this round asks for
            </Link>
          </li>
        </ul>

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
          <li>
            <Link className="govuk-link" to={`${base}/letters`}>
              Read each kind of letter before sending
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
            <Link className="govuk-link" to={`/staff/programmes/${programme.id}/terms`}>
              Grant terms of the {programme.name}
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
            { key: "Panel sees an application", value: cycle.panelAfterEligibility ? "Once it has passed its eligibility check" : "As soon as it is submitted" },
            { key: "Applicants' names hidden from the panel", value: cycle.anonymiseApplicants ? "Yes" : "No" },
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
