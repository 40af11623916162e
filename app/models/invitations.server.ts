// Invitations: members invite colleagues by email; the colleague signs in (or creates an
// account) with that same address and accepts. The link's token is stored only as its SHA-256.
// (Kept apart from organisations.server.ts so that the two can be written at the same time.)
import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { db, schema, transaction, type DbOrTx } from "~/utils/db.server";
import { hashToken, newToken } from "~/utils/crypto.server";
import { getSettings } from "~/utils/settings.server";
import { recordAudit } from "./audit.server";
import { enqueueEmail } from "./outbox.server";

export const INVITATION_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

type User = { id: number; name: string; email: string };

export function organisationMembers(organisationId: number) {
  return db
    .select({ userId: schema.users.id, name: schema.users.name, email: schema.users.email, role: schema.organisationMembers.role })
    .from(schema.organisationMembers)
    .innerJoin(schema.users, eq(schema.users.id, schema.organisationMembers.userId))
    .where(eq(schema.organisationMembers.organisationId, organisationId))
    .orderBy(asc(schema.users.name))
    .all();
}

/** Invitations not yet accepted and not expired, newest first. */
export function pendingInvitations(organisationId: number, now = new Date()) {
  return db
    .select({
      id: schema.organisationInvitations.id,
      email: schema.organisationInvitations.email,
      expiresAt: schema.organisationInvitations.expiresAt,
      createdAt: schema.organisationInvitations.createdAt,
      invitedBy: schema.users.name,
    })
    .from(schema.organisationInvitations)
    .leftJoin(schema.users, eq(schema.users.id, schema.organisationInvitations.invitedById))
    .where(
      and(
        eq(schema.organisationInvitations.organisationId, organisationId),
        isNull(schema.organisationInvitations.acceptedAt),
        gt(schema.organisationInvitations.expiresAt, now),
      ),
    )
    .orderBy(desc(schema.organisationInvitations.createdAt))
    .all();
}

export type InviteResult = { ok: true } | { ok: false; kind: "refused"; message: string } | { ok: false; kind: "invalid"; errors: Record<string, string> };

/** Invites a colleague; a second invitation to the same address replaces the first. */
export function inviteColleague(inviter: User, organisationId: number, emailInput: string, now = new Date()): InviteResult {
  const email = emailInput.trim().toLowerCase();
  return transaction((tx): InviteResult => {
    const organisation = tx.select().from(schema.organisations).where(eq(schema.organisations.id, organisationId)).get();
    const isMember = tx
      .select({ id: schema.organisationMembers.id })
      .from(schema.organisationMembers)
      .where(and(eq(schema.organisationMembers.organisationId, organisationId), eq(schema.organisationMembers.userId, inviter.id)))
      .get();
    if (!organisation || !isMember) return { ok: false, kind: "refused", message: "Only members of the organisation can invite colleagues to it." };
    const already = tx
      .select({ id: schema.users.id })
      .from(schema.organisationMembers)
      .innerJoin(schema.users, eq(schema.users.id, schema.organisationMembers.userId))
      .where(and(eq(schema.organisationMembers.organisationId, organisationId), eq(schema.users.email, email)))
      .get();
    if (already) return { ok: false, kind: "invalid", errors: { email: `${email} is already a member of ${organisation.name}` } };

    // Only the newest link works: earlier pending invitations to this address go.
    tx.delete(schema.organisationInvitations)
      .where(
        and(
          eq(schema.organisationInvitations.organisationId, organisationId),
          eq(schema.organisationInvitations.email, email),
          isNull(schema.organisationInvitations.acceptedAt),
        ),
      )
      .run();
    const { token, hash } = newToken();
    const invitation = tx
      .insert(schema.organisationInvitations)
      .values({ organisationId, email, tokenHash: hash, invitedById: inviter.id, expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY_MS), createdAt: now })
      .returning({ id: schema.organisationInvitations.id })
      .get();
    enqueueEmail(tx, {
      to: email,
      template: "organisation-invitation",
      data: {
        inviterName: inviter.name,
        organisationName: organisation.name,
        acceptUrl: `${getSettings().appUrl}/invitations/accept?token=${token}`,
        days: INVITATION_DAYS,
      },
      dedupeKey: `organisation-invitation:${invitation.id}`,
    });
    recordAudit(tx, {
      actorUserId: inviter.id,
      action: "organisation.member_invited",
      entityType: "organisation",
      entityId: organisationId,
      summary: `Invited ${email}`,
      details: { invitationId: invitation.id },
    });
    return { ok: true };
  });
}

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

export type InvitationProblem = "invalid" | "expired" | "accepted" | "wrong_email";

function findInvitation(token: string, tx: DbOrTx = db) {
  if (!TOKEN.test(token)) return null;
  return (
    tx
      .select({ invitation: schema.organisationInvitations, organisationName: schema.organisations.name, inviterName: schema.users.name })
      .from(schema.organisationInvitations)
      .innerJoin(schema.organisations, eq(schema.organisations.id, schema.organisationInvitations.organisationId))
      .leftJoin(schema.users, eq(schema.users.id, schema.organisationInvitations.invitedById))
      .where(eq(schema.organisationInvitations.tokenHash, hashToken(token)))
      .get() ?? null
  );
}

function problemWith(
  found: NonNullable<ReturnType<typeof findInvitation>>,
  user: { id: number; email: string },
  now: Date,
): InvitationProblem | null {
  const { invitation } = found;
  if (invitation.acceptedAt) return invitation.acceptedById === user.id ? null : "accepted";
  if (invitation.expiresAt <= now) return "expired";
  if (invitation.email.toLowerCase() !== user.email.trim().toLowerCase()) return "wrong_email";
  return null;
}

/** What the accept page shows: the organisation, and any reason this person cannot accept. */
export function checkInvitation(token: string, user: { id: number; email: string }, now = new Date()) {
  const found = findInvitation(token);
  if (!found) return null;
  return {
    organisationId: found.invitation.organisationId,
    organisationName: found.organisationName,
    inviterName: found.inviterName,
    email: found.invitation.email,
    expiresAt: found.invitation.expiresAt,
    accepted: Boolean(found.invitation.acceptedAt),
    problem: problemWith(found, user, now),
  };
}

export type AcceptResult =
  | { ok: true; organisationId: number; organisationName: string }
  | { ok: false; problem: InvitationProblem; email?: string };

/** Joins the organisation, if the invitation is pending, in date, and sent to this person's address. */
export function acceptInvitation(user: { id: number; email: string }, token: string, now = new Date()): AcceptResult {
  return transaction((tx): AcceptResult => {
    const found = findInvitation(token, tx);
    if (!found) return { ok: false, problem: "invalid" };
    const { invitation } = found;
    const problem = problemWith(found, user, now);
    if (problem) return { ok: false, problem, email: invitation.email };
    const result = { ok: true as const, organisationId: invitation.organisationId, organisationName: found.organisationName };
    if (invitation.acceptedAt) return result; // this person, a second click
    tx.insert(schema.organisationMembers)
      .values({ organisationId: invitation.organisationId, userId: user.id, role: "member", createdAt: now })
      .onConflictDoNothing()
      .run();
    tx.update(schema.organisationInvitations)
      .set({ acceptedAt: now, acceptedById: user.id })
      .where(and(eq(schema.organisationInvitations.id, invitation.id), sql`${schema.organisationInvitations.acceptedAt} is null`))
      .run();
    recordAudit(tx, {
      actorUserId: user.id,
      action: "organisation.member_joined",
      entityType: "organisation",
      entityId: invitation.organisationId,
      summary: `${user.email} accepted the invitation`,
      details: { invitationId: invitation.id },
    });
    return result;
  });
}

export function organisationName(organisationId: number): string | null {
  return db.select({ name: schema.organisations.name }).from(schema.organisations).where(eq(schema.organisations.id, organisationId)).get()?.name ?? null;
}
