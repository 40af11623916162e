// A round's submitted applications, for staff: filter by status, principle, ward and type of
// organisation (a GET form, so it works without JavaScript and a filtered list can be linked
// to), 50 a page, and the same list as a CSV file.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pagination, Table, Tag } from "~/components/govuk/content";
import { Button, ButtonGroup, Choices, Select } from "~/components/govuk/form";
import { filterChoices, getCycle, INTAKE_STATUSES, intakeQuery, listApplications, readIntakeFilters, readPage } from "~/models/intake.server";
import { ORGANISATION_TYPES } from "~db/schema";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDate, formatMoney } from "~/utils/format";
import { APPLICATION_STATUS, ORGANISATION_TYPE_LABELS } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `Applications to ${data.cycle.name}${data.page > 1 ? ` (page ${data.page} of ${data.pageCount})` : ""}` : "Applications", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const found = getCycle(idParam(params.cycleId));
  if (!found) throw notFound();
  const { cycle } = found;
  const search = new URL(request.url).searchParams;
  const filters = readIntakeFilters(search);
  const list = listApplications(cycle.id, filters, readPage(search));
  const choices = filterChoices();
  return json({
    cycle: { id: cycle.id, name: cycle.name },
    filters: {
      status: filters.status ?? "",
      principle: filters.principleId ? String(filters.principleId) : "",
      primary: filters.primaryOnly ? "yes" : "",
      ward: filters.wardId ? String(filters.wardId) : "",
      type: filters.organisationType ?? "",
    },
    filtered: Boolean(filters.status || filters.principleId || filters.wardId || filters.organisationType),
    query: intakeQuery(filters),
    page: list.page,
    pageCount: list.pageCount,
    total: list.total,
    counts: INTAKE_STATUSES.map((s) => ({ status: s, n: list.counts[s] })),
    principles: choices.principles,
    wards: choices.wards,
    rows: list.rows.map((r) => ({
      ...r,
      submittedAt: r.submittedAt?.toISOString() ?? null,
    })),
  });
}

export default function Applications() {
  const data = useLoaderData<typeof loader>();
  const base = `/staff/cycles/${data.cycle.id}/applications`;
  const pageHref = (n: number) => `${base}${data.query}${data.query ? "&" : "?"}page=${n}`;
  const everything = data.counts.reduce((sum, c) => sum + c.n, 0);
  return (
    <>
      <span className="govuk-caption-l">{data.cycle.name}</span>
      <h1 className="govuk-heading-l">Applications</h1>

      {/* A new form for each set of filters, so that "Clear filters" clears the boxes too. */}
      <Form method="get" action={base} key={data.query}>
        <h2 className="govuk-heading-m">Filter the applications</h2>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-quarter">
            <Select
              name="status"
              label="Status"
              labelSize="s"
              defaultValue={data.filters.status}
              options={[
                { value: "", text: `Any status (${everything})` },
                ...data.counts.map((c) => ({ value: c.status, text: `${APPLICATION_STATUS[c.status]?.text ?? c.status} (${c.n})` })),
              ]}
            />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <Select
              name="principle"
              label="Marmot principle"
              labelSize="s"
              defaultValue={data.filters.principle}
              options={[{ value: "", text: "Any principle" }, ...data.principles.map((p) => ({ value: String(p.id), text: `${p.number}. ${p.title}` }))]}
            />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <Select
              name="ward"
              label="Ward served"
              labelSize="s"
              aria-describedby="ward-served-hint"
              defaultValue={data.filters.ward}
              options={[{ value: "", text: "Any ward" }, ...data.wards.map((w) => ({ value: String(w.id), text: w.name }))]}
            />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <Select
              name="type"
              label="Type of organisation"
              labelSize="s"
              defaultValue={data.filters.type}
              options={[{ value: "", text: "Any type" }, ...ORGANISATION_TYPES.map((t) => ({ value: t, text: ORGANISATION_TYPE_LABELS[t] ?? t }))]}
            />
          </div>
        </div>
        {/* Below the row, so that the four boxes line up. */}
        <div className="govuk-hint" id="ward-served-hint">
          Ward served: where the project works, as the application says. Not the ward the organisation is based in.
        </div>
        <Choices
          type="checkbox"
          name="primary"
          legend="Principle"
          legendSize="s"
          small
          checked={[data.filters.primary]}
          items={[{ value: "yes", text: "Only applications where it is the main principle" }]}
        />
        <ButtonGroup>
          <Button variant="secondary">Apply filters</Button>
          {data.filtered ? (
            <Link className="govuk-link" to={base}>
              Clear filters
            </Link>
          ) : null}
        </ButtonGroup>
      </Form>

      <p className="govuk-body">
        <a className="govuk-link" href={`/staff/cycles/${data.cycle.id}/applications.csv${data.query}`} download>
          Download {data.filtered ? "these applications" : "all applications"} as a spreadsheet (CSV)
        </a>
      </p>

      {data.rows.length ? (
        <Table
          caption={
            data.pageCount > 1
              ? `${data.total} application${data.total === 1 ? "" : "s"}${data.filtered ? " match the filters" : ""}, page ${data.page} of ${data.pageCount}`
              : `${data.total} application${data.total === 1 ? "" : "s"}${data.filtered ? (data.total === 1 ? " matches the filters" : " match the filters") : ""}`
          }
          captionSize="s"
          columns={[
            { header: "Reference" },
            { header: "Project" },
            { header: "Organisation" },
            { header: "Type" },
            { header: "Amount requested", numeric: true },
            { header: "Main principle" },
            { header: "Status" },
            { header: "Submitted" },
          ]}
          rows={data.rows.map((r) => [
            <Link className="govuk-link" to={`/staff/applications/${r.id}`} key="ref">
              {r.reference ?? "No reference"}
              <span className="govuk-visually-hidden"> {r.title ?? ""}</span>
            </Link>,
            <span className="app-wrap-anywhere" key="title">
              {r.title ?? "No title"}
            </span>,
            r.organisationName,
            ORGANISATION_TYPE_LABELS[r.organisationType] ?? r.organisationType,
            r.amountRequestedPence === null ? "Not given" : formatMoney(r.amountRequestedPence),
            r.primaryNumber ? `${r.primaryNumber}. ${r.primaryTitle}` : "Not given",
            <span key="status">
              <Tag colour={APPLICATION_STATUS[r.status]?.colour}>{APPLICATION_STATUS[r.status]?.text ?? r.status}</Tag>
              {r.waitingForCheck ? (
                <span className="govuk-!-display-block govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                  Waiting for its eligibility check: the panel cannot see it yet
                </span>
              ) : null}
            </span>,
            r.submittedAt ? formatDate(r.submittedAt) : "",
          ])}
        />
      ) : (
        <p className="govuk-body">
          {data.filtered ? "No applications match these filters." : "No applications have been submitted to this round yet."}
        </p>
      )}
      <Pagination page={data.page} pageCount={data.pageCount} href={pageHref} />
    </>
  );
}
