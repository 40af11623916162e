// Change or remove one of a round's own questions. Before any application has started, anything
// can change (the model keeps conditions pointing at earlier questions, and refuses to remove a
// question another depends on). Once one has, the page offers only the question's words and hint;
// the model refuses anything more, whatever is posted. The form carries a fingerprint of the
// question as shown: a change saved meanwhile by someone else is not overwritten (409).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, SummaryList } from "~/components/govuk/content";
import { Button, ErrorSummary, Textarea, TextInput } from "~/components/govuk/form";
import { QuestionDefinitionFields } from "~/components/question-definition-fields";
import { SECTION_TITLES } from "~/models/applications.server";
import { getCycle } from "~/models/intake.server";
import { conditionText, whereAsked } from "~/models/questions";
import {
  clarifyQuestion,
  changeQuestion,
  describeKind,
  questionFingerprint,
  questionFormChoices,
  questionOf,
  questionsLockedMessage,
  removeQuestion,
  roundQuestions,
  type RoundResult,
} from "~/models/round-questions.server";
import { conditionKey, definitionFormValues, QUESTION_FORM_FIELDS, questionDefinitionSchema, questionWordingSchema } from "~/schemas/questions";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { typedValues, type FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}/questions`, text: "Back to the questions" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Change the question “${data.label}”` : "Change the question", matches);

function questionFrom(params: { cycleId?: string; questionId?: string }) {
  const found = getCycle(idParam(params.cycleId));
  const question = found ? questionOf(found.cycle.id, idParam(params.questionId)) : undefined;
  if (!found || !question) throw notFound();
  return { cycle: found.cycle, question };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const { cycle, question } = questionFrom(params);
  const questions = roundQuestions(cycle.id);
  const byId = new Map(questions.map((q) => [q.id, q]));
  const parent = question.conditionQuestionId === null ? undefined : byId.get(question.conditionQuestionId);
  const asked = whereAsked(question, cycle.sections);
  return json({
    cycle: { id: cycle.id, name: cycle.name },
    label: question.label,
    locked: questionsLockedMessage(cycle.id),
    shown: questionFingerprint(question),
    defaults: definitionFormValues(question, conditionKey(question, parent)),
    // The question as it is saved, in words: shown when it cannot change, or was changed meanwhile.
    rules: [
      { key: "The question", value: question.label },
      { key: "Hint", value: question.hint || "None" },
      { key: "Where it is asked", value: SECTION_TITLES[asked] },
      { key: "Kind of answer", value: describeKind(question) },
      { key: "Must it be answered?", value: question.required ? "Yes" : "No, it is optional" },
      { key: "Who may read the answers", value: question.audience === "staff" ? "Staff only" : "The panel and staff" },
      { key: "When it is asked", value: conditionText(question, byId) ?? "Always" },
    ],
    dependents: questions.filter((q) => q.conditionQuestionId === question.id).map((q) => q.label),
    ...questionFormChoices(cycle, question.id),
  });
}

/** A refusal; `stale` when someone else changed the question meanwhile. */
type Failure = FormFailure & { stale?: boolean };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const { cycle, question } = questionFrom(params);
  const back = `/staff/cycles/${cycle.id}/questions`;
  const form = await request.clone().formData();
  const intent = form.get("intent");
  const shown = String(form.get("shown") ?? "");
  const refuse = (result: Extract<RoundResult, { ok: false }>, values: Record<string, string>) => {
    if (result.status === 404) throw notFound();
    context.formHasErrors = true;
    return json<Failure>({ errors: result.errors ?? { form: result.message }, values, stale: result.stale }, { status: result.status });
  };
  if (intent === "remove") {
    const result = removeQuestion(user, cycle.id, question.id);
    return result.ok ? redirect(withNotice(back, "question-removed")) : refuse(result, {});
  }
  if (intent === "clarify") {
    const parsed = await parseForm(request, questionWordingSchema);
    if (!parsed.ok) return invalid(context, parsed.failure);
    const result = clarifyQuestion(user, cycle.id, question.id, parsed.data, shown);
    if (!result.ok) return refuse(result, typedValues(parsed.formData));
    return redirect(withNotice(back, result.changed ? "question-saved" : "question-unchanged"));
  }
  if (intent === "save") {
    const parsed = await parseForm(request, questionDefinitionSchema);
    if (!parsed.ok) return invalid(context, parsed.failure);
    const result = changeQuestion(user, cycle.id, question.id, parsed.data, shown);
    if (!result.ok) return refuse(result, typedValues(parsed.formData));
    return redirect(withNotice(back, result.changed ? "question-saved" : "question-unchanged"));
  }
  throw new Response("Choose whether to save or remove the question.", { status: 400 });
}

export default function ChangeQuestion() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.locked ? <Clarify d={d} /> : <Change d={d} />}
        {failure?.stale ? (
          <>
            <h2 className="govuk-heading-m">The question as it is saved now</h2>
            <SummaryList rows={d.rules.map((r) => ({ key: r.key, value: <span className="app-pre-line">{r.value}</span> }))} />
          </>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/staff/cycles/${d.cycle.id}/questions`}>
            Back to the questions
          </Link>
        </p>
      </div>
    </div>
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function Heading({ d, summary }: { d: Data; summary: { href: string; text: string }[] }) {
  return (
    <>
      <ErrorSummary items={summary.map((i) => (i.href === "#form" ? { ...i, href: "#question" } : i))} />
      <span className="govuk-caption-l">{d.cycle.name}</span>
      <h1 className="govuk-heading-l" id="question" tabIndex={-1}>
        Change the question
      </h1>
    </>
  );
}

/** Before any application: every part of the question, and removing it. */
function Change({ d }: { d: Data }) {
  const { register, errors, summary, values, onSubmit } = useGovukForm(questionDefinitionSchema, { fields: QUESTION_FORM_FIELDS, defaults: d.defaults });
  return (
    <>
      <Heading d={d} summary={summary} />
      <Form method="post" noValidate onSubmit={onSubmit}>
        <input type="hidden" name="shown" value={d.shown} />
        <QuestionDefinitionFields errors={errors} values={values} register={register} sections={d.sections} conditions={d.conditions} />
        <Button name="intent" value="save">
          Save question
        </Button>
      </Form>
      <h2 className="govuk-heading-m">Remove this question</h2>
      {d.dependents.length ? (
        <InsetText>
          It cannot be removed while other questions are asked only after a given answer to it: {d.dependents.map((l) => `“${l}”`).join(", ")}. Change or remove
          those first.
        </InsetText>
      ) : (
        <>
          <p className="govuk-body">Applicants will no longer be asked it.</p>
          <Form method="post">
            <Button name="intent" value="remove" variant="warning">
              Remove question
            </Button>
          </Form>
        </>
      )}
    </>
  );
}

/** Once applications have started: the words and hint only; the rest as it is. */
function Clarify({ d }: { d: Data }) {
  const { register, errors, summary, values, onSubmit } = useGovukForm(questionWordingSchema, {
    fields: ["form", "label", "hint"],
    defaults: { label: d.defaults.label, hint: d.defaults.hint },
  });
  return (
    <>
      <Heading d={d} summary={summary} />
      <InsetText>{d.locked}</InsetText>
      <Form method="post" noValidate onSubmit={onSubmit}>
        <input type="hidden" name="shown" value={d.shown} />
        <TextInput label="The question" labelSize="s" error={errors.label} defaultValue={values.label} spellCheck {...register("label")} />
        <Textarea label="Hint (optional)" labelSize="s" rows={2} error={errors.hint} defaultValue={values.hint} spellCheck {...register("hint")} />
        <Button name="intent" value="clarify">
          Save the words
        </Button>
      </Form>
      <h2 className="govuk-heading-m">What cannot change now</h2>
      <SummaryList rows={d.rules.slice(2).map((r) => ({ key: r.key, value: <span className="app-pre-line">{r.value}</span> }))} />
    </>
  );
}
