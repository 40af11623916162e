// The HTTP server: prepares the database, then serves the Remix build with security headers,
// and delivers the email outbox in the background when a mail server is set.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { seedDatabase } from "~db/seed/index";
import { startOutboxSender } from "~/models/outbox.server";
import { sqlite } from "~/utils/db.server";
import { pruneSessions } from "~/utils/session.server";
import { getSettings } from "~/utils/settings.server";

const settings = getSettings();

// Opening the database applied any new migrations; now add the place data (and demo) if missing.
const seeded = await seedDatabase();
if (Object.values(seeded.place).some(Boolean) || seeded.demo) {
  console.log(`Seeded the database: ${JSON.stringify(seeded)}`);
}

const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", true);

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

// A form posted from another site is refused (the session cookie is SameSite=Lax as well).
app.use((req, res, next) => {
  const origin = req.get("origin");
  if (req.method !== "GET" && req.method !== "HEAD" && origin && origin !== "null") {
    const host = req.get("x-forwarded-host") ?? req.get("host");
    if (new URL(origin).host !== host) {
      res.status(403).type("text/plain").send("Cross-site form submissions are not accepted.");
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
const pruning = setInterval(() => pruneSessions(), 60 * 60 * 1000);
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
