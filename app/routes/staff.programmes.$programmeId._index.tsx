// A programme (staff): its words, its rounds (newest first) with "Create a round", its usual return
// schedule and its grant terms; retire it or bring it back. Not a layout: the terms, edit and
// return schedule pages are pages of their own.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, SuccessBanner, SummaryList, Table, Tag } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { programmeForStaff, setProgrammeRetired } from "~/models/programmes-admin.server";
import { programmeStateSchema } from "~/schemas/programme";
import { RETURN_KIND_LABELS } from "~/schemas/return";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDate, formatDateTime, formatDeadline } from "~/utils/format";
import { parseForm } from "~/utils/forms.server";
import { roundStage, STAGE_TAGS } from "~/models/round-stage";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";

export const handle: RouteHandle = { backLink: { to: "/staff/programmes", text: "Back to programmes" } };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? data.programme.name : "Programme", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const found = programmeForStaff(idParam(params.programmeId));
  if (!found) throw notFound();
  const { programme: p } = found;
  return json({
    programme: {
      id: p.id,
      name: p.name,
      referencePrefix: p.referencePrefix,
      summary: p.summary,
      description: p.description,
      runBy: p.runBy,
      funderName: p.funderName,
      funderOrgId: p.funderOrgId,
      retiredAt: p.archivedAt?.toISOString() ?? null,
    },
    rounds: found.rounds.map((r) => ({ id: r.id, name: r.name, isDemo: r.isDemo, stage: roundStage(r), opensAt: r.opensAt.toISOString(), closesAt: r.closesAt.toISOString() })),
    terms: found.terms ? { ...found.terms, createdAt: found.terms.createdAt.toISOString() } : null,
    schedule: { items: found.schedule.items, own: found.schedule.own },
    applications: found.applications,
    liveRound: found.liveRound ? { name: found.liveRound.name, closesAt: found.liveRound.closesAt.toISOString() } : null,
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const id = idParam(params.programmeId);
  const parsed = await parseForm(request, programmeStateSchema);
  if (!parsed.ok) throw new Response("Choose whether to retire the programme or bring it back.", { status: 400 });
  const retire = parsed.data.intent === "retire";
  const result = setProgrammeRetired(user, id, retire);
  if (!result.ok) {
    if (result.status !== 409) throw new Response(result.message, { status: result.status });
    context.formHasErrors = true;
    return json({ refused: result.message }, { status: 409 });
  }
  return redirect(withNotice(`/staff/programmes/${id}`, retire ? "programme-retired" : "programme-restored"));
}

export default function ProgrammePage() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const p = d.programme;
  const year = new Date().getFullYear() + 1;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.notice && !failure ? <SuccessBanner text={d.notice} /> : null}
        <ErrorSummary items={failure?.refused ? [{ href: "#retire", text: failure.refused }] : []} />
        <span className="govuk-caption-l">Programmes</span>
        <h1 className="govuk-heading-l">
          {p.name} {p.retiredAt ? <Tag colour="grey">Retired</Tag> : null}
        </h1>
        {p.retiredAt ? (
          <InsetText>
            Retired on {formatDate(p.retiredAt)}: it is not offered to applicants and no new round can be created in it. Its rounds and records are
            kept.
          </InsetText>
        ) : null}
        <SummaryList
          rows={[
            { key: "Reference prefix", value: `${p.referencePrefix} (references like ${p.referencePrefix}-${year}-0001)` },
            { key: "Summary", value: <span className="app-pre-line">{p.summary}</span> },
            { key: "Description", value: p.description ? <span className="app-pre-line">{p.description}</span> : "Not given" },
            { key: "Who runs it", value: p.runBy ?? "Not given" },
            {
              key: "Funder",
              value: p.funderName || p.funderOrgId ? [p.funderName, p.funderOrgId].filter(Boolean).join(", ") : "The council (the place's funder identifier)",
            },
          ]}
        />
        <p className="govuk-body">
          <Link className="govuk-link" to={`/staff/programmes/${p.id}/edit`}>
            Change the programme&rsquo;s details<span className="govuk-visually-hidden">: {p.name}</span>
          </Link>
        </p>

        <h2 className="govuk-heading-m">Rounds</h2>
        {p.retiredAt ? null : (
          <Link className="govuk-button" to={`/staff/programmes/${p.id}/rounds/new`} data-module="govuk-button">
            Create a round
          </Link>
        )}
        {d.rounds.length ? (
          <Table
            caption={`${d.rounds.length} ${d.rounds.length === 1 ? "round" : "rounds"}, newest first`}
            captionSize="s"
            firstCellIsHeader
            columns={[{ header: "Round" }, { header: "State" }, { header: "Opens" }, { header: "Closes" }]}
            rows={d.rounds.map((r) => {
              const state = STAGE_TAGS[r.stage];
              return [
                <Link className="govuk-link" to={`/staff/cycles/${r.id}`} key="name">
                  {r.name}
                </Link>,
                <span key="state">
                  <Tag colour={state.colour}>{state.text}</Tag> {r.isDemo ? <Tag colour="yellow">Demo</Tag> : null}
                </span>,
                formatDeadline(r.opensAt),
                formatDeadline(r.closesAt),
              ];
            })}
          />
        ) : (
          <p className="govuk-body">The programme has no rounds yet.</p>
        )}

        <h2 className="govuk-heading-m">Usual return schedule</h2>
        <p className="govuk-body">
          The evaluation returns a round of this programme asks for, unless the round sets its own.
          {d.schedule.own ? "" : " These are the place file's: nobody has changed them yet."}
        </p>
        {d.schedule.items.length ? (
          <ul className="govuk-list govuk-list--bullet">
            {d.schedule.items.map((i) => (
              <li key={`${i.title}-${i.dueMonthsAfterStart}`}>
                {i.title} ({RETURN_KIND_LABELS[i.kind].toLowerCase()}), {i.dueMonthsAfterStart} {i.dueMonthsAfterStart === 1 ? "month" : "months"} after the
                project starts
              </li>
            ))}
          </ul>
        ) : (
          <p className="govuk-body">No returns: awards of this programme are not asked for evaluation returns.</p>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/staff/programmes/${p.id}/return-schedule`}>
            Change the usual return schedule
          </Link>
        </p>

        <h2 className="govuk-heading-m">Grant terms</h2>
        <p className="govuk-body">
          {d.terms
            ? `Offers are accepted on ${d.terms.title}, version ${d.terms.version}, published on ${formatDate(d.terms.createdAt)}.`
            : "No grant terms have been published yet: offers of this programme cannot be accepted until there are some."}
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/staff/programmes/${p.id}/terms`}>
            {d.terms ? "Read the grant terms, or publish a new version" : "Publish the grant terms"}
          </Link>
        </p>

        <h2 className="govuk-heading-m" id="retire" tabIndex={-1}>
          {p.retiredAt ? "Bring the programme back" : "Retire the programme"}
        </h2>
        {p.retiredAt ? (
          <>
            <p className="govuk-body">Staff can then create rounds in it again.</p>
            <Form method="post">
              <Button variant="secondary" name="intent" value="restore">
                Bring the programme back
              </Button>
            </Form>
          </>
        ) : d.liveRound ? (
          <p className="govuk-body">
            It cannot be retired while a round of it is published: {d.liveRound.name} closes at {formatDateTime(d.liveRound.closesAt)}.
          </p>
        ) : (
          <>
            <p className="govuk-body">
              A retired programme is not offered to applicants and gets no new rounds. Its rounds, applications and awards are kept, and you can bring
              it back.
            </p>
            <Form method="post">
              <Button variant="warning" name="intent" value="retire">
                Retire the programme
              </Button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
