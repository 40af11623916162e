// The public start page: what the portal is, both programmes and their open cycles.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SuccessBanner, Tag } from "~/components/govuk/content";
import { getPlace } from "~/models/place.server";
import { listProgrammesWithOpenCycles } from "~/models/programmes.server";
import { getCurrentUser } from "~/utils/auth.server";
import { formatDeadline, formatMoney } from "~/utils/format";
import { pageTitle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";

export const meta: MetaFunction = () => pageTitle("Apply for health equity funding");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const place = getPlace();
  return json({
    signedIn: Boolean(user),
    placeName: place.name,
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    programmes: listProgrammesWithOpenCycles().map((p) => ({
      id: p.id,
      name: p.name,
      summary: p.summary,
      runBy: p.runBy,
      openCycles: p.openCycles.map((c) => ({
        id: c.id,
        name: c.name,
        closesAt: c.closesAt.toISOString(),
        minRequestPence: c.minRequestPence,
        maxRequestPence: c.maxRequestPence,
        isDemo: c.isDemo,
      })),
      scheduledCycles: p.scheduledCycles.map((c) => ({ id: c.id, name: c.name, opensAt: c.opensAt.toISOString(), closesAt: c.closesAt.toISOString() })),
    })),
  });
}

export default function StartPage() {
  const { signedIn, placeName, programmes, notice } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {notice ? <SuccessBanner text={notice} /> : null}
        <h1 className="govuk-heading-xl">Apply for health equity funding{placeName ? ` in ${placeName}` : ""}</h1>
        <p className="govuk-body-l">
          Funding for community groups, charities, faith groups, social enterprises and local businesses whose work helps
          people in {placeName || "the town"} live longer, healthier lives.
        </p>
        <p className="govuk-body">
          Every project should work towards at least one of the eight Marmot principles: the building blocks of good
          health, such as a good start in life, fair work, a healthy standard of living and healthy places to live.
        </p>

        <h2 className="govuk-heading-l">Funding you can apply for</h2>
        {programmes.map((programme) => (
          <section key={programme.id} aria-labelledby={`programme-${programme.id}`} className="govuk-!-margin-bottom-8">
            <h3 className="govuk-heading-m" id={`programme-${programme.id}`}>
              {programme.name}
            </h3>
            <p className="govuk-body">{programme.summary}</p>
            {programme.runBy ? <p className="govuk-body govuk-hint">Run by {programme.runBy}.</p> : null}
            {programme.openCycles.length === 0 ? (
              <p className="govuk-body">There is no round open for applications at the moment.</p>
            ) : null}
            {programme.scheduledCycles.length ? (
              <ul className="govuk-list">
                {programme.scheduledCycles.map((cycle) => (
                  <li key={cycle.id}>
                    <p className="govuk-body govuk-!-margin-bottom-1">
                      <strong>{cycle.name}</strong> <Tag colour="blue">Opens soon</Tag>
                    </p>
                    <p className="govuk-body govuk-!-margin-bottom-1">
                      Opens at {formatDeadline(cycle.opensAt)}. Closes at {formatDeadline(cycle.closesAt)}.
                    </p>
                    <p className="govuk-body">
                      <Link className="govuk-link" to={`/apply/${cycle.id}`}>
                        Read about this round<span className="govuk-visually-hidden">: {cycle.name}</span>
                      </Link>
                    </p>
                  </li>
                ))}
              </ul>
            ) : null}
            {programme.openCycles.length === 0 ? null : (
              <ul className="govuk-list">
                {programme.openCycles.map((cycle) => (
                  <li key={cycle.id}>
                    <p className="govuk-body govuk-!-margin-bottom-1">
                      <strong>{cycle.name}</strong> {cycle.isDemo ? <Tag colour="yellow">Demo</Tag> : null}
                    </p>
                    <p className="govuk-body govuk-!-margin-bottom-1">
                      Apply for {formatMoney(cycle.minRequestPence)} to {formatMoney(cycle.maxRequestPence)}.
                    </p>
                    <p className="govuk-body govuk-!-margin-bottom-1">Closes at {formatDeadline(cycle.closesAt)}.</p>
                    <p className="govuk-body">
                      <Link className="govuk-link" to={`/apply/${cycle.id}`}>
                        Find out if you can apply<span className="govuk-visually-hidden"> to {cycle.name}</span>
                      </Link>
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}

        <h2 className="govuk-heading-l">Projects we have funded</h2>
        <p className="govuk-body">
          <Link className="govuk-link" to="/funded-projects">
            See the projects we have funded
          </Link>
          : what each does, where, and the stories organisations have shared about their work.
        </p>

        <h2 className="govuk-heading-l">Before you start</h2>
        <p className="govuk-body">You will need:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>an email address</li>
          <li>your organisation's details, and its charity or company number if it has one</li>
          <li>what your project will do, where, and for whom</li>
          <li>a budget for the project</li>
        </ul>
        <p className="govuk-body">You can save your application and come back to it later.</p>
        {signedIn ? (
          <Link to="/home" role="button" draggable="false" className="govuk-button govuk-button--start" data-module="govuk-button">
            Go to your home page
          </Link>
        ) : (
          <>
            <Link to="/sign-up" role="button" draggable="false" className="govuk-button govuk-button--start" data-module="govuk-button">
              Create an account
              <svg className="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
                <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
              </svg>
            </Link>
            <p className="govuk-body">
              Already have an account?{" "}
              <Link className="govuk-link" to="/sign-in">
                Sign in
              </Link>
              .
            </p>
          </>
        )}
      </div>
    </div>
  );
}
