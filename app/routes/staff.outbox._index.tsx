// Every email the portal has written, newest first. With no mail server set, this is where a
// demo follows its emails.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { InsetText, Pagination, Table, Tag } from "~/components/govuk/content";
import { countOutboxByStatus, listOutboxMessages, OUTBOX_PAGE_SIZE } from "~/models/outbox.server";
import { OUTBOX_STATUSES } from "~db/schema";
import { requireRole } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { OUTBOX_STATUS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";
import { getSettings } from "~/utils/settings.server";

export const meta: MetaFunction = () => pageTitle("Email outbox");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const url = new URL(request.url);
  const statusParam = url.searchParams.get("status");
  const status = OUTBOX_STATUSES.find((s) => s === statusParam);
  const page = Math.max(1, Math.min(10_000, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1));
  const { rows, total } = listOutboxMessages({ status, page });
  return json({
    status: status ?? null,
    page,
    pageCount: Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE)),
    total,
    counts: countOutboxByStatus(),
    mailServer: Boolean(getSettings().smtpUrl),
    rows: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null })),
  });
}

export default function Outbox() {
  const data = useLoaderData<typeof loader>();
  const filters = [{ key: null, text: "All" }, ...OUTBOX_STATUSES.map((s) => ({ key: s, text: OUTBOX_STATUS[s]!.text }))];
  const query = (page: number) => `/staff/outbox?${data.status ? `status=${data.status}&` : ""}page=${page}`;
  return (
    <>
      <span className="govuk-caption-l">Staff</span>
      <h1 className="govuk-heading-l">Email outbox</h1>
      {data.mailServer ? (
        <p className="govuk-body">Emails are sent through the mail server. Failed emails are tried again for up to 8 hours.</p>
      ) : (
        <InsetText>
          No mail server is set (SMTP_URL), so emails wait here and nobody receives them. You can read each one. They will
          be sent when a mail server is set and the portal restarts.
        </InsetText>
      )}
      <nav aria-label="Filter by status">
        <ul className="govuk-list govuk-list--inline app-filter-list">
          {filters.map((f) => {
            const current = data.status === f.key;
            const count = f.key ? data.counts[f.key] : Object.values(data.counts).reduce((a, b) => a + b, 0);
            return (
              <li key={f.text}>
                <Link
                  className="govuk-link"
                  to={f.key ? `/staff/outbox?status=${f.key}` : "/staff/outbox"}
                  aria-current={current ? "page" : undefined}
                >
                  {current ? <strong>{f.text}</strong> : f.text} ({count})
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      {data.rows.length ? (
        <Table
          caption={`${data.total} email${data.total === 1 ? "" : "s"}`}
          captionSize="s"
          columns={[{ header: "Written" }, { header: "To" }, { header: "Subject" }, { header: "Status" }, { header: "Tries", numeric: true }]}
          rows={data.rows.map((r) => [
            formatDateTime(r.createdAt),
            <span className="app-wrap-anywhere" key="to">{r.toAddress}</span>,
            <Link className="govuk-link" to={`/staff/outbox/${r.id}`} key="subject">
              {r.subject}
            </Link>,
            <Tag colour={OUTBOX_STATUS[r.status]?.colour} key="status">{OUTBOX_STATUS[r.status]?.text ?? r.status}</Tag>,
            r.attempts,
          ])}
        />
      ) : (
        <p className="govuk-body">There are no emails here.</p>
      )}
      <Pagination page={data.page} pageCount={data.pageCount} href={query} />
    </>
  );
}
