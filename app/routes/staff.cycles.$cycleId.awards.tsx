// A round's awards, for staff: each award with its state, what has been paid and the next
// return due, and the totals.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AwardStatusTag } from "~/components/award";
import { SummaryList, Table } from "~/components/govuk/content";
import { cycleAwards } from "~/models/award-offers.server";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDate, formatMoney } from "~/utils/format";
import { pageTitle, type RouteHandle } from "~/utils/meta";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }) };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Awards: ${data.cycle.name}` : "Awards", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const found = cycleAwards(idParam(params.cycleId));
  if (!found) throw notFound();
  return json(found);
}

export default function CycleAwards() {
  const { cycle, rows, totals } = useLoaderData<typeof loader>();
  const n = (count: number, word: string) => `${count} ${word}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <span className="govuk-caption-l">{cycle.name}</span>
        <h1 className="govuk-heading-l">Awards</h1>
        {rows.length === 0 ? (
          <p className="govuk-body">
            No awards yet. Awards are offered when the round's{" "}
            <Link className="govuk-link" to={`/staff/cycles/${cycle.id}/decisions`}>
              decision letters
            </Link>{" "}
            are sent.
          </p>
        ) : (
          <>
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-two-thirds">
                <SummaryList
                  rows={[
                    { key: "Awarded", value: `${formatMoney(totals.awardedPence)} of the ${formatMoney(cycle.budgetPence)} budget (offers waiting, accepted and completed)` },
                    { key: "Paid so far", value: formatMoney(totals.paidPence) },
                    {
                      key: "Awards",
                      value: [
                        n(totals.offered, "waiting for an answer"),
                        n(totals.accepted, "accepted"),
                        n(totals.completed, "completed"),
                        n(totals.declined, "declined"),
                        n(totals.withdrawn, "withdrawn"),
                      ].join(", "),
                    },
                  ]}
                />
              </div>
            </div>
            <div className="app-table-scroll" role="region" aria-label="The round's awards" tabIndex={0}>
              <Table
                caption={`${rows.length} award${rows.length === 1 ? "" : "s"}`}
                captionSize="s"
                columns={[
                  { header: "Reference" },
                  { header: "Organisation" },
                  { header: "Amount", numeric: true },
                  { header: "Status" },
                  { header: "Paid so far", numeric: true },
                  { header: "Next return due" },
                ]}
                rows={[
                  ...rows.map((r) => [
                    <Link className="govuk-link app-nowrap" to={`/staff/awards/${r.id}`} key="r">
                      {r.reference ?? `Award ${r.id}`}
                    </Link>,
                    <span className="app-wrap-anywhere" key="o">{r.organisationName}</span>,
                    formatMoney(r.amountPence),
                    <AwardStatusTag status={r.status} key="s" />,
                    formatMoney(r.paidPence),
                    r.nextReturn ? `${r.nextReturn.title}, ${formatDate(r.nextReturn.dueDate)}` : "None",
                  ]),
                  [
                    <strong key="t">Total</strong>,
                    "",
                    <strong key="a">{formatMoney(totals.awardedPence)}</strong>,
                    "Declined and withdrawn awards are not counted",
                    <strong key="p">{formatMoney(totals.paidPence)}</strong>,
                    "",
                  ],
                ]}
              />
            </div>
          </>
        )}
      </div>
    </div>
  );
}
