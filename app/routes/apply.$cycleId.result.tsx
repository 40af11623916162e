// The answer to the eligibility check: you can apply (and how to start), or you cannot,
// because …, with other open rounds that may suit instead.
import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Panel } from "~/components/govuk/content";
import { PreviewBanner } from "~/components/preview-banner";
import { answersQuery, checkEligibility, nextQuestion, readAnswers, typeAllowed, type EligibilityCycle } from "~/models/eligibility";
import { helpContactFor } from "~/models/contacts.server";
import { getPlace } from "~/models/place.server";
import { getPublicCycle, listProgrammesWithOpenCycles } from "~/models/programmes.server";
import { getCurrentUser, idParam, notFound } from "~/utils/auth.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/apply/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data?.eligible ? "You can apply" : "You cannot apply to this round", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const found = getPublicCycle(idParam(params.cycleId), user);
  if (!found) throw notFound();
  const cycle: EligibilityCycle = { ...found.cycle, placeName: getPlace().name };
  const answers = readAnswers(new URL(request.url).searchParams);
  const missing = nextQuestion(cycle, answers);
  if (missing) throw redirect(`/apply/${found.cycle.id}/check/${missing}?${answersQuery(answers)}`);
  const result = checkEligibility(cycle, answers);
  const start = `/apply/${found.cycle.id}/start?type=${answers.type}`;
  // Other open rounds that take this type of organisation, to try instead.
  const alternatives = listProgrammesWithOpenCycles()
    .flatMap((p) => p.openCycles.map((c) => ({ id: c.id, name: c.name, programmeName: p.name, rules: c.eligibility })))
    .filter((c) => c.id !== found.cycle.id && answers.type && typeAllowed(c.rules, answers.type))
    .map(({ id, name, programmeName }) => ({ id, name, programmeName }));
  return json({
    preview: found.preview,
    helpContact: helpContactFor(found.cycle),
    cycleId: found.cycle.id,
    cycleName: found.cycle.name,
    eligible: result.eligible,
    reasons: result.eligible ? [] : result.reasons,
    signedIn: Boolean(user),
    start,
    alternatives,
    firstQuestion: `/apply/${found.cycle.id}/check/type?${answersQuery(answers)}`,
  });
}

export default function EligibilityResult() {
  const d = useLoaderData<typeof loader>();
  if (d.eligible) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {d.preview ? <PreviewBanner cycleId={d.cycleId} /> : null}
          <Panel title="You can apply">to {d.cycleName}</Panel>
          <h2 className="govuk-heading-m">What happens next</h2>
          <p className="govuk-body">
            You will give your organisation's details, then answer the application's questions in short sections. You can save
            your answers and come back to them at any time before the round closes.
          </p>
          {d.preview ? (
            <p className="govuk-body">
              In a preview nothing is started.{" "}
              <Link className="govuk-link" to={`/staff/cycles/${d.cycleId}/preview/application`}>
                Preview the application's questions
              </Link>
            </p>
          ) : d.signedIn ? (
            <Link to={d.start} role="button" draggable="false" className="govuk-button" data-module="govuk-button">
              Continue
            </Link>
          ) : (
            <>
              <p className="govuk-body">You need an account to apply. It is free, and you only need an email address.</p>
              <div className="govuk-button-group">
                <Link to={`/sign-up?redirectTo=${encodeURIComponent(d.start)}`} role="button" draggable="false" className="govuk-button" data-module="govuk-button">
                  Create an account
                </Link>
                <Link className="govuk-link" to={`/sign-in?redirectTo=${encodeURIComponent(d.start)}`}>
                  I already have an account
                </Link>
              </div>
            </>
          )}
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.preview ? <PreviewBanner cycleId={d.cycleId} /> : null}
        <h1 className="govuk-heading-l">You cannot apply to this round</h1>
        <p className="govuk-body">You cannot apply to {d.cycleName}, because:</p>
        <ul className="govuk-list govuk-list--bullet">
          {d.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
        <h2 className="govuk-heading-m">What you can do</h2>
        {d.alternatives.length ? (
          <>
            <p className="govuk-body">These rounds are open to your type of organisation:</p>
            <ul className="govuk-list">
              {d.alternatives.map((a) => (
                <li key={a.id}>
                  <Link className="govuk-link" to={`/apply/${a.id}`}>
                    {a.name}
                  </Link>{" "}
                  ({a.programmeName})
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="govuk-body">No other round open now takes your type of organisation.</p>
        )}
        <p className="govuk-body">
          If you gave a wrong answer, <Link className="govuk-link" to={d.firstQuestion}>change your answers</Link>.
        </p>
        <p className="govuk-body">
          You could also work with a partner organisation that can apply, or ask us about other funding:{" "}
          <Link className="govuk-link" to="/accessibility#contact">contact the team</Link>.
        </p>
      </div>
    </div>
  );
}
