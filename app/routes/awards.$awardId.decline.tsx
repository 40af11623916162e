// Declining the offer, with the reason (required). The offer closes and nothing is paid; each
// member gets a confirmation. The form carries the offer's version: an offer changed since the
// page was opened is not declined unseen.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { WordCountTextarea } from "~/components/application";
import { InsetText, WarningText } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { declineOffer } from "~/models/award-offers.server";
import { AWARD_LIMITS, declineSchema, hiddenId } from "~/schemas/award";
import { awardView, requireGranteeAward } from "~/utils/award-page.server";
import { formatMoney } from "~/utils/format";
import { typedValues, type FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/awards/${params.awardId}`, text: "Back to your offer" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Decline the offer", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireGranteeAward(request, params);
  return json({ award: awardView(file) });
}

type Failure = FormFailure & { refused?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireGranteeAward(request, params);
  const parsed = await parseForm(request, declineSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = declineOffer(user, file.award.id, { version: hiddenId(parsed.formData.get("version")), reason: parsed.data.reason });
  if (result.ok) return redirect(`/awards/${file.award.id}?notice=offer-declined`);
  if (result.status === 403 || result.status === 404) throw new Response(result.message, { status: result.status });
  context.formHasErrors = true;
  return json<Failure>(
    { errors: result.field ? { [result.field]: result.message } : {}, values: typedValues(parsed.formData), refused: result.field ? undefined : result.message },
    { status: result.status },
  );
}

export default function DeclineOffer() {
  const { award } = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const form = useGovukForm(declineSchema, { fields: ["reason"] });
  const items = [...(failure?.refused ? [{ href: "#decline-form", text: failure.refused }] : []), ...form.summary];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">{award.reference}</span>
        <h1 className="govuk-heading-l">Decline the offer</h1>
        <div id="decline-form" tabIndex={-1}>
          {award.status !== "offered" ? (
            <InsetText>
              {award.status === "declined" ? "This offer has already been declined." : "This offer is no longer open, so it cannot be declined."}{" "}
              <Link className="govuk-link" to={`/awards/${award.id}`}>
                Go back to the {award.status === "declined" ? "offer" : "award"}
              </Link>
            </InsetText>
          ) : (
            <>
              <p className="govuk-body">
                {award.organisationName} has been offered {formatMoney(award.amountPence)} for {award.title || "its project"}.
              </p>
              <WarningText>If you decline the offer, it closes and no money is paid. You cannot undo this in the portal.</WarningText>
              <Form method="post" noValidate onSubmit={form.onSubmit}>
                {/* The offer this page showed: a changed offer is not declined unseen. */}
                <input type="hidden" name="version" value={award.version} />
                <WordCountTextarea
                  name="reason"
                  label="Why are you declining the offer?"
                  labelSize="m"
                  hint="This helps us plan future rounds. Everyone in your organisation gets a copy."
                  maxWords={AWARD_LIMITS.reasonWords}
                  rows={5}
                  error={form.errors.reason}
                  defaultValue={form.values.reason}
                  inputProps={form.register("reason")}
                />
                <div className="govuk-button-group">
                  <Button variant="warning">Decline the offer</Button>
                  <Link className="govuk-link" to={`/awards/${award.id}`}>
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
