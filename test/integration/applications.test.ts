// Applications at the model level: starting, saving with conflicts noticed, what is missing,
// submitting (refusals, references, receipts), withdrawing and returning for changes.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { APPLICATION_SECTIONS } from "~db/schema";
import { seedDatabase } from "~db/seed/index";
import {
  allProblems,
  loadApplication,
  pageFingerprint,
  recordEligibilityCheck,
  returnForChanges,
  savePage,
  startApplication,
  submitApplication,
  timeline,
  withdrawApplication,
} from "~/models/applications.server";
import { db, schema } from "~/utils/db.server";

let cf: typeof schema.cycles.$inferSelect;
let prize: typeof schema.cycles.$inferSelect;

beforeAll(async () => {
  await seedDatabase({ demo: true });
  const cycles = db.select().from(schema.cycles).all();
  cf = cycles.find((c) => c.name.startsWith("Collaboration Fund"))!;
  prize = cycles.find((c) => c.name.includes("Prize"))!;
});

let n = 0;
function person() {
  n += 1;
  return db
    .insert(schema.users)
    .values({ email: `person${n}@example.test`, name: `Person ${n}`, passwordHash: "x", emailConfirmedAt: new Date() })
    .returning()
    .get();
}

function organisationWith(type: "community_or_faith_group" | "business", ...members: { id: number }[]) {
  const org = db
    .insert(schema.organisations)
    .values({ name: `Org ${++n}`, type, addressLine1: "1 Road", town: "Luton", postcode: "LU1 1AA", contactName: "A", contactEmail: "a@example.test", contactPhone: "01582 000000" })
    .returning()
    .get();
  for (const m of members) db.insert(schema.organisationMembers).values({ organisationId: org.id, userId: m.id }).run();
  return org;
}

const asUser = (user: { id: number }, ...orgs: { id: number }[]) => ({ id: user.id, organisationIds: orgs.map((o) => o.id) });

/** Every answer a complete application needs, written straight to the database. */
function fillCompletely(applicationId: number, userId: number) {
  const principle = db.select().from(schema.principles).get()!;
  const ward = db.select().from(schema.areas).where(eq(schema.areas.kind, "ward")).get()!;
  const group = db.select().from(schema.beneficiaryGroups).get()!;
  const app = loadApplication(applicationId)!;
  db.update(schema.applications)
    .set({
      title: "=HYPERLINK(\"http://evil.example\")",
      summary: "A summary",
      description: "A description",
      startDate: "2027-04-01",
      endDate: "2028-03-31",
      peopleReached: 50,
      amountRequestedPence: app.cycle.minRequestPence,
      declarationsAcceptedAt: new Date(),
      declarationsAcceptedById: userId,
      completedSections: [...APPLICATION_SECTIONS],
    })
    .where(eq(schema.applications.id, applicationId))
    .run();
  db.insert(schema.applicationPrinciples).values({ applicationId, principleId: principle.id, isPrimary: true, how: "Like this" }).run();
  db.insert(schema.applicationAreas).values({ applicationId, areaId: ward.id }).run();
  db.insert(schema.applicationBeneficiaryGroups).values({ applicationId, groupId: group.id }).run();
  db.insert(schema.applicationPartners).values({ applicationId, name: "Partner", contactEmail: "p@example.test", contactName: "P", role: "Hosts sessions" }).run();
  db.insert(schema.budgetLines).values({ applicationId, item: "Food", costPence: app.cycle.maxRequestPence }).run();
  for (const kind of ["activity", "output", "outcome"] as const) {
    db.insert(schema.logicModelItems).values({ applicationId, kind, description: kind, measure: "count", target: 10 }).run();
  }
  for (const kind of ["constitution", "safeguarding_policy"] as const) {
    db.insert(schema.attachments)
      .values({ organisationId: app.organisation.id, applicationId, kind, originalName: `${kind}.pdf`, mediaType: "application/pdf", sizeBytes: 10, sha256: "0".repeat(64), storageKey: "x" })
      .run();
  }
}

function started(type: "community_or_faith_group" | "business" = "community_or_faith_group", cycle = cf) {
  const user = person();
  const colleague = person();
  const org = organisationWith(type, user, colleague);
  const result = startApplication(asUser(user, org), cycle.id, org.id);
  if (!result.ok) throw new Error(result.message);
  return { user, colleague, org, me: asUser(user, org), applicationId: result.applicationId };
}

describe("starting an application", () => {
  it("refuses someone who is not a member of the organisation", () => {
    const outsider = person();
    const org = organisationWith("community_or_faith_group");
    const result = startApplication(asUser(outsider), cf.id, org.id);
    expect(result).toEqual({ ok: false, message: "You can only apply for an organisation you are a member of." });
  });

  it("refuses a type of organisation the round does not take", () => {
    const user = person();
    const org = organisationWith("business", user);
    const result = startApplication(asUser(user, org), cf.id, org.id);
    expect(result).toEqual({ ok: false, message: "This round is not open to a business." });
  });

  it("starting twice finds the same application", () => {
    const { me, org, applicationId } = started();
    const again = startApplication(me, cf.id, org.id);
    expect(again).toEqual({ ok: true, applicationId, existing: true });
  });

  it("refuses a closed round", () => {
    const user = person();
    const org = organisationWith("community_or_faith_group", user);
    const result = startApplication(asUser(user, org), cf.id, org.id, new Date(cf.closesAt.getTime() + 1000));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^This round closed at /);
  });
});

describe("saving a page", () => {
  const shown = (file: NonNullable<ReturnType<typeof loadApplication>>) => [{ question: "Project title", answer: file.application.title ?? "" }];
  const writeTitle = (id: number, title: string) => (tx: Parameters<Parameters<typeof savePage>[0]["write"]>[0]) =>
    tx.update(schema.applications).set({ title }).where(eq(schema.applications.id, id)).run();

  it("tells the second of two tabs that the answer changed, and overwrites nothing", () => {
    const { me, applicationId } = started();
    const seen = pageFingerprint(shown(loadApplication(applicationId)!));
    const first = savePage({ user: me, applicationId, page: "about", intent: "later", seen, shown, write: writeTitle(applicationId, "From tab one") });
    expect(first.ok).toBe(true);
    const second = savePage({ user: me, applicationId, page: "about", intent: "later", seen, shown, write: writeTitle(applicationId, "From tab two") });
    expect(second).toMatchObject({ ok: false, kind: "conflict", saved: [{ question: "Project title", answer: "From tab one" }] });
    expect(loadApplication(applicationId)!.application.title).toBe("From tab one");
    // Having seen both, saving again with the new fingerprint keeps theirs.
    const third = savePage({ user: me, applicationId, page: "about", intent: "later", seen: second.ok ? null : second.kind === "conflict" ? second.fingerprint : null, shown, write: writeTitle(applicationId, "From tab two") });
    expect(third.ok).toBe(true);
    expect(loadApplication(applicationId)!.application.title).toBe("From tab two");
  });

  it("refuses someone outside the organisation, whatever the page", () => {
    const { applicationId } = started();
    const outsider = person();
    const result = savePage({ user: asUser(outsider), applicationId, page: "about", intent: "later", seen: null, write: () => {} });
    expect(result).toMatchObject({ ok: false, kind: "refused" });
  });

  it("refuses changes once submitted", () => {
    const { user, me, applicationId } = started();
    fillCompletely(applicationId, user.id);
    expect(submitApplication(me, applicationId).ok).toBe(true);
    const result = savePage({ user: me, applicationId, page: "about", intent: "later", seen: null, write: () => {} });
    expect(result).toMatchObject({ ok: false, kind: "refused", message: expect.stringMatching(/has been submitted/) });
  });
});

describe("submitting", () => {
  it("is refused while sections are incomplete, naming each", () => {
    const { me, applicationId } = started();
    const result = submitApplication(me, applicationId);
    expect(result.ok).toBe(false);
    if (result.ok || result.kind !== "incomplete") throw new Error("expected incomplete");
    expect(result.problems.map((p) => p.text)).toContain("Enter your project's title");
    expect(result.problems.map((p) => p.text)).toContain("Add at least one partner organisation");
    expect(loadApplication(applicationId)!.application.status).toBe("draft");
  });

  it("is refused one second after the deadline, with the time", () => {
    const { user, me, applicationId } = started();
    fillCompletely(applicationId, user.id);
    const late = new Date(cf.closesAt.getTime());
    const result = submitApplication(me, applicationId, late);
    expect(result).toMatchObject({ ok: false, kind: "closed", message: expect.stringMatching(/^This round closed at midday on \d{1,2} \w+ \d{4}\./) });
    const justInTime = submitApplication(me, applicationId, new Date(cf.closesAt.getTime() - 1000));
    expect(justInTime.ok).toBe(true);
  });

  it("gives a reference, emails every member the answers, and a second submit changes nothing", () => {
    const { user, colleague, me, applicationId } = started();
    fillCompletely(applicationId, user.id);
    expect(allProblems(loadApplication(applicationId)!)).toEqual([]);
    const first = submitApplication(me, applicationId);
    expect(first).toMatchObject({ ok: true, already: false, reference: expect.stringMatching(new RegExp(`^CF-${cf.referenceYear}-\\d{4}$`)) });
    const second = submitApplication(me, applicationId);
    expect(second).toEqual({ ok: true, already: true, reference: first.ok ? first.reference : "" });
    for (const member of [user, colleague]) {
      const mail = db.select().from(schema.outboxMessages).where(and(eq(schema.outboxMessages.toAddress, member.email), eq(schema.outboxMessages.template, "application-received"))).all();
      expect(mail).toHaveLength(1);
      expect(mail[0]!.text).toContain("Hosts sessions");
      expect(mail[0]!.subject).toBe(`Application received: ${first.ok ? first.reference : ""}`);
    }
  });

  it("numbers references in order within a programme and year", () => {
    const a = started();
    const b = started();
    fillCompletely(a.applicationId, a.user.id);
    fillCompletely(b.applicationId, b.user.id);
    const ra = submitApplication(a.me, a.applicationId);
    const rb = submitApplication(b.me, b.applicationId);
    if (!ra.ok || !rb.ok) throw new Error("expected both submitted");
    expect(Number(rb.reference.slice(-4))).toBe(Number(ra.reference.slice(-4)) + 1);
  });

  it("the Prize asks no partners, and uses its own prefix", () => {
    const { user, me, applicationId } = started("business", prize);
    fillCompletely(applicationId, user.id);
    db.delete(schema.applicationPartners).where(eq(schema.applicationPartners.applicationId, applicationId)).run();
    const result = submitApplication(me, applicationId);
    expect(result).toMatchObject({ ok: true, reference: expect.stringMatching(/^HETP-/) });
  });
});

describe("after submitting", () => {
  const staff = () => ({ ...person(), isStaff: true });

  it("staff return it with a message; it reopens, and resubmitting keeps the reference", () => {
    const { user, me, applicationId } = started();
    fillCompletely(applicationId, user.id);
    const submitted = submitApplication(me, applicationId);
    const officer = staff();
    expect(returnForChanges({ id: officer.id, isStaff: false }, applicationId, "No").ok).toBe(false);
    expect(returnForChanges(officer, applicationId, "Please add a second partner.")).toEqual({ ok: true });
    expect(loadApplication(applicationId)!.application.status).toBe("returned");
    const mail = db.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.toAddress, user.email)).all().at(-1)!;
    expect(mail.text).toContain("Please add a second partner.");
    const again = submitApplication(me, applicationId);
    expect(again).toMatchObject({ ok: true, reference: submitted.ok ? submitted.reference : "" });
    const events = timeline(applicationId, "applicant").map((e) => e.title);
    expect(events).toEqual(["Submitted again with changes", "Returned for changes", "Submitted", "Started"]);
  });

  it("an eligibility check is recorded with its reason; failing makes it not eligible", () => {
    const { user, me, applicationId } = started();
    fillCompletely(applicationId, user.id);
    submitApplication(me, applicationId);
    const officer = staff();
    expect(recordEligibilityCheck(officer, applicationId, false, "Not based in Luton")).toEqual({ ok: true });
    expect(loadApplication(applicationId)!.application.status).toBe("ineligible");
    expect(timeline(applicationId, "applicant")[0]).toMatchObject({ title: "Did not pass the eligibility check", message: "Not based in Luton" });
  });

  it("withdrawing needs the organisation, records the reason, and cannot be done after a decision", () => {
    const { user, me, applicationId } = started();
    fillCompletely(applicationId, user.id);
    submitApplication(me, applicationId);
    expect(withdrawApplication(asUser(person()), applicationId, "x").ok).toBe(false);
    expect(withdrawApplication(me, applicationId, "We lost our venue")).toEqual({ ok: true });
    const a = loadApplication(applicationId)!.application;
    expect([a.status, a.withdrawnReason]).toEqual(["withdrawn", "We lost our venue"]);

    const other = started();
    db.update(schema.applications).set({ status: "awarded" }).where(eq(schema.applications.id, other.applicationId)).run();
    expect(withdrawApplication(other.me, other.applicationId, "x").ok).toBe(false);
  });
});
