import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getSettings, resetSettingsForTests } from "~/utils/settings.server";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetSettingsForTests();
});

function withEnv(env: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetSettingsForTests();
  return getSettings();
}

describe("settings", () => {
  it("runs on one machine with nothing set", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "settings-"));
    const s = withEnv({ PORT: undefined, DATABASE_PATH: path.join(dir, "portal.sqlite"), SMTP_URL: undefined, SESSION_SECRET: undefined, APP_URL: undefined });
    expect(s.port).toBe(3000);
    expect(s.smtpUrl).toBeNull();
    expect(s.appUrl).toBe("http://localhost:3000");
    // A session secret is made on first start and kept beside the database.
    expect(s.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(fs.readFileSync(path.join(dir, "session-secret"), "utf8").trim()).toBe(s.sessionSecret);
    resetSettingsForTests();
    expect(getSettings().sessionSecret).toBe(s.sessionSecret);
  });

  it("defaults the database to a file under data/", () => {
    const s = withEnv({ DATABASE_PATH: undefined, SESSION_SECRET: "x".repeat(40) });
    expect(s.databasePath).toBe(path.resolve("data/portal.sqlite"));
  });

  it("says plainly which setting is wrong", () => {
    expect(() => withEnv({ SMTP_URL: "http://mail.example", PORT: "eighty" })).toThrow(/SMTP_URL[\s\S]*PORT|PORT[\s\S]*SMTP_URL/);
  });

  it("treats an empty variable as unset", () => {
    expect(withEnv({ SMTP_URL: "", APP_URL: "https://portal.example/" }).smtpUrl).toBeNull();
    expect(getSettings().appUrl).toBe("https://portal.example");
  });
});
