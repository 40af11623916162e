// The frame of every application page: caption, error summary, a warning when someone else
// changed the answers meanwhile, the form with its two buttons. And the pieces several pages
// share: the answers summary, the status timeline and a textarea with a live word count.
import { Form, Link, useActionData } from "@remix-run/react";
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent, type ReactNode } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { Button, ButtonGroup, ErrorSummary, Textarea } from "~/components/govuk/form";
import { NotificationBanner, SummaryList, Tag } from "~/components/govuk/content";
import { formatDate, formatTime } from "~/utils/format";
import type { PageFailure } from "~/utils/application-page.server";

export function ApplicationCaption({ title, organisationName }: { title: string | null; organisationName: string }) {
  return <span className="govuk-caption-l">{title ? `${title}, ${organisationName}` : organisationName}</span>;
}

export function ApplicationForm({
  page,
  summary,
  onSubmit,
  children,
  encType,
  continueText = "Save and continue",
}: {
  page: { id: number; title: string | null; organisationName: string; seen: string | null };
  summary: { href: string; text: string }[];
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
  encType?: "multipart/form-data";
  continueText?: string;
}) {
  const failure = useActionData<PageFailure>();
  const seen = failure?.conflict?.fingerprint ?? page.seen;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={[...(failure?.problems ?? []), ...summary]} />
        {failure?.refused ? (
          <NotificationBanner title="This application cannot be changed">
            <p className="govuk-notification-banner__heading">{failure.refused}</p>
            <p className="govuk-body">
              <Link className="govuk-notification-banner__link" to={`/applications/${page.id}`}>
                Go to your application
              </Link>
            </p>
          </NotificationBanner>
        ) : null}
        {failure?.conflict ? <ConflictBanner saved={failure.conflict.saved} /> : null}
        <ApplicationCaption title={page.title} organisationName={page.organisationName} />
        <Form method="post" noValidate onSubmit={onSubmit} encType={encType}>
          {seen ? <input type="hidden" name="seen" value={seen} /> : null}
          {children}
          <ButtonGroup>
            <Button name="intent" value="continue">
              {continueText}
            </Button>
            <Button name="intent" value="later" variant="secondary">
              Save and come back later
            </Button>
          </ButtonGroup>
        </Form>
      </div>
    </div>
  );
}

/** Someone else saved this page while it was open here: show their answers; ours stay in the form. */
export function ConflictBanner({ saved }: { saved: { question: string; answer: string }[] }) {
  return (
    <NotificationBanner title="These answers were changed by someone else">
      <p className="govuk-notification-banner__heading">
        Someone saved different answers on this page after you opened it. Nothing has been overwritten.
      </p>
      <p className="govuk-body">Their saved answers are below. Your answers are still in the form. Check both, then save again to keep yours.</p>
      <SummaryList rows={saved.map((r) => ({ key: r.question, value: <span className="app-pre-line">{r.answer || "Not answered"}</span> }))} />
    </NotificationBanner>
  );
}

export type AnswerGroupView = { section: string; title: string; rows: { question: string; answer: string; page: string; staffOnly?: boolean }[] };

/** The answers as summary cards, one per section, with "Change" links while editable. */
export function AnswerCards({ groups, changeBase }: { groups: AnswerGroupView[]; changeBase?: string }) {
  return (
    <>
      {groups.map((g) => (
        <div className="govuk-summary-card" key={g.section}>
          <div className="govuk-summary-card__title-wrapper">
            <h2 className="govuk-summary-card__title">{g.title}</h2>
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              {g.rows.map((r, i) => (
                <div className="govuk-summary-list__row" key={`${r.question}-${i}`}>
                  <dt className="govuk-summary-list__key">
                    {r.question}
                    {r.staffOnly ? (
                      <>
                        {" "}
                        <Tag colour="grey">Staff only</Tag>
                      </>
                    ) : null}
                  </dt>
                  <dd className="govuk-summary-list__value app-pre-line">{r.answer}</dd>
                  {changeBase ? (
                    <dd className="govuk-summary-list__actions">
                      <Link className="govuk-link" to={`${changeBase}/${r.page}`}>
                        Change<span className="govuk-visually-hidden"> {r.question.toLowerCase()}</span>
                      </Link>
                    </dd>
                  ) : null}
                </div>
              ))}
            </dl>
          </div>
        </div>
      ))}
    </>
  );
}

export function Timeline({ events }: { events: { at: string; title: string; by: string | null; message: string | null }[] }) {
  return (
    <ol className="govuk-list app-timeline">
      {events.map((e, i) => (
        <li className="app-timeline__item" key={`${e.at}-${i}`}>
          <h3 className="govuk-heading-s govuk-!-margin-bottom-1">{e.title}</h3>
          <p className="govuk-body-s govuk-!-margin-bottom-1">
            <time dateTime={e.at}>
              {formatTime(e.at)} on {formatDate(e.at)}
            </time>
            {e.by ? ` by ${e.by}` : ""}
          </p>
          {e.message ? <p className="govuk-body app-pre-line">{e.message}</p> : null}
        </li>
      ))}
    </ol>
  );
}

const wordCount = (text: string) => (text.trim() ? text.trim().split(/\s+/).length : 0);

/**
 * GOV.UK character count, counting words. Without JavaScript the hint says the limit; with it,
 * the count updates as the person types and is announced politely, after a pause.
 */
export function WordCountTextarea({
  name,
  label,
  hint,
  error,
  maxWords,
  defaultValue,
  isPageHeading,
  labelSize,
  rows,
  inputProps,
}: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  maxWords: number;
  defaultValue?: string;
  isPageHeading?: boolean;
  labelSize?: "l" | "m" | "s";
  rows?: number;
  inputProps: UseFormRegisterReturn;
}) {
  const [count, setCount] = useState(() => wordCount(defaultValue ?? ""));
  const [announced, setAnnounced] = useState(count);
  const [hydrated, setHydrated] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => setHydrated(true), []);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onChange = (event: ChangeEvent<HTMLTextAreaElement>) => {
    void inputProps.onChange(event);
    const n = wordCount(event.target.value);
    setCount(n);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setAnnounced(n), 1000);
  };
  const remaining = maxWords - count;
  const message = (n: number) =>
    maxWords - n >= 0
      ? `You have ${maxWords - n} word${maxWords - n === 1 ? "" : "s"} remaining`
      : `You have ${n - maxWords} word${n - maxWords === 1 ? "" : "s"} too many`;
  return (
    <div className="govuk-character-count">
      <Textarea
        label={label}
        hint={hint}
        error={error}
        isPageHeading={isPageHeading}
        labelSize={labelSize}
        rows={rows}
        defaultValue={defaultValue}
        className={remaining < 0 ? "govuk-textarea--error" : undefined}
        aria-describedby={`${name}-info`}
        {...inputProps}
        name={name}
        onChange={onChange}
      />
      <div
        id={`${name}-info`}
        className={`govuk-hint govuk-character-count__message${hydrated && remaining < 0 ? " govuk-error-message" : ""}`}
      >
        {hydrated ? message(count) : `You can enter up to ${maxWords} words`}
      </div>
      {hydrated ? (
        <div className="govuk-visually-hidden" aria-live="polite">
          {message(announced)}
        </div>
      ) : null}
    </div>
  );
}
