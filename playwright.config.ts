import { defineConfig } from "@playwright/test";

// Browser tests drive Debian's Chromium against the built portal on a fresh SQLite file, with
// a real SMTP server (the mail sink) receiving its email. `npm test` builds first.
// E2E_PORT_BASE moves all three ports (portal, SMTP, mail API) so that two checkouts can run
// their browser tests on one machine at once.
const BASE = Number(process.env.E2E_PORT_BASE ?? 3210);
export const PORT = BASE;
const SMTP_PORT = BASE + 1;
const MAIL_API_PORT = BASE + 2;
export const MAIL_API = `http://127.0.0.1:${MAIL_API_PORT}`;

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "test/e2e",
  outputDir: "test-results/playwright",
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  reporter: [["list"]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    // Who may open which page: HTTP only, once.
    { name: "access", testMatch: /access\.spec\.ts/ },
    // Every journey twice: with JavaScript, and without.
    { name: "js", testIgnore: /access\.spec\.ts/, use: { javaScriptEnabled: true } },
    { name: "no-js", testIgnore: /access\.spec\.ts/, use: { javaScriptEnabled: false } },
  ],
  webServer: [
    {
      command: "npx tsx test/support/mail-sink.ts",
      url: `${MAIL_API}/health`,
      env: { MAIL_SINK_SMTP_PORT: String(SMTP_PORT), MAIL_SINK_API_PORT: String(MAIL_API_PORT) },
      reuseExistingServer: false,
      stdout: "pipe",
    },
    {
      command: "rm -rf test-results/e2e-db && npx tsx server/index.ts",
      url: `http://localhost:${PORT}/healthz`,
      env: {
        NODE_ENV: "production",
        PORT: String(PORT),
        DATABASE_PATH: "test-results/e2e-db/portal.sqlite",
        SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
        MAIL_FROM: "Health Equity Funding Portal <no-reply@portal.test>",
        APP_URL: `http://localhost:${PORT}`,
        SESSION_SECRET: "browser-tests-session-secret-0123456789",
        OUTBOX_POLL_MS: "200",
        DEMO_DATA: "true",
      },
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
    },
  ],
});
