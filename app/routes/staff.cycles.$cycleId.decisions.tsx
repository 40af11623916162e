// A round's decisions, for staff: each panel application's decision (or none yet), what is
// awarded against the budget, and sending the decision letters: every decision of the round, all
// at once, once each application has one and staff confirm they are final. The form carries a
// fingerprint of the decisions the page showed: if a colleague recorded or changed one since,
// nothing is sent and the page says so. A second click finds the letters sent and sends nothing.
// The page lists what stops the letters: an application with no decision, one still waiting for
// its eligibility check (in a round whose panel waits for it), one whose organisation has nobody
// to write to; and links to the letters as they will read.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, NotificationBanner, SuccessBanner, SummaryList, Tag, WarningText } from "~/components/govuk/content";
import { Button, Choices, ErrorSummary } from "~/components/govuk/form";
import { cycleDecisions, releaseDecisions, releaseRecord } from "~/models/decisions.server";
import { releaseSchema } from "~/schemas/decision";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDateTime, formatMoney } from "~/utils/format";
import type { FormFailure } from "~/utils/forms";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { DECISION_OUTCOME } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Decisions: ${data.cycle.name}` : "Decisions", matches);

const NOTICES: Record<string, { text: string; success: boolean }> = {
  recorded: { text: "The decision has been saved. The applicant is told when you send the decision letters.", success: true },
  sent: { text: "The decision letters have been sent.", success: true },
  "already-sent": { text: "Decision letters have already been sent for this round, so nothing was sent again.", success: false },
};

/** What was sent, in numbers the outbox can bear out: "3 decisions went out in 5 emails, …". */
const sentWords = (r: { decisions: number; letters: number }) =>
  `${r.decisions === 1 ? "1 decision" : `${r.decisions} decisions`} went out in ${r.letters === 1 ? "1 email" : `${r.letters} emails`}, to the organisations' members and contact emails`;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const found = cycleDecisions(idParam(params.cycleId));
  if (!found) throw notFound();
  const { cycle } = found;
  const done = new URL(request.url).searchParams.get("done");
  const record = cycle.decisionsReleasedAt ? releaseRecord(cycle.id) : null;
  const notice = done ? (NOTICES[done] ?? null) : null;
  return json({
    cycle: { id: cycle.id, name: cycle.name, releasedAt: cycle.decisionsReleasedAt?.toISOString() ?? null },
    notice: notice && done === "sent" && record ? { ...notice, text: `The decision letters have been sent. ${sentWords(record)}.` } : notice,
    sent: record ? sentWords(record) : null,
    budgetPence: cycle.budgetPence,
    awardedPence: found.awardedPence,
    counts: found.counts,
    undecided: found.undecided.map((r) => ({ id: r.id, reference: r.reference, title: r.title })),
    waitingForCheck: found.waitingForCheck,
    nobodyToWriteTo: found.nobodyToWriteTo.map((r) => ({ id: r.id, reference: r.reference, title: r.title, organisationName: r.organisationName })),
    unreleased: found.unreleased,
    released: found.released,
    whyNot: found.whyNot,
    fingerprint: found.fingerprint,
    rows: found.rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      title: r.title,
      organisationName: r.organisationName,
      amountRequestedPence: r.amountRequestedPence,
      decision: r.decision
        ? { outcome: r.decision.outcome, amountPence: r.decision.amountPence, releasedAt: r.decision.releasedAt?.toISOString() ?? null }
        : null,
    })),
  });
}

type Failure = FormFailure & { refused?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const found = cycleDecisions(idParam(params.cycleId));
  if (!found) throw notFound();
  const parsed = await parseForm(request, releaseSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = releaseDecisions(user, found.cycle.id, String(parsed.formData.get("fingerprint") ?? ""));
  const base = `/staff/cycles/${found.cycle.id}/decisions`;
  if (result.ok) return redirect(`${base}?done=sent`);
  if (result.alreadySent) return redirect(`${base}?done=already-sent`);
  if (result.status === 404) throw notFound();
  context.formHasErrors = true;
  return json<Failure>({ errors: {}, values: typedValues(parsed.formData), refused: result.message }, { status: result.status });
}

export default function Decisions() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const form = useGovukForm(releaseSchema, { fields: ["confirm"] });
  const items = [...(failure?.refused ? [{ href: "#send-letters", text: failure.refused }] : []), ...form.summary];
  const decided = d.counts.award + d.counts.decline + d.counts.reserve;
  const over = d.awardedPence > d.budgetPence;
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {d.notice ? (
            d.notice.success ? (
              <SuccessBanner text={d.notice.text} />
            ) : (
              <NotificationBanner>
                <p className="govuk-notification-banner__heading">{d.notice.text}</p>
              </NotificationBanner>
            )
          ) : null}
          <ErrorSummary items={items} />
          <span className="govuk-caption-l">{d.cycle.name}</span>
          <h1 className="govuk-heading-l">Decisions</h1>
          <p className="govuk-body">
            Record a decision on each application, then send the decision letters. Nobody outside staff sees a decision until its letter is sent.
          </p>
          <ul className="govuk-list">
            <li>
              <Link className="govuk-link" to={`/staff/cycles/${d.cycle.id}/moderation`}>
                See the scores, moderation and ranking
              </Link>
            </li>
            <li>
              <Link className="govuk-link" to={`/staff/cycles/${d.cycle.id}/letters`}>
                Read the decision letters before you send them
              </Link>
            </li>
          </ul>
          <SummaryList
            rows={[
              {
                key: "Awarded",
                value: (
                  <>
                    {formatMoney(d.awardedPence)} of the {formatMoney(d.budgetPence)} budget{" "}
                    {over ? <Tag colour="red">Over budget</Tag> : null}
                  </>
                ),
              },
              { key: "To award", value: String(d.counts.award) },
              { key: "Not funded", value: String(d.counts.decline) },
              { key: "Reserve list", value: String(d.counts.reserve) },
              { key: "No decision yet", value: String(d.undecided.length) },
            ]}
          />
          {over ? <WarningText>The awards add up to more than the round's budget, by {formatMoney(d.awardedPence - d.budgetPence)}.</WarningText> : null}
          {d.undecided.length ? (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <div className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                {d.undecided.length === 1 ? "1 application has" : `${d.undecided.length} applications have`} no decision yet:
                <ul className="govuk-list govuk-list--bullet govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                  {d.undecided.map((u) => (
                    <li key={u.id}>
                      <Link className="govuk-link" to={`/staff/applications/${u.id}/decision`}>
                        {u.reference ?? "No reference"}: {u.title || "Untitled"}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          ) : null}
          {d.waitingForCheck.length ? (
            <div className="govuk-warning-text" data-testid="waiting-for-check">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <div className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                {d.waitingForCheck.length === 1 ? "1 application is" : `${d.waitingForCheck.length} applications are`} waiting for the eligibility
                check, so the panel cannot see {d.waitingForCheck.length === 1 ? "it" : "them"} yet:
                <ul className="govuk-list govuk-list--bullet govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                  {d.waitingForCheck.map((u) => (
                    <li key={u.id}>
                      <Link className="govuk-link" to={`/staff/applications/${u.id}#eligibility-check`}>
                        {u.reference ?? "No reference"}: {u.title || "Untitled"}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          ) : null}
          {d.nobodyToWriteTo.length ? (
            <div className="govuk-warning-text" data-testid="nobody-to-write-to">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <div className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                Nobody would get the letter for {d.nobodyToWriteTo.length === 1 ? "1 application" : `${d.nobodyToWriteTo.length} applications`}:
                nobody in the organisation has an account, and it has no contact email. Give it a contact email:
                <ul className="govuk-list govuk-list--bullet govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                  {d.nobodyToWriteTo.map((u) => (
                    <li key={u.id}>
                      <Link className="govuk-link" to={`/staff/applications/${u.id}/contact`}>
                        {u.reference ?? "No reference"}: {u.organisationName}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          ) : null}
        </div>
      </div>

      {d.rows.length === 0 ? (
        <p className="govuk-body">No applications have reached the panel in this round.</p>
      ) : (
        <div className="app-table-scroll" tabIndex={0} role="region" aria-labelledby="decisions-caption">
          <table className="govuk-table govuk-table--small-text-until-tablet">
            <caption className="govuk-table__caption govuk-table__caption--m" id="decisions-caption">
              Applications and their decisions
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Application
                </th>
                <th scope="col" className="govuk-table__header">
                  Decision
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Requested
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Awarded
                </th>
                <th scope="col" className="govuk-table__header">
                  Letter
                </th>
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {d.rows.map((r) => {
                const outcome = r.decision ? DECISION_OUTCOME[r.decision.outcome] : null;
                const label = r.decision?.releasedAt ? "View decision" : r.decision ? "Change decision" : "Record decision";
                return (
                  <tr className="govuk-table__row" key={r.id}>
                    <td className="govuk-table__cell">
                      <strong>{r.reference ?? "No reference"}</strong>
                      <span className="govuk-!-display-block app-wrap-anywhere">{r.title || "Untitled"}</span>
                      <span className="govuk-!-display-block govuk-body-s govuk-!-margin-bottom-0">{r.organisationName}</span>
                    </td>
                    <td className="govuk-table__cell">{outcome ? <Tag colour={outcome.colour}>{outcome.text}</Tag> : <Tag colour="grey">No decision yet</Tag>}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric app-nowrap">
                      {r.amountRequestedPence === null ? "Not given" : formatMoney(r.amountRequestedPence)}
                    </td>
                    <td className="govuk-table__cell govuk-table__cell--numeric app-nowrap">
                      {r.decision?.outcome === "award" && r.decision.amountPence !== null ? formatMoney(r.decision.amountPence) : "—"}
                    </td>
                    <td className="govuk-table__cell">
                      {r.decision?.releasedAt ? `Sent on ${formatDateTime(r.decision.releasedAt)}` : r.decision ? "Not sent yet" : "—"}
                    </td>
                    <td className="govuk-table__cell">
                      <Link className="govuk-link" to={`/staff/applications/${r.id}/decision`}>
                        {label}
                        <span className="govuk-visually-hidden"> on {r.reference ?? "this application"}</span>
                      </Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m" id="send-letters" tabIndex={-1}>
            Send the decision letters
          </h2>
          {d.cycle.releasedAt ? (
            <InsetText>
              The decision letters were sent on {formatDateTime(d.cycle.releasedAt)}, all at once{d.sent ? `: ${d.sent.charAt(0).toLowerCase()}${d.sent.slice(1)}` : ""}. Decisions, moderated
              scores and scores can no longer be changed here.
            </InsetText>
          ) : d.whyNot ? (
            <InsetText>{d.whyNot.replace("Decisions can be made", "Decision letters can be sent")}</InsetText>
          ) : d.undecided.length ? (
            <InsetText>
              The letters go to every applicant at once, so every application needs a decision first. Record a decision on each application listed
              above as having none, then come back here to send the letters.
            </InsetText>
          ) : d.waitingForCheck.length ? (
            <InsetText>
              The letters go to every applicant at once, and in this round the panel sees an application only once it has passed its eligibility
              check. Record the check on each application listed above as waiting for it, then come back here to send the letters.
            </InsetText>
          ) : d.nobodyToWriteTo.length ? (
            <InsetText>
              A letter must reach someone. Give each organisation listed above as having nobody to write to a contact email, then come back here to
              send the letters.
            </InsetText>
          ) : d.unreleased === 0 ? (
            <InsetText>{decided ? "There are no decisions to send." : "There are no decisions to send: no application of this round is with the panel."}</InsetText>
          ) : (
            <Form method="post" noValidate onSubmit={form.onSubmit}>
              {/* The decisions this page showed: if any changed since, nothing is sent. */}
              <input type="hidden" name="fingerprint" value={d.fingerprint} />
              <p className="govuk-body">
                {d.unreleased === 1 ? "1 decision is" : `All ${d.unreleased} decisions are`} ready to send, all at once. Each member of each applicant
                organisation with an account, and the organisation's contact email, gets a letter by email (each address once), the applications
                take their new status, and the applicants see the decision in the portal.
                Letters cannot be taken back, and after them decisions, moderated scores and scores can no longer be changed here.
              </p>
              <Choices
                type="checkbox"
                name="confirm"
                legend="Are these decisions final?"
                legendSize="s"
                error={form.errors.confirm}
                checked={form.values.confirm === "yes" ? ["yes"] : []}
                items={[{ value: "yes", text: "I confirm these decisions are final and the letters can be sent" }]}
                inputProps={form.register("confirm")}
              />
              <Button>Send decision letters</Button>
            </Form>
          )}
        </div>
      </div>
    </>
  );
}
