// Staff intake at the model level: the list and its filters, the CSV export (safe to open in a
// spreadsheet), the cycle's rules, and what recordEligibilityCheck and returnForChanges refuse.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { ApplicationStatus, OrganisationType } from "~db/schema";
import { seedDatabase } from "~db/seed/index";
import { recordEligibilityCheck, returnForChanges } from "~/models/applications.server";
import {
  applicationForStaff,
  applicationsCsv,
  cycleStatusCounts,
  INTAKE_PAGE_SIZE,
  intakeQuery,
  intakeRowsQuery,
  listApplications,
  readIntakeFilters,
  updateCycleRules,
} from "~/models/intake.server";
import { cycleRulesSchema } from "~/schemas/cycle";
import { CSV_BOM } from "~/utils/csv";
import { db, schema, sqlite } from "~/utils/db.server";

const DAY = 24 * 3600 * 1000;
let cfCycle: typeof schema.cycles.$inferSelect;
let prizeCycle: typeof schema.cycles.$inferSelect;
let closedCycle: typeof schema.cycles.$inferSelect;
let staff: { id: number; isStaff: true };
let seq = 0;

const wardId = (name: string) =>
  db.select().from(schema.areas).where(and(eq(schema.areas.kind, "ward"), eq(schema.areas.name, name))).get()!.id;
const principleId = (n: number) => db.select().from(schema.principles).where(eq(schema.principles.number, n)).get()!.id;

function makeUser(role: "user" | "staff" = "user") {
  seq++;
  return db
    .insert(schema.users)
    .values({ email: `person-${seq}@example.test`, name: `Person ${seq}`, passwordHash: "not-a-hash", role, emailConfirmedAt: new Date() })
    .returning()
    .get();
}

function makeOrganisation(options: { type?: OrganisationType; ward?: string; name?: string; members?: number } = {}) {
  seq++;
  const org = db
    .insert(schema.organisations)
    .values({
      name: options.name ?? `Organisation ${seq}`,
      type: options.type ?? "community_or_faith_group",
      charityNumber: options.type === "registered_charity" ? "1234567" : null,
      wardId: options.ward ? wardId(options.ward) : null,
    })
    .returning()
    .get();
  for (let i = 0; i < (options.members ?? 0); i++) {
    db.insert(schema.organisationMembers).values({ organisationId: org.id, userId: makeUser().id }).run();
  }
  return org;
}

/** An application in any state, written straight to the database. */
function makeApplication(options: {
  cycle?: typeof schema.cycles.$inferSelect;
  status?: ApplicationStatus;
  title?: string;
  reference?: string | null;
  type?: OrganisationType;
  principles?: { n: number; primary?: boolean }[];
  wards?: string[];
  organisationId?: number;
  submitted?: boolean;
}) {
  const cycle = options.cycle ?? cfCycle;
  const status = options.status ?? "submitted";
  const submitted = options.submitted ?? status !== "draft";
  const organisationId = options.organisationId ?? makeOrganisation({ type: options.type, ward: "Dallow", members: 2 }).id;
  seq++;
  const app = db
    .insert(schema.applications)
    .values({
      cycleId: cycle.id,
      organisationId,
      status,
      title: options.title ?? `Project ${seq}`,
      summary: "A summary",
      reference: options.reference === undefined ? (submitted ? `T-${cycle.id}-${String(seq).padStart(5, "0")}` : null) : options.reference,
      amountRequestedPence: 2_000_00,
      submittedAt: submitted ? new Date(Date.now() - DAY) : null,
    })
    .returning()
    .get();
  for (const p of options.principles ?? []) {
    db.insert(schema.applicationPrinciples).values({ applicationId: app.id, principleId: principleId(p.n), isPrimary: Boolean(p.primary), how: "By doing it" }).run();
  }
  for (const w of options.wards ?? []) db.insert(schema.applicationAreas).values({ applicationId: app.id, areaId: wardId(w) }).run();
  return app;
}

const statusOf = (id: number) => db.select().from(schema.applications).where(eq(schema.applications.id, id)).get()!.status;

beforeAll(async () => {
  await seedDatabase({ demo: true });
  const cycles = db.select().from(schema.cycles).all();
  cfCycle = cycles.find((c) => c.name.startsWith("Collaboration Fund"))!;
  prizeCycle = cycles.find((c) => c.name.startsWith("Health Equity Town Prize"))!;
  closedCycle = db
    .insert(schema.cycles)
    .values({
      ...cfCycle,
      id: undefined,
      name: "A closed round",
      opensAt: new Date(Date.now() - 60 * DAY),
      closesAt: new Date(Date.now() - DAY),
    })
    .returning()
    .get();
  staff = { id: makeUser("staff").id, isStaff: true };
});

describe("the demo data", () => {
  it("has one submitted Prize application from a business, not from the demo applicant's organisation", () => {
    const { rows } = listApplications(prizeCycle.id, {});
    expect(rows).toHaveLength(1);
    const [demo] = rows;
    expect(demo!.organisationName).toBe("Brightside Bakery Ltd (demo)");
    expect(demo!.organisationType).toBe("business");
    expect(demo!.status).toBe("submitted");
    expect(demo!.reference).toBe(`HETP-${prizeCycle.referenceYear}-0001`);
    expect(demo!.primaryNumber).toBe(3);
    const file = applicationForStaff(demo!.id)!;
    expect(file.areas.map((a) => a.name).sort()).toEqual(["Central", "High Town"]);
    expect(file.budgetLines.length).toBeGreaterThan(0);
    expect(file.logicModel.map((i) => i.kind)).toEqual(["activity", "output", "outcome"]);
    expect(file.attachments).toEqual([]);
    expect(file.application.amountRequestedPence).toBeGreaterThanOrEqual(prizeCycle.minRequestPence);
    expect(file.application.amountRequestedPence).toBeLessThanOrEqual(prizeCycle.maxRequestPence);
    const applicant = db.select().from(schema.users).where(eq(schema.users.email, "applicant@demo.test")).get()!;
    const theirs = db
      .select()
      .from(schema.organisationMembers)
      .where(and(eq(schema.organisationMembers.userId, applicant.id), eq(schema.organisationMembers.organisationId, file.organisation.id)))
      .all();
    expect(theirs).toEqual([]);
    const audit = db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.entityType, "application"), eq(schema.auditEvents.entityId, demo!.id))).all();
    expect(audit.map((e) => e.action)).toContain("application.submitted");
  });
});

describe("the intake list", () => {
  it("never shows drafts, nor a draft withdrawn before it was submitted", () => {
    const draft = makeApplication({ status: "draft", title: "Secret draft" });
    const withdrawnDraft = makeApplication({ status: "withdrawn", submitted: false, title: "Withdrawn draft" });
    const withdrawn = makeApplication({ status: "withdrawn", title: "Withdrawn after submitting" });
    const titles = listApplications(cfCycle.id, {}).rows.map((r) => r.title);
    expect(titles).not.toContain("Secret draft");
    expect(titles).not.toContain("Withdrawn draft");
    expect(titles).toContain("Withdrawn after submitting");
    expect(applicationForStaff(draft.id)).toBeNull();
    expect(applicationForStaff(withdrawnDraft.id)).toBeNull();
    expect(applicationForStaff(withdrawn.id)).not.toBeNull();
    // Asking for drafts by name shows everything else instead.
    expect(readIntakeFilters(new URLSearchParams("status=draft")).status).toBeUndefined();
    const counts = cycleStatusCounts(cfCycle.id);
    expect(counts.draft).toBeGreaterThanOrEqual(2);
  });

  it("filters by status, principle (any tag or main), ward and organisation type, and counts each status", () => {
    const cycle = db.insert(schema.cycles).values({ ...cfCycle, id: undefined, name: "Filter round" }).returning().get();
    const one = makeApplication({ cycle, principles: [{ n: 1, primary: true }, { n: 4 }], wards: ["Biscot"], type: "registered_charity" });
    const two = makeApplication({ cycle, principles: [{ n: 4, primary: true }], wards: ["Biscot", "Farley"], type: "cic" });
    const three = makeApplication({ cycle, status: "ineligible", principles: [{ n: 2, primary: true }], wards: ["Farley"], type: "cic" });
    makeApplication({ cycle, status: "draft", principles: [{ n: 4, primary: true }], wards: ["Biscot"], type: "cic" });
    const ids = (f: Parameters<typeof listApplications>[1]) => listApplications(cycle.id, f).rows.map((r) => r.id);

    expect(ids({})).toEqual([one.id, two.id, three.id]);
    expect(ids({ status: "ineligible" })).toEqual([three.id]);
    expect(ids({ principleId: principleId(4) })).toEqual([one.id, two.id]);
    expect(ids({ principleId: principleId(4), primaryOnly: true })).toEqual([two.id]);
    expect(ids({ wardId: wardId("Farley") })).toEqual([two.id, three.id]);
    expect(ids({ organisationType: "cic" })).toEqual([two.id, three.id]);
    expect(ids({ organisationType: "cic", wardId: wardId("Biscot"), principleId: principleId(4) })).toEqual([two.id]);
    // The organisation is based in Dallow; it serves Biscot: the ward filter means "serves".
    expect(ids({ wardId: wardId("Dallow") })).toEqual([]);

    const { counts, total } = listApplications(cycle.id, { status: "submitted", organisationType: "cic" });
    expect(total).toBe(1);
    expect(counts.submitted).toBe(1);
    expect(counts.ineligible).toBe(1);
    expect("draft" in counts).toBe(false);
    const row = listApplications(cycle.id, { status: "ineligible" }).rows[0]!;
    expect(row.primaryNumber).toBe(2);
  });

  it("pages 50 at a time, in order of reference", () => {
    const cycle = db.insert(schema.cycles).values({ ...cfCycle, id: undefined, name: "Busy round" }).returning().get();
    for (let i = INTAKE_PAGE_SIZE + 5; i >= 1; i--) makeApplication({ cycle, reference: `BUSY-${String(i).padStart(4, "0")}` });
    const first = listApplications(cycle.id, {}, 1);
    expect(first.total).toBe(55);
    expect(first.pageCount).toBe(2);
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]!.reference).toBe("BUSY-0001");
    const second = listApplications(cycle.id, {}, 2);
    expect(second.rows.map((r) => r.reference)).toEqual(["BUSY-0051", "BUSY-0052", "BUSY-0053", "BUSY-0054", "BUSY-0055"]);
    // A page past the end shows the last page.
    expect(listApplications(cycle.id, {}, 99).page).toBe(2);
  });

  it("carries its filters in the address, and ignores nonsense", () => {
    const filters = readIntakeFilters(new URLSearchParams("status=submitted&principle=3&primary=yes&ward=7&type=business&page=2"));
    expect(filters).toEqual({ status: "submitted", principleId: 3, primaryOnly: true, wardId: 7, organisationType: "business" });
    expect(intakeQuery(filters, 2)).toBe("?status=submitted&principle=3&primary=yes&ward=7&type=business&page=2");
    expect(readIntakeFilters(new URLSearchParams("status=nonsense&principle=-1&ward=x&type=<script>"))).toEqual({
      status: undefined,
      principleId: undefined,
      primaryOnly: false,
      wardId: undefined,
      organisationType: undefined,
    });
  });

  it("uses the indexes, not a scan of the applications or their tags", () => {
    const plan = (f: Parameters<typeof intakeRowsQuery>[1]) => {
      const q = intakeRowsQuery(cfCycle.id, f, 1).toSQL();
      return (sqlite.prepare(`explain query plan ${q.sql}`).all(...(q.params as unknown[])) as { detail: string }[]).map((r) => r.detail).join("\n");
    };
    const all = plan({});
    expect(all).toMatch(/applications USING INDEX applications_cycle_status_idx/);
    for (const p of [all, plan({ wardId: wardId("Biscot") }), plan({ principleId: principleId(1) }), plan({ status: "submitted" })]) {
      expect(p).not.toMatch(/SCAN (applications|application_areas|application_principles)\b(?! USING)/);
    }
    expect(plan({ wardId: wardId("Biscot") })).toMatch(/application_areas_area_idx/);
    expect(plan({ principleId: principleId(1) })).toMatch(/application_principles_principle_idx/);
  });
});

describe("the CSV export", () => {
  it("has a byte order mark, a header, CRLF line ends and every column staff need", () => {
    const csv = applicationsCsv(prizeCycle.id, {});
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    const lines = csv.slice(1).split("\r\n");
    expect(lines[0]).toBe(
      "Reference,Status,Submitted at,Organisation,Organisation type,Charity number,Company number,360Giving organisation identifier," +
        "Organisation ward,Project title,Summary,Amount requested (£),Budget total (£),Main principle,Other principles,Areas served," +
        "Groups reached,People reached,Partners,Latest eligibility check",
    );
    expect(lines[1]).toContain(`HETP-${prizeCycle.referenceYear}-0001,Submitted,`);
    expect(lines[1]).toContain(",Brightside Bakery Ltd (demo),Business,,99000001,GB-COH-99000001,High Town,");
    expect(lines[1]).toContain(",4500.00,5000.00,3. Create fair employment and good work for all,");
    // The demo staff person passed its eligibility check (the demo round waits for it before the panel sees an application).
    expect(lines[1]).toMatch(/,Central; High Town,People with learning disabilities; Carers,60,None,Passed on \d{1,2} \w+ \d{4} \(Sam Patel \(demo public health officer\)\): A Luton business/);
    expect(lines.at(-1)).toBe("");
  });

  it("neutralises a title or summary that a spreadsheet would run as a formula", () => {
    const cycle = db.insert(schema.cycles).values({ ...cfCycle, id: undefined, name: "Injection round" }).returning().get();
    const app = makeApplication({ cycle, title: '=HYPERLINK("http://evil.example","Click me")' });
    db.update(schema.applications).set({ summary: "@SUM(1+1)*cmd|' /C calc'!A0" }).where(eq(schema.applications.id, app.id)).run();
    const csv = applicationsCsv(cycle.id, {});
    expect(csv).toContain('"\'=HYPERLINK(""http://evil.example"",""Click me"")"');
    expect(csv).toContain("'@SUM(1+1)*cmd|' /C calc'!A0");
    expect(csv).not.toMatch(/,=HYPERLINK/);
    expect(csv).not.toMatch(/,@SUM/);
  });

  it("uses the portal's own prefix for an organisation with no charity or company number, and gives the latest check", () => {
    const cycle = db.insert(schema.cycles).values({ ...cfCycle, id: undefined, name: "Identifier round" }).returning().get();
    const app = makeApplication({ cycle, principles: [{ n: 5, primary: true }, { n: 8 }, { n: 6 }] });
    db.insert(schema.applicationPartners)
      .values([
        { applicationId: app.id, name: "A", contactEmail: "a@example.test", role: "Hosts", confirmedAt: new Date() },
        { applicationId: app.id, name: "B", contactEmail: "b@example.test", role: "Helps" },
      ])
      .run();
    expect(recordEligibilityCheck(staff, app.id, false, "Not a Luton project").ok).toBe(true);
    expect(recordEligibilityCheck(staff, app.id, true, "It is, after all: the project runs in Biscot").ok).toBe(true);
    const line = applicationsCsv(cycle.id, {}).split("\r\n")[1]!;
    const place = db.select().from(schema.place).get()!;
    expect(line).toContain(`,${place.localOrgIdPrefix}-${app.organisationId},Dallow,`);
    expect(line).toContain("5. Create and develop healthy and sustainable places and communities,");
    expect(line).toContain(",6. Strengthen the role and impact of ill-health prevention; 8. Pursue environmental sustainability and health equity together,");
    expect(line).toContain("1 of 2 confirmed");
    expect(line).toMatch(/"Passed on \d+ \w+ \d{4} \(Person \d+\): It is, after all: the project runs in Biscot"$/);
  });

  it("applies the same filters as the list", () => {
    const csv = applicationsCsv(prizeCycle.id, { organisationType: "cic" });
    expect(csv.slice(1).split("\r\n").filter(Boolean)).toHaveLength(1);
  });
});

describe("eligibility checks and returning for changes", () => {
  it("records a check, and a failed one makes the application not eligible", () => {
    const app = makeApplication({});
    expect(recordEligibilityCheck(staff, app.id, false, "Not based in Luton")).toEqual({ ok: true });
    expect(statusOf(app.id)).toBe("ineligible");
    expect(recordEligibilityCheck(staff, app.id, true, "Checked again: they are")).toEqual({ ok: true });
    expect(statusOf(app.id)).toBe("submitted");
    expect(db.select().from(schema.eligibilityReviews).where(eq(schema.eligibilityReviews.applicationId, app.id)).all()).toHaveLength(2);
  });

  it("refuses a check on an application that is returned, withdrawn or decided, or by someone who is not staff", () => {
    for (const status of ["returned", "withdrawn", "awarded", "declined"] as const) {
      const app = makeApplication({ status });
      expect(recordEligibilityCheck(staff, app.id, true, "Fine")).toEqual({ ok: false, message: "Only a submitted application can be checked for eligibility." });
      expect(statusOf(app.id)).toBe(status);
    }
    const app = makeApplication({});
    expect(recordEligibilityCheck({ id: makeUser().id, isStaff: false }, app.id, true, "Fine").ok).toBe(false);
    expect(recordEligibilityCheck(staff, 999_999, true, "Fine")).toEqual({ ok: false, message: "Page not found." });
  });

  it("returns a submitted application for changes and emails every member of the organisation", () => {
    const org = makeOrganisation({ members: 3 });
    const app = makeApplication({ organisationId: org.id });
    expect(returnForChanges(staff, app.id, "Please add your safeguarding policy.")).toEqual({ ok: true });
    expect(statusOf(app.id)).toBe("returned");
    const members = db
      .select({ email: schema.users.email })
      .from(schema.organisationMembers)
      .innerJoin(schema.users, eq(schema.users.id, schema.organisationMembers.userId))
      .where(eq(schema.organisationMembers.organisationId, org.id))
      .all();
    for (const m of members) {
      const mail = db.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.toAddress, m.email)).all();
      expect(mail).toHaveLength(1);
      expect(mail[0]!.template).toBe("application-returned");
      expect(mail[0]!.text).toContain("Please add your safeguarding policy.");
    }
  });

  it("refuses to return an application that is not submitted, or whose round has closed", () => {
    for (const status of ["returned", "withdrawn", "ineligible", "awarded"] as const) {
      const app = makeApplication({ status });
      expect(returnForChanges(staff, app.id, "Change it")).toEqual({ ok: false, message: "Only a submitted application can be returned for changes." });
    }
    const closed = makeApplication({ cycle: closedCycle });
    const refused = returnForChanges(staff, closed.id, "Change it");
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toMatch(/round has closed/);
    expect(statusOf(closed.id)).toBe("submitted");
    expect(returnForChanges({ id: makeUser().id, isStaff: false }, closed.id, "x").ok).toBe(false);
  });
});

describe("the cycle's rules", () => {
  const form = (over: Record<string, unknown> = {}) => ({
    organisationTypes: ["registered_charity", "cic"],
    mustServePlace: "yes",
    requiresPartner: "no",
    minAmount: "500",
    maxAmount: "5,000",
    sections: ["principles", "budget"],
    ...over,
  });

  it("reads the form: pounds to pence, and the sections every cycle asks", () => {
    const parsed = cycleRulesSchema.parse(form());
    expect(parsed).toEqual({
      eligibility: { organisationTypes: ["registered_charity", "cic"], mustServePlace: true, requiresPartner: false },
      minRequestPence: 500_00,
      maxRequestPence: 5_000_00,
      sections: ["about", "principles", "budget", "declarations"],
    });
  });

  it("refuses a maximum below the minimum, no type of organisation, and partners required but not asked", () => {
    const errors = (over: Record<string, unknown>) => cycleRulesSchema.safeParse(form(over)).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(errors({ minAmount: "6000" })).toEqual(["maxAmount: Maximum amount must be the same as or more than the minimum amount"]);
    expect(errors({ organisationTypes: undefined })).toEqual(["organisationTypes: Select at least one type of organisation that may apply"]);
    expect(errors({ organisationTypes: ["charity-ish"] })).toEqual(["organisationTypes: Select types of organisation from the list"]);
    expect(errors({ requiresPartner: "yes" })).toEqual(["sections: Select 'Partners' when applicants need a partner organisation"]);
    expect(errors({ maxAmount: "lots" })).toEqual(["maxAmount: Maximum amount must be an amount in pounds, like 5000 or 5000.50"]);
    expect(errors({ mustServePlace: undefined })).toEqual(["mustServePlace: Select yes if organisations must work with local residents"]);
  });

  it("saves the rules and audits the change; a maximum above the budget is refused", () => {
    const cycle = db.insert(schema.cycles).values({ ...cfCycle, id: undefined, name: "Rules round" }).returning().get();
    const rules = cycleRulesSchema.parse(form());
    expect(updateCycleRules(staff, cycle.id, rules)).toEqual({ ok: true });
    const saved = db.select().from(schema.cycles).where(eq(schema.cycles.id, cycle.id)).get()!;
    expect(saved.eligibility).toEqual(rules.eligibility);
    expect(saved.sections).toEqual(rules.sections);
    expect(saved.maxRequestPence).toBe(5_000_00);
    const audit = db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.entityType, "cycle"), eq(schema.auditEvents.entityId, cycle.id))).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.action).toBe("cycle.rules_changed");
    expect(audit[0]!.actorUserId).toBe(staff.id);
    expect((audit[0]!.details as { before: { maxRequestPence: number } }).before.maxRequestPence).toBe(cfCycle.maxRequestPence);

    const tooMuch = updateCycleRules(staff, cycle.id, { ...rules, maxRequestPence: cycle.budgetPence + 1 });
    expect(tooMuch).toMatchObject({ ok: false, field: "maxAmount" });
    expect(updateCycleRules(staff, 999_999, rules)).toEqual({ ok: false, notFound: true });
  });
});
