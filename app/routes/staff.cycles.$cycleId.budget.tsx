// A round's budget, for staff: the budget, what is awarded (offered, accepted and completed
// awards; of which offered and not yet accepted), paid, due now and scheduled later, and left to
// award; then a row per award with what is paid, still to pay and the next instalment's date,
// and the same table as a CSV file. Declined and withdrawn awards count for nothing, but any
// money paid on them still counts as paid.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { InsetText, SummaryList, Table } from "~/components/govuk/content";
import { AWARD_STATUS_TEXT } from "~/models/awards.server";
import { cycleBudget } from "~/models/payments.server";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDate, formatMoney, ukDate } from "~/utils/format";
import { pageTitle, type RouteHandle } from "~/utils/meta";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Budget: ${data.cycle.name}` : "Budget", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const budget = cycleBudget(idParam(params.cycleId));
  if (!budget) throw notFound();
  return json({ ...budget, today: ukDate(), rows: budget.rows.map((r) => ({ ...r, statusText: AWARD_STATUS_TEXT[r.status] })) });
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default function BudgetPage() {
  const d = useLoaderData<typeof loader>();
  const over = d.leftToAwardPence < 0;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <span className="govuk-caption-l">{d.cycle.name}</span>
        <h1 className="govuk-heading-l">Budget</h1>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <SummaryList
              rows={[
                { key: "Budget", value: formatMoney(d.cycle.budgetPence) },
                {
                  key: "Awarded",
                  value: (
                    <>
                      {formatMoney(d.awardedPence)} ({count(d.awardCount, "award", "awards")})
                      {d.offeredPence > 0 ? (
                        <span className="govuk-!-display-block govuk-!-margin-top-1">Of which {formatMoney(d.offeredPence)} offered and not accepted yet</span>
                      ) : null}
                    </>
                  ),
                },
                {
                  key: "Paid",
                  value: (
                    <>
                      {formatMoney(d.paidPence)}
                      {d.paidOnEndedPence > 0 ? (
                        <span className="govuk-!-display-block govuk-!-margin-top-1">
                          Including {formatMoney(d.paidOnEndedPence)} paid on awards that were later declined or withdrawn
                        </span>
                      ) : null}
                    </>
                  ),
                },
                {
                  key: "Due now",
                  value: `${formatMoney(d.duePence)} (instalments of accepted awards due on or before ${formatDate(d.today)} that can be paid now)`,
                },
                ...(d.waitingPence > 0
                  ? [
                      {
                        key: "Due but waiting for a return",
                        value: `${formatMoney(d.waitingPence)} (instalments due on or before ${formatDate(d.today)} that are paid once a return is accepted)`,
                      },
                    ]
                  : []),
                { key: "Scheduled later", value: formatMoney(d.scheduledLaterPence) },
                ...(d.notScheduledPence > 0 ? [{ key: "Not in a payment schedule yet", value: formatMoney(d.notScheduledPence) }] : []),
                { key: "Still to pay on the awards", value: formatMoney(d.stillToPayPence) },
                { key: over ? "Awarded over the budget" : "Left to award", value: formatMoney(Math.abs(d.leftToAwardPence)) },
              ]}
            />
            {d.paidOnEndedPence > 0 ? (
              <InsetText>
                Money paid on an award that was later declined or withdrawn counts as paid, but the award does not count as awarded, so it is not taken
                from what is left to award.
              </InsetText>
            ) : null}
          </div>
        </div>

        {d.rows.length ? (
          <>
            <Table
              caption="Awards"
              columns={[
                { header: "Reference" },
                { header: "Organisation" },
                { header: "Status" },
                { header: "Amount", numeric: true },
                { header: "Paid", numeric: true },
                { header: "Still to pay", numeric: true },
                { header: "Next instalment" },
              ]}
              firstCellIsHeader
              rows={d.rows.map((r) => [
                <Link className="govuk-link" to={`/staff/awards/${r.awardId}/payments`} key="ref">
                  {r.reference ?? `Award ${r.awardId}`}
                  <span className="govuk-visually-hidden"> payments</span>
                </Link>,
                <span className="app-wrap-anywhere" key="org">
                  {r.organisationName}
                </span>,
                r.statusText,
                r.live ? formatMoney(r.amountPence) : <s key="amount">{formatMoney(r.amountPence)}</s>,
                formatMoney(r.paidPence),
                formatMoney(r.stillToPayPence),
                r.nextDueDate ? formatDate(r.nextDueDate) : "None",
              ])}
            />
            <p className="govuk-body">
              Declined and withdrawn awards (their amounts struck through) count for nothing in the totals, but money paid on them counts as paid.
            </p>
            <p className="govuk-body">
              <a className="govuk-link" href={`/staff/cycles/${d.cycle.id}/budget.csv`} download>
                Download this table (CSV)
              </a>
            </p>
          </>
        ) : (
          <p className="govuk-body">This round has made no awards yet. Awards are made when the decision letters are sent.</p>
        )}
      </div>
    </div>
  );
}
