// One indicator: what it is, and every value stored for it, grouped by kind of area (England,
// the region, the place and comparators; neighbourhoods; wards), latest period first.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { InsetText, SuccessBanner, SummaryList, Table, Tag } from "~/components/govuk/content";
import { Button } from "~/components/govuk/form";
import { formatIndicatorNumber, missingText, withUnit } from "~/components/indicators";
import { breakdownLabel } from "~/models/fingertips.server";
import { getIndicator, setArchived } from "~/models/indicators.server";
import { archiveSchema, KIND_LABELS, POLARITY_LABELS } from "~/schemas/indicator";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";

export const handle: RouteHandle = { backLink: { to: "/staff/indicators", text: "Back to indicators" } };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? data.indicator.name : "Indicator", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const found = getIndicator(idParam(params.indicatorId));
  if (!found) throw notFound();
  const { indicator: i } = found;
  return json({
    indicator: {
      id: i.id,
      name: i.name,
      kind: KIND_LABELS[i.kind],
      unit: i.unit,
      polarity: POLARITY_LABELS[i.polarity],
      fingertipsId: i.fingertipsId,
      definition: i.definition,
      source: i.source,
      isPopulation: i.isPopulation,
      archived: Boolean(i.archivedAt),
    },
    principles: found.principles,
    valueCount: found.valueCount,
    valueGroups: found.valueGroups.map((g) => ({
      title: g.title,
      values: g.values.map((v) => ({
        id: v.id,
        area: v.areaName,
        period: v.period,
        breakdown: breakdownLabel(v),
        value: v.value,
        ci: v.lowerCi95 !== null && v.upperCi95 !== null ? `${formatIndicatorNumber(v.lowerCi95)} to ${formatIndicatorNumber(v.upperCi95)}` : null,
        valueNote: v.valueNote,
        source: v.source,
      })),
    })),
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const id = idParam(params.indicatorId);
  const parsed = await parseForm(request, archiveSchema);
  if (!parsed.ok) throw new Response("Choose whether to archive the indicator or bring it back.", { status: 400 });
  const archive = parsed.data.intent === "archive";
  const result = setArchived(user, id, archive);
  if (!result.ok) throw notFound();
  return redirect(withNotice(`/staff/indicators/${id}`, archive ? "indicator-archived" : "indicator-unarchived"));
}

export default function Indicator() {
  const { indicator: i, principles, valueGroups, valueCount, notice } = useLoaderData<typeof loader>();
  return (
    <>
      {notice ? <SuccessBanner text={notice} /> : null}
      <span className="govuk-caption-l">Indicators</span>
      <h1 className="govuk-heading-l">
        {i.name} {i.archived ? <Tag colour="grey">Archived</Tag> : null}
      </h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <SummaryList
            rows={[
              { key: "Kind", value: i.kind },
              {
                key: "Principles",
                value: principles.length ? (
                  <ul className="govuk-list">
                    {principles.map((p) => (
                      <li key={p.id}>
                        {p.number}. {p.title}
                      </li>
                    ))}
                  </ul>
                ) : (
                  "None"
                ),
              },
              { key: "Unit", value: i.unit || "None" },
              { key: "Which way is better", value: i.polarity },
              { key: "Fingertips indicator ID", value: i.fingertipsId ?? "Not on Fingertips" },
              { key: "Definition", value: i.definition ? <span className="app-pre-line">{i.definition}</span> : "Not given" },
              { key: "Source", value: i.source ?? "Not given" },
              ...(i.isPopulation ? [{ key: "Population", value: "This is the resident population of each ward" }] : []),
            ]}
          />
          <div className="govuk-button-group">
            <Link className="govuk-button govuk-button--secondary" to={`/staff/indicators/${i.id}/edit`} data-module="govuk-button">
              Change the indicator
            </Link>
            <Link className="govuk-button govuk-button--secondary" to={`/staff/indicators/${i.id}/values/new`} data-module="govuk-button">
              Enter a value
            </Link>
          </div>
        </div>
      </div>

      <h2 className="govuk-heading-m">Values</h2>
      {valueCount === 0 ? (
        <InsetText>
          There are no values yet.{" "}
          {i.fingertipsId ? "Import a Fingertips file with this indicator's ID, or enter values by hand." : "Enter values by hand, or give the indicator its Fingertips ID and import a file."}
        </InsetText>
      ) : (
        valueGroups.map((g) => (
          <div className="app-table-scroll" key={g.title}>
            <Table
              caption={`${g.title} (${g.values.length} ${g.values.length === 1 ? "value" : "values"})`}
              captionSize="s"
              firstCellIsHeader
              columns={[
                { header: "Area" },
                { header: "Period" },
                { header: "Who" },
                { header: "Value", numeric: true },
                { header: "95% confidence interval" },
                { header: "Source" },
                { header: <span className="govuk-visually-hidden">Action</span> },
              ]}
              rows={g.values.map((v) => [
                v.area,
                v.period,
                v.breakdown,
                v.value === null ? missingText(v.valueNote) : (
                  <>
                    {withUnit(v.value, i.unit)}
                    {v.valueNote ? (
                      <>
                        <br />
                        <span className="govuk-body-s">{v.valueNote}</span>
                      </>
                    ) : null}
                  </>
                ),
                v.ci ?? "",
                v.source ?? "Not given",
                <Link className="govuk-link" to={`/staff/indicators/${i.id}/values/new?value=${v.id}`} key="change">
                  Change<span className="govuk-visually-hidden"> {v.area}, {v.period}, {v.breakdown}</span>
                </Link>,
              ])}
            />
          </div>
        ))
      )}

      <h2 className="govuk-heading-m">{i.archived ? "Bring this indicator back" : "Archive this indicator"}</h2>
      <p className="govuk-body">
        {i.archived
          ? "It will be listed with the indicators again."
          : "An archived indicator leaves the list of indicators. Its values are kept, and you can bring it back."}
      </p>
      <Form method="post">
        <Button name="intent" value={i.archived ? "unarchive" : "archive"} variant={i.archived ? "secondary" : "warning"}>
          {i.archived ? "Bring back the indicator" : "Archive the indicator"}
        </Button>
      </Form>
    </>
  );
}
