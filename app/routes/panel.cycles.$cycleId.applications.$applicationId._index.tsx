// One application as a panel member sees it. Until they declare, only its reference and title
// (and the applicant's name, unless the round hides names), with the question "Do you have a
// conflict of interest?". With a conflict, declared or as a member of the applicant, nothing of
// the bid and nobody's scores. With none, the whole bid, its documents, and the way to score it.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { AnswerCards, WordCountTextarea } from "~/components/application";
import { InsetText, SummaryList } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { ConflictQuestion, PanelRefusal, refusalTitle } from "~/components/scoring";
import { isRefusal, panelAccess } from "~/models/panel-access.server";
import { applicationForPanel, declareConflict, whyDeclarationsClosed } from "~/models/scoring.server";
import { declarationSchema, SCORING_LIMITS } from "~/schemas/scoring";
import { idParam, requireUser } from "~/utils/auth.server";
import { formatDate, formatTime } from "~/utils/format";
import { typedValues, type FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/panel/cycles/${params.cycleId}`, text: "Back to your applications" }),
};

const HEADINGS = {
  declare: "Do you have a conflict of interest?",
  conflict: "You have declared a conflict of interest",
  member: "You have a conflict of interest",
  closed: "You can no longer declare a conflict of interest",
};

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => {
  if (error || !data) return pageTitle(refusalTitle(403), matches);
  const { view } = data;
  if (view.kind === "content") return pageTitle(view.application.title || "Untitled application", matches);
  if (view.kind === "conflict") return pageTitle(view.reason === "member" ? HEADINGS.member : HEADINGS.conflict, matches);
  return pageTitle(view.declarationsClosed ? HEADINGS.closed : HEADINGS.declare, matches);
};

function ids(params: { cycleId?: string; applicationId?: string }) {
  return { cycleId: idParam(params.cycleId), applicationId: idParam(params.applicationId) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { cycleId, applicationId } = ids(params);
  const view = applicationForPanel(user, cycleId, applicationId);
  if (isRefusal(view)) throw new Response(view.message, { status: view.status });
  return json({
    cycleId,
    view:
      view.kind === "conflict"
        ? { ...view, declaredAt: view.declaredAt?.toISOString() ?? null }
        : view,
  });
}

type Failure = FormFailure & { refused?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { cycleId, applicationId } = ids(params);
  // Not on this panel (or not given this application): refused before the form is read.
  const access = panelAccess(user, cycleId, applicationId);
  if (isRefusal(access)) throw new Response(access.message, { status: access.status });
  // Decision letters are out: refused whatever the form says.
  const closed = whyDeclarationsClosed(access.cycle);
  if (closed) {
    context.formHasErrors = true;
    return json<Failure>({ errors: {}, values: {}, refused: closed }, { status: 409 });
  }
  const parsed = await parseForm(request, declarationSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = declareConflict(user, cycleId, applicationId, parsed.data);
  if (!result.ok) {
    if (result.status !== 409) throw new Response(result.message, { status: result.status });
    context.formHasErrors = true;
    return json<Failure>({ errors: {}, values: typedValues(parsed.formData), refused: result.message }, { status: 409 });
  }
  return redirect(`/panel/cycles/${cycleId}/applications/${applicationId}`);
}

export default function PanelApplication() {
  const { view, cycleId } = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const refused = failure?.refused ? [{ href: "#declaration", text: failure.refused }] : [];
  const a = view.application;
  const caption = (
    <span className="govuk-caption-l">
      {a.reference ?? "No reference"}
      {a.organisationName ? `, ${a.organisationName}` : ""}
    </span>
  );
  const headline = [
    { key: "Reference", value: a.reference ?? "None" },
    { key: "Title", value: a.title || "Untitled application" },
    ...(a.organisationName ? [{ key: "Organisation", value: a.organisationName }] : []),
  ];

  if (view.kind === "declare") {
    return <Declare refused={refused} caption={caption} headline={headline} hideNames={view.hideNames} closed={view.declarationsClosed} />;
  }

  if (view.kind === "conflict") {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary items={refused} />
          {caption}
          <h1 className="govuk-heading-l" id="declaration" tabIndex={-1}>
            {view.reason === "member" ? HEADINGS.member : HEADINGS.conflict}
          </h1>
          <SummaryList rows={headline} />
          {view.reason === "member" ? (
            <p className="govuk-body">
              You are a member of the organisation that made this application, so you have a conflict of interest whether
              or not you declare one.
            </p>
          ) : (
            <>
              <p className="govuk-body">
                You declared it
                {view.declaredAt ? ` at ${formatTime(view.declaredAt)} on ${formatDate(view.declaredAt)}` : ""}. You told us:
              </p>
              <InsetText>
                <span className="app-pre-line">{view.nature}</span>
              </InsetText>
            </>
          )}
          <p className="govuk-body">
            You will not see this application or anyone's scores for it, and you cannot score it. Staff can see your
            declaration, and may give the application to another panel member.
          </p>
          <p className="govuk-body">If you think this is wrong, contact the staff who run the panel: only they can clear a conflict of interest.</p>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/panel/cycles/${cycleId}`}>
              Back to your applications
            </Link>
          </p>
        </div>
      </div>
    );
  }

  return <Content view={view} cycleId={cycleId} refused={refused} caption={caption} />;
}

type ContentView = Extract<ReturnType<typeof useLoaderData<typeof loader>>["view"], { kind: "content" }>;

function Content({ view, cycleId, refused, caption }: { view: ContentView; cycleId: number; refused: { href: string; text: string }[]; caption: ReactNode }) {
  const a = view.application;
  const found = useGovukForm(declarationSchema, { fields: ["nature"], defaults: { conflict: "yes" } });
  const scoreHref = `/panel/cycles/${cycleId}/applications/${a.id}/score`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={[...refused, ...found.summary]} />
        {caption}
        <h1 className="govuk-heading-l">{a.title || "Untitled application"}</h1>
        <InsetText>
          <p className="govuk-body">{view.windowText}</p>
          <p className="govuk-body">
            {view.scorecardStatus === "submitted"
              ? "You have submitted your scores for this application."
              : "Read the application, then score it: the link is at the end of this page."}
          </p>
        </InsetText>
        {view.hideNames ? (
          <p className="govuk-body">
            <strong>Applicants' names are hidden from the panel for this round.</strong> The organisation's details and its
            partners' names are left out.
          </p>
        ) : null}

        {view.organisation ? (
          <>
            <h2 className="govuk-heading-m">The organisation</h2>
            <SummaryList rows={view.organisation.map((r) => ({ key: r.question, value: <span className="app-pre-line">{r.answer}</span> }))} />
          </>
        ) : null}

        <h2 className="govuk-heading-m">The application</h2>
        <AnswerCards groups={view.groups} />

        {view.asksDocuments ? (
          <>
            <h2 className="govuk-heading-m">Documents</h2>
            {view.documents.length ? (
              <ul className="govuk-list">
                {view.documents.map((doc) => (
                  <li key={doc.id}>
                    {doc.name ? `${doc.kind}: ` : ""}
                    <a className="govuk-link app-wrap-anywhere" href={doc.href} download>
                      {doc.name ?? doc.kind}
                    </a>{" "}
                    ({doc.size})
                  </li>
                ))}
              </ul>
            ) : (
              <p className="govuk-body">No documents were uploaded.</p>
            )}
          </>
        ) : null}

        <h2 className="govuk-heading-m">Your scores</h2>
        <p className="govuk-body">
          <Link className="govuk-button govuk-!-margin-bottom-0" draggable={false} to={scoreHref}>
            {view.scorecardStatus === "submitted" ? "View your scores" : "Score this application"}
          </Link>
        </p>

        {view.declarationsClosed ? (
          <>
            <h2 className="govuk-heading-m">A conflict of interest</h2>
            <p className="govuk-body" id="declaration" tabIndex={-1}>
              {view.declarationsClosed}
            </p>
          </>
        ) : (
          <FoundConflict form={found} />
        )}
      </div>
    </div>
  );
}

function Declare({
  refused,
  caption,
  headline,
  hideNames,
  closed,
}: {
  refused: { href: string; text: string }[];
  caption: ReactNode;
  headline: { key: string; value: string }[];
  hideNames: boolean;
  /** Why nothing can be declared any more (decisions are released), or null. */
  closed: string | null;
}) {
  const { register, errors, summary, values, onSubmit } = useGovukForm(declarationSchema, { fields: ["conflict", "nature"] });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={[...refused, ...summary]} />
        {caption}
        <h1 className="govuk-heading-l" id="declaration" tabIndex={-1}>
          {closed ? HEADINGS.closed : HEADINGS.declare}
        </h1>
        <SummaryList rows={headline} />
        {hideNames ? <p className="govuk-body">Applicants' names are hidden from the panel for this round.</p> : null}
        {closed ? (
          <p className="govuk-body">{closed} You did not declare on this application, so you cannot read it.</p>
        ) : (
          <>
            <p className="govuk-body">
              Before you read this application, tell us whether you have a conflict of interest. You have one if you, or
              someone close to you, could gain or lose from the decision, or could be seen to. For example, if you:
            </p>
            <ul className="govuk-list govuk-list--bullet">
              <li>work for, volunteer with, or advise the organisation that applied, or one of its partners</li>
              <li>are a trustee, member or funder of it</li>
              <li>have a close family, business or personal relationship with someone who runs it</li>
            </ul>
            <p className="govuk-body">
              If you declare a conflict, you will not see the application or its scores, and staff can give it to someone
              else. If you find a conflict later, while reading, you can declare it then.
            </p>
            <Form method="post" noValidate onSubmit={onSubmit}>
              <ConflictQuestion
                legend="Do you have a conflict of interest with this application?"
                error={errors.conflict}
                natureError={errors.nature}
                answer={values.conflict ?? ""}
                nature={values.nature ?? ""}
                register={register}
              />
              <Button>Confirm declaration</Button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}

/** A conflict found while reading: declared here, and from then on the bid is hidden. */
function FoundConflict({ form }: { form: ReturnType<typeof useGovukForm> }) {
  const { register, errors, values, onSubmit } = form;
  return (
    <details className="govuk-details" open={errors.nature ? true : undefined}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">You have found a conflict of interest</span>
      </summary>
      <div className="govuk-details__text">
        <p className="govuk-body">
          If you find while reading that you have a conflict of interest, declare it now. You will no longer see this
          application and cannot score it. Only staff can clear a conflict of interest.
        </p>
        <Form method="post" noValidate onSubmit={onSubmit}>
          <input type="hidden" value="yes" {...register("conflict")} />
          <WordCountTextarea
            name="nature"
            label="Describe the conflict"
            maxWords={SCORING_LIMITS.natureWords}
            rows={3}
            error={errors.nature}
            defaultValue={values.nature}
            inputProps={register("nature")}
          />
          <Button variant="warning">Declare a conflict of interest</Button>
        </Form>
      </div>
    </details>
  );
}

export const ErrorBoundary = PanelRefusal;
