// Varying an award (staff): the amount, the start and end dates and the conditions, with the
// reason, which the grantee is told with what changed. The form carries the award's version: a
// save is refused, with everything typed kept, if someone else changed the award since.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { WordCountTextarea } from "~/components/application";
import { AwardSummary } from "~/components/award";
import { DateInput } from "~/components/govuk/date-input";
import { InsetText } from "~/components/govuk/content";
import { Button, ErrorSummary, Textarea, TextInput } from "~/components/govuk/form";
import { varyAward } from "~/models/award-offers.server";
import { isChangeableAward } from "~/models/awards.server";
import { AWARD_LIMITS, hiddenId, varySchema } from "~/schemas/award";
import { awardView, requireStaffAward } from "~/utils/award-page.server";
import { formatDate, formatMoney, poundsText } from "~/utils/format";
import { typedValues, type FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useFreshFormKey, useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/staff/awards/${params.awardId}`, text: "Back to the award" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Vary the award", matches);

const parts = (iso: string | null, prefix: string) => {
  const [y, m, d] = iso ? iso.split("-") : ["", "", ""];
  return { [`${prefix}Day`]: d ? String(Number(d)) : "", [`${prefix}Month`]: m ? String(Number(m)) : "", [`${prefix}Year`]: y ?? "" };
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireStaffAward(request, params);
  const award = awardView(file);
  const scheduled = file.payments.filter((p) => p.status === "scheduled");
  const last = scheduled[scheduled.length - 1];
  return json({
    award,
    changeable: isChangeableAward(file.award.status),
    lastInstalment: last ? { instalment: last.instalment, amountPence: last.amountPence } : null,
    defaults: {
      amount: poundsText(file.award.amountPence),
      ...parts(file.award.startDate, "start"),
      ...parts(file.award.endDate, "end"),
      conditions: file.conditions.map((c) => c.text).join("\n"),
      reason: "",
    },
  });
}

type Failure = FormFailure & { refused?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireStaffAward(request, params);
  const parsed = await parseForm(request, varySchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = varyAward(user, file.award.id, { ...parsed.data, version: hiddenId(parsed.formData.get("version")) });
  if (result.ok) return redirect(`/staff/awards/${file.award.id}?notice=award-varied`);
  if (result.status === 403 || result.status === 404) throw new Response(result.message, { status: result.status });
  context.formHasErrors = true;
  return json<Failure>(
    { errors: result.field ? { [result.field]: result.message } : {}, values: typedValues(parsed.formData), refused: result.field ? undefined : result.message },
    { status: result.status },
  );
}

const FIELDS = ["amount", "startDay", "endDay", "conditions", "reason"] as const;

export default function VaryAward() {
  const { award, changeable, lastInstalment, defaults } = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const formKey = useFreshFormKey();
  const form = useGovukForm(varySchema, { fields: FIELDS, defaults });
  const items = [...(failure?.refused ? [{ href: "#vary-form", text: failure.refused }] : []), ...form.summary];
  const payments = `/staff/awards/${award.id}/payments`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">Award {award.reference}</span>
        <h1 className="govuk-heading-l">Vary the award</h1>
        {failure?.refused ? <h2 className="govuk-heading-m">The award as it is now</h2> : null}
        <AwardSummary award={award} extra={[{ key: "Paid so far", value: formatMoney(award.paidPence) }]} />

        <div id="vary-form" tabIndex={-1}>
          {!changeable ? (
            <InsetText>
              This award {award.status === "declined" ? "was declined" : award.status === "withdrawn" ? "has been withdrawn" : "is completed"}, so it can no
              longer be varied.
            </InsetText>
          ) : (
            <>
              {award.status === "offered" ? (
                <InsetText>
                  The offer has not been answered yet. A variation changes the offer: the grantee is emailed and accepts the offer as changed.
                </InsetText>
              ) : null}
              <h2 className="govuk-heading-m">What a change does</h2>
              <ul className="govuk-list govuk-list--bullet">
                <li>
                  {lastInstalment
                    ? `A change of amount brings the payment schedule to the new amount: the last instalment not yet paid (instalment ${lastInstalment.instalment}, now ${formatMoney(lastInstalment.amountPence)}) takes the difference. If that would leave it at £0 or less, change the payment schedule first. A schedule you have already changed to the new amount is left as it is.`
                    : "No instalment is left to pay: more money becomes a new instalment, due today (or at the start date, if later)."}
                </li>
                <li>The amount cannot go below the {formatMoney(award.paidPence)} already paid.</li>
                <li>
                  A change of start date moves the due dates of the returns not yet sent, and of the instalments that wait on them. Unpaid instalments
                  with no condition keep their dates: change them on the payments page if they should move.
                </li>
                <li>Conditions already met stay met if their words do not change.</li>
              </ul>
              <p className="govuk-body">
                <Link className="govuk-link" to={payments}>
                  Change the payment schedule
                </Link>
              </p>
              <Form method="post" noValidate onSubmit={form.onSubmit} key={formKey}>
                {/* The award this page showed: a save is refused if someone else changed it since. */}
                <input type="hidden" name="version" value={award.version} />
                <TextInput
                  label="Amount"
                  labelSize="m"
                  hint={`In pounds. Now ${formatMoney(award.amountPence)}.`}
                  prefix="£"
                  width="10"
                  inputMode="decimal"
                  spellCheck={false}
                  autoComplete="off"
                  error={form.errors.amount}
                  defaultValue={form.values.amount}
                  {...form.register("amount")}
                />
                <DateInput
                  prefix="start"
                  legend="Start date"
                  hint={`Now ${award.startDate ? formatDate(award.startDate) : "not set"}. For example, 1 4 2027`}
                  error={form.errors.startDay}
                  values={form.values}
                  register={form.register}
                />
                <DateInput
                  prefix="end"
                  legend="End date"
                  hint={`Now ${award.endDate ? formatDate(award.endDate) : "not set"}. For example, 31 3 2028`}
                  error={form.errors.endDay}
                  values={form.values}
                  register={form.register}
                />
                <Textarea
                  label="Conditions"
                  labelSize="m"
                  hint="One condition per line. Leave empty for none."
                  rows={4}
                  error={form.errors.conditions}
                  defaultValue={form.values.conditions}
                  {...form.register("conditions")}
                />
                <WordCountTextarea
                  name="reason"
                  label="Reason for the change"
                  labelSize="m"
                  hint="The grantee is told this, with what changed, by email and on their award page."
                  maxWords={AWARD_LIMITS.reasonWords}
                  rows={4}
                  error={form.errors.reason}
                  defaultValue={form.values.reason}
                  inputProps={form.register("reason")}
                />
                <Button>Save the variation</Button>
              </Form>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
