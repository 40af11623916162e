// Staff give the organisation behind an application a contact email, so that its decision letter
// and any offer reach someone: letters go to every member with an account and to this address.
// Reached from the application's page and from "Send decision letters" when an application has
// nobody to write to. The model checks who is asking and audits the change on the organisation
// and the application.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button, ErrorSummary, TextInput } from "~/components/govuk/form";
import { applicationForStaff } from "~/models/intake.server";
import { setContactEmailByStaff } from "~/models/organisations.server";
import { letterRecipients } from "~/models/recipients.server";
import { staffContactEmailSchema } from "~/schemas/organisation";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import type { FormFailure } from "~/utils/forms";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/applications/${params.applicationId}`, text: "Back to the application" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `Contact email for ${data.organisationName}` : "Contact email", matches);

function applicationOf(params: { applicationId?: string }) {
  const file = applicationForStaff(idParam(params.applicationId));
  if (!file) throw notFound();
  return file;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const file = applicationOf(params);
  return json({
    id: file.application.id,
    reference: file.application.reference,
    organisationName: file.organisation.name,
    contactEmail: file.organisation.contactEmail ?? "",
    members: letterRecipients(db, file.organisation.id).filter((r) => r.kind === "member").length,
  });
}

type Failure = FormFailure & { refused?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const file = applicationOf(params);
  const parsed = await parseForm(request, staffContactEmailSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = setContactEmailByStaff(user, file.application.id, parsed.data.contactEmail);
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    context.formHasErrors = true;
    return json<Failure>({ errors: {}, values: typedValues(parsed.formData), refused: result.message }, { status: result.status });
  }
  return redirect(withNotice(`/staff/applications/${file.application.id}`, "contact-updated"));
}

export default function StaffContactEmail() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(staffContactEmailSchema, {
    fields: ["contactEmail"],
    defaults: { contactEmail: d.contactEmail },
  });
  const items = [...(failure?.refused ? [{ href: "#contactEmail", text: failure.refused }] : []), ...summary];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">
          {d.reference ? `${d.reference}, ` : ""}
          {d.organisationName}
        </span>
        <Form method="post" noValidate onSubmit={onSubmit}>
          <TextInput
            label="What is the organisation's contact email address?"
            labelSize="l"
            isPageHeading
            hint={`The decision letter and any offer go to this address and to ${
              d.members === 1 ? "the 1 person" : `the ${d.members} people`
            } in the organisation with an account. The organisation's members see it on their organisation's page and can change it.`}
            type="email"
            autoComplete="off"
            spellCheck={false}
            error={errors.contactEmail}
            defaultValue={values.contactEmail}
            {...register("contactEmail")}
          />
          <Button>Save the contact email</Button>
        </Form>
      </div>
    </div>
  );
}
