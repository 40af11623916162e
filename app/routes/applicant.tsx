// The applicant's home: their organisations, their applications, and what is open to apply for.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SuccessBanner, Table, Tag } from "~/components/govuk/content";
import { awardsForOrganisations } from "~/models/awards.server";
import { applicationsOf, organisationsOf } from "~/models/homes.server";
import { listProgrammesWithOpenCycles } from "~/models/programmes.server";
import { requireRole } from "~/utils/auth.server";
import { formatDate, formatDeadline, formatMoney } from "~/utils/format";
import { APPLICATION_STATUS, AWARD_STATUS_TAG, ORGANISATION_TYPE_LABELS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";

export const meta: MetaFunction = () => pageTitle("Your applications");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "applicant");
  const open = listProgrammesWithOpenCycles().flatMap((p) =>
    p.openCycles.map((c) => ({
      id: c.id,
      name: c.name,
      programmeName: p.name,
      closesAt: c.closesAt.toISOString(),
      maxRequestPence: c.maxRequestPence,
    })),
  );
  return json({
    name: user.name,
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    organisations: organisationsOf(user.id),
    applications: applicationsOf(user.organisationIds).map((a) => ({ ...a, updatedAt: a.updatedAt.toISOString() })),
    awards: awardsForOrganisations(user.organisationIds),
    open,
  });
}

export default function ApplicantHome() {
  const { name, notice, organisations, applications, awards, open } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        {notice ? <SuccessBanner text={notice} /> : null}
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Your applications</h1>

        {applications.length ? (
          <Table
            caption="Applications"
            columns={[{ header: "Reference" }, { header: "Project" }, { header: "Round" }, { header: "Status" }, { header: "Last changed" }]}
            rows={applications.map((a) => [
              a.reference ?? "Not submitted",
              <Link className="govuk-link" to={`/applications/${a.id}`} key="t">
                {a.title ?? "Untitled application"}
              </Link>,
              a.cycleName,
              <Tag colour={APPLICATION_STATUS[a.status]?.colour} key="s">{APPLICATION_STATUS[a.status]?.text ?? a.status}</Tag>,
              formatDate(a.updatedAt),
            ])}
          />
        ) : (
          <p className="govuk-body">You have not started an application yet.</p>
        )}

        {awards.length ? (
          <>
            <h2 className="govuk-heading-m">Your awards</h2>
            <Table
              caption="Offers and awards made to your organisations"
              captionSize="s"
              columns={[{ header: "Reference" }, { header: "Project" }, { header: "Round" }, { header: "Amount", numeric: true }, { header: "Status" }]}
              rows={awards.map((a) => [
                a.reference ?? "",
                <Link className="govuk-link" to={`/awards/${a.id}`} key="t">
                  {a.title ?? "Untitled project"}
                  {a.status === "offered" ? <span className="govuk-visually-hidden">: offer waiting for your answer</span> : null}
                </Link>,
                a.cycleName,
                formatMoney(a.amountPence),
                <Tag colour={AWARD_STATUS_TAG[a.status]?.colour} key="s">{AWARD_STATUS_TAG[a.status]?.text ?? a.status}</Tag>,
              ])}
            />
          </>
        ) : null}

        <h2 className="govuk-heading-m">Open for applications</h2>
        {open.length ? (
          <Table
            caption="Funding rounds open now"
            captionSize="s"
            columns={[{ header: "Programme" }, { header: "Round" }, { header: "Up to", numeric: true }, { header: "Closes" }]}
            rows={open.map((c) => [
              c.programmeName,
              <Link className="govuk-link" to={`/apply/${c.id}`} key="n">
                {c.name}
              </Link>,
              formatMoney(c.maxRequestPence),
              formatDeadline(c.closesAt),
            ])}
          />
        ) : (
          <p className="govuk-body">No funding round is open at the moment.</p>
        )}

        <h2 className="govuk-heading-m">Your organisations</h2>
        {organisations.length ? (
          <ul className="govuk-list">
            {organisations.map((o) => (
              <li key={o.id}>
                <Link className="govuk-link govuk-!-font-weight-bold" to={`/organisations/${o.id}`}>
                  {o.name}
                </Link>
                : {ORGANISATION_TYPE_LABELS[o.type]}
                {o.wardName ? `, based in ${o.wardName} ward` : ""}
                {o.role === "owner" ? " (you set it up)" : ""}
              </li>
            ))}
          </ul>
        ) : (
          <p className="govuk-body">
            You are not part of an organisation yet. You will give your organisation's details when you start an
            application, or a colleague can invite you to theirs.
          </p>
        )}
      </div>
    </div>
  );
}
