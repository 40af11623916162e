// The email outbox. A change that should send an email writes the message here in its own
// transaction; `deliverDueMessages` sends it later, retrying with backoff. Nothing is lost to
// a crash or a mail server that is down: the row stays until it is sent or given up on.
import { and, count, desc, eq, inArray, lte, or } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import {
  renderEmail,
  SENSITIVE_TEMPLATES,
  templates,
  type TemplateData,
  type TemplateName,
} from "~emails/index";
import { db, schema, transaction, type DbOrTx } from "~/utils/db.server";
import { getSettings } from "~/utils/settings.server";
import { recordAudit } from "./audit.server";
import { demoDataPresent } from "./demo-data.server";
import { SERVICE_NAME } from "~/utils/meta";
import { getPlace } from "./place.server";

const { outboxMessages } = schema;
export type OutboxMessage = typeof outboxMessages.$inferSelect;

/** Give up after this many attempts (about 8 hours of trying); staff can then retry by hand. */
export const MAX_ATTEMPTS = 12;
const CLAIM_MS = 2 * 60 * 1000;

/** 30 s, 1 min, 2 min, … capped at 1 hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000);
}

/**
 * Adds a message to the outbox, in the caller's transaction. With a `dedupeKey`, a second
 * message with the same key is not added (returns false): a job that runs twice sends once.
 */
export function enqueueEmail<K extends TemplateName>(
  tx: DbOrTx,
  message: { to: string; template: K; data: TemplateData<K>; dedupeKey?: string },
): boolean {
  const rendered = renderTemplate(tx, message.template, message.data);
  const result = tx
    .insert(outboxMessages)
    .values({
      template: message.template,
      toAddress: message.to,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      dedupeKey: message.dedupeKey ?? null,
    })
    .onConflictDoNothing({ target: outboxMessages.dedupeKey })
    .run();
  return result.changes === 1;
}

/**
 * One email, filled in and rendered as the outbox stores it (subject, HTML and plain text), with
 * the place's branding. `enqueueEmail` uses it, and so do the letter previews staff read before
 * sending, so that a preview says exactly what the letter will.
 */
export function renderTemplate<K extends TemplateName>(tx: DbOrTx, template: K, data: TemplateData<K>) {
  const build = templates[template] as (data: TemplateData<K>) => ReturnType<(typeof templates)[K]>;
  return renderEmail(build(data), { serviceName: SERVICE_NAME, placeName: getPlace(tx).name, appUrl: getSettings().appUrl });
}

export function createSmtpTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as object);
}

export type DeliveryReport = { sent: number; retrying: number; failed: number };

/**
 * Sends every message that is due, oldest first. Safe to run from several places at once:
 * each message is claimed in a transaction before it is sent, and a claim that outlives a
 * crashed sender expires and is taken again (so a crash mid-send can repeat, never lose, a message).
 */
export async function deliverDueMessages(options: {
  transport: Transporter;
  from: string;
  now?: Date;
  limit?: number;
}): Promise<DeliveryReport> {
  const now = options.now ?? new Date();
  const claimed = transaction((tx) => {
    const due = tx
      .select()
      .from(outboxMessages)
      .where(
        or(
          and(eq(outboxMessages.status, "pending"), lte(outboxMessages.nextAttemptAt, now)),
          and(eq(outboxMessages.status, "sending"), lte(outboxMessages.lockedUntil, now)),
        ),
      )
      .orderBy(outboxMessages.id)
      .limit(options.limit ?? 50)
      .all();
    if (due.length === 0) return [];
    tx.update(outboxMessages)
      .set({ status: "sending", lockedUntil: new Date(now.getTime() + CLAIM_MS) })
      .where(inArray(outboxMessages.id, due.map((m) => m.id)))
      .run();
    return due;
  });

  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  for (const message of claimed) {
    const attempts = message.attempts + 1;
    try {
      const info = await options.transport.sendMail({
        from: options.from,
        to: message.toAddress,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: { "X-Portal-Message-Id": String(message.id) },
      });
      db.update(outboxMessages)
        .set({
          status: "sent",
          attempts,
          sentAt: new Date(),
          lockedUntil: null,
          lastError: null,
          providerMessageId: info.messageId ?? null,
          // Once delivered, a sign-in or reset link lives only in its recipient's inbox.
          ...(isSensitive(message) ? { text: redactLinks(message.text), html: redactLinks(message.html) } : {}),
        })
        .where(eq(outboxMessages.id, message.id))
        .run();
      report.sent++;
    } catch (error) {
      const permanent = isPermanentFailure(error);
      const giveUp = permanent || attempts >= MAX_ATTEMPTS;
      db.update(outboxMessages)
        .set({
          status: giveUp ? "failed" : "pending",
          attempts,
          lockedUntil: null,
          lastError: describeError(error),
          nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
        })
        .where(eq(outboxMessages.id, message.id))
        .run();
      if (giveUp) report.failed++;
      else report.retrying++;
    }
  }
  return report;
}

/**
 * The mailbox does not exist or will never take mail from us (550, 551, 553): retrying will
 * not help. Other refusals, such as a bad login (535) or a relay that is misconfigured (554),
 * are the portal's side to fix, so those messages keep waiting.
 */
function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return code === 550 || code === 551 || code === 553;
}

const isSensitive = (message: Pick<OutboxMessage, "template">) => SENSITIVE_TEMPLATES.has(message.template as TemplateName);

/** Replaces the secret in every link (`token=…`) so the stored copy cannot be used. */
export function redactLinks(content: string): string {
  return content.replace(/token=[A-Za-z0-9_-]+/g, "token=removed-after-sending");
}

function describeError(error: unknown): string {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const parts = [e.code, e.responseCode, e.message ?? String(error)].filter(Boolean);
  return parts.join(": ").slice(0, 1000);
}

/** Starts a loop that delivers due messages every few seconds, if a mail server is set. */
export function startOutboxSender(): { stop: () => void } | null {
  const { smtpUrl, mailFrom, outboxPollMs } = getSettings();
  if (!smtpUrl) return null;
  const transport = createSmtpTransport(smtpUrl);
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await deliverDueMessages({ transport, from: mailFrom });
    } catch (error) {
      console.error("Outbox delivery failed:", error);
    } finally {
      running = false;
    }
  }, outboxPollMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

// ---- Reading the outbox (staff) ----

export const OUTBOX_PAGE_SIZE = 50;

export function listOutboxMessages(filter: { status?: OutboxMessage["status"]; page: number }) {
  const where = filter.status ? eq(outboxMessages.status, filter.status) : undefined;
  const rows = db
    .select({
      id: outboxMessages.id,
      template: outboxMessages.template,
      toAddress: outboxMessages.toAddress,
      subject: outboxMessages.subject,
      status: outboxMessages.status,
      attempts: outboxMessages.attempts,
      lastError: outboxMessages.lastError,
      createdAt: outboxMessages.createdAt,
      sentAt: outboxMessages.sentAt,
    })
    .from(outboxMessages)
    .where(where)
    .orderBy(desc(outboxMessages.id))
    .limit(OUTBOX_PAGE_SIZE)
    .offset((filter.page - 1) * OUTBOX_PAGE_SIZE)
    .all();
  const total = db.select({ n: count() }).from(outboxMessages).where(where).get()?.n ?? 0;
  return { rows, total };
}

export function countOutboxByStatus(): Record<OutboxMessage["status"], number> {
  const counts = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of db
    .select({ status: outboxMessages.status, n: count() })
    .from(outboxMessages)
    .groupBy(outboxMessages.status)
    .all()) {
    counts[row.status] = row.n;
  }
  return counts;
}

export function getOutboxMessage(id: number) {
  return db.select().from(outboxMessages).where(eq(outboxMessages.id, id)).get() ?? null;
}

/**
 * True when staff may read this message's body on the outbox page. A message with a link that
 * confirms an account or resets a password stays between the portal and its recipient, or any
 * staff member could take over any account. The one exception is a demo with no mail server,
 * where reading the outbox is the only way to follow those emails (while the demo data is in use).
 */
export function bodyIsVisible(message: Pick<OutboxMessage, "template">): boolean {
  const { smtpUrl, demoData } = getSettings();
  // Once the demo data is retired, a live service's links stay private even with no mail server.
  return !isSensitive(message) || (!smtpUrl && demoData && demoDataPresent());
}

/** Puts a failed message back in the queue, now. */
export function retryOutboxMessage(id: number, actorUserId: number): boolean {
  return transaction((tx) => {
    const changed = tx
      .update(outboxMessages)
      .set({ status: "pending", nextAttemptAt: new Date(), lockedUntil: null })
      .where(and(eq(outboxMessages.id, id), eq(outboxMessages.status, "failed")))
      .run().changes;
    if (changed) {
      recordAudit(tx, {
        actorUserId,
        action: "outbox.retried",
        entityType: "outbox_message",
        entityId: id,
        summary: "Failed email put back in the queue",
      });
    }
    return changed === 1;
  });
}
