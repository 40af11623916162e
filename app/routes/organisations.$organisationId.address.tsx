// The organisation's address and ward (page 2 of 3 when setting it up).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { OrganisationAddressForm } from "~/components/organisation";
import { updateOrganisation, wardOptions } from "~/models/organisations.server";
import { getPlace } from "~/models/place.server";
import { organisationAddressSchema } from "~/schemas/organisation";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { cycleQuery, requireMemberOrganisation } from "~/utils/organisation-page.server";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/organisations/${params.organisationId}`, text: "Back to your organisation" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Your organisation's address", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation: o } = await requireMemberOrganisation(request, params);
  return json({
    name: o.name,
    settingUp: Boolean(cycleQuery(request)) || !o.addressLine1,
    wards: wardOptions(),
    placeName: getPlace().name,
    defaults: {
      addressLine1: o.addressLine1 ?? "",
      addressLine2: o.addressLine2 ?? "",
      town: o.town ?? "",
      postcode: o.postcode ?? "",
      wardId: o.wardId ? String(o.wardId) : o.addressLine1 ? "outside" : "",
    },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, organisation } = await requireMemberOrganisation(request, params);
  const parsed = await parseForm(request, organisationAddressSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  if (!updateOrganisation(user, organisation.id, parsed.data)) {
    return invalid(context, { errors: { wardId: "Select a ward from the list" }, values: Object.fromEntries([...parsed.formData].map(([k, v]) => [k, String(v)])) });
  }
  return redirect(`/organisations/${organisation.id}/contact${cycleQuery(request)}`);
}

export default function OrganisationAddress() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{d.settingUp ? `${d.name}: 2 of 3` : d.name}</span>
        <OrganisationAddressForm defaults={d.defaults} wards={d.wards} placeName={d.placeName} />
      </div>
    </div>
  );
}
