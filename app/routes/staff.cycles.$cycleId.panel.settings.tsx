// Staff set how a round's panel works: when scoring opens and closes (9am and 5pm UK time on the
// days given; a day left as it was keeps its time, such as the moment scoring was closed early),
// whether the panel sees an application only once staff have passed its eligibility check (the
// round's stage gate), whether applicants' names are hidden from the panel, who scores what, the minimum number of
// scorers for each application and when scores count as disagreeing. Scoring that has closed
// opens again only with a later closing day; who scores what and hiding names are fixed once
// panel members have started declaring. The hints say so before anyone tries.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { InsetText } from "~/components/govuk/content";
import { DateInput } from "~/components/govuk/date-input";
import { forwardRef, type ComponentPropsWithoutRef } from "react";
import { Button, Choices, ErrorMessage, ErrorSummary, Hint, TextInput } from "~/components/govuk/form";
import { panelCycle, panelSettingsNotes, RELEASED_MESSAGE, updatePanelSettings } from "~/models/panel-setup.server";
import { PANEL_LIMITS, panelSettingsSchema } from "~/schemas/panel";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}/panel`, text: "Back to the panel" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `Panel settings for ${data.cycle.name}` : "Panel settings", matches);

const ZONE = "Europe/London";
const dayParts = new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, day: "numeric", month: "numeric", year: "numeric" });

/** A stored instant as the UK day's boxes: { opensDay: "1", opensMonth: "6", opensYear: "2027" }. */
function parts(value: Date | null, prefix: string) {
  if (!value) return { [`${prefix}Day`]: "", [`${prefix}Month`]: "", [`${prefix}Year`]: "" };
  const p = dayParts.formatToParts(value);
  const get = (type: string) => p.find((x) => x.type === type)?.value ?? "";
  return { [`${prefix}Day`]: get("day"), [`${prefix}Month`]: get("month"), [`${prefix}Year`]: get("year") };
}

function cycleOf(params: { cycleId?: string }) {
  const found = panelCycle(idParam(params.cycleId));
  if (!found) throw notFound();
  return found.cycle;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const cycle = cycleOf(params);
  return json({
    cycle: { id: cycle.id, name: cycle.name },
    released: cycle.decisionsReleasedAt ? RELEASED_MESSAGE : null,
    notes: panelSettingsNotes(cycle),
    defaults: {
      ...parts(cycle.scoringOpensAt, "opens"),
      ...parts(cycle.scoringClosesAt, "closes"),
      anonymise: cycle.anonymiseApplicants ? "yes" : "no",
      gate: cycle.panelAfterEligibility ? "yes" : "no",
      assignment: cycle.everyoneScoresEverything ? "everyone" : "staff",
      minScorers: String(cycle.minScorersPerApplication),
      threshold: String(cycle.disagreementThreshold),
    },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const cycle = cycleOf(params);
  const parsed = await parseForm(request, panelSettingsSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = updatePanelSettings(user, cycle.id, parsed.data);
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    const errors = "errors" in result ? result.errors : { form: result.message };
    return invalid(context, { errors, values: typedValues(parsed.formData) }, result.status);
  }
  return redirect(withNotice(`/staff/cycles/${cycle.id}/panel`, "panel-settings-saved"));
}

const FIELDS = ["form", "opensDay", "closesDay", "gate", "anonymise", "assignment", "minScorers", "threshold"] as const;

export default function PanelSettings() {
  const { cycle, released, notes, defaults } = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(panelSettingsSchema, { fields: FIELDS, defaults });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary.map((i) => (i.href === "#form" ? { ...i, href: "#settings" } : i))} />
        <span className="govuk-caption-l">{cycle.name}</span>
        <h1 className="govuk-heading-l" id="settings" tabIndex={-1}>
          Panel settings
        </h1>
        {released ? (
          <InsetText>{released}</InsetText>
        ) : (
          <Form method="post" noValidate onSubmit={onSubmit}>
            <DateInput
              prefix="opens"
              legend="Scoring opens"
              hint="Scoring opens at 9am UK time on this day. For example, 1 6 2027"
              error={errors.opensDay}
              values={values}
              register={register}
            />
            <DateInput
              prefix="closes"
              legend="Scoring closes"
              hint={`Scoring closes at 5pm UK time on this day. For example, 30 6 2027${notes.closes ? `. ${notes.closes}` : ""}`}
              error={errors.closesDay}
              values={values}
              register={register}
            />
            <Choices
              type="radio"
              name="gate"
              legend="Does the panel see an application only after staff have passed its eligibility check?"
              legendSize="m"
              hint={`If yes, a submitted application reaches the panel once staff record that it passed the eligibility check on the application's page. If no, the panel sees it as soon as it is submitted.${
                notes.gate ? ` ${notes.gate}` : ""
              }`}
              inline
              error={errors.gate}
              checked={[values.gate ?? ""]}
              items={[
                { value: "yes", text: "Yes" },
                { value: "no", text: "No" },
              ]}
              inputProps={register("gate")}
            />
            <Choices
              type="radio"
              name="anonymise"
              legend="Hide applicants' names from the panel?"
              legendSize="m"
              hint={`The panel then sees each application's reference and answers, but not the name of the organisation or its people.${
                notes.anonymise ? ` ${notes.anonymise}` : ""
              }`}
              inline
              error={errors.anonymise}
              checked={[values.anonymise ?? ""]}
              items={[
                { value: "yes", text: "Yes" },
                { value: "no", text: "No" },
              ]}
              inputProps={register("anonymise")}
            />
            <Choices
              type="radio"
              name="assignment"
              legend="Who scores what?"
              legendSize="m"
              hint={notes.assignment ?? undefined}
              error={errors.assignment}
              checked={[values.assignment ?? ""]}
              items={[
                { value: "everyone", text: "Every panel member scores every application" },
                {
                  value: "staff",
                  text: "Staff choose who scores each application",
                  hint: "You choose on the page 'Conflicts of interest and who scores what'.",
                },
              ]}
              inputProps={register("assignment")}
            />
            <TextInput
              label="Minimum number of scorers for each application"
              labelSize="s"
              hint={`A whole number from 1 to ${PANEL_LIMITS.maxScorers}. Applications with fewer are flagged.`}
              width="3"
              inputMode="numeric"
              spellCheck={false}
              error={errors.minScorers}
              defaultValue={values.minScorers}
              {...register("minScorers")}
            />
            <SuffixInput
              label="Flag disagreement when scores are further apart than"
              hint="Each panel member's scores for an application add up to a weighted total out of 100. If the highest and lowest totals for an application are further apart than this, it is flagged for the panel to discuss. A number from 0 to 100, for example 20."
              inputMode="decimal"
              spellCheck={false}
              suffix="points out of 100"
              error={errors.threshold}
              defaultValue={values.threshold}
              {...register("threshold")}
            />
            <Button>Save panel settings</Button>
          </Form>
        )}
      </div>
    </div>
  );
}

type SuffixInputProps = Omit<ComponentPropsWithoutRef<"input">, "name" | "id"> & {
  name: string;
  label: string;
  hint: string;
  suffix: string;
  error?: string;
};

/** A GOV.UK text input with a suffix ("points out of 100"). */
const SuffixInput = forwardRef<HTMLInputElement, SuffixInputProps>(function SuffixInput(
  { name, label, hint, suffix, error, className, ...input },
  ref,
) {
  const describedBy = [`${name}-hint`, error ? `${name}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--s" htmlFor={name}>
        {label}
      </label>
      <Hint id={`${name}-hint`}>{hint}</Hint>
      {error ? <ErrorMessage id={`${name}-error`}>{error}</ErrorMessage> : null}
      <div className="govuk-input__wrapper">
        <input
          ref={ref}
          className={`govuk-input govuk-input--width-4${error ? " govuk-input--error" : ""}${className ? ` ${className}` : ""}`}
          id={name}
          name={name}
          type="text"
          aria-describedby={describedBy}
          {...input}
        />
        <div className="govuk-input__suffix" aria-hidden="true">
          {suffix}
        </div>
      </div>
    </div>
  );
});
