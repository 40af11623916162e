// One email: who it is to, what happened when it was sent, and what it says.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { InsetText, SuccessBanner, SummaryList, Tag } from "~/components/govuk/content";
import { Button } from "~/components/govuk/form";
import { bodyIsVisible, getOutboxMessage, retryOutboxMessage } from "~/models/outbox.server";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { OUTBOX_STATUS } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";

export const handle: RouteHandle = { backLink: { to: "/staff/outbox", text: "Back to the outbox" } };

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Email: ${data.message.subject}` : "Email");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const message = getOutboxMessage(idParam(params.messageId));
  if (!message) throw notFound();
  const visible = bodyIsVisible(message);
  return json({
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    visible,
    message: {
      id: message.id,
      to: message.toAddress,
      subject: message.subject,
      template: message.template,
      status: message.status,
      attempts: message.attempts,
      lastError: message.lastError,
      createdAt: message.createdAt.toISOString(),
      sentAt: message.sentAt?.toISOString() ?? null,
      nextAttemptAt: message.nextAttemptAt.toISOString(),
      text: visible ? message.text : null,
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const id = idParam(params.messageId);
  if (!retryOutboxMessage(id, user.id)) throw new Response("Only a failed email can be retried.", { status: 409 });
  return redirect(withNotice(`/staff/outbox/${id}`, "message-retried"));
}

export default function OutboxMessage() {
  const { message, visible, notice } = useLoaderData<typeof loader>();
  const status = OUTBOX_STATUS[message.status];
  return (
    <>
      {notice ? <SuccessBanner text={notice} /> : null}
      <span className="govuk-caption-l">Email outbox</span>
      <h1 className="govuk-heading-l">{message.subject}</h1>
      <SummaryList
        rows={[
          { key: "To", value: <span className="app-wrap-anywhere">{message.to}</span> },
          { key: "Status", value: <Tag colour={status?.colour}>{status?.text ?? message.status}</Tag> },
          { key: "Written", value: formatDateTime(message.createdAt) },
          ...(message.sentAt ? [{ key: "Sent", value: formatDateTime(message.sentAt) }] : []),
          ...(message.status === "pending" && message.attempts
            ? [{ key: "Next try", value: formatDateTime(message.nextAttemptAt) }]
            : []),
          { key: "Tries", value: String(message.attempts) },
          ...(message.lastError ? [{ key: "Last error", value: <span className="app-wrap-anywhere">{message.lastError}</span> }] : []),
          { key: "Template", value: message.template },
        ]}
      />
      {message.status === "failed" ? (
        <Form method="post">
          <Button variant="secondary">Try sending it again</Button>
        </Form>
      ) : null}
      {visible ? (
        <>
          <h2 className="govuk-heading-m">What it says</h2>
          <div className="app-email-text" data-testid="email-text">
            {message.text}
          </div>
          <h2 className="govuk-heading-m govuk-!-margin-top-6">How it looks</h2>
          <iframe
            className="app-email-frame"
            title={`The email "${message.subject}" as its recipient sees it`}
            src={`/staff/outbox/${message.id}/body`}
            sandbox=""
          />
        </>
      ) : (
        <InsetText>
          This email contains a link that signs its recipient in or resets their password, so only they can read it.
        </InsetText>
      )}
    </>
  );
}
