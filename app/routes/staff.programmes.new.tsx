// Add a programme (admins): its name, reference prefix, words and funder. A Marmot Place may run
// a third fund beside the two in its place file. Its rounds are created from its page.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { PrefixField, ProgrammeFields } from "~/components/programme";
import { addProgramme } from "~/models/programmes-admin.server";
import { newProgrammeSchema, PROGRAMME_FIELDS } from "~/schemas/programme";
import { requireRole } from "~/utils/auth.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useFreshFormKey, useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: { to: "/staff/programmes", text: "Back to programmes" } };

export const meta: MetaFunction = ({ matches }) => pageTitle("Add a programme", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const parsed = await parseForm(request, newProgrammeSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = addProgramme(admin, parsed.data);
  if (!result.ok) {
    if (result.status === 403) throw new Response(result.message, { status: 403 });
    return invalid(context, { errors: { [result.field ?? "form"]: result.message }, values: typedValues(parsed.formData) }, result.status);
  }
  return redirect(withNotice(`/staff/programmes/${result.id}`, "programme-added"));
}

export default function NewProgramme() {
  return <NewProgrammeForm key={useFreshFormKey()} />;
}

function NewProgrammeForm() {
  const form = useGovukForm(newProgrammeSchema, { fields: PROGRAMME_FIELDS });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={form.summary} />
        <span className="govuk-caption-l">Programmes</span>
        <h1 className="govuk-heading-l">Add a programme</h1>
        <p className="govuk-body">
          Once it is added, set its usual return schedule and grant terms, then create its first round. The start page names it straight away,
          with no round open for applications until you publish one.
        </p>
        <Form method="post" noValidate onSubmit={form.onSubmit}>
          <ProgrammeFields form={form} prefix={<PrefixField form={form} />} />
          <Button data-prevent-double-click="true">Add programme</Button>
        </Form>
      </div>
    </div>
  );
}
