import { redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { Button, ErrorSummary, TextInput } from "~/components/govuk/form";
import { requestPasswordReset } from "~/models/accounts.server";
import { forgotPasswordSchema } from "~/schemas/account";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: { to: "/sign-in" } };

export const meta: MetaFunction = ({ matches }) => pageTitle("Reset your password", matches);

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, forgotPasswordSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  requestPasswordReset(parsed.data.email);
  return redirect(`/check-your-email?email=${encodeURIComponent(parsed.data.email)}&reason=reset`);
}

export default function ForgotPassword() {
  const { register, errors, summary, values, onSubmit } = useGovukForm(forgotPasswordSchema, { fields: ["email"] });
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary items={summary} />
          <Form method="post" noValidate onSubmit={onSubmit}>
            <TextInput
              label="What is the email address for your account?"
              isPageHeading
              hint="We will send a link to reset your password to this address."
              type="email"
              autoComplete="email"
              spellCheck={false}
              error={errors.email}
              defaultValue={values.email}
              {...register("email")}
            />
            <Button>Send the link</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
