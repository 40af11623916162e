// The place's contact email: the accessibility statement, the privacy notice, error pages and
// emails tell people to write to it. The seed documents do not give one, so an admin sets it.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Button, ErrorSummary, TextInput } from "~/components/govuk/form";
import { getPlace, updatePlaceContact } from "~/models/place.server";
import { placeContactSchema } from "~/schemas/place";
import { requireRole } from "~/utils/auth.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: { to: "/admin", text: "Back to people and roles" } };

export const meta: MetaFunction = ({ matches }) => pageTitle("Contact email", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const place = getPlace();
  return json({ contactEmail: place.contactEmail, council: place.councilName });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const parsed = await parseForm(request, placeContactSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  updatePlaceContact(admin, parsed.data.contactEmail);
  return redirect(withNotice("/admin", "contact-updated"));
}

export default function PlaceContact() {
  const { contactEmail, council } = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(placeContactSchema, {
    fields: ["contactEmail"],
    defaults: { contactEmail: contactEmail ?? "" },
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <Form method="post" noValidate onSubmit={onSubmit}>
          <TextInput
            label="What email address should people contact?"
            isPageHeading
            hint={`For help to apply, accessibility and privacy requests. Use a team address at ${council || "the council"}, not a person's.`}
            type="email"
            autoComplete="off"
            spellCheck={false}
            error={errors.contactEmail}
            defaultValue={values.contactEmail}
            {...register("contactEmail")}
          />
          <Button>Save</Button>
        </Form>
      </div>
    </div>
  );
}
