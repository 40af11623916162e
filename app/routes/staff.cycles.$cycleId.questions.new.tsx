// Staff add a question to a round: its words, where and when it is asked, the kind of answer and
// its limits or choices, whether it must be answered and who reads the answers. The model checks
// what the form cannot (a section the round asks, an earlier question for the condition, words no
// other question of the round has, optional only once applications have started).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { InsetText } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { QuestionDefinitionFields } from "~/components/question-definition-fields";
import { getCycle } from "~/models/intake.server";
import { addQuestion, applicationsStarted, questionFormChoices } from "~/models/round-questions.server";
import { QUESTION_FORM_FIELDS, questionDefinitionSchema } from "~/schemas/questions";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}/questions`, text: "Back to the questions" }),
};

export const meta: MetaFunction = ({ matches }) => pageTitle("Add a question", matches);

function cycleOf(params: { cycleId?: string }) {
  const found = getCycle(idParam(params.cycleId));
  if (!found) throw notFound();
  return found.cycle;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const cycle = cycleOf(params);
  return json({ cycle: { id: cycle.id, name: cycle.name }, optionalOnly: applicationsStarted(cycle.id), ...questionFormChoices(cycle) });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const cycle = cycleOf(params);
  const parsed = await parseForm(request, questionDefinitionSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = addQuestion(user, cycle.id, parsed.data);
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    return invalid(context, { errors: result.errors ?? { form: result.message }, values: typedValues(parsed.formData) }, result.status);
  }
  return redirect(withNotice(`/staff/cycles/${cycle.id}/questions`, "question-added"));
}

export default function NewQuestion() {
  const d = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(questionDefinitionSchema, {
    fields: QUESTION_FORM_FIELDS,
    defaults: { audience: "panel", condition: "", ...(d.optionalOnly ? { required: "no" } : {}) },
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary.map((i) => (i.href === "#form" ? { ...i, href: "#add-question" } : i))} />
        <span className="govuk-caption-l">{d.cycle.name}</span>
        <h1 className="govuk-heading-l" id="add-question" tabIndex={-1}>
          Add a question
        </h1>
        {d.optionalOnly ? (
          <InsetText>Applications have been started in this round, so a new question must be optional. Once added, only its words can change.</InsetText>
        ) : null}
        <Form method="post" noValidate onSubmit={onSubmit}>
          <QuestionDefinitionFields errors={errors} values={values} register={register} sections={d.sections} conditions={d.conditions} newOptionalOnly={d.optionalOnly} />
          <Button>Add question</Button>
        </Form>
      </div>
    </div>
  );
}
