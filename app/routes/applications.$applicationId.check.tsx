// Check your answers, then submit. The server refuses unless every section is complete, the
// organisation's details are, and the round is open (to the second). Submitting twice makes
// one submission.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AnswerCards } from "~/components/application";
import { InsetText, WarningText } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { allProblems, answerGroups, organisationRows, submitApplication } from "~/models/applications.server";
import { nextOrganisationPage } from "~/models/organisations.server";
import { requireApplication, requireEditableApplication } from "~/utils/application-page.server";
import { formatDeadline } from "~/utils/format";
import { pageTitle, type RouteHandle } from "~/utils/meta";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/applications/${params.applicationId}`, text: "Back to your application" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Check your answers before submitting your application", matches);

type Missing = { href: string; text: string };

function missingOf(file: Parameters<typeof allProblems>[0]): Missing[] {
  const base = `/applications/${file.application.id}`;
  const org = nextOrganisationPage(file.organisation);
  return [
    ...(org ? [{ href: `/organisations/${file.organisation.id}/${org}`, text: "Give your organisation's address and contact details" }] : []),
    ...allProblems(file).map((p) => ({ href: `${base}/${p.page}${p.field ? `#${p.field}` : ""}`, text: p.text })),
  ];
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableApplication(request, params);
  return json({
    id: file.application.id,
    cycleName: file.cycle.name,
    closesAt: file.cycle.closesAt.toISOString(),
    resubmitting: file.application.status === "returned",
    missing: missingOf(file),
    organisationId: file.organisation.id,
    organisation: organisationRows(file).map((r) => ({ ...r, page: "" })),
    groups: answerGroups(file),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireApplication(request, params);
  // A second click after the first went through: show what happened, do nothing again.
  if (file.application.status === "submitted" && file.application.reference) {
    return redirect(`/applications/${file.application.id}/submitted`);
  }
  const org = nextOrganisationPage(file.organisation);
  if (org) {
    context.formHasErrors = true;
    return json({ missing: missingOf(file), message: null as string | null }, { status: 400 });
  }
  const result = submitApplication(user, file.application.id);
  if (result.ok) return redirect(`/applications/${file.application.id}/submitted`);
  context.formHasErrors = true;
  if (result.kind === "incomplete") return json({ missing: missingOf(file), message: null as string | null }, { status: 400 });
  return json({ missing: [] as Missing[], message: result.message as string | null }, { status: 409 });
}

export default function CheckAnswers() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const missing = failure?.missing?.length ? failure.missing : d.missing;
  const summary = failure?.message ? [{ href: "#submit", text: failure.message }] : failure ? missing : [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <span className="govuk-caption-l">{d.cycleName}</span>
        <h1 className="govuk-heading-l">Check your answers before submitting your application</h1>
        {missing.length ? (
          <>
            <WarningText>You cannot submit yet. Some answers are missing.</WarningText>
            <ul className="govuk-list govuk-list--bullet">
              {missing.map((m) => (
                <li key={m.href + m.text}>
                  <Link className="govuk-link" to={m.href}>
                    {m.text}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <div className="govuk-summary-card">
          <div className="govuk-summary-card__title-wrapper">
            <h2 className="govuk-summary-card__title">Your organisation</h2>
            <ul className="govuk-summary-card__actions">
              <li className="govuk-summary-card__action">
                <Link className="govuk-link" to={`/organisations/${d.organisationId}`}>
                  Change<span className="govuk-visually-hidden"> your organisation</span>
                </Link>
              </li>
            </ul>
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              {d.organisation.map((r) => (
                <div className="govuk-summary-list__row" key={r.question}>
                  <dt className="govuk-summary-list__key">{r.question}</dt>
                  <dd className="govuk-summary-list__value app-pre-line">{r.answer}</dd>
                </div>
              ))}
            </dl>
          </div>
        </div>
        <AnswerCards groups={d.groups} changeBase={`/applications/${d.id}`} />
        <h2 className="govuk-heading-m">Now send your application</h2>
        <p className="govuk-body">
          By submitting this application you confirm that, to the best of your knowledge, the details you are providing are correct.
        </p>
        <InsetText>
          The round closes at {formatDeadline(d.closesAt)}. After you submit, you cannot change your answers unless staff return the
          application to you.
        </InsetText>
        <Form method="post">
          <Button id="submit" data-prevent-double-click="true">
            {d.resubmitting ? "Submit changes" : "Submit application"}
          </Button>
        </Form>
      </div>
    </div>
  );
}
