// A submitted application as staff see it: the organisation, every answer, the documents, what
// has happened, and the two things staff do at intake: record the eligibility check, or return
// the application for changes. The model decides what is allowed; a refusal (the application
// moved on meanwhile, the round closed) comes back as an error summary with its reason.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AnswerCards, Timeline, WordCountTextarea } from "~/components/application";
import { InsetText, SuccessBanner, SummaryList, Tag } from "~/components/govuk/content";
import { Button, Choices, ErrorSummary } from "~/components/govuk/form";
import {
  answerGroups,
  answersBesideDocuments,
  attachmentLabel,
  closedMessage,
  membersOf,
  organisationRows,
  recordEligibilityCheck,
  returnForChanges,
  timeline,
} from "~/models/applications.server";
import { applicationForStaff, CHECKABLE_STATUSES, eligibilityChecks, RETURNABLE_STATUSES } from "~/models/intake.server";
import { panelStageOf } from "~/models/panel-access.server";
import { letterRecipients } from "~/models/recipients.server";
import { isOpen } from "~/models/programmes.server";
import { eligibilityCheckSchema, LIMITS, returnForChangesSchema } from "~/schemas/application";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formatDate, formatDeadline, formatMoney, formatTime } from "~/utils/format";
import type { FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { typedValues } from "~/utils/forms";
import { APPLICATION_STATUS } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ data }) => {
    const cycleId = (data as { cycle?: { id: number } } | undefined)?.cycle?.id;
    return cycleId ? { to: `/staff/cycles/${cycleId}/applications`, text: "Back to the applications" } : { to: "/staff", text: "Back" };
  },
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `${data.reference ?? "Application"}: ${data.title ?? "Untitled"}` : "Application", matches);

function applicationOf(params: { applicationId?: string }) {
  const file = applicationForStaff(idParam(params.applicationId));
  if (!file) throw notFound();
  return file;
}

function formatSize(bytes: number) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const file = applicationOf(params);
  const a = file.application;
  const open = isOpen(file.cycle);
  const members = membersOf(db, file.organisation.id).length;
  const stage = panelStageOf(a.id);
  return json({
    id: a.id,
    version: a.version,
    title: a.title,
    reference: a.reference,
    status: a.status,
    submittedAt: a.submittedAt?.toISOString() ?? null,
    amountRequestedPence: a.amountRequestedPence,
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    cycle: { id: file.cycle.id, name: file.cycle.name, closesAt: file.cycle.closesAt.toISOString(), open },
    programmeName: file.programme.name,
    organisationName: file.organisation.name,
    organisation: organisationRows(file),
    // Every answer; those only staff may read are marked.
    groups: answersBesideDocuments(answerGroups(file, "staff")),
    asksDocuments: file.cycle.sections.includes("documents"),
    documents: file.attachments.map((d) => ({
      id: d.id,
      kind: attachmentLabel(file, d),
      name: d.originalName,
      size: formatSize(d.sizeBytes),
      // The applicant's download route, which lets staff download too.
      href: `/applications/${a.id}/documents/${d.id}`,
    })),
    events: timeline(a.id, "staff"),
    checks: eligibilityChecks(a.id).map((c) => ({ ...c, at: c.at.toISOString() })),
    canCheck: CHECKABLE_STATUSES.includes(a.status),
    canReturn: RETURNABLE_STATUSES.includes(a.status) && open,
    whyNotReturn: !RETURNABLE_STATUSES.includes(a.status)
      ? "Only a submitted application can be returned for changes."
      : open
        ? null
        : `${closedMessage(file)} So it cannot be returned for changes: the applicant could not submit it again.`,
    members,
    // At the panel stage: its scores and its decision have pages of their own.
    panelStage: stage.atPanel,
    // Submitted in a round whose panel waits for the eligibility check, and not passed yet.
    waitingForCheck: stage.waitingForCheck,
    // Who a decision letter or offer would go to: its members and its contact email.
    recipients: letterRecipients(db, file.organisation.id).map((r) => ({ email: r.email, kind: r.kind })),
  });
}

type Failure = FormFailure & { refused?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const file = applicationOf(params);
  const id = file.application.id;
  const intent = (await request.clone().formData()).get("intent");
  const refuse = (message: string, values: Record<string, string>) => {
    context.formHasErrors = true;
    return json<Failure>({ errors: {}, values, refused: message }, { status: 409 });
  };
  if (intent === "eligibility") {
    const parsed = await parseForm(request, eligibilityCheckSchema);
    if (!parsed.ok) return invalid(context, parsed.failure);
    const result = recordEligibilityCheck(user, id, parsed.data.outcome === "passed", parsed.data.reason);
    if (!result.ok) return refuse(result.message, typedValues(parsed.formData));
    return redirect(withNotice(`/staff/applications/${id}`, "eligibility-recorded"));
  }
  if (intent === "return") {
    const parsed = await parseForm(request, returnForChangesSchema);
    if (!parsed.ok) return invalid(context, parsed.failure);
    const result = returnForChanges(user, id, parsed.data.message);
    if (!result.ok) return refuse(result.message, typedValues(parsed.formData));
    return redirect(withNotice(`/staff/applications/${id}`, "returned-for-changes"));
  }
  throw new Response("Choose what to do with the application.", { status: 400 });
}

export default function StaffApplication() {
  const d = useLoaderData<typeof loader>();
  // A new page (and new, empty forms) once the application has changed.
  return <ApplicationPage key={d.version} d={d} />;
}

const SECTIONS = { eligibility: "eligibility-check", return: "return-for-changes" } as const;

function ApplicationPage({ d }: { d: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const failure = useActionData<Failure>();
  const check = useGovukForm(eligibilityCheckSchema, { fields: ["outcome", "reason"] });
  const back = useGovukForm(returnForChangesSchema, { fields: ["message"] });
  const which = failure?.values?.intent === "return" ? "return" : "eligibility";
  const items = [
    ...(failure?.refused ? [{ href: `#${SECTIONS[which]}`, text: failure.refused }] : []),
    ...check.summary.filter((i) => i.href !== "#message"),
    ...back.summary.filter((i) => i.href === "#message"),
  ];
  const status = APPLICATION_STATUS[d.status];
  const latest = d.checks[0];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.notice ? <SuccessBanner text={d.notice} /> : null}
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">
          {d.reference ? `${d.reference}, ` : ""}
          {d.cycle.name}
        </span>
        <h1 className="govuk-heading-l">{d.title || "Untitled application"}</h1>
        <SummaryList
          rows={[
            { key: "Status", value: <Tag colour={status?.colour}>{status?.text ?? d.status}</Tag> },
            { key: "Reference", value: d.reference ?? "None" },
            { key: "Organisation", value: d.organisationName },
            { key: "Amount requested", value: d.amountRequestedPence === null ? "Not given" : formatMoney(d.amountRequestedPence) },
            { key: "Submitted", value: d.submittedAt ? `${formatTime(d.submittedAt)} on ${formatDate(d.submittedAt)}` : "Not submitted" },
            {
              key: "Eligibility check",
              value: latest ? `${latest.passed ? "Passed" : "Did not pass"} on ${formatDate(latest.at)}` : "Not checked yet",
            },
          ]}
        />
        {d.waitingForCheck ? (
          <InsetText>
            <p className="govuk-body" data-testid="panel-gate">
              The panel cannot see this application yet. In this round the panel sees an application only once staff have passed its eligibility
              check.{" "}
              <a className="govuk-link" href={`#${SECTIONS.eligibility}`}>
                Record the eligibility check
              </a>
            </p>
          </InsetText>
        ) : null}
        <nav aria-label="On this page">
          <ul className="govuk-list">
            <li>
              <a className="govuk-link" href={`#${SECTIONS.eligibility}`}>
                Record the eligibility check
              </a>
            </li>
            <li>
              <a className="govuk-link" href={`#${SECTIONS.return}`}>
                Return it for changes
              </a>
            </li>
          </ul>
        </nav>
        {d.panelStage ? (
          <nav aria-label="The panel">
            <ul className="govuk-list">
              <li>
                <Link className="govuk-link" to={`/staff/applications/${d.id}/scores`}>
                  Scores
                </Link>
              </li>
              <li>
                <Link className="govuk-link" to={`/staff/applications/${d.id}/decision`}>
                  Decision
                </Link>
              </li>
            </ul>
          </nav>
        ) : null}

        <h2 className="govuk-heading-m">The organisation</h2>
        <SummaryList rows={d.organisation.map((r) => ({ key: r.question, value: <span className="app-pre-line">{r.answer}</span> }))} />
        <h3 className="govuk-heading-s" id="letters-go-to">
          Who letters go to
        </h3>
        {d.recipients.length ? (
          <>
            <p className="govuk-body">The decision letter, and any offer, go to:</p>
            <ul className="govuk-list govuk-list--bullet">
              {d.recipients.map((r) => (
                <li key={r.email} className="app-wrap-anywhere">
                  {r.email} ({r.kind === "member" ? "has an account" : "the organisation's contact email"})
                </li>
              ))}
            </ul>
          </>
        ) : (
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              Nobody would get a decision letter: nobody in the organisation has an account, and it has no contact email.
            </strong>
          </div>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/staff/applications/${d.id}/contact`}>
            {d.recipients.some((r) => r.kind === "contact") ? "Change the organisation's contact email" : "Give the organisation a contact email"}
          </Link>
        </p>

        <h2 className="govuk-heading-m">The answers</h2>
        <AnswerCards groups={d.groups} />

        {d.asksDocuments ? (
          <>
            <h2 className="govuk-heading-m">Documents</h2>
            {d.documents.length ? (
              <ul className="govuk-list">
                {d.documents.map((doc) => (
                  <li key={doc.id}>
                    {doc.kind}:{" "}
                    <a className="govuk-link app-wrap-anywhere" href={doc.href} download>
                      {doc.name}
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

        <h2 className="govuk-heading-m">What has happened</h2>
        <Timeline events={d.events} />

        <h2 className="govuk-heading-m" id={SECTIONS.eligibility} tabIndex={-1}>
          Eligibility check
        </h2>
        {d.checks.length ? (
          <ul className="govuk-list">
            {d.checks.map((c) => (
              <li key={c.id}>
                <strong>{c.passed ? "Passed" : "Did not pass"}</strong> on {formatDate(c.at)}, by {c.by}:{" "}
                <span className="app-pre-line">{c.reason}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {d.canCheck ? (
          <Form method="post" noValidate onSubmit={check.onSubmit}>
            <Choices
              type="radio"
              name="outcome"
              legend="Did the application pass the eligibility check?"
              legendSize="s"
              error={check.errors.outcome}
              checked={[check.values.outcome ?? ""]}
              items={[
                { value: "passed", text: "Yes, it passed" },
                { value: "failed", text: "No, it did not pass", hint: "Its status becomes 'Not eligible'. The applicant sees the reason." },
              ]}
              inputProps={check.register("outcome")}
            />
            <WordCountTextarea
              name="reason"
              label="Reason"
              labelSize="s"
              hint="What you checked, and what you found. If it did not pass, write it for the applicant."
              maxWords={LIMITS.reasonWords}
              rows={4}
              error={check.errors.reason}
              defaultValue={check.values.reason}
              inputProps={check.register("reason")}
            />
            <Button name="intent" value="eligibility">
              Record the check
            </Button>
          </Form>
        ) : (
          <InsetText>
            <p className="govuk-body">
              The eligibility check can be recorded while the application is submitted or being assessed. It is now:{" "}
              {status?.text.toLowerCase() ?? d.status}.
            </p>
            {failure?.values?.intent === "eligibility" && failure.values.reason ? (
              <>
                <p className="govuk-body">Your check was not recorded. You wrote:</p>
                <p className="govuk-body app-pre-line">{failure.values.reason}</p>
              </>
            ) : null}
          </InsetText>
        )}

        <h2 className="govuk-heading-m" id={SECTIONS.return} tabIndex={-1}>
          Return for changes
        </h2>
        {d.canReturn ? (
          <Form method="post" noValidate onSubmit={back.onSubmit}>
            <p className="govuk-body">
              The applicant can change the application and submit it again until {formatDeadline(d.cycle.closesAt)}, when the
              round closes.{" "}
              {d.members
                ? `We will email your message to ${d.members === 1 ? "the 1 person" : `all ${d.members} people`} in the organisation.`
                : "Nobody in the organisation has an account, so nobody will be emailed."}
            </p>
            <WordCountTextarea
              name="message"
              label="What should the applicant change?"
              labelSize="s"
              hint="Say what is missing or needs changing, and why. The applicant sees your words."
              maxWords={300}
              rows={5}
              error={back.errors.message}
              defaultValue={back.values.message}
              inputProps={back.register("message")}
            />
            <Button name="intent" value="return" variant="secondary">
              Return for changes
            </Button>
          </Form>
        ) : (
          <InsetText>
            <p className="govuk-body">{d.whyNotReturn}</p>
            {failure?.values?.intent === "return" && failure.values.message ? (
              <>
                <p className="govuk-body">Your message was not sent. It said:</p>
                <p className="govuk-body app-pre-line">{failure.values.message}</p>
              </>
            ) : null}
          </InsetText>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/staff/cycles/${d.cycle.id}/applications`}>
            Back to the applications
          </Link>
        </p>
      </div>
    </div>
  );
}
