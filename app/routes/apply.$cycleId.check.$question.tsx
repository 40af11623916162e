// The eligibility check, one question per page. Nothing is stored and no account is needed:
// the answers so far travel in the address, so "Back" and refreshing both work.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button, Choices, ErrorSummary } from "~/components/govuk/form";
import {
  answerSchemas,
  answersQuery,
  ELIGIBILITY_QUESTIONS,
  nextQuestion,
  questionsFor,
  questionText,
  readAnswers,
  type EligibilityCycle,
  type EligibilityQuestion,
} from "~/models/eligibility";
import { helpContactFor } from "~/models/contacts.server";
import { getPlace } from "~/models/place.server";
import { getPublicCycle } from "~/models/programmes.server";
import { ORGANISATION_TYPES } from "~db/schema";
import { getCurrentUser, idParam, notFound } from "~/utils/auth.server";
import { PreviewBanner } from "~/components/preview-banner";
import { invalid, parseForm } from "~/utils/forms.server";
import { ORGANISATION_TYPE_LABELS } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ data }) => (data as { back?: string } | undefined)?.back ? { to: (data as { back: string }).back } : null,
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.legend ?? "Can you apply?", matches);

async function load(request: Request, params: { cycleId?: string; question?: string }) {
  // Staff may walk through a draft's check as a preview: it stores nothing anyway.
  const found = getPublicCycle(idParam(params.cycleId), await getCurrentUser(request));
  const question = params.question as EligibilityQuestion;
  if (!found || !ELIGIBILITY_QUESTIONS.includes(question)) throw notFound();
  const cycle: EligibilityCycle = { ...found.cycle, placeName: getPlace().name };
  if (!questionsFor(cycle).includes(question)) throw notFound();
  return { found, cycle, question };
}

const schemaFor = (q: EligibilityQuestion) => z.object({ answer: answerSchemas[q] });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { found, cycle, question } = await load(request, params);
  const answers = readAnswers(new URL(request.url).searchParams);
  const asked = questionsFor(cycle);
  const index = asked.indexOf(question);
  const previous = asked[index - 1];
  const earlier = { ...answers };
  for (const q of asked.slice(index)) delete earlier[q];
  const query = answersQuery(earlier);
  return json({
    cycleId: found.cycle.id,
    preview: found.preview,
    helpContact: helpContactFor(found.cycle),
    cycleName: found.cycle.name,
    question,
    ...questionText(question, cycle),
    answer: answers[question] ?? "",
    query: answersQuery(answers),
    step: index + 1,
    steps: asked.length,
    back: previous ? `/apply/${found.cycle.id}/check/${previous}?${query}` : `/apply/${found.cycle.id}`,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { found, cycle, question } = await load(request, params);
  const parsed = await parseForm(request, schemaFor(question));
  if (!parsed.ok) return invalid(context, parsed.failure);
  const answers = { ...readAnswers(new URL(request.url).searchParams), [question]: parsed.data.answer };
  const next = nextQuestion(cycle, answers);
  const base = `/apply/${found.cycle.id}`;
  return redirect(next ? `${base}/check/${next}?${answersQuery(answers)}` : `${base}/result?${answersQuery(answers)}`);
}

export default function EligibilityQuestionPage() {
  const d = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(schemaFor(d.question), {
    fields: ["answer"],
    defaults: { answer: d.answer },
  });
  const items =
    d.question === "type"
      ? ORGANISATION_TYPES.map((t) => ({ value: t, text: ORGANISATION_TYPE_LABELS[t]! }))
      : [
          { value: "yes", text: "Yes" },
          { value: "no", text: "No" },
        ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.preview ? <PreviewBanner cycleId={d.cycleId} /> : null}
        <ErrorSummary items={summary} />
        <span className="govuk-caption-l">
          {d.cycleName}: question {d.step} of {d.steps}
        </span>
        <Form method="post" action={`?${d.query}`} noValidate onSubmit={onSubmit} key={d.question}>
          <Choices
            type="radio"
            name="answer"
            legend={d.legend}
            hint={d.hint}
            isPageHeading
            items={items}
            inline={d.question !== "type"}
            error={errors.answer}
            checked={values.answer ? [values.answer] : []}
            inputProps={register("answer")}
          />
          <Button>Continue</Button>
        </Form>
      </div>
    </div>
  );
}
