// The start page of a funding round: what it funds, the round's guidance, who can apply, how
// much, when it opens and closes, what happens after applying, and who to ask. Staff see a
// draft here as a preview.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { InsetText, Tag, WarningText } from "~/components/govuk/content";
import { PreviewBanner } from "~/components/preview-banner";
import { helpContactFor } from "~/models/contacts.server";
import { getPlace } from "~/models/place.server";
import { getPublicCycle, isOpen } from "~/models/programmes.server";
import { getCurrentUser, idParam, notFound } from "~/utils/auth.server";
import { formatDate, formatDeadline, formatMoney, formatTime } from "~/utils/format";
import { ORGANISATION_TYPE_LABELS } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";

export const handle: RouteHandle = { backLink: { to: "/", text: "Back to funding" } };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data?.cycleName ?? "Funding round", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = getPublicCycle(idParam(params.cycleId), await getCurrentUser(request));
  if (!found) throw notFound();
  const { cycle, programme } = found;
  const now = new Date();
  // A preview shows the round as it will be once published.
  const asPublished = found.preview ? { ...cycle, status: "published" as const } : cycle;
  return json({
    preview: found.preview,
    cycleId: cycle.id,
    cycleName: cycle.name,
    programmeName: programme.name,
    programmeSummary: programme.summary,
    runBy: programme.runBy,
    summary: cycle.summary,
    guidance: cycle.guidance ? cycle.guidance.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean) : [],
    isDemo: cycle.isDemo,
    open: isOpen(asPublished, now),
    opensAt: cycle.opensAt.toISOString(),
    closesAt: cycle.closesAt.toISOString(),
    notYet: now < cycle.opensAt,
    decisionsExpectedOn: cycle.decisionsExpectedOn,
    min: cycle.minRequestPence,
    max: cycle.maxRequestPence,
    types: cycle.eligibility.organisationTypes.map((t) => ORGANISATION_TYPE_LABELS[t] ?? t),
    mustServePlace: cycle.eligibility.mustServePlace,
    requiresPartner: cycle.eligibility.requiresPartner,
    placeName: getPlace().name,
    helpContact: helpContactFor(cycle),
  });
}

export default function CycleStart() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.preview ? <PreviewBanner cycleId={d.cycleId} /> : null}
        <span className="govuk-caption-l">{d.programmeName}</span>
        <h1 className="govuk-heading-l">
          {d.cycleName} {d.isDemo ? <Tag colour="yellow">Demo</Tag> : null}
        </h1>
        <p className="govuk-body-l">{d.summary ?? d.programmeSummary}</p>
        {d.runBy ? <p className="govuk-body">Run by {d.runBy}.</p> : null}
        {d.guidance.length ? (
          <>
            <h2 className="govuk-heading-m">About this round</h2>
            {d.guidance.map((p, i) => (
              <p className="govuk-body app-pre-line" key={i}>
                {p}
              </p>
            ))}
          </>
        ) : null}
        <h2 className="govuk-heading-m">Who can apply</h2>
        <ul className="govuk-list govuk-list--bullet">
          {d.types.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
        {d.mustServePlace ? <p className="govuk-body">Your project must be for people who live in {d.placeName}.</p> : null}
        {d.requiresPartner ? <p className="govuk-body">You must work with at least one partner organisation.</p> : null}
        <h2 className="govuk-heading-m">How much you can ask for</h2>
        <p className="govuk-body">
          Between {formatMoney(d.min)} and {formatMoney(d.max)}.
        </p>
        <h2 className="govuk-heading-m">Dates</h2>
        {d.open ? (
          <InsetText>Applications close at {formatDeadline(d.closesAt)}. You cannot submit after that, to the second.</InsetText>
        ) : d.notYet ? (
          <WarningText>
            This round opens at {formatTime(d.opensAt)} on {formatDate(d.opensAt)}. You can apply from then until{" "}
            {formatDeadline(d.closesAt)}.
          </WarningText>
        ) : (
          <WarningText>This round closed at {formatDeadline(d.closesAt)}.</WarningText>
        )}
        <h2 className="govuk-heading-m">What happens next</h2>
        <p className="govuk-body">
          After you submit, staff check that your application can be considered, then a panel scores it.{" "}
          {d.decisionsExpectedOn ? `We aim to tell you our decision by ${formatDate(d.decisionsExpectedOn)}.` : "We will email you when there is a decision."}
        </p>
        {d.open ? (
          <>
            <p className="govuk-body">First, answer a few questions to check that your organisation can apply. It takes about a minute.</p>
            <Link
              to={`/apply/${d.cycleId}/check/type`}
              role="button"
              draggable="false"
              className="govuk-button govuk-button--start"
              data-module="govuk-button"
            >
              Start now
              <svg className="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
                <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
              </svg>
            </Link>
          </>
        ) : null}
      </div>
    </div>
  );
}
