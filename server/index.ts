// The HTTP server: prepares the database, then serves the Remix build with security headers,
// and delivers the email outbox in the background when a mail server is set.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { hasDemoAccounts, isNewDatabase, seedDatabase } from "~db/seed/index";
import { startOutboxSender } from "~/models/outbox.server";
import { sqlite } from "~/utils/db.server";
import { pruneExpired } from "~/models/housekeeping.server";
import { getSettings } from "~/utils/settings.server";

const settings = getSettings();

// Opening the database applied any new migrations. A new database gets the place data (and
// the demo, when DEMO_DATA is on); later additions to the place file load with `npm run db:seed`.
if (isNewDatabase()) {
  const seeded = await seedDatabase();
  console.log(`New database: loaded ${JSON.stringify(seeded)}`);
}
if (hasDemoAccounts()) {
  console.warn(
    "Demo accounts (…@demo.test, password demo-password) are in this database. For a real service, start on a new database with DEMO_DATA=false, or retire the demo data from /admin/go-live.",
  );
}

const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;

const app = express();
app.disable("x-powered-by");

app.use((req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  res.set({
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  });
  next();
});

// A form posted from another site is refused (the session cookie is SameSite=Lax as well, but
// signing in or up needs no cookie). "null" is what a sandboxed frame sends: refused too.
app.use((req, res, next) => {
  const origin = req.get("origin");
  if (req.method !== "GET" && req.method !== "HEAD" && origin !== undefined) {
    const host = req.get("host");
    let sameSite = false;
    try {
      sameSite = new URL(origin).host === host;
    } catch {
      sameSite = false;
    }
    if (!sameSite) {
      res.status(403).type("text/plain").send("Forms can only be sent from the portal's own pages.");
      return;
    }
  }
  next();
});

// Fingerprinted build files can be cached for ever; other public files for an hour.
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

app.all(
  "*",
  createRequestHandler({
    build,
    mode: build.mode,
    getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
  }),
);

const server = app.listen(settings.port, () => {
  console.log(`Health Equity Funding Portal: ${settings.appUrl} (database ${settings.databasePath})`);
  console.log(
    settings.smtpUrl
      ? "Email: sending through SMTP_URL."
      : "Email: no SMTP_URL set, so emails wait in the outbox (staff can read them at /staff/outbox).",
  );
});

const sender = startOutboxSender();
const pruning = setInterval(() => pruneExpired(), 60 * 60 * 1000);
pruning.unref();

function shutdown(signal: string) {
  console.log(`${signal}: stopping.`);
  sender?.stop();
  server.close(() => {
    sqlite.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
