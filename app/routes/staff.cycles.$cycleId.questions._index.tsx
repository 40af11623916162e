// A round's own questions, as staff set them: grouped by where they are asked, in the order
// asked, each with its kind, whether it must be answered, who reads the answers and when it is
// asked; a way to add one, change one, and move one up or down (each move button is a small form
// of its own, so it works without JavaScript). Once applications have started the model refuses
// all but clarifying the words (and adding optional questions), and the page says so.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, SuccessBanner } from "~/components/govuk/content";
import { ErrorSummary } from "~/components/govuk/form";
import { getCycle } from "~/models/intake.server";
import { moveQuestion, questionsLockedMessage, questionsOverview } from "~/models/round-questions.server";
import { moveSchema } from "~/schemas/questions";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import type { FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Questions for ${data.cycle.name}` : "The round's questions", matches);

function cycleOf(params: { cycleId?: string }) {
  const found = getCycle(idParam(params.cycleId));
  if (!found) throw notFound();
  return found.cycle;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const cycle = cycleOf(params);
  return json({
    cycle: { id: cycle.id, name: cycle.name },
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    locked: questionsLockedMessage(cycle.id),
    groups: questionsOverview(cycle),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const cycle = cycleOf(params);
  const parsed = await parseForm(request, moveSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = moveQuestion(user, cycle.id, parsed.data.id, parsed.data.direction);
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    return invalid(context, { errors: { form: result.message } }, result.status);
  }
  return redirect(withNotice(`/staff/cycles/${cycle.id}/questions`, "question-moved"));
}

export default function RoundQuestions() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  const base = `/staff/cycles/${d.cycle.id}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.notice && !failure ? <SuccessBanner text={d.notice} /> : null}
        <ErrorSummary items={failure?.errors.form ? [{ href: "#questions", text: failure.errors.form }] : []} />
        <span className="govuk-caption-l">{d.cycle.name}</span>
        <h1 className="govuk-heading-l" id="questions" tabIndex={-1}>
          The round's own questions
        </h1>
        <p className="govuk-body">
          Questions this round asks besides the usual sections of the application. Each is asked on a page of its own, in the order below:
          after the usual pages of the section it is placed in, or in a task of its own, "Other questions", just before the declaration.
        </p>
        {d.locked ? <InsetText>{d.locked}</InsetText> : null}
        <p className="govuk-body">
          <Link className="govuk-button govuk-!-margin-bottom-0" draggable={false} to={`${base}/questions/new`}>
            Add a question
          </Link>
        </p>
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to={`${base}/preview/application`}>
              Preview the application as applicants will see it
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`${base}/documents`}>
              Documents the round asks for
            </Link>
          </li>
        </ul>
        {d.groups.length === 0 ? <p className="govuk-body">This round asks no questions of its own yet.</p> : null}
        {d.groups.map((g) => (
          <section key={g.section} aria-labelledby={`group-${g.section}`}>
            <h2 className="govuk-heading-m" id={`group-${g.section}`}>
              {g.title}
            </h2>
            {g.questions.map((q) => (
              <div className="govuk-summary-card" key={q.id}>
                <div className="govuk-summary-card__title-wrapper">
                  <h3 className="govuk-summary-card__title">{q.label}</h3>
                  <ul className="govuk-summary-card__actions">
                    <li className="govuk-summary-card__action">
                      <Link className="govuk-link" to={`${base}/questions/${q.id}`}>
                        Change<span className="govuk-visually-hidden"> “{q.label}”</span>
                      </Link>
                    </li>
                    {d.locked
                      ? null
                      : (["up", "down"] as const)
                          .filter((direction) => (direction === "up" ? !q.first : !q.last))
                          .map((direction) => (
                            <li className="govuk-summary-card__action" key={direction}>
                              <Form method="post" className="app-inline-form">
                                <input type="hidden" name="id" value={q.id} />
                                <input type="hidden" name="direction" value={direction} />
                                <button type="submit" className="app-link-button">
                                  Move {direction}
                                  <span className="govuk-visually-hidden"> “{q.label}”</span>
                                </button>
                              </Form>
                            </li>
                          ))}
                  </ul>
                </div>
                <div className="govuk-summary-card__content">
                  <dl className="govuk-summary-list">
                    <Row label="Kind of answer" value={q.kindText} />
                    <Row label="Must it be answered?" value={q.required ? "Yes" : "No, it is optional"} />
                    <Row label="Who may read the answers" value={q.audience === "staff" ? "Staff only" : "The panel and staff"} />
                    <Row label="When it is asked" value={q.condition ?? "Always"} />
                    <Row label="Hint" value={q.hint || "None"} />
                    {q.placedIn ? <Row label="Placed in" value={`${q.placedIn}, which this round does not ask: so it is asked under Other questions`} /> : null}
                  </dl>
                </div>
              </div>
            ))}
          </section>
        ))}
      </div>
    </div>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value app-pre-line">{value}</dd>
    </div>
  );
}
