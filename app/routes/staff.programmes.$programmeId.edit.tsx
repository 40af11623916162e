// Change a programme's words (staff): name, summary, description, who runs it, its funder. The
// reference prefix is offered only to an admin, and only until the programme has an application;
// the server refuses it otherwise, with the reason, whatever the form sends.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { PrefixField, ProgrammeFields } from "~/components/programme";
import { programmeForStaff, updateProgramme, whyPrefixFixed } from "~/models/programmes-admin.server";
import { editProgrammeSchema, PROGRAMME_FIELDS } from "~/schemas/programme";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useFreshFormKey, useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/programmes/${params.programmeId}`, text: "Back to the programme" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Change ${data.programme.name}` : "Change a programme", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "staff");
  const found = programmeForStaff(idParam(params.programmeId));
  if (!found) throw notFound();
  const p = found.programme;
  return json({
    programme: {
      id: p.id,
      name: p.name,
      referencePrefix: p.referencePrefix,
      summary: p.summary,
      description: p.description ?? "",
      runBy: p.runBy ?? "",
      funderName: p.funderName ?? "",
      funderOrgId: p.funderOrgId ?? "",
    },
    prefixFixed: whyPrefixFixed(user, p.id),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const id = idParam(params.programmeId);
  const parsed = await parseForm(request, editProgrammeSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = updateProgramme(user, id, parsed.data);
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    // A prefix the page did not offer (a staff member, or an application since): refused, with the reason.
    return invalid(context, { errors: { [result.field ?? "form"]: result.message }, values: typedValues(parsed.formData) }, result.status);
  }
  return redirect(withNotice(`/staff/programmes/${id}`, "programme-saved"));
}

export default function EditProgrammePage() {
  return <EditProgramme key={useFreshFormKey()} />;
}

function EditProgramme() {
  const { programme: p, prefixFixed } = useLoaderData<typeof loader>();
  const { id: _id, ...defaults } = p;
  const form = useGovukForm(editProgrammeSchema, { fields: PROGRAMME_FIELDS, defaults });
  // A refusal about the prefix when the page shows no prefix field points at the fixed prefix.
  const summary = form.summary.map((i) => (i.href === "#referencePrefix" && prefixFixed ? { ...i, href: "#prefix" } : i));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <span className="govuk-caption-l">{p.name}</span>
        <h1 className="govuk-heading-l">Change the programme&rsquo;s details</h1>
        <Form method="post" noValidate onSubmit={form.onSubmit}>
          <ProgrammeFields
            form={form}
            prefix={
              <div id="prefix" tabIndex={-1}>
                <PrefixField form={form} fixed={prefixFixed ? { prefix: p.referencePrefix, why: prefixFixed } : null} />
              </div>
            }
          />
          <div className="govuk-button-group">
            <Button data-prevent-double-click="true">Save changes</Button>
            <Link className="govuk-link" to={`/staff/programmes/${p.id}`}>
              Cancel
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
