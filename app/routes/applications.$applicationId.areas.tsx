// Who and where, page 1 of 2: the wards and neighbourhoods the project serves.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { and, asc, eq, inArray, or } from "drizzle-orm";
import { ApplicationForm } from "~/components/application";
import { Choices } from "~/components/govuk/form";
import { replaceRows, savePage, type ApplicationFile } from "~/models/applications.server";
import { getPlace } from "~/models/place.server";
import { areasSchema } from "~/schemas/application";
import { intentOf, pageState, requireEditableApplication, respond } from "~/utils/application-page.server";
import { db, schema } from "~/utils/db.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/applications/${params.applicationId}`, text: "Back to your application" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Where your project works", matches);

const shown = (file: ApplicationFile) => [{ question: "Areas it serves", answer: file.areas.map((a) => a.name).join("\n") }];

/** The place itself (its local authority area), its neighbourhoods and its wards: nothing else. */
function areaChoices() {
  const place = getPlace();
  const rows = db
    .select({ id: schema.areas.id, name: schema.areas.name, kind: schema.areas.kind })
    .from(schema.areas)
    .where(
      or(
        inArray(schema.areas.kind, ["neighbourhood", "ward"]),
        place.areaCode ? and(eq(schema.areas.kind, "local_authority"), eq(schema.areas.code, place.areaCode)) : undefined,
      ),
    )
    .orderBy(asc(schema.areas.sortOrder), asc(schema.areas.name))
    .all();
  return {
    whole: rows.filter((r) => r.kind === "local_authority"),
    neighbourhoods: rows.filter((r) => r.kind === "neighbourhood"),
    wards: rows.filter((r) => r.kind === "ward").sort((a, b) => a.name.localeCompare(b.name)),
    placeName: place.name,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableApplication(request, params);
  return json({ page: pageState(file, shown), choices: areaChoices(), areas: file.areas.map((a) => String(a.id)) });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableApplication(request, params);
  const parsed = await parseForm(request, areasSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const c = areaChoices();
  const allowed = new Set([...c.whole, ...c.neighbourhoods, ...c.wards].map((a) => a.id));
  if (parsed.data.areas.some((id) => !allowed.has(id))) {
    return invalid(context, { errors: { areas: "Select areas from the list" }, values: typedValues(parsed.formData) });
  }
  const outcome = savePage({
    user,
    applicationId: file.application.id,
    page: "areas",
    intent: intentOf(parsed.formData),
    seen: String(parsed.formData.get("seen") ?? ""),
    shown,
    write: (tx, current) =>
      replaceRows(tx, schema.applicationAreas, current.application.id, parsed.data.areas.map((areaId) => ({ applicationId: current.application.id, areaId }))),
  });
  return respond(context, outcome, file.application.id, typedValues(parsed.formData));
}

export default function Areas() {
  const data = useLoaderData<typeof loader>();
  const { register, errors, summary, lists, onSubmit } = useGovukForm(areasSchema, { fields: ["areas"], lists: { areas: data.areas } });
    const { whole, neighbourhoods, wards, placeName } = data.choices;
  const items = [
    ...whole.map((a) => ({ value: String(a.id), text: `The whole of ${placeName}`, hint: "Open to people from every ward" })),
    ...neighbourhoods.map((a) => ({ value: String(a.id), text: `${a.name} (neighbourhood)` })),
    ...wards.map((a) => ({ value: String(a.id), text: `${a.name} ward` })),
  ];
  return (
    <ApplicationForm page={data.page} summary={summary} onSubmit={onSubmit}>
      <Choices
        type="checkbox"
        name="areas"
        legend="Where will your project work?"
        isPageHeading
        hint="Select every neighbourhood or ward where the people it serves live. Select all that apply"
        error={errors.areas}
        checked={lists.areas}
        small
        items={items}
        inputProps={register("areas")}
      />
    </ApplicationForm>
  );
}
