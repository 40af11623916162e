// The link in an invitation to join a round's panel. The person signs in (or creates an account
// with the invited address and comes back), sees the round and joins with a button: opening
// the link alone changes nothing. Only the address the invitation was sent to may accept it,
// within 14 days; a removed member's link no longer works.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { SummaryList } from "~/components/govuk/content";
import { Button } from "~/components/govuk/form";
import { acceptPanelInvitation, checkPanelInvitation, type PanelInvitationProblem } from "~/models/panel-setup.server";
import { invitationTokenSchema } from "~/schemas/panel";
import { requireUser } from "~/utils/auth.server";
import { formatDate, formatDeadline } from "~/utils/format";
import { pageTitle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";

type Problem = Exclude<PanelInvitationProblem, "invalid">;

type Shown =
  | { state: "invalid" }
  | { state: "problem"; problem: Problem; email: string; you: string; cycleName: string }
  | { state: "member"; cycleName: string }
  | {
      state: "ask";
      token: string;
      cycleName: string;
      programmeName: string;
      name: string;
      affiliation: string | null;
      scoringOpensAt: string | null;
      scoringClosesAt: string | null;
      expiresAt: string;
      you: string;
    };

const STATUS: Record<PanelInvitationProblem, number> = { invalid: 404, expired: 410, removed: 410, accepted: 409, wrong_email: 403 };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const shown = data as Shown | undefined;
  const title =
    !shown || shown.state === "invalid"
      ? "This link is not valid"
      : shown.state === "problem"
      ? "You cannot accept this invitation"
      : shown.state === "member"
      ? "You are on the panel"
      : `Join the panel for ${shown.cycleName}`;
  return pageTitle(title, matches);
};

function shownFor(token: string, user: { id: number; email: string }): Shown {
  const found = checkPanelInvitation(token, user);
  if (!found) return { state: "invalid" };
  if (found.problem) return { state: "problem", problem: found.problem as Problem, email: found.email, you: user.email, cycleName: found.cycleName };
  if (found.accepted) return { state: "member", cycleName: found.cycleName };
  return {
    state: "ask",
    token,
    cycleName: found.cycleName,
    programmeName: found.programmeName,
    name: found.name,
    affiliation: found.affiliation,
    scoringOpensAt: found.scoringOpensAt?.toISOString() ?? null,
    scoringClosesAt: found.scoringClosesAt?.toISOString() ?? null,
    expiresAt: found.expiresAt.toISOString(),
    you: user.email,
  };
}

const statusOf = (shown: Shown) => (shown.state === "invalid" ? 404 : shown.state === "problem" ? STATUS[shown.problem] : 200);

/** The token from the link or the form, or null if it cannot be one. */
const tokenFrom = (value: unknown) => {
  const parsed = invitationTokenSchema.safeParse({ token: value });
  return parsed.success ? parsed.data.token : null;
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const token = tokenFrom(new URL(request.url).searchParams.get("token"));
  const shown: Shown = token ? shownFor(token, user) : { state: "invalid" };
  return json<Shown>(shown, { status: statusOf(shown) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const token = tokenFrom((await request.formData()).get("token"));
  if (!token) return json<Shown>({ state: "invalid" }, { status: 404 });
  const result = acceptPanelInvitation(user, token);
  if (result.ok) return redirect(withNotice("/panel", "panel-joined"));
  // Say why, as the page would have.
  const shown = shownFor(token, user);
  return json<Shown>(shown, { status: STATUS[result.problem] });
}

export default function AcceptPanelInvitation() {
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
            If you were sent the invitation more than once, use the link in the newest email: each one replaces the ones before it. Or ask the staff
            running the panel to send it again.
          </p>
        </>
      );
    case "member":
      return (
        <>
          <h1 className="govuk-heading-l">You are on the panel</h1>
          <p className="govuk-body">You have already accepted this invitation to join the panel for {shown.cycleName}.</p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/panel">
              Go to your panels
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
                This invitation was sent to <strong className="app-wrap-anywhere">{shown.email}</strong>. Sign in with that email address to accept
                it.
              </p>
              <p className="govuk-body">
                You are signed in as <span className="app-wrap-anywhere">{shown.you}</span>. Sign out, then open the link in the email again. If you
                do not have an account with that address yet, you can create one.
              </p>
            </>
          ) : shown.problem === "expired" ? (
            <p className="govuk-body">
              This invitation to join the panel for {shown.cycleName} has expired. Ask the staff running the panel to send it again.
            </p>
          ) : shown.problem === "removed" ? (
            <p className="govuk-body">
              This invitation to join the panel for {shown.cycleName} has been withdrawn. If you think this is a mistake, contact the staff running
              the panel.
            </p>
          ) : (
            <p className="govuk-body">
              This invitation to join the panel for {shown.cycleName} has already been accepted from another account. If you need to join, ask the
              staff running the panel.
            </p>
          )}
        </>
      );
    case "ask":
      return (
        <>
          <span className="govuk-caption-l">{shown.programmeName}</span>
          <h1 className="govuk-heading-l">Join the panel for {shown.cycleName}</h1>
          <p className="govuk-body">
            You are invited to score applications to this round. Before you see each application, you say whether you have a conflict of interest with
            it. You score on your own, and see other panel members' scores only after submitting yours.
          </p>
          <SummaryList
            rows={[
              { key: "Round", value: shown.cycleName },
              { key: "Your name on the panel", value: shown.name },
              ...(shown.affiliation ? [{ key: "You represent", value: shown.affiliation }] : []),
              {
                key: "Scoring",
                value:
                  shown.scoringOpensAt && shown.scoringClosesAt
                    ? `From ${formatDeadline(shown.scoringOpensAt)} to ${formatDeadline(shown.scoringClosesAt)}`
                    : "Dates not set yet",
              },
              { key: "You will join as", value: <span className="app-wrap-anywhere">{shown.you}</span> },
              { key: "Invitation works until", value: formatDate(shown.expiresAt) },
            ]}
          />
          <Form method="post">
            <input type="hidden" name="token" value={shown.token} />
            <Button>Join the panel</Button>
          </Form>
        </>
      );
  }
}
