// Enter or correct a value by hand, for any area (wards, England, the region, the place, its
// statistical neighbours). The same area, period and sex replaces what is stored. A blank value
// is missing (stored as no value, never 0), and then a note saying why is required.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button, Choices, ErrorSummary, Select, Textarea, TextInput } from "~/components/govuk/form";
import { enterValue, getIndicator, getValue, listAreasForValues, AREA_KIND_GROUPS } from "~/models/indicators.server";
import { SEXES, valueSchema } from "~/schemas/indicator";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useFreshFormKey, useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/indicators/${params.indicatorId}`, text: "Back to the indicator" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `${data.correcting ? "Correct" : "Enter"} a value: ${data.indicator.name}` : "Enter a value", matches);

const FIELDS = ["areaId", "period", "periodSortable", "sex", "value", "valueNote", "source"] as const;
const valueQuery = z.object({ value: z.string().regex(/^\d{1,9}$/).transform(Number).optional().catch(undefined) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const found = getIndicator(idParam(params.indicatorId));
  if (!found) throw notFound();
  const { value: valueId } = valueQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  // "Change" on a value: the form starts with it (another indicator's value, or none: a blank form).
  const existing = valueId ? getValue(found.indicator.id, valueId) : null;
  const sortable = existing?.periodSortable ?? null;
  return json({
    indicator: { id: found.indicator.id, name: found.indicator.name, unit: found.indicator.unit },
    correcting: Boolean(existing),
    valueId: existing?.id ?? null,
    breakdown: existing && (existing.age !== "All ages" || existing.categoryType || existing.category) ? [existing.age, existing.categoryType, existing.category].filter(Boolean).join(", ") : null,
    areas: listAreasForValues().map((a) => ({ id: a.id, name: a.name, group: AREA_KIND_GROUPS[a.kind] ?? "Other areas" })),
    defaults: existing
      ? {
          areaId: String(existing.areaId),
          period: existing.period,
          periodSortable: sortable === null ? "" : sortable % 10000 === 0 ? String(sortable / 10000) : String(sortable),
          sex: (SEXES as readonly string[]).includes(existing.sex) ? existing.sex : "Persons",
          value: existing.value === null ? "" : String(existing.value),
          valueNote: existing.valueNote ?? "",
          source: existing.source ?? "",
        }
      : { sex: "Persons" },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const id = idParam(params.indicatorId);
  const parsed = await parseForm(request, valueSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = enterValue(user, id, parsed.data);
  if (!result.ok) {
    if ("notFound" in result) throw notFound();
    return invalid(context, { errors: result.errors, values: typedValues(parsed.formData) });
  }
  return redirect(withNotice(`/staff/indicators/${id}`, "value-saved"));
}

export default function EnterValue() {
  return <EnterValueForm key={useFreshFormKey()} />;
}

function EnterValueForm() {
  const { indicator, areas, defaults, correcting, valueId, breakdown } = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(valueSchema, { fields: FIELDS, defaults });
  const options = [{ value: "", text: "Select an area" }, ...areas.map((a) => ({ value: String(a.id), text: `${a.name} (${a.group === "Wards" ? "ward" : a.group === "Neighbourhoods" ? "neighbourhood" : "comparator"})` }))];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <span className="govuk-caption-l">{indicator.name}</span>
        <h1 className="govuk-heading-l">{correcting ? "Correct a value" : "Enter a value"}</h1>
        <p className="govuk-body">
          A value for the same area, period and sex as one already stored replaces it.
        </p>
        {breakdown ? <p className="govuk-body">This value is for {breakdown}: the corrected value will be too.</p> : null}
        <Form method="post" noValidate onSubmit={onSubmit}>
          {valueId ? <input type="hidden" name="valueId" value={valueId} /> : null}
          <Select label="Area" labelSize="s" options={options} error={errors.areaId} defaultValue={values.areaId ?? ""} {...register("areaId")} />
          <TextInput
            label="Time period"
            labelSize="s"
            hint="As the source writes it, like 2021-23 or 2022/23"
            width="10"
            error={errors.period}
            defaultValue={values.period}
            {...register("period")}
          />
          <TextInput
            label="Year, for putting periods in order (optional)"
            labelSize="s"
            hint="The year the period starts, like 2021. Left blank, it is read from the start of the time period."
            width="5"
            inputMode="numeric"
            error={errors.periodSortable}
            defaultValue={values.periodSortable}
            {...register("periodSortable")}
          />
          <Choices
            type="radio"
            name="sex"
            legend="Who is the value for?"
            legendSize="s"
            inline
            error={errors.sex}
            checked={[values.sex ?? "Persons"]}
            items={SEXES.map((s) => ({ value: s, text: s === "Persons" ? "Everyone (persons)" : s }))}
            inputProps={register("sex")}
          />
          <TextInput
            label={`Value${indicator.unit ? ` (${indicator.unit})` : ""}`}
            labelSize="s"
            hint="A number, like 72.5. Leave it blank if the value is missing, and say why below."
            width="10"
            inputMode="decimal"
            spellCheck={false}
            error={errors.value}
            defaultValue={values.value}
            {...register("value")}
          />
          <Textarea
            label="Note (needed if there is no value)"
            labelSize="s"
            hint="For example: suppressed because the numbers are small"
            rows={2}
            error={errors.valueNote}
            defaultValue={values.valueNote}
            {...register("valueNote")}
          />
          <TextInput
            label="Source"
            labelSize="s"
            hint="Where the value comes from, so a reader can check it: the report and the table or page"
            error={errors.source}
            defaultValue={values.source}
            {...register("source")}
          />
          <Button data-prevent-double-click="true">Save value</Button>
        </Form>
      </div>
    </div>
  );
}
