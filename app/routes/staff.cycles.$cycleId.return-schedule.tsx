// A round's return schedule, as staff set it: each return's title, kind and how many months after
// the project's start it is due; add one, change one, or remove one nobody has started. Saving
// gives every live award of the round (offered or accepted) the returns it lacks and moves the
// due dates of returns not yet submitted. The whole schedule is one form, carrying the schedule
// it showed: a save over a colleague's change is refused, with what was typed shown.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, SuccessBanner } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { ReturnScheduleFields, scheduleForm, TypedScheduleBanner, typedScheduleRows, type ScheduleRow, type TypedScheduleRow } from "~/components/return-schedule";
import { usualReturnSchedule } from "~/models/awards.server";
import { returnScheduleView, saveReturnSchedule } from "~/models/returns.server";
import { returnScheduleSchema, SCHEDULE_LIMITS } from "~/schemas/return";
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
  const usage = (returns: number, started: number) =>
    returns === 0
      ? "No awards have this return yet."
      : `${returns === 1 ? "1 award has" : `${returns} awards have`} this return; ${started === 0 ? "none started" : `${started} started`}.`;
  const rows: ScheduleRow[] = own
    ? view.items.map((i) => ({ id: String(i.id), title: i.title, kind: i.kind, months: String(i.dueMonthsAfterStart), note: usage(i.returns, i.started), blockedBy: i.blockedBy }))
    : usualReturnSchedule(view.cycle.programmeSlug).map((i) => ({ id: "", title: i.title, kind: i.kind, months: String(i.dueMonthsAfterStart) }));
  return json({
    cycle: { id: view.cycle.id, name: view.cycle.name },
    own,
    seen: view.fingerprint,
    liveAwards: view.liveAwards,
    rows: rows.length < SCHEDULE_LIMITS.maxItems ? [...rows, { id: "", title: "", kind: "", months: "" }] : rows,
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
  });
}

type Failure = FormFailure & { refused?: string; typed?: TypedScheduleRow[] };

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
    return json<Failure>({ errors: {}, values: {}, refused: result.message, typed: typedScheduleRows(parsed.formData) }, { status: 409 });
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
  const form = useGovukForm(returnScheduleSchema, scheduleForm(d.rows));
  const summary = [
    ...(failure?.refused ? [{ href: "#schedule", text: failure.refused }] : []),
    ...form.summary.map((i) => (i.href === "#form" ? { ...i, href: "#schedule" } : i)),
  ];
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
        {failure?.typed ? <TypedScheduleBanner refused={failure.refused} typed={failure.typed} /> : null}
        <div id="schedule" tabIndex={-1}>
          <Form method="post" noValidate onSubmit={form.onSubmit}>
            <input type="hidden" name="seen" value={d.seen} />
            <ReturnScheduleFields rows={d.rows} form={form} />
            <Button>Save return schedule</Button>
          </Form>
        </div>
      </div>
    </div>
  );
}
