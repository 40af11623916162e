// About the project, page 3 of 3: when it starts and ends (GOV.UK date inputs).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { ApplicationForm } from "~/components/application";
import { DateInput } from "~/components/govuk/date-input";
import { savePage, type ApplicationFile } from "~/models/applications.server";
import { datesSchema } from "~/schemas/application";
import { intentOf, pageState, requireEditableApplication, respond } from "~/utils/application-page.server";
import { schema } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/applications/${params.applicationId}/description` }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("When will your project run?", matches);

const shown = (file: ApplicationFile) => [
  { question: "Start date", answer: file.application.startDate ? formatDate(file.application.startDate) : "" },
  { question: "End date", answer: file.application.endDate ? formatDate(file.application.endDate) : "" },
];

const parts = (iso: string | null, prefix: string) => {
  const [y, m, d] = iso ? iso.split("-") : ["", "", ""];
  return { [`${prefix}Day`]: d ? String(Number(d)) : "", [`${prefix}Month`]: m ? String(Number(m)) : "", [`${prefix}Year`]: y ?? "" };
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableApplication(request, params);
  return json({ page: pageState(file, shown), defaults: { ...parts(file.application.startDate, "start"), ...parts(file.application.endDate, "end") } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableApplication(request, params);
  const parsed = await parseForm(request, datesSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const outcome = savePage({
    user,
    applicationId: file.application.id,
    page: "dates",
    intent: intentOf(parsed.formData),
    seen: String(parsed.formData.get("seen") ?? ""),
    shown,
    write: (tx) =>
      tx
        .update(schema.applications)
        .set({ startDate: parsed.data.startDate, endDate: parsed.data.endDate })
        .where(eq(schema.applications.id, file.application.id))
        .run(),
  });
  return respond(context, outcome, file.application.id, typedValues(parsed.formData));
}

export default function Dates() {
  const data = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(datesSchema, {
    fields: ["startDay", "endDay"],
    defaults: data.defaults,
  });
  return (
    <ApplicationForm page={data.page} summary={summary} onSubmit={onSubmit}>
      <h1 className="govuk-heading-l">When will your project run?</h1>
      <DateInput prefix="start" legend="Start date" hint="For example, 1 4 2027" error={errors.startDay} values={values} register={register} />
      <DateInput prefix="end" legend="End date" hint="For example, 31 3 2028" error={errors.endDay} values={values} register={register} />
    </ApplicationForm>
  );
}
