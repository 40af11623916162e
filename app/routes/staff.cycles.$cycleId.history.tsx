// The round's history: every change to it (details, rules, questions, documents, panel,
// publishing, extensions, decisions), with who, when, and the old and new values. Read from the
// audit trail, a page at a time.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/govuk/content";
import { DETAIL_WORDS } from "~/models/round-stage";
import { roundHistory } from "~/models/rounds.server";
import { readPage } from "~/models/intake.server";
import { formatDate, formatDateTime, formatMoney } from "~/utils/format";
import { ORGANISATION_TYPE_LABELS } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { requireRound } from "~/utils/round-page.server";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `History of ${data.cycle.name}` : "History of the round", matches);

/** Nested values (a round's rules) become one row each: "eligibility.mustServePlace". */
function flatten(value: unknown, prefix = ""): Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return { [prefix]: value };
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => Object.entries(flatten(v, prefix ? `${prefix}.${k}` : k))));
}

const FIELD_WORDS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(DETAIL_WORDS).map(([k, v]) => [k, v.replace(/^the /, "")])),
  "eligibility.organisationTypes": "who may apply",
  "eligibility.mustServePlace": "must work with local residents",
  "eligibility.requiresPartner": "needs a partner",
  minRequestPence: "smallest amount",
  maxRequestPence: "largest amount",
  sections: "sections asked",
  status: "state",
  deadlineOverride: "the application's own deadline",
};

const words = (key: string) => {
  const w = FIELD_WORDS[key] ?? key.split(".").at(-1)!.replace(/([A-Z])/g, " $1").toLowerCase();
  return w.charAt(0).toUpperCase() + w.slice(1);
};

/** A stored value as people read it. */
function shown(key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "Not set";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number" && /Pence$/.test(key)) return formatMoney(value);
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value);
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (Array.isArray(value)) return value.map((v) => ORGANISATION_TYPE_LABELS[String(v)] ?? String(v)).join(", ") || "None";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function changesOf(details: Record<string, unknown> | null): { field: string; before: string; after: string }[] {
  if (!details || typeof details.after !== "object" || details.after === null) return [];
  const before = flatten(details.before ?? {});
  const after = flatten(details.after);
  return Object.keys(after)
    .filter((k) => k && JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .map((k) => ({ field: words(k), before: k in before ? shown(k, before[k]) : "Not set", after: shown(k, after[k]) }));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireRound(request, params);
  const history = roundHistory(cycle.id, readPage(new URL(request.url).searchParams));
  return json({
    cycle: { id: cycle.id, name: cycle.name },
    page: history.page,
    pageCount: history.pageCount,
    total: history.total,
    events: history.events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      by: e.by ?? "The portal",
      summary: e.summary ?? e.action,
      changes: changesOf(e.details),
    })),
  });
}

export default function RoundHistory() {
  const { cycle, events, page, pageCount, total } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{cycle.name}</span>
        <h1 className="govuk-heading-l">History of the round</h1>
        <p className="govuk-body">
          {total === 0 ? "Nothing has been recorded yet." : `${total} ${total === 1 ? "change" : "changes"}, newest first.`}
        </p>
        <ol className="govuk-list app-history">
          {events.map((e) => (
            <li key={e.id} className="govuk-!-margin-bottom-6">
              <h2 className="govuk-heading-s govuk-!-margin-bottom-1">{e.summary}</h2>
              <p className="govuk-body-s govuk-!-margin-bottom-2">
                {formatDateTime(e.at)}, by {e.by}
              </p>
              {e.changes.length ? (
                <dl className="govuk-summary-list govuk-summary-list--no-border app-history__changes">
                  {e.changes.map((c) => (
                    <div className="govuk-summary-list__row" key={c.field}>
                      <dt className="govuk-summary-list__key">{c.field}</dt>
                      <dd className="govuk-summary-list__value">
                        <span className="govuk-visually-hidden">was </span>
                        <del>{c.before}</del>
                        <span aria-hidden="true"> → </span>
                        <span className="govuk-visually-hidden">, now </span>
                        <ins>{c.after}</ins>
                      </dd>
                    </div>
                  ))}
                </dl>
              ) : null}
            </li>
          ))}
        </ol>
        <Pagination page={page} pageCount={pageCount} href={(n) => `/staff/cycles/${cycle.id}/history?page=${n}`} />
      </div>
    </div>
  );
}
