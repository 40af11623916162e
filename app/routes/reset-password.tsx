import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button, ErrorSummary, TextInput } from "~/components/govuk/form";
import { checkResetToken, resetPassword } from "~/models/accounts.server";
import { PASSWORD_MIN, resetPasswordSchema } from "~/schemas/account";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const meta: MetaFunction = ({ data, matches }) => {
  const problem = (data as { problem?: string | null } | undefined)?.problem;
  return pageTitle(problem ? "There is a problem with the link" : "Create a new password", matches);
};

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return json({ token, problem: checkResetToken(token) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, resetPasswordSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = await resetPassword(parsed.data.token, parsed.data.password);
  if (!result.ok) return redirect(`/reset-password?token=${encodeURIComponent(parsed.data.token)}`);
  return redirect(withNotice("/sign-in", "password-reset"));
}

export default function ResetPassword() {
  const { token, problem } = useLoaderData<typeof loader>();
  const { register, errors, summary, onSubmit } = useGovukForm(resetPasswordSchema, {
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
              ? "The link has expired. Links to reset a password work for 60 minutes."
              : problem === "used"
                ? "The link has already been used. If you have just reset your password, sign in with your new password."
                : "The link is not valid. If you copied it from the email, check you copied all of it."}
          </p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/forgot-password">
              Get a new link
            </Link>{" "}
            or{" "}
            <Link className="govuk-link" to="/sign-in">
              sign in
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
        <h1 className="govuk-heading-l">Create a new password</h1>
        <Form method="post" noValidate onSubmit={onSubmit}>
          <input type="hidden" value={token} {...register("token")} />
          <TextInput
            label="New password"
            hint={`Use ${PASSWORD_MIN} characters or more.`}
            type="password"
            autoComplete="new-password"
            error={errors.password}
            {...register("password")}
          />
          <Button>Change password</Button>
        </Form>
      </div>
    </div>
  );
}
