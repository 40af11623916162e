// Accepting the offer: the grantee reads the grant terms in full and ticks that they have. The
// form carries the offer's version and the terms' id: if staff changed the offer or published
// new terms since the page was opened, nothing is accepted and the page shows the offer as it is
// now, to read again. A second press finds the offer accepted and shows the same confirmation.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConditionsList, TermsText } from "~/components/award";
import { InsetText, SummaryList } from "~/components/govuk/content";
import { Button, Choices, ErrorSummary } from "~/components/govuk/form";
import { acceptOffer } from "~/models/award-offers.server";
import { acceptSchema, hiddenId } from "~/schemas/award";
import { awardView, requireGranteeAward } from "~/utils/award-page.server";
import { formatDate, formatMoney } from "~/utils/format";
import type { FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/awards/${params.awardId}`, text: "Back to your offer" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Accept the offer", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireGranteeAward(request, params);
  return json({ award: awardView(file) });
}

type Failure = FormFailure & { refused?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireGranteeAward(request, params);
  const parsed = await parseForm(request, acceptSchema);
  const input = { version: hiddenId(parsed.formData.get("version")), termsId: hiddenId(parsed.formData.get("termsId")), confirm: parsed.ok };
  // An unticked box is checked here only for an open offer: a second press after it was accepted confirms.
  if (!parsed.ok && file.award.status === "offered") return invalid(context, parsed.failure);
  const result = acceptOffer(user, file.award.id, input);
  if (result.ok) return redirect(`/awards/${file.award.id}?notice=offer-accepted`);
  if (result.status === 403 || result.status === 404) throw new Response(result.message, { status: result.status });
  context.formHasErrors = true;
  // Whatever changed, the box is unticked: the person reads the offer again before accepting.
  return json<Failure>(
    { errors: result.field ? { [result.field]: result.message } : {}, values: {}, refused: result.field ? undefined : result.message },
    { status: result.status },
  );
}

export default function AcceptOffer() {
  const { award } = useLoaderData<typeof loader>();
  // A changed offer or new terms make a fresh page: the box unticked, to be read again.
  return <AcceptPage key={`${award.version}-${award.terms?.id ?? 0}`} />;
}

function AcceptPage() {
  const { award } = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const form = useGovukForm(acceptSchema, { fields: ["confirm"] });
  const items = [...(failure?.refused ? [{ href: "#accept-form", text: failure.refused }] : []), ...form.summary];
  const terms = award.terms;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">{award.reference}</span>
        <h1 className="govuk-heading-l">Accept the offer</h1>
        <SummaryList
          rows={[
            { key: "Organisation", value: award.organisationName },
            { key: "Project", value: <span className="app-wrap-anywhere">{award.title || "Untitled"}</span> },
            { key: "Amount", value: formatMoney(award.amountPence) },
            { key: "Start date", value: award.startDate ? formatDate(award.startDate) : "Not set" },
            { key: "End date", value: award.endDate ? formatDate(award.endDate) : "Not set" },
            { key: "Conditions", value: <ConditionsList conditions={award.conditions} /> },
          ]}
        />
        <p className="govuk-body">
          <Link className="govuk-link" to={`/awards/${award.id}`}>
            See the payments and returns of the offer
          </Link>
        </p>

        <div id="accept-form" tabIndex={-1}>
          {award.status !== "offered" ? (
            <InsetText>
              {award.status === "accepted" || award.status === "completed"
                ? `This offer has already been accepted${award.respondedBy ? ` by ${award.respondedBy}` : ""}${award.respondedAt ? ` on ${formatDate(award.respondedAt)}` : ""}.`
                : award.status === "declined"
                  ? "This offer was declined, so it can no longer be accepted."
                  : "This offer has been withdrawn, so it can no longer be accepted."}{" "}
              <Link className="govuk-link" to={`/awards/${award.id}`}>
                Go to the {award.status === "declined" ? "offer" : "award"}
              </Link>
            </InsetText>
          ) : !terms ? (
            <InsetText>No grant terms have been published for this programme yet, so the offer cannot be accepted. Contact us.</InsetText>
          ) : (
            <>
              <h2 className="govuk-heading-m">
                Grant terms: {terms.title}, version {terms.version}
              </h2>
              <TermsText terms={terms} open />
              {/* The offer and terms this page showed: if either changed since, nothing is accepted. */}
              <Form method="post" noValidate onSubmit={form.onSubmit}>
                <input type="hidden" name="version" value={award.version} />
                <input type="hidden" name="termsId" value={terms.id} />
                <Choices
                  type="checkbox"
                  name="confirm"
                  legend="Your agreement"
                  legendSize="s"
                  error={form.errors.confirm}
                  checked={form.values.confirm === "yes" ? ["yes"] : []}
                  items={[
                    {
                      value: "yes",
                      text: `I have read the grant terms (${terms.title}, version ${terms.version}) and accept the offer of ${formatMoney(award.amountPence)} on them for ${award.organisationName}`,
                    },
                  ]}
                  inputProps={form.register("confirm")}
                />
                <Button>Accept the offer</Button>
              </Form>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
