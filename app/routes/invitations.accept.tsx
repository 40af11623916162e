// The link in an invitation to join an organisation. The person signs in (or creates an
// account and comes back), sees the organisation and accepts with a button: opening the link
// alone changes nothing. Only the address the invitation was sent to may accept it.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { SummaryList } from "~/components/govuk/content";
import { Button } from "~/components/govuk/form";
import { acceptInvitation, checkInvitation, type InvitationProblem } from "~/models/invitations.server";
import { requireUser } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";
import { pageTitle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";

type Shown =
  | { state: "invalid" }
  | { state: "problem"; problem: Exclude<InvitationProblem, "invalid">; email: string; you: string; organisationName: string; inviterName: string | null }
  | { state: "member"; organisationName: string }
  | { state: "ask"; token: string; organisationName: string; inviterName: string | null; expiresAt: string; you: string };

const STATUS: Record<InvitationProblem, number> = { invalid: 404, expired: 410, accepted: 409, wrong_email: 403 };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const shown = data as Shown | undefined;
  const title =
    !shown || shown.state === "invalid"
      ? "This link is not valid"
      : shown.state === "problem"
        ? "You cannot accept this invitation"
        : `Join ${shown.organisationName}`;
  return pageTitle(title, matches);
};

function shownFor(token: string, user: { id: number; email: string }): Shown {
  const found = checkInvitation(token, user);
  if (!found) return { state: "invalid" };
  if (found.problem) {
    return { state: "problem", problem: found.problem as Exclude<InvitationProblem, "invalid">, email: found.email, you: user.email, organisationName: found.organisationName, inviterName: found.inviterName };
  }
  if (found.accepted) return { state: "member", organisationName: found.organisationName };
  return { state: "ask", token, organisationName: found.organisationName, inviterName: found.inviterName, expiresAt: found.expiresAt.toISOString(), you: user.email };
}

const statusOf = (shown: Shown) => (shown.state === "invalid" ? 404 : shown.state === "problem" ? STATUS[shown.problem] : 200);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const shown = shownFor(new URL(request.url).searchParams.get("token") ?? "", user);
  return json<Shown>(shown, { status: statusOf(shown) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const token = String((await request.formData()).get("token") ?? "");
  const result = acceptInvitation(user, token);
  if (result.ok) return redirect(withNotice("/applicant", "invitation-accepted"));
  // Say why, as the page would have.
  const shown = shownFor(token, user);
  return json<Shown>(shown, { status: STATUS[result.problem] });
}

export default function AcceptInvitation() {
  const loaded = useLoaderData<typeof loader>() as Shown;
  const posted = useActionData<typeof action>() as Shown | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Content shown={posted ?? loaded} />
      </div>
    </div>
  );
}

function Content({ shown }: { shown: Shown }) {
  switch (shown.state) {
    case "invalid":
      return (
        <>
          <h1 className="govuk-heading-l">This link is not valid</h1>
          <p className="govuk-body">If you copied the link from the email, check you copied all of it.</p>
          <p className="govuk-body">
            If you were invited more than once, use the link in the newest email: each invitation replaces the ones before
            it. Or ask your colleague to invite you again.
          </p>
        </>
      );
    case "member":
      return (
        <>
          <h1 className="govuk-heading-l">You are a member of {shown.organisationName}</h1>
          <p className="govuk-body">You have already accepted this invitation.</p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/applicant">
              Go to your applications
            </Link>
          </p>
        </>
      );
    case "problem":
      return (
        <>
          <h1 className="govuk-heading-l">You cannot accept this invitation</h1>
          {shown.problem === "wrong_email" ? (
            <>
              <p className="govuk-body">
                This invitation was sent to <strong className="app-wrap-anywhere">{shown.email}</strong>. Sign in with that
                email address to accept it.
              </p>
              <p className="govuk-body">
                You are signed in as <span className="app-wrap-anywhere">{shown.you}</span>. Sign out, then open the link in
                the email again. If you do not have an account with that address yet, you can create one.
              </p>
            </>
          ) : shown.problem === "expired" ? (
            <p className="govuk-body">
              This invitation to join {shown.organisationName} has expired. Ask {shown.inviterName ?? "a member of the organisation"} to
              invite you again.
            </p>
          ) : (
            <p className="govuk-body">
              This invitation to join {shown.organisationName} has already been accepted. If you need to join, ask a member of
              the organisation to invite you.
            </p>
          )}
        </>
      );
    case "ask":
      return (
        <>
          <h1 className="govuk-heading-l">Join {shown.organisationName}</h1>
          <p className="govuk-body">
            {shown.inviterName ?? "A member"} has invited you to join {shown.organisationName} on the portal. Members can work
            on the organisation's funding applications and see what it has submitted.
          </p>
          <SummaryList
            rows={[
              { key: "Organisation", value: shown.organisationName },
              { key: "Invited by", value: shown.inviterName ?? "A member of the organisation" },
              { key: "You will join as", value: <span className="app-wrap-anywhere">{shown.you}</span> },
              { key: "Invitation works until", value: formatDate(shown.expiresAt) },
            ]}
          />
          <Form method="post">
            <input type="hidden" name="token" value={shown.token} />
            <Button>Accept</Button>
          </Form>
        </>
      );
  }
}
