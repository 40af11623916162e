// "Preview as an applicant": the round's real applicant pages (its start page, the eligibility
// check, and the application's task list and questions), shown to staff before it is
// published. Nothing done in a preview is stored in applicants' tables.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { InsetText } from "~/components/govuk/content";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { requireRound } from "~/utils/round-page.server";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Preview ${data.cycle.name}` : "Preview the round", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireRound(request, params);
  return json({ cycle: { id: cycle.id, name: cycle.name, draft: cycle.status !== "published" } });
}

export default function PreviewRound() {
  const { cycle } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{cycle.name}</span>
        <h1 className="govuk-heading-l">Preview the round as an applicant</h1>
        {cycle.draft ? (
          <InsetText>Applicants cannot see this round yet. These are its real pages, shown only to staff; nothing you enter is saved.</InsetText>
        ) : (
          <InsetText>The round is published, so these are the pages applicants see now.</InsetText>
        )}
        <ol className="govuk-list govuk-list--number">
          <li>
            <Link className="govuk-link" to={`/apply/${cycle.id}`}>
              The round's start page
            </Link>
            : its summary, guidance, who can apply, the amounts, the dates and what happens next.
          </li>
          <li>
            <Link className="govuk-link" to={`/apply/${cycle.id}/check/type`}>
              The eligibility check
            </Link>
            , one question per page, as this round's rules decide.
          </li>
          <li>
            <Link className="govuk-link" to={`/staff/cycles/${cycle.id}/preview/application`}>
              The application
            </Link>
            : its task list, the round's own questions and the documents it asks for.
          </li>
        </ol>
      </div>
    </div>
  );
}
