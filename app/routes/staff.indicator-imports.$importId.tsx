// One import of indicator values. While it is a preview: what importing the file would do (new,
// changed, unchanged and missing values per indicator; every skipped row with its reason), and
// "Import these values" or "Discard this file". Afterwards: the report of what was done.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { InsetText, SuccessBanner, SummaryList, Table, Tag, WarningText } from "~/components/govuk/content";
import { Button, ButtonGroup, ErrorSummary } from "~/components/govuk/form";
import { formatIndicatorNumber, IMPORT_STATUS_LABELS } from "~/components/indicators";
import { discardPreview, getImport, importPreview } from "~/models/fingertips.server";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import type { FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: { to: "/staff/indicators", text: "Back to indicators" } };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data?.status === "previewed" ? "Check the file before importing it" : "Import report", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const found = getImport(idParam(params.importId));
  if (!found) throw notFound();
  return json({
    ...found,
    createdAt: found.createdAt.toISOString(),
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
  });
}

const intentSchema = z.object({ intent: z.enum(["import", "discard"], { error: "Choose to import the values or discard the file" }) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const importId = idParam(params.importId);
  const parsed = await parseForm(request, intentSchema);
  if (!parsed.ok) return invalid(context, { errors: { form: parsed.failure.errors.intent ?? "Choose to import the values or discard the file" } });
  const here = `/staff/indicator-imports/${importId}`;
  if (parsed.data.intent === "import") {
    const result = importPreview(user, importId);
    if (result.ok) return redirect(withNotice(here, result.already ? "import-already-done" : "import-done"));
    if (result.problem === "not_found") throw notFound();
    return invalid(context, { errors: { form: result.message } }, 409);
  }
  const result = discardPreview(user, importId);
  if (result.ok) return redirect(withNotice(here, "import-discarded"));
  if (result.problem === "not_found") throw notFound();
  return invalid(context, { errors: { form: result.message } }, 409);
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
const shown = (v: number | null) => (v === null ? "No value" : formatIndicatorNumber(v));

export default function ImportReportPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  const { onSubmit } = useGovukForm(intentSchema, { fields: ["intent"] });
  const report = data.report;
  const previewed = data.status === "previewed";
  const status = IMPORT_STATUS_LABELS[data.status];
  const summary = failure?.errors.form ? [{ href: "#actions", text: failure.errors.form }] : [];
  return (
    <>
      {data.notice && !failure ? <SuccessBanner text={data.notice} /> : null}
      <ErrorSummary items={summary} />
      <span className="govuk-caption-l">{data.source}</span>
      <h1 className="govuk-heading-l">{previewed ? "Check the file before importing it" : "Import report"}</h1>
      <SummaryList
        rows={[
          { key: "File", value: <span className="app-wrap-anywhere">{data.fileName ?? "Not named"}</span> },
          { key: "Status", value: <Tag colour={status.colour}>{status.text}</Tag> },
          { key: "Uploaded", value: `${formatDateTime(data.createdAt)}${data.importerName ? ` by ${data.importerName}` : ""}` },
          { key: "Rows read", value: data.rowsRead.toLocaleString("en-GB") },
        ]}
      />
      {report ? (
        <>
          <h2 className="govuk-heading-m">{previewed ? "What importing it would do" : data.status === "imported" ? "What was imported" : "What importing it would have done"}</h2>
          <Table
            caption="The file's rows, one value each"
            captionSize="s"
            firstCellIsHeader
            columns={[
              { header: previewed ? "What importing would do" : data.status === "imported" ? "What importing did" : "What importing would have done" },
              { header: "Rows", numeric: true },
            ]}
            rows={[
              ["New values", report.counts.new.toLocaleString("en-GB")],
              ["Changed values", report.counts.changed.toLocaleString("en-GB")],
              ["Unchanged values", report.counts.unchanged.toLocaleString("en-GB")],
              ["Skipped rows (listed below)", report.counts.skipped.toLocaleString("en-GB")],
              [
                "Of the new, changed and unchanged values, blank in the file (stored as missing, not as zero)",
                report.counts.missing.toLocaleString("en-GB"),
              ],
            ]}
          />
          {report.knownToMissing ? (
            <WarningText>
              {plural(report.knownToMissing, "known value", "known values")} {previewed ? "would become" : data.status === "imported" ? "became" : "would have become"} missing:
              the file has a blank cell where a value is stored. {report.knownToMissing === 1 ? "It is" : "They are"} listed first under Changed values.
            </WarningText>
          ) : null}
        </>
      ) : (
        <InsetText>
          {plural(data.rowsStored, "value", "values")} stored, {plural(data.rowsUnchanged, "value", "values")} unchanged,{" "}
          {plural(data.rowsSkipped, "row", "rows")} skipped. This import has no detailed report.
        </InsetText>
      )}

      {previewed ? (
        <div id="actions" tabIndex={-1}>
          <p className="govuk-body">Nothing has been saved yet.</p>
          <Form method="post" onSubmit={onSubmit}>
            <ButtonGroup>
              <Button name="intent" value="import" data-prevent-double-click="true">
                Import these values
              </Button>
              <Button name="intent" value="discard" variant="secondary">
                Discard this file
              </Button>
            </ButtonGroup>
          </Form>
        </div>
      ) : (
        <div id="actions" tabIndex={-1} />
      )}

      {report?.indicators.map((ind) => (
        <section key={ind.indicatorId} aria-labelledby={`indicator-${ind.indicatorId}`}>
          <h2 className="govuk-heading-m" id={`indicator-${ind.indicatorId}`}>
            <Link className="govuk-link" to={`/staff/indicators/${ind.indicatorId}`}>
              {ind.name}
            </Link>
          </h2>
          <p className="govuk-body">
            Fingertips indicator {ind.fingertipsId}: {ind.new} new, {ind.changed} changed, {ind.unchanged} unchanged, {ind.missing} with no value.
          </p>
          <div className="app-table-scroll">
            <Table
              caption={`${ind.name}: values by area`}
              captionSize="s"
              firstCellIsHeader
              columns={[
                { header: "Area" },
                { header: "Periods" },
                { header: "New", numeric: true },
                { header: "Changed", numeric: true },
                { header: "Unchanged", numeric: true },
                { header: "Missing", numeric: true },
              ]}
              rows={ind.areas.map((a) => [a.name, a.periods.join(" to "), a.new, a.changed, a.unchanged, a.missing])}
            />
          </div>
        </section>
      ))}

      {report?.changes.length ? (
        <div className="app-table-scroll">
          <Table
            caption="Changed values"
            captionSize="m"
            columns={[{ header: "Row", numeric: true }, { header: "Indicator" }, { header: "Area" }, { header: "Period" }, { header: "Who" }, { header: "Was", numeric: true }, { header: "Now", numeric: true }]}
            rows={report.changes.map((c) => [c.row, c.indicator, c.area, c.period, c.breakdown, shown(c.from), shown(c.to)])}
          />
          {report.changesLeftOff ? <p className="govuk-body">And {plural(report.changesLeftOff, "other changed value", "other changed values")}.</p> : null}
        </div>
      ) : null}

      {report ? (
        <>
          <h2 className="govuk-heading-m">Skipped rows</h2>
          {report.counts.skipped === 0 ? <p className="govuk-body">No rows were skipped.</p> : null}
          {report.unknownIndicators.length ? (
            <div className="app-table-scroll">
              <Table
                caption="Indicators not in the portal: add each with this Fingertips ID first"
                captionSize="s"
                columns={[{ header: "Fingertips ID", numeric: true }, { header: "Name in the file" }, { header: "Rows", numeric: true }, { header: "Row numbers" }]}
                rows={report.unknownIndicators.map((u) => [u.fingertipsId, u.name, u.count, u.rows])}
              />
            </div>
          ) : null}
          {report.unknownAreas.length ? (
            <div className="app-table-scroll">
              <Table
                caption="Areas the portal does not know"
                captionSize="s"
                columns={[{ header: "Area" }, { header: "Code" }, { header: "Type" }, { header: "Rows", numeric: true }, { header: "Row numbers" }]}
                rows={report.unknownAreas.map((u) => [u.name, u.code || "None", u.type || "None", u.count, u.rows])}
              />
              <p className="govuk-body">
                A ward is matched by its ONS code once it has one (
                <Link className="govuk-link" to="/staff/wards">
                  set the wards&apos; codes
                </Link>
                ), otherwise by its name.
              </p>
            </div>
          ) : null}
          {report.repeated.length || report.unreadable.length ? (
            <div className="app-table-scroll">
              <Table
                caption="Other skipped rows"
                captionSize="s"
                columns={[{ header: "Row" }, { header: "Why it was skipped" }]}
                rows={[...report.repeated.map((r) => [String(r.row), r.reason]), ...report.unreadable.map((u) => [u.row, u.reason])]}
              />
              {report.leftOff?.repeated ? <p className="govuk-body">And {plural(report.leftOff.repeated, "other group", "other groups")} of repeated rows.</p> : null}
              {report.leftOff?.unreadable ? <p className="govuk-body">And {plural(report.leftOff.unreadable, "other group", "other groups")} of unreadable lines.</p> : null}
            </div>
          ) : null}
          <p className="govuk-body-s">Row numbers are the lines of the file, the header being row 1.</p>
        </>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to="/staff/indicator-imports">
          Past imports
        </Link>
      </p>
    </>
  );
}
