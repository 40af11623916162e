// The grantee's view of what the public page of funded projects shows about their project, and
// whether their story is published there; and "Withdraw consent to publish", which takes the
// story off at once (consent is given again in a return). For members of the organisation only:
// staff use the staff case study page.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, SuccessBanner, SummaryList, Tag, WarningText } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { awardForGrantee } from "~/models/awards.server";
import { publicationOf, withdrawConsent } from "~/models/funded-projects.server";
import { withdrawConsentSchema } from "~/schemas/case-study";
import { idParam, requireUser } from "~/utils/auth.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { typedValues, type FormFailure } from "~/utils/forms";
import { parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/awards/${params.awardId}`, text: "Back to your award" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Your story on the public page", matches);

async function grantee(request: Request, params: { awardId?: string }) {
  const user = await requireUser(request);
  const file = awardForGrantee(user, idParam(params.awardId));
  if ("status" in file) throw new Response(file.message, { status: file.status });
  return { user, file };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await grantee(request, params);
  const p = publicationOf(file);
  return json({
    awardId: file.award.id,
    awardStatus: file.award.status,
    reference: file.application.reference,
    title: file.application.title,
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    isListed: p.isListed,
    state: p.state,
    publishedFrom: p.publishedFrom,
    approvedAt: p.approvedAt?.toISOString() ?? null,
    consentedReturns: p.consentedReturns,
    withdrawnAt: p.withdrawnAt?.toISOString() ?? null,
  });
}

type Failure = FormFailure & { refused?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await grantee(request, params);
  const parsed = await parseForm(request, withdrawConsentSchema);
  const fail = (status: number, message: string, formData: FormData) => {
    context.formHasErrors = true;
    return json<Failure>({ errors: {}, values: typedValues(formData), refused: message }, { status });
  };
  if (!parsed.ok) return fail(400, "Use the button on the page to withdraw consent.", parsed.formData);
  const result = withdrawConsent(user, file.award.id);
  if (!result.ok) return fail(result.status, result.message, parsed.formData);
  return redirect(withNotice(`/awards/${file.award.id}/publication`, "consent-withdrawn"));
}

export default function Publication() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const canWithdraw = d.state !== "not_consented";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.notice && !failure ? <SuccessBanner text={d.notice} /> : null}
        <ErrorSummary items={failure?.refused ? [{ href: "#withdraw-consent", text: failure.refused }] : []} />
        <span className="govuk-caption-l app-wrap-anywhere">{[d.reference, d.title].filter(Boolean).join(": ") || "Your award"}</span>
        <h1 className="govuk-heading-l">Your story on the public page</h1>

        <h2 className="govuk-heading-m">What we publish about every funded project</h2>
        <p className="govuk-body">
          Once an offer is accepted, the{" "}
          <Link className="govuk-link" to="/funded-projects">
            public page of funded projects
          </Link>{" "}
          lists the project with:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>the project's title and your organisation's name</li>
          <li>the amount awarded, the programme and the round, and the date of the award</li>
          <li>the Marmot principles the project works towards</li>
          <li>the wards and neighbourhoods it works in</li>
        </ul>
        <p className="govuk-body">
          We never publish your budget, the people in your organisation, the people you work with, or the panel's scores and comments.
        </p>
        <p className="govuk-body">
          {d.isListed ? (
            <Link className="govuk-link" to={`/funded-projects/${d.awardId}`}>
              See your project on the public page
            </Link>
          ) : d.awardStatus === "offered" ? (
            "Your project will be listed once you accept the offer."
          ) : (
            "Your project is not listed, as the award is not going ahead."
          )}
        </p>

        <h2 className="govuk-heading-m">Your story</h2>
        <p className="govuk-body">
          Your story is the case study you write in a return: what you did, what you achieved and what you learnt. We publish it on the public
          page, with your project, only if you give consent to publish in the return and we approve it after accepting the return.
        </p>
        <p className="govuk-body">
          The photos you uploaded with that return are published with your story, each with the description you gave it. The description is
          shown to people who cannot see the photo. Photos without a description, and documents that are not photos, are not published. If you
          withdraw consent, the photos are taken off the public page with the story.
        </p>
        <SummaryList
          rows={[
            {
              key: "Your story",
              value:
                d.state === "published" ? (
                  <>
                    <Tag colour="green">Published</Tag>
                    <span className="govuk-!-display-block govuk-!-margin-top-1">
                      The story from your {(d.publishedFrom ?? "return").toLowerCase()}
                      {d.approvedAt ? `, published on ${formatDate(d.approvedAt)}` : ""}.
                    </span>
                  </>
                ) : d.state === "waiting" ? (
                  <>
                    <Tag colour="blue">Not published yet</Tag>
                    <span className="govuk-!-display-block govuk-!-margin-top-1">
                      You have given consent in your {d.consentedReturns.map((r) => r.title.toLowerCase()).join(" and ")}. We publish the story once we
                      have accepted the return and approved it.
                    </span>
                  </>
                ) : (
                  <>
                    <Tag colour="grey">Not published</Tag>
                    <span className="govuk-!-display-block govuk-!-margin-top-1">
                      {d.withdrawnAt
                        ? `You withdrew consent to publish on ${formatDateTime(d.withdrawnAt)}. Your story is no longer published.`
                        : "You have not given consent to publish your story."}
                    </span>
                  </>
                ),
            },
          ]}
        />
        {d.state === "published" ? (
          <p className="govuk-body">
            <Link className="govuk-link" to={`/funded-projects/${d.awardId}`}>
              Read your story on the public page
            </Link>
          </p>
        ) : null}

        <div id="withdraw-consent" tabIndex={-1}>
          {canWithdraw ? (
            <>
              <h2 className="govuk-heading-m">Withdraw consent to publish</h2>
              <WarningText>
                {d.state === "published"
                  ? "Your story will be taken off the public page straight away."
                  : "We will not publish your story."}{" "}
                To publish it later, give consent again in your next return.
              </WarningText>
              <Form method="post">
                <input type="hidden" name="intent" value="withdraw-consent" />
                <Button variant="warning">Withdraw consent to publish</Button>
              </Form>
            </>
          ) : (
            <InsetText>You can give consent to publish your story in the "Consent to publish" section of a return.</InsetText>
          )}
        </div>
      </div>
    </div>
  );
}
