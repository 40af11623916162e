// About the project, page 2 of 3: the full description.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { ApplicationForm, WordCountTextarea } from "~/components/application";
import { savePage, type ApplicationFile } from "~/models/applications.server";
import { descriptionSchema, LIMITS } from "~/schemas/application";
import { intentOf, pageState, requireEditableApplication, respond } from "~/utils/application-page.server";
import { schema } from "~/utils/db.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/applications/${params.applicationId}/about` }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Describe your project", matches);

const shown = (file: ApplicationFile) => [{ question: "Description", answer: file.application.description ?? "" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableApplication(request, params);
  return json({ page: pageState(file, shown), description: file.application.description ?? "" });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableApplication(request, params);
  const parsed = await parseForm(request, descriptionSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const outcome = savePage({
    user,
    applicationId: file.application.id,
    page: "description",
    intent: intentOf(parsed.formData),
    seen: String(parsed.formData.get("seen") ?? ""),
    shown,
    write: (tx) =>
      tx.update(schema.applications).set({ description: parsed.data.description || null }).where(eq(schema.applications.id, file.application.id)).run(),
  });
  return respond(context, outcome, file.application.id, typedValues(parsed.formData));
}

export default function Description() {
  const data = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(descriptionSchema, {
    fields: ["description"],
    defaults: { description: data.description },
  });
  return (
    <ApplicationForm page={data.page} summary={summary} onSubmit={onSubmit}>
      <WordCountTextarea
        name="description"
        label="Describe your project"
        isPageHeading
        hint={
          <>
            <p className="govuk-body govuk-hint">Tell the panel:</p>
            <ul className="govuk-list govuk-list--bullet govuk-hint">
              <li>the problem or need your project responds to, and how you know</li>
              <li>what you will do, and how often</li>
              <li>why your organisation is the right one to do it</li>
            </ul>
            <p className="govuk-body govuk-hint">Write in your own words. Short sentences are fine.</p>
          </>
        }
        maxWords={LIMITS.descriptionWords}
        rows={12}
        error={errors.description}
        defaultValue={values.description}
        inputProps={register("description")}
      />
    </ApplicationForm>
  );
}
