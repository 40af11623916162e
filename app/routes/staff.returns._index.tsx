// Evaluation returns, for staff: those waiting for review, overdue, due in the next 30 days, or
// all of them, each linking to the return to read and review.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Table } from "~/components/govuk/content";
import { ReturnStatusTag } from "~/components/returns";
import { AWARD_STATUS_TEXT, RETURN_STATUS_TEXT } from "~/models/awards.server";
import { dueText, RETURN_FILTERS, staffReturnCounts, staffReturnList, type ReturnFilter } from "~/models/returns.server";
import { requireRole } from "~/utils/auth.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";

export const handle: RouteHandle = { backLink: { to: "/staff", text: "Back to the staff home" } };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Returns: ${data.filterText.toLowerCase()}` : "Returns", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const asked = new URL(request.url).searchParams.get("show") ?? "review";
  const filter: ReturnFilter = asked in RETURN_FILTERS ? (asked as ReturnFilter) : "review";
  const counts = staffReturnCounts();
  return json({
    filter,
    filterText: RETURN_FILTERS[filter],
    filters: (Object.keys(RETURN_FILTERS) as ReturnFilter[]).map((f) => ({ key: f, text: RETURN_FILTERS[f], count: counts[f] })),
    rows: staffReturnList(filter).map((r) => ({
      id: r.id,
      reference: r.reference ?? "",
      organisationName: r.organisationName,
      title: r.title,
      due: dueText(r.dueDate, r.awardStatus === "accepted" ? r.status : "accepted"),
      status: ["declined", "withdrawn"].includes(r.awardStatus) ? "closed" : r.status,
      statusText: ["declined", "withdrawn"].includes(r.awardStatus)
        ? `Closed: ${AWARD_STATUS_TEXT[r.awardStatus].toLowerCase()}`
        : r.awardStatus === "offered"
          ? "Offer not accepted yet"
          : RETURN_STATUS_TEXT[r.status],
    })),
  });
}

const EMPTY: Record<ReturnFilter, string> = {
  review: "No returns are waiting for review.",
  overdue: "No returns are overdue.",
  "due-soon": "No returns are due in the next 30 days.",
  all: "There are no returns yet. Each award gets its returns when the offer is made.",
};

export default function StaffReturns() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <h1 className="govuk-heading-l">Returns</h1>
        <nav aria-label="Show returns">
          <ul className="govuk-list app-filter-list">
            {d.filters.map((f) => (
              <li key={f.key}>
                <Link className="govuk-link" to={`/staff/returns?show=${f.key}`} aria-current={f.key === d.filter ? "page" : undefined}>
                  {f.key === d.filter ? <strong>{f.text}</strong> : f.text} ({f.count})
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {d.rows.length ? (
          <Table
            caption={d.filterText}
            captionSize="m"
            columns={[{ header: "Reference" }, { header: "Organisation" }, { header: "Return" }, { header: "Due" }, { header: "Status" }]}
            rows={d.rows.map((r) => [
              r.reference,
              r.organisationName,
              <Link className="govuk-link" to={`/staff/returns/${r.id}`} key="link">
                {r.title}
                <span className="govuk-visually-hidden"> for {r.reference}</span>
              </Link>,
              r.due,
              <ReturnStatusTag status={r.status} text={r.statusText} key="status" />,
            ])}
          />
        ) : (
          <p className="govuk-body">{EMPTY[d.filter]}</p>
        )}
      </div>
    </div>
  );
}
