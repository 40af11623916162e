// Marmot principles, page 1 of 2: the one principle the project does most for, and any others.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { asc, eq } from "drizzle-orm";
import { ApplicationForm } from "~/components/application";
import { Choices } from "~/components/govuk/form";
import { savePage, type ApplicationFile } from "~/models/applications.server";
import { principlesSchema } from "~/schemas/application";
import { intentOf, pageState, requireEditableApplication, respond } from "~/utils/application-page.server";
import { db, schema } from "~/utils/db.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/applications/${params.applicationId}`, text: "Back to your application" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Marmot principles", matches);

const shown = (file: ApplicationFile) => [
  { question: "Main principle", answer: file.principles.filter((p) => p.isPrimary).map((p) => p.name).join("") },
  { question: "Other principles", answer: file.principles.filter((p) => !p.isPrimary).map((p) => p.name).join("\n") },
];

const allPrinciples = () => db.select().from(schema.principles).orderBy(asc(schema.principles.number)).all();

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableApplication(request, params);
  return json({
    page: pageState(file, shown),
    principles: allPrinciples().map((p) => ({ id: p.id, number: p.number, title: p.title })),
    primary: String(file.principles.find((p) => p.isPrimary)?.id ?? ""),
    secondary: file.principles.filter((p) => !p.isPrimary).map((p) => String(p.id)),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableApplication(request, params);
  const parsed = await parseForm(request, principlesSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const known = new Set(allPrinciples().map((p) => p.id));
  const { primary, secondary } = parsed.data;
  if ((primary !== null && !known.has(primary)) || secondary.some((id) => !known.has(id))) {
    return invalid(context, { errors: { primary: "Select principles from the list" }, values: typedValues(parsed.formData) });
  }
  const outcome = savePage({
    user,
    applicationId: file.application.id,
    page: "principles",
    intent: intentOf(parsed.formData),
    seen: String(parsed.formData.get("seen") ?? ""),
    shown,
    write: (tx, current) => {
      // Keep each "how" answer for a principle that stays chosen.
      const how = new Map(current.principles.map((p) => [p.id, p.how]));
      tx.delete(schema.applicationPrinciples).where(eq(schema.applicationPrinciples.applicationId, current.application.id)).run();
      const rows = [
        ...(primary !== null ? [{ principleId: primary, isPrimary: true }] : []),
        ...secondary.map((principleId) => ({ principleId, isPrimary: false })),
      ].map((r) => ({ ...r, applicationId: current.application.id, how: how.get(r.principleId) ?? null }));
      if (rows.length) tx.insert(schema.applicationPrinciples).values(rows).run();
    },
  });
  return respond(context, outcome, file.application.id, typedValues(parsed.formData));
}

export default function Principles() {
  const data = useLoaderData<typeof loader>();
  const { register, errors, summary, values, lists, onSubmit } = useGovukForm(principlesSchema, {
    fields: ["primary", "secondary"],
    defaults: { primary: data.primary },
    lists: { secondary: data.secondary },
  });
  const items = data.principles.map((p) => ({ value: String(p.id), text: `${p.number}. ${p.title}` }));
  return (
    <ApplicationForm page={data.page} summary={summary} onSubmit={onSubmit}>
      <h1 className="govuk-heading-l">Marmot principles</h1>
      <p className="govuk-body">
        The eight Marmot principles are the ways a town can make health fairer. Tell us which your project works towards. You will say how on
        the next page.
      </p>
      <Choices
        type="radio"
        name="primary"
        legend="Which principle will your project do most for?"
        legendSize="m"
        hint="Choose one"
        error={errors.primary}
        checked={values.primary ? [values.primary] : []}
        items={items}
        inputProps={register("primary")}
      />
      <Choices
        type="checkbox"
        name="secondary"
        legend="Which other principles will it also support? (optional)"
        legendSize="m"
        hint="Select all that apply. Leave these blank if none"
        error={errors.secondary}
        checked={lists.secondary}
        items={items}
        inputProps={register("secondary")}
      />
    </ApplicationForm>
  );
}
