// Who and where, page 2 of 2: the groups of people the project reaches, and how many people.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { asc, eq } from "drizzle-orm";
import { ApplicationForm } from "~/components/application";
import { Choices, TextInput } from "~/components/govuk/form";
import { replaceRows, savePage, type ApplicationFile } from "~/models/applications.server";
import { groupsSchema } from "~/schemas/application";
import { intentOf, pageState, requireEditableApplication, respond } from "~/utils/application-page.server";
import { db, schema } from "~/utils/db.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/applications/${params.applicationId}/areas` }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Who your project reaches", matches);

const shown = (file: ApplicationFile) => [
  { question: "Groups it reaches", answer: file.groups.map((g) => g.name).join("\n") },
  { question: "People it will reach", answer: file.application.peopleReached === null ? "" : String(file.application.peopleReached) },
];

const allGroups = () => db.select().from(schema.beneficiaryGroups).orderBy(asc(schema.beneficiaryGroups.sortOrder)).all();

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableApplication(request, params);
  return json({
    page: pageState(file, shown),
    groupChoices: allGroups().map((g) => ({ id: g.id, name: g.name })),
    groups: file.groups.map((g) => String(g.id)),
    peopleReached: file.application.peopleReached === null ? "" : String(file.application.peopleReached),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableApplication(request, params);
  const parsed = await parseForm(request, groupsSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const known = new Set(allGroups().map((g) => g.id));
  if (parsed.data.groups.some((id) => !known.has(id))) {
    return invalid(context, { errors: { groups: "Select groups from the list" }, values: typedValues(parsed.formData) });
  }
  const outcome = savePage({
    user,
    applicationId: file.application.id,
    page: "groups",
    intent: intentOf(parsed.formData),
    seen: String(parsed.formData.get("seen") ?? ""),
    shown,
    write: (tx, current) => {
      replaceRows(tx, schema.applicationBeneficiaryGroups, current.application.id, parsed.data.groups.map((groupId) => ({ applicationId: current.application.id, groupId })));
      tx.update(schema.applications).set({ peopleReached: parsed.data.peopleReached }).where(eq(schema.applications.id, current.application.id)).run();
    },
  });
  return respond(context, outcome, file.application.id, typedValues(parsed.formData));
}

export default function Groups() {
  const data = useLoaderData<typeof loader>();
  const { register, errors, summary, values, lists, onSubmit } = useGovukForm(groupsSchema, {
    fields: ["groups", "peopleReached"],
    defaults: { peopleReached: data.peopleReached },
    lists: { groups: data.groups },
  });
    return (
    <ApplicationForm page={data.page} summary={summary} onSubmit={onSubmit}>
      <h1 className="govuk-heading-l">Who will your project reach?</h1>
      <Choices
        type="checkbox"
        name="groups"
        legend="Which groups of people is it for?"
        legendSize="m"
        hint="Select all that apply"
        error={errors.groups}
        checked={lists.groups}
        small
        items={data.groupChoices.map((g) => ({ value: String(g.id), text: g.name }))}
        inputProps={register("groups")}
      />
      <TextInput
        label="About how many people will it reach?"
        labelSize="m"
        hint="Count each person once, over the whole project. An estimate is fine"
        inputMode="numeric"
        width="5"
        error={errors.peopleReached}
        defaultValue={values.peopleReached}
        {...register("peopleReached")}
      />
    </ApplicationForm>
  );
}
