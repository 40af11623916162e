// One instalment of an award, for staff: record the payment made (the default), or, with
// `?change` or `?cancel` in the address, change or cancel it while it is scheduled. One thing
// per page. The record form carries a random request key made afresh each time the page is
// shown: sending the same form again (a double click, a resend, back and submit) finds the
// payment it recorded and records nothing new. The change and cancel forms carry the schedule's
// fingerprint: a change made since the page was opened refuses the save, keeping what was typed.
// An instalment of another award than the one in the address is "not found".
import { randomBytes } from "node:crypto";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { instalmentDefaults, InstalmentFields } from "~/components/instalment-fields";
import { DateInput } from "~/components/govuk/date-input";
import { InsetText, SummaryList, WarningText } from "~/components/govuk/content";
import { Button, ButtonGroup, ErrorSummary, Textarea, TextInput } from "~/components/govuk/form";
import { RETURN_STATUS_TEXT } from "~/models/awards.server";
import { cancelInstalment, changeInstalment, instalmentOfAward, recordPayment, whyNotRecordable } from "~/models/payments.server";
import { cancelInstalmentSchema, instalmentSchema, PAYMENT_LIMITS, recordPaymentSchema } from "~/schemas/payment";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDate, formatMoney } from "~/utils/format";
import { typedValues, type FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({
    to: `/staff/awards/${params.awardId}/payments`,
    text: "Back to the payments",
  }),
};

type Mode = "record" | "change" | "cancel";

const HEADINGS: Record<Mode, (n: number) => string> = {
  record: () => "Record a payment",
  change: (n) => `Change instalment ${n}`,
  cancel: (n) => `Cancel instalment ${n}`,
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `${HEADINGS[data.mode](data.instalment.instalment)}: ${data.award.reference ?? "award"}` : "Record a payment", matches);

const modeOf = (request: Request): Mode => {
  const search = new URL(request.url).searchParams;
  return search.has("change") ? "change" : search.has("cancel") ? "cancel" : "record";
};

function instalmentOf(params: { awardId?: string; paymentId?: string }) {
  const found = instalmentOfAward(idParam(params.awardId), idParam(params.paymentId));
  if (!found) throw notFound();
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const { schedule, row } = instalmentOf(params);
  const { award, application, organisation } = schedule.file;
  const whyNotChange =
    schedule.whyNotChangeable ??
    (row.status === "scheduled"
      ? null
      : `Instalment ${row.instalment} is ${row.status === "paid" ? "paid" : "cancelled"}, so it can no longer be changed.`);
  return json({
    mode: modeOf(request),
    award: { id: award.id, reference: application.reference },
    organisationName: organisation.name,
    instalment: {
      id: row.id,
      instalment: row.instalment,
      dueDate: row.dueDate,
      amountPence: row.amountPence,
      condition: row.condition,
      status: row.status,
      stateText: row.stateText,
      conditionReturn: row.conditionReturn
        ? {
            id: row.conditionReturn.id,
            title: row.conditionReturn.title,
            statusText: RETURN_STATUS_TEXT[row.conditionReturn.status],
          }
        : null,
    },
    defaults: instalmentDefaults(row),
    returns: schedule.file.returns.map((r) => ({
      id: r.id,
      title: r.title,
      dueDate: r.dueDate,
      statusText: RETURN_STATUS_TEXT[r.status],
    })),
    whyNotRecord: whyNotRecordable(schedule, row),
    whyNotChange,
    fingerprint: schedule.fingerprint,
    // A new key each time the page is shown: the same form sent twice records once.
    requestKey: randomBytes(24).toString("base64url"),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const { schedule, row } = instalmentOf(params);
  const awardId = schedule.file.award.id;
  const payments = `/staff/awards/${awardId}/payments`;
  const intent = (await request.clone().formData()).get("intent");
  const refused = (result: { status: number; message: string; field?: string }, formData: FormData) => {
    if (result.status === 404) throw notFound();
    return invalid(
      context,
      {
        errors: { [result.field ?? "form"]: result.message },
        values: typedValues(formData),
      },
      result.status
    );
  };
  if (intent === "change") {
    const parsed = await parseForm(request, instalmentSchema);
    if (!parsed.ok) return invalid(context, parsed.failure);
    const result = changeInstalment(user, awardId, row.id, parsed.data, {
      fingerprint: String(parsed.formData.get("fingerprint") ?? ""),
    });
    if (!result.ok) return refused(result, parsed.formData);
    return redirect(withNotice(payments, result.changed ? "instalment-changed" : "instalment-unchanged"));
  }
  if (intent === "cancel") {
    const parsed = await parseForm(request, cancelInstalmentSchema);
    if (!parsed.ok) return invalid(context, parsed.failure);
    const result = cancelInstalment(user, awardId, row.id, parsed.data.reason, {
      fingerprint: String(parsed.formData.get("fingerprint") ?? ""),
    });
    if (!result.ok) return refused(result, parsed.formData);
    return redirect(withNotice(payments, "instalment-cancelled"));
  }
  const parsed = await parseForm(request, recordPaymentSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = recordPayment(user, awardId, row.id, parsed.data);
  if (!result.ok) return refused(result, parsed.formData);
  // The same answer for a payment recorded now and for the same form sent again.
  return redirect(withNotice(payments, "payment-recorded"));
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

const LABELS: Record<string, string> = {
  paidDay: "Date paid (day)",
  paidMonth: "Date paid (month)",
  paidYear: "Date paid (year)",
  amountPaid: "Amount paid",
  remittanceReference: "Remittance reference",
  dueDay: "Due date (day)",
  dueMonth: "Due date (month)",
  dueYear: "Due date (year)",
  amount: "Amount",
  conditionText: "Condition",
  reason: "Reason for cancelling",
};

/** Everything typed into a form the server refused, when the form itself can no longer be shown. */
function Typed({ values }: { values: Record<string, string> }) {
  const rows = Object.entries(LABELS)
    .map(([name, key]) => ({ key, value: values[name] ?? "" }))
    .filter((r) => r.value.trim());
  if (!rows.length) return null;
  return (
    <>
      <h2 className="govuk-heading-m">What you entered</h2>
      <p className="govuk-body">Nothing was saved. This is everything you entered, so that nothing is lost.</p>
      <SummaryList
        rows={rows.map((r) => ({
          key: r.key,
          value: <span className="app-wrap-anywhere">{r.value}</span>,
        }))}
      />
    </>
  );
}

function InstalmentSummary({ d }: { d: Data }) {
  const i = d.instalment;
  return (
    <SummaryList
      rows={[
        { key: "Instalment", value: String(i.instalment) },
        { key: "Amount", value: formatMoney(i.amountPence) },
        { key: "Due", value: formatDate(i.dueDate) },
        {
          key: "Condition",
          value: i.condition ? <span className="app-wrap-anywhere">{i.condition}</span> : "None",
        },
        { key: "Status", value: i.stateText },
      ]}
    />
  );
}

export default function InstalmentPage() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.mode === "record" ? <RecordPayment d={d} /> : d.mode === "change" ? <ChangeInstalment d={d} /> : <CancelInstalment d={d} />}
      </div>
    </div>
  );
}

function Heading({ d }: { d: Data }) {
  return (
    <>
      <span className="govuk-caption-l">
        {d.award.reference ?? "Award"}, {d.organisationName}
      </span>
      <h1 className="govuk-heading-l">{HEADINGS[d.mode](d.instalment.instalment)}</h1>
    </>
  );
}

function RecordPayment({ d }: { d: Data }) {
  const failure = useActionData<FormFailure>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(recordPaymentSchema, {
    fields: ["form", "paidDay", "amountPaid", "remittanceReference"],
    defaults: { requestKey: d.requestKey },
  });
  const base = `/staff/awards/${d.award.id}/payments/${d.instalment.id}`;
  return (
    <>
      <ErrorSummary items={summary.map((i) => (i.href === "#form" ? { ...i, href: "#payment-form" } : i))} />
      <Heading d={d} />
      <InstalmentSummary d={d} />
      <div id="payment-form" tabIndex={-1}>
        {d.whyNotRecord ? (
          <>
            <InsetText>{d.whyNotRecord}</InsetText>
            {failure?.values ? <Typed values={failure.values} /> : null}
          </>
        ) : (
          <>
            <p className="govuk-body">
              Record a payment once your finance system has made it. We email the organisation's members to tell them it has been paid.
            </p>
            <InsetText>
              The amount paid must be the instalment's amount, {formatMoney(d.instalment.amountPence)}. To pay a different amount,{" "}
              <Link className="govuk-link" to={`${base}?change`}>
                change the instalment
              </Link>{" "}
              first.
            </InsetText>
            <Form method="post" action={base} noValidate onSubmit={onSubmit}>
              <input type="hidden" name="intent" value="record" />
              {/* Made afresh each time the page is shown: the same form sent twice records once. */}
              <input type="hidden" defaultValue={values.requestKey ?? d.requestKey} {...register("requestKey")} />
              <DateInput
                prefix="paid"
                legend="Date paid"
                hint="The day the payment was made, for example 3 4 2027"
                error={errors.paidDay}
                values={values}
                register={register}
              />
              <TextInput
                label="Amount paid"
                labelSize="m"
                hint="In pounds, for example 1500"
                prefix="£"
                width="10"
                inputMode="decimal"
                spellCheck={false}
                autoComplete="off"
                error={errors.amountPaid}
                defaultValue={values.amountPaid}
                {...register("amountPaid")}
              />
              <TextInput
                label="Remittance reference (optional)"
                labelSize="m"
                hint="From your finance system. Do not enter bank details."
                spellCheck={false}
                autoComplete="off"
                maxLength={PAYMENT_LIMITS.remittanceChars + 20}
                error={errors.remittanceReference}
                defaultValue={values.remittanceReference}
                {...register("remittanceReference")}
              />
              <Button data-prevent-double-click="true">Record payment</Button>
            </Form>
          </>
        )}
      </div>
    </>
  );
}

function ChangeInstalment({ d }: { d: Data }) {
  const failure = useActionData<FormFailure>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(instalmentSchema, {
    fields: ["form", "dueDay", "amount", "condition", "conditionText"],
    defaults: d.defaults,
  });
  const base = `/staff/awards/${d.award.id}/payments/${d.instalment.id}`;
  return (
    <>
      <ErrorSummary items={summary.map((i) => (i.href === "#form" ? { ...i, href: "#instalment-form" } : i))} />
      <Heading d={d} />
      <div id="instalment-form" tabIndex={-1}>
        {failure?.errors?.form && !d.whyNotChange ? (
          <>
            <h2 className="govuk-heading-m">The instalment as it is now</h2>
            <InstalmentSummary d={d} />
          </>
        ) : null}
        {d.whyNotChange ? (
          <>
            <InstalmentSummary d={d} />
            <InsetText>{d.whyNotChange}</InsetText>
            {failure?.values ? <Typed values={failure.values} /> : null}
          </>
        ) : (
          <Form method="post" action={`${base}?change`} noValidate onSubmit={onSubmit}>
            <input type="hidden" name="intent" value="change" />
            {/* The schedule this page showed: the change is saved only if nobody changed it since. */}
            <input type="hidden" name="fingerprint" value={d.fingerprint} />
            <InstalmentFields errors={errors} values={values} register={register} returns={d.returns} />
            <ButtonGroup>
              <Button>Save the instalment</Button>
              <Link className="govuk-link" to={`/staff/awards/${d.award.id}/payments`}>
                Back to the payments without saving
              </Link>
            </ButtonGroup>
          </Form>
        )}
      </div>
    </>
  );
}

function CancelInstalment({ d }: { d: Data }) {
  const failure = useActionData<FormFailure>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(cancelInstalmentSchema, { fields: ["form", "reason"] });
  const base = `/staff/awards/${d.award.id}/payments/${d.instalment.id}`;
  return (
    <>
      <ErrorSummary items={summary.map((i) => (i.href === "#form" ? { ...i, href: "#cancel-form" } : i))} />
      <Heading d={d} />
      <InstalmentSummary d={d} />
      <div id="cancel-form" tabIndex={-1}>
        {d.whyNotChange ? (
          <>
            <InsetText>{d.whyNotChange}</InsetText>
            {failure?.values ? <Typed values={failure.values} /> : null}
          </>
        ) : (
          <>
            <WarningText>
              A cancelled instalment stays in the schedule, marked cancelled, and is never paid. Its number is not used again.
            </WarningText>
            <Form method="post" action={`${base}?cancel`} noValidate onSubmit={onSubmit}>
              <input type="hidden" name="intent" value="cancel" />
              <input type="hidden" name="fingerprint" value={d.fingerprint} />
              <Textarea
                label="Why are you cancelling this instalment?"
                labelSize="m"
                hint="For the award's history. The organisation does not see this."
                rows={3}
                error={errors.reason}
                defaultValue={values.reason}
                {...register("reason")}
              />
              <ButtonGroup>
                <Button variant="warning">Cancel the instalment</Button>
                <Link className="govuk-link" to={`/staff/awards/${d.award.id}/payments`}>
                  Keep the instalment
                </Link>
              </ButtonGroup>
            </Form>
          </>
        )}
      </div>
    </>
  );
}
