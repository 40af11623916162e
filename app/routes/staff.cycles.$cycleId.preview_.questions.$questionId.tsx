// Staff preview one of the round's own questions: the same page component applicants get, and
// the same check of an answer (questionAnswerSchema). Posting an answer says what is wrong with
// it, in the GOV.UK error summary, or that it would be accepted. Nothing is ever saved.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, NotificationBanner } from "~/components/govuk/content";
import { Button, ButtonGroup, ErrorSummary } from "~/components/govuk/form";
import { QuestionField, useQuestionForm } from "~/components/question-field";
import { helpContactFor } from "~/models/contacts.server";
import { getCycle } from "~/models/intake.server";
import { conditionText, definitionOf, inAskedOrder } from "~/models/questions";
import { questionOf, roundQuestions } from "~/models/round-questions.server";
import { answerFormValues, questionAnswerSchema } from "~/schemas/questions";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { typedValues, type FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}/preview/application`, text: "Back to the preview of the application" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Preview: ${data.question.label}` : "Preview a question", matches);

const ACCEPTED = "This answer would be accepted. Nothing has been saved.";

function questionFrom(params: { cycleId?: string; questionId?: string }) {
  const found = getCycle(idParam(params.cycleId));
  const question = found ? questionOf(found.cycle.id, idParam(params.questionId)) : undefined;
  if (!found || !question) throw notFound();
  return { cycle: found.cycle, question };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const { cycle, question } = questionFrom(params);
  const order = inAskedOrder(cycle.sections, roundQuestions(cycle.id));
  const at = order.findIndex((q) => q.id === question.id);
  return json({
    cycle: { id: cycle.id, name: cycle.name },
    question: definitionOf(question),
    condition: conditionText(question, new Map(order.map((q) => [q.id, q]))),
    next: order[at + 1] ? { id: order[at + 1]!.id, label: order[at + 1]!.label } : null,
    // The page as applicants first see it: no answer yet.
    saved: answerFormValues(question, null),
    helpContact: helpContactFor(cycle),
  });
}

type Outcome = FormFailure & { accepted?: boolean };

export async function action({ request, params, context }: ActionFunctionArgs) {
  await requireRole(request, "staff");
  const { question } = questionFrom(params);
  const parsed = await parseForm(request, questionAnswerSchema(question));
  if (!parsed.ok) return invalid(context, parsed.failure);
  // Checked, and thrown away.
  return json<Outcome>({ errors: {}, values: typedValues(parsed.formData), accepted: true });
}

export default function PreviewQuestionPage() {
  // "Next question" stays on this route: a new form for each question.
  return <PreviewQuestion key={useLoaderData<typeof loader>().question.id} />;
}

function PreviewQuestion() {
  const d = useLoaderData<typeof loader>();
  const outcome = useActionData<Outcome>();
  const form = useQuestionForm(d.question, d.saved);
  const base = `/staff/cycles/${d.cycle.id}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={form.summary} />
        {outcome?.accepted && !form.summary.length ? (
          <NotificationBanner title="Preview" success>
            <p className="govuk-notification-banner__heading">{ACCEPTED}</p>
          </NotificationBanner>
        ) : null}
        <InsetText>
          Preview of {d.cycle.name}: this is the page applicants will see. Try an answer to see how it is checked. Nothing is saved.
          {d.condition ? ` ${d.condition}.` : ""}
        </InsetText>
        <span className="govuk-caption-l">Your project title, your organisation</span>
        <Form method="post" noValidate onSubmit={form.onSubmit}>
          <QuestionField question={d.question} form={form} />
          <ButtonGroup>
            <Button name="intent" value="continue">
              Save and continue
            </Button>
            <Button name="intent" value="later" variant="secondary">
              Save and come back later
            </Button>
          </ButtonGroup>
        </Form>
        <ul className="govuk-list">
          {d.next ? (
            <li>
              <Link className="govuk-link" to={`${base}/preview/questions/${d.next.id}`}>
                Next question: {d.next.label}
              </Link>
            </li>
          ) : null}
          <li>
            <Link className="govuk-link" to={`${base}/preview/application`}>
              Back to the preview of the application
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`${base}/questions/${d.question.id}`}>
              Change this question
            </Link>
          </li>
        </ul>
      </div>
    </div>
  );
}
