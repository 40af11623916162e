// One evaluation return, for staff: the whole return read-only (numbers against the targets,
// spend against the budget lines, the story, photos and documents, consent), as last submitted
// (while the grantee makes changes staff asked for, the copy they submitted, not their draft);
// the review form while it is submitted (accept, or ask for changes with comments); and its
// history: every submission and review. A review is refused (everything typed kept) if the
// return changed since the page was opened, or the award is declined or withdrawn.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AnswerCards, Timeline, WordCountTextarea } from "~/components/application";
import { InsetText, SuccessBanner, SummaryList, Table } from "~/components/govuk/content";
import { Button, Choices, ErrorSummary } from "~/components/govuk/form";
import { DocumentsTable, formatSize, ReturnStatusTag } from "~/components/returns";
import { AWARD_STATUS_TEXT, RETURN_STATUS_TEXT } from "~/models/awards.server";
import { dueText, returnHistory, returnPath, reviewReturn, staffReading, staffReturn, whyNotReviewable } from "~/models/returns.server";
import { RETURN_LIMITS, RETURN_REVIEW_CHOICES, returnReviewSchema } from "~/schemas/return";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDate, formatDateTime, formatMoney } from "~/utils/format";
import { typedValues, type FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";
import { useFreshFormKey, useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: { to: "/staff/returns", text: "Back to returns" } };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `${data.title}: ${data.reference}` : "Return", matches);

function fileOf(params: { returnId?: string }) {
  const file = staffReturn(idParam(params.returnId));
  if (!file) throw notFound();
  return file;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const file = fileOf(params);
  const r = file.ret;
  const submittedOnce = Boolean(r.submittedAt);
  // What the grantee last submitted (never a draft): while they make changes, the copy kept then.
  const reading = staffReading(file);
  const copy = reading?.copy ?? null;
  const why = whyNotReviewable(file);
  return json({
    id: r.id,
    title: r.title,
    reference: file.award.application.reference ?? "",
    projectTitle: file.award.application.title ?? "",
    organisationName: file.award.organisation.name,
    award: { id: file.award.award.id, statusText: AWARD_STATUS_TEXT[file.award.award.status], amount: formatMoney(file.award.award.amountPence) },
    status: r.status,
    statusText: RETURN_STATUS_TEXT[r.status],
    due: dueText(r.dueDate, file.award.award.status === "accepted" ? r.status : "accepted"),
    submittedAt: r.submittedAt?.toISOString() ?? null,
    version: r.version,
    reviewable: r.status === "submitted" && !why,
    closed: r.status === "submitted" ? why : null,
    submittedOnce,
    // Shown while the grantee changes the return again: "as submitted on <date>".
    asSubmittedOn: reading?.asSubmitted ? reading.submittedAt : null,
    copyKept: Boolean(copy),
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    groups: copy ? copy.groups.filter((g) => ["reach", "story", "consent"].includes(g.section)) : [],
    spend: copy?.spend ?? [],
    spendTotal: copy?.spendTotal ?? null,
    results: copy?.results ?? [],
    documents: (copy?.documents ?? []).map((d) => ({
      id: d.id,
      kind: d.kind === "photo" ? "Photo" : "Document",
      name: d.name,
      description: d.description,
      size: formatSize(d.sizeBytes),
      href: returnPath(r.id, `documents/${d.id}`),
    })),
    history: returnHistory(r.id),
  });
}

type Failure = FormFailure & { refused?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const file = fileOf(params);
  const parsed = await parseForm(request, returnReviewSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  // The version of the return the page showed (not part of the form's schema: the browser does not check it).
  const version = String(parsed.formData.get("version") ?? "");
  if (!/^\d{1,9}$/.test(version)) {
    return invalid(context, { errors: { outcome: "The page is out of date. Open the return again" }, values: typedValues(parsed.formData) });
  }
  const result = reviewReturn(user, file.ret.id, { ...parsed.data, version: Number(version) });
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    context.formHasErrors = true;
    return json<Failure>({ errors: {}, values: typedValues(parsed.formData), refused: result.message }, { status: result.status });
  }
  return redirect(withNotice(`/staff/returns/${file.ret.id}`, parsed.data.outcome === "accepted" ? "return-reviewed-accepted" : "return-reviewed-changes"));
}

export default function StaffReturnPage() {
  return <StaffReturn key={useFreshFormKey()} />;
}

function StaffReturn() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const form = useGovukForm(returnReviewSchema, { fields: ["outcome", "comments"], defaults: { outcome: "", comments: "" } });
  const summary = [...(failure?.refused ? [{ href: "#review", text: failure.refused }] : []), ...form.summary];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        {d.notice && !failure ? <SuccessBanner text={d.notice} /> : null}
        <ErrorSummary items={summary} />
        <span className="govuk-caption-l">
          {d.organisationName}
          {d.projectTitle ? `: ${d.projectTitle}` : ""}
        </span>
        <h1 className="govuk-heading-l">
          {d.title}: {d.reference}
        </h1>
      </div>
      <div className="govuk-grid-column-two-thirds">
        <SummaryList
          rows={[
            { key: "Status", value: <ReturnStatusTag status={d.status} text={d.statusText} /> },
            { key: "Due", value: d.due },
            ...(d.submittedAt ? [{ key: "Last submitted", value: formatDateTime(d.submittedAt) }] : []),
            {
              key: "Award",
              value: (
                <Link className="govuk-link" to={`/staff/awards/${d.award.id}`}>
                  {d.award.amount}, {d.award.statusText.toLowerCase()}
                </Link>
              ),
            },
          ]}
        />
        {!d.submittedOnce ? (
          <InsetText>The grantee has not submitted this return yet. You can read their answers once they do.</InsetText>
        ) : !d.copyKept ? (
          <InsetText>The grantee is changing this return. You can read their answers once they submit it again.</InsetText>
        ) : (
          <>
            {d.asSubmittedOn ? (
              <>
                <h2 className="govuk-heading-m">The return as submitted on {formatDate(d.asSubmittedOn)}</h2>
                <InsetText>
                  {d.status === "changes_requested" ? "You asked for changes. " : ""}
                  These are the answers as submitted on {formatDate(d.asSubmittedOn)}. The grantee may be changing them now: you will see their changes
                  when they submit the return again.
                </InsetText>
              </>
            ) : null}
            <AnswerCards groups={d.groups.filter((g) => g.section === "reach")} />
            {d.spend.length ? (
              <Table
                caption="Spend against the budget"
                columns={[{ header: "Budget line" }, { header: "Budget", numeric: true }, { header: "Spent so far", numeric: true }, { header: "Left", numeric: true }]}
                firstCellIsHeader
                rows={[...d.spend.map((s) => [s.item, s.budget, s.spent, s.left]), ...(d.spendTotal ? [["Total", d.spendTotal.budget, d.spendTotal.spent, ""]] : [])]}
              />
            ) : (
              <p className="govuk-body">The application had no budget lines.</p>
            )}
            {d.results.length ? (
              <Table
                caption="Results against the targets"
                columns={[{ header: "Output or outcome" }, { header: "Measure" }, { header: "Target", numeric: true }, { header: "Actual", numeric: true }, { header: "Note" }]}
                firstCellIsHeader
                rows={d.results.map((i) => [`${i.kind}: ${i.description}`, i.measure, i.target, i.actual, <span className="app-pre-line" key="n">{i.note || "None"}</span>])}
              />
            ) : (
              <p className="govuk-body">The application planned no outputs or outcomes.</p>
            )}
            <AnswerCards groups={d.groups.filter((g) => g.section !== "reach")} />
            {d.documents.length ? <DocumentsTable documents={d.documents} caption="Photos and documents" /> : <p className="govuk-body">No photos or documents.</p>}
          </>
        )}

        <div id="review" tabIndex={-1}>
          {d.reviewable ? (
            <>
              <h2 className="govuk-heading-m">Review</h2>
              <Form method="post" noValidate onSubmit={form.onSubmit}>
                {/* The return this page showed: a review is refused if it changed since. */}
                <input type="hidden" name="version" value={d.version} />
                <Choices
                  type="radio"
                  name="outcome"
                  legend="What is your review?"
                  legendSize="s"
                  error={form.errors.outcome}
                  checked={form.values.outcome ? [form.values.outcome] : []}
                  items={RETURN_REVIEW_CHOICES.map((c) => ({
                    value: c.value,
                    text: c.text,
                    hint: c.value === "accepted" ? "Payments that wait for this return can then be made." : "The return opens again for the grantee to change.",
                  }))}
                  inputProps={form.register("outcome")}
                />
                <WordCountTextarea
                  name="comments"
                  label="Comments for the grantee"
                  labelSize="s"
                  hint="Needed when you ask for changes: say what to change. The grantee sees these in an email and on their return."
                  maxWords={RETURN_LIMITS.commentsWords}
                  rows={5}
                  error={form.errors.comments}
                  defaultValue={form.values.comments}
                  inputProps={form.register("comments")}
                />
                <Button>Save review</Button>
              </Form>
            </>
          ) : failure?.refused ? (
            <>
              <h2 className="govuk-heading-m">Your review was not saved</h2>
              <p className="govuk-body">{failure.refused}</p>
              <SummaryList
                rows={[
                  { key: "Review", value: RETURN_REVIEW_CHOICES.find((c) => c.value === failure.values.outcome)?.text ?? "None chosen" },
                  { key: "Comments for the grantee", value: <span className="app-pre-line app-wrap-anywhere">{failure.values.comments || "None"}</span> },
                ]}
              />
            </>
          ) : d.closed ? (
            <InsetText>{d.closed}</InsetText>
          ) : null}
        </div>

        <h2 className="govuk-heading-m">History</h2>
        {d.history.length ? <Timeline events={d.history} /> : <p className="govuk-body">Nothing has happened to this return yet.</p>}
      </div>
    </div>
  );
}
