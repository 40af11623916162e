// The case study of an award, for staff: the stories of its returns that have consent to
// publish, each previewed as it will look on the public page, with "Approve for the public page"
// where it can be (an accepted return, consent given, the story complete, the award accepted),
// and "Withdraw approval", with a reason the organisation is told. The forms carry the award's
// version: if someone changed the award since the page was shown, nothing is saved and the page
// says so. A second click changes nothing and sends no second email.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { WordCountTextarea } from "~/components/application";
import { CaseStudy } from "~/components/case-study";
import { InsetText, SuccessBanner, SummaryList, Tag } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { AWARD_STATUS_TEXT, loadAward, RETURN_STATUS_TEXT } from "~/models/awards.server";
import { approveCaseStudy, caseStudyCandidates, isPublicAward, publishedCaseStudy, withdrawApproval } from "~/models/funded-projects.server";
import { approveCaseStudySchema, CASE_STUDY_LIMITS, withdrawApprovalSchema, withdrawReasonSchema } from "~/schemas/case-study";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { typedValues, type FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";
import { useFreshFormKey, useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/staff/awards/${params.awardId}`, text: "Back to the award" }) };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Case study: ${data.reference ?? "award"}` : "Case study", matches);

function awardOf(params: { awardId?: string }) {
  const file = loadAward(idParam(params.awardId));
  if (!file) throw notFound();
  return file;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const file = awardOf(params);
  const { award } = file;
  const published = publishedCaseStudy(award.id);
  const candidates = caseStudyCandidates(file);
  const approvedReturn = file.returns.find((r) => r.id === award.caseStudyReturnId);
  return json({
    awardId: award.id,
    version: award.version,
    reference: file.application.reference,
    title: file.application.title,
    organisationName: file.organisation.name,
    status: AWARD_STATUS_TEXT[award.status],
    isListed: isPublicAward(award),
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    approval: award.caseStudyReturnId
      ? {
          returnTitle: approvedReturn?.title ?? "a return",
          approvedAt: award.caseStudyApprovedAt?.toISOString() ?? null,
          isPublic: published !== null,
        }
      : null,
    consented: candidates
      .filter((c) => c.consentToPublish || c.isApproved)
      .map(({ photos, ...c }) => ({
        ...c,
        statusText: RETURN_STATUS_TEXT[c.status],
        photos: photos.map((p) => ({ src: `/returns/${c.id}/documents/${p.id}`, alt: p.description })),
      })),
    others: candidates.filter((c) => !c.consentToPublish && !c.isApproved).map((c) => ({ id: c.id, title: c.title, statusText: RETURN_STATUS_TEXT[c.status] })),
  });
}

type Failure = FormFailure & { refused?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const file = awardOf(params);
  const intent = (await request.clone().formData()).get("intent");
  const base = `/staff/awards/${file.award.id}/case-study`;
  const refuse = (status: number, message: string, formData: FormData) => {
    context.formHasErrors = true;
    return json<Failure>({ errors: {}, values: typedValues(formData), refused: message }, { status });
  };
  if (intent === "approve") {
    const parsed = await parseForm(request, approveCaseStudySchema);
    if (!parsed.ok) return refuse(400, "Reload the page and try again.", parsed.formData);
    const result = approveCaseStudy(user, file.award.id, parsed.data.returnId, { version: parsed.data.version });
    if (!result.ok) {
      if (result.status === 404) throw notFound();
      return refuse(result.status, result.message, parsed.formData);
    }
    return redirect(withNotice(base, result.changed ? "case-study-approved" : "case-study-already-approved"));
  }
  if (intent === "withdraw") {
    const parsed = await parseForm(request, withdrawApprovalSchema);
    if (!parsed.ok) return invalid(context, parsed.failure);
    const result = withdrawApproval(user, file.award.id, parsed.data.reason, new Date(), { version: parsed.data.version });
    if (!result.ok) {
      if (result.status === 404) throw notFound();
      if (result.status === 400) return invalid(context, { errors: { [result.field]: result.message }, values: typedValues(parsed.formData) });
      return refuse(result.status, result.message, parsed.formData);
    }
    return redirect(withNotice(base, "case-study-approval-withdrawn"));
  }
  const formData = await request.formData();
  return refuse(400, "Use the buttons on the page.", formData);
}

export default function CaseStudyPage() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const formKey = useFreshFormKey();
  const withdraw = useGovukForm(withdrawReasonSchema, { fields: ["reason"] });
  const items = [...(failure?.refused ? [{ href: "#stories", text: failure.refused }] : []), ...withdraw.summary];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.notice && !failure ? <SuccessBanner text={d.notice} /> : null}
        <ErrorSummary items={items} />
        <span className="govuk-caption-l app-wrap-anywhere">{[d.reference ? `Award ${d.reference}` : "Award", d.title].filter(Boolean).join(": ")}</span>
        <h1 className="govuk-heading-l">Case study</h1>
        <p className="govuk-body">
          A story is published on the{" "}
          <Link className="govuk-link" to="/funded-projects">
            public page of funded projects
          </Link>{" "}
          only if the organisation gave consent in its return, the return is accepted, and you approve it here. The organisation can withdraw
          consent at any time; the story then leaves the public page at once.
        </p>

        <h2 className="govuk-heading-m">On the public page</h2>
        <SummaryList
          rows={[
            { key: "Organisation", value: <span className="app-wrap-anywhere">{d.organisationName}</span> },
            { key: "Award", value: d.status },
            {
              key: "Project",
              value: d.isListed ? (
                <Link className="govuk-link" to={`/funded-projects/${d.awardId}`}>
                  Listed on the public page
                </Link>
              ) : (
                "Not listed: only accepted and completed awards are"
              ),
            },
            {
              key: "Story",
              value: d.approval ? (
                <>
                  <Tag colour={d.approval.isPublic ? "green" : "grey"}>{d.approval.isPublic ? "Published" : "Approved, not shown"}</Tag>
                  <span className="govuk-!-display-block govuk-!-margin-top-1">
                    The story from the {d.approval.returnTitle.toLowerCase()}
                    {d.approval.approvedAt ? `, approved on ${formatDateTime(d.approval.approvedAt)}` : ""}.
                    {d.approval.isPublic ? "" : " It is not shown: the return, its consent or the award has changed since."}
                  </span>
                </>
              ) : (
                <Tag colour="grey">Not published</Tag>
              ),
            },
          ]}
        />

        {d.approval ? (
          <Form method="post" noValidate onSubmit={withdraw.onSubmit} key={`withdraw-${formKey}`}>
            <h2 className="govuk-heading-m">Withdraw approval</h2>
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="version" value={d.version} />
            <WordCountTextarea
              name="reason"
              label="Reason for withdrawing approval"
              labelSize="s"
              hint="The story is taken off the public page at once. We email the reason to the organisation if the story was published."
              maxWords={CASE_STUDY_LIMITS.reasonWords}
              rows={3}
              error={withdraw.errors.reason}
              defaultValue={withdraw.values.reason}
              inputProps={withdraw.register("reason")}
            />
            <Button variant="warning">Withdraw approval</Button>
          </Form>
        ) : null}

        <div id="stories" tabIndex={-1}>
          <h2 className="govuk-heading-m">Stories with consent to publish</h2>
          {d.consented.length === 0 ? (
            <p className="govuk-body">
              No return of this award has consent to publish its story yet. The organisation gives consent in the return's "Consent to publish"
              section.
            </p>
          ) : null}
          {d.consented.map((c) => (
            <section key={c.id} aria-labelledby={`return-${c.id}`} className="govuk-!-margin-bottom-8">
              <h3 className="govuk-heading-m" id={`return-${c.id}`}>
                {c.title} <Tag colour={c.status === "accepted" ? "green" : "grey"}>{c.statusText}</Tag>
              </h3>
              <p className="govuk-body">
                <Link className="govuk-link" to={`/staff/returns/${c.id}`}>
                  Read and review the {c.title.toLowerCase()}
                </Link>
              </p>
              {c.isApproved ? <InsetText>This is the story you approved for the public page.</InsetText> : null}
              {!c.consentToPublish ? <InsetText>The organisation has withdrawn consent to publish this story.</InsetText> : null}
              {/* Not a heading: the story's own title (h4, one below the return's h3) heads the preview, and its parts are h5. */}
              <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-2" id={`preview-${c.id}`}>
                Preview of the story from the {c.title.toLowerCase()}, as it will look on the public page
              </p>
              <div className="app-case-study-preview" role="region" aria-labelledby={`preview-${c.id}`}>
                <CaseStudy story={c.story} photos={c.photos} level={4} />
              </div>
              {c.isApproved ? null : c.whyNot ? (
                <InsetText>{c.whyNot}</InsetText>
              ) : (
                <Form method="post" key={`approve-${c.id}-${formKey}`}>
                  <input type="hidden" name="intent" value="approve" />
                  <input type="hidden" name="returnId" value={c.id} />
                  <input type="hidden" name="version" value={d.version} />
                  {/* The name says which story; an aria-label, as a visually hidden span gets a space before its colon in the accessible name. */}
                  <Button data-prevent-double-click="true" aria-label={`Approve for the public page: the story from the ${c.title.toLowerCase()}`}>
                    Approve for the public page
                  </Button>
                </Form>
              )}
            </section>
          ))}
          {d.others.length ? (
            <>
              <h2 className="govuk-heading-m">Returns without consent to publish</h2>
              <ul className="govuk-list govuk-list--bullet">
                {d.others.map((o) => (
                  <li key={o.id}>
                    {o.title}: {o.statusText.toLowerCase()}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      </div>
    </div>
  );
}
