// Change what one person can do, close their account, or sign them out everywhere.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { SummaryList, Table } from "~/components/govuk/content";
import { Button, Choices, ErrorSummary } from "~/components/govuk/form";
import { getUser, revokeAllSessionsFor, updateUserAccess } from "~/models/accounts.server";
import { listAuditFor } from "~/models/audit.server";
import { accessSchema } from "~/schemas/admin";
import { STAFF_TEAMS, USER_ROLES } from "~db/schema";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { ROLE_LABELS, STAFF_TEAM_LABELS } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { listSessions } from "~/utils/session.server";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: { to: "/admin", text: "Back to people and roles" } };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `Change ${data.person.name}` : "Change a person", matches);

function personOf(params: { userId?: string }) {
  const user = getUser(idParam(params.userId));
  if (!user) throw notFound();
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const person = personOf(params);
  return json({
    isSelf: admin.id === person.id,
    person: {
      id: person.id,
      name: person.name,
      email: person.email,
      role: person.role,
      staffTeam: person.staffTeam,
      disabled: Boolean(person.disabledAt),
      createdAt: person.createdAt.toISOString(),
    },
    sessions: listSessions(person.id).length,
    history: listAuditFor("user", person.id)
      .slice(0, 20)
      .map((e) => ({ id: e.id, at: e.at.toISOString(), action: e.action, summary: e.summary })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const person = personOf(params);
  const formData = await request.clone().formData();
  if (formData.get("intent") === "sign-out-everywhere") {
    revokeAllSessionsFor(admin, person.id);
    return redirect(withNotice("/admin", "user-signed-out"));
  }
  const parsed = await parseForm(request, accessSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = updateUserAccess(admin, person.id, {
    role: parsed.data.role,
    staffTeam: parsed.data.staffTeam ?? null,
    disabled: parsed.data.disabled === "yes",
  });
  if (!result.ok) {
    if (result.problem === "not_found") throw notFound();
    return invalid(context, {
      errors: { role: "You cannot remove your own admin role or close your own account. Ask another admin" },
      values: typedValues(parsed.formData),
    });
  }
  return redirect(withNotice("/admin", "access-updated"));
}

const ACTIONS: Record<string, string> = {
  "user.signed_up": "Created the account",
  "user.email_confirmed": "Confirmed their email address",
  "user.signed_in": "Signed in",
  "user.password_reset_requested": "Asked to reset their password",
  "user.password_reset": "Reset their password",
  "user.password_changed": "Changed their password",
  "user.access_changed": "Role changed",
  "user.sessions_revoked": "Signed out everywhere",
};

export default function ChangePerson() {
  const { person, isSelf, sessions, history } = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(accessSchema, {
    fields: ["role", "staffTeam", "disabled"],
    defaults: { role: person.role, staffTeam: person.staffTeam ?? undefined, disabled: person.disabled ? "yes" : "no" },
  });
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary items={summary} />
          <span className="govuk-caption-l">People and roles</span>
          <h1 className="govuk-heading-l">{person.name}</h1>
          <SummaryList
            rows={[
              { key: "Email address", value: <span className="app-wrap-anywhere">{person.email}</span> },
              { key: "Account created", value: formatDateTime(person.createdAt) },
              { key: "Signed in on", value: `${sessions} device${sessions === 1 ? "" : "s"}` },
            ]}
          />
          <Form method="post" noValidate onSubmit={onSubmit}>
            <Choices
              type="radio"
              name="role"
              legend="What can this person do?"
              legendSize="m"
              hint={isSelf ? "You cannot remove your own admin role." : undefined}
              error={errors.role}
              checked={[values.role ?? ""]}
              items={USER_ROLES.map((r) => ({
                value: r,
                text: ROLE_LABELS[r],
                hint:
                  r === "user"
                    ? "Applies for funding for their organisation; scores on a panel if invited."
                    : r === "staff"
                      ? "Runs funding rounds, checks applications, reads the outbox."
                      : "Everything staff can do, and manages people's accounts.",
              }))}
              inputProps={register("role")}
            />
            <Choices
              type="radio"
              name="staffTeam"
              legend="If staff or admin, which team do they work for?"
              legendSize="s"
              error={errors.staffTeam}
              checked={[values.staffTeam ?? ""]}
              items={STAFF_TEAMS.map((t) => ({ value: t, text: STAFF_TEAM_LABELS[t] }))}
              inputProps={register("staffTeam")}
            />
            <Choices
              type="radio"
              name="disabled"
              legend="Is the account open?"
              legendSize="s"
              error={errors.disabled}
              checked={[values.disabled ?? ""]}
              items={[
                { value: "no", text: "Open" },
                { value: "yes", text: "Closed", hint: "They are signed out and cannot sign in. Their work is kept." },
              ]}
              inputProps={register("disabled")}
            />
            <Button>Save changes</Button>
          </Form>
          <h2 className="govuk-heading-m">Sign out everywhere</h2>
          <p className="govuk-body">If a device may have been lost or shared, end every session of this account.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="sign-out-everywhere" />
            <Button variant="warning">Sign {person.name} out everywhere</Button>
          </Form>
          {history.length ? (
            <Table
              caption="Recent activity"
              captionSize="m"
              columns={[{ header: "When" }, { header: "What" }]}
              rows={history.map((h) => [formatDateTime(h.at), h.summary ? `${ACTIONS[h.action] ?? h.action}: ${h.summary}` : (ACTIONS[h.action] ?? h.action)])}
            />
          ) : null}
        </div>
      </div>
    </>
  );
}
