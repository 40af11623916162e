// Sessions are rows in the database, named by a random token in a signed cookie. Only the
// token's hash is stored. A session ends at sign-out, when revoked, after a day without use,
// or 14 days after sign-in, whichever comes first.
import { createCookie } from "@remix-run/node";
import { and, eq, gt, lt, ne, or } from "drizzle-orm";
import { hashToken, newToken } from "./crypto.server";
import { db, schema, type DbOrTx } from "./db.server";
import { getSettings } from "./settings.server";

export const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 24 * 60 * 60 * 1000;
/** Write "last seen" at most this often, not on every request. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

const settings = getSettings();
const cookie = createCookie("portal_session", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: settings.appUrl.startsWith("https://"),
  secrets: [settings.sessionSecret],
  maxAge: SESSION_LIFETIME_MS / 1000,
});

export type SessionRecord = typeof schema.sessions.$inferSelect;

/**
 * Starts a session in the caller's transaction and returns its token. Send the token with
 * `sessionCookie(token)` once the transaction has committed.
 */
export function startSession(tx: DbOrTx, userId: number, request: Request): string {
  const { token, hash } = newToken();
  const now = new Date();
  tx.insert(schema.sessions)
    .values({
      tokenHash: hash,
      userId,
      expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
      lastSeenAt: now,
      userAgent: request.headers.get("user-agent")?.slice(0, 300) ?? null,
    })
    .run();
  return token;
}

/** The Set-Cookie header value that gives the browser its session. */
export function sessionCookie(token: string): Promise<string> {
  return cookie.serialize(token);
}

/** The live session named by the request's cookie, or null. Touches "last seen". */
export async function readSession(request: Request): Promise<SessionRecord | null> {
  const token = await cookie.parse(request.headers.get("cookie"));
  if (typeof token !== "string" || token.length < 20) return null;
  const now = new Date();
  const session = db
    .select()
    .from(schema.sessions)
    .where(
      and(
        eq(schema.sessions.tokenHash, hashToken(token)),
        gt(schema.sessions.expiresAt, now),
        gt(schema.sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)),
      ),
    )
    .get();
  if (!session) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    db.update(schema.sessions).set({ lastSeenAt: now }).where(eq(schema.sessions.id, session.id)).run();
  }
  return session;
}

/** Ends the request's session; returns the Set-Cookie header that clears the cookie. */
export async function destroySession(request: Request): Promise<string> {
  const token = await cookie.parse(request.headers.get("cookie"));
  if (typeof token === "string") {
    db.delete(schema.sessions).where(eq(schema.sessions.tokenHash, hashToken(token))).run();
  }
  return cookie.serialize("", { maxAge: 0 });
}

/** Signs a person out everywhere (or everywhere but here). Returns how many sessions ended. */
export function revokeSessions(tx: DbOrTx, userId: number, exceptSessionId?: number): number {
  const where = exceptSessionId
    ? and(eq(schema.sessions.userId, userId), ne(schema.sessions.id, exceptSessionId))
    : eq(schema.sessions.userId, userId);
  return tx.delete(schema.sessions).where(where).run().changes;
}

export function listSessions(userId: number) {
  const now = new Date();
  return db
    .select()
    .from(schema.sessions)
    .where(
      and(
        eq(schema.sessions.userId, userId),
        gt(schema.sessions.expiresAt, now),
        gt(schema.sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)),
      ),
    )
    .orderBy(schema.sessions.createdAt)
    .all();
}

/** Deletes sessions that can no longer be used. */
export function pruneSessions(now = new Date()): number {
  return db
    .delete(schema.sessions)
    .where(
      or(
        lt(schema.sessions.expiresAt, now),
        lt(schema.sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)),
      ),
    )
    .run().changes;
}

/**
 * Whose session the request's cookie names, even if it has ended (expired, idle or signed out
 * elsewhere). Only for keeping what they typed; never for access.
 */
export async function endedSession(request: Request): Promise<{ key: string; userId: number | null } | null> {
  // The cookie is signed: only a session this portal gave out gets this far.
  const token = await cookie.parse(request.headers.get("cookie"));
  if (typeof token !== "string" || token.length < 20) return null;
  const key = hashToken(token);
  const row = db.select({ userId: schema.sessions.userId }).from(schema.sessions).where(eq(schema.sessions.tokenHash, key)).get();
  return { key, userId: row?.userId ?? null };
}
