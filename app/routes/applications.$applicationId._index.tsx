// An application. While it can change: the GOV.UK task list. Once submitted (or closed):
// a read-only view with its status, a timeline, and every answer.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AnswerCards, Timeline } from "~/components/application";
import { InsetText, NotificationBanner, SuccessBanner, Tag } from "~/components/govuk/content";
import {
  allProblems,
  answerGroups,
  applicationDeadline,
  isEditable,
  isOptionalTask,
  organisationRows,
  pagesOf,
  SECTION_TITLES,
  sectionStatus,
  sectionsOf,
  timeline,
  whyNotEditable,
} from "~/models/applications.server";
import { awardOfApplication } from "~/models/awards.server";
import { helpContactFor } from "~/models/contacts.server";
import { releasedDecisionFor } from "~/models/decisions.server";
import { nextOrganisationPage, organisationIsComplete } from "~/models/organisations.server";
import { requireApplication } from "~/utils/application-page.server";
import { formatDate, formatDeadline, formatMoney, formatTime } from "~/utils/format";
import { APPLICATION_STATUS } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";

export const handle: RouteHandle = { backLink: { to: "/applicant", text: "Back to your applications" } };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title || "Your application", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireApplication(request, params);
  const a = file.application;
  const editable = isEditable(file);
  const events = timeline(a.id, "applicant");
  const orgComplete = organisationIsComplete(file.organisation);
  const tasks = sectionsOf(file).map((section) => ({
    section,
    title: SECTION_TITLES[section],
    href: `/applications/${a.id}/${pagesOf(file, section)[0]}`,
    status: sectionStatus(file, section),
    optional: isOptionalTask(file, section),
  }));
  return json({
    id: a.id,
    title: a.title,
    reference: a.reference,
    status: a.status,
    editable,
    why: editable ? null : whyNotEditable(file),
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    organisation: { id: file.organisation.id, name: file.organisation.name, complete: orgComplete, next: nextOrganisationPage(file.organisation) },
    cycleName: file.cycle.name,
    programmeName: file.programme.name,
    closesAt: applicationDeadline(file).toISOString(),
    ownDeadline: Boolean(a.deadlineOverride && a.deadlineOverride > file.cycle.closesAt),
    helpContact: helpContactFor(file.cycle),
    range: `${formatMoney(file.cycle.minRequestPence)} to ${formatMoney(file.cycle.maxRequestPence)}`,
    submittedAt: a.submittedAt?.toISOString() ?? null,
    returnedMessage: a.status === "returned" ? (events.find((e) => e.title === "Returned for changes")?.message ?? null) : null,
    tasks,
    ready: orgComplete && allProblems(file).length === 0,
    withdrawable: ["draft", "submitted", "returned", "in_review"].includes(a.status),
    events,
    // Only once the decision letters have been sent; never the scores or the reasons.
    decision: (() => {
      const released = releasedDecisionFor(a.id);
      return released ? { ...released, releasedAt: released.releasedAt.toISOString() } : null;
    })(),
    awardId: awardOfApplication(a.id)?.id ?? null,
    groups: editable ? [] : [{ section: "organisation", title: "Your organisation", rows: organisationRows(file).map((r) => ({ ...r, page: "" })) }, ...answerGroups(file)],
  });
}

const STATUS_TEXT = { completed: "Completed", in_progress: "In progress", not_started: "Not yet started" } as const;

function TaskStatus({ id, status }: { id: string; status: keyof typeof STATUS_TEXT | "cannot_start" }) {
  if (status === "completed") return <div className="govuk-task-list__status" id={id}>Completed</div>;
  if (status === "cannot_start") return <div className="govuk-task-list__status govuk-task-list__status--cannot-start-yet" id={id}>Cannot start yet</div>;
  return (
    <div className="govuk-task-list__status" id={id}>
      <Tag colour={status === "in_progress" ? "light-blue" : "blue"}>{STATUS_TEXT[status]}</Tag>
    </div>
  );
}

export default function Application() {
  const d = useLoaderData<typeof loader>();
  // An optional task counts once it is done; it is never needed to finish.
  const done = d.tasks.filter((t) => t.status === "completed").length + (d.organisation.complete ? 1 : 0);
  const total = d.tasks.filter((t) => !t.optional || t.status === "completed").length + 1;
  const statusTag = APPLICATION_STATUS[d.status];
  if (!d.editable) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {d.notice ? <SuccessBanner text={d.notice} /> : null}
          <span className="govuk-caption-l">
            {d.programmeName}: {d.cycleName}
          </span>
          <h1 className="govuk-heading-l">{d.title || "Untitled application"}</h1>
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Status</dt>
              <dd className="govuk-summary-list__value">
                <Tag colour={statusTag?.colour}>{statusTag?.text ?? d.status}</Tag>
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Reference</dt>
              <dd className="govuk-summary-list__value">{d.reference ?? "Not submitted"}</dd>
            </div>
            {d.submittedAt ? (
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Submitted</dt>
                <dd className="govuk-summary-list__value">
                  {formatTime(d.submittedAt)} on {formatDate(d.submittedAt)}
                </dd>
              </div>
            ) : null}
          </dl>
          {d.decision ? <DecisionSection decision={d.decision} awardId={d.awardId} /> : null}
          {d.why && !d.decision ? <InsetText>{d.why}</InsetText> : null}
          {d.withdrawable ? (
            <p className="govuk-body">
              <Link className="govuk-link" to={`/applications/${d.id}/withdraw`}>
                Withdraw this application
              </Link>
            </p>
          ) : null}
          <h2 className="govuk-heading-m">What has happened</h2>
          <Timeline events={d.events} />
          <h2 className="govuk-heading-m">Your answers</h2>
          <AnswerCards groups={d.groups} />
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.notice ? <SuccessBanner text={d.notice} /> : null}
        {d.returnedMessage ? (
          <NotificationBanner title="Returned for changes">
            <p className="govuk-notification-banner__heading">Staff have returned your application so that you can change it. They said:</p>
            <p className="govuk-body app-pre-line">{d.returnedMessage}</p>
            <p className="govuk-body">Make the changes, then check your answers and submit it again.</p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">
          {d.programmeName}: {d.cycleName}
        </span>
        <h1 className="govuk-heading-l">{d.title || "Your application"}</h1>
        <p className="govuk-body">
          For {d.organisation.name}. Ask for {d.range}.
        </p>
        <InsetText>
          {d.ownDeadline ? "Your application has its own deadline: submit" : "Submit"} by {formatDeadline(d.closesAt)}. Your answers are saved as you go: you can leave and come back at any time.
        </InsetText>
        <h2 className="govuk-heading-s govuk-!-margin-bottom-2">{done === total ? "Application complete" : "Application incomplete"}</h2>
        <p className="govuk-body govuk-!-margin-bottom-7">
          You have completed {done} of {total} sections.
        </p>
        <ul className="govuk-task-list">
          <li className="govuk-task-list__item govuk-task-list__item--with-link">
            <div className="govuk-task-list__name-and-hint">
              <Link
                className="govuk-link govuk-task-list__link"
                to={d.organisation.next ? `/organisations/${d.organisation.id}/${d.organisation.next}` : `/organisations/${d.organisation.id}`}
                aria-describedby="task-organisation-status"
              >
                Your organisation
              </Link>
            </div>
            <TaskStatus id="task-organisation-status" status={d.organisation.complete ? "completed" : "in_progress"} />
          </li>
          {d.tasks.map((t) => (
            <li className="govuk-task-list__item govuk-task-list__item--with-link" key={t.section}>
              <div className="govuk-task-list__name-and-hint">
                <Link
                  className="govuk-link govuk-task-list__link"
                  to={t.href}
                  aria-describedby={t.optional ? `task-${t.section}-hint task-${t.section}-status` : `task-${t.section}-status`}
                >
                  {t.title}
                </Link>
                {t.optional ? (
                  <div className="govuk-task-list__hint" id={`task-${t.section}-hint`}>
                    Optional
                  </div>
                ) : null}
              </div>
              <TaskStatus id={`task-${t.section}-status`} status={t.status} />
            </li>
          ))}
          <li className={`govuk-task-list__item${d.ready ? " govuk-task-list__item--with-link" : ""}`}>
            <div className="govuk-task-list__name-and-hint">
              {d.ready ? (
                <Link className="govuk-link govuk-task-list__link" to={`/applications/${d.id}/check`} aria-describedby="task-submit-status">
                  Check your answers and submit
                </Link>
              ) : (
                <div>Check your answers and submit</div>
              )}
            </div>
            <TaskStatus id="task-submit-status" status={d.ready ? "not_started" : "cannot_start"} />
          </li>
        </ul>
        {d.ready ? null : (
          <p className="govuk-body">
            <Link className="govuk-link" to={`/applications/${d.id}/check`}>
              See what is still missing
            </Link>
          </p>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/applications/${d.id}/withdraw`}>
            Withdraw this application
          </Link>
        </p>
      </div>
    </div>
  );
}

type ReleasedDecision = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["decision"]>;

/** The decision, as its letter says it. */
function DecisionSection({ decision, awardId }: { decision: ReleasedDecision; awardId: number | null }) {
  return (
    <>
      <h2 className="govuk-heading-m">Decision</h2>
      {decision.outcome === "award" ? (
        <>
          <p className="govuk-body">
            Your application has been awarded <strong>{formatMoney(decision.amountPence ?? 0)}</strong>.
          </p>
          {decision.conditions ? (
            <>
              <h3 className="govuk-heading-s">Conditions of the award</h3>
              <p className="govuk-body app-pre-line">{decision.conditions}</p>
            </>
          ) : null}
          {awardId ? (
            <p className="govuk-body">
              <Link className="govuk-link" to={`/awards/${awardId}`}>
                View your award
              </Link>
            </p>
          ) : (
            <p className="govuk-body">The offer and the grant terms will follow here in the portal.</p>
          )}
        </>
      ) : decision.outcome === "decline" ? (
        <>
          <p className="govuk-body">We are sorry: your application has not been funded this time.</p>
          <h3 className="govuk-heading-s">Feedback from the panel</h3>
          <p className="govuk-body app-pre-line">{decision.feedback}</p>
          <p className="govuk-body">You are welcome to apply to other funding rounds.</p>
        </>
      ) : (
        <p className="govuk-body">
          Your application is on the reserve list. It could be funded if money becomes available in this round. We will email you if it is.
        </p>
      )}
      <p className="govuk-body">
        We sent the decision letter by email on {formatDate(decision.releasedAt)}.
      </p>
    </>
  );
}
