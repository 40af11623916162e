// Open data: the awards as 360Giving data. Says in plain words what is published and what is not,
// how many grants, what to put right before publishing, and offers the data package (JSON) and
// the spreadsheet (CSV). The downloads are checked against the official 360Giving schemas first.
// The form is a plain GET form (no JavaScript needed): its download buttons send the demo choice
// to the download addresses; "Show the counts for this choice" shows this page for the choice.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { NotificationBanner, SummaryList, WarningText } from "~/components/govuk/content";
import { DATA_QUALITY_TOOL_URL, openDataSettings, readOpenDataOptions, threeSixtyGivingExport } from "~/models/three-sixty-giving.server";
import { requireRole } from "~/utils/auth.server";
import { formatMoney } from "~/utils/format";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = () => pageTitle("Open data: 360Giving");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "staff");
  const options = readOpenDataOptions(new URL(request.url).searchParams);
  const result = threeSixtyGivingExport(options);
  return json({
    includeDemo: options.includeDemo ?? false,
    isAdmin: user.isAdmin,
    counts: result.counts,
    warnings: result.warnings,
    errors: result.ok ? null : result.errors,
    settings: openDataSettings(),
  });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default function OpenData() {
  const { includeDemo, isAdmin, counts, warnings, errors, settings } = useLoaderData<typeof loader>();
  const fixLink = (fix: string | null) =>
    fix === "place" ? (
      isAdmin ? (
        <>
          {" "}
          <Link className="govuk-link" to="/admin/place">
            Change the place settings
          </Link>
          .
        </>
      ) : (
        " An admin sets it in the place settings."
      )
    ) : fix === "wards" ? (
      <>
        {" "}
        <Link className="govuk-link" to="/staff/wards">
          Go to wards and neighbourhoods
        </Link>
        .
      </>
    ) : null;

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">Staff</span>
        <h1 className="govuk-heading-l">Open data: 360Giving</h1>
        <p className="govuk-body">
          360Giving is the UK's open standard for publishing grants. Funders publish their grants in it so that anyone can
          see who funded what, and where. Here you download the portal's awards in that standard, to check and then publish
          on the council's website.
        </p>

        <h2 className="govuk-heading-m">What is published</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            Awards the grantee has accepted, and completed awards. An offer that has not been accepted yet is not a grant
            yet, so it is left out. Declined and withdrawn awards are never published.
          </li>
          <li>
            For each grant: its title and summary, the amount awarded, paid so far and applied for, the award date and
            planned dates, the programme and round, the wards it serves, and the Marmot principles it is tagged with (its main principle first, marked "Main principle").
          </li>
          <li>
            The organisations' public identifiers: their charity or company number where they have one, otherwise the
            portal's own identifier, with their name, town and postcode (for a group that is not a registered charity
            or company, only the first part of its postcode, such as LU1: its address may be a volunteer's home).
          </li>
        </ul>
        <h2 className="govuk-heading-m">What is not published</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>No personal data: no names of people, email addresses, phone numbers or street addresses.</li>
          <li>No individuals: the portal funds organisations only.</li>
          <li>Nothing else from the application: no budget, scores, panel comments, conditions or evaluation returns.</li>
          <li>Demo rounds, unless you ask for them below to try the portal.</li>
        </ul>

        <h2 className="govuk-heading-m">How many grants</h2>
        <SummaryList
          rows={[
            { key: "Grants in the file", value: `${plural(counts.grants, "grant", "grants")}, ${formatMoney(counts.amountAwardedPence)} awarded` },
            { key: "Offers not yet accepted (left out)", value: String(counts.offersNotAccepted) },
            { key: "Declined or withdrawn (never published)", value: String(counts.declinedOrWithdrawn) },
            includeDemo
              ? { key: "Grants from demo rounds (included)", value: String(counts.demoIncluded) }
              : { key: "Grants from demo rounds (left out)", value: String(counts.demoLeftOut) },
            { key: "360Giving prefix", value: settings.grantIdPrefix ? `360G-${settings.grantIdPrefix}` : `Not set (provisional: 360G-${settings.provisionalPrefix})` },
            { key: "Funder organisation identifier", value: settings.funderOrgId ?? "Not set" },
          ]}
        />

        {errors ? (
          <NotificationBanner title="Important">
            <h3 className="govuk-notification-banner__heading">The file cannot be downloaded</h3>
            <ul className="govuk-list govuk-list--bullet">
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </NotificationBanner>
        ) : null}

        <h2 className="govuk-heading-m">Before you publish</h2>
        {warnings.length ? (
          warnings.map((w) => (
            <WarningText key={w.key}>
              {w.text}
              {fixLink(w.fix)}
            </WarningText>
          ))
        ) : (
          <p className="govuk-body">Nothing to put right: the identifiers are set and every ward the grants serve has its ONS code.</p>
        )}

        <h2 className="govuk-heading-m">Download</h2>
        <p className="govuk-body">
          Both files hold the same grants. Each is checked against the official 360Giving schemas before it is downloaded.
        </p>
        {/* A plain form (not Remix's): the download buttons go to the files, with the choice. */}
        <form method="get" action="/staff/open-data" className="app-no-print">
          <div className="govuk-form-group">
            <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
              <div className="govuk-checkboxes__item">
                <input className="govuk-checkboxes__input" id="demo" name="demo" type="checkbox" value="include" defaultChecked={includeDemo} />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="demo">
                  Include demo rounds (for trying the portal only: never publish these)
                </label>
              </div>
            </div>
          </div>
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" data-module="govuk-button" formAction="/staff/open-data/360giving.json">
              Download the data package (JSON)
            </button>
            <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button" formAction="/staff/open-data/360giving.csv">
              Download the spreadsheet (CSV)
            </button>
            <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
              Show the counts for this choice
            </button>
          </div>
        </form>

        <h2 className="govuk-heading-m">Check the file with 360Giving</h2>
        <p className="govuk-body">
          Before you publish, upload the JSON file or the spreadsheet to{" "}
          <a className="govuk-link" href={DATA_QUALITY_TOOL_URL} rel="noreferrer">
            360Giving's data quality checker
          </a>
          . It checks the file against the standard, as this page does, and also says what would make the data more useful,
          such as organisation identifiers from a recognised register.
        </p>
      </div>
    </div>
  );
}
