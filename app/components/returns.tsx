// The frame of every page of an evaluation return: caption, error summary, a refusal or a
// warning that someone else changed the answers meanwhile, whether the numbers are "so far"
// or for the whole project, and the form with its two buttons. And the pieces the grantee's
// and staff's pages share.
import { Form, Link, useActionData } from "@remix-run/react";
import type { FormEvent, ReactNode } from "react";
import { ConflictBanner } from "~/components/application";
import { InsetText, NotificationBanner, Tag, type TagColour } from "~/components/govuk/content";
import { Button, ButtonGroup, ErrorSummary } from "~/components/govuk/form";
import type { PageFailure } from "~/utils/application-page.server";
import { formatDate, formatTime } from "~/utils/format";

type PageState = { id: number; title: string; reference: string; projectTitle: string; period: string; seen: string | null };

export function ReturnCaption({ page }: { page: Pick<PageState, "title" | "reference" | "projectTitle"> }) {
  return (
    <span className="govuk-caption-l">
      {page.title}: {page.reference}
      {page.projectTitle ? `, ${page.projectTitle}` : ""}
    </span>
  );
}

export function ReturnForm({
  page,
  heading,
  summary,
  onSubmit,
  children,
  encType,
  showPeriod = true,
  after,
}: {
  page: PageState;
  heading: string;
  summary: { href: string; text: string }[];
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
  encType?: "multipart/form-data";
  showPeriod?: boolean;
  /** Inside the form, after the two buttons (which stay the form's default for the Enter key). */
  after?: ReactNode;
}) {
  const failure = useActionData<PageFailure>();
  const seen = failure?.conflict?.fingerprint ?? page.seen;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={[...(failure?.problems ?? []), ...summary]} />
        {failure?.refused ? (
          <NotificationBanner title="This return cannot be changed">
            <p className="govuk-notification-banner__heading">{failure.refused}</p>
            <p className="govuk-body">Your answers on this page have not been saved. They are still in the form below.</p>
            <p className="govuk-body">
              <Link className="govuk-notification-banner__link" to={`/returns/${page.id}`}>
                Go to your return
              </Link>
            </p>
          </NotificationBanner>
        ) : null}
        {failure?.conflict ? <ConflictBanner saved={failure.conflict.saved} /> : null}
        <ReturnCaption page={page} />
        <h1 className="govuk-heading-l">{heading}</h1>
        {showPeriod ? <InsetText>{page.period}</InsetText> : null}
        <Form method="post" noValidate onSubmit={onSubmit} encType={encType}>
          {seen ? <input type="hidden" name="seen" value={seen} /> : null}
          {children}
          <ButtonGroup>
            <Button name="intent" value="continue">
              Save and continue
            </Button>
            <Button name="intent" value="later" variant="secondary">
              Save and come back later
            </Button>
          </ButtonGroup>
          {after}
        </Form>
      </div>
    </div>
  );
}

export const RETURN_STATUS_COLOURS: Record<string, TagColour> = {
  not_started: "grey",
  draft: "light-blue",
  submitted: "blue",
  changes_requested: "orange",
  accepted: "green",
};

export function ReturnStatusTag({ status, text }: { status: string; text: string }) {
  return <Tag colour={RETURN_STATUS_COLOURS[status]}>{text}</Tag>;
}

export type ReviewView = { id: number; outcome: "accepted" | "changes_requested"; comments: string | null; by: string | null; at: string };

export type DocumentView = { id: number; kind: string; name: string; description: string | null; size: string; href: string };

/** The photos and documents of a return as a table, each name a download link. */
export function DocumentsTable({ documents, caption, remove }: { documents: DocumentView[]; caption: string; remove?: boolean }) {
  return (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            File
          </th>
          <th scope="col" className="govuk-table__header">
            Description
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Size
          </th>
          {remove ? (
            <th scope="col" className="govuk-table__header">
              <span className="govuk-visually-hidden">Action</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {documents.map((d) => (
          <tr className="govuk-table__row" key={d.id}>
            <td className="govuk-table__cell app-wrap-anywhere">
              {/* A download, not a page: Remix must not try to route it. */}
              <Link className="govuk-link" to={d.href} reloadDocument>
                {d.name}
              </Link>
              <span className="govuk-!-display-block govuk-body-s govuk-!-margin-bottom-0">{d.kind}</span>
            </td>
            <td className="govuk-table__cell app-wrap-anywhere">{d.description ?? "None"}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{d.size}</td>
            {remove ? (
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {/* Submits its own small form (after the page's form), not the page's form. */}
                <button type="submit" form={`remove-${d.id}`} className="app-link-button">
                  Remove<span className="govuk-visually-hidden"> {d.name}</span>
                </button>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A review, as the grantee or staff read it. The grantee's pages pass no reviewer (`by` null):
 * they read "Reviewed on <date>", as the award's history hides staff names from grantees.
 */
export function ReviewText({ review }: { review: ReviewView }) {
  return (
    <>
      <p className="govuk-body-s govuk-!-margin-bottom-1">
        {review.by ? (
          <>
            <time dateTime={review.at}>
              {formatTime(review.at)} on {formatDate(review.at)}
            </time>{" "}
            by {review.by}
          </>
        ) : (
          <>
            Reviewed on <time dateTime={review.at}>{formatDate(review.at)}</time>
          </>
        )}
      </p>
      {review.comments ? <p className="govuk-body app-pre-line app-wrap-anywhere">{review.comments}</p> : null}
    </>
  );
}

/** "2.4 MB", "35 KB": sizes as people read them. */
export function formatSize(bytes: number) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
