// One award, for staff: its summary, conditions, payments and returns, the ways to vary or
// withdraw it, record payments (the payments page), review returns and approve its case study,
// and its whole history from the audit trail. Staff mark each condition as met (or undo it) here:
// a small form per condition, carrying the award's version.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Timeline } from "~/components/application";
import { AwardSummary, PaymentsTable, ReturnsTable } from "~/components/award";
import { InsetText, SuccessBanner } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { awardHistory, setConditionMet } from "~/models/award-offers.server";
import { isChangeableAward } from "~/models/awards.server";
import { awardView, requireStaffAward } from "~/utils/award-page.server";
import { formatDate, formatMoney } from "~/utils/format";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { hiddenId } from "~/schemas/award";
import { notFound } from "~/utils/auth.server";
import { noticeText, withNotice } from "~/utils/notices";

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
    changeable: isChangeableAward(file.award.status),
    history: awardHistory(file, "staff"),
  });
}

/** Marks a condition as met, or not met: intent "condition-met" or "condition-not-met". */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, file } = await requireStaffAward(request, params);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent !== "condition-met" && intent !== "condition-not-met") return json({ error: "Choose what to do with the condition." }, { status: 400 });
  const conditionId = hiddenId(form.get("conditionId"));
  if (conditionId === null) throw notFound();
  const result = setConditionMet(user, file.award.id, conditionId, { met: intent === "condition-met", version: hiddenId(form.get("version")) });
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    return json({ error: result.message }, { status: result.status });
  }
  return redirect(withNotice(`/staff/awards/${file.award.id}`, intent));
}

type Condition = { id: number; text: string; metAt: string | null };

/** The conditions, each with whether it is met and (while the award runs) a button to change that. */
function Conditions({ conditions, version, changeable }: { conditions: Condition[]; version: number; changeable: boolean }) {
  if (!conditions.length) return <p className="govuk-body">There are no conditions.</p>;
  return (
    <ul className="govuk-list govuk-list--spaced" id="conditions">
      {conditions.map((c) => (
        <li key={c.id}>
          <span className="app-pre-line app-wrap-anywhere">{c.text}</span>
          <span className="govuk-!-display-block govuk-hint govuk-!-margin-bottom-1">{c.metAt ? `Met on ${formatDate(c.metAt)}` : "Not met yet"}</span>
          {changeable ? (
            <Form method="post">
              <input type="hidden" name="intent" value={c.metAt ? "condition-not-met" : "condition-met"} />
              <input type="hidden" name="conditionId" value={c.id} />
              <input type="hidden" name="version" value={version} />
              <Button variant="secondary" className="govuk-!-margin-bottom-2">
                {c.metAt ? "Mark as not met" : "Mark as met"}
                <span className="govuk-visually-hidden">: {c.text}</span>
              </Button>
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export default function StaffAward() {
  const { award, changeable, history, notice } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const base = `/staff/awards/${award.id}`;
  const closed = award.status === "declined" || award.status === "withdrawn";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {notice && !failed ? <SuccessBanner text={notice} /> : null}
        <ErrorSummary items={failed?.error ? [{ href: "#conditions-heading", text: failed.error }] : []} />
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
        {award.status === "completed" ? (
          <InsetText>
            Completed{award.completedAt ? ` on ${formatDate(award.completedAt)}` : ""}: every return is accepted and no instalment is left to pay (
            {formatMoney(award.paidPence)} paid). It can no longer be varied or withdrawn.
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

        <h2 className="govuk-heading-m" id="conditions-heading" tabIndex={-1}>
          Conditions
        </h2>
        <Conditions conditions={award.conditions} version={award.version} changeable={changeable} />

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
