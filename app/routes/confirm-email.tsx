// The link in the "confirm your email address" email. Opening it shows a form: email scanners
// that open links cannot use it up, and asking for the password means only the person who
// created the account can confirm it.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button, ErrorSummary, TextInput } from "~/components/govuk/form";
import { checkConfirmToken, CONFIRM_EMAIL_HOURS, confirmEmail } from "~/models/accounts.server";
import { confirmEmailSchema } from "~/schemas/account";
import { safeRedirectPath } from "~/utils/auth.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle } from "~/utils/meta";
import { sessionCookie } from "~/utils/session.server";
import { useGovukForm } from "~/utils/use-govuk-form";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data?.problem ? "There is a problem with the link" : "Confirm your email address", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const token = url.searchParams.get("token") ?? "";
  const checked = checkConfirmToken(token);
  const next = safeRedirectPath(url.searchParams.get("next"));
  return json({ token, next, problem: checked.problem, email: checked.email ?? null, confirmed: checked.confirmed, hours: CONFIRM_EMAIL_HOURS });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, confirmEmailSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = await confirmEmail(parsed.data.token, parsed.data.password, request);
  if (!result.ok) {
    if (result.problem === "wrong_password") {
      return invalid(context, { errors: { password: "Enter the password you chose when you created your account" } });
    }
    return redirect(`/confirm-email?token=${encodeURIComponent(parsed.data.token)}`);
  }
  const next = safeRedirectPath(parsed.formData.get("next"));
  return redirect(next ?? "/home?notice=email-confirmed", { headers: { "Set-Cookie": await sessionCookie(result.sessionToken) } });
}

export default function ConfirmEmail() {
  const { token, next, problem, email, confirmed, hours } = useLoaderData<typeof loader>();
  const { register, errors, summary, onSubmit } = useGovukForm(confirmEmailSchema, {
    fields: ["password"],
    defaults: { token },
  });
  if (!problem) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary items={summary} />
          <h1 className="govuk-heading-l">Confirm your email address</h1>
          <p className="govuk-body">
            Enter your password to confirm that <strong className="app-wrap-anywhere">{email}</strong> is your email
            address. You will then be signed in.
          </p>
          <Form method="post" noValidate onSubmit={onSubmit}>
            <input type="hidden" value={token} {...register("token")} />
            {next ? <input type="hidden" name="next" value={next} /> : null}
            <input type="hidden" name="email" value={email ?? ""} autoComplete="username" />
            <TextInput
              label="Password"
              type="password"
              autoComplete="current-password"
              error={errors.password}
              {...register("password")}
            />
            <Button>Confirm and continue</Button>
          </Form>
          <p className="govuk-body">
            If you did not create an account, do not enter anything here. Nobody can use the account without confirming it.
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">There is a problem with the link</h1>
        {confirmed ? (
          <>
            <p className="govuk-body">Your email address is already confirmed.</p>
            <p className="govuk-body">
              <Link className="govuk-link" to="/sign-in">
                Sign in
              </Link>
            </p>
          </>
        ) : problem === "expired" && email ? (
          <>
            <p className="govuk-body">
              The link has expired. Links to confirm an email address work for {hours} hours.
            </p>
            <p className="govuk-body">
              <Link className="govuk-link" to={`/check-your-email?email=${encodeURIComponent(email)}&reason=unconfirmed`}>
                Get a new link
              </Link>
            </p>
          </>
        ) : (
          <>
            <p className="govuk-body">The link is not valid. If you copied it from the email, check you copied all of it.</p>
            <p className="govuk-body">
              You can{" "}
              <Link className="govuk-link" to="/sign-in">
                sign in
              </Link>{" "}
              to get a new link.
            </p>
          </>
        )}
      </div>
    </div>
  );
}
