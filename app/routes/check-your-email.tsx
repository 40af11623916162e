import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, SuccessBanner } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { summaryItems } from "~/utils/forms";
import { CONFIRM_EMAIL_HOURS, RESET_PASSWORD_MINUTES, resendConfirmation } from "~/models/accounts.server";
import { resendConfirmationSchema } from "~/schemas/account";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle("Check your email", matches);

const REASONS = ["confirm", "unconfirmed", "reset"] as const;
type Reason = (typeof REASONS)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const email = resendConfirmationSchema.shape.email.safeParse(url.searchParams.get("email") ?? "");
  const reasonParam = url.searchParams.get("reason");
  const reason: Reason = REASONS.includes(reasonParam as Reason) ? (reasonParam as Reason) : "confirm";
  // Numbers from a .server module are not in the browser's bundle: they travel with the data.
  return json({ email: email.success ? email.data : null, reason, hours: CONFIRM_EMAIL_HOURS, minutes: RESET_PASSWORD_MINUTES });
}

/** "Send the link again". */
export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, resendConfirmationSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  resendConfirmation(parsed.data.email);
  return json({ resent: true });
}

export default function CheckYourEmail() {
  const { email, reason, hours, minutes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const resent = result && "resent" in result;
  const errors = result && "errors" in result ? result.errors : {};
  const to = email ? <strong className="app-wrap-anywhere">{email}</strong> : "the email address you gave";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {resent ? <SuccessBanner text="We have sent you a new link. It may take a few minutes to arrive." /> : null}
        <ErrorSummary items={summaryItems(errors)} />
        <h1 className="govuk-heading-l">{reason === "unconfirmed" ? "Confirm your email address" : "Check your email"}</h1>
        {reason === "reset" ? (
          <>
            <p className="govuk-body">If there is an account for {to}, we have sent it a link to reset the password.</p>
            <p className="govuk-body">The link works for {minutes} minutes.</p>
          </>
        ) : (
          <>
            {reason === "unconfirmed" ? (
              <p className="govuk-body">You need to confirm your email address before you can sign in.</p>
            ) : null}
            <p className="govuk-body">We have sent a link to {to}. Select the link in the email to confirm your address.</p>
            <p className="govuk-body">The link works for {hours} hours.</p>
          </>
        )}
        <InsetText>
          The email comes from the Health Equity Funding Portal. If you cannot find it, check your spam or junk folder.
        </InsetText>
        {reason !== "reset" && email ? (
          <Form method="post" noValidate>
            <input type="hidden" name="email" value={email} />
            <Button variant="secondary">Send the link again</Button>
          </Form>
        ) : null}
        <p className="govuk-body">
          {reason === "reset" ? (
            <Link className="govuk-link" to="/forgot-password">
              Try a different email address
            </Link>
          ) : (
            <Link className="govuk-link" to="/sign-up">
              Wrong email address? Create your account again
            </Link>
          )}
        </p>
      </div>
    </div>
  );
}
