// Is there demo data in use? The demo's people have addresses at demo.test, its rounds are
// marked `isDemo`. Retiring the demo data closes those accounts and archives those rounds; until
// then the page frame says "Demo", and "Before you go live" counts what is left. A module of its
// own, with nothing but the database beneath it, so the outbox and the accounts can ask too.
import { and, count, eq, isNull, like, ne } from "drizzle-orm";
import { db, schema, type DbOrTx } from "~/utils/db.server";

/** The demo's people all have addresses at this domain (db/seed/demo.ts). */
export const DEMO_EMAIL_SUFFIX = "@demo.test";
export const isDemoEmail = (email: string) => email.trim().toLowerCase().endsWith(DEMO_EMAIL_SUFFIX);

export const isDemoAccount = like(schema.users.email, `%${DEMO_EMAIL_SUFFIX}`);
const liveDemoRound = and(eq(schema.cycles.isDemo, true), ne(schema.cycles.status, "archived"));

/** Demo accounts still open, and demo rounds not yet archived (still on the public pages). */
export function demoDataLeft(tx: DbOrTx = db): { accounts: number; rounds: number } {
  const accounts = tx.select({ n: count() }).from(schema.users).where(and(isDemoAccount, isNull(schema.users.disabledAt))).get()?.n ?? 0;
  const rounds = tx.select({ n: count() }).from(schema.cycles).where(liveDemoRound).get()?.n ?? 0;
  return { accounts, rounds };
}

/** True while any demo account is open or any demo round is not archived. Read on every page: stops at the first. */
export function demoDataPresent(tx: DbOrTx = db): boolean {
  if (tx.select({ id: schema.cycles.id }).from(schema.cycles).where(liveDemoRound).limit(1).get()) return true;
  return Boolean(tx.select({ id: schema.users.id }).from(schema.users).where(and(isDemoAccount, isNull(schema.users.disabledAt))).limit(1).get());
}
