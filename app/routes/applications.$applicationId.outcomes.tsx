// What will change: a simple logic model. Activities (what the project does), outputs (what
// they produce, counted) and outcomes (the change for people), each output and outcome with a
// measure and a target; an outcome may name one indicator of the application's principles.
// A list like the budget's: works without JavaScript, each Remove is its own small form.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, asc, eq, inArray, isNull, ne } from "drizzle-orm";
import { useMemo } from "react";
import { ApplicationForm, WordCountTextarea } from "~/components/application";
import { SuccessBanner, Table } from "~/components/govuk/content";
import { Button, Choices, ErrorMessage, Fieldset, Select, TextInput } from "~/components/govuk/form";
import { savePage, type ApplicationFile } from "~/models/applications.server";
import { addToListSchema, LIMITS, logicItemSchema } from "~/schemas/application";
import { pageState, requireEditableApplication, respond, type PageFailure } from "~/utils/application-page.server";
import { db, schema } from "~/utils/db.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/applications/${params.applicationId}`, text: "Back to your application" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("What will change", matches);

const FIELDS = ["kind", "description", "measure", "target", "indicatorId", "lines"] as const;
const MAX_ITEMS = 60;

/** The item schema, plus: only an outcome names an indicator, and only one from the list shown. */
function pageSchema(indicatorIds: readonly number[]) {
  const item = logicItemSchema.superRefine((v, ctx) => {
    if (v.indicatorId === null) return;
    if (v.kind !== "outcome") {
      ctx.addIssue({ code: "custom", path: ["indicatorId"], message: "Only an outcome can be linked to an indicator: select None, or add it as an outcome" });
    } else if (!indicatorIds.includes(v.indicatorId)) {
      ctx.addIssue({ code: "custom", path: ["indicatorId"], message: "Select an indicator from the list" });
    }
  });
  return addToListSchema(item, ["description", "measure", "target"]);
}

/**
 * The indicators an outcome may name: those of the principles chosen for this application, or,
 * before any is chosen, every indicator (not the context measures of need, which no project moves).
 */
function indicatorChoices(file: ApplicationFile) {
  const chosen = file.principles.map((p) => p.id);
  const i = schema.indicators;
  if (!chosen.length) {
    return db
      .select({ id: i.id, name: i.name })
      .from(i)
      .where(and(isNull(i.archivedAt), ne(i.kind, "context")))
      .orderBy(asc(i.sortOrder), asc(i.name))
      .all();
  }
  return db
    .selectDistinct({ id: i.id, name: i.name, sortOrder: i.sortOrder })
    .from(i)
    .innerJoin(schema.indicatorPrinciples, eq(schema.indicatorPrinciples.indicatorId, i.id))
    .where(and(isNull(i.archivedAt), inArray(schema.indicatorPrinciples.principleId, chosen)))
    .orderBy(asc(i.sortOrder), asc(i.name))
    .all()
    .map(({ id, name }) => ({ id, name }));
}

const targetText = (target: number | null) => (target === null ? "" : target.toLocaleString("en-GB"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableApplication(request, params);
  const items = file.logicModel.map((i) => ({
    id: i.id,
    kind: i.kind,
    description: i.description,
    measure: i.measure ?? "",
    target: targetText(i.target),
    indicator: i.indicatorName,
  }));
  return json({
    page: pageState(file),
    version: file.application.version,
    items,
    indicators: indicatorChoices(file),
    principlesChosen: file.principles.length > 0,
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableApplication(request, params);
  const applicationId = file.application.id;
  const here = `/applications/${applicationId}/outcomes`;

  if ((await request.clone().formData()).get("intent") === "remove") {
    const itemId = String((await request.formData()).get("itemId") ?? "");
    if (!/^\d{1,9}$/.test(itemId)) return invalid(context, { errors: { lines: "Select an item to remove" } });
    const row = db.select({ applicationId: schema.logicModelItems.applicationId }).from(schema.logicModelItems).where(eq(schema.logicModelItems.id, Number(itemId))).get();
    if (row && row.applicationId !== applicationId) {
      return invalid(context, { errors: { lines: "That item is not in this application, so it was not removed" } });
    }
    const outcome = savePage({
      user,
      applicationId,
      page: "outcomes",
      intent: "later",
      seen: null,
      write: (tx) =>
        tx
          .delete(schema.logicModelItems)
          .where(and(eq(schema.logicModelItems.id, Number(itemId)), eq(schema.logicModelItems.applicationId, applicationId)))
          .run(),
    });
    return outcome.ok ? redirect(`${here}?notice=item-removed`) : respond(context, outcome, applicationId, {});
  }

  const parsed = await parseForm(request, pageSchema(indicatorChoices(file).map((x) => x.id)));
  if (!parsed.ok) return invalid(context, parsed.failure);
  const { intent, entry } = parsed.data;
  if (entry && file.logicModel.length >= MAX_ITEMS) {
    return invalid(context, { errors: { description: `You can add up to ${MAX_ITEMS} items` }, values: typedValues(parsed.formData) });
  }
  const outcome = savePage({
    user,
    applicationId,
    page: "outcomes",
    // Adding is not "Save and continue": the section is checked only when the person moves on.
    intent: intent === "add" ? "later" : intent,
    seen: null,
    write: (tx, current) => {
      if (!entry) return;
      const sortOrder = Math.max(-1, ...current.logicModel.map((i) => i.sortOrder)) + 1;
      const activity = entry.kind === "activity";
      tx.insert(schema.logicModelItems)
        .values({
          applicationId,
          kind: entry.kind,
          description: entry.description,
          // An activity has no measure or target; keep only what the list shows.
          measure: activity ? null : entry.measure || null,
          target: activity ? null : entry.target,
          indicatorId: entry.kind === "outcome" ? entry.indicatorId : null,
          sortOrder,
        })
        .run();
    },
  });
  if (outcome.ok && intent === "add") return redirect(`${here}?notice=item-added`);
  return respond(context, outcome, applicationId, typedValues(parsed.formData));
}

export default function Outcomes() {
  const data = useLoaderData<typeof loader>();
  // A new start after each save, so the "add" fields are empty again with JavaScript too.
  return <OutcomesPage key={data.version} />;
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

function RemoveButton({ item }: { item: Item }) {
  // Submits its own small form (rendered after the page's form), not the page's form.
  return (
    <button type="submit" form={`remove-${item.id}`} className="app-link-button">
      Remove<span className="govuk-visually-hidden"> {item.description}</span>
    </button>
  );
}

const hidden = (text: string) => <span className="govuk-visually-hidden">{text}</span>;

function MeasureCell({ item }: { item: Item }) {
  return (
    <>
      {item.measure}
      <br />
      <span className="govuk-body-s">Target: {item.target}</span>
    </>
  );
}

function OutcomesPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<PageFailure>();
  const pageSchemaHere = useMemo(() => pageSchema(data.indicators.map((x) => x.id)), [data.indicators]);
  const { register, errors, summary, values, onSubmit } = useGovukForm(pageSchemaHere, {
    fields: FIELDS,
    defaults: { kind: "", description: "", measure: "", target: "", indicatorId: "" },
  });
  const of = (kind: Item["kind"]) => data.items.filter((i) => i.kind === kind);
  const activities = of("activity");
  const outputs = of("output");
  const outcomes = of("outcome");
  return (
    <>
      {data.notice && !failure ? <SuccessBanner text={data.notice} /> : null}
      <ApplicationForm page={data.page} summary={summary} onSubmit={onSubmit}>
        <h1 className="govuk-heading-l">What will change</h1>
        <p className="govuk-body">Tell us what your project will do and what difference it will make. Add at least one of each:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            <strong>activities</strong>: what your project will do, for example &ldquo;Weekly cooking sessions for families&rdquo;
          </li>
          <li>
            <strong>outputs</strong>: what your activities produce, that you can count, for example &ldquo;40 sessions held&rdquo;
          </li>
          <li>
            <strong>outcomes</strong>: the change for people because of your project, for example &ldquo;Families eat more fruit
            and vegetables&rdquo;
          </li>
        </ul>
        <p className="govuk-body">
          For each output and outcome, say how you will measure it and your target. For example, the measure &ldquo;Families
          who say they eat 5 portions of fruit and vegetables a day&rdquo; with the target 30. You will report against these.
        </p>

        <div id="lines" tabIndex={-1} className={errors.lines ? "govuk-form-group govuk-form-group--error" : undefined}>
          {errors.lines ? <ErrorMessage id="lines-error">{errors.lines}</ErrorMessage> : null}
          {activities.length ? (
            <Table
              caption="Activities"
              columns={[{ header: "Activity" }, { header: hidden("Action") }]}
              rows={activities.map((i) => [<span className="app-wrap-anywhere" key="d">{i.description}</span>, <RemoveButton item={i} key="r" />])}
            />
          ) : (
            <EmptyList heading="Activities" text="You have not added any activities yet." />
          )}
          {outputs.length ? (
            <Table
              caption="Outputs"
              columns={[{ header: "Output" }, { header: "Measure and target" }, { header: hidden("Action") }]}
              rows={outputs.map((i) => [
                <span className="app-wrap-anywhere" key="d">{i.description}</span>,
                <MeasureCell item={i} key="m" />,
                <RemoveButton item={i} key="r" />,
              ])}
            />
          ) : (
            <EmptyList heading="Outputs" text="You have not added any outputs yet." />
          )}
          {outcomes.length ? (
            <Table
              caption="Outcomes"
              columns={[{ header: "Outcome" }, { header: "Measure and target" }, { header: hidden("Action") }]}
              rows={outcomes.map((i) => [
                <span className="app-wrap-anywhere" key="d">
                  {i.description}
                  {i.indicator ? (
                    <>
                      <br />
                      <span className="govuk-body-s">Indicator: {i.indicator}</span>
                    </>
                  ) : null}
                </span>,
                <MeasureCell item={i} key="m" />,
                <RemoveButton item={i} key="r" />,
              ])}
            />
          ) : (
            <EmptyList heading="Outcomes" text="You have not added any outcomes yet." />
          )}
        </div>

        <Fieldset legend="Add an activity, output or outcome" legendSize="m">
          <Choices
            type="radio"
            name="kind"
            legend="What are you adding?"
            legendSize="s"
            error={errors.kind}
            checked={values.kind ? [values.kind] : []}
            items={[
              { value: "activity", text: "An activity", hint: "Something your project will do" },
              { value: "output", text: "An output", hint: "Something your activities produce, that you can count" },
              { value: "outcome", text: "An outcome", hint: "A change for people because of your project" },
            ]}
            inputProps={register("kind")}
          />
          <WordCountTextarea
            name="description"
            label="Describe it"
            hint="For example, “Weekly cooking sessions”, “40 sessions held” or “Families eat more fruit and vegetables”"
            maxWords={LIMITS.logicWords}
            rows={2}
            error={errors.description}
            defaultValue={values.description}
            inputProps={register("description")}
          />
          <TextInput
            label="How will you measure it? (outputs and outcomes only)"
            hint="For example, “Families who say they eat 5 a day”"
            error={errors.measure}
            defaultValue={values.measure}
            spellCheck
            {...register("measure")}
          />
          <TextInput
            label="Target (outputs and outcomes only)"
            hint="A number, for example 30"
            width="5"
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            error={errors.target}
            defaultValue={values.target}
            {...register("target")}
          />
          {data.indicators.length ? (
            <Select
              label="Which indicator will this outcome help? (outcomes only, optional)"
              hint={
                data.principlesChosen
                  ? "The Marmot indicators for the principles you chose"
                  : "The Marmot indicators. Choose your principles first to see only theirs"
              }
              error={errors.indicatorId}
              defaultValue={values.indicatorId}
              options={[{ value: "", text: "None" }, ...data.indicators.map((x) => ({ value: String(x.id), text: x.name }))]}
              {...register("indicatorId")}
            />
          ) : (
            <p className="govuk-body">
              There are no Marmot indicators for the principles you chose yet, so an outcome cannot be linked to one.{" "}
              <Link className="govuk-link" to={`/applications/${data.page.id}/principles`}>
                Change your principles
              </Link>
            </p>
          )}
          <Button name="intent" value="add" variant="secondary">
            Add to the list
          </Button>
        </Fieldset>
      </ApplicationForm>
      {data.items.map((i) => (
        <Form method="post" id={`remove-${i.id}`} key={i.id} className="app-inline-form">
          <input type="hidden" name="intent" value="remove" />
          <input type="hidden" name="itemId" value={i.id} />
        </Form>
      ))}
    </>
  );
}

function EmptyList({ heading, text }: { heading: string; text: string }) {
  return (
    <>
      <h2 className="govuk-heading-m">{heading}</h2>
      <p className="govuk-body">{text}</p>
    </>
  );
}
