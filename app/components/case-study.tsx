// A funded project as the public see it (its facts) and its story (the case study, under the
// Annual Public Health Report's headings). The public page and the staff preview use the same
// components, so staff approve exactly what will be shown.
import type { ReactNode } from "react";
import type { Story } from "~/schemas/case-study";
import { STORY_FIELDS } from "~/schemas/return";
import { formatDate, formatMoney } from "~/utils/format";
import { SummaryList } from "./govuk/content";

export type ProjectFactsData = {
  organisationName: string;
  amountPence: number;
  programme: { name: string };
  round: string;
  awardDate: string;
  principles: { number: number; title: string; isPrimary: boolean }[];
  areas: { id: number; name: string; kind: string }[];
};

export function principleList(principles: ProjectFactsData["principles"]): ReactNode {
  if (!principles.length) return "Not given";
  return (
    <ul className="govuk-list">
      {principles.map((p) => (
        <li key={p.number}>
          {p.number}. {p.title}
          {p.isPrimary && principles.length > 1 ? " (main principle)" : ""}
        </li>
      ))}
    </ul>
  );
}

export function areaList(areas: ProjectFactsData["areas"]): ReactNode {
  if (!areas.length) return "Not given";
  return (
    <ul className="govuk-list">
      {areas.map((a) => (
        <li key={a.id}>
          {a.name}
          {a.kind === "neighbourhood" ? " (neighbourhood)" : ""}
        </li>
      ))}
    </ul>
  );
}

export function factRows(p: ProjectFactsData) {
  return [
    { key: "Organisation", value: <span className="app-wrap-anywhere">{p.organisationName}</span> },
    { key: "Amount awarded", value: formatMoney(p.amountPence) },
    { key: "Programme", value: p.programme.name },
    { key: "Round", value: p.round },
    { key: "Awarded on", value: formatDate(p.awardDate) },
    { key: "Marmot principles", value: principleList(p.principles) },
    { key: "Where it works", value: areaList(p.areas) },
  ];
}

export function ProjectFacts({ project }: { project: ProjectFactsData }) {
  return <SummaryList rows={factRows(project)} />;
}

export type Photo = { src: string; alt: string };

/**
 * The story: its title and authors, then each part under the report's heading, then its photos
 * (each described by its alternative text). `level` is the heading level of the story's title
 * (its parts are one below).
 */
export function CaseStudy({ story, photos = [], level = 3 }: { story: Story; photos?: Photo[]; level?: 3 | 4 }) {
  const Title = `h${level}` as "h3" | "h4";
  const Part = `h${level + 1}` as "h4" | "h5";
  return (
    <article>
      <Title className="govuk-heading-m app-wrap-anywhere">{story.projectTitle || "Untitled story"}</Title>
      {story.authors ? <p className="govuk-body govuk-hint app-wrap-anywhere">By {story.authors}</p> : null}
      {STORY_FIELDS.filter((f) => f.name !== "projectTitle" && f.name !== "authors").map((f) =>
        story[f.name] ? (
          <section key={f.name}>
            <Part className="govuk-heading-s">{f.label}</Part>
            <p className="govuk-body app-pre-line">{story[f.name]}</p>
          </section>
        ) : null,
      )}
      {photos.length ? (
        <section>
          <Part className="govuk-heading-s">Photos</Part>
          <ul className="govuk-list app-story-photos">
            {photos.map((photo) => (
              <li key={photo.src}>
                <img src={photo.src} alt={photo.alt} className="app-story-photo" loading="lazy" />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
