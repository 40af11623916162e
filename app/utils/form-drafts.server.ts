// A session can end while someone types (a day unused, or signed out elsewhere). Their post
// is then kept for an hour, the browser gets a cookie naming it, and once they have signed in
// again the page they were on comes back with their words in it, ready to save.
import { createCookie } from "@remix-run/node";
import { and, eq, gt, lt } from "drizzle-orm";
import { db, schema } from "./db.server";
import { hashToken, newToken } from "./crypto.server";
import { endedSession } from "./session.server";

const DRAFT_MS = 60 * 60 * 1000;
const MAX_BYTES = 200_000;

const draftCookie = createCookie("portal_draft", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: process.env.NODE_ENV === "production" && (process.env.APP_URL ?? "").startsWith("https:"),
  maxAge: DRAFT_MS / 1000,
});

/** Keeps a form post made without a session; returns the Set-Cookie header, or null. */
export async function keepDraft(request: Request, path: string): Promise<string | null> {
  if (request.method !== "POST") return null;
  if (!(request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) return null;
  // Only for someone whose session has ended (a signed session cookie), one form per session.
  const ended = await endedSession(request);
  if (!ended) return null;
  const body = await request.clone().text();
  if (body.length > MAX_BYTES) return null;
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    // Never passwords, and not the page's own bookkeeping.
    if (/password|token/i.test(key) || key === "seen" || key === "intent") continue;
    const before = values[key];
    values[key] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  if (!Object.keys(values).length) return null;
  const { token, hash } = newToken();
  const now = Date.now();
  db.delete(schema.formDrafts).where(lt(schema.formDrafts.expiresAt, new Date(now))).run();
  db.delete(schema.formDrafts).where(eq(schema.formDrafts.sessionKey, ended.key)).run();
  db.insert(schema.formDrafts)
    .values({ tokenHash: hash, sessionKey: ended.key, userId: ended.userId, path, values, expiresAt: new Date(now + DRAFT_MS) })
    .run();
  return draftCookie.serialize(token);
}

/** The values kept for this page, once: the draft is deleted as it is given back. */
export async function takeDraft(request: Request, userId: number): Promise<Record<string, string> | null> {
  const token = await draftCookie.parse(request.headers.get("cookie"));
  if (typeof token !== "string" || token.length < 20) return null;
  const path = new URL(request.url).pathname;
  const row = db
    .select()
    .from(schema.formDrafts)
    .where(
      and(
        eq(schema.formDrafts.tokenHash, hashToken(token)),
        eq(schema.formDrafts.path, path),
        gt(schema.formDrafts.expiresAt, new Date()),
      ),
    )
    .get();
  // Known to be someone else's (a shared computer): not shown.
  if (!row || (row.userId !== null && row.userId !== userId)) return null;
  db.delete(schema.formDrafts).where(eq(schema.formDrafts.id, row.id)).run();
  // As the forms' typed values are: a list of ticked boxes joined with commas.
  return Object.fromEntries(Object.entries(row.values).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]));
}
