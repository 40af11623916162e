// The filters of the impact views (roll-up by principle, funding by ward): a plain GET form,
// so a filtered view is a link staff can bookmark or paste into a Board paper, with or without
// JavaScript. Hidden when printed: the printed page says in words which filters it shows.
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { ImpactFilters } from "~/models/impact.server";
import { Button, ButtonGroup, Choices, Select } from "./govuk/form";

type Choice = { id: number; name: string };
export type ImpactFilterChoices = {
  programmes: Choice[];
  cycles: (Choice & { programmeId: number })[];
  years: Choice[];
  principles: { id: number; number: number; title: string }[];
  wards: Choice[];
  neighbourhoods: Choice[];
};

const any = (text: string) => ({ value: "", text });
const options = (choices: Choice[]) => choices.map((c) => ({ value: String(c.id), text: c.name }));

/** In words, the filters a view shows: "Collaboration Fund, 2026/27, in Biscot". */
export function describeFilters(filters: ImpactFilters, choices: ImpactFilterChoices): string {
  const name = (list: Choice[], id?: number) => list.find((c) => c.id === id)?.name;
  const principle = choices.principles.find((p) => p.id === filters.principleId);
  const parts = [
    name(choices.programmes, filters.programmeId),
    name(choices.cycles, filters.cycleId),
    filters.year ? `awarded in ${name(choices.years, filters.year) ?? filters.year}` : undefined,
    principle ? `principle ${principle.number}` : undefined,
    filters.wardId ? `in ${name(choices.wards, filters.wardId)}` : undefined,
    filters.neighbourhoodId ? `in the ${name(choices.neighbourhoods, filters.neighbourhoodId)} neighbourhood` : undefined,
  ].filter(Boolean);
  const demo = filters.includeDemo ? ", demo rounds included" : "";
  return parts.length ? `${parts.join(", ")}${demo}` : `All programmes, rounds, years and wards${demo}`;
}

export function ImpactFilterForm({
  action,
  filters,
  choices,
  query,
  children,
}: {
  action: string;
  filters: ImpactFilters;
  choices: ImpactFilterChoices;
  /** The current query string: a new form for each, so "Clear filters" clears the boxes too. */
  query: string;
  /** Further fields a view adds (the ward view's measure of need). */
  children?: ReactNode;
}) {
  const value = (n?: number) => (n === undefined ? "" : String(n));
  return (
    <Form method="get" action={action} key={query} className="app-no-print">
      <h2 className="govuk-heading-m">Filter</h2>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <Select name="programme" label="Programme" labelSize="s" defaultValue={value(filters.programmeId)} options={[any("Any programme"), ...options(choices.programmes)]} />
        </div>
        <div className="govuk-grid-column-one-third">
          <Select name="cycle" label="Round" labelSize="s" defaultValue={value(filters.cycleId)} options={[any("Any round"), ...options(choices.cycles)]} />
        </div>
        <div className="govuk-grid-column-one-third">
          <Select name="year" label="Financial year awarded" labelSize="s" defaultValue={value(filters.year)} options={[any("Any year"), ...options(choices.years)]} />
        </div>
      </div>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <Select
            name="principle"
            label="Marmot principle"
            labelSize="s"
            defaultValue={value(filters.principleId)}
            options={[any("Any principle"), ...choices.principles.map((p) => ({ value: String(p.id), text: `${p.number}. ${p.title}` }))]}
          />
        </div>
        <div className="govuk-grid-column-one-third">
          <Select name="ward" label="Ward" labelSize="s" defaultValue={value(filters.wardId)} options={[any("Any ward"), ...options(choices.wards)]} />
        </div>
        <div className="govuk-grid-column-one-third">
          <Select
            name="neighbourhood"
            label="Neighbourhood"
            labelSize="s"
            defaultValue={value(filters.neighbourhoodId)}
            options={[any("Any neighbourhood"), ...options(choices.neighbourhoods)]}
          />
        </div>
      </div>
      {children}
      <Choices
        type="checkbox"
        name="demo"
        legend={<span className="govuk-visually-hidden">Demo rounds</span>}
        small
        items={[{ value: "include", text: "Include demo rounds (for trying the portal: never in Board figures)" }]}
        checked={filters.includeDemo ? ["include"] : []}
      />
      <ButtonGroup>
        <Button variant="secondary">Apply filters</Button>
        {query ? (
          <Link className="govuk-link" to={action}>
            Clear filters
          </Link>
        ) : null}
      </ButtonGroup>
    </Form>
  );
}
