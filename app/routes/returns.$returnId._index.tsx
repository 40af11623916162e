// An evaluation return, for the grantee. While it can change: the GOV.UK task list, with staff's
// comments at the top when they asked for changes, and "Check and submit". Otherwise: why not
// (the offer is not accepted yet; the award was declined or withdrawn; it is submitted or
// accepted) and, once submitted, every answer read-only.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AnswerCards } from "~/components/application";
import { InsetText, NotificationBanner, SuccessBanner, SummaryList, Tag } from "~/components/govuk/content";
import { DocumentsTable, formatSize, ReturnStatusTag, ReviewText } from "~/components/returns";
import { RETURN_STATUS_TEXT } from "~/models/awards.server";
import {
  allReturnProblems,
  changesAskedFor,
  dueText,
  periodText,
  RETURN_SECTION_TITLES,
  RETURN_SECTIONS,
  returnAnswerGroups,
  returnIsClosed,
  returnPath,
  returnSectionStatus,
  whyReturnNotEditable,
} from "~/models/returns.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";
import { requireReturn } from "~/utils/return-page.server";

export const handle: RouteHandle = {
  backLink: ({ data }) => {
    const awardId = (data as { award?: { id: number } } | undefined)?.award?.id;
    return awardId ? { to: `/awards/${awardId}`, text: "Back to your award" } : { to: "/applicant", text: "Back" };
  },
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.title ?? "Your return", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireReturn(request, params);
  const r = file.ret;
  const why = whyReturnNotEditable(file);
  const submittedOnce = Boolean(r.submittedAt);
  // Staff reviewers are not named to the grantee (as in the award's history): "Reviewed on <date>".
  const anonymous = <T extends { by: string | null }>(review: T | null | undefined): T | null => (review ? { ...review, by: null } : null);
  const asked = anonymous(changesAskedFor(file));
  return json({
    id: r.id,
    title: r.title,
    status: r.status,
    statusText: returnIsClosed(file) ? "Closed" : RETURN_STATUS_TEXT[r.status],
    due: dueText(r.dueDate, r.status),
    period: periodText(r.kind),
    editable: why === null,
    why,
    award: {
      id: file.award.award.id,
      status: file.award.award.status,
      reference: file.award.application.reference ?? "",
      projectTitle: file.award.application.title ?? "",
      organisationName: file.award.organisation.name,
    },
    submittedAt: r.submittedAt?.toISOString() ?? null,
    acceptedAt: r.acceptedAt?.toISOString() ?? null,
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    asked,
    lastAccepted: r.status === "accepted" ? anonymous(file.reviews.find((v) => v.outcome === "accepted")) : null,
    tasks: RETURN_SECTIONS.map((section) => ({
      section,
      title: RETURN_SECTION_TITLES[section],
      href: returnPath(r.id, section),
      status: returnSectionStatus(file, section),
    })),
    ready: allReturnProblems(file).length === 0,
    // Read-only answers once it has been handed in.
    groups: why && submittedOnce ? returnAnswerGroups(file).filter((g) => g.section !== "documents") : [],
    documents:
      why && submittedOnce
        ? file.documents.map((d) => ({
            id: d.id,
            kind: d.kind === "photo" ? "Photo" : "Document",
            name: d.name,
            description: d.description,
            size: formatSize(d.sizeBytes),
            href: returnPath(r.id, `documents/${d.id}`),
          }))
        : [],
  });
}

const STATUS_TEXT = { completed: "Completed", in_progress: "In progress", not_started: "Not yet started" } as const;

function TaskStatus({ id, status }: { id: string; status: keyof typeof STATUS_TEXT }) {
  if (status === "completed") return <div className="govuk-task-list__status" id={id}>Completed</div>;
  return (
    <div className="govuk-task-list__status" id={id}>
      <Tag colour={status === "in_progress" ? "light-blue" : "blue"}>{STATUS_TEXT[status]}</Tag>
    </div>
  );
}

export default function ReturnPage() {
  const d = useLoaderData<typeof loader>();
  const done = d.tasks.filter((t) => t.status === "completed").length;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.notice ? <SuccessBanner text={d.notice} /> : null}
        {d.asked && d.editable ? (
          <NotificationBanner title="Changes asked for">
            <p className="govuk-notification-banner__heading">Staff have read your return and ask you to change some things. They said:</p>
            <ReviewText review={d.asked} />
            <p className="govuk-body">Make the changes, then check your answers and submit the return again.</p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">
          {d.award.reference}
          {d.award.projectTitle ? `: ${d.award.projectTitle}` : ""}
        </span>
        <h1 className="govuk-heading-l">{d.title}</h1>
        <SummaryList
          rows={[
            { key: "Status", value: <ReturnStatusTag status={d.statusText === "Closed" ? "closed" : d.status} text={d.statusText} /> },
            { key: "Due", value: d.due },
            { key: "Organisation", value: d.award.organisationName },
            ...(d.submittedAt ? [{ key: "Submitted", value: formatDateTime(d.submittedAt) }] : []),
            ...(d.acceptedAt && d.status === "accepted" ? [{ key: "Accepted", value: formatDate(d.acceptedAt) }] : []),
          ]}
        />

        {d.editable ? (
          <>
            <InsetText>{d.period} Your answers are saved as you go: you can leave and come back at any time.</InsetText>
            <h2 className="govuk-heading-s govuk-!-margin-bottom-2">{done === d.tasks.length ? "Return complete" : "Return incomplete"}</h2>
            <p className="govuk-body govuk-!-margin-bottom-7">
              You have completed {done} of {d.tasks.length} sections.
            </p>
            <ul className="govuk-task-list">
              {d.tasks.map((t) => (
                <li className="govuk-task-list__item govuk-task-list__item--with-link" key={t.section}>
                  <div className="govuk-task-list__name-and-hint">
                    <Link className="govuk-link govuk-task-list__link" to={t.href} aria-describedby={`task-${t.section}-status`}>
                      {t.title}
                    </Link>
                  </div>
                  <TaskStatus id={`task-${t.section}-status`} status={t.status} />
                </li>
              ))}
            </ul>
            <p className="govuk-body">
              <Link className="govuk-link" to={`/returns/${d.id}/check`}>
                Check and submit
              </Link>
              {d.ready ? null : " (you can see there what is still missing)"}
            </p>
          </>
        ) : (
          <>
            {d.why ? <InsetText>{d.why}</InsetText> : null}
            {d.award.status === "offered" ? (
              <p className="govuk-body">
                <Link className="govuk-link" to={`/awards/${d.award.id}`}>
                  Read and answer the offer
                </Link>
              </p>
            ) : null}
            {d.lastAccepted?.comments ? (
              <>
                <h2 className="govuk-heading-m">What staff said</h2>
                <ReviewText review={d.lastAccepted} />
              </>
            ) : null}
            {d.groups.length ? (
              <>
                <h2 className="govuk-heading-m">Your answers</h2>
                <AnswerCards groups={d.groups} />
                {d.documents.length ? <DocumentsTable documents={d.documents} caption="Photos and documents" /> : <p className="govuk-body">No photos or documents.</p>}
              </>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}
