// One award, for staff: its summary, conditions, payments and returns, the ways to vary or
// withdraw it, record payments (the payments page), review returns and approve its case study,
// and its whole history from the audit trail.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Timeline } from "~/components/application";
import { AwardSummary, ConditionsList, PaymentsTable, ReturnsTable } from "~/components/award";
import { InsetText, SuccessBanner } from "~/components/govuk/content";
import { awardHistory, CHANGEABLE_STATUSES } from "~/models/award-offers.server";
import { awardView, requireStaffAward } from "~/utils/award-page.server";
import { formatDate, formatMoney } from "~/utils/format";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";

export const handle: RouteHandle = {
  backLink: ({ data }) => {
    const cycleId = (data as { award?: { cycle: { id: number } } } | undefined)?.award?.cycle.id;
    return cycleId ? { to: `/staff/cycles/${cycleId}/awards`, text: "Back to the round's awards" } : { to: "/staff", text: "Back" };
  },
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Award ${data.award.reference}` : "Award", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireStaffAward(request, params);
  return json({
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    award: awardView(file),
    changeable: CHANGEABLE_STATUSES.includes(file.award.status),
    history: awardHistory(file, "staff"),
  });
}

export default function StaffAward() {
  const { award, changeable, history, notice } = useLoaderData<typeof loader>();
  const base = `/staff/awards/${award.id}`;
  const closed = award.status === "declined" || award.status === "withdrawn";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {notice ? <SuccessBanner text={notice} /> : null}
        <span className="govuk-caption-l">{award.cycle.name}</span>
        <h1 className="govuk-heading-l">Award {award.reference}</h1>
        {award.status === "declined" ? (
          <InsetText>
            {award.organisationName} declined the offer{award.respondedAt ? ` on ${formatDate(award.respondedAt)}` : ""}
            {award.respondedBy ? ` (${award.respondedBy})` : ""}. Their reason: {award.declineReason ?? "none given"}
          </InsetText>
        ) : null}
        {award.status === "withdrawn" ? (
          <InsetText>
            Withdrawn{award.withdrawnAt ? ` on ${formatDate(award.withdrawnAt)}` : ""}. Reason: {award.withdrawnReason ?? "none given"}
          </InsetText>
        ) : null}
        <AwardSummary
          award={award}
          extra={[
            { key: "Paid so far", value: formatMoney(award.paidPence) },
            { key: "Scheduled, not paid yet", value: formatMoney(award.scheduledPence) },
          ]}
        />

        <h2 className="govuk-heading-m">Manage this award</h2>
        <ul className="govuk-list">
          {changeable ? (
            <>
              <li>
                <Link className="govuk-link" to={`${base}/vary`}>
                  Vary the award
                </Link>
              </li>
              <li>
                <Link className="govuk-link" to={`${base}/withdraw`}>
                  Withdraw the award
                </Link>
              </li>
            </>
          ) : null}
          <li>
            <Link className="govuk-link" to={`${base}/payments`}>
              Payments
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`${base}/case-study`}>
              Case study
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`/staff/applications/${award.applicationId}`}>
              The application
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`/staff/programmes/${award.programme.id}/terms`}>
              Grant terms of the {award.programme.name}
            </Link>
          </li>
        </ul>

        <h2 className="govuk-heading-m">Conditions</h2>
        <ConditionsList conditions={award.conditions} showMet />

        <PaymentsTable payments={award.payments} />

        <ReturnsTable returns={award.returns} href={(id) => `/staff/returns/${id}`} closed={closed} />

        <h2 className="govuk-heading-m">Grant terms</h2>
        <p className="govuk-body">
          {award.acceptedTerms
            ? `Accepted on ${award.acceptedTerms.title}, version ${award.acceptedTerms.version}.`
            : award.terms
              ? `Offered on ${award.terms.title}, version ${award.terms.version}${award.status === "offered" ? " (the current version: an open offer is accepted on the newest terms)" : ""}.`
              : "No grant terms are published for this programme."}
        </p>

        <h2 className="govuk-heading-m">History</h2>
        {history.length ? <Timeline events={history} /> : <p className="govuk-body">Nothing recorded yet.</p>}
      </div>
    </div>
  );
}
