// The database itself refuses what the domain forbids, whatever code writes to it.
import { beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "~db/seed/index";
import { db, schema, sqlite } from "~/utils/db.server";

let cycleId: number;
let organisationId: number;
let principleIds: number[];

beforeAll(async () => {
  await seedDatabase({ demo: true });
  cycleId = db.select().from(schema.cycles).get()!.id;
  organisationId = db.select().from(schema.organisations).get()!.id;
  principleIds = db.select().from(schema.principles).all().map((p) => p.id);
});

const newApplication = () => db.insert(schema.applications).values({ cycleId, organisationId }).returning().get();

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

  it("keeps one value per indicator, area, breakdown and period", () => {
    const value = db.select().from(schema.indicatorValues).get()!;
    const { id: _id, createdAt: _c, updatedAt: _u, ...copy } = value;
    expect(() => db.insert(schema.indicatorValues).values(copy).run()).toThrow(/UNIQUE/);
  });
});
