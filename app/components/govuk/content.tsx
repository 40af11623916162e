// GOV.UK Design System content components as React (markup as in govuk-frontend's templates).
import { Link } from "@remix-run/react";
import { useId, type ReactNode } from "react";

const cx = (...classes: (string | false | null | undefined)[]) => classes.filter(Boolean).join(" ");

export function BackLink({ to, children = "Back" }: { to: string; children?: ReactNode }) {
  return (
    <Link to={to} className="govuk-back-link">
      {children}
    </Link>
  );
}

export function Panel({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="govuk-panel govuk-panel--confirmation">
      <h1 className="govuk-panel__title">{title}</h1>
      {children ? <div className="govuk-panel__body">{children}</div> : null}
    </div>
  );
}

/** An important message at the top of a page; `success` for the result of something just done. */
export function NotificationBanner({
  title,
  success,
  children,
}: {
  title?: string;
  success?: boolean;
  children: ReactNode;
}) {
  const titleId = useId();
  return (
    <div
      className={cx("govuk-notification-banner", success && "govuk-notification-banner--success")}
      role={success ? "alert" : "region"}
      aria-labelledby={titleId}
      data-module="govuk-notification-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={titleId}>
          {title ?? (success ? "Success" : "Important")}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

export function InsetText({ children }: { children: ReactNode }) {
  return <div className="govuk-inset-text">{children}</div>;
}

export function WarningText({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-warning-text">
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        {children}
      </strong>
    </div>
  );
}

const TAG_COLOURS = ["grey", "green", "turquoise", "blue", "light-blue", "purple", "pink", "red", "orange", "yellow"] as const;
export type TagColour = (typeof TAG_COLOURS)[number];

export function Tag({ colour, children }: { colour?: TagColour; children: ReactNode }) {
  return <strong className={cx("govuk-tag", colour && `govuk-tag--${colour}`)}>{children}</strong>;
}

export type SummaryRow = {
  key: ReactNode;
  value: ReactNode;
  action?: { to: string; text: string; visuallyHiddenText: string };
};

export function SummaryList({ rows, noBorder }: { rows: SummaryRow[]; noBorder?: boolean }) {
  const someHaveActions = rows.some((r) => r.action);
  return (
    <dl className={cx("govuk-summary-list", noBorder && "govuk-summary-list--no-border")}>
      {rows.map((row, i) => (
        <div className={cx("govuk-summary-list__row", someHaveActions && !row.action && "govuk-summary-list__row--no-actions")} key={i}>
          <dt className="govuk-summary-list__key">{row.key}</dt>
          <dd className="govuk-summary-list__value">{row.value}</dd>
          {row.action ? (
            <dd className="govuk-summary-list__actions">
              <Link className="govuk-link" to={row.action.to}>
                {row.action.text}
                <span className="govuk-visually-hidden"> {row.action.visuallyHiddenText}</span>
              </Link>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}

export type Column = { header: ReactNode; numeric?: boolean };

export function Table({
  caption,
  captionSize = "m",
  columns,
  rows,
  firstCellIsHeader,
}: {
  caption: ReactNode;
  captionSize?: "s" | "m" | "l";
  columns: Column[];
  rows: ReactNode[][];
  firstCellIsHeader?: boolean;
}) {
  return (
    <table className="govuk-table">
      <caption className={`govuk-table__caption govuk-table__caption--${captionSize}`}>{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {columns.map((c, i) => (
            <th scope="col" className={cx("govuk-table__header", c.numeric && "govuk-table__header--numeric")} key={i}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((row, r) => (
          <tr className="govuk-table__row" key={r}>
            {row.map((cell, i) =>
              i === 0 && firstCellIsHeader ? (
                <th scope="row" className="govuk-table__header" key={i}>
                  {cell}
                </th>
              ) : (
                <td className={cx("govuk-table__cell", columns[i]?.numeric && "govuk-table__cell--numeric")} key={i}>
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The first, last, current and neighbouring pages, with gaps (null) between (GOV.UK pattern). */
export function pageNumbers(page: number, pageCount: number): (number | null)[] {
  const shown = [...new Set([1, page - 1, page, page + 1, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  return shown.flatMap((n, i) => (i > 0 && n - shown[i - 1]! > 1 ? [null, n] : [n]));
}

export function Pagination({
  page,
  pageCount,
  href,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav className="govuk-pagination" aria-label="Pagination">
      {page > 1 ? (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" to={href(page - 1)} rel="prev">
            <span className="govuk-pagination__link-title">
              Previous<span className="govuk-visually-hidden"> page</span>
            </span>
          </Link>
        </div>
      ) : null}
      <ul className="govuk-pagination__list">
        {pageNumbers(page, pageCount).map((n, i) =>
          n === null ? (
            <li className="govuk-pagination__item govuk-pagination__item--ellipses" key={`gap-${i}`}>
              &ctdot;
            </li>
          ) : (
            <li className={cx("govuk-pagination__item", n === page && "govuk-pagination__item--current")} key={n}>
              <Link
                className="govuk-link govuk-pagination__link"
                to={href(n)}
                aria-label={`Page ${n}`}
                aria-current={n === page ? "page" : undefined}
              >
                {n}
              </Link>
            </li>
          ),
        )}
      </ul>
      {page < pageCount ? (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" to={href(page + 1)} rel="next">
            <span className="govuk-pagination__link-title">
              Next<span className="govuk-visually-hidden"> page</span>
            </span>
          </Link>
        </div>
      ) : null}
    </nav>
  );
}

/** The green banner after something worked ("Your password has been changed."). */
export function SuccessBanner({ text }: { text: string }) {
  return (
    <NotificationBanner success>
      <p className="govuk-notification-banner__heading">{text}</p>
    </NotificationBanner>
  );
}
