// Budget, page 1 of 3: the items the money is for, as a list (GOV.UK "add to a list"), which
// works without JavaScript: "Add item" posts the new line and comes back here; each Remove
// button is a small form of its own. Every write goes through savePage (one transaction, which
// refuses a closed round, a submitted application or a non-member).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { and, eq } from "drizzle-orm";
import { ApplicationForm } from "~/components/application";
import { SuccessBanner } from "~/components/govuk/content";
import { Button, ErrorMessage, Fieldset, TextInput } from "~/components/govuk/form";
import { budgetTotal, savePage } from "~/models/applications.server";
import { addToListSchema, budgetLineSchema } from "~/schemas/application";
import { pageState, requireEditableApplication, respond, type PageFailure } from "~/utils/application-page.server";
import { db, schema } from "~/utils/db.server";
import { formatMoney } from "~/utils/format";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/applications/${params.applicationId}`, text: "Back to your application" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Your budget", matches);

const pageSchema = addToListSchema(budgetLineSchema, ["item", "cost"]);
const FIELDS = ["item", "cost", "lines"] as const;
/** Enough for any small project's budget; stops a runaway script filling the table. */
const MAX_LINES = 100;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableApplication(request, params);
  return json({
    page: pageState(file),
    version: file.application.version,
    lines: file.budgetLines.map((l) => ({ id: l.id, item: l.item, cost: formatMoney(l.costPence) })),
    total: formatMoney(budgetTotal(file)),
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableApplication(request, params);
  const applicationId = file.application.id;
  const here = `/applications/${applicationId}/budget`;

  if ((await request.clone().formData()).get("intent") === "remove") {
    const lineId = String((await request.formData()).get("lineId") ?? "");
    if (!/^\d{1,9}$/.test(lineId)) return invalid(context, { errors: { lines: "Select an item to remove" } });
    // A line's application never changes, so this check needs no transaction.
    const line = db.select({ applicationId: schema.budgetLines.applicationId }).from(schema.budgetLines).where(eq(schema.budgetLines.id, Number(lineId))).get();
    if (line && line.applicationId !== applicationId) {
      return invalid(context, { errors: { lines: "That item is not in this application's budget, so it was not removed" } });
    }
    // No line at all: it was removed already (a second click), which is what was asked.
    const outcome = savePage({
      user,
      applicationId,
      page: "budget",
      intent: "later",
      seen: null,
      write: (tx) =>
        tx
          .delete(schema.budgetLines)
          .where(and(eq(schema.budgetLines.id, Number(lineId)), eq(schema.budgetLines.applicationId, applicationId)))
          .run(),
    });
    return outcome.ok ? redirect(`${here}?notice=item-removed`) : respond(context, outcome, applicationId, {});
  }

  const parsed = await parseForm(request, pageSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const { intent, entry } = parsed.data;
  if (entry && file.budgetLines.length >= MAX_LINES) {
    return invalid(context, { errors: { item: `You can add up to ${MAX_LINES} items. Put smaller costs together in one item` }, values: typedValues(parsed.formData) });
  }
  const outcome = savePage({
    user,
    applicationId,
    page: "budget",
    intent: intent === "add" ? "later" : intent,
    seen: null,
    write: (tx, current) => {
      if (!entry) return;
      const sortOrder = Math.max(-1, ...current.budgetLines.map((l) => l.sortOrder)) + 1;
      tx.insert(schema.budgetLines).values({ applicationId, item: entry.item, costPence: entry.cost, sortOrder }).run();
    },
  });
  if (outcome.ok && intent === "add") return redirect(`${here}?notice=item-added`);
  return respond(context, outcome, applicationId, typedValues(parsed.formData));
}

export default function Budget() {
  const data = useLoaderData<typeof loader>();
  // A new start after each save, so the "add" fields are empty again with JavaScript too.
  return <BudgetPage key={data.version} />;
}

function BudgetPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<PageFailure>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(pageSchema, {
    fields: FIELDS,
    defaults: { item: "", cost: "" },
  });
  return (
    <>
      {data.notice && !failure ? <SuccessBanner text={data.notice} /> : null}
      <ApplicationForm page={data.page} summary={summary} onSubmit={onSubmit}>
        <h1 className="govuk-heading-l">Your budget</h1>
        <p className="govuk-body">
          List what your project will spend money on, such as staff, room hire, food, materials or volunteers&rsquo; travel. Add
          each item with its cost in pounds.
        </p>
        <p className="govuk-body">You will say how much you are asking us for on a later page.</p>
        <div id="lines" tabIndex={-1} className={errors.lines ? "govuk-form-group govuk-form-group--error" : undefined}>
          {errors.lines ? <ErrorMessage id="lines-error">{errors.lines}</ErrorMessage> : null}
          {data.lines.length ? (
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--m">Items in your budget</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Item
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Cost
                  </th>
                  <th scope="col" className="govuk-table__header">
                    <span className="govuk-visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {data.lines.map((line) => (
                  <tr className="govuk-table__row" key={line.id}>
                    <td className="govuk-table__cell app-wrap-anywhere">{line.item}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{line.cost}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">
                      {/* Submits its own small form (below), not this page's form. */}
                      <button type="submit" form={`remove-${line.id}`} className="app-link-button">
                        Remove<span className="govuk-visually-hidden"> {line.item}</span>
                      </button>
                    </td>
                  </tr>
                ))}
                <tr className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    Total
                  </th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">
                    <strong>{data.total}</strong>
                  </td>
                  <td className="govuk-table__cell" />
                </tr>
              </tbody>
            </table>
          ) : (
            <p className="govuk-body">You have not added any items yet.</p>
          )}
        </div>
        <Fieldset legend="Add an item" legendSize="m">
          <TextInput
            label="What is the money for?"
            hint="For example, hire of a community kitchen for 40 sessions"
            error={errors.item}
            defaultValue={values.item}
            spellCheck
            {...register("item")}
          />
          <TextInput
            label="Cost"
            hint="In pounds, for example 1250 or 1250.50"
            prefix="£"
            width="10"
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            error={errors.cost}
            defaultValue={values.cost}
            {...register("cost")}
          />
          <Button name="intent" value="add" variant="secondary">
            Add item
          </Button>
        </Fieldset>
      </ApplicationForm>
      {data.lines.map((line) => (
        <Form method="post" id={`remove-${line.id}`} key={line.id} className="app-inline-form">
          <input type="hidden" name="intent" value="remove" />
          <input type="hidden" name="lineId" value={line.id} />
        </Form>
      ))}
    </>
  );
}
