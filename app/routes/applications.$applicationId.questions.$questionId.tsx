// One of the round's own questions, one per page (GOV.UK "one thing per page"): the question is
// the page's heading, the answer is checked from the question's definition (the same check in
// the browser and here), and "Save and continue" goes to the next page asked. A question asked
// only after a given earlier answer is not shown while that answer is not given.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ApplicationForm } from "~/components/application";
import { QuestionField, useQuestionForm } from "~/components/question-field";
import { pagesOf, questionPage, sectionOfPage, type ApplicationFile } from "~/models/applications.server";
import { helpContactFor } from "~/models/contacts.server";
import { definitionOf } from "~/models/questions";
import { askedOf, questionOfApplication, saveAnswer, shownAnswer } from "~/models/round-questions.server";
import { answerFormValues, questionAnswerSchema } from "~/schemas/questions";
import { intentOf, pageState, requireEditableApplication, respond } from "~/utils/application-page.server";
import { idParam, notFound } from "~/utils/auth.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useFreshFormKey } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params, data }) => ({ to: (data as { back?: string } | undefined)?.back ?? `/applications/${params.applicationId}` }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.question.label ?? "Question", matches);

function questionFrom(file: ApplicationFile, questionId: string | undefined) {
  const question = questionOfApplication(file, idParam(questionId));
  if (!question) throw notFound();
  return question;
}

/** The page before this one in its section, or the task list. */
function previousPage(file: ApplicationFile, page: string) {
  const section = sectionOfPage(page, file);
  const pages = section ? pagesOf(file, section) : [];
  const before = pages[pages.indexOf(page) - 1];
  return `/applications/${file.application.id}${before ? `/${before}` : ""}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableApplication(request, params);
  const question = questionFrom(file, params.questionId);
  // Not asked now (an earlier answer means it does not apply): the task list shows what is.
  if (!askedOf(file, question)) throw redirect(`/applications/${file.application.id}`);
  return json({
    page: pageState(file, shownAnswer(question.id)),
    question: definitionOf(question),
    saved: answerFormValues(question, file.answers[question.id]),
    back: previousPage(file, questionPage(question.id)),
    helpContact: helpContactFor(file.cycle),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableApplication(request, params);
  const question = questionFrom(file, params.questionId);
  const parsed = await parseForm(request, questionAnswerSchema(question));
  if (!parsed.ok) return invalid(context, parsed.failure);
  const outcome = saveAnswer({
    user,
    applicationId: file.application.id,
    questionId: question.id,
    intent: intentOf(parsed.formData),
    seen: String(parsed.formData.get("seen") ?? ""),
    value: parsed.data.value,
  });
  return respond(context, outcome, file.application.id, typedValues(parsed.formData));
}

export default function QuestionPage() {
  // "Save and continue" to the next question stays on this route: a fresh form for each page
  // arrived at, but not when the server answers with errors (what was typed stays).
  return <Question key={useFreshFormKey()} />;
}

function Question() {
  const data = useLoaderData<typeof loader>();
  const form = useQuestionForm(data.question, data.saved);
  return (
    <ApplicationForm page={data.page} summary={form.summary} onSubmit={form.onSubmit}>
      <QuestionField question={data.question} form={form} />
    </ApplicationForm>
  );
}
