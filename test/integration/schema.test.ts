// The database itself refuses what the domain forbids, whatever code writes to it.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "~db/seed/index";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { db, openDatabase, schema, sqlite } from "~/utils/db.server";

let cycleId: number;
let organisationId: number;
let principleIds: number[];

beforeAll(async () => {
  await seedDatabase({ demo: true });
  cycleId = db.select().from(schema.cycles).get()!.id;
  organisationId = db.select().from(schema.organisations).get()!.id;
  principleIds = db.select().from(schema.principles).all().map((p) => p.id);
});

// One live application per organisation per round, so each test's application gets its own organisation.
const newApplication = () => {
  const org = db.insert(schema.organisations).values({ name: "Schema test group", type: "cic" }).returning().get();
  return db.insert(schema.applications).values({ cycleId, organisationId: org.id }).returning().get();
};

describe("schema rules", () => {
  it("runs with WAL, foreign keys on and synchronous FULL", () => {
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(sqlite.pragma("synchronous", { simple: true })).toBe(2);
  });

  it("allows one primary principle per application", () => {
    const application = newApplication();
    db.insert(schema.applicationPrinciples).values({ applicationId: application.id, principleId: principleIds[0]!, isPrimary: true }).run();
    db.insert(schema.applicationPrinciples).values({ applicationId: application.id, principleId: principleIds[1]!, isPrimary: false }).run();
    expect(() =>
      db.insert(schema.applicationPrinciples).values({ applicationId: application.id, principleId: principleIds[2]!, isPrimary: true }).run(),
    ).toThrow(/UNIQUE/);
  });

  it("allows one live application per organisation per round; a withdrawn one does not count", () => {
    const first = db.insert(schema.applications).values({ cycleId, organisationId }).returning().get();
    expect(() => db.insert(schema.applications).values({ cycleId, organisationId }).run()).toThrow(/UNIQUE/);
    db.update(schema.applications).set({ status: "withdrawn" }).where(eq(schema.applications.id, first.id)).run();
    expect(() => db.insert(schema.applications).values({ cycleId, organisationId }).run()).not.toThrow();
  });

  it("refuses an application for an organisation that does not exist", () => {
    expect(() => db.insert(schema.applications).values({ cycleId, organisationId: 999_999 }).run()).toThrow(/FOREIGN KEY/);
  });

  it("refuses negative budget lines and awards of nothing", () => {
    const application = newApplication();
    expect(() => db.insert(schema.budgetLines).values({ applicationId: application.id, item: "Room hire", costPence: -1 }).run()).toThrow(/CHECK/);
    expect(() =>
      db.insert(schema.awards).values({ applicationId: application.id, amountPence: 0, awardDate: "2026-11-23", offeredAt: new Date() }).run(),
    ).toThrow(/CHECK/);
  });

  it("refuses a declared conflict without its nature", () => {
    const application = newApplication();
    const member = db.select().from(schema.panelMembers).get()!;
    expect(() =>
      db.insert(schema.conflictDeclarations).values({ applicationId: application.id, panelMemberId: member.id, hasConflict: true, declaredAt: new Date() }).run(),
    ).toThrow(/CHECK/);
  });

  it("refuses an award decision without an amount", () => {
    const application = newApplication();
    const staff = db.select().from(schema.users).get()!;
    expect(() =>
      db.insert(schema.decisions).values({ applicationId: application.id, outcome: "award", reasons: "Strong bid", decidedById: staff.id, decidedAt: new Date() }).run(),
    ).toThrow(/CHECK/);
  });

  it("gives a person one seat on a panel", () => {
    const member = db.select().from(schema.panelMembers).get()!;
    expect(() =>
      db.insert(schema.panelMembers).values({ cycleId: member.cycleId, userId: member.userId, email: "other@example.test", name: "Same person", invitedAt: new Date() }).run(),
    ).toThrow(/UNIQUE/);
  });

  it("refuses a payment marked paid without when and how much", () => {
    const application = newApplication();
    const award = db.insert(schema.awards).values({ applicationId: application.id, amountPence: 500_00, awardDate: "2026-11-23", offeredAt: new Date() }).returning().get();
    expect(() => db.insert(schema.payments).values({ awardId: award.id, instalment: 1, dueDate: "2026-12-01", amountPence: 250_00, status: "paid" }).run()).toThrow(/CHECK/);
    // And an award with payments cannot be deleted: its money must stay accounted for.
    db.insert(schema.payments).values({ awardId: award.id, instalment: 1, dueDate: "2026-12-01", amountPence: 250_00 }).run();
    expect(() => db.delete(schema.awards).run()).toThrow(/FOREIGN KEY/);
  });

  it("refuses an attachment that belongs to both an application and a return, or to neither", () => {
    expect(() =>
      db.insert(schema.attachments).values({ organisationId, kind: "other", originalName: "x.pdf", mediaType: "application/pdf", sizeBytes: 1, sha256: "0", storageKey: "k" }).run(),
    ).toThrow(/CHECK/);
  });

  it("keeps one value per indicator, area, breakdown and period", () => {
    const value = db.select().from(schema.indicatorValues).get()!;
    const { id: _id, createdAt: _c, updatedAt: _u, ...copy } = value;
    expect(() => db.insert(schema.indicatorValues).values(copy).run()).toThrow(/UNIQUE/);
  });
});

describe("migrating", () => {
  it("migrates a new file, and refuses to use a database with broken references", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "migrate-")), "portal.sqlite");
    const first = openDatabase(file);
    expect(first.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    first.sqlite.close();
    // Something wrote a dangling reference behind the portal's back.
    const raw = new Database(file);
    raw.pragma("foreign_keys = OFF");
    raw.prepare("insert into organisation_members (organisation_id, user_id, role, created_at) values (999, 999, 'member', 0)").run();
    raw.close();
    expect(() => openDatabase(file)).toThrow(/broken references/);
  });
});
