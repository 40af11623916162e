// Scoring one application: a score per criterion with its descriptor, a comment per criterion
// (needed at the ends of the scale), an overall comment; saved as a draft, then submitted.
// Only for a panel member who has declared no conflict on it. Once submitted, the scores are
// read-only (staff can reopen them), and other panel members' submitted scores are shown.
// A save names the version it edited: if another tab saved meanwhile, nothing is written and
// the page comes back with both, what was typed still in the form.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo, type ReactNode } from "react";
import { WordCountTextarea } from "~/components/application";
import { NotificationBanner, SuccessBanner } from "~/components/govuk/content";
import { Button, ButtonGroup, Choices, ErrorSummary } from "~/components/govuk/form";
import { PanelRefusal, refusalTitle, scaleOf, scoreLabel, ScoreList, totalText, type CriterionView } from "~/components/scoring";
import { isRefusal } from "~/models/panel-access.server";
import { formValues, saveScorecard, scoringPage, type SavedScores } from "~/models/scoring.server";
import { commentField, SCORING_LIMITS, scorecardFields, scorecardSchema, scoreField, STALE_FORM_FIELD } from "~/schemas/scoring";
import { idParam, requireUser } from "~/utils/auth.server";
import { formatDate, formatTime } from "~/utils/format";
import { typedValues, type FormFailure } from "~/utils/forms";
import { invalid } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/panel/cycles/${params.cycleId}/applications/${params.applicationId}`, text: "Back to the application" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) =>
  pageTitle(error || !data ? refusalTitle(403) : `Score: ${data.title || "Untitled application"}`, matches);

function ids(params: { cycleId?: string; applicationId?: string }) {
  return { cycleId: idParam(params.cycleId), applicationId: idParam(params.applicationId) };
}

const when = (date: Date | null) => (date ? `${formatTime(date)} on ${formatDate(date)}` : null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { cycleId, applicationId } = ids(params);
  const page = scoringPage(user, cycleId, applicationId);
  if (isRefusal(page)) throw new Response(page.message, { status: page.status });
  const { access, own } = page;
  return json({
    cycleId,
    applicationId,
    reference: access.application.reference,
    title: access.application.title,
    cycleName: access.cycle.name,
    criteria: page.criteria.map(
      (c): CriterionView => ({
        id: c.id,
        title: c.title,
        guidance: c.guidance,
        weight: c.weight,
        scaleMin: c.scaleMin,
        scaleMax: c.scaleMax,
        descriptors: c.descriptors,
      }),
    ),
    own: own
      ? {
          status: own.status,
          scores: own.scores,
          overallComment: own.overallComment,
          total: own.total,
          submittedAt: when(own.submittedAt),
          reopenedAt: when(own.reopenedAt),
          reopenedReason: own.reopenedReason,
        }
      : null,
    defaults: own ? formValues(own) : {},
    version: page.version,
    canEdit: page.canEdit,
    whyReadOnly: page.whyReadOnly,
    others: page.others,
    savedDraft: new URL(request.url).searchParams.get("saved") === "draft",
  });
}

type Failure = FormFailure & {
  conflict?: { saved: SavedScores };
  refused?: string;
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { cycleId, applicationId } = ids(params);
  const formData = await request.formData();
  const form: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string") form[key] = value;
  const typed = typedValues(formData);
  const result = saveScorecard(user, cycleId, applicationId, form);
  const here = `/panel/cycles/${cycleId}/applications/${applicationId}/score`;
  if (result.ok) return redirect(result.status === "draft" ? `${here}?saved=draft` : here);
  switch (result.kind) {
    case "invalid":
      return invalid(context, { errors: result.errors, values: typed });
    case "conflict":
      context.formHasErrors = true;
      return json<Failure>({ errors: {}, values: typed, conflict: { saved: result.saved } }, { status: 409 });
    case "refused":
      if (result.status !== 409) throw new Response(result.message, { status: result.status });
      context.formHasErrors = true;
      return json<Failure>({ errors: {}, values: typed, refused: result.message }, { status: 409 });
  }
}

export default function ScoreApplication() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const submitted = d.own?.status === "submitted";
  const caption = <span className="govuk-caption-l">{d.reference ? `${d.reference}, ${d.cycleName}` : d.cycleName}</span>;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.canEdit ? (
          // A new form (and new starting values) when the scorecard is reopened or submitted.
          <ScoreForm key={`${d.own?.status ?? "new"}-${d.own?.reopenedAt ?? ""}`} d={d} failure={failure} caption={caption} />
        ) : (
          <>
            {failure?.refused ? <ErrorSummary items={[{ href: "#why-read-only", text: failure.refused }]} /> : null}
            {submitted ? (
              <NotificationBanner success>
                <p className="govuk-notification-banner__heading">Your scores have been submitted</p>
                {d.own?.submittedAt ? <p className="govuk-body">You submitted them at {d.own.submittedAt}.</p> : null}
              </NotificationBanner>
            ) : null}
            {caption}
            <h1 className="govuk-heading-l">Score: {d.title || "Untitled application"}</h1>
            <p className="govuk-body" id="why-read-only" tabIndex={-1}>
              {d.whyReadOnly}
            </p>
            {d.own ? (
              <>
                <h2 className="govuk-heading-m">{submitted ? "Your scores" : "Your draft scores"}</h2>
                <p className="govuk-body">
                  Your weighted total: <strong>{totalText(d.own.total)}</strong>
                </p>
                <ScoreList criteria={d.criteria} scores={d.own.scores} overallComment={d.own.overallComment} />
              </>
            ) : null}
            {failure?.refused ? (
              <>
                <h2 className="govuk-heading-m">What you typed</h2>
                <p className="govuk-body">It has not been saved. Keep a copy if you need it.</p>
                <ScoreList criteria={d.criteria} scores={typedScores(d.criteria, failure.values)} overallComment={failure.values.overallComment ?? ""} />
              </>
            ) : null}
            {d.others ? <OtherScores criteria={d.criteria} others={d.others} /> : null}
          </>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/panel/cycles/${d.cycleId}`}>
            Back to your applications
          </Link>
        </p>
      </div>
    </div>
  );
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

function typedScores(criteria: CriterionView[], values: Record<string, string>) {
  const scores: Record<number, { score: number | null; comment: string }> = {};
  for (const c of criteria) {
    const typed = values[scoreField(c.id)];
    scores[c.id] = { score: typed && /^\d+$/.test(typed) ? Number(typed) : null, comment: values[commentField(c.id)] ?? "" };
  }
  return scores;
}

function ScoreForm({ d, failure, caption }: { d: PageData; failure: Failure | undefined; caption: ReactNode }) {
  const schema = useMemo(() => scorecardSchema(d.criteria), [d.criteria]);
  const fields = useMemo(() => scorecardFields(d.criteria), [d.criteria]);
  const { register, errors, summary, values, onSubmit } = useGovukForm(schema, { fields, defaults: d.defaults });
  // The version this form is based on: after a conflict, the one just shown beside it; after
  // any other failure, still the one the form was opened with, so a later save cannot
  // silently overwrite what another tab saved meanwhile.
  const version = failure?.conflict ? failure.conflict.saved.version : (failure?.values.version ?? String(d.version));
  // A broken version has no field of its own: it is about the whole form.
  const stale = errors[STALE_FORM_FIELD];
  const items = [
    ...(failure?.conflict ? [{ href: "#saved-elsewhere", text: "Your scores were changed in another tab or window" }] : []),
    ...(failure?.refused ? [{ href: "#scores", text: failure.refused }] : []),
    ...(stale ? [{ href: "#scores", text: stale }] : []),
    ...summary.filter((item) => item.href !== `#${STALE_FORM_FIELD}`),
  ];
  return (
    <>
      <ErrorSummary items={items} />
      {d.savedDraft && !failure ? (
        <SuccessBanner text="Your draft has been saved. Nobody else can see it. Submit your scores when you are ready." />
      ) : null}
      {d.own?.reopenedAt ? (
        <NotificationBanner title="Reopened by staff">
          <p className="govuk-notification-banner__heading">Staff reopened your scores at {d.own.reopenedAt}.</p>
          {d.own.reopenedReason ? (
            <p className="govuk-body">
              Their reason: <span className="app-pre-line">{d.own.reopenedReason}</span>
            </p>
          ) : null}
          <p className="govuk-body">
            You have seen other members' scores: say in your comments if they changed your view. Change your scores if you
            need to, then submit them again.
          </p>
        </NotificationBanner>
      ) : null}
      {failure?.conflict ? (
        <div id="saved-elsewhere" tabIndex={-1}>
          <NotificationBanner title="Saved in another tab or window">
            <p className="govuk-notification-banner__heading">
              These scores were saved in another tab or window after you opened this page. Nothing has been overwritten.
            </p>
            <p className="govuk-body">
              What was saved there is below. What you typed here is still in the form. Check both, then save again to keep
              what is in the form.
            </p>
            <ScoreList criteria={d.criteria} scores={failure.conflict.saved.scores} overallComment={failure.conflict.saved.overallComment} />
          </NotificationBanner>
        </div>
      ) : null}
      {caption}
      <h1 className="govuk-heading-l">Score: {d.title || "Untitled application"}</h1>
      <p className="govuk-body">
        Score the application against each criterion, on your own. Where you give the lowest or highest score, say why.
        You can save a draft and come back to it before scoring closes. Other panel members cannot see your scores, and
        you will see theirs once you have submitted yours.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/panel/cycles/${d.cycleId}/applications/${d.applicationId}`}>
          Read the application again
        </Link>
      </p>
      <Form method="post" noValidate onSubmit={onSubmit} id="scores">
        <input type="hidden" name="version" value={version} />
        {d.criteria.map((c) => {
          const ends = `${c.scaleMin} or ${c.scaleMax}`;
          return (
            <div key={c.id} className="app-criterion">
              <Choices
                type="radio"
                name={scoreField(c.id)}
                legend={`${c.title} (weight ${c.weight})`}
                legendSize="m"
                hint={c.guidance ?? undefined}
                error={errors[scoreField(c.id)]}
                checked={[values[scoreField(c.id)] ?? ""]}
                items={scaleOf(c).map((n) => ({ value: String(n), text: scoreLabel(c, n) }))}
                inputProps={register(scoreField(c.id))}
              />
              <WordCountTextarea
                name={commentField(c.id)}
                label={`Comment on ${c.title}`}
                labelSize="s"
                hint={`Needed if you score ${ends}.`}
                maxWords={SCORING_LIMITS.commentWords}
                rows={3}
                error={errors[commentField(c.id)]}
                defaultValue={values[commentField(c.id)]}
                inputProps={register(commentField(c.id))}
              />
            </div>
          );
        })}
        <WordCountTextarea
          name="overallComment"
          label="Overall comment"
          labelSize="m"
          hint="Your view of the application as a whole: its strengths, and what would make it stronger."
          maxWords={SCORING_LIMITS.overallWords}
          rows={5}
          error={errors.overallComment}
          defaultValue={values.overallComment}
          inputProps={register("overallComment")}
        />
        <ButtonGroup>
          <Button name="intent" value="submit">
            Submit scores
          </Button>
          <Button name="intent" value="draft" variant="secondary">
            Save as draft
          </Button>
        </ButtonGroup>
      </Form>
    </>
  );
}

function OtherScores({ criteria, others }: { criteria: CriterionView[]; others: NonNullable<PageData["others"]> }) {
  return (
    <section aria-labelledby="other-scores">
      <h2 className="govuk-heading-m" id="other-scores">
        Other panel members' scores
      </h2>
      {others.length ? (
        others.map((o, i) => (
          <div className="govuk-summary-card" key={i}>
            <div className="govuk-summary-card__title-wrapper">
              <h3 className="govuk-summary-card__title">{o.name}</h3>
            </div>
            <div className="govuk-summary-card__content">
              <p className="govuk-body">
                {o.affiliation ? `Represents ${o.affiliation}. ` : ""}Weighted total: <strong>{totalText(o.total)}</strong>
              </p>
              <ScoreList criteria={criteria} scores={Object.fromEntries(o.scores.map((s) => [s.criterionId, s]))} overallComment={o.overallComment} />
            </div>
          </div>
        ))
      ) : (
        <p className="govuk-body">No other panel member has submitted scores for this application yet.</p>
      )}
    </section>
  );
}

export const ErrorBoundary = PanelRefusal;
