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
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema });
  // Migrations run with foreign keys off: a migration that rebuilds a table (drizzle-kit's way
  // of altering one in SQLite) drops it first, and with them on that would cascade deletes into
  // its children. The pragma has no effect inside a transaction, so it is set before. Then
  // every reference is checked before the portal uses the database.
  sqlite.pragma("foreign_keys = OFF");
  migrate(db, { migrationsFolder: MIGRATIONS });
  const broken = sqlite.pragma("foreign_key_check") as { table: string; rowid: number; parent: string }[];
  if (broken.length) {
    const sample = broken.slice(0, 5).map((b) => `${b.table} row ${b.rowid} → ${b.parent}`).join(", ");
    throw new Error(`The database has ${broken.length} broken references after migrating: ${sample}`);
  }
  sqlite.pragma("foreign_keys = ON");
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
