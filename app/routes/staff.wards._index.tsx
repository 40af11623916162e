// The place's wards: their neighbourhood and ONS code (staff fill these in: the seed documents
// do not give them) and the need measures loaded for each.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SuccessBanner, Table } from "~/components/govuk/content";
import { listWardsWithNeed } from "~/models/place.server";
import { requireRole } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";

export const meta: MetaFunction = () => pageTitle("Wards and neighbourhoods");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  return json({ ...listWardsWithNeed(), notice: noticeText(new URL(request.url).searchParams.get("notice")) });
}

const notSet = <span className="govuk-hint govuk-!-margin-0">Not set</span>;

export default function Wards() {
  const { wards, measures, notice } = useLoaderData<typeof loader>();
  return (
    <>
      {notice ? <SuccessBanner text={notice} /> : null}
      <span className="govuk-caption-l">Staff</span>
      <h1 className="govuk-heading-l">Wards and neighbourhoods</h1>
      <p className="govuk-body">
        Applications and evaluation returns say which wards a project serves. Say which neighbourhood each ward is in, and
        its ONS code, so that funding can be added up by neighbourhood and matched to published data.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/staff/wards/boundaries">
          Load ward boundaries for the map
        </Link>
      </p>
      <Table
        caption={`${wards.length} wards`}
        captionSize="s"
        firstCellIsHeader
        columns={[
          { header: "Ward" },
          { header: "Neighbourhood" },
          { header: "ONS code" },
          ...measures.map((m) => ({ header: `${m.name}${m.unit && m.unit !== "score" ? ` (${m.unit})` : ""}`, numeric: true })),
          { header: <span className="govuk-visually-hidden">Action</span> },
        ]}
        rows={wards.map((w) => [
          w.name,
          w.neighbourhood ?? notSet,
          w.code ?? notSet,
          ...measures.map((m) => (w.need[m.id] === null ? "No data" : String(w.need[m.id]))),
          <Link className="govuk-link" to={`/staff/wards/${w.id}`} key="change">
            Change<span className="govuk-visually-hidden"> {w.name}</span>
          </Link>,
        ])}
      />
    </>
  );
}
