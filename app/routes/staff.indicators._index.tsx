// Indicators as staff think of them: overarching, then principles 1 to 8, then context and need
// measures, each with its latest value for the place and for England.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { LatestValueCell } from "~/components/indicators";
import { SuccessBanner, Table } from "~/components/govuk/content";
import { listIndicatorGroups } from "~/models/indicators.server";
import { POLARITY_LABELS } from "~/schemas/indicator";
import { requireRole } from "~/utils/auth.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";

export const handle: RouteHandle = { backLink: { to: "/staff", text: "Back to staff home" } };

export const meta: MetaFunction = () => pageTitle("Indicators");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  return json({ ...listIndicatorGroups(), notice: noticeText(new URL(request.url).searchParams.get("notice")) });
}

type Row = ReturnType<typeof listIndicatorGroups>["archived"][number];

function IndicatorTable({ caption, rows, placeName }: { caption: string; rows: Row[]; placeName: string }) {
  return (
    <div className="app-table-scroll">
      <Table
        caption={caption}
        captionSize="s"
        firstCellIsHeader
        columns={[{ header: "Indicator" }, { header: "Which way is better" }, { header: `${placeName}, latest` }, { header: "England, latest" }]}
        rows={rows.map((i) => [
          <Link className="govuk-link" to={`/staff/indicators/${i.id}`} key="name">
            {i.name}
          </Link>,
          POLARITY_LABELS[i.polarity as keyof typeof POLARITY_LABELS] ?? i.polarity,
          <LatestValueCell key="p" latest={i.place} unit={i.unit} />,
          <LatestValueCell key="e" latest={i.england} unit={i.unit} />,
        ])}
      />
    </div>
  );
}

export default function Indicators() {
  const { groups, archived, placeName, notice } = useLoaderData<typeof loader>();
  return (
    <>
      {notice ? <SuccessBanner text={notice} /> : null}
      <span className="govuk-caption-l">Staff</span>
      <h1 className="govuk-heading-l">Indicators</h1>
      <p className="govuk-body">
        The Marmot Town indicators, grouped by principle, and the measures of need by ward. Each shows its latest value for{" "}
        {placeName} and for England (all persons, where the data has them). Keep them current by importing a Fingertips file or by
        entering values by hand.
      </p>
      <div className="govuk-button-group">
        <Link className="govuk-button" to="/staff/indicators/import" data-module="govuk-button">
          Import a Fingertips file
        </Link>
        <Link className="govuk-button govuk-button--secondary" to="/staff/indicators/new" data-module="govuk-button">
          Add an indicator
        </Link>
      </div>
      <p className="govuk-body">
        <Link className="govuk-link" to="/staff/indicator-imports">
          Past imports
        </Link>
      </p>
      {groups.map((g) => (
        <section key={g.key} aria-labelledby={`group-${g.key}`}>
          <h2 className="govuk-heading-m" id={`group-${g.key}`}>
            {g.title}
          </h2>
          {g.indicators.length ? (
            <IndicatorTable caption={`${g.indicators.length} ${g.indicators.length === 1 ? "indicator" : "indicators"}`} rows={g.indicators} placeName={placeName} />
          ) : (
            <p className="govuk-body">
              This {g.principle ? "principle" : "group"} has no indicators yet.{" "}
              <Link className="govuk-link" to={`/staff/indicators/new${g.principle ? `?principle=${g.principle}` : ""}`}>
                Add an indicator<span className="govuk-visually-hidden"> to {g.title}</span>
              </Link>
            </p>
          )}
        </section>
      ))}
      {archived.length ? (
        <section aria-labelledby="group-archived">
          <h2 className="govuk-heading-m" id="group-archived">
            Archived indicators
          </h2>
          <IndicatorTable caption="No longer watched; their values are kept" rows={archived} placeName={placeName} />
        </section>
      ) : null}
    </>
  );
}
