// The admin home: everyone with an account, and what each can do.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SuccessBanner, SummaryList, Table, Tag } from "~/components/govuk/content";
import { listUsers } from "~/models/accounts.server";
import { goLiveChecks } from "~/models/go-live.server";
import { getPlace } from "~/models/place.server";
import { requireRole } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { ROLE_LABELS, STAFF_TEAM_LABELS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";

export const meta: MetaFunction = () => pageTitle("People and roles");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const checks = goLiveChecks();
  return json({
    goLive: { ready: checks.filter((c) => c.ready).length, of: checks.length },
    contactEmail: getPlace().contactEmail,
    grantIdPrefix: getPlace().grantIdPrefix,
    funderOrgId: getPlace().funderOrgId,
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    users: listUsers().map((u) => ({
      ...u,
      emailConfirmedAt: u.emailConfirmedAt?.toISOString() ?? null,
      disabledAt: u.disabledAt?.toISOString() ?? null,
      lastSignedInAt: u.lastSignedInAt?.toISOString() ?? null,
    })),
  });
}

export default function AdminHome() {
  const { users, notice, contactEmail, grantIdPrefix, funderOrgId, goLive } = useLoaderData<typeof loader>();
  return (
    <>
      {notice ? <SuccessBanner text={notice} /> : null}
      <span className="govuk-caption-l">Admin</span>
      <h1 className="govuk-heading-l">People and roles</h1>
      <p className="govuk-body">
        Anyone can create an account to apply. Staff invite panel members to a round's panel. Here you choose who works as
        staff or admin, and close accounts.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/admin/go-live">
          Before you go live
        </Link>
        : {goLive.ready === goLive.of ? "everything is ready." : `${goLive.ready} of ${goLive.of} things are ready.`}
      </p>
      <Table
        caption={`${users.length} accounts`}
        captionSize="s"
        firstCellIsHeader
        columns={[{ header: "Name" }, { header: "Email address" }, { header: "Role" }, { header: "Account" }, { header: "Last signed in" }, { header: <span className="govuk-visually-hidden">Action</span> }]}
        rows={users.map((u) => [
          u.name,
          <span className="app-wrap-anywhere" key="e">{u.email}</span>,
          `${ROLE_LABELS[u.role]}${u.staffTeam ? `, ${STAFF_TEAM_LABELS[u.staffTeam]}` : ""}`,
          u.disabledAt ? (
            <Tag colour="red" key="a">Closed</Tag>
          ) : u.emailConfirmedAt ? (
            <Tag colour="green" key="a">Open</Tag>
          ) : (
            <Tag colour="yellow" key="a">Email not confirmed</Tag>
          ),
          u.lastSignedInAt ? formatDateTime(u.lastSignedInAt) : "Never",
          <Link className="govuk-link" to={`/admin/users/${u.id}`} key="c">
            Change<span className="govuk-visually-hidden"> {u.name}</span>
          </Link>,
        ])}
      />
      <h2 className="govuk-heading-m">Place settings</h2>
      <SummaryList
        rows={[
          {
            key: "People are told to write to",
            value: contactEmail ?? <strong>Not set: the accessibility statement has no address to contact</strong>,
            action: { to: "/admin/place", text: "Change", visuallyHiddenText: "the contact email" },
          },
          {
            key: "360Giving prefix",
            value: grantIdPrefix ? `360G-${grantIdPrefix}` : "Not set: the open data uses a provisional prefix",
            action: { to: "/admin/place#grantIdPrefix", text: "Change", visuallyHiddenText: "the 360Giving prefix" },
          },
          {
            key: "Funder organisation identifier",
            value: funderOrgId ?? "Not set: the open data uses a provisional identifier",
            action: { to: "/admin/place#funderOrgId", text: "Change", visuallyHiddenText: "the funder organisation identifier" },
          },
        ]}
      />
    </>
  );
}
