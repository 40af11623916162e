// Budget, page 2 of 3: other money for the project, secured or applied for. A list like the
// budget's (works without JavaScript; each Remove is its own small form). None is a fine answer.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { and, eq } from "drizzle-orm";
import { ApplicationForm } from "~/components/application";
import { SuccessBanner, Table } from "~/components/govuk/content";
import { Button, Choices, ErrorMessage, Fieldset, TextInput } from "~/components/govuk/form";
import { savePage } from "~/models/applications.server";
import { addToListSchema, otherFundingSchema } from "~/schemas/application";
import { pageState, requireEditableApplication, respond, type PageFailure } from "~/utils/application-page.server";
import { db, schema } from "~/utils/db.server";
import { formatMoney } from "~/utils/format";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/applications/${params.applicationId}`, text: "Back to your application" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Other funding for your project", matches);

const pageSchema = addToListSchema(otherFundingSchema, ["source", "amount"]);
const FIELDS = ["source", "amount", "status", "lines"] as const;
const MAX_ROWS = 50;

const STATUS_TEXT = { secured: "Secured", applied_for: "Applied for" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableApplication(request, params);
  return json({
    page: pageState(file),
    version: file.application.version,
    rows: file.otherFunding.map((f) => ({ id: f.id, source: f.source, amount: formatMoney(f.amountPence), status: STATUS_TEXT[f.status] })),
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableApplication(request, params);
  const applicationId = file.application.id;
  const here = `/applications/${applicationId}/other-funding`;

  if ((await request.clone().formData()).get("intent") === "remove") {
    const rowId = String((await request.formData()).get("fundingId") ?? "");
    if (!/^\d{1,9}$/.test(rowId)) return invalid(context, { errors: { lines: "Select the funding to remove" } });
    const row = db.select({ applicationId: schema.otherFunding.applicationId }).from(schema.otherFunding).where(eq(schema.otherFunding.id, Number(rowId))).get();
    if (row && row.applicationId !== applicationId) {
      return invalid(context, { errors: { lines: "That funding is not in this application, so it was not removed" } });
    }
    const outcome = savePage({
      user,
      applicationId,
      page: "other-funding",
      intent: "later",
      seen: null,
      write: (tx) =>
        tx
          .delete(schema.otherFunding)
          .where(and(eq(schema.otherFunding.id, Number(rowId)), eq(schema.otherFunding.applicationId, applicationId)))
          .run(),
    });
    return outcome.ok ? redirect(`${here}?notice=item-removed`) : respond(context, outcome, applicationId, {});
  }

  const parsed = await parseForm(request, pageSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const { intent, entry } = parsed.data;
  if (entry && file.otherFunding.length >= MAX_ROWS) {
    return invalid(context, { errors: { source: `You can add up to ${MAX_ROWS} sources of funding` }, values: typedValues(parsed.formData) });
  }
  const outcome = savePage({
    user,
    applicationId,
    page: "other-funding",
    intent: intent === "add" ? "later" : intent,
    seen: null,
    write: (tx) => {
      if (!entry) return;
      tx.insert(schema.otherFunding).values({ applicationId, source: entry.source, amountPence: entry.amount, status: entry.status }).run();
    },
  });
  if (outcome.ok && intent === "add") return redirect(`${here}?notice=item-added`);
  return respond(context, outcome, applicationId, typedValues(parsed.formData));
}

export default function OtherFunding() {
  const data = useLoaderData<typeof loader>();
  // A new start after each save, so the "add" fields are empty again with JavaScript too.
  return <OtherFundingPage key={data.version} />;
}

function OtherFundingPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<PageFailure>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(pageSchema, {
    fields: FIELDS,
    defaults: { source: "", amount: "", status: "" },
  });
  return (
    <>
      {data.notice && !failure ? <SuccessBanner text={data.notice} /> : null}
      <ApplicationForm page={data.page} summary={summary} onSubmit={onSubmit}>
        <h1 className="govuk-heading-l">Other funding for your project</h1>
        <p className="govuk-body">
          Tell us about any other money for this project: grants, donations, your own funds or sponsorship. Include money you
          have applied for but not heard about yet.
        </p>
        <p className="govuk-body">If there is none, select &ldquo;Save and continue&rdquo;.</p>
        <div id="lines" tabIndex={-1} className={errors.lines ? "govuk-form-group govuk-form-group--error" : undefined}>
          {errors.lines ? <ErrorMessage id="lines-error">{errors.lines}</ErrorMessage> : null}
          {data.rows.length ? (
            <Table
              caption="Other funding you have added"
              columns={[
                { header: "From" },
                { header: "Amount", numeric: true },
                { header: "Status" },
                { header: <span className="govuk-visually-hidden">Action</span> },
              ]}
              rows={data.rows.map((r) => [
                <span className="app-wrap-anywhere" key="source">
                  {r.source}
                </span>,
                r.amount,
                r.status,
                // Submits its own small form (below), not this page's form.
                <button type="submit" form={`remove-${r.id}`} className="app-link-button" key="remove">
                  Remove<span className="govuk-visually-hidden"> {r.source}</span>
                </button>,
              ])}
            />
          ) : (
            <p className="govuk-body">You have not added any other funding.</p>
          )}
        </div>
        <Fieldset legend="Add other funding" legendSize="m">
          <TextInput
            label="Who is the funding from?"
            hint="For example, the National Lottery Community Fund, or your own fundraising"
            error={errors.source}
            defaultValue={values.source}
            spellCheck
            {...register("source")}
          />
          <TextInput
            label="Amount"
            hint="In pounds, for example 2000"
            prefix="£"
            width="10"
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            error={errors.amount}
            defaultValue={values.amount}
            {...register("amount")}
          />
          <Choices
            type="radio"
            name="status"
            legend="Is it secured?"
            legendSize="s"
            small
            error={errors.status}
            checked={values.status ? [values.status] : []}
            items={[
              { value: "secured", text: "Yes, it is secured" },
              { value: "applied_for", text: "No, we have applied and are waiting to hear" },
            ]}
            inputProps={register("status")}
          />
          <Button name="intent" value="add" variant="secondary">
            Add funding
          </Button>
        </Fieldset>
      </ApplicationForm>
      {data.rows.map((r) => (
        <Form method="post" id={`remove-${r.id}`} key={r.id} className="app-inline-form">
          <input type="hidden" name="intent" value="remove" />
          <input type="hidden" name="fundingId" value={r.id} />
        </Form>
      ))}
    </>
  );
}
