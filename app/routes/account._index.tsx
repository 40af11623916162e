// Your account: who you are here, where you are signed in, and your password.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SuccessBanner, SummaryList } from "~/components/govuk/content";
import { Button } from "~/components/govuk/form";
import { revokeAllSessionsFor } from "~/models/accounts.server";
import { organisationsOf, panelsOf } from "~/models/homes.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { ROLE_LABELS, STAFF_TEAM_LABELS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";
import { listSessions } from "~/utils/session.server";

export const meta: MetaFunction = () => pageTitle("Your account");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const sessions = listSessions(user.id);
  return json({
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    user: { name: user.name, email: user.email, role: user.role, staffTeam: user.staffTeam },
    organisations: organisationsOf(user.id).map((o) => o.name),
    panels: panelsOf(user.id).map((p) => p.cycleName),
    sessions: sessions.map((s) => ({
      id: s.id,
      current: s.id === user.sessionId,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      device: describeDevice(s.userAgent),
    })),
  });
}

function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser = /Edg\//.test(userAgent) ? "Edge" : /Chrome\//.test(userAgent) ? "Chrome" : /Firefox\//.test(userAgent) ? "Firefox" : /Safari\//.test(userAgent) ? "Safari" : "A browser";
  const system = /Android/.test(userAgent) ? "Android" : /iPhone|iPad/.test(userAgent) ? "iPhone or iPad" : /Windows/.test(userAgent) ? "Windows" : /Mac OS/.test(userAgent) ? "Mac" : /Linux/.test(userAgent) ? "Linux" : "";
  return system ? `${browser} on ${system}` : browser;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  revokeAllSessionsFor(user, user.id, user.sessionId);
  return redirect(withNotice("/account", "sessions-ended"));
}

export default function Account() {
  const { user, organisations, panels, sessions, notice } = useLoaderData<typeof loader>();
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {notice ? <SuccessBanner text={notice} /> : null}
        <h1 className="govuk-heading-l">Your account</h1>
        <SummaryList
          rows={[
            { key: "Name", value: user.name },
            { key: "Email address", value: <span className="app-wrap-anywhere">{user.email}</span> },
            { key: "Role", value: `${ROLE_LABELS[user.role]}${user.staffTeam ? `, ${STAFF_TEAM_LABELS[user.staffTeam]}` : ""}` },
            { key: "Organisations", value: organisations.length ? organisations.join(", ") : "None" },
            { key: "Panels", value: panels.length ? panels.join(", ") : "None" },
            {
              key: "Password",
              value: "Set",
              action: { to: "/account/password", text: "Change", visuallyHiddenText: "your password" },
            },
          ]}
        />
        <h2 className="govuk-heading-m">Where you are signed in</h2>
        <ul className="govuk-list govuk-list--bullet">
          {sessions.map((s) => (
            <li key={s.id}>
              {s.device}, since {formatDateTime(s.createdAt)}
              {s.current ? " (this device)" : `, last used ${formatDateTime(s.lastSeenAt)}`}
            </li>
          ))}
        </ul>
        {others ? (
          <Form method="post">
            <Button variant="secondary">Sign out on your other devices</Button>
          </Form>
        ) : null}
        <p className="govuk-body">
          To change your name or email address, contact the public health team. Read how we use your information in our{" "}
          <Link className="govuk-link" to="/privacy">
            privacy notice
          </Link>
          .
        </p>
      </div>
    </div>
  );
}
