// The people in an organisation, the invitations waiting for an answer, and a form to invite a
// colleague by email. Only members see it; anyone in the organisation may invite.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { SuccessBanner, Table } from "~/components/govuk/content";
import { Button, ErrorSummary, TextInput } from "~/components/govuk/form";
import { INVITATION_DAYS, inviteColleague, organisationMembers, organisationName, pendingInvitations } from "~/models/invitations.server";
import { invitationSchema } from "~/schemas/organisation";
import { forbidden, idParam, notFound, requireOrganisationMember } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";
import { useGovukForm, useFreshFormKey } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/organisations/${params.organisationId}`, text: "Back to your organisation" }) };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `People in ${data.organisationName}` : "People in your organisation", matches);

const ROLE_TEXT: Record<string, string> = { owner: "Set up the organisation", member: "Member" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const organisationId = idParam(params.organisationId);
  const user = await requireOrganisationMember(request, organisationId);
  const name = organisationName(organisationId);
  if (!name) throw notFound();
  return json({
    organisationName: name,
    you: user.id,
    days: INVITATION_DAYS,
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    members: organisationMembers(organisationId),
    invitations: pendingInvitations(organisationId).map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString() })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const organisationId = idParam(params.organisationId);
  const user = await requireOrganisationMember(request, organisationId);
  const parsed = await parseForm(request, invitationSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = inviteColleague(user, organisationId, parsed.data.email);
  if (result.ok) return redirect(withNotice(`/organisations/${organisationId}/members`, "invitation-sent"));
  if (result.kind === "invalid") return invalid(context, { errors: result.errors, values: { email: parsed.data.email } });
  throw forbidden();
}

export default function Members() {
  // A fresh form after each invitation; what was typed stays after an error.
  return <MembersPage key={useFreshFormKey()} />;
}

function MembersPage() {
  const data = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(invitationSchema, { fields: ["email"] });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {data.notice ? <SuccessBanner text={data.notice} /> : null}
        <ErrorSummary items={summary} />
        <span className="govuk-caption-l">{data.organisationName}</span>
        <h1 className="govuk-heading-l">People in your organisation</h1>
        <p className="govuk-body">Everyone here can work on the organisation's applications and see what it has submitted.</p>

        <Table
          caption="Members"
          firstCellIsHeader
          columns={[{ header: "Name" }, { header: "Email address" }, { header: "Role" }]}
          rows={data.members.map((m) => [
            m.userId === data.you ? `${m.name} (you)` : m.name,
            <span className="app-wrap-anywhere" key="email">
              {m.email}
            </span>,
            ROLE_TEXT[m.role] ?? m.role,
          ])}
        />

        {data.invitations.length ? (
          <Table
            caption="Invitations waiting for an answer"
            firstCellIsHeader
            columns={[{ header: "Email address" }, { header: "Invited by" }, { header: "Link works until" }]}
            rows={data.invitations.map((i) => [
              <span className="app-wrap-anywhere" key="email">
                {i.email}
              </span>,
              i.invitedBy ?? "Someone who has left",
              formatDate(i.expiresAt),
            ])}
          />
        ) : null}

        <h2 className="govuk-heading-m">Invite a colleague</h2>
        <p className="govuk-body">
          We will email them a link to join {data.organisationName}. The link works for {data.days} days. They will
          need to sign in, or create an account, with the email address you give here.
        </p>
        <Form method="post" noValidate onSubmit={onSubmit}>
          <TextInput
            label="Your colleague's email address"
            type="email"
            autoComplete="off"
            spellCheck={false}
            error={errors.email}
            defaultValue={values.email}
            {...register("email")}
          />
          <Button>Send invitation</Button>
        </Form>
      </div>
    </div>
  );
}
