// One application's own, later deadline, with the reason (or taking it away). Its organisation
// is emailed; the round's history and the application's timeline record it.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText } from "~/components/govuk/content";
import { DateTimeInput } from "~/components/govuk/date-input";
import { Button, ErrorSummary, Textarea } from "~/components/govuk/form";
import { setApplicationDeadline, unsubmittedApplications } from "~/models/rounds.server";
import { applicationDeadlineSchema, removeDeadlineSchema } from "~/schemas/round";
import { idParam, notFound } from "~/utils/auth.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { formatDeadline, ukDateTimeParts } from "~/utils/format";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { refused, requireRound, type RoundFailure } from "~/utils/round-page.server";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}/deadlines`, text: "Back to applications not yet submitted" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `More time for ${data.application.organisationName}` : "More time for one application", matches);

async function applicationOf(request: Request, params: { cycleId?: string; applicationId?: string }) {
  const found = await requireRound(request, params);
  const id = idParam(params.applicationId);
  const application = unsubmittedApplications(found.cycle.id).find((a) => a.id === id);
  if (!application) throw notFound();
  return { ...found, application };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle, application } = await applicationOf(request, params);
  const p = application.deadlineOverride ? ukDateTimeParts(application.deadlineOverride) : null;
  return json({
    cycle: { id: cycle.id, name: cycle.name, closesAt: cycle.closesAt.toISOString() },
    application: {
      id: application.id,
      organisationName: application.organisationName,
      // Its own only while it is later than the round's (an extension may have overtaken it).
      deadline: application.deadlineOverride && application.deadlineOverride > cycle.closesAt ? application.deadlineOverride.toISOString() : null,
      reason: application.deadlineReason,
    },
    defaults: { deadlineDay: p?.day ?? "", deadlineMonth: p?.month ?? "", deadlineYear: p?.year ?? "", deadlineTime: p?.time ?? "", reason: "" },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, cycle, application } = await applicationOf(request, params);
  const clone = request.clone();
  const intent = (await clone.formData()).get("intent");
  if (intent === "remove") {
    const parsed = await parseForm(request, removeDeadlineSchema);
    if (!parsed.ok) return invalid(context, { errors: { removeReason: parsed.failure.errors.reason ?? "Give the reason" }, values: parsed.failure.values });
    const result = setApplicationDeadline(user, application.id, null, parsed.data.reason);
    if (!result.ok) return refused(context, result, typedValues(parsed.formData));
    return redirect(withNotice(`/staff/cycles/${cycle.id}/deadlines`, "application-deadline-removed"));
  }
  const parsed = await parseForm(request, applicationDeadlineSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = setApplicationDeadline(user, application.id, parsed.data.deadline, parsed.data.reason);
  if (!result.ok) return refused(context, result, typedValues(parsed.formData));
  return redirect(withNotice(`/staff/cycles/${cycle.id}/deadlines`, "application-deadline-set"));
}

export default function ApplicationDeadline() {
  const { cycle, application, defaults } = useLoaderData<typeof loader>();
  const failure = useActionData<RoundFailure>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(applicationDeadlineSchema, { fields: ["deadlineDay", "deadlineTime", "reason"], defaults });
  const removeError = failure?.errors.removeReason;
  const items = [
    ...(failure?.refused ? [{ href: "#main-content", text: failure.refused }] : []),
    ...summary.filter((i) => i.href !== "#removeReason"),
    ...(removeError ? [{ href: "#removeReason", text: removeError }] : []),
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">{cycle.name}</span>
        <h1 className="govuk-heading-l">More time for {application.organisationName}</h1>
        <p className="govuk-body">The round closes at {formatDeadline(cycle.closesAt)}.</p>
        {application.deadline ? (
          <InsetText>
            This application has its own deadline, {formatDeadline(application.deadline)}.{application.reason ? ` Reason: ${application.reason}` : ""}
          </InsetText>
        ) : null}
        <Form method="post" noValidate onSubmit={onSubmit}>
          <DateTimeInput
            prefix="deadline"
            legend={application.deadline ? "New deadline for this application" : "Deadline for this application"}
            hint="Later than the round's closing time"
            dateError={errors.deadlineDay}
            timeError={errors.deadlineTime}
            values={values}
            register={register}
          />
          <Textarea
            label="Why does this application need more time?"
            labelSize="m"
            hint="For the round's history. The organisation is told its new deadline, not this reason."
            rows={3}
            error={errors.reason}
            defaultValue={values.reason}
            {...register("reason")}
          />
          <Button name="intent" value="set">
            Give this deadline
          </Button>
        </Form>
        {application.deadline ? (
          <>
            <h2 className="govuk-heading-m">Take the extra time away</h2>
            <p className="govuk-body">The application's deadline becomes the round's closing time again.</p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="remove" />
              <Textarea label="Why?" labelSize="s" name="reason" id="removeReason" rows={2} error={removeError} />
              <Button variant="warning">Take the extra time away</Button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}
