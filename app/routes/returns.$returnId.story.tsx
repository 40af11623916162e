// Your story, in the case-study form the Annual Public Health Report uses: project title,
// authors, tell us about your project, what did you do, what have you achieved, what have you
// learnt, acknowledgements, what's next. Each answer has a word guide.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { WordCountTextarea } from "~/components/application";
import { TextInput } from "~/components/govuk/form";
import { ReturnForm } from "~/components/returns";
import { RETURN_PAGE_SHOWN, saveReturnSection } from "~/models/returns.server";
import { RETURN_LIMITS, STORY_FIELDS, storySchema, type StoryField } from "~/schemas/return";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { intentOf, requireEditableReturn, respondReturn, returnPageState } from "~/utils/return-page.server";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/returns/${params.returnId}`, text: "Back to your return" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Your story", matches);

const HINTS: Record<StoryField, string> = {
  projectTitle: `Up to ${RETURN_LIMITS.titleChars} characters`,
  authors: "The names of the people who wrote this, as they should appear if it is published",
  aboutProject: "Who it is for, where, and why it was needed",
  whatDidYouDo: "What happened, who took part and who you worked with",
  whatAchieved: "What changed for people, with a short example or a quote if you have one",
  whatLearnt: "What worked, what did not, and what you would do differently",
  acknowledgements: "Optional. The people and organisations you would like to thank",
  whatsNext: "What happens to the project after this",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableReturn(request, params);
  const values = Object.fromEntries(STORY_FIELDS.map((f) => [f.name, file.ret[f.name] ?? ""])) as Record<StoryField, string>;
  // A first answer to start from: the project's title as the application gave it.
  if (!file.ret.projectTitle && file.award.application.title) values.projectTitle = file.award.application.title;
  return json({ page: returnPageState(file, RETURN_PAGE_SHOWN.story), values });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableReturn(request, params);
  const parsed = await parseForm(request, storySchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const values = Object.fromEntries(STORY_FIELDS.map((f) => [f.name, parsed.data[f.name]])) as Record<StoryField, string>;
  const outcome = saveReturnSection(user, file.ret.id, { section: "story", values }, { intent: intentOf(parsed.formData), seen: String(parsed.formData.get("seen") ?? "") });
  return respondReturn(context, outcome, file.ret.id, typedValues(parsed.formData));
}

export default function Story() {
  const d = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(storySchema, { fields: STORY_FIELDS.map((f) => f.name), defaults: d.values });
  return (
    <ReturnForm page={d.page} heading="Your story" summary={summary} onSubmit={onSubmit} showPeriod={false}>
      <p className="govuk-body">
        Tell the story of your project in your own words, in the case-study form the Annual Public Health Report uses. Plain words are best. If you
        agree, and staff approve it, it can be published for others to learn from.
      </p>
      {STORY_FIELDS.map((f) =>
        "words" in f ? (
          <WordCountTextarea
            key={f.name}
            name={f.name}
            label={f.label}
            labelSize="s"
            hint={`${HINTS[f.name]}. About ${Math.round(f.words / 2)} words is plenty.`}
            maxWords={f.words}
            rows={f.words >= 200 ? 6 : 4}
            error={errors[f.name]}
            defaultValue={values[f.name]}
            inputProps={register(f.name)}
          />
        ) : (
          <TextInput
            key={f.name}
            label={f.label}
            labelSize="s"
            hint={HINTS[f.name]}
            spellCheck={f.name === "projectTitle"}
            error={errors[f.name]}
            defaultValue={values[f.name]}
            {...register(f.name)}
          />
        ),
      )}
    </ReturnForm>
  );
}
