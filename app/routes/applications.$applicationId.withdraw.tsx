// Withdrawing an application, with a reason. It cannot be undone; the organisation may start again.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { WordCountTextarea } from "~/components/application";
import { WarningText } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { withdrawApplication } from "~/models/applications.server";
import { LIMITS, withdrawSchema } from "~/schemas/application";
import { requireApplication } from "~/utils/application-page.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/applications/${params.applicationId}`, text: "Back to your application" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Withdraw your application", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireApplication(request, params);
  if (file.application.status === "withdrawn") throw redirect(`/applications/${file.application.id}`);
  return json({ title: file.application.title, reference: file.application.reference });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireApplication(request, params);
  const parsed = await parseForm(request, withdrawSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = withdrawApplication(user, file.application.id, parsed.data.reason);
  if (!result.ok) return invalid(context, { errors: { reason: result.message }, values: { reason: parsed.data.reason } });
  return redirect(withNotice(`/applications/${file.application.id}`, "withdrawn"));
}

export default function Withdraw() {
  const d = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(withdrawSchema, { fields: ["reason"] });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <span className="govuk-caption-l">{[d.reference, d.title].filter(Boolean).join(": ") || "Your application"}</span>
        <h1 className="govuk-heading-l">Withdraw your application</h1>
        <WarningText>You cannot undo this. The panel will not see the application. You can start a new one while the round is open.</WarningText>
        <Form method="post" noValidate onSubmit={onSubmit}>
          <WordCountTextarea
            name="reason"
            label="Why are you withdrawing it?"
            labelSize="m"
            hint="This helps us improve the fund. Staff will read it."
            maxWords={LIMITS.reasonWords}
            rows={4}
            error={errors.reason}
            defaultValue={values.reason}
            inputProps={register("reason")}
          />
          <Button variant="warning">Withdraw application</Button>
        </Form>
      </div>
    </div>
  );
}
