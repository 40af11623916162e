// "Before you go live" (admins): what the service still lacks before real people use it, each
// with how it stands and where it is put right; and a test email, with whether it was delivered.
import { randomBytes } from "node:crypto";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { InsetText, SuccessBanner, Table, Tag } from "~/components/govuk/content";
import { Button, ErrorSummary, TextInput } from "~/components/govuk/form";
import { goLiveChecks, recentTestEmails, sendTestEmail } from "~/models/go-live.server";
import { testEmailSchema } from "~/schemas/admin";
import { requireRole } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";
import { getSettings } from "~/utils/settings.server";
import { useFreshFormKey, useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: { to: "/admin", text: "Back to people and roles" } };

export const meta: MetaFunction = ({ matches }) => pageTitle("Before you go live", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  return json({
    items: goLiveChecks(),
    mailServer: Boolean(getSettings().smtpUrl),
    tests: recentTestEmails().map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), sentAt: t.sentAt?.toISOString() ?? null })),
    defaultTo: admin.email,
    requestKey: randomBytes(24).toString("base64url"),
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const parsed = await parseForm(request, testEmailSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = sendTestEmail(admin, parsed.data);
  if (!result.ok) throw new Response(result.message, { status: result.status });
  return redirect(`${withNotice("/admin/go-live", "test-email-queued")}#test-email`);
}

type TestView = SerializeFrom<typeof loader>["tests"][number];

function TestEmailState({ test, mailServer }: { test: TestView; mailServer: boolean }) {
  switch (test.status) {
    case "sent":
      return <>Sent on {formatDateTime(test.sentAt!)}</>;
    case "failed":
      return <>Failed: {test.lastError ?? "no reason was given"}.</>;
    default:
      return mailServer ? (
        <>
          Waiting to be sent{test.attempts ? ` (tried ${test.attempts} ${test.attempts === 1 ? "time" : "times"}: ${test.lastError ?? "no reason given"})` : ""}
        </>
      ) : (
        <>Waiting in the outbox: with no mail server set, it will not be sent</>
      );
  }
}

export default function GoLivePage() {
  return <GoLive key={useFreshFormKey()} />;
}

function GoLive() {
  const d = useLoaderData<typeof loader>();
  const form = useGovukForm(testEmailSchema, { fields: ["to", "requestKey"], defaults: { to: d.defaultTo, requestKey: d.requestKey } });
  const ready = d.items.filter((i) => i.ready).length;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.notice ? <SuccessBanner text={d.notice} /> : null}
        <ErrorSummary items={form.summary.map((i) => (i.href === "#requestKey" ? { ...i, href: "#to" } : i))} />
        <span className="govuk-caption-l">Admin</span>
        <h1 className="govuk-heading-l">Before you go live</h1>
        <p className="govuk-body">
          Check these before the portal is used for real. Each one says how it stands now and where to put it right.
        </p>
        <h2 className="govuk-heading-s govuk-!-margin-bottom-2">{ready === d.items.length ? "Everything is ready" : "Not ready yet"}</h2>
        <p className="govuk-body govuk-!-margin-bottom-7">
          {ready} of {d.items.length} things are ready.
        </p>
        <ul className="govuk-task-list">
          {d.items.map((item) => (
            <li className={`govuk-task-list__item${item.href ? " govuk-task-list__item--with-link" : ""}`} key={item.key}>
              <div className="govuk-task-list__name-and-hint">
                {item.href ? (
                  <Link className="govuk-link govuk-task-list__link" to={item.href} aria-describedby={`check-${item.key}-hint check-${item.key}-status`}>
                    {item.title}
                  </Link>
                ) : (
                  <div>{item.title}</div>
                )}
                <div className="govuk-task-list__hint" id={`check-${item.key}-hint`}>
                  {item.state}
                </div>
              </div>
              <div className="govuk-task-list__status" id={`check-${item.key}-status`}>
                {item.ready ? "Ready" : <Tag colour="blue">Not ready</Tag>}
              </div>
            </li>
          ))}
        </ul>

        <h2 className="govuk-heading-m" id="test-email" tabIndex={-1}>
          Send a test email
        </h2>
        <p className="govuk-body">
          The portal sends its emails from the outbox, and tries again later if the mail server does not answer. Send one to an address you can read,
          then come back here to see whether it was delivered.
        </p>
        {d.mailServer ? null : <InsetText>No mail server is set (SMTP_URL), so a test email will wait in the outbox and not be sent.</InsetText>}
        {d.tests.length ? (
          <>
            <Table
              caption="Recent test emails"
              captionSize="s"
              columns={[{ header: "To" }, { header: "Put in the outbox" }, { header: "Delivered" }, { header: <span className="govuk-visually-hidden">Outbox</span> }]}
              rows={d.tests.map((t) => [
                <span className="app-wrap-anywhere" key="to">
                  {t.to}
                </span>,
                formatDateTime(t.createdAt),
                <TestEmailState test={t} mailServer={d.mailServer} key="state" />,
                <Link className="govuk-link" to={`/staff/outbox/${t.id}`} key="open">
                  Open<span className="govuk-visually-hidden"> the test email to {t.to}</span> in the outbox
                </Link>,
              ])}
            />
            {d.tests.some((t) => t.status === "pending" || t.status === "sending") && d.mailServer ? (
              <p className="govuk-body">Refresh this page in a few seconds to see whether a waiting email was delivered.</p>
            ) : null}
            {d.tests.some((t) => t.status === "sent") ? (
              <p className="govuk-body">Sent means the mail server took it. Check that it arrived, and not in a spam folder.</p>
            ) : null}
          </>
        ) : null}
        <Form method="post" noValidate onSubmit={form.onSubmit}>
          <input type="hidden" defaultValue={form.values.requestKey ?? d.requestKey} {...form.register("requestKey")} />
          <TextInput
            label="Email address to send it to"
            type="email"
            autoComplete="email"
            spellCheck={false}
            error={form.errors.to}
            defaultValue={form.values.to}
            {...form.register("to")}
          />
          <Button variant="secondary" data-prevent-double-click="true">
            Send a test email
          </Button>
        </Form>
      </div>
    </div>
  );
}
