import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SuccessBanner, NotificationBanner } from "~/components/govuk/content";
import { Button, ErrorSummary, TextInput } from "~/components/govuk/form";
import { checkSignIn, startSignedInSession } from "~/models/accounts.server";
import { signInSchema } from "~/schemas/account";
import { getCurrentUser, homePath, safeRedirectPath } from "~/utils/auth.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";
import { sessionCookie } from "~/utils/session.server";
import { useGovukForm } from "~/utils/use-govuk-form";

export const meta: MetaFunction = ({ matches }) => pageTitle("Sign in", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const url = new URL(request.url);
  const redirectTo = safeRedirectPath(url.searchParams.get("redirectTo"));
  if (user) throw redirect(redirectTo ?? homePath(user));
  const key = url.searchParams.get("notice");
  return json({ redirectTo, notice: noticeText(key), important: key === "session-ended" });
}

const PROBLEMS = {
  wrong: "Enter the email address and password for your account",
  paused: "You have tried to sign in too many times. Wait 15 minutes, or reset your password",
  disabled: "This account has been closed. Contact the public health team if you think this is wrong",
} as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, signInSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const { email, password, redirectTo } = parsed.data;
  const result = await checkSignIn(email, password);
  if (!result.ok) {
    if (result.problem === "unconfirmed") {
      // The password was right: send them to confirm their address (and offer a new link).
      return redirect(`/check-your-email?email=${encodeURIComponent(email)}&reason=unconfirmed`);
    }
    return invalid(context, { errors: { email: PROBLEMS[result.problem] }, values: { email } });
  }
  const token = startSignedInSession(result.user, request);
  return redirect(safeRedirectPath(redirectTo) ?? "/home", {
    headers: { "Set-Cookie": await sessionCookie(token) },
  });
}

const FIELDS = ["email", "password"] as const;

export default function SignIn() {
  const { redirectTo, notice, important } = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(signInSchema, { fields: FIELDS });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {notice && important ? (
          <NotificationBanner>
            <p className="govuk-notification-banner__heading">{notice}</p>
          </NotificationBanner>
        ) : notice ? (
          <SuccessBanner text={notice} />
        ) : null}
        <ErrorSummary items={summary} />
        <h1 className="govuk-heading-l">Sign in</h1>
        <Form method="post" noValidate onSubmit={onSubmit}>
          {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
          <TextInput
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            error={errors.email}
            defaultValue={values.email}
            {...register("email")}
          />
          <TextInput
            label="Password"
            type="password"
            autoComplete="current-password"
            error={errors.password}
            {...register("password")}
          />
          <Button>Sign in</Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to="/forgot-password">
            I have forgotten my password
          </Link>
        </p>
        <h2 className="govuk-heading-m">If you do not have an account</h2>
        <p className="govuk-body">
          {/* Coming from a link (an invitation), a new account comes back to it once confirmed. */}
          <Link className="govuk-link" to={redirectTo ? `/sign-up?redirectTo=${encodeURIComponent(redirectTo)}` : "/sign-up"}>
            Create an account
          </Link>{" "}
          to apply for funding for your group or business.
        </p>
      </div>
    </div>
  );
}
