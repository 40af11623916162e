// The one-time link printed by `npm run admin:create`: the person chooses their password here,
// which confirms their email address and signs them in. An administrator then lands on "Before you
// go live". Opening the link shows a form first, so a link scanner cannot use it up.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button, ErrorSummary, TextInput } from "~/components/govuk/form";
import { checkSetPasswordToken, SET_PASSWORD_HOURS, setPasswordFromLink } from "~/models/accounts.server";
import { PASSWORD_MIN, setPasswordSchema } from "~/schemas/account";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle } from "~/utils/meta";
import { sessionCookie } from "~/utils/session.server";
import { useGovukForm } from "~/utils/use-govuk-form";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data?.problem ? "There is a problem with the link" : "Choose your password", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const checked = checkSetPasswordToken(token);
  return json({ token, problem: checked.problem, email: checked.email, hours: SET_PASSWORD_HOURS });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, setPasswordSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = await setPasswordFromLink(parsed.data.token, parsed.data.password, request);
  if (!result.ok) return redirect(`/set-password?token=${encodeURIComponent(parsed.data.token)}`);
  const headers = { "Set-Cookie": await sessionCookie(result.sessionToken) };
  return redirect(result.user.role === "admin" ? "/admin/go-live" : "/home?notice=email-confirmed", { headers });
}

export default function SetPassword() {
  const { token, problem, email, hours } = useLoaderData<typeof loader>();
  const { register, errors, summary, onSubmit } = useGovukForm(setPasswordSchema, {
    fields: ["password"],
    defaults: { token },
  });
  if (problem) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">There is a problem with the link</h1>
          <p className="govuk-body">
            {problem === "expired"
              ? `The link has expired, or a newer link has been made since. Links to choose a password work for ${hours} hours, and only the newest one works.`
              : problem === "used"
                ? "The link has already been used. If you have just chosen your password, sign in with it."
                : "The link is not valid. If you copied it, check you copied all of it."}
          </p>
          <p className="govuk-body">
            Ask whoever runs the portal for a new link, or{" "}
            <Link className="govuk-link" to="/sign-in">
              sign in
            </Link>{" "}
            if you already have a password. If you have forgotten it,{" "}
            <Link className="govuk-link" to="/forgot-password">
              reset your password
            </Link>
            .
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <h1 className="govuk-heading-l">Choose your password</h1>
        <p className="govuk-body">
          You will use it with <strong className="app-wrap-anywhere">{email}</strong> to sign in to the portal. Choosing it also
          confirms your email address, and signs you in.
        </p>
        <Form method="post" noValidate onSubmit={onSubmit}>
          <input type="hidden" value={token} {...register("token")} />
          <input type="hidden" name="email" value={email ?? ""} autoComplete="username" />
          <TextInput
            label="Password"
            hint={`Use ${PASSWORD_MIN} characters or more. A few unrelated words together make a strong password that is easy to remember.`}
            type="password"
            autoComplete="new-password"
            error={errors.password}
            {...register("password")}
          />
          <Button data-prevent-double-click="true">Save password and sign in</Button>
        </Form>
      </div>
    </div>
  );
}
