// The organisation's main contact (page 3 of 3 when setting it up).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { OrganisationContactForm } from "~/components/organisation";
import { updateOrganisation } from "~/models/organisations.server";
import { organisationContactSchema } from "~/schemas/organisation";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { afterOrganisationPages, cycleQuery, requireMemberOrganisation } from "~/utils/organisation-page.server";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/organisations/${params.organisationId}`, text: "Back to your organisation" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Your organisation's contact", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, organisation: o } = await requireMemberOrganisation(request, params);
  return json({
    name: o.name,
    settingUp: Boolean(cycleQuery(request)) || !o.contactName,
    defaults: {
      contactName: o.contactName ?? user.name,
      contactEmail: o.contactEmail ?? user.email,
      contactPhone: o.contactPhone ?? "",
      website: o.website ?? "",
    },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, organisation } = await requireMemberOrganisation(request, params);
  const parsed = await parseForm(request, organisationContactSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  updateOrganisation(user, organisation.id, parsed.data);
  return redirect(afterOrganisationPages(request, organisation.id));
}

export default function OrganisationContact() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{d.settingUp ? `${d.name}: 3 of 3` : d.name}</span>
        <OrganisationContactForm defaults={d.defaults} />
      </div>
    </div>
  );
}
