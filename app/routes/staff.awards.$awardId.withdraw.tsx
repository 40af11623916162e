// Withdrawing an award (staff), with the reason, which the grantee is told. Unpaid instalments
// are cancelled; money already paid is not recovered through the portal; returns not yet sent
// are no longer asked for. The form carries the award's version.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { WordCountTextarea } from "~/components/application";
import { AwardSummary } from "~/components/award";
import { InsetText, WarningText } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { UNSENT_RETURN_STATUSES, withdrawAward } from "~/models/award-offers.server";
import { isChangeableAward } from "~/models/awards.server";
import { AWARD_LIMITS, hiddenId, withdrawSchema } from "~/schemas/award";
import { awardView, requireStaffAward } from "~/utils/award-page.server";
import { formatDate, formatMoney } from "~/utils/format";
import { typedValues, type FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/staff/awards/${params.awardId}`, text: "Back to the award" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Withdraw the award", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireStaffAward(request, params);
  return json({
    award: awardView(file),
    changeable: isChangeableAward(file.award.status),
    scheduled: file.payments.filter((p) => p.status === "scheduled").map((p) => ({ instalment: p.instalment, amountPence: p.amountPence, dueDate: p.dueDate })),
    unsent: file.returns.filter((r) => UNSENT_RETURN_STATUSES.includes(r.status) || r.status === "changes_requested").map((r) => ({ id: r.id, title: r.title })),
  });
}

type Failure = FormFailure & { refused?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireStaffAward(request, params);
  const parsed = await parseForm(request, withdrawSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = withdrawAward(user, file.award.id, { version: hiddenId(parsed.formData.get("version")), reason: parsed.data.reason });
  if (result.ok) return redirect(`/staff/awards/${file.award.id}?notice=award-withdrawn`);
  if (result.status === 403 || result.status === 404) throw new Response(result.message, { status: result.status });
  context.formHasErrors = true;
  return json<Failure>(
    { errors: result.field ? { [result.field]: result.message } : {}, values: typedValues(parsed.formData), refused: result.field ? undefined : result.message },
    { status: result.status },
  );
}

export default function WithdrawAward() {
  const { award, changeable, scheduled, unsent } = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const form = useGovukForm(withdrawSchema, { fields: ["reason"] });
  const items = [...(failure?.refused ? [{ href: "#withdraw-form", text: failure.refused }] : []), ...form.summary];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">Award {award.reference}</span>
        <h1 className="govuk-heading-l">Withdraw the award</h1>
        <AwardSummary award={award} extra={[{ key: "Paid so far", value: formatMoney(award.paidPence) }]} />
        <div id="withdraw-form" tabIndex={-1}>
          {!changeable ? (
            <InsetText>
              This award {award.status === "withdrawn" ? "has already been withdrawn" : award.status === "declined" ? "was declined" : "is completed"}, so it
              cannot be withdrawn.{" "}
              <Link className="govuk-link" to={`/staff/awards/${award.id}`}>
                Go back to the award
              </Link>
            </InsetText>
          ) : (
            <>
              <h2 className="govuk-heading-m">What happens</h2>
              <ul className="govuk-list govuk-list--bullet">
                <li>
                  {scheduled.length
                    ? `The instalments not yet paid are cancelled: ${scheduled.map((p) => `instalment ${p.instalment} (${formatMoney(p.amountPence)}, due ${formatDate(p.dueDate)})`).join(", ")}.`
                    : "No instalment is waiting to be paid."}
                </li>
                <li>
                  {unsent.length
                    ? `The grantee is no longer asked for: ${unsent.map((r) => r.title).join(", ")}. Returns already sent stay on the record.`
                    : "No return is waiting to be sent."}
                </li>
                <li>Each member of {award.organisationName} is emailed the reason.</li>
              </ul>
              {award.paidPence > 0 ? (
                <WarningText>
                  {formatMoney(award.paidPence)} has already been paid. Withdrawing the award does not recover it: the portal records no repayments,
                  so arrange any repayment with the grantee outside the portal.
                </WarningText>
              ) : null}
              <Form method="post" noValidate onSubmit={form.onSubmit}>
                {/* The award this page showed: refused if someone else changed it since. */}
                <input type="hidden" name="version" value={award.version} />
                <WordCountTextarea
                  name="reason"
                  label="Reason"
                  labelSize="m"
                  hint="The grantee is told this by email and on their award page."
                  maxWords={AWARD_LIMITS.reasonWords}
                  rows={4}
                  error={form.errors.reason}
                  defaultValue={form.values.reason}
                  inputProps={form.register("reason")}
                />
                <div className="govuk-button-group">
                  <Button variant="warning">Withdraw the award</Button>
                  <Link className="govuk-link" to={`/staff/awards/${award.id}`}>
                    Cancel
                  </Link>
                </div>
              </Form>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
