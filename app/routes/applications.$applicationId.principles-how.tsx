// Marmot principles, page 2 of 2: for each chosen principle, how the project will do it.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { and, eq } from "drizzle-orm";
import { ApplicationForm, WordCountTextarea } from "~/components/application";
import { savePage, type ApplicationFile } from "~/models/applications.server";
import { LIMITS, lowerFirst, principlesHowSchema } from "~/schemas/application";
import { intentOf, pageState, requireEditableApplication, respond } from "~/utils/application-page.server";
import { schema } from "~/utils/db.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/applications/${params.applicationId}/principles` }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("How your project will do this", matches);

const shown = (file: ApplicationFile) => file.principles.map((p) => ({ question: p.name, answer: p.how ?? "" }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableApplication(request, params);
  if (!file.principles.length) throw redirect(`/applications/${file.application.id}/principles`);
  return json({
    page: pageState(file, shown),
    principles: file.principles.map((p) => ({ id: p.id, number: p.number, name: p.name, isPrimary: p.isPrimary, how: p.how ?? "" })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableApplication(request, params);
  const chosen = file.principles;
  const parsed = await parseForm(request, principlesHowSchema(chosen));
  if (!parsed.ok) return invalid(context, parsed.failure);
  const outcome = savePage({
    user,
    applicationId: file.application.id,
    page: "principles-how",
    intent: intentOf(parsed.formData),
    seen: String(parsed.formData.get("seen") ?? ""),
    shown,
    write: (tx, current) => {
      for (const p of current.principles) {
        const how = parsed.data[`how_${p.id}`] as string | undefined;
        if (how === undefined) continue;
        tx.update(schema.applicationPrinciples)
          .set({ how: how || null })
          .where(and(eq(schema.applicationPrinciples.applicationId, current.application.id), eq(schema.applicationPrinciples.principleId, p.id)))
          .run();
      }
    },
  });
  return respond(context, outcome, file.application.id, typedValues(parsed.formData));
}

export default function PrinciplesHow() {
  const data = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(principlesHowSchema(data.principles), {
    fields: data.principles.map((p) => `how_${p.id}`),
    defaults: Object.fromEntries(data.principles.map((p) => [`how_${p.id}`, p.how])),
  });
  return (
    <ApplicationForm page={data.page} summary={summary} onSubmit={onSubmit}>
      <h1 className="govuk-heading-l">How will your project do this?</h1>
      <p className="govuk-body">For each principle you chose, say in a few sentences what your project will do towards it.</p>
      {data.principles.map((p) => (
        <WordCountTextarea
          key={p.id}
          name={`how_${p.id}`}
          label={`${p.isPrimary ? "Main principle" : "Also"}: ${p.number}. ${p.name}`}
          labelSize="s"
          hint={`How will your project ${lowerFirst(p.name)}?`}
          maxWords={LIMITS.howWords}
          rows={4}
          error={errors[`how_${p.id}`]}
          defaultValue={values[`how_${p.id}`]}
          inputProps={register(`how_${p.id}`)}
        />
      ))}
    </ApplicationForm>
  );
}
