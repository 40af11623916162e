// The one place the portal opens its SQLite database. Everything else imports `db` from here.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "~db/schema";
import { getSettings } from "./settings.server";

export { schema };
export type DB = BetterSQLite3Database<typeof schema>;
/** A transaction handle; the same query API as `db`. */
export type Tx = Parameters<Parameters<DB["transaction"]>[0]>[0];
export type DbOrTx = DB | Tx;

const MIGRATIONS = path.resolve("db/migrations");

/** Opens (creating if need be) a database file and brings its schema up to date. */
export function openDatabase(file: string): { db: DB; sqlite: Database.Database } {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL: a submitted application or a recorded payment survives a power cut, not just a crash.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  return { db, sqlite };
}

export const { db, sqlite } = openDatabase(getSettings().databasePath);

/**
 * Runs a state change as one transaction. better-sqlite3 transactions are synchronous: the
 * callback must not `await` (it would commit early and never roll back). IMMEDIATE takes the
 * write lock at the start, so two writers queue instead of failing half-way.
 */
export function transaction<T>(work: (tx: Tx) => T): T {
  return db.transaction(work, { behavior: "immediate" });
}

/** True when the database answers; for /healthz. */
export function databaseIsReachable(): boolean {
  try {
    return sqlite.prepare("select 1 as ok").get() !== undefined;
  } catch {
    return false;
  }
}
