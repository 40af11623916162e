// Results: for each output and outcome the application planned (its logic model), the actual
// value against the target, with an optional note.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { WordCountTextarea } from "~/components/application";
import { TextInput } from "~/components/govuk/form";
import { ReturnForm } from "~/components/returns";
import { RETURN_PAGE_SHOWN, saveReturnSection } from "~/models/returns.server";
import { resultLabel, resultsSchema, RETURN_LIMITS } from "~/schemas/return";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { intentOf, requireEditableReturn, respondReturn, returnPageState } from "~/utils/return-page.server";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/returns/${params.returnId}`, text: "Back to your return" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Results", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableReturn(request, params);
  return json({
    page: returnPageState(file, RETURN_PAGE_SHOWN.results),
    items: file.planned.map((i) => ({ ...i, label: resultLabel(i), target: i.target === null ? null : i.target.toLocaleString("en-GB") })),
    values: Object.fromEntries(
      file.planned.flatMap((i) => [
        [`actual_${i.id}`, file.results[i.id]?.actual?.toString() ?? ""],
        [`note_${i.id}`, file.results[i.id]?.note ?? ""],
      ]),
    ) as Record<string, string>,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableReturn(request, params);
  const parsed = await parseForm(request, resultsSchema(file.planned));
  if (!parsed.ok) return invalid(context, parsed.failure);
  const data = parsed.data as Record<string, unknown>;
  const outcome = saveReturnSection(
    user,
    file.ret.id,
    {
      section: "results",
      items: Object.fromEntries(file.planned.map((i) => [i.id, { actual: data[`actual_${i.id}`] as number | null, note: (data[`note_${i.id}`] as string) ?? "" }])),
    },
    { intent: intentOf(parsed.formData), seen: String(parsed.formData.get("seen") ?? "") },
  );
  return respondReturn(context, outcome, file.ret.id, typedValues(parsed.formData));
}

export default function Results() {
  const d = useLoaderData<typeof loader>();
  const fields = d.items.flatMap((i) => [`actual_${i.id}`, `note_${i.id}`]);
  const { register, errors, summary, values, onSubmit } = useGovukForm(resultsSchema(d.items), { fields, defaults: d.values });
  return (
    <ReturnForm page={d.page} heading="Results" summary={summary} onSubmit={onSubmit}>
      <p className="govuk-body">For each output and outcome in your application, give the actual value, measured as you said you would.</p>
      {d.items.length ? (
        d.items.map((i) => (
          <div className="app-criterion" key={i.id}>
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              {i.kind === "output" ? "Output" : "Outcome"}: {i.description}
            </h2>
            <p className="govuk-body">
              {i.measure ? `Measure: ${i.measure}. ` : ""}
              {i.target !== null ? `Target: ${i.target}.` : "No target was set."}
            </p>
            <TextInput
              label={`Actual value for ${i.label}`}
              hint="A number, like 35"
              inputMode="decimal"
              width="5"
              spellCheck={false}
              autoComplete="off"
              error={errors[`actual_${i.id}`]}
              defaultValue={values[`actual_${i.id}`]}
              {...register(`actual_${i.id}`)}
            />
            <WordCountTextarea
              name={`note_${i.id}`}
              label={`Note about ${i.label} (optional)`}
              hint="For example, how you measured it, or why it is above or below the target"
              maxWords={RETURN_LIMITS.noteWords}
              rows={3}
              error={errors[`note_${i.id}`]}
              defaultValue={values[`note_${i.id}`]}
              inputProps={register(`note_${i.id}`)}
            />
          </div>
        ))
      ) : (
        <p className="govuk-body">Your application planned no outputs or outcomes, so there is nothing to fill in here.</p>
      )}
    </ReturnForm>
  );
}
