// One funded project on the public page: its facts and, where the organisation consented and
// staff approved it, its story under "Our story", with the return's photos (their descriptions
// as alternative text). An award that is not public (an open offer,
// declined, withdrawn, or no award at all) is "Page not found", the same for each. No sign-in.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CaseStudy, ProjectFacts } from "~/components/case-study";
import { Tag } from "~/components/govuk/content";
import { publicProject } from "~/models/funded-projects.server";
import { idParam, notFound } from "~/utils/auth.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";

export const handle: RouteHandle = { backLink: { to: "/funded-projects", text: "Back to funded projects" } };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? data.project.title : "Funded project", matches);

export async function loader({ params }: LoaderFunctionArgs) {
  const found = publicProject(idParam(params.awardId));
  if (!found) throw notFound();
  const { project, caseStudy, photos } = found;
  return json({
    project,
    photos: photos.map((p) => ({ src: `/funded-projects/${project.awardId}/photos/${p.id}`, alt: p.description })),
    caseStudy: caseStudy
      ? {
          projectTitle: caseStudy.projectTitle,
          authors: caseStudy.authors,
          aboutProject: caseStudy.aboutProject,
          whatDidYouDo: caseStudy.whatDidYouDo,
          whatAchieved: caseStudy.whatAchieved,
          whatLearnt: caseStudy.whatLearnt,
          acknowledgements: caseStudy.acknowledgements,
          whatsNext: caseStudy.whatsNext,
        }
      : null,
  });
}

export default function FundedProject() {
  const { project, caseStudy, photos } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l app-wrap-anywhere">{project.organisationName}</span>
        <h1 className="govuk-heading-l app-wrap-anywhere">{project.title}</h1>
        {project.isDemo ? (
          <p className="govuk-body">
            <Tag colour="yellow">Demo</Tag> This project is demo data, made up to show how the portal works: it is not a real project or real
            funding.
          </p>
        ) : null}
        <ProjectFacts project={project} />
        {caseStudy ? (
          <section aria-labelledby="our-story">
            <h2 className="govuk-heading-l" id="our-story">
              Our story
            </h2>
            <p className="govuk-body">Written by {project.organisationName} about their project.</p>
            <CaseStudy story={caseStudy} photos={photos} />
          </section>
        ) : (
          <p className="govuk-body">There is no published story for this project yet.</p>
        )}
      </div>
    </div>
  );
}
