// Declarations: the person applying confirms each statement. Recorded with who and when.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { ApplicationForm } from "~/components/application";
import { Choices } from "~/components/govuk/form";
import { savePage } from "~/models/applications.server";
import { DECLARATIONS, declarationsSchema } from "~/schemas/application";
import { intentOf, pageState, requireEditableApplication, respond } from "~/utils/application-page.server";
import { schema } from "~/utils/db.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/applications/${params.applicationId}`, text: "Back to your application" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Declarations", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableApplication(request, params);
  return json({
    page: pageState(file),
    organisationName: file.organisation.name,
    confirmed: file.application.declarationsAcceptedAt ? DECLARATIONS.map((_, i) => String(i)) : [],
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableApplication(request, params);
  const parsed = await parseForm(request, declarationsSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const all = DECLARATIONS.every((_, i) => parsed.data.confirm.includes(String(i)));
  const outcome = savePage({
    user,
    applicationId: file.application.id,
    page: "declarations",
    intent: intentOf(parsed.formData),
    seen: null,
    write: (tx, current) =>
      tx
        .update(schema.applications)
        .set(all ? { declarationsAcceptedAt: new Date(), declarationsAcceptedById: user.id } : { declarationsAcceptedAt: null, declarationsAcceptedById: null })
        .where(eq(schema.applications.id, current.application.id))
        .run(),
  });
  return respond(context, outcome, file.application.id, typedValues(parsed.formData));
}

export default function Declarations() {
  const data = useLoaderData<typeof loader>();
  const { register, errors, summary, lists, onSubmit } = useGovukForm(declarationsSchema, {
    fields: ["confirm"],
    lists: { confirm: data.confirmed },
  });
  return (
    <ApplicationForm page={data.page} summary={summary} onSubmit={onSubmit}>
      <Choices
        type="checkbox"
        name="confirm"
        legend="Declarations"
        isPageHeading
        hint={`On behalf of ${data.organisationName}, confirm each statement`}
        error={errors.confirm}
        checked={lists.confirm}
        items={DECLARATIONS.map((text, i) => ({ value: String(i), text }))}
        inputProps={register("confirm")}
      />
    </ApplicationForm>
  );
}
