// Partners of an application, and their answer to the emailed "are you a partner?" link.
// Adding, removing and re-sending go through savePage, so the same rules hold as for every
// page of the application (member of the organisation, round open, not submitted), in one
// transaction with the email. The link's token is stored only as its SHA-256.
import { and, desc, eq, gt, lt, sql } from "drizzle-orm";
import { db, schema, transaction, type Tx } from "~/utils/db.server";
import { hashToken, newToken } from "~/utils/crypto.server";
import { getSettings } from "~/utils/settings.server";
import { recordAudit } from "./audit.server";
import { enqueueEmail } from "./outbox.server";
import { savePage, type ApplicationFile, type SaveOutcome } from "./applications.server";

/** A partner can be asked again once in each 10-minute window. */
export const RESEND_WINDOW_MS = 10 * 60 * 1000;
/** Each partner gets an email: a limit keeps the page from being used to send mail in bulk. */
export const MAX_PARTNERS = 20;

export type PartnerInput = { name: string; contactName: string; contactEmail: string; role: string };

export type PartnerResult =
  | { ok: true; redirectTo: string }
  | Exclude<SaveOutcome, { ok: true }>
  | { ok: false; kind: "invalid"; errors: Record<string, string> }
  | { ok: false; kind: "not_found" }
  | { ok: false; kind: "not_sent"; message: string };

type User = { id: number; organisationIds: number[] };
type Failure = Exclude<PartnerResult, { ok: true }>;

/** Thrown inside savePage's transaction to roll it back and report why. */
class Stop extends Error {
  constructor(readonly result: Failure) {
    super(result.kind);
  }
}

function partnerChange(
  user: User,
  applicationId: number,
  now: Date,
  write: (tx: Tx, file: ApplicationFile) => void,
  intent: "continue" | "later" = "later",
): PartnerResult {
  try {
    return savePage({ user, applicationId, page: "partners", intent, seen: null, write, now });
  } catch (error) {
    if (error instanceof Stop) return error.result;
    throw error;
  }
}

export type PartnerStatus = "waiting" | "confirmed" | "declined";

export const partnerStatus = (p: { confirmedAt: Date | null; declinedAt: Date | null }): PartnerStatus =>
  p.confirmedAt ? "confirmed" : p.declinedAt ? "declined" : "waiting";

/** The window a send falls in; the outbox keeps one message per partner per window. */
const windowOf = (now: Date) => Math.floor(now.getTime() / RESEND_WINDOW_MS);

/** Emails the partner a new link (the previous link stops working). False if already sent in this window. */
function sendRequest(tx: Tx, file: ApplicationFile, partner: { id: number; contactName: string | null; contactEmail: string; role: string }, now: Date) {
  const { token, hash } = newToken();
  const queued = enqueueEmail(tx, {
    to: partner.contactEmail,
    template: "partner-confirmation",
    data: {
      contactName: partner.contactName ?? "",
      leadName: file.organisation.name,
      projectTitle: file.application.title ?? "",
      programmeName: file.programme.name,
      role: partner.role,
      confirmUrl: `${getSettings().appUrl}/partners/confirm?token=${token}`,
    },
    dedupeKey: `partner-confirmation:${partner.id}:${windowOf(now)}`,
  });
  if (queued) tx.update(schema.applicationPartners).set({ confirmationTokenHash: hash }).where(eq(schema.applicationPartners.id, partner.id)).run();
  return queued;
}

/** Adds a partner and emails them; with "continue", also marks the section done if nothing is missing. */
export function addPartner(user: User, applicationId: number, input: PartnerInput, now = new Date(), intent: "continue" | "later" = "later"): PartnerResult {
  const write = (tx: Tx, file: ApplicationFile) => {
    const email = input.contactEmail.trim().toLowerCase();
    if (file.partners.some((p) => p.contactEmail.toLowerCase() === email)) {
      throw new Stop({ ok: false, kind: "invalid", errors: { contactEmail: "You have already added a partner with this email address" } });
    }
    if (file.partners.length >= MAX_PARTNERS) {
      throw new Stop({ ok: false, kind: "invalid", errors: { name: `You can add up to ${MAX_PARTNERS} partners. Remove one to add another` } });
    }
    const sortOrder = file.partners.reduce((max, p) => Math.max(max, p.sortOrder), 0) + 1;
    const partner = tx
      .insert(schema.applicationPartners)
      .values({ applicationId, name: input.name, contactName: input.contactName, contactEmail: email, role: input.role, sortOrder, createdAt: now })
      .returning()
      .get();
    sendRequest(tx, file, partner, now);
    recordAudit(tx, {
      actorUserId: user.id,
      action: "application.partner_added",
      entityType: "application",
      entityId: applicationId,
      summary: `Added ${input.name} as a partner`,
      details: { partnerId: partner.id },
    });
  };
  return partnerChange(user, applicationId, now, write, intent);
}

/** The partner, if it is this application's; a removed one (a second click) is "gone". */
function findPartner(tx: Tx, applicationId: number, partnerId: number) {
  const row = tx.select().from(schema.applicationPartners).where(eq(schema.applicationPartners.id, partnerId)).get();
  if (!row) return "gone" as const;
  if (row.applicationId !== applicationId) throw new Stop({ ok: false, kind: "not_found" });
  return row;
}

export function removePartner(user: User, applicationId: number, partnerId: number, now = new Date()): PartnerResult {
  return partnerChange(user, applicationId, now, (tx) => {
    const partner = findPartner(tx, applicationId, partnerId);
    if (partner === "gone") return;
    tx.delete(schema.applicationPartners).where(eq(schema.applicationPartners.id, partner.id)).run();
    recordAudit(tx, {
      actorUserId: user.id,
      action: "application.partner_removed",
      entityType: "application",
      entityId: applicationId,
      summary: `Removed ${partner.name} as a partner`,
      details: { partnerId: partner.id },
    });
  });
}

export function resendPartnerRequest(user: User, applicationId: number, partnerId: number, now = new Date()): PartnerResult {
  return partnerChange(user, applicationId, now, (tx, file) => {
    const partner = findPartner(tx, applicationId, partnerId);
    if (partner === "gone") throw new Stop({ ok: false, kind: "not_found" });
    if (partner.confirmedAt || partner.declinedAt) {
      throw new Stop({
        ok: false,
        kind: "not_sent",
        message: `${partner.name} has already ${partner.confirmedAt ? "confirmed" : "declined"}, so there is nothing to send.`,
      });
    }
    // At most once in 10 minutes: the last request's time decides; the outbox's key (one per
    // partner per 10-minute window) is the backstop.
    const prefix = `partner-confirmation:${partner.id}:`;
    const last = tx
      .select({ at: schema.outboxMessages.createdAt })
      .from(schema.outboxMessages)
      .where(and(gt(schema.outboxMessages.dedupeKey, prefix), lt(schema.outboxMessages.dedupeKey, `${prefix}~`)))
      .orderBy(desc(schema.outboxMessages.createdAt))
      .limit(1)
      .get();
    const allowedFrom = last ? new Date(last.at.getTime() + RESEND_WINDOW_MS) : now;
    if (now < allowedFrom || !sendRequest(tx, file, partner, now)) {
      const next = now < allowedFrom ? allowedFrom : new Date((windowOf(now) + 1) * RESEND_WINDOW_MS);
      throw new Stop({
        ok: false,
        kind: "not_sent",
        message: `We emailed ${partner.name} in the last 10 minutes. You can send the request again after ${londonTime(next)}.`,
      });
    }
    recordAudit(tx, {
      actorUserId: user.id,
      action: "application.partner_request_resent",
      entityType: "application",
      entityId: applicationId,
      summary: `Asked ${partner.name} again to confirm`,
      details: { partnerId: partner.id },
    });
  });
}

/** "7:10pm", rounded up to the minute so that the time said is never too early. */
const londonTime = (d: Date) =>
  new Intl.DateTimeFormat("en-GB", { hour: "numeric", minute: "2-digit", hour12: true, timeZone: "Europe/London" })
    .format(new Date(Math.ceil(d.getTime() / 60_000) * 60_000))
    .replace(" ", "");

// ---------------------------------------------------------------------------------------------
// The partner's answer, by the emailed link (no account needed: the token is the credential)
// ---------------------------------------------------------------------------------------------

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/** What the link is about, or null for a link that is not (or no longer) valid. */
export function partnerRequest(token: string) {
  if (!TOKEN.test(token)) return null;
  const row = db
    .select({
      partner: schema.applicationPartners,
      title: schema.applications.title,
      status: schema.applications.status,
      leadName: schema.organisations.name,
      programmeName: schema.programmes.name,
    })
    .from(schema.applicationPartners)
    .innerJoin(schema.applications, eq(schema.applications.id, schema.applicationPartners.applicationId))
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
    .innerJoin(schema.cycles, eq(schema.cycles.id, schema.applications.cycleId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
    .where(eq(schema.applicationPartners.confirmationTokenHash, hashToken(token)))
    .get();
  if (!row) return null;
  const { partner } = row;
  return {
    partnerName: partner.name,
    role: partner.role,
    projectTitle: row.title,
    leadName: row.leadName,
    programmeName: row.programmeName,
    withdrawn: row.status === "withdrawn",
    status: partnerStatus(partner),
    answeredAt: partner.confirmedAt ?? partner.declinedAt,
  };
}

export type PartnerAnswerResult =
  | { ok: true; answer: "confirmed" | "declined"; already: boolean; at: Date }
  | { ok: false; kind: "invalid" | "withdrawn" };

/** Records the partner's answer, once: a second answer is told what was recorded first. */
export function answerPartnerRequest(token: string, answer: "confirm" | "decline", now = new Date()): PartnerAnswerResult {
  if (!TOKEN.test(token)) return { ok: false, kind: "invalid" };
  return transaction((tx) => {
    const row = tx
      .select({ partner: schema.applicationPartners, status: schema.applications.status })
      .from(schema.applicationPartners)
      .innerJoin(schema.applications, eq(schema.applications.id, schema.applicationPartners.applicationId))
      .where(eq(schema.applicationPartners.confirmationTokenHash, hashToken(token)))
      .get();
    if (!row) return { ok: false, kind: "invalid" };
    const { partner } = row;
    if (partner.confirmedAt) return { ok: true, answer: "confirmed", already: true, at: partner.confirmedAt };
    if (partner.declinedAt) return { ok: true, answer: "declined", already: true, at: partner.declinedAt };
    if (row.status === "withdrawn") return { ok: false, kind: "withdrawn" };
    const confirmed = answer === "confirm";
    // The "is null" guards make the answer stick even if two posts race.
    const changed = tx
      .update(schema.applicationPartners)
      .set(confirmed ? { confirmedAt: now } : { declinedAt: now })
      .where(
        and(
          eq(schema.applicationPartners.id, partner.id),
          sql`${schema.applicationPartners.confirmedAt} is null`,
          sql`${schema.applicationPartners.declinedAt} is null`,
        ),
      )
      .run();
    if (changed.changes !== 1) return { ok: false, kind: "invalid" };
    recordAudit(tx, {
      actorUserId: null,
      action: confirmed ? "application.partner_confirmed" : "application.partner_declined",
      entityType: "application",
      entityId: partner.applicationId,
      summary: `${partner.name} ${confirmed ? "confirmed" : "declined"} the partnership`,
      details: { partnerId: partner.id },
    });
    return { ok: true, answer: confirmed ? "confirmed" : "declined", already: false, at: now };
  });
}
