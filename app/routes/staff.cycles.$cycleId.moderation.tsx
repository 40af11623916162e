// Moderation, for staff: every panel member's weighted total on every application of the round,
// with the mean, the spread and the flags (scorers disagree, too few scores); the ranking with
// its running total against the budget ("fund down the list"); and the balance of the portfolio
// within the budget (principles and wards), so the panel sees it before deciding.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { InsetText, Tag, type TagColour } from "~/components/govuk/content";
import { moderationBoard, type BudgetMark, type Cell } from "~/models/moderation.server";
import { formatScore } from "~/models/scores";
import { windowText } from "~/models/scoring.server";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDeadline, formatMoney } from "~/utils/format";
import { DECISION_OUTCOME } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `Scores, moderation and ranking: ${data.cycle.name}` : "Scores, moderation and ranking", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const board = moderationBoard(idParam(params.cycleId));
  if (!board) throw notFound();
  const { cycle } = board;
  return json({
    cycle: {
      id: cycle.id,
      name: cycle.name,
      threshold: cycle.disagreementThreshold,
      minScorers: cycle.minScorersPerApplication,
      scoringClosesAt: cycle.scoringClosesAt?.toISOString() ?? null,
      scoringOpensAt: cycle.scoringOpensAt?.toISOString() ?? null,
    },
    window: board.window,
    // The panel's own words for the scoring window, where they suit staff too.
    windowText: board.window === "open" || board.window === "closed" ? windowText(cycle) : null,
    criteriaCount: board.criteria.length,
    members: board.members.map((m) => ({ id: m.id, name: m.name })),
    rows: board.rows,
    budgetPence: board.budgetPence,
    withinPence: board.withinPence,
    balance: board.balance,
  });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Row = Data["rows"][number];

function cellText(cell: Cell): ReactNode {
  switch (cell.kind) {
    case "conflict":
      return "Conflict";
    case "not_expected":
      return (
        <>
          <span aria-hidden="true">—</span>
          <span className="govuk-visually-hidden">Not asked to score</span>
        </>
      );
    case "not_started":
      return "Not started";
    case "draft":
      return "Draft";
    case "submitted":
      return cell.total === null ? "Incomplete" : formatScore(cell.total);
  }
}

const MARKS: Record<BudgetMark, { text: string; colour: TagColour }> = {
  within: { text: "Within budget", colour: "green" },
  crosses: { text: "Over budget", colour: "red" },
  over: { text: "Over budget", colour: "grey" },
  declined: { text: "Not funded", colour: "grey" },
  reserve: { text: "Reserve list", colour: "yellow" },
  unscored: { text: "Not scored yet", colour: "yellow" },
};

const dash = (
  <>
    <span aria-hidden="true">—</span>
    <span className="govuk-visually-hidden">None</span>
  </>
);

function principlesText(row: Row) {
  if (!row.mainPrinciple) return "None given";
  const others = row.otherPrinciples.map((p) => p.number);
  return `${row.mainPrinciple.number}${others.length ? `; also ${others.join(", ")}` : ""}`;
}

function Flags({ row }: { row: Row }) {
  if (!row.disagree && !row.tooFew) return null;
  return (
    <span className="govuk-!-display-block govuk-!-margin-top-1">
      {row.disagree ? <Tag colour="orange">Scorers disagree</Tag> : null} {row.tooFew ? <Tag colour="yellow">Too few scores</Tag> : null}
    </span>
  );
}

function scoringText(d: Data) {
  switch (d.window) {
    case "open":
      return `${d.windowText} These scores may still change.`;
    case "not_open":
      return `Scoring opens at ${formatDeadline(d.cycle.scoringOpensAt!)}.`;
    case "not_set":
      return "The round has no scoring dates yet.";
    case "closed":
      return d.windowText;
  }
}

export default function Moderation() {
  const d = useLoaderData<typeof loader>();
  const ranked = d.rows.filter((r) => r.rank !== null);
  const within = d.rows.filter((r) => r.mark === "within");
  const crossing = d.rows.find((r) => r.mark === "crosses");
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{d.cycle.name}</span>
          <h1 className="govuk-heading-l">Scores, moderation and ranking</h1>
          <p className="govuk-body">
            {scoringText(d)} Each total is a panel member's weighted score out of 100. Scorers disagree when their totals are more than{" "}
            {Number.isInteger(d.cycle.threshold) ? d.cycle.threshold : formatScore(d.cycle.threshold)} points apart; an application needs {d.cycle.minScorers} submitted{" "}
            {d.cycle.minScorers === 1 ? "score" : "scores"}.
          </p>
          <p className="govuk-body">
            <a className="govuk-link" href={`/staff/cycles/${d.cycle.id}/scores.csv`} download>
              Download all scores (CSV)
            </a>
          </p>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/staff/cycles/${d.cycle.id}/decisions`}>
              Go to the decisions
            </Link>
          </p>
          {d.criteriaCount === 0 ? <InsetText>This round has no scoring criteria yet, so nothing can be scored.</InsetText> : null}
          {d.members.length === 0 ? <InsetText>This round's panel has no active members yet.</InsetText> : null}
        </div>
      </div>

      {d.rows.length === 0 ? (
        <p className="govuk-body">No applications have reached the panel in this round.</p>
      ) : (
        <>
          <h2 className="govuk-heading-m" id="matrix-heading">
            Scores by panel member
          </h2>
          <div className="app-table-scroll" tabIndex={0} role="region" aria-labelledby="matrix-heading">
            <table className="govuk-table govuk-table--small-text-until-tablet">
              <caption className="govuk-table__caption govuk-visually-hidden">
                Weighted totals out of 100, one column for each panel member, then the mean, the spread and the moderated score
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Application
                  </th>
                  {d.members.map((m) => (
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric" key={m.id}>
                      {m.name}
                    </th>
                  ))}
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Mean
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Spread
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Moderated
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {d.rows.map((row) => (
                  <tr className="govuk-table__row" key={row.id}>
                    <th scope="row" className="govuk-table__header">
                      <Link className="govuk-link" to={`/staff/applications/${row.id}/scores`}>
                        {row.reference ?? "No reference"}
                      </Link>
                      <span className="govuk-!-display-block govuk-!-font-weight-regular app-wrap-anywhere">{row.title || "Untitled"}</span>
                      <Flags row={row} />
                    </th>
                    {row.cells.map((cell, i) => (
                      <td className="govuk-table__cell govuk-table__cell--numeric app-nowrap" key={d.members[i]!.id}>
                        {cellText(cell)}
                      </td>
                    ))}
                    <td className="govuk-table__cell govuk-table__cell--numeric">{row.summary.mean === null ? dash : formatScore(row.summary.mean)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{row.summary.spread === null ? dash : formatScore(row.summary.spread)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{row.moderated ? formatScore(row.moderated.score) : dash}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h2 className="govuk-heading-m" id="ranking-heading">
            Ranking against the budget
          </h2>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-two-thirds">
              <p className="govuk-body">
                The round's budget is <strong>{formatMoney(d.budgetPence)}</strong>. Applications are ranked by their moderated score where the
                panel agreed one, otherwise by the mean. Going down the list, each counts the amount awarded where an award has been decided,
                otherwise the amount requested; an application not funded or on the reserve list counts nothing. Equal scores share a rank.
              </p>
              <p className="govuk-body">
                {within.length === 1 ? "1 application fits" : `${within.length} applications fit`} within the budget, for{" "}
                {formatMoney(d.withinPence)}.{" "}
                {crossing ? `The budget runs out at ${crossing.reference ?? "the next application"}.` : "Every ranked application fits."}
              </p>
            </div>
          </div>
          <div className="app-table-scroll" tabIndex={0} role="region" aria-labelledby="ranking-heading">
            <table className="govuk-table govuk-table--small-text-until-tablet">
              <caption className="govuk-table__caption govuk-visually-hidden">
                Applications from the highest score down, with the running total against the budget of {formatMoney(d.budgetPence)}
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Rank
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Application
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Principles (main first)
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Areas served
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Score
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Amount
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Running total
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Budget
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {d.rows.map((row) => {
                  const mark = MARKS[row.mark];
                  const awarded = row.decision?.outcome === "award" && row.decision.amountPence !== null;
                  return (
                    <tr className="govuk-table__row" key={row.id}>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{row.rank ?? dash}</td>
                      <td className="govuk-table__cell">
                        <Link className="govuk-link" to={`/staff/applications/${row.id}/scores`}>
                          {row.reference ?? "No reference"}: <span className="app-wrap-anywhere">{row.title || "Untitled"}</span>
                        </Link>
                        <span className="govuk-!-display-block govuk-body-s govuk-!-margin-bottom-0">{row.organisationName}</span>
                        {row.decision ? (
                          <span className="govuk-!-display-block govuk-!-margin-top-1">
                            <Tag colour={DECISION_OUTCOME[row.decision.outcome]!.colour}>{DECISION_OUTCOME[row.decision.outcome]!.text}</Tag>
                          </span>
                        ) : null}
                      </td>
                      <td className="govuk-table__cell">{principlesText(row)}</td>
                      <td className="govuk-table__cell">{row.areas.map((x) => x.name).join(", ") || "None given"}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">
                        {row.rankScore === null ? dash : formatScore(row.rankScore)}
                        {row.moderated ? <span className="govuk-!-display-block govuk-body-s govuk-!-margin-bottom-0">moderated</span> : null}
                      </td>
                      <td className="govuk-table__cell govuk-table__cell--numeric app-nowrap">
                        {formatMoney(row.amountPence)}
                        {awarded && row.amountRequestedPence !== row.decision!.amountPence ? (
                          <span className="govuk-!-display-block govuk-body-s govuk-!-margin-bottom-0">
                            awarded; asked {formatMoney(row.amountRequestedPence ?? 0)}
                          </span>
                        ) : null}
                        {row.mark === "declined" || row.mark === "reserve" ? (
                          <span className="govuk-!-display-block govuk-body-s govuk-!-margin-bottom-0">not counted</span>
                        ) : null}
                      </td>
                      <td className="govuk-table__cell govuk-table__cell--numeric app-nowrap">
                        {row.runningPence === null ? dash : formatMoney(row.runningPence)}
                      </td>
                      <td className="govuk-table__cell">
                        <Tag colour={mark.colour}>{mark.text}</Tag>
                        {row.mark === "crosses" ? (
                          <span className="govuk-!-display-block govuk-body-s govuk-!-margin-bottom-0">The budget runs out here</span>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {ranked.length === 0 ? <p className="govuk-body">No application has a submitted score yet, so none is ranked.</p> : null}

          <Balance d={d} count={within.length} />
        </>
      )}
    </>
  );
}

function Balance({ d, count }: { d: Data; count: number }) {
  const { balance } = d;
  const missing = balance.principles.filter((p) => p.main === 0).map((p) => String(p.number));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h2 className="govuk-heading-m">Balance of the portfolio</h2>
        <p className="govuk-body">
          {count === 0
            ? "No application is within the budget yet, so there is no portfolio to balance."
            : `What the ${count === 1 ? "application" : `${count} applications`} within the budget cover, before you decide.`}
        </p>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Marmot principles</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Principle
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                As main principle
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Named at all
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {balance.principles.map((p) => (
              <tr className="govuk-table__row" key={p.number}>
                <th scope="row" className="govuk-table__header govuk-!-font-weight-regular">
                  {p.number}. {p.title}
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{p.main}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{p.any}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {missing.length ? (
          <p className="govuk-body">
            Within the budget, no application yet has principle {listWords(missing, "or")} as its main principle.
          </p>
        ) : null}

        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Wards reached</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Ward
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Applications
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {balance.wardsReached.length ? (
              balance.wardsReached.map((w) => (
                <tr className="govuk-table__row" key={w.name}>
                  <th scope="row" className="govuk-table__header govuk-!-font-weight-regular">
                    {w.name}
                  </th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{w.applications}</td>
                </tr>
              ))
            ) : (
              <tr className="govuk-table__row">
                <td className="govuk-table__cell" colSpan={2}>
                  No ward reached yet
                </td>
              </tr>
            )}
          </tbody>
        </table>
        <p className="govuk-body">
          {balance.wardsNotReached.length === 0
            ? `All ${balance.wardCount} wards are reached.`
            : `${balance.wardsNotReached.length} of the ${balance.wardCount} wards ${balance.wardsNotReached.length === 1 ? "is" : "are"} not reached: ${balance.wardsNotReached.join(", ")}.`}
        </p>
      </div>
    </div>
  );
}

function listWords(items: string[], joiner = "and") {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${joiner} ${items[items.length - 1]}`;
}
