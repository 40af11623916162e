// "Before you go live": what a new service still lacks before real people use it, each check read
// from the database or the settings (counted in SQL), and the two things the page does itself:
// send a test email through the outbox, and retire the demo data (close the demo accounts and
// archive the demo rounds, so nothing demo is left on the public pages).
import { and, count, desc, eq, isNull, like, ne, sql } from "drizzle-orm";
import { db, schema, transaction, type DbOrTx } from "~/utils/db.server";
import { getSettings } from "~/utils/settings.server";
import { revokeSessions } from "~/utils/session.server";
import { DEMO_EMAIL_SUFFIX, demoDataLeft, isDemoAccount, isDemoEmail } from "./demo-data.server";
import { recordAudit } from "./audit.server";
import { enqueueEmail } from "./outbox.server";
import { getPlace } from "./place.server";

export type GoLiveKey = "contact" | "mail" | "https" | "open_data" | "wards" | "indicators" | "demo" | "round";

export type GoLiveItem = {
  key: GoLiveKey;
  title: string;
  ready: boolean;
  /** How things stand, in a sentence or two. */
  state: string;
  /** The page where it is put right; null for a setting of the server (its environment). */
  href: string | null;
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Every check of "Before you go live", in the order the page lists them. */
export function goLiveChecks(tx: DbOrTx = db): GoLiveItem[] {
  const place = getPlace(tx);
  const settings = getSettings();

  const wards = tx
    .select({
      total: count(),
      noNeighbourhood: sql<number>`coalesce(sum(case when ${schema.areas.parentId} is null then 1 else 0 end), 0)`,
      noCode: sql<number>`coalesce(sum(case when ${schema.areas.code} is null then 1 else 0 end), 0)`,
    })
    .from(schema.areas)
    .where(eq(schema.areas.kind, "ward"))
    .get() ?? { total: 0, noNeighbourhood: 0, noCode: 0 };

  // Context measures of need (Social Progress Index, income) are not published on Fingertips.
  const noFingertips =
    tx
      .select({ n: count() })
      .from(schema.indicators)
      .where(and(isNull(schema.indicators.fingertipsId), isNull(schema.indicators.archivedAt), ne(schema.indicators.kind, "context")))
      .get()?.n ?? 0;

  const published =
    tx
      .select({ n: count() })
      .from(schema.cycles)
      .where(and(eq(schema.cycles.status, "published"), eq(schema.cycles.isDemo, false)))
      .get()?.n ?? 0;

  const demo = demoDataLeft(tx);
  const mailHost = settings.smtpUrl ? safeHost(settings.smtpUrl) : null;
  const missingOpenData = [place.grantIdPrefix ? null : "the 360Giving prefix", place.funderOrgId ? null : "the funder organisation identifier"].filter(
    (x): x is string => x !== null,
  );

  return [
    {
      key: "contact",
      title: "Contact email",
      ready: Boolean(place.contactEmail),
      state: place.contactEmail
        ? `People are told to write to ${place.contactEmail}.`
        : "Not set. Applicants are not told how to get help, and the accessibility statement and privacy notice give no address.",
      href: "/admin/place",
    },
    {
      key: "mail",
      title: "Mail server",
      ready: Boolean(mailHost),
      state: mailHost
        ? `Emails are sent through ${mailHost} (SMTP_URL). Send a test email below to check they arrive.`
        : "SMTP_URL is not set, so no email leaves the portal: confirmation links, letters and reminders wait in the outbox. Set SMTP_URL where the portal is started, then restart it.",
      href: null,
    },
    {
      key: "https",
      title: "The portal's address uses https",
      ready: settings.appUrl.startsWith("https://"),
      state: settings.appUrl.startsWith("https://")
        ? `Links in emails start ${settings.appUrl}.`
        : `APP_URL is ${settings.appUrl}. Links in emails use it, and sign-in cookies are only marked secure on https. Set APP_URL to the https address people use, then restart the portal.`,
      href: null,
    },
    {
      key: "open_data",
      title: "360Giving prefix and funder identifier",
      ready: missingOpenData.length === 0,
      state: missingOpenData.length
        ? `Not set: ${missingOpenData.join(" and ")}. Until both are set, the open data uses provisional identifiers and must not be published.`
        : `Grant identifiers start 360G-${place.grantIdPrefix}; the funder is ${place.funderOrgId}.`,
      href: "/admin/place",
    },
    {
      key: "wards",
      title: "Wards' neighbourhoods and ONS codes",
      ready: wards.noNeighbourhood === 0 && wards.noCode === 0,
      state:
        wards.noNeighbourhood === 0 && wards.noCode === 0
          ? `Every one of the ${plural(wards.total, "ward", "wards")} has its neighbourhood and ONS code.`
          : [
              wards.noNeighbourhood ? `${plural(wards.noNeighbourhood, "ward has", "wards have")} no neighbourhood` : null,
              wards.noCode ? `${plural(wards.noCode, "ward has", "wards have")} no ONS code` : null,
            ]
              .filter(Boolean)
              .join("; ") + ` (of ${wards.total}). Reports by neighbourhood and the ward map need them.`,
      href: "/staff/wards",
    },
    {
      key: "indicators",
      title: "Indicators' Fingertips IDs",
      ready: noFingertips === 0,
      state: noFingertips
        ? `${plural(noFingertips, "indicator has", "indicators have")} no Fingertips ID, so a Fingertips file cannot update ${noFingertips === 1 ? "it" : "them"}. Measures of need such as the Social Progress Index are not counted: they are not on Fingertips.`
        : "Every indicator published on Fingertips has its ID.",
      href: "/staff/indicators",
    },
    {
      key: "demo",
      title: "Demo data",
      ready: demo.accounts === 0 && demo.rounds === 0,
      state:
        demo.accounts === 0 && demo.rounds === 0
          ? "There are no demo accounts or demo rounds in use."
          : `${plural(demo.accounts, "demo account is", "demo accounts are")} open, with a known password, and ${plural(demo.rounds, "demo round is", "demo rounds are")} on the public pages.`,
      href: demo.accounts === 0 && demo.rounds === 0 ? null : "/admin/go-live/retire-demo",
    },
    {
      key: "round",
      title: "A published round",
      ready: published > 0,
      state: published
        ? `${plural(published, "round is", "rounds are")} published.`
        : "No round is published yet, so there is nothing to apply to. Create a round on a programme, then publish it.",
      href: "/staff/programmes",
    },
  ];
}

/** The host of the mail server, never its user name or password. */
function safeHost(url: string): string {
  try {
    return new URL(url).host || "the mail server";
  } catch {
    return "the mail server";
  }
}

// ---------------------------------------------------------------------------------------------
// A test email
// ---------------------------------------------------------------------------------------------

export const TEST_EMAIL_TEMPLATE = "test-email";

/** The newest test emails and where each is: waiting, sent (when), or failed (why). */
export function recentTestEmails(limit = 5, tx: DbOrTx = db) {
  const m = schema.outboxMessages;
  return tx
    .select({ id: m.id, to: m.toAddress, status: m.status, attempts: m.attempts, lastError: m.lastError, createdAt: m.createdAt, sentAt: m.sentAt })
    .from(m)
    .where(eq(m.template, TEST_EMAIL_TEMPLATE))
    .orderBy(desc(m.id))
    .limit(limit)
    .all();
}

export type GoLiveResult<T = object> = ({ ok: true } & T) | { ok: false; status: 403 | 409; message: string };

/**
 * Puts a test email in the outbox for the address an admin gives. The page's request key makes
 * a double submit send one email.
 */
export function sendTestEmail(admin: { id: number; isAdmin: boolean; name: string }, input: { to: string; requestKey: string }): GoLiveResult<{ messageId: number }> {
  if (!admin.isAdmin) return { ok: false, status: 403, message: "Only admins can send a test email." };
  return transaction((tx) => {
    const dedupeKey = `test-email:${input.requestKey}`;
    const added = enqueueEmail(tx, {
      to: input.to,
      template: TEST_EMAIL_TEMPLATE,
      data: { sentBy: admin.name, portalUrl: getSettings().appUrl },
      dedupeKey,
    });
    const message = tx.select({ id: schema.outboxMessages.id }).from(schema.outboxMessages).where(eq(schema.outboxMessages.dedupeKey, dedupeKey)).get()!;
    if (added) {
      recordAudit(tx, {
        actorUserId: admin.id,
        action: "outbox.test_email_queued",
        entityType: "outbox_message",
        entityId: message.id,
        summary: `Test email to ${input.to}`,
      });
    }
    return { ok: true as const, messageId: message.id };
  });
}

// ---------------------------------------------------------------------------------------------
// Retiring the demo data
// ---------------------------------------------------------------------------------------------

/** What retiring would change: the demo accounts still open and the demo rounds not archived. */
export function demoDataToRetire(tx: DbOrTx = db) {
  return {
    accounts: tx
      .select({ id: schema.users.id, email: schema.users.email, name: schema.users.name })
      .from(schema.users)
      .where(and(isDemoAccount, isNull(schema.users.disabledAt)))
      .orderBy(schema.users.email)
      .all(),
    rounds: tx
      .select({ id: schema.cycles.id, name: schema.cycles.name, status: schema.cycles.status })
      .from(schema.cycles)
      .where(and(eq(schema.cycles.isDemo, true), ne(schema.cycles.status, "archived")))
      .orderBy(schema.cycles.id)
      .all(),
  };
}

export type RetireReport = { closedAccounts: number; archivedRounds: number; cancelledEmails: number };

/**
 * Closes every demo account (disabled, signed out everywhere) and archives every demo round, so
 * they leave the public pages and lists; demo emails still waiting in the outbox are not sent.
 * One transaction, audited per account and round. Refused to a demo admin (they would close
 * themselves) and to anyone not an admin. A second press changes nothing.
 */
export function retireDemoData(actor: { id: number }, now = new Date()): GoLiveResult<RetireReport> {
  return transaction((tx): GoLiveResult<RetireReport> => {
    // Read again here: a role changed since the page was opened counts.
    const me = tx.select().from(schema.users).where(eq(schema.users.id, actor.id)).get();
    if (!me || me.role !== "admin" || me.disabledAt) return { ok: false, status: 403, message: "Only admins can retire the demo data." };
    if (isDemoEmail(me.email)) {
      return {
        ok: false,
        status: 409,
        message: `You are signed in as ${me.email}, a demo account: retiring the demo data would close it. Make a real administrator with npm run admin:create, sign in as them, and retire the demo data from there.`,
      };
    }
    const { accounts, rounds } = demoDataToRetire(tx);
    for (const account of accounts) {
      tx.update(schema.users).set({ disabledAt: now }).where(eq(schema.users.id, account.id)).run();
      const ended = revokeSessions(tx, account.id);
      recordAudit(tx, {
        actorUserId: me.id,
        action: "user.access_changed",
        entityType: "user",
        entityId: account.id,
        summary: `Demo account closed when the demo data was retired${ended ? ` (${plural(ended, "session", "sessions")} ended)` : ""}`,
        details: { from: { disabled: false }, to: { disabled: true } },
      });
    }
    for (const round of rounds) {
      tx.update(schema.cycles).set({ status: "archived", updatedAt: now }).where(eq(schema.cycles.id, round.id)).run();
      recordAudit(tx, {
        actorUserId: me.id,
        action: "cycle.archived",
        entityType: "cycle",
        entityId: round.id,
        summary: "Demo round archived when the demo data was retired: it is no longer on the public pages",
        details: { from: { status: round.status }, to: { status: "archived" } },
      });
    }
    // Emails to demo addresses still waiting would only ever bounce.
    const cancelled = tx
      .update(schema.outboxMessages)
      .set({ status: "failed", lastError: "Not sent: the demo data was retired.", lockedUntil: null })
      .where(and(like(schema.outboxMessages.toAddress, `%${DEMO_EMAIL_SUFFIX}`), eq(schema.outboxMessages.status, "pending")))
      .run().changes;
    const report = { closedAccounts: accounts.length, archivedRounds: rounds.length, cancelledEmails: cancelled };
    if (accounts.length || rounds.length || cancelled) {
      recordAudit(tx, {
        actorUserId: me.id,
        action: "demo.retired",
        entityType: "place",
        entityId: 1,
        summary: `Demo data retired: ${plural(accounts.length, "account", "accounts")} closed, ${plural(rounds.length, "round", "rounds")} archived`,
        details: report,
      });
    }
    return { ok: true, ...report };
  });
}
