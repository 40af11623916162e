// An award's payments, for staff: the schedule of instalments in order with each one's state
// (scheduled, due, waiting for a return to be accepted, paid, cancelled), links to record a
// payment and to change or cancel a scheduled instalment, what part of the award is in no
// instalment yet, and a form to add an instalment. The form carries the schedule's fingerprint:
// if it changed since the page was opened (a colleague's change, or the same form sent twice),
// nothing is added and the page says so, keeping what was typed.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InstalmentFields } from "~/components/instalment-fields";
import { InsetText, SuccessBanner, SummaryList, Table, Tag, WarningText, type TagColour } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { AWARD_STATUS_TEXT, RETURN_STATUS_TEXT } from "~/models/awards.server";
import { addInstalment, paymentSchedule, type InstalmentState } from "~/models/payments.server";
import { instalmentSchema } from "~/schemas/payment";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDate, formatDateTime, formatMoney } from "~/utils/format";
import { typedValues, type FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";
import { useFreshFormKey, useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({
    to: `/staff/awards/${params.awardId}`,
    text: "Back to the award",
  }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `Payments: ${data.award.reference ?? "award"}` : "Payments", matches);

const STATE_COLOUR: Record<InstalmentState, TagColour> = {
  paid: "green",
  cancelled: "grey",
  waiting: "yellow",
  due: "orange",
  scheduled: "blue",
};

function scheduleOf(params: { awardId?: string }) {
  const schedule = paymentSchedule(idParam(params.awardId));
  if (!schedule) throw notFound();
  return schedule;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const s = scheduleOf(params);
  const { award, application, organisation, cycle } = s.file;
  return json({
    award: {
      id: award.id,
      reference: application.reference,
      title: application.title,
      status: award.status,
      statusText: AWARD_STATUS_TEXT[award.status],
      amountPence: award.amountPence,
    },
    organisationName: organisation.name,
    cycle: { id: cycle.id, name: cycle.name },
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    rows: s.rows.map((r) => ({
      id: r.id,
      instalment: r.instalment,
      dueDate: r.dueDate,
      amountPence: r.amountPence,
      condition: r.condition,
      status: r.status,
      state: r.state,
      stateText: r.stateText,
      paidOn: r.paidOn,
      paidAmountPence: r.paidAmountPence,
      remittanceReference: r.remittanceReference,
      recordedByName: r.recordedByName,
      recordedAt: r.recordedAt?.toISOString() ?? null,
    })),
    returns: s.file.returns.map((r) => ({
      id: r.id,
      title: r.title,
      dueDate: r.dueDate,
      statusText: RETURN_STATUS_TEXT[r.status],
    })),
    paidPence: s.paidPence,
    scheduledPence: s.scheduledPence,
    notInSchedulePence: s.notInSchedulePence,
    overSchedulePence: s.overSchedulePence,
    fingerprint: s.fingerprint,
    whyNotChangeable: s.whyNotChangeable,
    whyNotPayable: s.whyNotPayable,
    nextInstalment: s.nextInstalment,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const schedule = scheduleOf(params);
  const parsed = await parseForm(request, instalmentSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const fingerprint = String(parsed.formData.get("fingerprint") ?? "");
  const result = addInstalment(user, schedule.file.award.id, parsed.data, {
    fingerprint,
  });
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    return invalid(
      context,
      {
        errors: { [result.field ?? "form"]: result.message },
        values: typedValues(parsed.formData),
      },
      result.status
    );
  }
  return redirect(withNotice(`/staff/awards/${schedule.file.award.id}/payments`, "instalment-added"));
}

const FIELDS = ["form", "dueDay", "amount", "condition", "conditionText"] as const;

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Row = Data["rows"][number];

function StatusCell({ row }: { row: Row }) {
  return (
    <>
      <Tag colour={STATE_COLOUR[row.state]}>{row.state === "waiting" ? "Waiting" : row.stateText}</Tag>
      {row.state === "waiting" ? <span className="govuk-!-display-block govuk-!-margin-top-1">{row.stateText}</span> : null}
      {row.status === "paid" ? (
        <span className="govuk-!-display-block govuk-!-margin-top-1">
          {formatMoney(row.paidAmountPence ?? row.amountPence)} paid on {row.paidOn ? formatDate(row.paidOn) : "an unknown date"}
          {row.remittanceReference ? (
            <>
              , remittance reference <span className="app-wrap-anywhere">{row.remittanceReference}</span>
            </>
          ) : null}
          . Recorded{row.recordedByName ? ` by ${row.recordedByName}` : ""}
          {row.recordedAt ? ` on ${formatDateTime(row.recordedAt)}` : ""}.
        </span>
      ) : null}
    </>
  );
}

function Actions({ row, d }: { row: Row; d: Data }) {
  if (row.status !== "scheduled") return null;
  const base = `/staff/awards/${d.award.id}/payments/${row.id}`;
  const links = [
    ...(d.whyNotPayable
      ? []
      : [
          {
            to: base,
            text: "Record payment",
            hidden: ` of instalment ${row.instalment}`,
          },
        ]),
    ...(d.whyNotChangeable
      ? []
      : [
          {
            to: `${base}?change`,
            text: "Change",
            hidden: ` instalment ${row.instalment}`,
          },
          {
            to: `${base}?cancel`,
            text: "Cancel",
            hidden: ` instalment ${row.instalment}`,
          },
        ]),
  ];
  if (!links.length) return null;
  return (
    <ul className="govuk-list">
      {links.map((l) => (
        <li key={l.text}>
          <Link className="govuk-link" to={l.to}>
            {l.text}
            <span className="govuk-visually-hidden">{l.hidden}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export default function PaymentsPage() {
  // A fresh form after each instalment added; what was typed stays after an error.
  return <Payments key={useFreshFormKey()} />;
}

function Payments() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(instalmentSchema, {
    fields: FIELDS,
    defaults: { condition: "none" },
  });
  const stale = failure?.errors?.form;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        {d.notice ? <SuccessBanner text={d.notice} /> : null}
        <ErrorSummary items={summary.map((i) => (i.href === "#form" ? { ...i, href: "#schedule" } : i))} />
        <span className="govuk-caption-l">
          {d.award.reference ?? "Award"}, {d.organisationName}
        </span>
        <h1 className="govuk-heading-l">Payments</h1>
        <SummaryList
          rows={[
            {
              key: "Project",
              value: <span className="app-wrap-anywhere">{d.award.title || "Untitled"}</span>,
            },
            { key: "Award", value: formatMoney(d.award.amountPence) },
            { key: "Status", value: d.award.statusText },
            { key: "Paid so far", value: formatMoney(d.paidPence) },
            {
              key: "Scheduled, not paid yet",
              value: formatMoney(d.scheduledPence),
            },
          ]}
        />
        {d.whyNotPayable ? <InsetText>{d.whyNotPayable}</InsetText> : null}

        <div id="schedule" tabIndex={-1}>
          {stale ? <InsetText>{stale}</InsetText> : null}
          {d.rows.length ? (
            <Table
              caption="Payment schedule"
              columns={[
                { header: "Instalment" },
                { header: "Due" },
                { header: "Amount", numeric: true },
                { header: "Condition" },
                { header: "Status" },
                { header: "Actions" },
              ]}
              firstCellIsHeader
              rows={d.rows.map((row) => [
                String(row.instalment),
                formatDate(row.dueDate),
                formatMoney(row.amountPence),
                row.condition ? <span className="app-wrap-anywhere">{row.condition}</span> : "None",
                <StatusCell row={row} key="status" />,
                <Actions row={row} d={d} key="actions" />,
              ])}
            />
          ) : (
            <p className="govuk-body">This award has no instalments yet.</p>
          )}
          {d.notInSchedulePence > 0 ? <InsetText>{formatMoney(d.notInSchedulePence)} of the award is not in the schedule yet.</InsetText> : null}
          {d.overSchedulePence > 0 ? (
            <WarningText>
              The paid and scheduled instalments come to {formatMoney(d.overSchedulePence)} more than the award of {formatMoney(d.award.amountPence)}.
              Change or cancel a scheduled instalment.
            </WarningText>
          ) : null}
        </div>

        <p className="govuk-body">
          <Link className="govuk-link" to={`/staff/cycles/${d.cycle.id}/budget`}>
            The budget of {d.cycle.name}
          </Link>
        </p>

        {d.whyNotChangeable ? (
          <InsetText>{d.whyNotChangeable}</InsetText>
        ) : (
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-two-thirds">
              <h2 className="govuk-heading-m" id="add-instalment" tabIndex={-1}>
                Add an instalment
              </h2>
              <p className="govuk-body">It will be instalment {d.nextInstalment}. Instalment numbers are never reused, even when one is cancelled.</p>
              <Form method="post" noValidate onSubmit={onSubmit}>
                {/* The schedule this page showed: an instalment is added only if nobody changed it since. */}
                <input type="hidden" name="fingerprint" value={d.fingerprint} />
                <InstalmentFields errors={errors} values={values} register={register} returns={d.returns} />
                <Button>Add instalment</Button>
              </Form>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
