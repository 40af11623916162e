// The decision on one application, for staff, once scoring has closed: award (an amount, which
// may differ from the amount requested, and any conditions), do not fund (with feedback for the
// applicant) or the reserve list, and the reasons, which are for the record and the Board. It
// reaches the applicant only when staff send the round's decision letters. A save is refused
// (everything typed kept) if someone else saved a decision on the application since the page
// was opened.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { WordCountTextarea } from "~/components/application";
import { InsetText, SummaryList, Tag } from "~/components/govuk/content";
import { Button, ErrorMessage, ErrorSummary, Fieldset, TextInput } from "~/components/govuk/form";
import { decisionFor, decisionToken, recordDecision, whyNotDecidable } from "~/models/decisions.server";
import { moderationBoard, panelApplication } from "~/models/moderation.server";
import { formatScore } from "~/models/scores";
import { DECISION_LIMITS, decisionSchema } from "~/schemas/decision";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDateTime, formatMoney, poundsText } from "~/utils/format";
import type { FormFailure } from "~/utils/forms";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { DECISION_OUTCOME } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ data }) => {
    const cycleId = (data as { cycle?: { id: number } } | undefined)?.cycle?.id;
    return cycleId ? { to: `/staff/cycles/${cycleId}/decisions`, text: "Back to the decisions" } : { to: "/staff", text: "Back" };
  },
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Decision on ${data.reference ?? "the application"}` : "Decision", matches);

function applicationOf(params: { applicationId?: string }) {
  const found = panelApplication(idParam(params.applicationId));
  if (!found) throw notFound();
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const { application: a, cycle, organisationName } = applicationOf(params);
  const board = moderationBoard(cycle.id)!;
  const row = board.rows.find((r) => r.id === a.id);
  const ranked = board.rows.filter((r) => r.rank !== null).length;
  const found = decisionFor(a.id);
  const decision = found?.decision;
  return json({
    id: a.id,
    reference: a.reference,
    title: a.title,
    organisationName,
    amountRequestedPence: a.amountRequestedPence,
    cycle: { id: cycle.id, name: cycle.name },
    mean: row?.summary.mean ?? null,
    scorers: row?.summary.n ?? 0,
    moderated: row?.moderated?.score ?? null,
    rank: row?.rank ?? null,
    ranked,
    whyNot: whyNotDecidable(cycle),
    token: decisionToken(decision),
    decision: decision
      ? {
          outcome: decision.outcome,
          amountPence: decision.amountPence,
          conditions: decision.conditions,
          feedback: decision.feedback,
          reasons: decision.reasons,
          decidedAt: decision.decidedAt.toISOString(),
          decidedBy: found.decidedBy,
          releasedAt: decision.releasedAt?.toISOString() ?? null,
        }
      : null,
  });
}

type Failure = FormFailure & { refused?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const { application, cycle } = applicationOf(params);
  const parsed = await parseForm(request, decisionSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = recordDecision(user, application.id, parsed.data, new Date(), { token: String(parsed.formData.get("token") ?? "") });
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    context.formHasErrors = true;
    return json<Failure>({ errors: {}, values: typedValues(parsed.formData), refused: result.message }, { status: result.status });
  }
  return redirect(`/staff/cycles/${cycle.id}/decisions?done=recorded`);
}

const FIELDS = ["outcome", "amount", "conditions", "feedback", "reasons"] as const;

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/** The choices as the form words them. */
const CHOICES: Record<string, string> = { award: "Award funding", decline: "Do not fund", reserve: "Put on the reserve list" };

/** Everything typed into a form the server refused, when the form itself cannot be shown again. */
function Typed({ values }: { values: Record<string, string> }) {
  const rows = [
    { key: "Decision", value: values.outcome ? (CHOICES[values.outcome] ?? values.outcome) : "" },
    { key: "Amount to award", value: values.amount ? `£${values.amount.replace(/^£/, "")}` : "" },
    { key: "Conditions of the award", value: values.conditions ?? "" },
    { key: "Feedback for the applicant", value: values.feedback ?? "" },
    { key: "Reasons for the decision", value: values.reasons ?? "" },
  ].filter((r) => r.value.trim());
  if (!rows.length) return null;
  return (
    <>
      <h2 className="govuk-heading-m">What you entered</h2>
      <p className="govuk-body">Your decision was not saved. This is everything you entered, so that nothing is lost.</p>
      <SummaryList rows={rows.map((r) => ({ key: r.key, value: <span className="app-pre-line app-wrap-anywhere">{r.value}</span> }))} />
    </>
  );
}

/** The decision saved now, in full. */
function SavedDecision({ saved }: { saved: NonNullable<Data["decision"]> }) {
  return (
    <SummaryList
      rows={[
        { key: "Decision", value: DECISION_OUTCOME[saved.outcome]?.text ?? saved.outcome },
        ...(saved.outcome === "award"
          ? [
              { key: "Amount awarded", value: formatMoney(saved.amountPence ?? 0) },
              { key: "Conditions", value: <span className="app-pre-line">{saved.conditions || "None"}</span> },
            ]
          : []),
        ...(saved.outcome === "decline" ? [{ key: "Feedback for the applicant", value: <span className="app-pre-line">{saved.feedback}</span> }] : []),
        { key: "Reasons", value: <span className="app-pre-line">{saved.reasons}</span> },
      ]}
    />
  );
}

export default function DecisionPage() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const saved = d.decision;
  const form = useGovukForm(decisionSchema, {
    fields: FIELDS,
    defaults: saved
      ? {
          outcome: saved.outcome,
          amount: poundsText(saved.amountPence),
          conditions: saved.conditions ?? "",
          feedback: saved.feedback ?? "",
          reasons: saved.reasons,
        }
      : {},
  });
  const [outcome, setOutcome] = useState(form.values.outcome ?? "");
  // Without JavaScript every choice's extra questions show; with it, only the chosen one's.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  // A refusal links to the part of the page under the summary that says what to do, whichever it is.
  const items = [...(failure?.refused ? [{ href: "#decision-form", text: failure.refused }] : []), ...form.summary];
  const outcomeField = form.register("outcome", { onChange: (event) => setOutcome(event.target.value) });
  const released = saved?.releasedAt ?? null;
  const current = saved ? DECISION_OUTCOME[saved.outcome] : null;

  const conditional = (value: string, id: string, children: ReactNode) => (
    <div className="govuk-radios__conditional" id={id} hidden={hydrated && outcome !== value}>
      {children}
    </div>
  );
  const radio = (value: string, text: string, index: number, conditionalId?: string, hint?: string) => {
    const id = index === 0 ? "outcome" : `outcome-${index + 1}`;
    return (
      <div className="govuk-radios__item" key={value}>
        <input
          className="govuk-radios__input"
          id={id}
          type="radio"
          value={value}
          defaultChecked={form.values.outcome === value}
          aria-controls={hydrated && conditionalId ? conditionalId : undefined}
          aria-describedby={hint ? `${id}-item-hint` : undefined}
          {...outcomeField}
        />
        <label className="govuk-label govuk-radios__label" htmlFor={id}>
          {text}
        </label>
        {hint ? (
          <div id={`${id}-item-hint`} className="govuk-hint govuk-radios__hint">
            {hint}
          </div>
        ) : null}
      </div>
    );
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">{d.cycle.name}</span>
        <h1 className="govuk-heading-l">Decision on {d.reference ?? "this application"}</h1>
        <SummaryList
          rows={[
            { key: "Project", value: <span className="app-wrap-anywhere">{d.title || "Untitled"}</span> },
            { key: "Organisation", value: d.organisationName },
            { key: "Amount requested", value: d.amountRequestedPence === null ? "Not given" : formatMoney(d.amountRequestedPence) },
            { key: "Mean score", value: d.mean === null ? "No submitted scores" : `${formatScore(d.mean)} out of 100, from ${d.scorers} ${d.scorers === 1 ? "scorer" : "scorers"}` },
            { key: "Moderated score", value: d.moderated === null ? "None" : `${formatScore(d.moderated)} out of 100` },
            { key: "Rank", value: d.rank === null ? "Not ranked: no scores yet" : `${d.rank} of ${d.ranked}` },
            ...(saved && current
              ? [
                  {
                    key: "Decision",
                    value: (
                      <>
                        <Tag colour={current.colour}>{current.text}</Tag>
                        <span className="govuk-!-display-block govuk-!-margin-top-1">
                          Recorded by {saved.decidedBy} on {formatDateTime(saved.decidedAt)}
                          {released ? `. Letter sent on ${formatDateTime(released)}.` : ". Not sent yet."}
                        </span>
                      </>
                    ),
                  },
                ]
              : []),
          ]}
        />
        <p className="govuk-body">
          <Link className="govuk-link" to={`/staff/applications/${d.id}/scores`}>
            See the scores for {d.reference ?? "this application"}
          </Link>
        </p>

        <div id="decision-form" tabIndex={-1}>
          {released && saved ? (
            <>
              <InsetText>
                The decision letter was sent on {formatDateTime(released)}, so the decision can no longer be changed here. A change to an award is
                made as a variation.
              </InsetText>
              <SavedDecision saved={saved} />
              {failure?.refused ? <Typed values={failure.values} /> : null}
            </>
          ) : d.whyNot ? (
            <>
              <InsetText>{d.whyNot}</InsetText>
              {failure?.refused ? <Typed values={failure.values} /> : null}
            </>
          ) : (
            <>
              {failure?.refused && saved ? (
                <>
                  <h2 className="govuk-heading-m">The decision saved now</h2>
                  <p className="govuk-body">
                    Recorded by {saved.decidedBy} on {formatDateTime(saved.decidedAt)}. Your decision is in the form below, as you entered it: save it
                    if it should replace this one.
                  </p>
                  <SavedDecision saved={saved} />
                </>
              ) : null}
              <Form method="post" noValidate onSubmit={form.onSubmit}>
                {/* The decision this page showed: a save is refused if someone else saved one since. */}
                <input type="hidden" name="token" value={d.token} />
                <div className={`govuk-form-group${form.errors.outcome ? " govuk-form-group--error" : ""}`}>
                  <Fieldset legend="What is the decision?" legendSize="m" describedBy={form.errors.outcome ? "outcome-error" : undefined}>
                    {form.errors.outcome ? <ErrorMessage id="outcome-error">{form.errors.outcome}</ErrorMessage> : null}
                    <div className="govuk-radios" data-module="govuk-radios">
                      {radio("award", "Award funding", 0, "conditional-award")}
                      {conditional(
                        "award",
                        "conditional-award",
                        <>
                          <TextInput
                            label="Amount to award"
                            hint={
                              d.amountRequestedPence === null
                                ? "In pounds, for example 4500"
                                : `In pounds. They asked for ${formatMoney(d.amountRequestedPence)}; you can award a different amount.`
                            }
                            prefix="£"
                            width="10"
                            inputMode="decimal"
                            spellCheck={false}
                            autoComplete="off"
                            error={form.errors.amount}
                            defaultValue={form.values.amount}
                            {...form.register("amount")}
                          />
                          <WordCountTextarea
                            name="conditions"
                            label="Conditions of the award (optional)"
                            hint="For example, what must happen before the first payment. The applicant sees these in the decision letter."
                            maxWords={DECISION_LIMITS.conditionsWords}
                            rows={4}
                            error={form.errors.conditions}
                            defaultValue={form.values.conditions}
                            inputProps={form.register("conditions")}
                          />
                        </>,
                      )}
                      {radio("decline", "Do not fund", 1, "conditional-decline")}
                      {conditional(
                        "decline",
                        "conditional-decline",
                        <WordCountTextarea
                          name="feedback"
                          label="Feedback for the applicant"
                          hint="What the panel liked and what would make a stronger application. The applicant sees this in the decision letter."
                          maxWords={DECISION_LIMITS.feedbackWords}
                          rows={5}
                          error={form.errors.feedback}
                          defaultValue={form.values.feedback}
                          inputProps={form.register("feedback")}
                        />,
                      )}
                      {radio("reserve", "Put on the reserve list", 2, undefined, "Funded if money becomes available in this round.")}
                    </div>
                  </Fieldset>
                </div>
                <WordCountTextarea
                  name="reasons"
                  label="Reasons for the decision"
                  labelSize="m"
                  hint="For the record and the Health Equity Town Board. The applicant never sees these."
                  maxWords={DECISION_LIMITS.reasonsWords}
                  rows={5}
                  error={form.errors.reasons}
                  defaultValue={form.values.reasons}
                  inputProps={form.register("reasons")}
                />
                <p className="govuk-body">The applicant is told only when you send the round's decision letters.</p>
                <Button>Save decision</Button>
              </Form>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
