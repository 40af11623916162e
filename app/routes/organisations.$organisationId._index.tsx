// An organisation's details as its members see them, with links to change each part.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SuccessBanner, SummaryList, WarningText } from "~/components/govuk/content";
import { nextOrganisationPage, organisationIsComplete } from "~/models/organisations.server";
import { getPlace, listWards } from "~/models/place.server";
import { organisationIdentifier } from "~/schemas/organisation";
import { ORGANISATION_TYPE_LABELS } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";
import { requireMemberOrganisation } from "~/utils/organisation-page.server";

export const handle: RouteHandle = { backLink: { to: "/applicant", text: "Back to your applications" } };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.name ?? "Your organisation", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation: o } = await requireMemberOrganisation(request, params);
  const ward = o.wardId ? listWards().find((w) => w.id === o.wardId)?.name : null;
  return json({
    id: o.id,
    name: o.name,
    complete: organisationIsComplete(o),
    next: nextOrganisationPage(o),
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    rows: {
      details: [
        { key: "Name", value: o.name },
        { key: "Type", value: ORGANISATION_TYPE_LABELS[o.type] ?? o.type },
        { key: "Charity number", value: o.charityNumber ?? "None" },
        { key: "Company number", value: o.companyNumber ?? "None" },
        { key: "Organisation identifier", value: organisationIdentifier(o, getPlace().localOrgIdPrefix) },
      ],
      address: [
        { key: "Address", value: [o.addressLine1, o.addressLine2, o.town, o.postcode].filter(Boolean).join("\n") || "Not given" },
        { key: "Ward", value: ward ?? (o.addressLine1 ? "Outside the area" : "Not given") },
      ],
      contact: [
        { key: "Contact", value: o.contactName ?? "Not given" },
        { key: "Email", value: o.contactEmail ?? "Not given" },
        { key: "Telephone", value: o.contactPhone ?? "Not given" },
        { key: "Website", value: o.website ?? "None" },
      ],
    },
  });
}

const SECTIONS = [
  { key: "details", title: "Details", page: "details" },
  { key: "address", title: "Address", page: "address" },
  { key: "contact", title: "Contact", page: "contact" },
] as const;

export default function Organisation() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.notice ? <SuccessBanner text={d.notice} /> : null}
        <span className="govuk-caption-l">Your organisation</span>
        <h1 className="govuk-heading-l">{d.name}</h1>
        {!d.complete && d.next ? (
          <WarningText>
            Some details are missing. <Link className="govuk-link" to={`/organisations/${d.id}/${d.next}`}>Add them</Link> before you submit an
            application.
          </WarningText>
        ) : null}
        {SECTIONS.map((s) => (
          <div className="govuk-summary-card" key={s.key}>
            <div className="govuk-summary-card__title-wrapper">
              <h2 className="govuk-summary-card__title">{s.title}</h2>
              <ul className="govuk-summary-card__actions">
                <li className="govuk-summary-card__action">
                  <Link className="govuk-link" to={`/organisations/${d.id}/${s.page}`}>
                    Change<span className="govuk-visually-hidden"> {s.title.toLowerCase()}</span>
                  </Link>
                </li>
              </ul>
            </div>
            <div className="govuk-summary-card__content">
              <SummaryList rows={d.rows[s.key].map((r) => ({ key: r.key, value: <span className="app-pre-line">{r.value}</span> }))} />
            </div>
          </div>
        ))}
        <h2 className="govuk-heading-m">People</h2>
        <p className="govuk-body">
          Everyone in your organisation can work on its applications.{" "}
          <Link className="govuk-link" to={`/organisations/${d.id}/members`}>
            See who has access, or invite a colleague
          </Link>
          .
        </p>
      </div>
    </div>
  );
}
