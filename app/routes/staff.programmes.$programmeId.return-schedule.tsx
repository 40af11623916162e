// A programme's usual return schedule (staff): the evaluation returns its rounds ask for unless a
// round sets its own. Until staff save it, it is the place file's. The same form as a round's
// return schedule; a save over a colleague's change is refused, with what was typed shown.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, SuccessBanner } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { ReturnScheduleFields, scheduleForm, TypedScheduleBanner, typedScheduleRows, type ScheduleRow, type TypedScheduleRow } from "~/components/return-schedule";
import { programmeForStaff, saveUsualReturnSchedule } from "~/models/programmes-admin.server";
import { SCHEDULE_LIMITS, usualReturnScheduleSchema } from "~/schemas/return";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import type { FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";
import { useFreshFormKey, useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/programmes/${params.programmeId}`, text: "Back to the programme" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Usual return schedule: ${data.programme.name}` : "Usual return schedule", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const found = programmeForStaff(idParam(params.programmeId));
  if (!found) throw notFound();
  // Each row has a number for an id, so that it can be ticked for removal; the programme's schedule is saved whole.
  const rows: ScheduleRow[] = found.schedule.items.map((i, n) => ({ id: String(n + 1), title: i.title, kind: i.kind, months: String(i.dueMonthsAfterStart) }));
  return json({
    programme: { id: found.programme.id, name: found.programme.name },
    own: found.schedule.own,
    seen: found.schedule.seen,
    rows: rows.length < SCHEDULE_LIMITS.maxItems ? [...rows, { id: "", title: "", kind: "", months: "" }] : rows,
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
  });
}

type Failure = FormFailure & { refused?: string; typed?: TypedScheduleRow[] };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const id = idParam(params.programmeId);
  const parsed = await parseForm(request, usualReturnScheduleSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = saveUsualReturnSchedule(user, id, parsed.data);
  if (result.ok) return redirect(withNotice(`/staff/programmes/${id}`, "usual-return-schedule-saved"));
  if (result.status === 404) throw notFound();
  if (result.status === 403) throw new Response(result.message, { status: 403 });
  context.formHasErrors = true;
  return json<Failure>({ errors: {}, values: {}, refused: result.message, typed: typedScheduleRows(parsed.formData) }, { status: 409 });
}

export default function UsualReturnSchedulePage() {
  return <UsualReturnSchedule key={useFreshFormKey()} />;
}

function UsualReturnSchedule() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const form = useGovukForm(usualReturnScheduleSchema, scheduleForm(d.rows));
  const summary = [
    ...(failure?.refused ? [{ href: "#schedule", text: failure.refused }] : []),
    ...form.summary.map((i) => (i.href === "#form" ? { ...i, href: "#schedule" } : i)),
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.notice && !failure ? <SuccessBanner text={d.notice} /> : null}
        <ErrorSummary items={summary} />
        <span className="govuk-caption-l">{d.programme.name}</span>
        <h1 className="govuk-heading-l">Usual return schedule</h1>
        <p className="govuk-body">
          The evaluation returns a round of this programme asks of each award, each due a number of months after the project starts. A round with no
          return schedule of its own takes this one when its decisions are released. Rounds that already have their own schedule keep it: change
          those on the round&rsquo;s own page.
        </p>
        {d.own ? null : <InsetText>This is the place file&rsquo;s usual schedule for the programme. Saving makes it the programme&rsquo;s own.</InsetText>}
        {failure?.typed ? <TypedScheduleBanner refused={failure.refused} typed={failure.typed} /> : null}
        <div id="schedule" tabIndex={-1}>
          <Form method="post" noValidate onSubmit={form.onSubmit}>
            <input type="hidden" name="seen" value={d.seen} />
            <ReturnScheduleFields rows={d.rows} form={form} />
            <Button>Save usual return schedule</Button>
          </Form>
        </div>
      </div>
    </div>
  );
}
