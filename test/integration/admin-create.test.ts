// A live service that starts clean: a new database with DEMO_DATA=false holds the place data and
// nothing else; `npm run admin:create` makes the first administrator with a one-time link (24
// hours, only its hash stored, the older link dropped), never a password on the command line;
// the link sets the password, confirms the address and signs the person in.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, count, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { seedDatabase } from "~db/seed/index";
import {
  checkSetPasswordToken,
  checkSignIn,
  createAdmin,
  findUserByEmail,
  SET_PASSWORD_HOURS,
  setPasswordFromLink,
  signUp,
  updateUserAccess,
  type AdminCreated,
} from "~/models/accounts.server";
import { hashToken } from "~/utils/crypto.server";
import { db, schema, sqlite, transaction } from "~/utils/db.server";
import { listSessions, startSession } from "~/utils/session.server";

beforeAll(async () => {
  await seedDatabase({ demo: false });
});

afterEach(() => {
  vi.useRealTimers();
});

const aRequest = () => new Request("http://portal.test/set-password", { method: "POST" });
const tokenOf = (made: AdminCreated) => new URL(made.link).searchParams.get("token")!;

async function made(email: string, name?: string): Promise<AdminCreated> {
  const result = await createAdmin({ email, name });
  if ("problem" in result) throw new Error(result.message);
  return result;
}

const auditOf = (userId: number) =>
  db
    .select()
    .from(schema.auditEvents)
    .where(and(eq(schema.auditEvents.entityType, "user"), eq(schema.auditEvents.entityId, userId)))
    .orderBy(schema.auditEvents.id)
    .all();

describe("a new database with DEMO_DATA=false", () => {
  it("holds the place data and nothing else", () => {
    const rows = (table: string) => (sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
    // The place file: the place, its areas, principles, indicators and values, programmes and their terms.
    for (const table of ["place", "areas", "principles", "indicators", "indicator_values", "programmes", "grant_terms"]) {
      expect(rows(table), table).toBeGreaterThan(0);
    }
    // Nothing of anyone: no people, organisations, rounds, applications, awards, emails or history.
    const tables = (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'").all() as { name: string }[]).map(
      (t) => t.name,
    );
    const placeData = new Set(["place", "areas", "principles", "priority_areas", "beneficiary_groups", "indicators", "indicator_principles", "indicator_values", "indicator_imports", "programmes", "grant_terms"]);
    const filled = tables.filter((t) => !placeData.has(t) && rows(t) > 0);
    expect(filled).toEqual([]);
    expect(tables).toContain("users");
    expect(tables).toContain("cycles");
  });
});

describe("npm run admin:create (the model)", () => {
  it("makes a new administrator whose link is stored only as its hash, valid for 24 hours", async () => {
    const before = Date.now();
    const result = await made(" First.Admin@Example.ORG ", "Jo Bloggs");
    expect(result.outcome).toBe("created");
    expect(result.user).toMatchObject({ email: "first.admin@example.org", name: "Jo Bloggs", role: "admin", emailConfirmedAt: null });
    expect(result.link).toMatch(/^http:\/\/portal\.test\/set-password\?token=[A-Za-z0-9_-]{40,}$/);
    const token = tokenOf(result);
    const stored = db.select().from(schema.userTokens).where(eq(schema.userTokens.userId, result.user.id)).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ purpose: "set_password", tokenHash: hashToken(token), usedAt: null });
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored[0]!.expiresAt.getTime() - before).toBeGreaterThanOrEqual(SET_PASSWORD_HOURS * 3600 * 1000 - 5);
    expect(stored[0]!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(SET_PASSWORD_HOURS * 3600 * 1000);
    // Nobody can sign in before the password is chosen.
    expect((await checkSignIn("first.admin@example.org", "")).ok).toBe(false);
    expect(auditOf(result.user.id).map((a) => a.action)).toEqual(["user.admin_created", "user.set_password_link_issued"]);
    expect(checkSetPasswordToken(token)).toEqual({ problem: null, email: "first.admin@example.org" });
  });

  it("sets the password from the link, confirms the address and signs the person in", async () => {
    const result = await made("sets@example.org");
    expect(result.user.name).toBe("Administrator");
    const done = await setPasswordFromLink(tokenOf(result), "a long enough password", aRequest());
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    expect(done.user.emailConfirmedAt).not.toBeNull();
    expect(listSessions(result.user.id)).toHaveLength(1);
    expect((await checkSignIn("sets@example.org", "a long enough password")).ok).toBe(true);
    expect(auditOf(result.user.id).map((a) => a.action)).toContain("user.password_set");
    // A brand-new account is not told its password "changed".
    expect(db.select({ n: count() }).from(schema.outboxMessages).where(eq(schema.outboxMessages.toAddress, "sets@example.org")).get()!.n).toBe(0);
  });

  it("lets a link be used once", async () => {
    const result = await made("once@example.org");
    const token = tokenOf(result);
    expect((await setPasswordFromLink(token, "a long enough password", aRequest())).ok).toBe(true);
    expect(await setPasswordFromLink(token, "another long password", aRequest())).toEqual({ ok: false, problem: "used" });
    expect(checkSetPasswordToken(token).problem).toBe("used");
    expect((await checkSignIn("once@example.org", "another long password")).ok).toBe(false);
  });

  it("stops a link working after 24 hours", async () => {
    const result = await made("late@example.org");
    const token = tokenOf(result);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + SET_PASSWORD_HOURS * 3600 * 1000 - 60_000);
    expect(checkSetPasswordToken(token).problem).toBeNull();
    vi.setSystemTime(Date.now() + 61_000);
    expect(checkSetPasswordToken(token).problem).toBe("expired");
    expect(await setPasswordFromLink(token, "a long enough password", aRequest())).toEqual({ ok: false, problem: "expired" });
  });

  it("gives a fresh link when run again, and the older unused one stops working", async () => {
    const first = await made("again@example.org");
    const second = await made("again@example.org");
    expect(second.outcome).toBe("already_admin");
    expect(second.user.id).toBe(first.user.id);
    expect(tokenOf(second)).not.toBe(tokenOf(first));
    expect(checkSetPasswordToken(tokenOf(first)).problem).toBe("expired");
    expect(await setPasswordFromLink(tokenOf(first), "a long enough password", aRequest())).toEqual({ ok: false, problem: "expired" });
    expect((await setPasswordFromLink(tokenOf(second), "a long enough password", aRequest())).ok).toBe(true);
    expect(db.select({ n: count() }).from(schema.users).where(eq(schema.users.email, "again@example.org")).get()!.n).toBe(1);
  });

  it("makes an existing account an administrator, keeping its name unless a new one is given, and tells its owner when the password changes", async () => {
    await signUp({ name: "Existing Person", email: "existing@example.org", password: "their own password" });
    const user = findUserByEmail("existing@example.org")!;
    db.update(schema.users).set({ emailConfirmedAt: new Date() }).where(eq(schema.users.id, user.id)).run();
    const otherDevice = transaction((tx) => startSession(tx, user.id, new Request("http://portal.test/")));
    expect(otherDevice).toBeTruthy();

    const result = await made("existing@example.org");
    expect(result.outcome).toBe("promoted");
    // Not an administrator until the link is used: a mistyped address hands nobody admin rights.
    expect(result.user).toMatchObject({ id: user.id, role: "user", name: "Existing Person" });
    expect(findUserByEmail("existing@example.org")!.role).toBe("user");
    // Their password still works until they use the link.
    expect((await checkSignIn("existing@example.org", "their own password")).ok).toBe(true);

    const done = await setPasswordFromLink(tokenOf(result), "a brand new password", aRequest());
    expect(done.ok).toBe(true);
    expect(findUserByEmail("existing@example.org")!.role).toBe("admin");
    const change = auditOf(user.id).find((a) => a.action === "user.access_changed")!;
    expect(change.details).toEqual({ from: { role: "user" }, to: { role: "admin" } });
    // Signed out elsewhere, signed in here; told by email.
    expect(listSessions(user.id)).toHaveLength(1);
    expect((await checkSignIn("existing@example.org", "their own password")).ok).toBe(false);
    const emails = db.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.toAddress, "existing@example.org")).all();
    expect(emails.map((e) => e.subject)).toContain("Your password has been changed");

    const renamed = await made("existing@example.org", "Existing Admin");
    expect(renamed.user.name).toBe("Existing Admin");
  });

  it("refuses a demo address and a closed account", async () => {
    expect(await createAdmin({ email: "Admin@Demo.Test" })).toMatchObject({ problem: "demo" });
    expect(findUserByEmail("admin@demo.test")).toBeUndefined();

    const boss = await made("boss@example.org");
    await signUp({ name: "Closed", email: "closed@example.org", password: "a long enough password" });
    const closed = findUserByEmail("closed@example.org")!;
    expect(updateUserAccess(boss.user, closed.id, { role: "user", staffTeam: null, disabled: true })).toEqual({ ok: true });
    const refused = await createAdmin({ email: "closed@example.org" });
    expect(refused).toMatchObject({ problem: "closed" });
    expect(findUserByEmail("closed@example.org")!.role).toBe("user");
    expect(db.select({ n: count() }).from(schema.userTokens).where(and(eq(schema.userTokens.userId, closed.id), eq(schema.userTokens.purpose, "set_password"))).get()!.n).toBe(0);
  });

  it("stops a link working once its account is closed", async () => {
    const boss = await made("boss2@example.org");
    const other = await made("other-admin@example.org");
    expect(updateUserAccess(boss.user, other.user.id, { role: "admin", staffTeam: null, disabled: true })).toEqual({ ok: true });
    expect(checkSetPasswordToken(tokenOf(other)).problem).toBe("invalid");
    expect(await setPasswordFromLink(tokenOf(other), "a long enough password", aRequest())).toEqual({ ok: false, problem: "invalid" });
  });

  it("says an unknown link is not valid", async () => {
    expect(checkSetPasswordToken("not-a-real-token-but-long-enough")).toEqual({ problem: "invalid", email: null });
    expect(await setPasswordFromLink("not-a-real-token-but-long-enough", "a long enough password", aRequest())).toEqual({ ok: false, problem: "invalid" });
  });
});

describe("npm run admin:create (the command)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "admin-create-"));
  const run = (...args: string[]) =>
    spawnSync("npx", ["tsx", "scripts/admin-create.ts", ...args], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_PATH: path.join(dir, "portal.sqlite"), APP_URL: "https://portal.example", DEMO_DATA: "false", NODE_ENV: "production" },
      timeout: 60_000,
    });

  it("prints a one-time link and never takes a password", () => {
    const ok = run("--email", "cli@example.org", "--name", "Command Line");
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("Made a new administrator account for cli@example.org (Command Line).");
    const link = ok.stdout.match(/https:\/\/portal\.example\/set-password\?token=([A-Za-z0-9_-]+)/);
    expect(link).not.toBeNull();
    expect(ok.stdout).toContain("It works once, for 24 hours");

    const again = run("--email=cli@example.org");
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("is already an administrator: here is a new link");

    const password = run("--email", "cli@example.org", "--password", "hunter2hunter2");
    expect(password.status).toBe(2);
    expect(password.stderr).toContain("This command never takes a password");
    expect(password.stdout).toBe("");
  }, 120_000);

  it("explains a bad or missing email, and unknown options", () => {
    const bad = run("--email", "not-an-email");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"not-an-email" will not do: Enter an email address in the correct format, like name@example.com');
    const none = run();
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("Give the new administrator's email address with --email.");
    const unknown = run("--email", "a@example.org", "--role", "admin");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("Unknown option --role.");
    const demo = run("--email", "staff@demo.test");
    expect(demo.status).toBe(1);
    expect(demo.stderr).toContain("is a demo address");
  }, 120_000);
});
