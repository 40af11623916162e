// Conflicts of interest and who scores what, for staff: every declaration panel members have
// made in the round, the members who belong to an applicant organisation, how many scorers each
// application has against the minimum and, where staff choose, the table of who scores what.
// Saving the table replaces the round's assignments in one go; a pair with a conflict, or an
// application or member of another round, is refused and nothing changes. The form carries a
// fingerprint of the ticks the page showed: if someone else saved meanwhile, nothing is saved
// (409) and the boxes stay as this person ticked them.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, SuccessBanner, Table, Tag } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { assignmentsOverview, saveAssignments } from "~/models/panel-setup.server";
import { assignmentsSchema } from "~/schemas/panel";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { listValue, typedValues, type FormFailure } from "~/utils/forms";
import { useFreshFormKey } from "~/utils/use-govuk-form";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `Conflicts of interest and who scores what: ${data.cycle.name}` : "Conflicts of interest and who scores what", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const overview = assignmentsOverview(idParam(params.cycleId));
  if (!overview) throw notFound();
  const { cycle } = overview;
  return json({
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    cycle: {
      id: cycle.id,
      name: cycle.name,
      everyoneScoresEverything: cycle.everyoneScoresEverything,
      minScorers: cycle.minScorersPerApplication,
      released: Boolean(cycle.decisionsReleasedAt),
    },
    applications: overview.applications.map((a) => ({ id: a.id, reference: a.reference, title: a.title, expected: a.expected })),
    members: overview.members,
    declarations: overview.declarations.map((d) => ({ ...d, declaredAt: d.declaredAt.toISOString() })),
    applicantMembers: overview.applicantMembers,
    conflicts: overview.conflicts,
    assigned: overview.assigned,
    shown: overview.fingerprint,
  });
}

type Failure = FormFailure & { refused?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const cycleId = idParam(params.cycleId);
  const parsed = await parseForm(request, assignmentsSchema);
  if (!parsed.ok)
    return invalid(context, {
      errors: { assign: parsed.failure.errors.assign ?? parsed.failure.errors.shown ?? "Select who scores what from the table" },
      values: parsed.failure.values,
    });
  const result = saveAssignments(user, cycleId, parsed.data.assign, parsed.data.shown);
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    context.formHasErrors = true;
    return json<Failure>({ errors: { assign: result.message }, values: typedValues(parsed.formData) }, { status: result.status });
  }
  return redirect(withNotice(`/staff/cycles/${cycleId}/assignments`, "assignments-saved"));
}

const label = (a: { reference: string | null; title: string | null }) => `${a.reference ?? "No reference"}${a.title ? `: ${a.title}` : ""}`;

export default function AssignmentsPage() {
  return <Assignments key={useFreshFormKey()} />;
}

function Assignments() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const conflicts = new Set(d.conflicts);
  // After a refusal, the boxes as they were ticked; otherwise as saved.
  const ticked = new Set(failure?.values ? listValue(failure.values.assign) : d.assigned);
  const error = failure?.errors?.assign;
  const base = `/staff/cycles/${d.cycle.id}`;
  const tableShown = !d.cycle.everyoneScoresEverything && !d.cycle.released && d.members.length > 0 && d.applications.length > 0;
  // The error summary links to the first box of the table (not the scrolling box around it).
  const firstBox = tableShown
    ? d.applications.flatMap((a) => d.members.filter((m) => !conflicts.has(`${a.id}:${m.id}`)).map((m) => `assign-${a.id}-${m.id}`))[0]
    : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        {d.notice ? <SuccessBanner text={d.notice} /> : null}
        <ErrorSummary items={error ? [{ href: firstBox ? `#${firstBox}` : "#who-scores-what", text: error }] : []} />
        <span className="govuk-caption-l">{d.cycle.name}</span>
        <h1 className="govuk-heading-l">Conflicts of interest and who scores what</h1>

        <h2 className="govuk-heading-m">Conflicts of interest</h2>
        <p className="govuk-body">
          Before a panel member sees an application, they declare whether they have a conflict of interest with it. A member with a conflict never
          sees the application's content and cannot score it.
        </p>
        {d.declarations.length ? (
          <Table
            caption="Declarations"
            captionSize="s"
            firstCellIsHeader
            columns={[{ header: "Application" }, { header: "Panel member" }, { header: "Declared" }, { header: "Declaration" }]}
            rows={d.declarations.map((x) => [
              label(x),
              `${x.memberName}${x.memberStatus === "removed" ? " (removed)" : ""}`,
              formatDateTime(x.declaredAt),
              x.hasConflict ? <span className="app-pre-line" key="c">{`Conflict: ${x.nature ?? ""}`}</span> : "No conflict",
            ])}
          />
        ) : (
          <p className="govuk-body">No panel member has declared anything yet.</p>
        )}
        {d.applicantMembers.length ? (
          <Table
            caption="Panel members who belong to an applicant organisation"
            captionSize="s"
            firstCellIsHeader
            columns={[{ header: "Application" }, { header: "Organisation" }, { header: "Panel member" }]}
            rows={d.applicantMembers.map((x) => [label(x), x.organisationName, x.memberName])}
          />
        ) : null}
        {d.applicantMembers.length ? (
          <p className="govuk-body">
            These members have a conflict whatever they declare: they cannot see or score their own organisation's application.
          </p>
        ) : null}

        <h2 className="govuk-heading-m">Scorers for each application</h2>
        {d.applications.length ? (
          <Table
            caption={`Each application needs at least ${d.cycle.minScorers === 1 ? "1 scorer" : `${d.cycle.minScorers} scorers`}`}
            captionSize="s"
            firstCellIsHeader
            columns={[
              { header: "Application" },
              { header: "Scorers", numeric: true },
              { header: <span className="govuk-visually-hidden">Enough scorers?</span> },
            ]}
            rows={d.applications.map((a) => [
              label(a),
              `${a.expected} of at least ${d.cycle.minScorers}`,
              a.expected < d.cycle.minScorers ? (
                <Tag colour="red" key="t">
                  Too few scorers
                </Tag>
              ) : (
                ""
              ),
            ])}
          />
        ) : (
          <p className="govuk-body">This round has no applications for the panel yet.</p>
        )}
        <p className="govuk-body">Scorers are active panel members who are expected to score the application and have no conflict with it.</p>

        <h2 className="govuk-heading-m" id="who-scores-what" tabIndex={-1}>
          Who scores what
        </h2>
        {d.cycle.everyoneScoresEverything ? (
          <InsetText>
            <p className="govuk-body">In this round every panel member scores every application, except those they have a conflict with.</p>
            <p className="govuk-body">
              To choose who scores each application instead,{" "}
              <Link className="govuk-link" to={`${base}/panel/settings`}>
                change the panel settings
              </Link>
              .
            </p>
          </InsetText>
        ) : d.cycle.released ? (
          <InsetText>The decisions on this round have been released, so who scores what can no longer change.</InsetText>
        ) : d.members.length === 0 || d.applications.length === 0 ? (
          <p className="govuk-body">
            {d.members.length === 0 ? "Nobody has joined the panel yet. " : ""}Once there are active panel members and applications, you can choose
            who scores each application here.
          </p>
        ) : (
          <Form method="post" noValidate>
            <input type="hidden" name="shown" value={d.shown} />
            <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
              <fieldset className="govuk-fieldset" aria-describedby={`assign-hint${error ? " assign-error" : ""}`}>
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Tick who scores each application</legend>
                <div className="govuk-hint" id="assign-hint">
                  A member with a conflict of interest cannot be given the application. Members who are not ticked do not see the application.
                </div>
                {error ? (
                  <p id="assign-error" className="govuk-error-message">
                    <span className="govuk-visually-hidden">Error:</span> {error}
                  </p>
                ) : null}
                <div className="app-table-scroll" id="assign" role="region" aria-label="Who scores what" tabIndex={0}>
                  <table className="govuk-table">
                    <caption className="govuk-table__caption govuk-visually-hidden">Who scores what</caption>
                    <thead className="govuk-table__head">
                      <tr className="govuk-table__row">
                        <th scope="col" className="govuk-table__header">
                          Application
                        </th>
                        {d.members.map((m) => (
                          <th scope="col" className="govuk-table__header" key={m.id}>
                            {m.name}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody className="govuk-table__body">
                      {d.applications.map((a) => (
                        <tr className="govuk-table__row" key={a.id}>
                          <th scope="row" className="govuk-table__header">
                            {label(a)}
                          </th>
                          {d.members.map((m) => {
                            const pair = `${a.id}:${m.id}`;
                            const id = `assign-${a.id}-${m.id}`;
                            return (
                              <td className="govuk-table__cell" key={m.id}>
                                {conflicts.has(pair) ? (
                                  <Tag colour="orange">Conflict</Tag>
                                ) : (
                                  <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                                    <div className="govuk-checkboxes__item">
                                      <input
                                        className="govuk-checkboxes__input"
                                        id={id}
                                        name="assign"
                                        type="checkbox"
                                        value={pair}
                                        defaultChecked={ticked.has(pair)}
                                      />
                                      <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                                        <span className="govuk-visually-hidden">
                                          {m.name} scores {a.reference ?? label(a)}
                                        </span>
                                      </label>
                                    </div>
                                  </div>
                                )}
                              </td>
                            );
                          })}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </fieldset>
            </div>
            <Button>Save who scores what</Button>
          </Form>
        )}
      </div>
    </div>
  );
}
