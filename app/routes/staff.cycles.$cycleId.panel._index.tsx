// A round's panel, as staff run it: the panel settings, the members with how far each has got,
// inviting a member by email, sending an invitation again, removing a member, closing scoring
// early and sending reminders. Each button is a small form of its own; the model refuses what
// the page does not offer (a round whose decisions are released, scoring that is not open).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, SuccessBanner, SummaryList, Table, Tag, WarningText, type TagColour } from "~/components/govuk/content";
import { Button, ErrorSummary, TextInput } from "~/components/govuk/form";
import {
  closeScoringNow,
  invitePanelMember,
  PANEL_INVITATION_DAYS,
  panelOverview,
  REMINDER_DAYS_BEFORE_CLOSING,
  removePanelMember,
  resendPanelInvitation,
  sendRemindersNow,
  type FieldRefused,
  type Refused,
} from "~/models/panel-setup.server";
import { panelIntentSchema, panelInviteSchema, panelMemberIdSchema } from "~/schemas/panel";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDate, formatDeadline } from "~/utils/format";
import { typedValues, type FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";
import { useGovukForm, useFreshFormKey } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Panel for ${data.cycle.name}` : "Panel", matches);

const STATUS: Record<string, { text: string; colour: TagColour }> = {
  invited: { text: "Invited", colour: "blue" },
  active: { text: "Active", colour: "green" },
  removed: { text: "Removed", colour: "grey" },
};

const WINDOW_TEXT = {
  not_set: "Scoring dates not set",
  not_open: "Not open yet",
  open: "Open",
  closed: "Closed",
} as const;

const count = (value: string | null) => (value && /^\d{1,4}$/.test(value) ? Number(value) : 0);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const overview = panelOverview(idParam(params.cycleId));
  if (!overview) throw notFound();
  const { cycle } = overview;
  const search = new URL(request.url).searchParams;
  const key = search.get("notice");
  const sent = count(search.get("sent"));
  const already = count(search.get("already"));
  const notice =
    key === "reminders-sent"
      ? `${sent === 1 ? "1 reminder was" : `${sent} reminders were`} sent.${
          already ? ` ${already === 1 ? "1 person had" : `${already} people had`} already been reminded today.` : ""
        }`
      : noticeText(key);
  return json({
    notice,
    days: PANEL_INVITATION_DAYS,
    reminderDays: REMINDER_DAYS_BEFORE_CLOSING,
    window: overview.window,
    toRemind: overview.toRemind,
    cycle: {
      id: cycle.id,
      name: cycle.name,
      scoringOpensAt: cycle.scoringOpensAt?.toISOString() ?? null,
      scoringClosesAt: cycle.scoringClosesAt?.toISOString() ?? null,
      anonymiseApplicants: cycle.anonymiseApplicants,
      panelAfterEligibility: cycle.panelAfterEligibility,
      everyoneScoresEverything: cycle.everyoneScoresEverything,
      minScorersPerApplication: cycle.minScorersPerApplication,
      disagreementThreshold: cycle.disagreementThreshold,
      released: Boolean(cycle.decisionsReleasedAt),
    },
    members: overview.members.map((m) => ({
      ...m,
      invitedAt: m.invitedAt.toISOString(),
      acceptedAt: m.acceptedAt?.toISOString() ?? null,
    })),
  });
}

type Failure = FormFailure & { refused?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const cycleId = idParam(params.cycleId);
  const here = `/staff/cycles/${cycleId}/panel`;
  const form = Object.fromEntries(await request.clone().formData());
  const chosen = panelIntentSchema.safeParse(form);
  if (!chosen.success) throw new Response("Choose what to do with the panel.", { status: 400 });
  const { intent } = chosen.data;
  const refuse = (result: Refused | FieldRefused, values: Record<string, string> = {}) => {
    if (result.status === 404 && result.message === "Page not found.") throw notFound();
    context.formHasErrors = true;
    return json<Failure>({ errors: {}, values: { intent, ...values }, refused: result.message }, { status: result.status });
  };
  /** The member a row's button is for: a number, or the request is refused before the model sees it. */
  const memberId = () => {
    const parsed = panelMemberIdSchema.safeParse(form);
    if (!parsed.success) throw new Response("Choose a panel member from the list.", { status: 400 });
    return parsed.data.memberId;
  };

  switch (intent) {
    case "invite": {
      const parsed = await parseForm(request, panelInviteSchema);
      if (!parsed.ok) return invalid(context, parsed.failure);
      const result = invitePanelMember(user, cycleId, parsed.data);
      if (result.ok) return redirect(withNotice(here, "panel-member-invited"));
      if ("errors" in result) return invalid(context, { errors: result.errors, values: typedValues(parsed.formData) });
      return refuse(result, typedValues(parsed.formData));
    }
    case "resend": {
      const result = resendPanelInvitation(user, cycleId, memberId());
      if (!result.ok) return refuse(result);
      return redirect(withNotice(here, result.changed ? "panel-invitation-resent" : "panel-invitation-recent"));
    }
    case "remove": {
      const result = removePanelMember(user, cycleId, memberId());
      return result.ok ? redirect(withNotice(here, "panel-member-removed")) : refuse(result);
    }
    case "close": {
      const result = closeScoringNow(user, cycleId);
      return result.ok ? redirect(withNotice(here, "scoring-closed")) : refuse(result);
    }
    case "remind": {
      const result = sendRemindersNow(user, cycleId);
      if (!result.ok) return refuse(result);
      return redirect(`${withNotice(here, "reminders-sent")}&sent=${result.sent}&already=${result.alreadySent}`);
    }
  }
}

export default function PanelPage() {
  // A fresh invitation form after each change; what was typed stays after an error.
  return <Panel key={useFreshFormKey()} />;
}

function Panel() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const invite = useGovukForm(panelInviteSchema, { fields: ["name", "email", "affiliation"] });
  const where =
    failure?.values?.intent === "resend" || failure?.values?.intent === "remove"
      ? "#panel-members"
      : failure?.values?.intent === "invite"
      ? "#invite"
      : "#panel-actions";
  const items = [...(failure?.refused ? [{ href: where, text: failure.refused }] : []), ...invite.summary];
  const c = d.cycle;
  const active = d.members.filter((m) => m.status === "active").length;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        {d.notice ? <SuccessBanner text={d.notice} /> : null}
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">{c.name}</span>
        <h1 className="govuk-heading-l">Panel</h1>
        {c.released ? <InsetText>The decisions on this round have been released, so its panel can no longer change.</InsetText> : null}

        <h2 className="govuk-heading-m">Panel settings</h2>
        <SummaryList
          rows={[
            { key: "Scoring", value: WINDOW_TEXT[d.window] },
            { key: "Scoring opens", value: c.scoringOpensAt ? formatDeadline(c.scoringOpensAt) : "Not set" },
            { key: "Scoring closes", value: c.scoringClosesAt ? formatDeadline(c.scoringClosesAt) : "Not set" },
            {
              key: "The panel sees an application",
              value: c.panelAfterEligibility ? "Once staff have passed its eligibility check" : "As soon as it is submitted",
            },
            { key: "Applicants' names hidden from the panel", value: c.anonymiseApplicants ? "Yes" : "No" },
            {
              key: "Who scores what",
              value: c.everyoneScoresEverything ? "Every panel member scores every application" : "Staff choose who scores each application",
            },
            { key: "Minimum scorers for each application", value: String(c.minScorersPerApplication) },
            { key: "Disagreement threshold", value: `Scores more than ${c.disagreementThreshold} points apart out of 100` },
          ]}
        />
        <p className="govuk-body">
          {c.released ? null : (
            <Link className="govuk-link" to={`/staff/cycles/${c.id}/panel/settings`}>
              Change panel settings
            </Link>
          )}
        </p>
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to={`/staff/cycles/${c.id}/criteria`}>
              Scoring criteria
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`/staff/cycles/${c.id}/assignments`}>
              Conflicts of interest and who scores what
            </Link>
          </li>
        </ul>

        <div id="panel-actions" tabIndex={-1}>
          {d.window === "open" ? (
            <>
              <p className="govuk-body">
                Scoring is open until {formatDeadline(c.scoringClosesAt!)}.{" "}
                {d.toRemind === 0
                  ? "Every active panel member has submitted all their scores."
                  : `${d.toRemind === 1 ? "1 panel member has" : `${d.toRemind} panel members have`} applications still to score.`}
              </p>
              <Form method="post">
                <Button name="intent" value="remind" variant="secondary">
                  Send reminders now
                </Button>
              </Form>
              <p className="govuk-body">
                Reminders go to active panel members with applications still to score, at most once a day each. Panel members are also reminded by
                email when scoring closes within {d.reminderDays} days.
              </p>
              <h2 className="govuk-heading-m">Close scoring early</h2>
              <WarningText>
                Closing scoring takes effect at once. Panel members can no longer save or submit scores, and scores not yet submitted are not
                counted. To open scoring again, you would have to choose a later closing day in the panel settings.
              </WarningText>
              <Form method="post">
                <Button name="intent" value="close" variant="warning">
                  Close scoring now: panel members can no longer save scores
                </Button>
              </Form>
            </>
          ) : d.window === "closed" && !c.released ? (
            <p className="govuk-body">
              Scoring closed at {formatDeadline(c.scoringClosesAt!)}. To open it again,{" "}
              <Link className="govuk-link" to={`/staff/cycles/${c.id}/panel/settings`}>
                change the panel settings
              </Link>{" "}
              and choose a later day for scoring to close.
            </p>
          ) : null}
        </div>

        <div id="panel-members" tabIndex={-1}>
          <Table
            caption="Panel members"
            firstCellIsHeader
            columns={[
              { header: "Name" },
              { header: "Email address" },
              { header: "Represents" },
              { header: "Status" },
              { header: "Scores submitted" },
              { header: <span className="govuk-visually-hidden">Actions</span> },
            ]}
            rows={
              d.members.length
                ? d.members.map((m) => [
                    m.name,
                    <span className="app-wrap-anywhere" key="email">
                      {m.email}
                    </span>,
                    m.affiliation ?? "Not given",
                    <span key="status">
                      <Tag colour={STATUS[m.status]?.colour}>{STATUS[m.status]?.text ?? m.status}</Tag>
                      {m.status === "invited" ? (
                        <span className="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                          {m.invitationExpired ? "The link has expired" : `Invited on ${formatDate(m.invitedAt)}`}
                        </span>
                      ) : null}
                    </span>,
                    m.status === "active" ? (m.expected ? `${m.submitted} of ${m.expected}` : "None to score") : "None expected",
                    c.released || m.status === "removed" ? (
                      ""
                    ) : (
                      <div key="actions">
                        {m.status === "invited" ? (
                          <Form method="post">
                            <input type="hidden" name="memberId" value={m.id} />
                            <Button name="intent" value="resend" variant="secondary" className="govuk-!-margin-bottom-2">
                              Send the invitation again<span className="govuk-visually-hidden"> to {m.name}</span>
                            </Button>
                          </Form>
                        ) : null}
                        <Form method="post">
                          <input type="hidden" name="memberId" value={m.id} />
                          <Button name="intent" value="remove" variant="warning" className="govuk-!-margin-bottom-0">
                            Remove<span className="govuk-visually-hidden"> {m.name}</span> from panel
                          </Button>
                        </Form>
                      </div>
                    ),
                  ])
                : [["Nobody yet", "", "", "", "", ""]]
            }
          />
        </div>
        <p className="govuk-body">
          {active === 1 ? "1 active member" : `${active} active members`}. A removed member can no longer see the round's applications; their scores
          so far are kept for the record.
        </p>

        {c.released ? null : (
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-two-thirds">
              <h2 className="govuk-heading-m" id="invite" tabIndex={-1}>
                Invite a panel member
              </h2>
              <p className="govuk-body">
                We will email them a link to join the panel. The link works for {d.days} days. They sign in, or create an account, with the email
                address you give here.
              </p>
              <Form method="post" noValidate onSubmit={invite.onSubmit}>
                <TextInput
                  label="Full name"
                  autoComplete="off"
                  spellCheck={false}
                  error={invite.errors.name}
                  defaultValue={invite.values.name}
                  {...invite.register("name")}
                />
                <TextInput
                  label="Email address"
                  type="email"
                  autoComplete="off"
                  spellCheck={false}
                  error={invite.errors.email}
                  defaultValue={invite.values.email}
                  {...invite.register("email")}
                />
                <TextInput
                  label="Who they represent (optional)"
                  hint="For example, public health, BLCF, the Fairness Taskforce or a community partner"
                  error={invite.errors.affiliation}
                  defaultValue={invite.values.affiliation}
                  {...invite.register("affiliation")}
                />
                <Button name="intent" value="invite">
                  Send invitation
                </Button>
              </Form>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
