// The parts of an award both the grantee's and staff's pages show: the summary, the conditions,
// the payments and returns tables and the grant terms.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { SummaryList, Table, Tag, type SummaryRow } from "~/components/govuk/content";
import { formatDate, formatDateTime, formatMoney } from "~/utils/format";
import { AWARD_STATUS_TAG, PAYMENT_STATUS_TAG, RETURN_STATUS_TAG } from "~/utils/labels";

type AwardData = {
  status: string;
  amountPence: number;
  awardDate: string;
  startDate: string | null;
  endDate: string | null;
  reference: string;
  title: string;
  organisationName: string;
  cycle: { name: string };
  programme: { name: string };
  respondedAt: string | null;
  respondedBy: string | null;
  acceptedTerms: { title: string; version: number } | null;
};

export function AwardStatusTag({ status }: { status: string }) {
  const tag = AWARD_STATUS_TAG[status];
  return <Tag colour={tag?.colour}>{tag?.text ?? status}</Tag>;
}

export function AwardSummary({ award, extra = [] }: { award: AwardData; extra?: SummaryRow[] }) {
  return (
    <SummaryList
      rows={[
        { key: "Organisation", value: award.organisationName },
        { key: "Project", value: <span className="app-wrap-anywhere">{award.title || "Untitled"}</span> },
        { key: "Reference", value: award.reference },
        { key: "Round", value: `${award.programme.name}: ${award.cycle.name}` },
        { key: "Amount", value: formatMoney(award.amountPence) },
        { key: "Status", value: <AwardStatusTag status={award.status} /> },
        { key: "Start date", value: award.startDate ? formatDate(award.startDate) : "Not set" },
        { key: "End date", value: award.endDate ? formatDate(award.endDate) : "Not set" },
        { key: "Award date", value: formatDate(award.awardDate) },
        ...(award.status !== "offered" && award.respondedAt && award.acceptedTerms
          ? [
              {
                key: "Accepted",
                value: `By ${award.respondedBy ?? "a member of the organisation"} on ${formatDateTime(award.respondedAt)}, on ${award.acceptedTerms.title}, version ${award.acceptedTerms.version}`,
              },
            ]
          : []),
        ...extra,
      ]}
    />
  );
}

export function ConditionsList({ conditions, showMet }: { conditions: { id: number; text: string; metAt: string | null }[]; showMet?: boolean }) {
  if (!conditions.length) return <p className="govuk-body">There are no conditions.</p>;
  return (
    <ul className="govuk-list govuk-list--bullet">
      {conditions.map((c) => (
        <li key={c.id}>
          <span className="app-pre-line">{c.text}</span>
          {showMet ? (c.metAt ? ` (met on ${formatDate(c.metAt)})` : " (not met yet)") : null}
        </li>
      ))}
    </ul>
  );
}

type PaymentRow = {
  id: number;
  instalment: number;
  dueDate: string;
  amountPence: number;
  condition: string | null;
  status: string;
  paidOn: string | null;
  paidAmountPence: number | null;
};

export function PaymentsTable({ payments, caption = "Payments" }: { payments: PaymentRow[]; caption?: ReactNode }) {
  if (!payments.length) {
    return (
      <>
        <h2 className="govuk-heading-m">{caption}</h2>
        <p className="govuk-body">No instalments are scheduled.</p>
      </>
    );
  }
  return (
    <Table
      caption={caption}
      columns={[{ header: "Instalment" }, { header: "Due" }, { header: "Amount", numeric: true }, { header: "Condition" }, { header: "Status" }]}
      rows={payments.map((p) => [
        String(p.instalment),
        <span className="app-nowrap" key="d">{formatDate(p.dueDate)}</span>,
        formatMoney(p.amountPence),
        p.condition ?? "None",
        p.status === "paid" && p.paidOn ? (
          <span key="s">
            <Tag colour="green">Paid</Tag> <span className="govuk-!-display-block govuk-!-margin-top-1">{formatMoney(p.paidAmountPence ?? p.amountPence)} on {formatDate(p.paidOn)}</span>
          </span>
        ) : (
          <Tag colour={PAYMENT_STATUS_TAG[p.status]?.colour} key="s">{PAYMENT_STATUS_TAG[p.status]?.text ?? p.status}</Tag>
        ),
      ])}
    />
  );
}

type ReturnRow = { id: number; title: string; dueDate: string; status: string };

/**
 * The award's returns. `href` gives a return's page (none: the title is not a link); a closed
 * award's returns not yet sent are no longer asked for.
 */
export function ReturnsTable({ returns, href, closed }: { returns: ReturnRow[]; href?: (id: number) => string; closed?: boolean }) {
  if (!returns.length) {
    return (
      <>
        <h2 className="govuk-heading-m">Returns</h2>
        <p className="govuk-body">No returns are asked for.</p>
      </>
    );
  }
  return (
    <Table
      caption="Returns"
      columns={[{ header: "Return" }, { header: "Due" }, { header: "Status" }]}
      rows={returns.map((r) => {
        const unsent = r.status === "not_started" || r.status === "draft" || r.status === "changes_requested";
        const tag = closed && unsent ? { text: "No longer needed", colour: "grey" as const } : RETURN_STATUS_TAG[r.status];
        return [
          href ? (
            <Link className="govuk-link" to={href(r.id)} key="t">
              {r.title}
            </Link>
          ) : (
            r.title
          ),
          <span className="app-nowrap" key="d">{formatDate(r.dueDate)}</span>,
          <Tag colour={tag?.colour} key="s">{tag?.text ?? r.status}</Tag>,
        ];
      })}
    />
  );
}

/** The grant terms in full, in a GOV.UK details (or open, on the accept page). */
export function TermsText({ terms, open }: { terms: { title: string; version: number; body: string }; open?: boolean }) {
  const text = (
    <div className="app-terms">
      <p className="govuk-body app-pre-line">{terms.body}</p>
    </div>
  );
  if (open) return text;
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Read the grant terms</span>
      </summary>
      <div className="govuk-details__text">{text}</div>
    </details>
  );
}
