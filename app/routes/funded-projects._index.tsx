// The public page of funded projects (the Health Equity Town microsite's need): every award that
// has been accepted, newest first, with its title, organisation, amount, programme and round,
// Marmot principles and wards, and a "Case study" tag where its story is published. Filters by
// programme, principle and ward or neighbourhood are a GET form, so they work without JavaScript
// and a filtered list can be linked to. No sign-in.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { factRows } from "~/components/case-study";
import { Pagination, SummaryList, Tag } from "~/components/govuk/content";
import { Button, ButtonGroup, Select } from "~/components/govuk/form";
import { publicCountLine, publicFilterChoices, publicProjects, publicQuery, readPublicFilters } from "~/models/funded-projects.server";
import { getPlace } from "~/models/place.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data && data.pageCount > 1 ? `Funded projects (page ${data.page} of ${data.pageCount})` : "Funded projects", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const search = new URL(request.url).searchParams;
  const filters = readPublicFilters(search);
  const page = Math.max(1, Math.min(100_000, Number.parseInt(search.get("page") ?? "1", 10) || 1));
  const list = publicProjects(filters, { page });
  const filtered = Boolean(filters.programme || filters.principle || filters.ward);
  return json({
    placeName: getPlace().name,
    filters: { programme: filters.programme ?? "", principle: filters.principle ? String(filters.principle) : "", ward: filters.ward ? String(filters.ward) : "" },
    filtered,
    query: publicQuery(filters),
    choices: publicFilterChoices(),
    countLine: publicCountLine(list, filtered),
    hasDemo: list.demoCount > 0,
    page: list.page,
    pageCount: list.pageCount,
    projects: list.projects,
  });
}

export default function FundedProjects() {
  const d = useLoaderData<typeof loader>();
  const pageHref = (n: number) => `/funded-projects${d.query}${d.query ? "&" : "?"}page=${n}`;
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-xl">Funded projects</h1>
          <p className="govuk-body-l">
            Community projects funded to help people in {d.placeName || "the town"} live longer, healthier lives.
          </p>
          <p className="govuk-body">
            Each project works towards one or more of the eight Marmot principles. Where an organisation has agreed, you can read the story of its
            project in its own words.
          </p>
        </div>
      </div>

      {/* A new form for each set of filters, so that "Clear filters" clears the boxes too. */}
      <Form method="get" action="/funded-projects" key={d.query}>
        <h2 className="govuk-heading-m">Filter the projects</h2>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              name="programme"
              label="Programme"
              labelSize="s"
              defaultValue={d.filters.programme}
              options={[{ value: "", text: "Any programme" }, ...d.choices.programmes.map((p) => ({ value: p.slug, text: p.name }))]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="principle"
              label="Marmot principle"
              labelSize="s"
              defaultValue={d.filters.principle}
              options={[{ value: "", text: "Any principle" }, ...d.choices.principles.map((p) => ({ value: String(p.number), text: `${p.number}. ${p.title}` }))]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="ward"
              label="Ward or neighbourhood"
              labelSize="s"
              aria-describedby="ward-hint"
              defaultValue={d.filters.ward}
              options={[
                { value: "", text: "Anywhere" },
                ...d.choices.areas.map((a) => ({ value: String(a.id), text: a.kind === "neighbourhood" ? `${a.name} (neighbourhood)` : a.name })),
              ]}
            />
          </div>
        </div>
        {/* Below the row, so that the three boxes line up. */}
        <div className="govuk-hint" id="ward-hint">
          A ward or neighbourhood also finds the projects that work across its neighbourhood, or across the whole town.
        </div>
        <ButtonGroup>
          <Button variant="secondary">Apply filters</Button>
          {d.filtered ? (
            <Link className="govuk-link" to="/funded-projects">
              Clear filters
            </Link>
          ) : null}
        </ButtonGroup>
      </Form>

      <p className="govuk-body govuk-!-font-weight-bold" id="project-count">
        {d.countLine}
        {d.pageCount > 1 ? `. Page ${d.page} of ${d.pageCount}.` : ""}
      </p>

      {d.hasDemo ? (
        <p className="govuk-body">
          Projects tagged <Tag colour="yellow">Demo</Tag> are demo data, made up to show how the portal works: they are not real projects or real
          funding.
        </p>
      ) : null}

      {d.projects.length ? (
        <ul className="govuk-list" aria-labelledby="project-count">
          {d.projects.map((p) => (
            <li key={p.awardId}>
              <div className="govuk-summary-card">
                <div className="govuk-summary-card__title-wrapper">
                  <h2 className="govuk-summary-card__title app-wrap-anywhere">
                    <Link className="govuk-link" to={`/funded-projects/${p.awardId}`}>
                      {p.title}
                    </Link>
                    {p.isDemo ? (
                      <>
                        {" "}
                        <Tag colour="yellow">Demo</Tag>
                      </>
                    ) : null}
                    {p.hasCaseStudy ? (
                      <>
                        {" "}
                        <Tag colour="green">Case study</Tag>
                      </>
                    ) : null}
                  </h2>
                </div>
                <div className="govuk-summary-card__content">
                  <SummaryList rows={factRows(p)} />
                </div>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">{d.filtered ? "No funded projects match these filters." : "No projects have been funded yet."}</p>
      )}
      <Pagination page={d.page} pageCount={d.pageCount} href={pageHref} />
    </>
  );
}
