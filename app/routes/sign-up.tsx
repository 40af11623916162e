import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button, ErrorSummary, TextInput } from "~/components/govuk/form";
import { signUp } from "~/models/accounts.server";
import { PASSWORD_MIN, signUpSchema } from "~/schemas/account";
import { getCurrentUser, homePath, safeRedirectPath } from "~/utils/auth.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const meta: MetaFunction = ({ matches }) => pageTitle("Create an account", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  if (user) throw redirect(redirectTo ?? homePath(user));
  return { redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, signUpSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  // Where they were going (starting an application) travels in the confirmation link.
  await signUp(parsed.data, safeRedirectPath(parsed.formData.get("redirectTo")));
  return redirect(`/check-your-email?email=${encodeURIComponent(parsed.data.email)}&reason=confirm`);
}

const FIELDS = ["name", "email", "password"] as const;

export default function SignUp() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(signUpSchema, { fields: FIELDS });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <h1 className="govuk-heading-l">Create an account</h1>
        <p className="govuk-body">
          You need an account to apply for funding. Everyone in your group or business can have their own account and
          work on the same applications.
        </p>
        <Form method="post" noValidate onSubmit={onSubmit}>
          {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
          <TextInput
            label="Full name"
            autoComplete="name"
            spellCheck={false}
            error={errors.name}
            defaultValue={values.name}
            {...register("name")}
          />
          <TextInput
            label="Email address"
            hint="We will send you a link to confirm it."
            type="email"
            autoComplete="email"
            spellCheck={false}
            error={errors.email}
            defaultValue={values.email}
            {...register("email")}
          />
          <TextInput
            label="Create a password"
            hint={`Use ${PASSWORD_MIN} characters or more. A few words you will remember make a strong password.`}
            type="password"
            autoComplete="new-password"
            error={errors.password}
            {...register("password")}
          />
          <Button>Create account</Button>
        </Form>
        <p className="govuk-body">
          Already have an account?{" "}
          <Link className="govuk-link" to={redirectTo ? `/sign-in?redirectTo=${encodeURIComponent(redirectTo)}` : "/sign-in"}>
            Sign in
          </Link>
          .
        </p>
        <p className="govuk-body">
          Read how we use your information in our{" "}
          <Link className="govuk-link" to="/privacy">
            privacy notice
          </Link>
          .
        </p>
      </div>
    </div>
  );
}
