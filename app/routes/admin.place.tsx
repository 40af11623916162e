// The place settings an admin keeps. The contact email: the accessibility statement, the privacy
// notice, error pages and emails tell people to write to it (the seed documents do not give one).
// For 360Giving open data: the prefix 360Giving issues to a publisher (grant identifiers are
// `360G-<prefix>-<reference>`) and the funder's org-id.guide identifier. Until they are set the
// export uses provisional identifiers and the open data page says not to publish.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Button, ErrorSummary, TextInput } from "~/components/govuk/form";
import { getPlace, updatePlaceSettings } from "~/models/place.server";
import { placeSettingsSchema } from "~/schemas/place";
import { requireRole } from "~/utils/auth.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: { to: "/admin", text: "Back to people and roles" } };

export const meta: MetaFunction = ({ matches }) => pageTitle("Place settings", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const place = getPlace();
  return json({
    contactEmail: place.contactEmail,
    grantIdPrefix: place.grantIdPrefix,
    funderOrgId: place.funderOrgId,
    council: place.councilName,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const parsed = await parseForm(request, placeSettingsSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const changed = updatePlaceSettings(admin, parsed.data);
  return redirect(withNotice("/admin", changed.length === 1 && changed[0] === "contactEmail" ? "contact-updated" : "place-updated"));
}

export default function PlaceSettings() {
  const { contactEmail, grantIdPrefix, funderOrgId, council } = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(placeSettingsSchema, {
    fields: ["contactEmail", "grantIdPrefix", "funderOrgId"],
    defaults: { contactEmail: contactEmail ?? "", grantIdPrefix: grantIdPrefix ?? "", funderOrgId: funderOrgId ?? "" },
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <span className="govuk-caption-l">Admin</span>
        <h1 className="govuk-heading-l">Place settings</h1>
        <Form method="post" noValidate onSubmit={onSubmit}>
          <TextInput
            label="What email address should people contact?"
            labelSize="m"
            hint={`For help to apply, accessibility and privacy requests. Use a team address at ${council || "the council"}, not a person's.`}
            type="email"
            autoComplete="off"
            spellCheck={false}
            error={errors.contactEmail}
            defaultValue={values.contactEmail}
            {...register("contactEmail")}
          />
          <h2 className="govuk-heading-m">Open data (360Giving)</h2>
          <p className="govuk-body">
            Staff download the awards as 360Giving data from the open data page. Until both of these are set, the file uses
            provisional identifiers and must not be published.
          </p>
          <TextInput
            label="360Giving prefix"
            hint="360Giving issues it when you register to publish. Grant identifiers are the prefix and the application reference, like 360G-lbc-CF-2026-0007. Letters, digits and dashes. Leave empty until you have it."
            prefix="360G-"
            width="20"
            autoComplete="off"
            spellCheck={false}
            error={errors.grantIdPrefix}
            defaultValue={values.grantIdPrefix}
            {...register("grantIdPrefix")}
          />
          <TextInput
            label="Funder organisation identifier"
            hint={`The org-id.guide identifier of ${council || "the council"}, named as the funder of the grants: GB-LAE- and its code for a council in England, GB-CHC- and the number for a charity. Leave empty until you know it.`}
            width="20"
            autoComplete="off"
            spellCheck={false}
            error={errors.funderOrgId}
            defaultValue={values.funderOrgId}
            {...register("funderOrgId")}
          />
          <Button>Save</Button>
        </Form>
      </div>
    </div>
  );
}
