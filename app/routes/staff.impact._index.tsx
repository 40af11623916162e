// Impact against the Marmot principles, for staff (and for the Health Equity Town Board's papers):
// what the funded awards in the filters cost, paid, reached and achieved, one row per principle
// by each award's main principle, with how we count in plain words; then, per principle, its
// indicators: the place against its statistical neighbours, its region and England, in words,
// and their trend as a chart with the numbers beside it. Filters are a GET form (a filtered view
// is a link); the table downloads as CSV with the same filters. Prints for A4 (portal.scss).
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { LineChart } from "~/components/charts/line-chart";
import { SummaryList } from "~/components/govuk/content";
import { DemoLeftOut } from "~/components/impact-demo-notice";
import { describeFilters, ImpactFilterForm } from "~/components/impact-filters";
import { demoAwardsLeftOut, impactFilterChoices, impactQuery, readImpactFilters } from "~/models/impact.server";
import { principleRollup, type IndicatorView, type PrincipleSection, type RollupMeasures } from "~/models/rollup.server";
import { requireRole } from "~/utils/auth.server";
import { formatMoney } from "~/utils/format";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle("Impact against the Marmot principles", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const filters = readImpactFilters(new URL(request.url).searchParams);
  const choices = impactFilterChoices();
  return json({
    filters,
    choices,
    query: impactQuery(filters),
    description: describeFilters(filters, choices),
    rollup: principleRollup(filters),
    demoLeftOut: demoAwardsLeftOut(filters),
    withDemoQuery: impactQuery({ ...filters, includeDemo: true }),
  });
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
const number = (n: number) => n.toLocaleString("en-GB");
const targets = (m: RollupMeasures) => (m.targetsSet ? `${number(m.targetsMet)} of ${number(m.targetsSet)}` : "None set");

/** "Print this page": a button only where JavaScript can print; the sentence works everywhere. */
function PrintButton() {
  const [canPrint, setCanPrint] = useState(false);
  useEffect(() => setCanPrint(typeof window.print === "function"), []);
  if (!canPrint) return null;
  return (
    <button type="button" className="govuk-button govuk-button--secondary app-no-print" data-module="govuk-button" onClick={() => window.print()}>
      Print this page
    </button>
  );
}

function Indicator({ view, wardName }: { view: IndicatorView; wardName: string | null }) {
  // The unit after the name, unless the name already says it: "Smoking prevalence (% adults 18+)".
  const unit = view.unit && !view.label.includes(view.unit) ? ` (${view.unit})` : "";
  const anyValue = view.latest.some((l) => l.point);
  const place = view.latest.find((l) => l.role === "local_authority");
  return (
    <div className="app-indicator">
      <h3 className="govuk-heading-s">{view.label}</h3>
      {view.definition ? <p className="govuk-body-s">{view.definition}</p> : null}
      {anyValue ? (
        <>
          <p className="govuk-body">
            {view.comparison ? (
              <>
                {place?.areaName ?? "The place"} compared with England ({view.comparison.period}): <strong>{view.comparison.text}</strong>
              </>
            ) : (
              <>There is no England figure for the same period to compare {place?.areaName ?? "the place"} with.</>
            )}
          </p>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--s">
              {view.label}
              {unit}: latest figures
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Area
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Value{view.unit ? ` (${view.unit})` : ""}
                </th>
                <th scope="col" className="govuk-table__header">
                  Period
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {view.latest.map((l) => (
                <tr className="govuk-table__row" key={l.role}>
                  <th scope="row" className="govuk-table__header">
                    {l.areaName}
                    {l.role === "ward" ? " (ward)" : ""}
                  </th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{l.point ? number(l.point.value) : "No data"}</td>
                  <td className="govuk-table__cell">{l.point?.period ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {view.series.periods.length >= 2 ? (
            <LineChart
              caption={`${view.label}${unit}: trend`}
              tableCaption={`${view.label}${unit}: figures by period`}
              periods={view.series.periods}
              lines={view.series.lines}
              unit={view.unit}
            />
          ) : null}
        </>
      ) : (
        <p className="govuk-body">
          No figures yet{wardName ? ` for ${wardName} or` : " for"} the comparison areas. Staff can add them on the indicators pages.
        </p>
      )}
      {view.linked.results ? (
        <p className="govuk-body">
          Funded projects’ outcomes linked to this indicator: {plural(view.linked.results, "result", "results")} reported, {number(view.linked.met)}{" "}
          met
          {view.linked.met === 1 ? " its target" : " their targets"}.
        </p>
      ) : null}
      {view.source ? <p className="govuk-body-s">Source: {view.source}</p> : null}
    </div>
  );
}

/** A principle's indicators already shown under an earlier one (APHR groups principles 1 and 2): a link up, not the same blocks again. */
function ShownAbove({ section }: { section: PrincipleSection }) {
  if (!section.shownAbove.length) return null;
  const earlier = [...new Set(section.shownAbove.map((i) => i.principleNumber))];
  const link = (n: number) => (
    <a className="govuk-link" href={`#principle-${n}`} key={n}>
      Principle {n} above
    </a>
  );
  if (!section.indicators.length && earlier.length === 1) {
    return (
      <p className="govuk-body">
        Principles {earlier[0]} and {section.number} share these indicators: see {link(earlier[0]!)}.
      </p>
    );
  }
  return (
    <>
      <p className="govuk-body">
        {section.indicators.length ? "Also for this principle, shown above:" : "This principle’s indicators are shown above:"}
      </p>
      <ul className="govuk-list govuk-list--bullet">
        {section.shownAbove.map((i) => (
          <li key={`${i.label}-${i.principleNumber}`}>
            {i.label}: see {link(i.principleNumber)}
          </li>
        ))}
      </ul>
    </>
  );
}

export default function ImpactPage() {
  const { filters, choices, query, description, rollup, demoLeftOut, withDemoQuery } = useLoaderData<typeof loader>();
  const { totals, rows } = rollup;
  const wardName = rollup.ward?.name ?? null;
  const areaFiltered = Boolean(filters.wardId || filters.neighbourhoodId);
  const chosenPrinciple = choices.principles.find((p) => p.id === filters.principleId) ?? null;
  return (
    <>
      <span className="govuk-caption-l">Staff</span>
      <h1 className="govuk-heading-l">Impact against the Marmot principles</h1>
      <p className="govuk-body-l" id="showing">
        Showing: {description}
      </p>

      <DemoLeftOut count={demoLeftOut} href={`/staff/impact${withDemoQuery}`} />

      <ImpactFilterForm action="/staff/impact" filters={filters} choices={choices} query={query} />

      <ul className="govuk-list app-no-print">
        <li>
          <a className="govuk-link" href={`/staff/impact/principles.csv${query}`} download>
            Download this table (CSV)
          </a>
        </li>
        <li>
          <Link className="govuk-link" to={`/staff/impact/wards${query}`}>
            Did the money follow need? Funding by ward
          </Link>
        </li>
      </ul>
      <p className="govuk-body app-no-print">
        To put this page in a Board paper, use your browser’s Print: the filters, menus and buttons are left out.
      </p>
      <PrintButton />

      <h2 className="govuk-heading-m">Summary</h2>
      <SummaryList
        rows={[
          {
            key: "Awards",
            value: (
              <>
                {plural(totals.awards, "award", "awards")}
                {totals.offered ? `, of which ${plural(totals.offered, "offer is", "offers are")} not accepted yet` : ""}
                {totals.demo ? (
                  <span className="govuk-!-display-block govuk-!-margin-top-1">
                    Includes {plural(totals.demo, "award", "awards")} in demo rounds: not real funding
                  </span>
                ) : null}
              </>
            ),
          },
          {
            key: areaFiltered ? "Money awarded (the area’s share)" : "Money awarded",
            value: formatMoney(totals.awardedPence),
          },
          {
            key: areaFiltered ? "Paid (the area’s share)" : "Paid",
            value: formatMoney(totals.paidPence),
          },
          {
            key: areaFiltered ? "People reached in the area" : "People reached",
            value: `${number(totals.peopleReached)} (from ${plural(totals.withReturn, "award", "awards")} with an accepted return)`,
          },
          {
            key: "Outcomes and outputs met",
            value: totals.targetsSet
              ? `${number(totals.targetsMet)} of ${plural(totals.targetsSet, "target", "targets")} met${
                  totals.targetsNotReported ? ` (${number(totals.targetsNotReported)} not reported yet)` : ""
                }`
              : "No targets reported against yet",
          },
          { key: "Wards reached", value: number(totals.wardsReached) },
        ]}
      />
      {chosenPrinciple ? (
        <p className="govuk-body" id="principle-note">
          These figures are every award that works towards principle {chosenPrinciple.number}, as its main principle or as well; in the table each is
          still counted in its main principle’s row.
        </p>
      ) : null}

      <div className="app-table-scroll app-rollup-scroll" tabIndex={0} role="region" aria-labelledby="rollup-table-caption">
        <table className="govuk-table app-rollup-table">
          <caption className="govuk-table__caption govuk-table__caption--m" id="rollup-table-caption">
            Awards by main Marmot principle
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Principle
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Awards
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Also works towards
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Awarded
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Paid
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                People reached
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Targets met
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Wards reached
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((r) => (
              <tr className="govuk-table__row" key={r.principleId ?? "none"}>
                <th scope="row" className="govuk-table__header">
                  {r.number ? `${r.number}. ` : ""}
                  {r.title}
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{number(r.measures.awards)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{number(r.alsoWorksTowards)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric app-nowrap">{formatMoney(r.measures.awardedPence)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric app-nowrap">{formatMoney(r.measures.paidPence)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{number(r.measures.peopleReached)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{targets(r.measures)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{number(r.measures.wardsReached)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="govuk-table__row app-rollup-table__total">
              <th scope="row" className="govuk-table__header">
                Total
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{number(totals.awards)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                <span aria-hidden="true">–</span>
                <span className="govuk-visually-hidden">Not added up: an award can work towards several principles</span>
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric app-nowrap">{formatMoney(totals.awardedPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric app-nowrap">{formatMoney(totals.paidPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{number(totals.peopleReached)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{targets(totals)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{number(totals.wardsReached)}</td>
            </tr>
          </tfoot>
        </table>
      </div>

      <div className="govuk-inset-text app-how-we-count">
        <h2 className="govuk-heading-m">How we count</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            Each award is counted once, under its main Marmot principle, so the rows add up to the total. “Also works towards” counts the awards that
            name the principle as well as their main one; they are not added to the total.
          </li>
          <li>
            Choosing a principle shows every award that works towards it, as its main principle or as well; each is still counted in its main
            principle’s row.
          </li>
          <li>
            An award counts from the day it is offered until it is withdrawn or declined. Its year is the financial year (April to March) of the day
            it was awarded.
          </li>
          <li>
            A project that serves several wards is shared between them by the number of people its latest accepted return says it reached in each
            ward. Until a return reports people by ward, it is shared equally between the wards its application named (a neighbourhood stands for its
            wards).
          </li>
          <li>
            With a ward or neighbourhood chosen, an award that works there counts as one award, but only the area’s share of its money is added up,
            and only the people it reached in the area. Targets are counted for the whole project, because a target is not split between wards.
          </li>
          <li>
            People reached and outcomes come from each award’s latest accepted return only. Returns report totals so far, so adding an interim and a
            final return together would count the same people twice.
          </li>
          <li>An outcome or output is met when the figure reported is at least its target. One with no figure yet is not reported yet.</li>
          <li>
            Wards reached are the wards where an award’s latest accepted return reports people reached. A ward a project only planned to serve is not
            counted until a return says it reached people there.
          </li>
          <li>
            Money is added up exactly and rounded to the penny once: the rows are rounded so that they add up to the total, which is the same total as
            on the funding by ward page (the wards and any money not tied to a ward).
          </li>
          <li>
            Awards in demo rounds are left out, unless you tick “Include demo rounds” or choose a demo round. When they are in, the summary says how
            many there are.
          </li>
          <li>
            Indicators show the latest period with a value for each area. A missing value is shown as missing, never as zero. Compared with England,
            “better” or “worse” is only said when both figures have confidence intervals that do not overlap; otherwise the page says “higher” or
            “lower” and which way is better.
          </li>
        </ul>
      </div>

      {rollup.overarching.length ? (
        <section className="app-print-section">
          <h2 className="govuk-heading-m">Overarching indicators</h2>
          {rollup.overarching.map((v) => (
            <Indicator view={v} wardName={wardName} key={`${v.indicatorId}-${v.sex}`} />
          ))}
        </section>
      ) : null}

      {rollup.sections.map((s) => {
        const row = rows.find((r) => r.principleId === s.principleId);
        return (
          <section className="app-print-section" key={s.principleId} id={`principle-${s.number}`}>
            <h2 className="govuk-heading-m">
              Principle {s.number}: {s.title}
            </h2>
            {row ? (
              <p className="govuk-body">
                {plural(row.measures.awards, "award", "awards")} with this as the main principle ({formatMoney(row.measures.awardedPence)} awarded,{" "}
                {formatMoney(row.measures.paidPence)} paid, {plural(row.measures.peopleReached, "person", "people")} reached);{" "}
                {number(row.alsoWorksTowards)} more also {row.alsoWorksTowards === 1 ? "works" : "work"} towards it.
              </p>
            ) : null}
            <ShownAbove section={s} />
            {s.indicators.map((v) => (
              <Indicator view={v} wardName={wardName} key={`${v.indicatorId}-${v.sex}`} />
            ))}
            {s.indicators.length || s.shownAbove.length ? null : <p className="govuk-body">This principle has no indicators yet.</p>}
          </section>
        );
      })}
    </>
  );
}
