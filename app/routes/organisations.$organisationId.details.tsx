// Changing the organisation's name, type and registration numbers.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { OrganisationDetailsForm } from "~/components/organisation";
import { updateOrganisation } from "~/models/organisations.server";
import { organisationDetailsSchema } from "~/schemas/organisation";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { requireMemberOrganisation } from "~/utils/organisation-page.server";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/organisations/${params.organisationId}`, text: "Back to your organisation" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Your organisation's details", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation: o } = await requireMemberOrganisation(request, params);
  return json({ defaults: { name: o.name, type: o.type, charityNumber: o.charityNumber ?? "", companyNumber: o.companyNumber ?? "" } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, organisation } = await requireMemberOrganisation(request, params);
  const parsed = await parseForm(request, organisationDetailsSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  updateOrganisation(user, organisation.id, parsed.data);
  return redirect(`/organisations/${organisation.id}?notice=organisation-updated`);
}

export default function OrganisationDetails() {
  const { defaults } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <OrganisationDetailsForm defaults={defaults} heading="Your organisation's details" button="Save" />
      </div>
    </div>
  );
}
