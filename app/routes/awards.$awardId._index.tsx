// The grantee's award: while the offer is open, "Your offer" with everything it is made of (the
// amount, conditions, payments, returns and grant terms) and the ways to accept or decline it;
// after that, "Your award", with who accepted it, when and on which terms, the payments made, the
// returns to send, and what has happened to it. Only members of the organisation see it.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Timeline } from "~/components/application";
import { AwardSummary, ConditionsList, PaymentsTable, ReturnsTable, TermsText } from "~/components/award";
import { InsetText, SuccessBanner, WarningText } from "~/components/govuk/content";
import { awardHistory } from "~/models/award-offers.server";
import { awardView, requireGranteeAward } from "~/utils/award-page.server";
import { formatDate, formatMoney } from "~/utils/format";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";

export const handle: RouteHandle = { backLink: { to: "/applicant", text: "Back to your applications and awards" } };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `${data.award.status === "offered" ? "Your offer" : "Your award"}: ${data.award.reference}` : "Your award", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireGranteeAward(request, params);
  return json({
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    award: awardView(file),
    history: awardHistory(file, "grantee"),
  });
}

export default function AwardPage() {
  const { award, history, notice } = useLoaderData<typeof loader>();
  const offered = award.status === "offered";
  const closed = award.status === "declined" || award.status === "withdrawn";
  const live = award.status === "accepted" || award.status === "completed";
  const terms = offered ? award.terms : (award.acceptedTerms ?? award.terms);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {notice ? <SuccessBanner text={notice} /> : null}
        <span className="govuk-caption-l">{award.organisationName}</span>
        <h1 className="govuk-heading-l">{offered ? "Your offer" : "Your award"}</h1>

        {offered ? (
          <InsetText>
            {award.organisationName} has been offered {formatMoney(award.amountPence)} for {award.title || "its project"}. Read the offer below,
            with its conditions, payments, returns and grant terms, then accept it or decline it. We pay the grant once the offer is accepted.
          </InsetText>
        ) : null}
        {award.status === "declined" ? (
          <InsetText>
            {award.respondedBy ?? "Your organisation"} declined this offer{award.respondedAt ? ` on ${formatDate(award.respondedAt)}` : ""}.
            {award.declineReason ? ` The reason given was: ${award.declineReason}` : ""}
          </InsetText>
        ) : null}
        {award.status === "withdrawn" ? (
          <WarningText>
            We withdrew this {award.respondedAt ? "award" : "offer"}
            {award.withdrawnAt ? ` on ${formatDate(award.withdrawnAt)}` : ""}. No more payments will be made, and returns you have not sent are no
            longer needed.{award.withdrawnReason ? ` The reason: ${award.withdrawnReason}` : ""}
          </WarningText>
        ) : null}

        {award.status === "completed" ? (
          <InsetText>
            This award is completed{award.completedAt ? ` (since ${formatDate(award.completedAt)})` : ""}: we have accepted every return and paid{" "}
            {formatMoney(award.paidPence)}. There is nothing more you need to do. Thank you.
          </InsetText>
        ) : null}

        <AwardSummary award={award} />

        {offered ? (
          <div className="govuk-button-group">
            <Link to={`/awards/${award.id}/accept`} draggable="false" className="govuk-button" data-module="govuk-button">
              Accept the offer
            </Link>
            <Link className="govuk-link" to={`/awards/${award.id}/decline`}>
              Decline the offer
            </Link>
          </div>
        ) : null}

        <h2 className="govuk-heading-m">Conditions</h2>
        <ConditionsList conditions={award.conditions} />

        <PaymentsTable payments={award.payments} />
        {award.payments.length ? (
          <p className="govuk-body">
            We pay each instalment on or after its due date; one with a condition once the condition is met. Our finance team confirms your bank
            details with you separately: the portal never asks for them.
          </p>
        ) : null}

        <ReturnsTable returns={award.returns} href={live || (award.status === "withdrawn" && award.respondedAt) ? (id) => `/returns/${id}` : undefined} closed={closed} />
        {offered && award.returns.length ? (
          <p className="govuk-body">You can start the returns once you have accepted the offer. We remind you by email before each one is due.</p>
        ) : null}

        <h2 className="govuk-heading-m">Grant terms</h2>
        {terms ? (
          <>
            <p className="govuk-body">
              {offered ? "The offer is made on " : "The award is on "}
              <strong>
                {terms.title}, version {terms.version}
              </strong>
              .
            </p>
            <TermsText terms={terms} />
          </>
        ) : (
          <p className="govuk-body">No grant terms have been published for this programme yet.</p>
        )}

        {live ? (
          <p className="govuk-body">
            <Link className="govuk-link" to={`/awards/${award.id}/publication`}>
              Your story on the public page
            </Link>
          </p>
        ) : null}

        <h2 className="govuk-heading-m">What has happened</h2>
        {history.length ? <Timeline events={history} /> : <p className="govuk-body">Nothing yet.</p>}
      </div>
    </div>
  );
}
