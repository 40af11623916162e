// The outbox against a real SMTP server on 127.0.0.1: delivery, a server that is down and
// comes back, a refused address, a sender that crashed mid-send, and transactions that roll back.
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "~db/seed/index";
import { bodyIsVisible, createSmtpTransport, deliverDueMessages, enqueueEmail, MAX_ATTEMPTS } from "~/models/outbox.server";
import { resetSettingsForTests } from "~/utils/settings.server";
import { db, schema, transaction } from "~/utils/db.server";
import { startSmtpServer } from "../support/smtp";

const FROM = "Portal <no-reply@portal.test>";
const later = (ms: number) => new Date(Date.now() + ms);

beforeAll(async () => {
  await seedDatabase({ demo: false });
});

afterEach(() => {
  db.delete(schema.outboxMessages).run();
});

function writeConfirmation(to: string) {
  transaction((tx) =>
    enqueueEmail(tx, {
      to,
      template: "confirm-email",
      data: { name: "Ada <script>", confirmUrl: "http://portal.test/confirm-email?token=abc", hours: 24 },
    }),
  );
}

const message = () => db.select().from(schema.outboxMessages).get()!;

describe("outbox delivery", () => {
  it("sends a message over SMTP and marks it sent", async () => {
    const smtp = await startSmtpServer();
    try {
      writeConfirmation("ada@example.test");
      expect(message().status).toBe("pending");

      const report = await deliverDueMessages({ transport: createSmtpTransport(smtp.url), from: FROM });

      expect(report).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(smtp.received).toHaveLength(1);
      const mail = smtp.received[0]!;
      expect(mail.envelopeTo).toEqual(["ada@example.test"]);
      expect(mail.parsed.subject).toBe("Confirm your email address");
      expect(mail.parsed.text).toContain("http://portal.test/confirm-email?token=abc");
      expect(mail.parsed.text).toContain("Hello Ada <script>,");
      // The HTML part is escaped: a name cannot inject markup.
      expect(mail.parsed.html).toContain("Hello Ada &lt;script&gt;,");
      expect(mail.parsed.html).not.toContain("<script>");
      const sent = message();
      expect(sent.status).toBe("sent");
      expect(sent.attempts).toBe(1);
      expect(sent.sentAt).toBeInstanceOf(Date);

      // Nothing is sent twice.
      const again = await deliverDueMessages({ transport: createSmtpTransport(smtp.url), from: FROM });
      expect(again.sent).toBe(0);
      expect(smtp.received).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });

  it("keeps a message while the mail server is down and sends it when it is back", async () => {
    // Find a free port, then leave nothing listening on it.
    const probe = await startSmtpServer();
    const port = probe.port;
    await probe.close();

    writeConfirmation("grace@example.test");
    const down = await deliverDueMessages({ transport: createSmtpTransport(`smtp://127.0.0.1:${port}`), from: FROM });
    expect(down).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const waiting = message();
    expect(waiting.status).toBe("pending");
    expect(waiting.attempts).toBe(1);
    expect(waiting.lastError).toMatch(/ECONNREFUSED/);
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

    // Not due yet: the backoff holds it back.
    const smtp = await startSmtpServer({ port });
    try {
      const early = await deliverDueMessages({ transport: createSmtpTransport(smtp.url), from: FROM });
      expect(early.sent).toBe(0);

      const back = await deliverDueMessages({ transport: createSmtpTransport(smtp.url), from: FROM, now: later(60_000) });
      expect(back.sent).toBe(1);
      expect(smtp.received.map((m) => m.envelopeTo[0])).toEqual(["grace@example.test"]);
      expect(message().status).toBe("sent");
      expect(message().attempts).toBe(2);
    } finally {
      await smtp.close();
    }
  });

  it("gives up at once on an address the server refuses permanently", async () => {
    const smtp = await startSmtpServer({ reject: (to) => (to.startsWith("nobody") ? { code: 550, message: "No such mailbox" } : null) });
    try {
      writeConfirmation("nobody@example.test");
      const report = await deliverDueMessages({ transport: createSmtpTransport(smtp.url), from: FROM });
      expect(report.failed).toBe(1);
      expect(message().status).toBe("failed");
      expect(message().lastError).toMatch(/550/);
    } finally {
      await smtp.close();
    }
  });

  it("keeps waiting when the mail server refuses the portal itself (a bad login, a relay refusal)", async () => {
    const smtp = await startSmtpServer({ reject: () => ({ code: 554, message: "Relay access denied" }) });
    try {
      writeConfirmation("relay@example.test");
      const report = await deliverDueMessages({ transport: createSmtpTransport(smtp.url), from: FROM });
      expect(report).toEqual({ sent: 0, retrying: 1, failed: 0 });
      expect(message().status).toBe("pending");
    } finally {
      await smtp.close();
    }
  });

  it("removes the secret from a sign-in link once the email is delivered", async () => {
    const smtp = await startSmtpServer();
    try {
      writeConfirmation("secret@example.test");
      expect(message().text).toContain("token=abc");
      await deliverDueMessages({ transport: createSmtpTransport(smtp.url), from: FROM });
      expect(smtp.received[0]!.parsed.text).toContain("token=abc");
      expect(message().text).not.toContain("token=abc");
      expect(message().html).not.toContain("token=abc");
      expect(message().text).toContain("token=removed-after-sending");
    } finally {
      await smtp.close();
    }
  });

  it(`gives up after ${MAX_ATTEMPTS} temporary failures`, async () => {
    const smtp = await startSmtpServer({ reject: () => ({ code: 451, message: "Try again later" }) });
    try {
      writeConfirmation("busy@example.test");
      let now = new Date();
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        await deliverDueMessages({ transport: createSmtpTransport(smtp.url), from: FROM, now });
        now = new Date(now.getTime() + 2 * 60 * 60 * 1000);
      }
      expect(message().attempts).toBe(MAX_ATTEMPTS);
      expect(message().status).toBe("failed");
    } finally {
      await smtp.close();
    }
  });

  it("sends again a message whose sender crashed after claiming it", async () => {
    const smtp = await startSmtpServer();
    try {
      writeConfirmation("crash@example.test");
      // A sender claimed it, then the process died before it could say how it went.
      db.update(schema.outboxMessages).set({ status: "sending", lockedUntil: later(2 * 60_000) }).run();
      const whileClaimed = await deliverDueMessages({ transport: createSmtpTransport(smtp.url), from: FROM });
      expect(whileClaimed.sent).toBe(0);
      const afterClaimExpired = await deliverDueMessages({
        transport: createSmtpTransport(smtp.url),
        from: FROM,
        now: later(3 * 60_000),
      });
      expect(afterClaimExpired.sent).toBe(1);
      expect(smtp.received).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });
});

describe("who may read an email on the outbox page", () => {
  const withSettings = (env: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetSettingsForTests();
  };
  afterEach(() => withSettings({ SMTP_URL: undefined, DEMO_DATA: undefined }));

  it("hides sign-in and reset links unless this is a demo, in use, with no mail server", () => {
    const confirm = { template: "confirm-email" };
    const reset = { template: "reset-password" };
    const ordinary = { template: "account-already-exists" };
    // DEMO_DATA on, but no demo in this database (or the demo data retired): a live service.
    withSettings({ SMTP_URL: undefined, DEMO_DATA: "true" });
    expect([bodyIsVisible(confirm), bodyIsVisible(reset), bodyIsVisible(ordinary)]).toEqual([false, false, true]);
    // A demo in use: an open demo account.
    const demo = db.insert(schema.users).values({ email: "someone@demo.test", name: "Demo", passwordHash: "x" }).returning().get();
    expect([bodyIsVisible(confirm), bodyIsVisible(reset), bodyIsVisible(ordinary)]).toEqual([true, true, true]);
    // No mail server on a real service: staff must not be able to take over accounts.
    withSettings({ SMTP_URL: undefined, DEMO_DATA: "false" });
    expect([bodyIsVisible(confirm), bodyIsVisible(reset), bodyIsVisible(ordinary)]).toEqual([false, false, true]);
    withSettings({ SMTP_URL: "smtp://127.0.0.1:2525", DEMO_DATA: "true" });
    expect([bodyIsVisible(confirm), bodyIsVisible(reset), bodyIsVisible(ordinary)]).toEqual([false, false, true]);
    db.delete(schema.users).where(eq(schema.users.id, demo.id)).run();
  });
});

describe("outbox writing", () => {
  it("adds a message with a dedupe key only once", () => {
    const write = () =>
      transaction((tx) =>
        enqueueEmail(tx, {
          to: "once@example.test",
          template: "account-already-exists",
          data: { signInUrl: "http://portal.test/sign-in", resetUrl: "http://portal.test/forgot-password" },
          dedupeKey: "reminder:1",
        }),
      );
    expect(write()).toBe(true);
    expect(write()).toBe(false);
    expect(db.select().from(schema.outboxMessages).all()).toHaveLength(1);
  });

  it("writes nothing when the change it belongs to fails", () => {
    expect(() =>
      transaction((tx) => {
        enqueueEmail(tx, {
          to: "rollback@example.test",
          template: "account-already-exists",
          data: { signInUrl: "x", resetUrl: "y" },
        });
        throw new Error("the state change failed");
      }),
    ).toThrow("the state change failed");
    expect(db.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.toAddress, "rollback@example.test")).all()).toEqual([]);
  });
});
