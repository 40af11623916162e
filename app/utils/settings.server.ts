// Settings come from the environment, each with a default that runs the portal on one machine
// with nothing else to start. README.md lists them; keep the two in step.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default("data/portal.sqlite"),
  /** smtp://user:pass@host:port or smtps://…; unset: emails wait in the outbox. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default("Health Equity Funding Portal <no-reply@localhost>"),
  SESSION_SECRET: z.string().min(32).optional(),
  APP_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Load the demo people, organisation and cycles when the database is new. */
  DEMO_DATA: z.enum(["true", "false"]).default("true"),
  /** How often the outbox sender looks for emails to send. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** The place data file loaded into a new database. */
  PLACE_FILE: z.string().min(1).default("db/places/luton.json"),
  /** Where uploaded documents are kept; unset: a folder "uploads" beside the database. */
  UPLOAD_DIR: z.string().min(1).optional(),
});

export type Settings = {
  env: "development" | "production" | "test";
  port: number;
  databasePath: string;
  dataDir: string;
  smtpUrl: string | null;
  mailFrom: string;
  sessionSecret: string;
  appUrl: string;
  demoData: boolean;
  placeFile: string;
  outboxPollMs: number;
  uploadDir: string;
};

let cached: Settings | undefined;

/** Reads and checks the environment once. Exits with a plain message if a setting is wrong. */
export function getSettings(): Settings {
  if (cached) return cached;
  // An empty variable means "unset", as in a .env file with `SMTP_URL=`.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Settings are not valid:\n  ${problems.join("\n  ")}`);
  }
  const s = parsed.data;
  const databasePath = s.DATABASE_PATH === ":memory:" ? s.DATABASE_PATH : path.resolve(s.DATABASE_PATH);
  const dataDir = databasePath === ":memory:" ? path.resolve("data") : path.dirname(databasePath);
  cached = {
    env: s.NODE_ENV,
    port: s.PORT,
    databasePath,
    dataDir,
    smtpUrl: s.SMTP_URL ?? null,
    mailFrom: s.MAIL_FROM,
    sessionSecret: s.SESSION_SECRET ?? keptSessionSecret(dataDir),
    appUrl: (s.APP_URL ?? `http://localhost:${s.PORT}`).replace(/\/+$/, ""),
    demoData: s.DEMO_DATA === "true",
    placeFile: path.resolve(s.PLACE_FILE),
    outboxPollMs: s.OUTBOX_POLL_MS,
    uploadDir: path.resolve(s.UPLOAD_DIR ?? path.join(dataDir, "uploads")),
  };
  return cached;
}

/** With no SESSION_SECRET set, make a random one on first start and keep it beside the database. */
function keptSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, "session-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      // "wx": if another process made it first, keep theirs.
      fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}

/** For tests that change the environment between cases. */
export function resetSettingsForTests() {
  cached = undefined;
}
