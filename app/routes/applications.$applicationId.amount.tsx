// Budget, page 3 of 3: the amount asked for, within the round's limits and not more than the
// budget's total. The last page of the section: "Save and continue" checks the whole section.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { useMemo } from "react";
import { ApplicationForm } from "~/components/application";
import { TextInput } from "~/components/govuk/form";
import { budgetTotal, savePage, type ApplicationFile } from "~/models/applications.server";
import { amountSchema } from "~/schemas/application";
import { intentOf, pageState, requireEditableApplication, respond } from "~/utils/application-page.server";
import { schema } from "~/utils/db.server";
import { formatMoney, poundsText } from "~/utils/format";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/applications/${params.applicationId}`, text: "Back to your application" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("How much are you asking for?", matches);

/** The round's range, and no more than the budget adds up to (the same words as sectionProblems). */
function pageSchema(minPence: number, maxPence: number, totalPence: number) {
  return amountSchema(minPence, maxPence, formatMoney).superRefine((v, ctx) => {
    if (v.amountPence === null || v.amountPence <= totalPence) return;
    ctx.addIssue({
      code: "custom",
      path: ["amount"],
      message:
        totalPence === 0
          ? "Add the items in your budget first: the amount you ask for must not be more than your budget's total"
          : `The amount you ask for must not be more than your budget's total, ${formatMoney(totalPence)}`,
    });
  });
}


const shown = (file: ApplicationFile) => [
  { question: "Amount requested", answer: file.application.amountRequestedPence === null ? "" : formatMoney(file.application.amountRequestedPence) },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableApplication(request, params);
  return json({
    page: pageState(file, shown),
    amount: poundsText(file.application.amountRequestedPence),
    minPence: file.cycle.minRequestPence,
    maxPence: file.cycle.maxRequestPence,
    totalPence: budgetTotal(file),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableApplication(request, params);
  const parsed = await parseForm(request, pageSchema(file.cycle.minRequestPence, file.cycle.maxRequestPence, budgetTotal(file)));
  if (!parsed.ok) return invalid(context, parsed.failure);
  const outcome = savePage({
    user,
    applicationId: file.application.id,
    page: "amount",
    intent: intentOf(parsed.formData),
    seen: String(parsed.formData.get("seen") ?? ""),
    shown,
    write: (tx) =>
      tx
        .update(schema.applications)
        .set({ amountRequestedPence: parsed.data.amountPence })
        .where(eq(schema.applications.id, file.application.id))
        .run(),
  });
  return respond(context, outcome, file.application.id, typedValues(parsed.formData));
}

function budgetHint({ minPence, maxPence, totalPence }: { minPence: number; maxPence: number; totalPence: number }) {
  if (totalPence === 0) return "Your budget has no items yet: add them first.";
  if (totalPence < minPence) return `Your budget adds up to ${formatMoney(totalPence)}, which is less than that: add the rest of your costs to your budget.`;
  return `Your budget adds up to ${formatMoney(totalPence)}, so you can ask for up to ${formatMoney(Math.min(maxPence, totalPence))}.`;
}

export default function Amount() {
  const data = useLoaderData<typeof loader>();
  const pageSchemaHere = useMemo(() => pageSchema(data.minPence, data.maxPence, data.totalPence), [data.minPence, data.maxPence, data.totalPence]);
  const { register, errors, summary, values, onSubmit } = useGovukForm(pageSchemaHere, {
    fields: ["amount"],
    defaults: { amount: data.amount },
  });
  return (
    <ApplicationForm page={data.page} summary={summary} onSubmit={onSubmit}>
      <TextInput
        label="How much are you asking for?"
        isPageHeading
        hint={`This round gives between ${formatMoney(data.minPence)} and ${formatMoney(data.maxPence)}. ${budgetHint(data)}`}
        prefix="£"
        width="10"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        error={errors.amount}
        defaultValue={values.amount}
        {...register("amount")}
      />
      <p className="govuk-body">
        <Link className="govuk-link" to={`/applications/${data.page.id}/budget`}>
          Change your budget
        </Link>
      </p>
    </ApplicationForm>
  );
}
