// Pieces of the panel's pages: the declaration of any conflict of interest (radios with a conditional
// question, GOV.UK style, that also works without JavaScript), a scorecard shown read-only,
// and the page a refusal shows, with its reason in plain words.
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { FieldValues, UseFormRegister } from "react-hook-form";
import { WordCountTextarea } from "~/components/application";
import { ErrorMessage, Fieldset } from "~/components/govuk/form";
import { formatScore } from "~/models/scores";
import { SCORING_LIMITS } from "~/schemas/scoring";

const cx = (...classes: (string | false | null | undefined)[]) => classes.filter(Boolean).join(" ");

/**
 * "Do you have a conflict of interest?" Yes reveals "Describe the conflict". Without JavaScript
 * the question is always shown (and only read when Yes is chosen); with it, it opens and closes
 * with the choice, as GOV.UK's conditional reveal does.
 */
export function ConflictQuestion({
  legend,
  error,
  natureError,
  answer: initial,
  nature,
  register,
}: {
  legend: string;
  error?: string;
  natureError?: string;
  answer: string;
  nature: string;
  register: UseFormRegister<FieldValues>;
}) {
  const [answer, setAnswer] = useState(initial);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const radio = register("conflict", { onChange: (event: { target: { value: string } }) => setAnswer(event.target.value) });
  const items = [
    { id: "conflict", value: "no", text: "No, I have no conflict of interest" },
    { id: "conflict-2", value: "yes", text: "Yes, I have a conflict of interest" },
  ];
  return (
    <div className={cx("govuk-form-group", error && "govuk-form-group--error")}>
      <Fieldset legend={legend} legendSize="m" describedBy={error ? "conflict-error" : undefined}>
        {error ? <ErrorMessage id="conflict-error">{error}</ErrorMessage> : null}
        <div className="govuk-radios" data-module="govuk-radios">
          {items.map((item) => (
            <div key={item.value}>
              <div className="govuk-radios__item">
                <input
                  className="govuk-radios__input"
                  id={item.id}
                  type="radio"
                  value={item.value}
                  defaultChecked={initial === item.value}
                  aria-controls={item.value === "yes" && hydrated ? "conditional-nature" : undefined}
                  {...radio}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={item.id}>
                  {item.text}
                </label>
              </div>
              {item.value === "yes" ? (
                <div
                  className="govuk-radios__conditional"
                  id="conditional-nature"
                  hidden={hydrated && answer !== "yes" && !natureError ? true : undefined}
                >
                  <WordCountTextarea
                    name="nature"
                    label="Describe the conflict"
                    hint="For example: you work for, volunteer with or advise the organisation or one of its partners, or someone close to you does."
                    maxWords={SCORING_LIMITS.natureWords}
                    rows={3}
                    error={natureError}
                    defaultValue={nature}
                    inputProps={register("nature")}
                  />
                </div>
              ) : null}
            </div>
          ))}
        </div>
      </Fieldset>
    </div>
  );
}

export type CriterionView = {
  id: number;
  title: string;
  guidance: string | null;
  weight: number;
  scaleMin: number;
  scaleMax: number;
  descriptors: Record<string, string>;
};

export const scoreLabel = (criterion: Pick<CriterionView, "descriptors">, score: number) =>
  `${score}: ${criterion.descriptors[String(score)] || "No description"}`;

export const scaleOf = (criterion: Pick<CriterionView, "scaleMin" | "scaleMax">) =>
  Array.from({ length: criterion.scaleMax - criterion.scaleMin + 1 }, (_, i) => criterion.scaleMin + i);

/** One scorecard, read-only: each criterion's score with its descriptor, and the comments. */
export function ScoreList({
  criteria,
  scores,
  overallComment,
}: {
  criteria: CriterionView[];
  scores: Record<number, { score: number | null; comment: string }>;
  overallComment: string;
}) {
  return (
    <dl className="govuk-summary-list">
      {criteria.map((c) => {
        const s = scores[c.id];
        return (
          <div className="govuk-summary-list__row" key={c.id}>
            <dt className="govuk-summary-list__key">{c.title}</dt>
            <dd className="govuk-summary-list__value">
              <p className="govuk-body govuk-!-margin-bottom-1">
                <strong>{s?.score === null || s?.score === undefined ? "Not scored" : scoreLabel(c, s.score)}</strong>
              </p>
              {s?.comment ? <p className="govuk-body app-pre-line govuk-!-margin-bottom-0">{s.comment}</p> : null}
            </dd>
          </div>
        );
      })}
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Overall comment</dt>
        <dd className="govuk-summary-list__value app-pre-line">{overallComment || "None"}</dd>
      </div>
    </dl>
  );
}

export const totalText = (total: number | null) => (total === null ? "Not every criterion is scored yet" : `${formatScore(total)} out of 100`);

/**
 * A page the panel member may not open: the reason in plain words (not on this round's panel,
 * a conflict of interest, not declared yet), where the generic page would leave them guessing.
 */
export function PanelRefusal() {
  const error = useRouteError();
  if (!isRouteErrorResponse(error) || ![403, 404, 409].includes(error.status)) throw error;
  const message =
    error.status === 404
      ? "If you typed the web address, check it is correct."
      : typeof error.data === "string" && error.data
        ? error.data
        : "You do not have permission to view this page.";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{refusalTitle(error.status)}</h1>
        <p className="govuk-body">{message}</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/panel">
            Go to your panels
          </Link>
        </p>
      </div>
    </div>
  );
}

export const refusalTitle = (status: number) =>
  status === 404 ? "Page not found" : status === 403 ? "You cannot open this page" : "Sorry, we could not do that";
