// Accounts: sign up, confirm an email address, sign in, reset a password, and what admins
// change about people. Each state change is one transaction with its audit row and its email.
import { and, asc, count, eq, gt, isNull } from "drizzle-orm";
import type { TokenPurpose } from "~db/schema";
import { DUMMY_PASSWORD_HASH, hashPassword, hashToken, newToken, verifyPassword } from "~/utils/crypto.server";
import { db, schema, transaction, type DbOrTx } from "~/utils/db.server";
import { revokeSessions, startSession } from "~/utils/session.server";
import { getSettings } from "~/utils/settings.server";
import { recordAudit } from "./audit.server";
import { isDemoEmail } from "./demo-data.server";
import { enqueueEmail } from "./outbox.server";
import { getPlace } from "./place.server";

const { users, userTokens, signInFailures } = schema;
export type User = typeof users.$inferSelect;

export const CONFIRM_EMAIL_HOURS = 24;
export const RESET_PASSWORD_MINUTES = 60;
/** A link made by `npm run admin:create` works this long. */
export const SET_PASSWORD_HOURS = 24;
/** Wrong passwords allowed per email address in the window before sign-in is paused. */
export const MAX_SIGN_IN_FAILURES = 5;
export const SIGN_IN_FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** A second "confirm your email" within this time is not sent (a double click, a reload). */
const RESEND_GAP_MS = 60 * 1000;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const absolute = (path: string) => `${getSettings().appUrl}${path}`;

export function findUserByEmail(email: string, tx: DbOrTx = db): User | undefined {
  return tx.select().from(users).where(eq(users.email, normaliseEmail(email))).get();
}

export function getUser(id: number): User | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

function issueToken(tx: DbOrTx, userId: number, purpose: TokenPurpose, ms: number) {
  const { token, hash } = newToken();
  tx.insert(userTokens)
    .values({ userId, purpose, tokenHash: hash, expiresAt: new Date(Date.now() + ms) })
    .run();
  return token;
}

function recentTokenExists(tx: DbOrTx, userId: number, purpose: "confirm_email" | "reset_password") {
  return Boolean(
    tx
      .select({ id: userTokens.id })
      .from(userTokens)
      .where(
        and(
          eq(userTokens.userId, userId),
          eq(userTokens.purpose, purpose),
          gt(userTokens.createdAt, new Date(Date.now() - RESEND_GAP_MS)),
        ),
      )
      .get(),
  );
}

function sendConfirmation(tx: DbOrTx, user: Pick<User, "id" | "name" | "email">, next?: string | null) {
  const token = issueToken(tx, user.id, "confirm_email", CONFIRM_EMAIL_HOURS * 3600 * 1000);
  // `next`: where the person was going (e.g. starting an application), already checked to be on this site.
  const then = next ? `&next=${encodeURIComponent(next)}` : "";
  enqueueEmail(tx, {
    to: user.email,
    template: "confirm-email",
    data: { name: user.name, confirmUrl: absolute(`/confirm-email?token=${token}${then}`), hours: CONFIRM_EMAIL_HOURS },
  });
}

/**
 * Creates an account and emails a confirmation link. The answer is the same whether or not the
 * address already has an account, so the form does not tell strangers who is registered: the
 * owner of a confirmed address is emailed instead (at most once an hour).
 *
 * Signing up again with an address nobody has confirmed takes it over: the new password
 * replaces the old, so whoever signed up first with someone else's address cannot keep it
 * (confirming needs the password too).
 */
export async function signUp(input: { name: string; email: string; password: string }, next?: string | null): Promise<void> {
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  transaction((tx) => {
    const existing = findUserByEmail(email, tx);
    if (existing) {
      if (existing.emailConfirmedAt) {
        const hour = Math.floor(Date.now() / 3_600_000);
        enqueueEmail(tx, {
          to: existing.email,
          template: "account-already-exists",
          data: { signInUrl: absolute("/sign-in"), resetUrl: absolute("/forgot-password") },
          dedupeKey: `account-already-exists:${existing.id}:${hour}`,
        });
        return;
      }
      tx.update(users).set({ passwordHash, name: input.name.trim() }).where(eq(users.id, existing.id)).run();
      // A double click, or a second try within a minute: the link already sent still works.
      if (!recentTokenExists(tx, existing.id, "confirm_email")) sendConfirmation(tx, existing, next);
      return;
    }
    // The demo's domain marks demo data (demo-data.server): no new account is made there, and
    // no mail could reach it anyway. The answer is the same as ever.
    if (isDemoEmail(email)) return;
    const user = tx.insert(users).values({ email, name: input.name.trim(), passwordHash }).returning().get();
    sendConfirmation(tx, user, next);
    recordAudit(tx, { actorUserId: user.id, action: "user.signed_up", entityType: "user", entityId: user.id });
  });
}

/** Sends a fresh confirmation link to an unconfirmed account (quietly does nothing otherwise). */
export function resendConfirmation(email: string): void {
  transaction((tx) => {
    const user = findUserByEmail(email, tx);
    if (!user || user.emailConfirmedAt || user.disabledAt) return;
    if (recentTokenExists(tx, user.id, "confirm_email")) return;
    sendConfirmation(tx, user);
  });
}

export type TokenProblem = "invalid" | "expired" | "used";

function checkToken(tx: DbOrTx, token: string, purpose: TokenPurpose) {
  const row = tx
    .select()
    .from(userTokens)
    .where(and(eq(userTokens.tokenHash, hashToken(token)), eq(userTokens.purpose, purpose)))
    .get();
  if (!row) return { problem: "invalid" as const };
  if (row.usedAt) return { problem: "used" as const, row };
  if (row.expiresAt.getTime() <= Date.now()) return { problem: "expired" as const, row };
  return { row };
}

/** What a confirmation link would do, without using it up (the page asks for a click first). */
export function checkConfirmToken(token: string): { problem: TokenProblem | null; email?: string; confirmed: boolean } {
  const checked = checkToken(db, token, "confirm_email");
  const owner = checked.row ? db.select().from(users).where(eq(users.id, checked.row.userId)).get() : undefined;
  return { problem: checked.problem ?? null, email: owner?.email, confirmed: Boolean(owner?.emailConfirmedAt) };
}

export type ConfirmResult =
  | { ok: true; user: User; sessionToken: string }
  | { ok: false; problem: TokenProblem | "wrong_password" | "disabled" };

/**
 * Confirms the address the link was sent to, with the account's password, and signs the
 * person in: all in one transaction. Asking for the password means that whoever signed up with
 * someone else's address cannot have it confirmed by its owner clicking an unexpected link.
 */
export async function confirmEmail(token: string, password: string, request: Request): Promise<ConfirmResult> {
  const checked = checkToken(db, token, "confirm_email");
  if (checked.problem || !checked.row) return { ok: false, problem: checked.problem ?? "invalid" };
  const owner = getUser(checked.row.userId);
  if (!owner) return { ok: false, problem: "invalid" };
  if (!(await verifyPassword(password, owner.passwordHash))) return { ok: false, problem: "wrong_password" };
  return transaction((tx) => {
    // Checked again inside the transaction: a second click must not use the link twice.
    const again = checkToken(tx, token, "confirm_email");
    if (again.problem || !again.row) return { ok: false as const, problem: again.problem ?? "invalid" };
    const user = tx.select().from(users).where(eq(users.id, again.row.userId)).get();
    if (!user) return { ok: false as const, problem: "invalid" as const };
    if (user.disabledAt) return { ok: false as const, problem: "disabled" as const };
    if (user.passwordHash !== owner.passwordHash) return { ok: false as const, problem: "wrong_password" as const };
    tx.update(userTokens).set({ usedAt: new Date() }).where(eq(userTokens.id, again.row.id)).run();
    const confirmed = tx
      .update(users)
      .set({ emailConfirmedAt: user.emailConfirmedAt ?? new Date() })
      .where(eq(users.id, user.id))
      .returning()
      .get();
    recordAudit(tx, { actorUserId: user.id, action: "user.email_confirmed", entityType: "user", entityId: user.id });
    return { ok: true as const, user: confirmed, sessionToken: signIn(tx, confirmed, request) };
  });
}

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; problem: "wrong" | "unconfirmed" | "paused" | "disabled" };

/**
 * Checks an email address and password. Every try is written down before the password is
 * checked (in one transaction with the count), so many tries at once cannot slip past the
 * limit: after five wrong passwords in fifteen minutes, sign-in for that address pauses (a
 * reset link still works). A right password clears the count.
 */
export async function checkSignIn(emailInput: string, password: string): Promise<SignInResult> {
  const email = normaliseEmail(emailInput);
  const since = new Date(Date.now() - SIGN_IN_FAILURE_WINDOW_MS);
  const attempt = transaction((tx) => {
    const tries =
      tx
        .select({ n: count() })
        .from(signInFailures)
        .where(and(eq(signInFailures.email, email), gt(signInFailures.createdAt, since)))
        .get()?.n ?? 0;
    if (tries >= MAX_SIGN_IN_FAILURES) return null;
    return tx.insert(signInFailures).values({ email }).returning({ id: signInFailures.id }).get().id;
  });
  if (attempt === null) return { ok: false, problem: "paused" };

  const user = findUserByEmail(email);
  // Hash even when there is no such account, so the time taken does not give it away.
  const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !matches) return { ok: false, problem: "wrong" };
  // The password was right: this try was not a failure.
  db.delete(signInFailures).where(eq(signInFailures.id, attempt)).run();
  if (user.disabledAt) return { ok: false, problem: "disabled" };
  if (!user.emailConfirmedAt) return { ok: false, problem: "unconfirmed" };
  return { ok: true, user };
}

/** Signs a person in, in the caller's transaction: records it and returns the new session's token. */
function signIn(tx: DbOrTx, user: User, request: Request): string {
  tx.delete(signInFailures).where(eq(signInFailures.email, user.email)).run();
  tx.update(users).set({ lastSignedInAt: new Date() }).where(eq(users.id, user.id)).run();
  recordAudit(tx, { actorUserId: user.id, action: "user.signed_in", entityType: "user", entityId: user.id });
  return startSession(tx, user.id, request);
}

/** Signs in someone whose password `checkSignIn` accepted; returns the session token for the cookie. */
export function startSignedInSession(user: User, request: Request): string {
  return transaction((tx) => signIn(tx, user, request));
}

/** Emails a reset link if the address has an account. Says nothing either way. */
export function requestPasswordReset(emailInput: string): void {
  transaction((tx) => {
    const user = findUserByEmail(emailInput, tx);
    if (!user || user.disabledAt) return;
    if (recentTokenExists(tx, user.id, "reset_password")) return;
    const token = issueToken(tx, user.id, "reset_password", RESET_PASSWORD_MINUTES * 60 * 1000);
    enqueueEmail(tx, {
      to: user.email,
      template: "reset-password",
      data: { name: user.name, resetUrl: absolute(`/reset-password?token=${token}`), minutes: RESET_PASSWORD_MINUTES },
    });
    recordAudit(tx, { actorUserId: null, action: "user.password_reset_requested", entityType: "user", entityId: user.id });
  });
}

/** Whoever changed it, the owner hears that their password changed (and whom to tell if it was not them). */
function tellOwnerPasswordChanged(tx: DbOrTx, user: Pick<User, "email" | "name">, signedOut: "everywhere" | "elsewhere") {
  enqueueEmail(tx, {
    to: user.email,
    template: "password-changed",
    data: {
      name: user.name,
      signedOut,
      signInUrl: absolute("/sign-in"),
      contactEmail: getPlace(tx).contactEmail ?? "the public health team",
    },
  });
}

export function checkResetToken(token: string): TokenProblem | null {
  return checkToken(db, token, "reset_password").problem ?? null;
}

/**
 * Sets a new password from a reset link. Ends every session of the account (whoever had it is
 * signed out), confirms the address (the link proved it) and tells the owner by email.
 */
export async function resetPassword(token: string, password: string): Promise<{ ok: true } | { ok: false; problem: TokenProblem }> {
  const passwordHash = await hashPassword(password);
  return transaction((tx) => {
    const checked = checkToken(tx, token, "reset_password");
    if (checked.problem || !checked.row) return { ok: false as const, problem: checked.problem ?? "invalid" };
    const user = tx.select().from(users).where(eq(users.id, checked.row.userId)).get();
    if (!user || user.disabledAt) return { ok: false as const, problem: "invalid" as const };
    tx.update(userTokens).set({ usedAt: new Date() }).where(eq(userTokens.id, checked.row.id)).run();
    // Any other reset link still out there stops working too.
    tx.update(userTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(userTokens.userId, user.id), eq(userTokens.purpose, "reset_password"), isNull(userTokens.usedAt)))
      .run();
    tx.update(users)
      .set({ passwordHash, emailConfirmedAt: user.emailConfirmedAt ?? new Date() })
      .where(eq(users.id, user.id))
      .run();
    tx.delete(signInFailures).where(eq(signInFailures.email, user.email)).run();
    revokeSessions(tx, user.id);
    tellOwnerPasswordChanged(tx, user, "everywhere");
    recordAudit(tx, { actorUserId: user.id, action: "user.password_reset", entityType: "user", entityId: user.id });
    return { ok: true as const };
  });
}

// ---- Admin ----

export function listUsers() {
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      staffTeam: users.staffTeam,
      emailConfirmedAt: users.emailConfirmedAt,
      disabledAt: users.disabledAt,
      lastSignedInAt: users.lastSignedInAt,
    })
    .from(users)
    .orderBy(asc(users.name))
    .all();
}

/**
 * Changes what a person may do. Staff need a team. An admin cannot demote or disable
 * themselves, so the portal always keeps at least the admin who is making the change.
 */
export function updateUserAccess(
  actor: { id: number },
  userId: number,
  change: { role: User["role"]; staffTeam: User["staffTeam"]; disabled: boolean },
): { ok: true } | { ok: false; problem: "not_found" | "self" | "not_admin" } {
  return transaction((tx) => {
    // Read again here: two admins changing each other at once must not leave none.
    const current = tx.select().from(users).where(eq(users.id, actor.id)).get();
    if (!current || current.role !== "admin" || current.disabledAt) {
      return { ok: false as const, problem: "not_admin" as const };
    }
    const user = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!user) return { ok: false as const, problem: "not_found" as const };
    if (user.id === actor.id && (change.role !== "admin" || change.disabled)) {
      return { ok: false as const, problem: "self" as const };
    }
    const staffTeam = change.role === "user" ? null : change.staffTeam;
    tx.update(users)
      .set({ role: change.role, staffTeam, disabledAt: change.disabled ? (user.disabledAt ?? new Date()) : null })
      .where(eq(users.id, userId))
      .run();
    if (change.disabled) revokeSessions(tx, userId);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "user.access_changed",
      entityType: "user",
      entityId: userId,
      summary: `Role ${user.role} → ${change.role}${change.disabled ? ", account disabled" : ""}`,
      details: {
        from: { role: user.role, staffTeam: user.staffTeam, disabled: Boolean(user.disabledAt) },
        to: { role: change.role, staffTeam, disabled: change.disabled },
      },
    });
    return { ok: true as const };
  });
}

/** Signs a person out on every device. */
export function revokeAllSessionsFor(actor: { id: number }, userId: number, exceptSessionId?: number): number {
  return transaction((tx) => {
    const ended = revokeSessions(tx, userId, exceptSessionId);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "user.sessions_revoked",
      entityType: "user",
      entityId: userId,
      summary: `${ended} session${ended === 1 ? "" : "s"} ended`,
    });
    return ended;
  });
}

/** A signed-in person changes their password; their other devices are signed out. */
export async function changePassword(
  user: { id: number; sessionId: number },
  currentPassword: string,
  password: string,
): Promise<{ ok: true } | { ok: false; problem: "wrong" }> {
  const existing = getUser(user.id);
  if (!existing || !(await verifyPassword(currentPassword, existing.passwordHash))) return { ok: false, problem: "wrong" };
  const passwordHash = await hashPassword(password);
  transaction((tx) => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, user.id)).run();
    revokeSessions(tx, user.id, user.sessionId);
    tellOwnerPasswordChanged(tx, existing, "elsewhere");
    recordAudit(tx, { actorUserId: user.id, action: "user.password_changed", entityType: "user", entityId: user.id });
  });
  return { ok: true };
}

// ---- The first administrator, and one-time links to choose a password ----

export type AdminCreated = {
  user: User;
  /** "created": a new account; "promoted": an account that becomes admin when the link is used; "already_admin": a fresh link only. */
  outcome: "created" | "promoted" | "already_admin";
  /** The one-time link to choose a password, to give to the person. Only its hash is stored. */
  link: string;
  expiresAt: Date;
};

export type AdminCreateRefusal = { problem: "demo" | "closed"; message: string };

/**
 * `npm run admin:create`: makes an account an administrator (a new account, or an existing one)
 * and issues a one-time link where they choose a password, valid for 24 hours. No password is
 * ever given here. Any earlier set-password link of the account stops working, so running the
 * command again gives the only link that works. The email must already be checked (schemas/account).
 */
export async function createAdmin(input: { email: string; name?: string | null }, now = new Date()): Promise<AdminCreated | AdminCreateRefusal> {
  const email = normaliseEmail(input.email);
  if (isDemoEmail(email)) {
    return { problem: "demo", message: `${email} is a demo address. An administrator of a real service needs a real email address.` };
  }
  // A new account gets a password nobody knows until they choose theirs at the link.
  const placeholderHash = await hashPassword(newToken().token);
  return transaction((tx): AdminCreated | AdminCreateRefusal => {
    const existing = findUserByEmail(email, tx);
    if (existing?.disabledAt) {
      return {
        problem: "closed",
        message: `The account for ${email} is closed. An administrator can open it again on its page at /admin/users/${existing.id}; this command does not open closed accounts.`,
      };
    }
    const name = input.name?.trim() || null;
    let user: User;
    let outcome: AdminCreated["outcome"];
    if (!existing) {
      user = tx
        .insert(users)
        .values({ email, name: name ?? "Administrator", passwordHash: placeholderHash, role: "admin" })
        .returning()
        .get();
      outcome = "created";
      recordAudit(tx, {
        actorUserId: null,
        action: "user.admin_created",
        entityType: "user",
        entityId: user.id,
        summary: "Administrator account made by npm run admin:create",
        details: { to: { role: "admin", name: user.name } },
      });
    } else {
      // An existing account becomes an administrator only when the link is used, so that a
      // mistyped address does not hand someone else's account admin rights at once.
      outcome = existing.role === "admin" ? "already_admin" : "promoted";
      user = name && name !== existing.name ? tx.update(users).set({ name }).where(eq(users.id, existing.id)).returning().get() : existing;
    }
    // Only the newest link works: earlier ones not yet used expire now.
    tx.update(userTokens)
      .set({ expiresAt: now })
      .where(and(eq(userTokens.userId, user.id), eq(userTokens.purpose, "set_password"), isNull(userTokens.usedAt), gt(userTokens.expiresAt, now)))
      .run();
    const { token, hash } = newToken();
    const expiresAt = new Date(now.getTime() + SET_PASSWORD_HOURS * 3600 * 1000);
    tx.insert(userTokens).values({ userId: user.id, purpose: "set_password", tokenHash: hash, expiresAt, createdAt: now }).run();
    recordAudit(tx, {
      actorUserId: null,
      action: "user.set_password_link_issued",
      entityType: "user",
      entityId: user.id,
      summary: `A link to choose a password, valid for ${SET_PASSWORD_HOURS} hours, made by npm run admin:create`,
    });
    return { user, outcome, link: absolute(`/set-password?token=${token}`), expiresAt };
  });
}

/** What a set-password link would do, without using it up. */
export function checkSetPasswordToken(token: string): { problem: TokenProblem | null; email: string | null } {
  const checked = checkToken(db, token, "set_password");
  const owner = checked.row && !checked.problem ? getUser(checked.row.userId) : undefined;
  if (!checked.problem && (!owner || owner.disabledAt)) return { problem: "invalid", email: null };
  return { problem: checked.problem ?? null, email: owner?.email ?? null };
}

/**
 * Sets the password from a set-password link, confirms the address (the link reached them) and
 * signs them in, in one transaction; any other session of the account ends. Someone who already
 * had a confirmed account is told by email that their password changed.
 */
export async function setPasswordFromLink(
  token: string,
  password: string,
  request: Request,
): Promise<{ ok: true; user: User; sessionToken: string } | { ok: false; problem: TokenProblem }> {
  const passwordHash = await hashPassword(password);
  return transaction((tx) => {
    const checked = checkToken(tx, token, "set_password");
    if (checked.problem || !checked.row) return { ok: false as const, problem: checked.problem ?? "invalid" };
    const user = tx.select().from(users).where(eq(users.id, checked.row.userId)).get();
    if (!user || user.disabledAt) return { ok: false as const, problem: "invalid" as const };
    const now = new Date();
    tx.update(userTokens)
      .set({ usedAt: now })
      .where(and(eq(userTokens.userId, user.id), eq(userTokens.purpose, "set_password"), isNull(userTokens.usedAt)))
      .run();
    // Set-password links are made only by `npm run admin:create`: using one makes the account an administrator.
    const updated = tx
      .update(users)
      .set({ passwordHash, emailConfirmedAt: user.emailConfirmedAt ?? now, role: "admin" })
      .where(eq(users.id, user.id))
      .returning()
      .get();
    if (user.role !== "admin") {
      recordAudit(tx, {
        actorUserId: user.id,
        action: "user.access_changed",
        entityType: "user",
        entityId: user.id,
        summary: `Role ${user.role} → admin, by the link from npm run admin:create`,
        details: { from: { role: user.role }, to: { role: "admin" } },
      });
    }
    revokeSessions(tx, user.id);
    if (user.emailConfirmedAt) tellOwnerPasswordChanged(tx, user, "everywhere");
    recordAudit(tx, { actorUserId: user.id, action: "user.password_set", entityType: "user", entityId: user.id, summary: "Password chosen from a one-time link" });
    return { ok: true as const, user: updated, sessionToken: signIn(tx, updated, request) };
  });
}
