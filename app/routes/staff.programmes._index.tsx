// Every programme (staff): how many rounds each has and how it stands, retired ones marked. Admins
// add a programme here: a Marmot Place may run a third fund.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SuccessBanner, Table, Tag } from "~/components/govuk/content";
import { listProgrammesForStaff } from "~/models/programmes-admin.server";
import { requireRole } from "~/utils/auth.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";

export const handle: RouteHandle = { backLink: { to: "/staff", text: "Back to funding rounds" } };

export const meta: MetaFunction = ({ matches }) => pageTitle("Programmes", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "staff");
  return json({
    programmes: listProgrammesForStaff().map((p) => ({ ...p, archivedAt: p.archivedAt?.toISOString() ?? null })),
    isAdmin: user.isAdmin,
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
  });
}

function State({ p }: { p: { archivedAt: string | null; open: number; scheduled: number; drafts: number } }) {
  if (p.archivedAt) return <Tag colour="grey">Retired</Tag>;
  if (p.open) return <Tag colour="green">{p.open === 1 ? "Round open" : `${p.open} rounds open`}</Tag>;
  if (p.scheduled) return <Tag colour="blue">Round opens soon</Tag>;
  if (p.drafts) return <Tag colour="yellow">{p.drafts === 1 ? "Draft round" : `${p.drafts} draft rounds`}</Tag>;
  return <>No round open</>;
}

export default function Programmes() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        {d.notice ? <SuccessBanner text={d.notice} /> : null}
        <span className="govuk-caption-l">Staff</span>
        <h1 className="govuk-heading-l">Programmes</h1>
        <p className="govuk-body">
          Each programme has its rounds, its usual return schedule and its grant terms. A retired programme keeps its rounds and records, but is not
          offered to applicants and gets no new rounds.
        </p>
        {d.isAdmin ? (
          <Link className="govuk-button govuk-button--secondary" to="/staff/programmes/new" data-module="govuk-button">
            Add a programme
          </Link>
        ) : null}
        <Table
          caption={`${d.programmes.length} ${d.programmes.length === 1 ? "programme" : "programmes"}`}
          captionSize="s"
          firstCellIsHeader
          columns={[{ header: "Programme" }, { header: "Reference prefix" }, { header: "Rounds", numeric: true }, { header: "State" }]}
          rows={d.programmes.map((p) => [
            <Link className="govuk-link" to={`/staff/programmes/${p.id}`} key="name">
              {p.name}
            </Link>,
            p.referencePrefix,
            p.rounds,
            <State p={p} key="state" />,
          ])}
        />
      </div>
    </div>
  );
}
