// About the project, page 1 of 3: the title and a short summary.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ApplicationForm, WordCountTextarea } from "~/components/application";
import { TextInput } from "~/components/govuk/form";
import { savePage, type ApplicationFile } from "~/models/applications.server";
import { aboutSchema, LIMITS } from "~/schemas/application";
import { schema } from "~/utils/db.server";
import { intentOf, pageState, requireEditableApplication, respond } from "~/utils/application-page.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { typedValues } from "~/utils/forms";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";
import { eq } from "drizzle-orm";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/applications/${params.applicationId}`, text: "Back to your application" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("About your project", matches);

const shown = (file: ApplicationFile) => [
  { question: "Project title", answer: file.application.title ?? "" },
  { question: "Summary", answer: file.application.summary ?? "" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableApplication(request, params);
  return json({ page: pageState(file, shown), title: file.application.title ?? "", summary: file.application.summary ?? "" });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableApplication(request, params);
  const parsed = await parseForm(request, aboutSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const outcome = savePage({
    user,
    applicationId: file.application.id,
    page: "about",
    intent: intentOf(parsed.formData),
    seen: String(parsed.formData.get("seen") ?? ""),
    shown,
    write: (tx) =>
      tx
        .update(schema.applications)
        .set({ title: parsed.data.title || null, summary: parsed.data.summary || null })
        .where(eq(schema.applications.id, file.application.id))
        .run(),
  });
  return respond(context, outcome, file.application.id, typedValues(parsed.formData));
}

export default function About() {
  const data = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(aboutSchema, {
    fields: ["title", "summary"],
    defaults: { title: data.title, summary: data.summary },
  });
  return (
    <ApplicationForm page={data.page} summary={summary} onSubmit={onSubmit}>
      <h1 className="govuk-heading-l">About your project</h1>
      <TextInput
        label="What is your project called?"
        labelSize="m"
        hint={`Up to ${LIMITS.titleChars} characters. For example, "Cooking together in Biscot"`}
        error={errors.title}
        defaultValue={values.title}
        spellCheck
        {...register("title")}
      />
      <WordCountTextarea
        name="summary"
        label="Summarise your project in a sentence or two"
        labelSize="m"
        hint="What you will do, for whom, and why. The panel reads this first."
        maxWords={LIMITS.summaryWords}
        rows={3}
        error={errors.summary}
        defaultValue={values.summary}
        inputProps={register("summary")}
      />
    </ApplicationForm>
  );
}
