// Spend: how much has been spent so far on each line of the application's budget, in pounds.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TextInput } from "~/components/govuk/form";
import { ReturnForm } from "~/components/returns";
import { RETURN_PAGE_SHOWN, saveReturnSection } from "~/models/returns.server";
import { spendSchema } from "~/schemas/return";
import { formatMoney, poundsText } from "~/utils/format";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { intentOf, requireEditableReturn, respondReturn, returnPageState } from "~/utils/return-page.server";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/returns/${params.returnId}`, text: "Back to your return" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Spend", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableReturn(request, params);
  return json({
    page: returnPageState(file, RETURN_PAGE_SHOWN.spend),
    awardPence: file.award.award.amountPence,
    lines: file.budgetLines.map((l) => ({ id: l.id, item: l.item, budget: formatMoney(l.costPence) })),
    values: Object.fromEntries(file.budgetLines.map((l) => [`line_${l.id}`, poundsText(file.spend[l.id])])) as Record<string, string>,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableReturn(request, params);
  const parsed = await parseForm(request, spendSchema(file.budgetLines));
  if (!parsed.ok) return invalid(context, parsed.failure);
  const data = parsed.data as Record<string, unknown>;
  const outcome = saveReturnSection(
    user,
    file.ret.id,
    { section: "spend", lines: Object.fromEntries(file.budgetLines.map((l) => [l.id, data[`line_${l.id}`] as number | null])) },
    { intent: intentOf(parsed.formData), seen: String(parsed.formData.get("seen") ?? "") },
  );
  return respondReturn(context, outcome, file.ret.id, typedValues(parsed.formData));
}

export default function Spend() {
  const d = useLoaderData<typeof loader>();
  const fields = d.lines.map((l) => `line_${l.id}`);
  const { register, errors, summary, values, onSubmit } = useGovukForm(spendSchema(d.lines), { fields, defaults: d.values });
  return (
    <ReturnForm page={d.page} heading="Spend" summary={summary} onSubmit={onSubmit}>
      <p className="govuk-body">
        Your award is {formatMoney(d.awardPence)}. For each line of the budget in your application, say how much you have spent so far, in pounds. Enter 0
        where you have spent nothing yet.
      </p>
      {d.lines.length ? (
        d.lines.map((l) => (
          <TextInput
            key={l.id}
            label={`Spent so far on ${l.item}`}
            hint={`Budget: ${l.budget}`}
            prefix="£"
            width="10"
            inputMode="decimal"
            spellCheck={false}
            autoComplete="off"
            error={errors[`line_${l.id}`]}
            defaultValue={values[`line_${l.id}`]}
            {...register(`line_${l.id}`)}
          />
        ))
      ) : (
        <p className="govuk-body">Your application had no budget lines, so there is nothing to fill in here.</p>
      )}
    </ReturnForm>
  );
}
