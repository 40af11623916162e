// One application's scores, for staff: every panel member's scorecard whole (drafts too), the
// declarations of interest, the reopening history; reopening a submitted scorecard with a reason;
// and the moderated score the panel agreed, with its rationale. The model refuses what is not
// allowed (reopening once scoring has closed, anything after the decision letters, a scorecard
// that is not submitted, a moderated score someone else saved meanwhile) whatever the page shows.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, SuccessBanner, SummaryList, Tag } from "~/components/govuk/content";
import { Button, ErrorSummary, Textarea, TextInput } from "~/components/govuk/form";
import { applicationScores, COUNTED_IN_MEAN, moderationToken, reopenScorecard, saveModeration } from "~/models/moderation.server";
import { formatScore } from "~/models/scores";
import { moderationSchema, reopenSchema } from "~/schemas/decision";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDate, formatDateTime, formatMoney } from "~/utils/format";
import type { FormFailure } from "~/utils/forms";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ data }) => {
    const cycleId = (data as { cycle?: { id: number } } | undefined)?.cycle?.id;
    return cycleId ? { to: `/staff/cycles/${cycleId}/moderation`, text: "Back to scores, moderation and ranking" } : { to: "/staff", text: "Back" };
  },
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Scores for ${data.reference ?? "the application"}` : "Scores", matches);

const NOTICES: Record<string, string> = {
  reopened: "The scores have been reopened. The panel member can change them and submit them again.",
  moderated: "The moderated score has been saved.",
};

function scoresOf(params: { applicationId?: string }) {
  const found = applicationScores(idParam(params.applicationId));
  if (!found) throw notFound();
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const s = scoresOf(params);
  const a = s.application;
  const done = new URL(request.url).searchParams.get("done");
  return json({
    id: a.id,
    reference: a.reference,
    title: a.title,
    organisationName: s.organisationName,
    amountRequestedPence: a.amountRequestedPence,
    notice: done ? (NOTICES[done] ?? null) : null,
    cycle: { id: s.cycle.id, name: s.cycle.name, threshold: s.cycle.disagreementThreshold, minScorers: s.cycle.minScorersPerApplication },
    released: Boolean(s.cycle.decisionsReleasedAt),
    window: s.window,
    whyNotReopen: s.whyNotReopen,
    countedWords: COUNTED_IN_MEAN,
    criteria: s.criteria.map((c) => ({ id: c.id, title: c.title, weight: c.weight, scaleMin: c.scaleMin, scaleMax: c.scaleMax })),
    scorecards: s.scorecards,
    summary: s.summary,
    disagree: s.disagree,
    tooFew: s.tooFew,
    moderation: s.moderation,
    moderationToken: moderationToken(s.moderation),
  });
}

type Failure = FormFailure & { refused?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const s = scoresOf(params);
  const id = s.application.id;
  const intent = (await request.clone().formData()).get("intent");
  const refuse = (status: number, message: string, values: Record<string, string>) => {
    if (status === 404) throw notFound();
    context.formHasErrors = true;
    return json<Failure>({ errors: {}, values, refused: message }, { status });
  };
  if (intent === "reopen") {
    const parsed = await parseForm(request, reopenSchema);
    if (!parsed.ok) {
      // Each scorecard has its own reason box: the error goes beside the one that was sent.
      const card = String(parsed.formData.get("scorecardId") ?? "");
      const errors = parsed.failure.errors.reason ? { [`reason-${card}`]: parsed.failure.errors.reason } : parsed.failure.errors;
      return invalid(context, { errors, values: parsed.failure.values });
    }
    const result = reopenScorecard(user, parsed.data.scorecardId, parsed.data.reason, new Date(), { applicationId: id, version: parsed.data.version });
    if (!result.ok) return refuse(result.status, result.message, typedValues(parsed.formData));
    return redirect(`/staff/applications/${id}/scores?done=reopened`);
  }
  if (intent === "moderate") {
    const parsed = await parseForm(request, moderationSchema);
    if (!parsed.ok) return invalid(context, parsed.failure);
    const result = saveModeration(user, id, parsed.data, new Date(), { token: String(parsed.formData.get("moderationToken") ?? "") });
    if (!result.ok) return refuse(result.status, result.message, typedValues(parsed.formData));
    return redirect(`/staff/applications/${id}/scores?done=moderated#moderated-score`);
  }
  throw new Response("Choose what to do with the scores.", { status: 400 });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Scorecard = Data["scorecards"][number];

const STATUS = {
  submitted: { text: "Submitted", colour: "green" },
  draft: { text: "Draft", colour: "yellow" },
  not_started: { text: "Not started", colour: "grey" },
  not_expected: { text: "Not asked to score", colour: "grey" },
  conflict: { text: "Conflict of interest", colour: "red" },
} as const;

function statusOf(s: Scorecard): keyof typeof STATUS {
  if (s.conflicted) return "conflict";
  if (s.card) return s.card.status;
  return s.expected ? "not_started" : "not_expected";
}

function declarationText(s: Scorecard) {
  if (s.belongsToApplicant) return "Conflict: a member of the applicant organisation";
  if (!s.declaration) return "Not declared yet";
  return s.declaration.hasConflict ? `Conflict: ${s.declaration.nature ?? ""}` : "No conflict";
}

export default function Scores() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const moderation = useGovukForm(moderationSchema, {
    fields: ["moderatedScore", "rationale"],
    defaults: d.moderation ? { moderatedScore: String(d.moderation.score), rationale: d.moderation.rationale } : {},
  });
  const reopenErrors = Object.entries(failure?.errors ?? {}).filter(([key]) => key.startsWith("reason-"));
  const sentIntent = failure?.values?.intent;
  const items = [
    ...(failure?.refused ? [{ href: sentIntent === "moderate" ? "#moderated-score" : `#scorecard-${failure.values.scorecardId ?? ""}`, text: failure.refused }] : []),
    ...reopenErrors.map(([key, text]) => ({ href: `#${key}`, text })),
    ...moderation.summary.filter((i) => i.href === "#moderatedScore" || i.href === "#rationale"),
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.notice ? <SuccessBanner text={d.notice} /> : null}
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">{d.cycle.name}</span>
        <h1 className="govuk-heading-l">Scores for {d.reference ?? "this application"}</h1>
        <SummaryList
          rows={[
            { key: "Project", value: <span className="app-wrap-anywhere">{d.title || "Untitled"}</span> },
            { key: "Organisation", value: d.organisationName },
            { key: "Amount requested", value: d.amountRequestedPence === null ? "Not given" : formatMoney(d.amountRequestedPence) },
            {
              key: "Submitted scores",
              value: (
                <>
                  {d.summary.n} (the round asks for {d.cycle.minScorers}){" "}
                  {d.tooFew ? <Tag colour="yellow">Too few scores</Tag> : null}
                </>
              ),
            },
            { key: "Mean", value: d.summary.mean === null ? "No scores yet" : `${formatScore(d.summary.mean)} out of 100` },
            {
              key: "Spread",
              value:
                d.summary.spread === null ? (
                  "No scores yet"
                ) : (
                  <>
                    {formatScore(d.summary.spread)} points (from {formatScore(d.summary.min)} to {formatScore(d.summary.max)}){" "}
                    {d.disagree ? <Tag colour="orange">Scorers disagree</Tag> : null}
                  </>
                ),
            },
            { key: "Moderated score", value: d.moderation ? `${formatScore(d.moderation.score)} out of 100` : "None" },
          ]}
        />
        <p className="govuk-body">
          <Link className="govuk-link" to={`/staff/applications/${d.id}/decision`}>
            Record the decision on {d.reference ?? "this application"}
          </Link>
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/staff/applications/${d.id}`}>
            Read the application
          </Link>
        </p>

        <h2 className="govuk-heading-m">Declarations of interest</h2>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Each panel member's declaration on this application</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Panel member
              </th>
              <th scope="col" className="govuk-table__header">
                Declaration
              </th>
              <th scope="col" className="govuk-table__header">
                Declared on
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {d.scorecards.map((s) => (
              <tr className="govuk-table__row" key={s.member.id}>
                <th scope="row" className="govuk-table__header govuk-!-font-weight-regular">
                  {s.member.name}
                </th>
                <td className="govuk-table__cell app-pre-line">{declarationText(s)}</td>
                <td className="govuk-table__cell">{s.declaration ? formatDate(s.declaration.at) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>

        <h2 className="govuk-heading-m">Scorecards</h2>
        {d.window === "open" ? <p className="govuk-body">Scoring is open: scorecards may still change.</p> : null}
        {d.scorecards.length === 0 ? <p className="govuk-body">This round's panel has no members yet.</p> : null}
        {d.scorecards.map((s) => (
          <ScorecardView key={s.member.id} s={s} d={d} failure={failure} />
        ))}

        <h2 className="govuk-heading-m" id="moderated-score" tabIndex={-1}>
          Moderated score
        </h2>
        {d.moderation ? (
          <p className="govuk-body">
            Saved as {formatScore(d.moderation.score)} by {d.moderation.by} on {formatDateTime(d.moderation.at)}. In the ranking it takes the
            place of the mean.
          </p>
        ) : (
          <p className="govuk-body">Where the panel agrees a score for this application, record it here. In the ranking it takes the place of the mean.</p>
        )}
        {failure?.refused && sentIntent === "moderate" && d.moderation && !d.released ? (
          <InsetText>
            <p className="govuk-body">The moderated score saved now is {formatScore(d.moderation.score)}, with this rationale:</p>
            <p className="govuk-body app-pre-line">{d.moderation.rationale}</p>
            <p className="govuk-body">What you entered is below. Save it if it should replace this one.</p>
          </InsetText>
        ) : null}
        {d.released ? (
          <InsetText>Decision letters have been sent for this round, so the moderated score can no longer change.</InsetText>
        ) : (
          <Form method="post" noValidate onSubmit={moderation.onSubmit}>
            <input type="hidden" name="intent" value="moderate" />
            {/* The moderated score this page showed: a save is refused if someone else saved one since. */}
            <input type="hidden" name="moderationToken" value={d.moderationToken} />
            <TextInput
              label="Moderated score (out of 100)"
              labelSize="s"
              hint="A number from 0 to 100, with one decimal place at most, like 72.5"
              width="4"
              inputMode="decimal"
              spellCheck={false}
              autoComplete="off"
              error={moderation.errors.moderatedScore}
              defaultValue={moderation.values.moderatedScore}
              {...moderation.register("moderatedScore")}
            />
            <Textarea
              label="Rationale"
              labelSize="s"
              hint="Why the panel agreed this score. It is kept on the record."
              rows={4}
              error={moderation.errors.rationale}
              defaultValue={moderation.values.rationale}
              {...moderation.register("rationale")}
            />
            <Button>Save moderated score</Button>
          </Form>
        )}
      </div>
    </div>
  );
}

function ScorecardView({ s, d, failure }: { s: Scorecard; d: Data; failure: Failure | undefined }) {
  const status = STATUS[statusOf(s)];
  const card = s.card;
  const fieldId = card ? `reason-${card.id}` : "";
  const mine = card && failure?.values?.intent === "reopen" && failure.values.scorecardId === String(card.id);
  const error = card ? failure?.errors?.[fieldId] : undefined;
  return (
    <section className="govuk-summary-card" aria-labelledby={`member-${s.member.id}`} id={card ? `scorecard-${card.id}` : undefined} tabIndex={card ? -1 : undefined}>
      <div className="govuk-summary-card__title-wrapper">
        <h3 className="govuk-summary-card__title" id={`member-${s.member.id}`}>
          {s.member.name}
          {s.member.affiliation ? <span className="govuk-!-font-weight-regular">, {s.member.affiliation}</span> : null}
          {s.member.status !== "active" ? <span className="govuk-!-font-weight-regular"> (no longer on the panel)</span> : null}
        </h3>
        <Tag colour={status.colour}>{status.text}</Tag>
      </div>
      <div className="govuk-summary-card__content">
        {s.conflicted && card?.status !== "submitted" ? (
          <p className="govuk-body">{declarationText(s)}. This panel member does not see or score this application.</p>
        ) : !card ? (
          <p className="govuk-body">{s.expected ? "Has not started scoring this application." : "Not asked to score this application."}</p>
        ) : (
          <>
            {s.conflicted ? (
              <p className="govuk-body">{declarationText(s)}. These scores were submitted before the conflict was known, so they do not count.</p>
            ) : null}
            <dl className="govuk-summary-list">
              {card.scores.map((c) => (
                <div className="govuk-summary-list__row" key={c.criterionId}>
                  <dt className="govuk-summary-list__key">{c.title}</dt>
                  <dd className="govuk-summary-list__value">
                    <p className="govuk-body govuk-!-margin-bottom-1">
                      {c.score === null ? "Not scored" : `${c.score} out of ${c.scaleMax}${c.descriptor ? `: ${c.descriptor}` : ""}`}
                    </p>
                    {c.comment ? <p className="govuk-body app-pre-line govuk-!-margin-bottom-0">{c.comment}</p> : null}
                  </dd>
                </div>
              ))}
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Overall comment</dt>
                <dd className="govuk-summary-list__value app-pre-line">{card.overallComment || "None"}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Weighted total</dt>
                <dd className="govuk-summary-list__value">
                  {card.total === null ? "Not every criterion is scored" : `${formatScore(card.total)} out of 100`}
                  {card.status === "draft" ? " (draft, not counted)" : ""}
                </dd>
              </div>
              {card.counted ? (
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Counted in the mean</dt>
                  <dd className="govuk-summary-list__value">{d.countedWords[card.counted]}</dd>
                </div>
              ) : null}
              {card.submittedAt ? (
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">{card.status === "submitted" ? "Submitted" : "Last submitted"}</dt>
                  <dd className="govuk-summary-list__value">{formatDateTime(card.submittedAt)}</dd>
                </div>
              ) : null}
            </dl>
            {card.reopened.length ? (
              <>
                <h4 className="govuk-heading-s">Reopened</h4>
                <ul className="govuk-list">
                  {card.reopened.map((r, i) => (
                    <li key={i}>
                      On {formatDateTime(r.at)}
                      {r.by ? ` by ${r.by}` : ""}: <span className="app-pre-line">{r.reason}</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {card.status !== "submitted" || s.conflicted || s.member.status !== "active" ? null : d.whyNotReopen ? (
              <p className="govuk-body">{d.whyNotReopen}</p>
            ) : (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="reopen" />
                <input type="hidden" name="scorecardId" value={card.id} />
                <input type="hidden" name="version" value={card.version} />
                <Textarea
                  name="reason"
                  id={fieldId}
                  label={
                    <>
                      Reason for reopening<span className="govuk-visually-hidden"> {s.member.name}'s scores</span>
                    </>
                  }
                  labelSize="s"
                  hint="The panel member gets the scores back as a draft, to change and submit again. The reason is kept on the record."
                  rows={3}
                  error={error}
                  defaultValue={mine ? failure?.values?.reason : undefined}
                />
                <Button variant="secondary">
                  Reopen these scores<span className="govuk-visually-hidden"> ({s.member.name})</span>
                </Button>
              </Form>
            )}
          </>
        )}
      </div>
    </section>
  );
}
