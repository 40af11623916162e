import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { Button, ErrorSummary, TextInput } from "~/components/govuk/form";
import { changePassword } from "~/models/accounts.server";
import { changePasswordSchema, PASSWORD_MIN } from "~/schemas/account";
import { requireUser } from "~/utils/auth.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: { to: "/account", text: "Back to your account" } };

export const meta: MetaFunction = ({ matches }) => pageTitle("Change your password", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = await parseForm(request, changePasswordSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = await changePassword(user, parsed.data.currentPassword, parsed.data.password);
  if (!result.ok) return invalid(context, { errors: { currentPassword: "Your current password is not right" } });
  return redirect(withNotice("/account", "password-changed"));
}

export default function ChangePassword() {
  const { register, errors, summary, onSubmit } = useGovukForm(changePasswordSchema, { fields: ["currentPassword", "password"] });
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary items={summary} />
          <h1 className="govuk-heading-l">Change your password</h1>
          <Form method="post" noValidate onSubmit={onSubmit}>
            <TextInput label="Current password" type="password" autoComplete="current-password" error={errors.currentPassword} {...register("currentPassword")} />
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
    </>
  );
}
