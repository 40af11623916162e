// The link in the "confirm your email address" email. Opening it only shows a button: email
// scanners that open links must not use up the single-use link or sign anyone in.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/govuk/form";
import { checkConfirmToken, confirmEmail, recordSignIn } from "~/models/accounts.server";
import { transaction } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { sessionCookie, startSession } from "~/utils/session.server";

export const meta: MetaFunction = ({ data }) => {
  const problem = (data as { problem?: string | null } | undefined)?.problem;
  return pageTitle(problem ? "There is a problem with the link" : "Confirm your email address");
};

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const checked = checkConfirmToken(token);
  return json({ token, problem: checked.problem, email: checked.email ?? null, confirmed: checked.confirmed });
}

export async function action({ request }: ActionFunctionArgs) {
  const token = String((await request.formData()).get("token") ?? "");
  const result = confirmEmail(token);
  if ("problem" in result) return redirect(`/confirm-email?token=${encodeURIComponent(token)}`);
  const sessionToken = transaction((tx) => {
    recordSignIn(tx, result.user);
    return startSession(tx, result.user.id, request);
  });
  return redirect("/home?notice=email-confirmed", { headers: { "Set-Cookie": await sessionCookie(sessionToken) } });
}

export default function ConfirmEmail() {
  const { token, problem, email, confirmed } = useLoaderData<typeof loader>();
  if (!problem) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Confirm your email address</h1>
          <p className="govuk-body">
            Confirm that <strong className="app-wrap-anywhere">{email}</strong> is your email address. You will then be
            signed in.
          </p>
          <Form method="post">
            <input type="hidden" name="token" value={token} />
            <Button>Confirm and continue</Button>
          </Form>
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
            <p className="govuk-body">The link has expired. Links to confirm an email address work for 24 hours.</p>
            <p className="govuk-body">
              <Link className="govuk-link" to={`/check-your-email?email=${encodeURIComponent(email)}&reason=unconfirmed`}>
                Get a new link
              </Link>
            </p>
          </>
        ) : (
          <>
            <p className="govuk-body">
              The link is not valid. If you copied it from the email, check you copied all of it.
            </p>
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
