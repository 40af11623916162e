// A round's return schedule, as staff set it: each return's title, kind and how many months after
// the project's start it is due; add one, change one, or remove one nobody has started. Saving
// gives every live award of the round (offered or accepted) the returns it lacks and moves the
// due dates of returns not yet submitted. The whole schedule is one form, carrying the schedule
// it showed: a save over a colleague's change is refused, with what was typed shown.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, NotificationBanner, SuccessBanner, SummaryList } from "~/components/govuk/content";
import { Button, ErrorSummary, Fieldset, Select, TextInput } from "~/components/govuk/form";
import { usualReturnSchedule } from "~/models/awards.server";
import { returnScheduleView, saveReturnSchedule } from "~/models/returns.server";
import { RETURN_KIND_LABELS, returnScheduleSchema, SCHEDULE_LIMITS } from "~/schemas/return";
import { RETURN_KINDS } from "~db/schema";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import type { FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";
import { useFreshFormKey, useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Return schedule for ${data.cycle.name}` : "Return schedule", matches);

function viewOf(params: { cycleId?: string }) {
  const view = returnScheduleView(idParam(params.cycleId));
  if (!view) throw notFound();
  return view;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const view = viewOf(params);
  const own = view.items.length > 0;
  // A round with no schedule of its own takes its programme's usual one when decisions are released.
  const rows = own
    ? view.items.map((i) => ({ id: String(i.id), title: i.title, kind: i.kind, months: String(i.dueMonthsAfterStart), returns: i.returns, started: i.started, blockedBy: i.blockedBy }))
    : usualReturnSchedule(view.cycle.programmeSlug).map((i) => ({ id: "", title: i.title, kind: i.kind, months: String(i.dueMonthsAfterStart), returns: 0, started: 0, blockedBy: null }));
  return json({
    cycle: { id: view.cycle.id, name: view.cycle.name },
    own,
    seen: view.fingerprint,
    liveAwards: view.liveAwards,
    rows: rows.length < SCHEDULE_LIMITS.maxItems ? [...rows, { id: "", title: "", kind: "", months: "", returns: 0, started: 0, blockedBy: null }] : rows,
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
  });
}

type Failure = FormFailure & { refused?: string; typed?: { title: string; kind: string; months: string; removed: boolean }[] };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const view = viewOf(params);
  const parsed = await parseForm(request, returnScheduleSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = saveReturnSchedule(user, view.cycle.id, parsed.data);
  if (result.ok) return redirect(withNotice(`/staff/cycles/${view.cycle.id}/return-schedule`, "return-schedule-saved"));
  if (result.status === 404) throw notFound();
  context.formHasErrors = true;
  if (result.status === 400) return json<Failure>({ errors: result.errors, values: {} }, { status: 400 });
  if (result.status === 409 && "conflict" in result && result.conflict) {
    // The form comes back with the schedule as it is now; what was typed is listed above it.
    const f = parsed.formData;
    const rows = [...new Set([...f.keys()].flatMap((k) => /^title_(\d+)$/.exec(k)?.[1] ?? []))];
    const typed = rows
      .map((n) => ({ title: String(f.get(`title_${n}`) ?? ""), kind: String(f.get(`kind_${n}`) ?? ""), months: String(f.get(`months_${n}`) ?? ""), removed: f.has(`remove_${n}`) }))
      .filter((r) => r.title || r.kind || r.months);
    return json<Failure>({ errors: {}, values: {}, refused: result.message, typed }, { status: 409 });
  }
  const values = Object.fromEntries([...parsed.formData].filter((e): e is [string, string] => typeof e[1] === "string"));
  return json<Failure>({ errors: {}, values, refused: result.message }, { status: result.status });
}

export default function ReturnSchedulePage() {
  return <ReturnSchedule key={useFreshFormKey()} />;
}

function ReturnSchedule() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const fields = d.rows.flatMap((_, n) => [`title_${n}`, `kind_${n}`, `months_${n}`]);
  const defaults = Object.fromEntries(d.rows.flatMap((r, n) => [[`id_${n}`, r.id], [`title_${n}`, r.title], [`kind_${n}`, r.kind], [`months_${n}`, r.months]]));
  const form = useGovukForm(returnScheduleSchema, { fields: ["form", ...fields], defaults });
  const summary = [
    ...(failure?.refused ? [{ href: "#schedule", text: failure.refused }] : []),
    ...form.summary.map((i) => (i.href === "#form" ? { ...i, href: "#schedule" } : i)),
  ];
  const kinds = [{ value: "", text: "Choose a kind" }, ...RETURN_KINDS.map((k) => ({ value: k, text: RETURN_KIND_LABELS[k] }))];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.notice && !failure ? <SuccessBanner text={d.notice} /> : null}
        <ErrorSummary items={summary} />
        <span className="govuk-caption-l">{d.cycle.name}</span>
        <h1 className="govuk-heading-l">Return schedule</h1>
        <p className="govuk-body">
          The evaluation returns this round asks of each award, each due a number of months after the project starts. Grantees are reminded 14 days
          before a return is due, on the day, and every week while it is overdue.
        </p>
        {d.own ? (
          <p className="govuk-body">
            Saving changes the returns of the round&rsquo;s {d.liveAwards === 1 ? "1 live award" : `${d.liveAwards} live awards`} (offered or
            accepted): each gets any new return, and returns not yet submitted move to their new due date. Submitted returns keep theirs.
          </p>
        ) : (
          <InsetText>
            This round has no return schedule of its own yet. When its decisions are released it takes the programme&rsquo;s usual one, shown below.
            Save it to make it the round&rsquo;s own, or change it first.
          </InsetText>
        )}
        {failure?.typed ? (
          <NotificationBanner title="Your changes were not saved">
            <p className="govuk-notification-banner__heading">{failure.refused}</p>
            <p className="govuk-body">The form below shows the schedule as it is now. This is what you entered:</p>
            <SummaryList
              rows={failure.typed.map((t) => ({
                key: t.title || "Untitled",
                value: `${RETURN_KIND_LABELS[t.kind as keyof typeof RETURN_KIND_LABELS] ?? "No kind"}, ${t.months || "?"} months after the start${t.removed ? " (to remove)" : ""}`,
              }))}
            />
          </NotificationBanner>
        ) : null}
        <div id="schedule" tabIndex={-1}>
          <Form method="post" noValidate onSubmit={form.onSubmit}>
            <input type="hidden" name="seen" value={d.seen} />
            {d.rows.map((r, n) => {
              const isNew = !r.id;
              return (
                <Fieldset key={`${n}-${r.id}`} legend={isNew && !r.title ? "Add a return (optional)" : r.title || "New return"} legendSize="m">
                  <input type="hidden" {...form.register(`id_${n}`)} value={r.id} />
                  {r.id ? (
                    <p className="govuk-body">
                      {r.returns === 0
                        ? "No awards have this return yet."
                        : `${r.returns === 1 ? "1 award has" : `${r.returns} awards have`} this return; ${r.started === 0 ? "none started" : `${r.started} started`}.`}
                    </p>
                  ) : null}
                  <TextInput
                    label="Title"
                    hint="As grantees will see it, for example Interim return"
                    error={form.errors[`title_${n}`]}
                    defaultValue={form.values[`title_${n}`]}
                    {...form.register(`title_${n}`)}
                  />
                  <Select
                    label="Kind of return"
                    options={kinds}
                    error={form.errors[`kind_${n}`]}
                    defaultValue={form.values[`kind_${n}`] ?? ""}
                    {...form.register(`kind_${n}`)}
                  />
                  <TextInput
                    label="Months after the project starts"
                    hint={`A whole number from 1 to ${SCHEDULE_LIMITS.maxMonths}`}
                    inputMode="numeric"
                    width="3"
                    error={form.errors[`months_${n}`]}
                    defaultValue={form.values[`months_${n}`]}
                    {...form.register(`months_${n}`)}
                  />
                  {r.id ? (
                    r.blockedBy ? (
                      <p className="govuk-body">{r.blockedBy}</p>
                    ) : (
                      <div className="govuk-form-group">
                        <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                          <div className="govuk-checkboxes__item">
                            <input
                              className="govuk-checkboxes__input"
                              id={`remove_${n}`}
                              type="checkbox"
                              value="yes"
                              defaultChecked={form.values[`remove_${n}`] === "yes"}
                              {...form.register(`remove_${n}`)}
                            />
                            <label className="govuk-label govuk-checkboxes__label" htmlFor={`remove_${n}`}>
                              Remove this return
                            </label>
                          </div>
                        </div>
                      </div>
                    )
                  ) : null}
                </Fieldset>
              );
            })}
            <Button>Save return schedule</Button>
          </Form>
        </div>
      </div>
    </div>
  );
}
