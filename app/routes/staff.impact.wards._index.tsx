// Did the money follow need? For staff (and the Board papers they print from it): each ward's
// share of the money awarded, beside its need, wards ranked from most to least deprived by a
// measure staff choose (the Social Progress Index by default); the share of the money in the most
// and least deprived fifths, the concentration index, and one sentence that says what they mean;
// a bar chart and the same numbers in a table; the table as a CSV file. Filters are a GET form.
// The counting is in app/models/need.server.ts; this page says it in plain words.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BarChart, type BarGroup } from "~/components/charts/bar-chart";
import { WardMap } from "~/components/charts/ward-map";
import { wardMapData } from "~/models/boundaries.server";
import { SummaryList, WarningText } from "~/components/govuk/content";
import { Select } from "~/components/govuk/form";
import { DemoLeftOut } from "~/components/impact-demo-notice";
import { describeFilters, ImpactFilterForm } from "~/components/impact-filters";
import { demoAwardsLeftOut, impactFilterChoices, impactQuery, readImpactFilters } from "~/models/impact.server";
import { formatIndex, measureHeading, MIN_AWARDS_FOR_VERDICT, MIN_WARDS_FOR_VERDICT, percent } from "~/models/need";
import { readNeed, wardFunding } from "~/models/need.server";
import { requireRole } from "~/utils/auth.server";
import { formatMoney } from "~/utils/format";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle("Did the money follow need?", matches);

/** The filters and the measure of need as a query string, for links and the CSV. */
export function wardQuery(filterQuery: string, needId: number | null): string {
  if (needId === null) return filterQuery;
  return `${filterQuery}${filterQuery ? "&" : "?"}need=${needId}`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const search = new URL(request.url).searchParams;
  const filters = readImpactFilters(search);
  const data = wardFunding(filters, readNeed(search));
  const choices = impactFilterChoices();
  const query = wardQuery(impactQuery(filters), data.measureChosen && data.measure ? data.measure.id : null);
  const needId = data.measureChosen && data.measure ? data.measure.id : null;
  return json({
    ...data,
    filters,
    choices,
    query,
    filterQuery: impactQuery(filters),
    described: describeFilters(filters, choices),
    demoLeftOut: demoAwardsLeftOut(filters),
    wardMap: wardMapData(data.wards),
    withDemoQuery: wardQuery(impactQuery({ ...filters, includeDemo: true }), needId),
  });
}

const number = (n: number) => n.toLocaleString("en-GB", { maximumFractionDigits: 2 });
const fifthText = (fifth: number | null) =>
  fifth === null ? "Not ranked" : fifth === 1 ? "1 (most deprived)" : fifth === 5 ? "5 (least deprived)" : String(fifth);
const ordinal = ["", "Most deprived fifth", "Second fifth", "Middle fifth", "Fourth fifth", "Least deprived fifth"];
const perResident = (pence: number | null) => (pence === null ? "No population figure" : formatMoney(Math.round(pence)));
const wardsText = (n: number) => `${n} ${n === 1 ? "ward" : "wards"}`;
const NOT_WITH_FILTER =
  "Not shown with a ward or neighbourhood filter: the fifths are of all the place's wards, so their shares only mean something for the whole place";

/** What the concentration index is: once, in "How we count" (it prints), linked from the figures. */
function IndexExplained() {
  return (
    <>
      <h3 className="govuk-heading-s" id="concentration-index">
        What is a concentration index?
      </h3>
      <p className="govuk-body">
        One number that says whether money went more to the wards with greater need. It runs from −1 to 1. Below 0 (negative), the money is
        concentrated in the more deprived wards; 0 means it is spread evenly whatever the need; above 0 (positive), it is concentrated in the less
        deprived wards. We call anything between −0.05 and 0.05 &ldquo;about even&rdquo;, and from 0.2 either way &ldquo;clearly&rdquo; towards one
        end. For example, with five wards and all the money in the most deprived one, the index is −0.8; with the same money in every ward it is 0.
      </p>
      <p className="govuk-body">
        We say what the index means only when at least {MIN_AWARDS_FOR_VERDICT} awards have money in at least {MIN_WARDS_FOR_VERDICT} ranked wards.
        With fewer, one or two awards decide it, so the page gives the figures and says there are too few awards to say whether money followed need.
      </p>
    </>
  );
}

function fifthsHow(sizes: number[] | null, count: number): string {
  if (!sizes) return `Fewer than five wards have a value, so they are not split into fifths.`;
  const even = sizes.every((s) => s === sizes[0]);
  return even
    ? `The ${count} wards with a value are split into five groups of ${sizes[0]} by count (not by population).`
    : `The ${count} wards with a value are split into five groups by count (not by population): ${sizes.join(", ")}, the more deprived fifths taking one extra ward each when the number of wards does not divide by five.`;
}

export default function WardFundingPage() {
  const d = useLoaderData<typeof loader>();
  const measureName = d.measure?.name ?? "no measure";
  const anyPopulation = d.wards.some((w) => w.population !== null);
  const allPopulation = d.wards.length > 0 && d.wards.every((w) => w.population !== null);
  // Columns empty for every ward shown are left out (said under the table), not printed as "Not set" twenty times.
  const showNeighbourhood = d.wards.some((w) => w.neighbourhood !== null);
  const showPerResident = anyPopulation;
  const dropped = [
    showNeighbourhood ? null : "no ward shown has a neighbourhood set, so there is no neighbourhood column",
    showPerResident ? null : "no ward shown has a population figure, so there is no funding per resident column",
  ].filter((x): x is string => x !== null);
  // The shares are of the money in the ranked wards shown (all of them when every ward has a value).
  const sharesOf = `${d.filtered ? "the " : ""}${d.unranked.length ? "ranked " : ""}wards${d.filtered ? " shown" : ""}`;

  const groups: BarGroup[] = [];
  if (d.fifthSizes) {
    for (const fifth of [1, 2, 3, 4, 5]) {
      const bars = d.wards.filter((w) => w.fifth === fifth);
      if (bars.length)
        groups.push({
          heading: ordinal[fifth]!,
          bars: bars.map((w) => ({
            label: w.name,
            valuePence: w.awardedPence,
          })),
        });
    }
    const rest = d.wards.filter((w) => w.fifth === null);
    if (rest.length)
      groups.push({
        heading: "Not ranked (no value)",
        bars: rest.map((w) => ({ label: w.name, valuePence: w.awardedPence })),
      });
  } else {
    groups.push({
      heading: null,
      bars: d.wards.map((w) => ({ label: w.name, valuePence: w.awardedPence })),
    });
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <span className="govuk-caption-l">Impact</span>
        <h1 className="govuk-heading-l">Did the money follow need?</h1>
        <p className="govuk-body">
          The money awarded in each ward beside how deprived the ward is, to show whether funding goes where the need is greatest.
        </p>

        {d.measureNote ? <WarningText>{d.measureNote}</WarningText> : null}

        <DemoLeftOut count={d.demoLeftOut} href={`/staff/impact/wards${d.withDemoQuery}`} />

        <ImpactFilterForm action="/staff/impact/wards" filters={d.filters} choices={d.choices} query={d.query}>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-two-thirds">
              <Select
                name="need"
                label="Measure of need"
                labelSize="s"
                hint="Wards are ranked from most to least deprived by this measure."
                defaultValue={d.measure ? String(d.measure.id) : ""}
                options={d.measures.map((m) => ({
                  value: String(m.id),
                  text: m.name,
                }))}
              />
            </div>
          </div>
        </ImpactFilterForm>

        <p className="govuk-body" id="showing">
          Showing: {d.described}. Need measured by {measureName}.
        </p>

        <h2 className="govuk-heading-m">What the numbers say</h2>
        <div className="govuk-inset-text">
          <p className="govuk-body-l govuk-!-margin-bottom-0" id="need-sentence">
            {d.sentence}
          </p>
        </div>
        <SummaryList
          rows={[
            {
              key: "Most deprived fifth of wards",
              value:
                d.filtered && !d.rankProblem
                  ? NOT_WITH_FILTER
                  : d.mostDeprivedShare === null
                  ? d.rankProblem
                    ? "Not worked out"
                    : "No share to show"
                  : `${percent(d.mostDeprivedShare)} of the funding in ${sharesOf}`,
            },
            {
              key: "Least deprived fifth of wards",
              value:
                d.filtered && !d.rankProblem
                  ? NOT_WITH_FILTER
                  : d.leastDeprivedShare === null
                  ? d.rankProblem
                    ? "Not worked out"
                    : "No share to show"
                  : `${percent(d.leastDeprivedShare)} of the funding in ${sharesOf}`,
            },
            {
              key: "Concentration index",
              value:
                d.concentration.index === null
                  ? (d.concentration.problem ?? "Not worked out")
                  : `${formatIndex(d.concentration.index)} (${
                      d.concentration.weighting === "population" ? "by funding per resident" : "by funding per ward, each ward counted the same"
                    }, ${wardsText(d.concentration.wards)})${d.verdict ? "" : ": too few awards to say what it means"}`,
            },
            ...(d.unranked.length
              ? [
                  {
                    key: `Money in wards with no value for ${measureName}`,
                    value: `${formatMoney(d.unrankedPence)} in ${wardsText(d.unranked.length)} (${d.unranked.join(", ")}): left out of the shares and the index`,
                  },
                ]
              : []),
            ...(d.filtered
              ? []
              : [
                  {
                    key: "Money not tied to a ward",
                    value:
                      d.notInWard.awardedPence > 0
                        ? `${formatMoney(d.notInWard.awardedPence)} (${d.notInWard.projects} ${d.notInWard.projects === 1 ? "project" : "projects"} named no ward): left out of the shares`
                        : "None: every project named a ward",
                  },
                ]),
          ]}
        />
        <p className="govuk-body">
          <a className="govuk-link" href="#concentration-index">
            What is a concentration index?
          </a>
        </p>

        <h2 className="govuk-heading-m">Money awarded by ward</h2>
        <p className="govuk-body-s" id="chart-note">
          {d.rankedCount
            ? `Most deprived first, by ${measureName}${d.fifthSizes ? ", in fifths" : ""}. `
            : "In alphabetical order: need cannot be ranked by this measure. "}
          Amounts are to the nearest pound; the table has them to the penny.
        </p>
        <BarChart
          caption={
            d.rankedCount
              ? `Money awarded by ward (to the nearest pound), most deprived first (by ${measureName})`
              : "Money awarded by ward (to the nearest pound)"
          }
          hideCaption
          intro={
            d.rankedCount
              ? `Money awarded to each ward, most deprived first by ${measureName}${d.fifthSizes ? ", in fifths" : ""}.`
              : "Money awarded to each ward, in alphabetical order: need cannot be ranked by this measure."
          }
          groups={groups}
        />

        <h2 className="govuk-heading-m">Map of the money awarded by ward</h2>
        {d.wardMap ? (
          <WardMap {...d.wardMap} hideCaption />
        ) : (
          <p className="govuk-body" id="ward-map-note">
            A map appears here once ward boundaries are loaded.{" "}
            <Link className="govuk-link" to="/staff/wards/boundaries">
              Load ward boundaries
            </Link>
          </p>
        )}

        <h2 className="govuk-heading-m">Funding and need by ward</h2>
        <div className="app-table-scroll app-ward-table" tabIndex={0} role="region" aria-labelledby="ward-table-caption">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden" id="ward-table-caption">
              Funding and need by ward
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Ward
                </th>
                {showNeighbourhood ? (
                  <th scope="col" className="govuk-table__header">
                    Neighbourhood
                  </th>
                ) : null}
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  {d.measure ? measureHeading(d.measure) : "Need"}
                </th>
                <th scope="col" className="govuk-table__header">
                  Need group (1 = most deprived fifth)
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Projects
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Awarded
                </th>
                {showPerResident ? (
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Per resident
                  </th>
                ) : null}
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  People reached
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {d.wards.map((w) => (
                <tr className="govuk-table__row" key={w.id}>
                  <th scope="row" className="govuk-table__header">
                    {w.name}
                  </th>
                  {showNeighbourhood ? <td className="govuk-table__cell">{w.neighbourhood ?? "Not set"}</td> : null}
                  <td className="govuk-table__cell govuk-table__cell--numeric">{w.needValue === null ? "No value" : number(w.needValue)}</td>
                  <td className="govuk-table__cell">{fifthText(w.fifth)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{w.projects}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric app-nowrap">{formatMoney(w.awardedPence)}</td>
                  {showPerResident ? <td className="govuk-table__cell govuk-table__cell--numeric">{perResident(w.perResidentPence)}</td> : null}
                  <td className="govuk-table__cell govuk-table__cell--numeric">{number(w.peopleReached)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  {d.filtered ? "Wards shown" : "All wards"}
                </th>
                {showNeighbourhood ? <td className="govuk-table__cell" /> : null}
                <td className="govuk-table__cell" />
                <td className="govuk-table__cell" />
                <td className="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold">{d.totals.projects}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold app-nowrap">
                  {formatMoney(d.totals.awardedPence)}
                </td>
                {showPerResident ? (
                  <td className="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold">
                    {allPopulation && d.totals.population ? perResident(d.totals.awardedPence / d.totals.population) : "Not for every ward"}
                  </td>
                ) : null}
                <td className="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold">{number(d.totals.peopleReached)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
        {dropped.length ? (
          <p className="govuk-body" id="ward-table-dropped">
            Left out of the table: {dropped.join("; ")}.
          </p>
        ) : null}
        <p className="govuk-body">
          A project in several wards is counted once in the total of projects, and in each of its wards above.
          {d.unranked.length
            ? ` No value for ${measureName}, so left out of the ranking, the shares and the index: ${d.unranked.join(", ")} (${formatMoney(d.unrankedPence)} awarded).`
            : ""}
          {d.tiesAcrossFifths.length
            ? ` Same value, put in name order across two fifths: ${d.tiesAcrossFifths.map((names) => names.join(" and ")).join("; ")}.`
            : ""}
        </p>
        {!d.filtered && d.notInWard.awardedPence > 0 ? (
          <p className="govuk-body">
            Money not tied to a ward: {formatMoney(d.notInWard.awardedPence)} awarded ({formatMoney(d.notInWard.paidPence)} paid) to{" "}
            {d.notInWard.projects} {d.notInWard.projects === 1 ? "project that" : "projects that"} named no ward. It is not in the table or the shares.
          </p>
        ) : null}

        <ul className="govuk-list">
          <li>
            <a className="govuk-link" href={`/staff/impact/wards.csv${d.query}`} download>
              Download this table (CSV)
            </a>
          </li>
          <li>
            <Link className="govuk-link" to={`/staff/impact${d.filterQuery}`}>
              Impact against the Marmot principles
            </Link>
          </li>
        </ul>

        <h2 className="govuk-heading-m">How we count</h2>
        <p className="govuk-body">
          An award counts from the moment it is offered until it is withdrawn or declined, so the money here matches the rounds&rsquo; budget pages.
          People reached come from each project&rsquo;s latest accepted return only.
        </p>
        <p className="govuk-body">
          A project that serves several wards is shared between them by the people its latest accepted return says it reached in each ward. Until
          a return reports people by ward, it is shared equally between the wards its application named; a neighbourhood named on an application
          stands for its wards. So the wards add up to the whole.
        </p>
        <p className="govuk-body">
          Wards are ranked from most to least deprived by {measureName}
          {d.measure?.polarity === "higher_is_better"
            ? " (a lower value means more deprived)"
            : d.measure?.polarity === "lower_is_better"
              ? " (a higher value means more deprived)"
              : ""}
          , using each ward&rsquo;s latest value. Wards with the same value are put in name order, so two wards with the same value can fall in
          different fifths; the page names them when that happens. Wards with no value are left out of the ranking.{" "}
          {d.rankProblem ?? fifthsHow(d.fifthSizes, d.rankedCount)} The shares of the most and least deprived fifths, and the index, are of the money
          in the ranked wards{d.filtered ? " shown" : ""}; money in wards with no value is shown on its own, like money not tied to a ward.
          {d.filtered
            ? " With a ward or neighbourhood filter, a ward's fifth is still its place among all the wards, so the shares of the most and least deprived fifths are not shown (they only mean something for the whole place); the index compares the wards shown with each other."
            : ""}
        </p>
        <p className="govuk-body">
          The concentration index compares each ward&rsquo;s funding with its place in the ranking, from the most deprived.{" "}
          {d.concentration.weighting === "population"
            ? "Every ward has a population figure, so it uses funding per resident and counts each ward by its population."
            : "Not every ward has a population figure, so it uses the money in each ward and counts each ward the same."}{" "}
        </p>
        <IndexExplained />
        <p className="govuk-body">
          Money for projects that named no ward is not tied to any ward: it is shown on its own and left out of the shares and the index.
        </p>
        <p className="govuk-body">
          Each ward&rsquo;s share of an award is worked out to a fraction of a penny and the wards are rounded to whole pence so that they add up
          to the rounded total. The wards and the money not tied to a ward add up to the same total as the impact by principle page.
        </p>
        <p className="govuk-body">
          Awards in demo rounds are left out, unless you tick &ldquo;Include demo rounds&rdquo; or choose a demo round.
        </p>
        {!anyPopulation ? (
          <p className="govuk-body">
            <Link className="govuk-link" to="/staff/indicators">
              Import ward populations as a Fingertips file or enter them on the Resident population indicator to see funding per resident
            </Link>
            .
          </p>
        ) : (
          <p className="govuk-body">
            Funding per resident divides the money awarded in a ward by the latest figure of {d.population?.name ?? "the population indicator"}
            {allPopulation ? "." : `, where a ward has one. Wards without a figure show "No population figure".`}{" "}
            <Link className="govuk-link" to="/staff/indicators">
              Change the population figures
            </Link>
            .
          </p>
        )}
      </div>
    </div>
  );
}
