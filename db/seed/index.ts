// What a database is given: the place file (only what is missing), and the demo people and
// rounds when DEMO_DATA is on and nobody has an account yet.
import { and, count, eq, isNull } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import { getSettings } from "~/utils/settings.server";
import { loadDemo } from "./demo";
import { loadPlace } from "./place";

export async function seedDatabase(options: { demo?: boolean; placeFile?: string } = {}) {
  const settings = getSettings();
  const place = loadPlace(options.placeFile ?? settings.placeFile);
  const demo = (options.demo ?? settings.demoData) ? await loadDemo() : { added: false };
  return { place: place.added, demo: demo.added };
}

/** No place has been loaded: the database was just made. */
export function isNewDatabase(): boolean {
  return (db.select({ n: count() }).from(schema.place).get()?.n ?? 0) === 0;
}

/** The demo admin can still sign in (its account is open: the demo data has not been retired). */
export function hasDemoAccounts(): boolean {
  return Boolean(
    db
      .select({ id: schema.users.id })
      .from(schema.users)
      .where(and(eq(schema.users.email, "admin@demo.test"), isNull(schema.users.disabledAt)))
      .get(),
  );
}
