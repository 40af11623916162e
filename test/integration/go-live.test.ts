// "Before you go live" on a database that began as the demo: each check flips when it is put
// right; a test email goes through the outbox (once per form) and its delivery is read back; and
// retiring the demo data closes the demo accounts and archives the demo rounds, so nothing demo
// is left on the public pages. Refused to a demo admin and to staff; a second press changes nothing.
import { and, count, eq, like } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "~db/seed/index";
import { checkSignIn, createAdmin, findUserByEmail, type User } from "~/models/accounts.server";
import { demoDataPresent } from "~/models/demo-data.server";
import { publicProject, publicProjects } from "~/models/funded-projects.server";
import { goLiveChecks, recentTestEmails, retireDemoData, sendTestEmail, type GoLiveKey } from "~/models/go-live.server";
import { bodyIsVisible, createSmtpTransport, deliverDueMessages } from "~/models/outbox.server";
import { listWards, listNeighbourhoods, updatePlaceSettings, updateWard } from "~/models/place.server";
import { listProgrammesWithOpenCycles } from "~/models/programmes.server";
import { threeSixtyGivingExport } from "~/models/three-sixty-giving.server";
import { db, schema, transaction } from "~/utils/db.server";
import { listSessions, startSession } from "~/utils/session.server";
import { resetSettingsForTests } from "~/utils/settings.server";
import { startSmtpServer } from "../support/smtp";

let admin: User;
let staff: User;
const saved = { ...process.env };

beforeAll(async () => {
  await seedDatabase({ demo: true });
  const made = await createAdmin({ email: "real.admin@luton.example", name: "Real Admin" });
  if ("problem" in made) throw new Error(made.message);
  admin = made.user;
  db.update(schema.users).set({ emailConfirmedAt: new Date() }).where(eq(schema.users.id, admin.id)).run();
  staff = db.insert(schema.users).values({ email: "officer@luton.example", name: "Officer", passwordHash: "x", role: "staff", emailConfirmedAt: new Date() }).returning().get();
});

afterEach(() => {
  process.env = { ...saved };
  resetSettingsForTests();
});

const latestTestEmail = () => recentTestEmails()[0];
const asAdmin = () => ({ id: admin.id, isAdmin: true, name: admin.name });
const check = (key: GoLiveKey) => goLiveChecks().find((c) => c.key === key)!;
const withEnv = (env: Record<string, string>) => {
  Object.assign(process.env, env);
  resetSettingsForTests();
};

describe("Before you go live", () => {
  it("starts, on a database that began as the demo, with nothing ready", () => {
    const items = goLiveChecks();
    expect(items.map((i) => i.key)).toEqual(["contact", "mail", "https", "open_data", "wards", "indicators", "demo", "round"]);
    expect(items.filter((i) => i.ready)).toEqual([]);
    expect(check("wards").state).toBe("20 wards have no neighbourhood; 20 wards have no ONS code (of 20). Reports by neighbourhood and the ward map need them.");
    expect(check("demo").state).toMatch(/^6 demo accounts are open, with a known password, and 3 demo rounds are on the public pages\.$/);
    expect(check("demo").href).toBe("/admin/go-live/retire-demo");
    // Demo rounds are published, but they do not count as the service's own.
    expect(check("round").ready).toBe(false);
  });

  it("says the contact email and the 360Giving identifiers are ready once an admin sets them", () => {
    updatePlaceSettings(admin, { contactEmail: "health.equity@luton.example", grantIdPrefix: null, funderOrgId: null });
    expect(check("contact")).toMatchObject({ ready: true, state: "People are told to write to health.equity@luton.example." });
    expect(check("open_data").ready).toBe(false);
    updatePlaceSettings(admin, { contactEmail: "health.equity@luton.example", grantIdPrefix: "lbc", funderOrgId: null });
    expect(check("open_data")).toMatchObject({ ready: false, state: expect.stringContaining("Not set: the funder organisation identifier.") });
    updatePlaceSettings(admin, { contactEmail: "health.equity@luton.example", grantIdPrefix: "lbc", funderOrgId: "GB-LAE-LUT" });
    expect(check("open_data")).toMatchObject({ ready: true, state: "Grant identifiers start 360G-lbc; the funder is GB-LAE-LUT." });
  });

  it("counts the wards that lack a neighbourhood or an ONS code until every one has both", () => {
    const wards = listWards();
    const neighbourhood = listNeighbourhoods()[0]!;
    wards.forEach((w, i) => {
      // Leave the last one without a code.
      const code = i === wards.length - 1 ? null : `E05${String(900000 + i).padStart(6, "0")}`;
      expect(updateWard(admin, w.id, { code, neighbourhoodId: neighbourhood.id })).toEqual({ ok: true });
    });
    expect(check("wards")).toMatchObject({ ready: false, state: "1 ward has no ONS code (of 20). Reports by neighbourhood and the ward map need them." });
    const last = wards.at(-1)!;
    updateWard(admin, last.id, { code: "E05999999", neighbourhoodId: neighbourhood.id });
    expect(check("wards")).toMatchObject({ ready: true, state: "Every one of the 20 wards has its neighbourhood and ONS code." });
  });

  it("counts indicators on Fingertips without their ID, leaving out measures of need and archived indicators", () => {
    const expected = db
      .select({ n: count() })
      .from(schema.indicators)
      .where(and(eq(schema.indicators.kind, "principle")))
      .get()!.n;
    const overarching = db.select({ n: count() }).from(schema.indicators).where(eq(schema.indicators.kind, "overarching")).get()!.n;
    expect(check("indicators").state).toContain(`${expected + overarching} indicators have no Fingertips ID`);
    const rows = db.select().from(schema.indicators).all().filter((i) => i.kind !== "context");
    rows.slice(1).forEach((row, n) => db.update(schema.indicators).set({ fingertipsId: 90000 + n }).where(eq(schema.indicators.id, row.id)).run());
    expect(check("indicators").state).toMatch(/^1 indicator has no Fingertips ID, so a Fingertips file cannot update it\./);
    db.update(schema.indicators).set({ archivedAt: new Date() }).where(eq(schema.indicators.id, rows[0]!.id)).run();
    expect(check("indicators")).toMatchObject({ ready: true });
  });

  it("reads the mail server and the address from the settings, never showing the mail server's password", () => {
    withEnv({ SMTP_URL: "smtp://portal:s3cret-word@mail.luton.example:587", APP_URL: "https://funding.luton.example" });
    expect(check("mail")).toMatchObject({ ready: true });
    expect(check("mail").state).toContain("mail.luton.example:587");
    expect(JSON.stringify(goLiveChecks())).not.toContain("s3cret");
    expect(check("https")).toMatchObject({ ready: true, state: "Links in emails start https://funding.luton.example." });
    withEnv({ APP_URL: "http://funding.luton.example" });
    expect(check("https").ready).toBe(false);
  });

  it("is ready for a round once one of the service's own (not a demo, not a draft) is published", () => {
    const programme = db.select().from(schema.programmes).get()!;
    const round = db
      .insert(schema.cycles)
      .values({
        programmeId: programme.id,
        name: "A real round",
        referenceYear: 3001,
        status: "draft",
        opensAt: new Date("3001-01-01T09:00:00Z"),
        closesAt: new Date("3001-03-01T12:00:00Z"),
        budgetPence: 10_000_00,
        maxRequestPence: 1_000_00,
        eligibility: { organisationTypes: ["cic"], mustServePlace: true, requiresPartner: false },
        sections: ["about"],
      })
      .returning()
      .get();
    expect(check("round").ready).toBe(false);
    db.update(schema.cycles).set({ status: "published" }).where(eq(schema.cycles.id, round.id)).run();
    expect(check("round")).toMatchObject({ ready: true, state: "1 round is published." });
  });
});

describe("a test email", () => {
  it("goes through the outbox once per form, audited, and only from an admin", async () => {
    expect(sendTestEmail({ id: staff.id, isAdmin: false, name: staff.name }, { to: "me@luton.example", requestKey: "k".repeat(32) })).toMatchObject({ ok: false, status: 403 });
    const key = "a-request-key-from-the-page-0001";
    const first = sendTestEmail(asAdmin(), { to: "inbox@luton.example", requestKey: key });
    const second = sendTestEmail(asAdmin(), { to: "inbox@luton.example", requestKey: key });
    expect(first.ok && second.ok && first.messageId === second.messageId).toBe(true);
    const messages = db.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.template, "test-email")).all();
    expect(messages).toHaveLength(1);
    expect(messages[0]!.subject).toBe("Test email from the Health Equity Funding Portal");
    expect(messages[0]!.text).toContain("Real Admin sent this test email");
    expect(db.select({ n: count() }).from(schema.auditEvents).where(eq(schema.auditEvents.action, "outbox.test_email_queued")).get()!.n).toBe(1);
    expect(latestTestEmail()).toMatchObject({ to: "inbox@luton.example", status: "pending", sentAt: null });
    // A test email is not a secret: staff may read it in the outbox.
    expect(bodyIsVisible({ template: "test-email" })).toBe(true);
  });

  it("reads back whether it was delivered: sent, or failed with the mail server's reason", async () => {
    const smtp = await startSmtpServer({ reject: (to) => (to === "nobody@luton.example" ? { code: 550, message: "No such mailbox" } : null) });
    try {
      const transport = createSmtpTransport(smtp.url);
      await deliverDueMessages({ transport, from: "Portal <no-reply@portal.test>" });
      expect(latestTestEmail()).toMatchObject({ to: "inbox@luton.example", status: "sent", lastError: null });
      expect(latestTestEmail()!.sentAt).toBeInstanceOf(Date);
      expect(smtp.received.map((m) => m.parsed.subject)).toContain("Test email from the Health Equity Funding Portal");

      sendTestEmail(asAdmin(), { to: "nobody@luton.example", requestKey: "a-request-key-from-the-page-0002" });
      await deliverDueMessages({ transport, from: "Portal <no-reply@portal.test>" });
      const failed = latestTestEmail()!;
      expect(failed).toMatchObject({ to: "nobody@luton.example", status: "failed" });
      expect(failed.lastError).toContain("No such mailbox");
    } finally {
      await smtp.close();
    }
  });
});

describe("retiring the demo data", () => {
  const demoAdmin = () => findUserByEmail("admin@demo.test")!;
  const demoRounds = () => db.select().from(schema.cycles).where(eq(schema.cycles.isDemo, true)).all();
  const auditCount = () => db.select({ n: count() }).from(schema.auditEvents).get()!.n;

  it("is refused to staff and to a demo admin, changing nothing", () => {
    const before = auditCount();
    expect(retireDemoData({ id: staff.id })).toMatchObject({ ok: false, status: 403 });
    const refused = retireDemoData({ id: demoAdmin().id });
    expect(refused).toMatchObject({ ok: false, status: 409 });
    expect(!refused.ok && refused.message).toContain("admin@demo.test, a demo account");
    expect(demoAdmin().disabledAt).toBeNull();
    expect(demoRounds().every((r) => r.status !== "archived")).toBe(true);
    expect(auditCount()).toBe(before);
    expect(demoDataPresent()).toBe(true);
  });

  it("closes every demo account, signs them out and archives every demo round, so nothing demo is public", async () => {
    const applicant = findUserByEmail("applicant@demo.test")!;
    transaction((tx) => startSession(tx, applicant.id, new Request("http://portal.test/")));
    expect(listSessions(applicant.id)).toHaveLength(1);
    const publicBefore = publicProjects();
    expect(publicBefore.total).toBeGreaterThan(0);
    const demoAwardId = publicBefore.projects[0]!.awardId;
    expect(listProgrammesWithOpenCycles().flatMap((p) => p.openCycles).some((c) => c.isDemo)).toBe(true);
    // An email to a demo address still waiting to be sent.
    db.insert(schema.outboxMessages).values({ template: "confirm-email", toAddress: "boxing@demo.test", subject: "s", html: "h", text: "t" }).run();
    // With no mail server and DEMO_DATA on, a demo lets staff read sign-in links in the outbox.
    withEnv({ DEMO_DATA: "true" });
    expect(bodyIsVisible({ template: "confirm-email" })).toBe(true);

    const result = retireDemoData({ id: admin.id });
    expect(result).toEqual({ ok: true, closedAccounts: 6, archivedRounds: 3, cancelledEmails: 1 });

    const demoUsers = db.select().from(schema.users).where(like(schema.users.email, "%@demo.test")).all();
    expect(demoUsers.length).toBe(6);
    expect(demoUsers.every((u) => u.disabledAt !== null)).toBe(true);
    expect(listSessions(applicant.id)).toHaveLength(0);
    expect(await checkSignIn("admin@demo.test", "demo-password")).toEqual({ ok: false, problem: "disabled" });
    expect(demoRounds().every((r) => r.status === "archived")).toBe(true);

    // The public pages: no open demo round on the start page, no demo project, no demo grant in the default open data.
    expect(listProgrammesWithOpenCycles().flatMap((p) => p.openCycles)).toEqual([]);
    expect(publicProjects().total).toBe(0);
    expect(publicProject(demoAwardId)).toBeNull();
    expect(threeSixtyGivingExport().counts.grants).toBe(0);
    expect(demoDataPresent()).toBe(false);
    expect(check("demo")).toMatchObject({ ready: true, href: null });
    // Once retired, a live service's sign-in links stay private, whatever DEMO_DATA says.
    expect(bodyIsVisible({ template: "confirm-email" })).toBe(false);
    expect(db.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.toAddress, "boxing@demo.test")).get()).toMatchObject({
      status: "failed",
      lastError: "Not sent: the demo data was retired.",
    });

    const audit = db.select().from(schema.auditEvents).where(eq(schema.auditEvents.actorUserId, admin.id)).all();
    const archived = audit.filter((a) => a.action === "cycle.archived");
    expect(archived).toHaveLength(3);
    expect(archived[0]!.details).toEqual({ from: { status: "published" }, to: { status: "archived" } });
    expect(audit.filter((a) => a.action === "user.access_changed" && a.summary?.startsWith("Demo account closed"))).toHaveLength(6);
    expect(audit.filter((a) => a.action === "demo.retired")).toHaveLength(1);
  });

  it("changes nothing when pressed again", () => {
    const before = auditCount();
    expect(retireDemoData({ id: admin.id })).toEqual({ ok: true, closedAccounts: 0, archivedRounds: 0, cancelledEmails: 0 });
    expect(auditCount()).toBe(before);
  });
});
