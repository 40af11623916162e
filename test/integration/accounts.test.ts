// Accounts end to end at the model level: sign up, confirm, sign in, throttling, reset, and
// what admins may change.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "~db/seed/index";
import {
  changePassword,
  checkSignIn,
  confirmEmail,
  findUserByEmail,
  MAX_SIGN_IN_FAILURES,
  requestPasswordReset,
  resetPassword,
  signUp,
  updateUserAccess,
} from "~/models/accounts.server";
import { db, schema, transaction } from "~/utils/db.server";
import { listSessions, readSession, revokeSessions, SESSION_IDLE_MS, sessionCookie, startSession } from "~/utils/session.server";

beforeAll(async () => {
  await seedDatabase({ demo: false });
});

const emailsTo = (to: string) =>
  db.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.toAddress, to)).orderBy(schema.outboxMessages.id).all();

/** The token in the last link emailed to someone. */
function linkToken(to: string, path: string) {
  const last = emailsTo(to).at(-1)!;
  const match = last.text.match(new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`));
  if (!match) throw new Error(`No ${path} link in "${last.subject}"`);
  return match[1]!;
}

const aRequest = () => new Request("http://portal.test/confirm-email", { method: "POST" });

async function confirmedUser(email: string, password = "a long enough password") {
  await signUp({ name: "Test Person", email, password });
  const result = await confirmEmail(linkToken(email, "/confirm-email"), password, aRequest());
  if (!result.ok) throw new Error(`could not confirm: ${result.problem}`);
  return result.user;
}

const requestWithCookie = async (token: string) =>
  new Request("http://portal.test/", { headers: { cookie: (await sessionCookie(token)).split(";")[0]! } });

describe("signing up", () => {
  it("stores the address in lower case, hashes the password and emails a confirmation link", async () => {
    await signUp({ name: "  Nadia Hussain ", email: " Nadia@Example.TEST ", password: "correct horse battery" });
    const user = findUserByEmail("nadia@example.test")!;
    expect(user.name).toBe("Nadia Hussain");
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    expect(user.passwordHash).not.toContain("correct horse");
    expect(user.emailConfirmedAt).toBeNull();
    const [email] = emailsTo("nadia@example.test");
    expect(email!.subject).toBe("Confirm your email address");
    expect(email!.text).toMatch(/http:\/\/portal\.test\/confirm-email\?token=/);
  });

  it("does not sign in until the address is confirmed", async () => {
    await signUp({ name: "Unconfirmed", email: "unconfirmed@example.test", password: "a long enough password" });
    expect(await checkSignIn("unconfirmed@example.test", "a long enough password")).toEqual({ ok: false, problem: "unconfirmed" });
    const token = linkToken("unconfirmed@example.test", "/confirm-email");
    // Confirming needs the account's password, and signs the person in.
    expect(await confirmEmail(token, "not the password", aRequest())).toEqual({ ok: false, problem: "wrong_password" });
    const confirmed = await confirmEmail(token, "a long enough password", aRequest());
    expect(confirmed.ok).toBe(true);
    if (confirmed.ok) expect(listSessions(confirmed.user.id)).toHaveLength(1);
    const signedIn = await checkSignIn("UNCONFIRMED@example.test", "a long enough password");
    expect(signedIn.ok).toBe(true);
    // The link works once.
    expect(await confirmEmail(token, "a long enough password", aRequest())).toEqual({ ok: false, problem: "used" });
  });

  it("answers a second sign-up for a confirmed address by emailing its owner, without a new account", async () => {
    await confirmedUser("taken@example.test");
    await signUp({ name: "Someone else", email: "taken@example.test", password: "another long password" });
    const users = db.select().from(schema.users).where(eq(schema.users.email, "taken@example.test")).all();
    expect(users).toHaveLength(1);
    expect(emailsTo("taken@example.test").at(-1)!.subject).toBe("You already have an account");
    // The first password still works: nothing was overwritten.
    expect((await checkSignIn("taken@example.test", "a long enough password")).ok).toBe(true);
  });

  it("makes no new account at the demo's domain, which marks demo data (the answer is the same as ever)", async () => {
    await signUp({ name: "Not the demo", email: "Someone@Demo.test", password: "a long enough password" });
    expect(db.select().from(schema.users).where(eq(schema.users.email, "someone@demo.test")).all()).toEqual([]);
    expect(emailsTo("someone@demo.test")).toEqual([]);
  });

  it("makes one confirmation email of a double click", async () => {
    await Promise.all([
      signUp({ name: "Double", email: "double@example.test", password: "a long enough password" }),
      signUp({ name: "Double", email: "double@example.test", password: "a long enough password" }),
    ]);
    expect(db.select().from(schema.users).where(eq(schema.users.email, "double@example.test")).all()).toHaveLength(1);
    expect(emailsTo("double@example.test")).toHaveLength(1);
  });

  it("refuses an unknown or expired confirmation link", async () => {
    expect(await confirmEmail("not-a-real-token-at-all-123456", "whatever", aRequest())).toEqual({ ok: false, problem: "invalid" });
    await signUp({ name: "Late", email: "late@example.test", password: "a long enough password" });
    db.update(schema.userTokens).set({ expiresAt: new Date(Date.now() - 1000) }).run();
    expect(await confirmEmail(linkToken("late@example.test", "/confirm-email"), "a long enough password", aRequest())).toEqual({
      ok: false,
      problem: "expired",
    });
  });

  it("does not let someone who signed up with another person's address keep it", async () => {
    // An attacker signs up first with the victim's address and their own password.
    await signUp({ name: "Attacker", email: "victim@example.test", password: "attacker's password" });
    const attackersLink = linkToken("victim@example.test", "/confirm-email");
    // The victim, unaware, opens that email's link: without the attacker's password it does nothing.
    expect(await confirmEmail(attackersLink, "the victim's password", aRequest())).toEqual({ ok: false, problem: "wrong_password" });
    // The victim signs up: their password replaces the attacker's.
    await signUp({ name: "Victim", email: "victim@example.test", password: "the victim's password" });
    expect(await confirmEmail(attackersLink, "attacker's password", aRequest())).toEqual({ ok: false, problem: "wrong_password" });
    const confirmed = await confirmEmail(linkToken("victim@example.test", "/confirm-email"), "the victim's password", aRequest());
    expect(confirmed.ok).toBe(true);
    expect((await checkSignIn("victim@example.test", "attacker's password")).ok).toBe(false);
    expect(findUserByEmail("victim@example.test")!.name).toBe("Victim");
  });

  it("emails the owner of a confirmed address about a repeat sign-up at most once an hour", async () => {
    await confirmedUser("popular@example.test");
    for (let i = 0; i < 5; i++) {
      await signUp({ name: "Pest", email: "popular@example.test", password: "a long enough password" });
    }
    expect(emailsTo("popular@example.test").filter((m) => m.subject === "You already have an account")).toHaveLength(1);
  });
});

describe("signing in", () => {
  it("holds the limit when many wrong passwords arrive at once", async () => {
    await confirmedUser("flood@example.test");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => checkSignIn("flood@example.test", `wrong guess ${i}`)),
    );
    const checked = results.filter((r) => !r.ok && r.problem === "wrong").length;
    expect(checked).toBe(MAX_SIGN_IN_FAILURES);
    expect(results.filter((r) => !r.ok && r.problem === "paused")).toHaveLength(20 - MAX_SIGN_IN_FAILURES);
  });

  it("refuses a wrong password and pauses after repeated failures", async () => {
    await confirmedUser("guess@example.test");
    for (let i = 0; i < MAX_SIGN_IN_FAILURES; i++) {
      expect(await checkSignIn("guess@example.test", `wrong ${i}`)).toEqual({ ok: false, problem: "wrong" });
    }
    // Even the right password is paused now.
    expect(await checkSignIn("guess@example.test", "a long enough password")).toEqual({ ok: false, problem: "paused" });
  });

  it("says the same for an unknown address as for a wrong password", async () => {
    expect(await checkSignIn("nobody-here@example.test", "whatever it is")).toEqual({ ok: false, problem: "wrong" });
  });

  it("keeps sessions that can be read back, and revoked", async () => {
    const user = await confirmedUser("sessions@example.test");
    const token = transaction((tx) => startSession(tx, user.id, new Request("http://portal.test/")));
    const session = await readSession(await requestWithCookie(token));
    expect(session?.userId).toBe(user.id);
    // Revoked: gone at once.
    transaction((tx) => revokeSessions(tx, user.id));
    expect(await readSession(await requestWithCookie(token))).toBeNull();
    const second = transaction((tx) => startSession(tx, user.id, new Request("http://portal.test/")));
    expect(await readSession(await requestWithCookie(second))).not.toBeNull();
    // A forged cookie is not a session.
    expect(await readSession(new Request("http://portal.test/", { headers: { cookie: `portal_session=${token}` } }))).toBeNull();
    // An expired one is not either.
    // Unused for a day: ended.
    db.update(schema.sessions).set({ lastSeenAt: new Date(Date.now() - SESSION_IDLE_MS - 1000) }).where(eq(schema.sessions.userId, user.id)).run();
    expect(await readSession(await requestWithCookie(second))).toBeNull();
    // Past its 14 days, even if used a moment ago: ended.
    db.update(schema.sessions).set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() - 1) }).where(eq(schema.sessions.userId, user.id)).run();
    expect(await readSession(await requestWithCookie(second))).toBeNull();
  });
});

describe("resetting a password", () => {
  it("sets the new password, ends every session and tells the owner", async () => {
    const user = await confirmedUser("forgetful@example.test"); // confirming signed them in
    transaction((tx) => startSession(tx, user.id, new Request("http://portal.test/")));
    expect(listSessions(user.id)).toHaveLength(2);

    requestPasswordReset("Forgetful@example.test");
    const token = linkToken("forgetful@example.test", "/reset-password");
    expect(await resetPassword(token, "a brand new password")).toEqual({ ok: true });

    expect(listSessions(user.id)).toHaveLength(0);
    expect((await checkSignIn("forgetful@example.test", "a long enough password")).ok).toBe(false);
    expect((await checkSignIn("forgetful@example.test", "a brand new password")).ok).toBe(true);
    expect(emailsTo("forgetful@example.test").at(-1)!.subject).toBe("Your password has been changed");
    expect(await resetPassword(token, "yet another password")).toEqual({ ok: false, problem: "used" });
  });

  it("sends nothing for an address with no account", () => {
    const before = db.select().from(schema.outboxMessages).all().length;
    requestPasswordReset("stranger@example.test");
    expect(db.select().from(schema.outboxMessages).all()).toHaveLength(before);
  });

  it("changes a password from the account page only with the current one", async () => {
    const user = await confirmedUser("changer@example.test");
    transaction((tx) => revokeSessions(tx, user.id));
    const here = transaction((tx) => startSession(tx, user.id, new Request("http://portal.test/")));
    transaction((tx) => startSession(tx, user.id, new Request("http://portal.test/")));
    const current = (await readSession(await requestWithCookie(here)))!;
    expect(await changePassword({ id: user.id, sessionId: current.id }, "not it", "a new long password")).toEqual({ ok: false, problem: "wrong" });
    expect(await changePassword({ id: user.id, sessionId: current.id }, "a long enough password", "a new long password")).toEqual({ ok: true });
    // This device stays signed in; the other is signed out.
    expect(listSessions(user.id).map((s) => s.id)).toEqual([current.id]);
  });
});

describe("admin changes", () => {
  it("makes someone staff and records who did it", async () => {
    const admin = await confirmedUser("admin-x@example.test");
    db.update(schema.users).set({ role: "admin" }).where(eq(schema.users.id, admin.id)).run();
    const person = await confirmedUser("to-be-staff@example.test");
    expect(updateUserAccess(admin, person.id, { role: "staff", staffTeam: "blcf", disabled: false })).toEqual({ ok: true });
    expect(findUserByEmail("to-be-staff@example.test")).toMatchObject({ role: "staff", staffTeam: "blcf" });
    const audit = db.select().from(schema.auditEvents).where(eq(schema.auditEvents.action, "user.access_changed")).all();
    expect(audit.at(-1)).toMatchObject({ actorUserId: admin.id, entityId: person.id });
  });

  it("will not let an admin remove their own admin role or close their own account", async () => {
    const admin = await confirmedUser("lonely-admin@example.test");
    db.update(schema.users).set({ role: "admin" }).where(eq(schema.users.id, admin.id)).run();
    expect(updateUserAccess(admin, admin.id, { role: "staff", staffTeam: "public_health", disabled: false })).toEqual({ ok: false, problem: "self" });
    expect(updateUserAccess(admin, admin.id, { role: "admin", staffTeam: "public_health", disabled: true })).toEqual({ ok: false, problem: "self" });
  });

  it("refuses a change by an admin who has just been made staff by another", async () => {
    const first = await confirmedUser("admin-one@example.test");
    const second = await confirmedUser("admin-two@example.test");
    db.update(schema.users).set({ role: "admin" }).where(eq(schema.users.id, first.id)).run();
    db.update(schema.users).set({ role: "admin" }).where(eq(schema.users.id, second.id)).run();
    // Both open the other's page at once; the first save wins.
    expect(updateUserAccess(first, second.id, { role: "staff", staffTeam: "public_health", disabled: false })).toEqual({ ok: true });
    expect(updateUserAccess(second, first.id, { role: "staff", staffTeam: "public_health", disabled: false })).toEqual({ ok: false, problem: "not_admin" });
    expect(findUserByEmail("admin-one@example.test")!.role).toBe("admin");
  });

  it("closing an account signs its owner out everywhere and stops sign-in", async () => {
    const admin = await confirmedUser("closer@example.test");
    db.update(schema.users).set({ role: "admin" }).where(eq(schema.users.id, admin.id)).run();
    const person = await confirmedUser("closed@example.test");
    transaction((tx) => startSession(tx, person.id, new Request("http://portal.test/")));
    updateUserAccess(admin, person.id, { role: "user", staffTeam: null, disabled: true });
    expect(listSessions(person.id)).toHaveLength(0);
    expect(await checkSignIn("closed@example.test", "a long enough password")).toEqual({ ok: false, problem: "disabled" });
  });
});
