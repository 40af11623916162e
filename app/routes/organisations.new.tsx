// Setting up an organisation, page 1 of 3: name, type and registration numbers.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { OrganisationDetailsForm } from "~/components/organisation";
import { readAnswers } from "~/models/eligibility";
import { createOrganisation } from "~/models/organisations.server";
import { organisationDetailsSchema } from "~/schemas/organisation";
import { requireUser } from "~/utils/auth.server";
import { cycleQuery } from "~/utils/organisation-page.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";

export const handle: RouteHandle = { backLink: { to: "/applicant", text: "Back to your applications" } };

export const meta: MetaFunction = ({ matches }) => pageTitle("Your organisation", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return { type: readAnswers(new URL(request.url).searchParams).type ?? "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = await parseForm(request, organisationDetailsSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const org = createOrganisation(user, parsed.data);
  return redirect(`/organisations/${org.id}/address${cycleQuery(request)}`);
}

export default function NewOrganisation() {
  const { type } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">Your organisation: 1 of 3</span>
        <OrganisationDetailsForm defaults={{ type }} heading="Tell us about your organisation" button="Save and continue" />
      </div>
    </div>
  );
}
