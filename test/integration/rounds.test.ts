// A round's life at the model level: create and copy, change details by stage, publish (refused
// until complete), extend (never forward; drafters emailed once), close now, one application's
// own deadline, close out, delete a draft, the history, and the closing reminders of the jobs.
import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "~db/seed/index";
import { isEditable, loadApplication, startApplication, whyNotEditable } from "~/models/applications.server";
import { roundStage } from "~/models/round-stage";
import {
  closeOutRound,
  closeRoundNow,
  copyRound,
  createRound,
  deleteDraftRound,
  extendRound,
  publishProblems,
  publishRound,
  roundHistory,
  sendClosingReminders,
  setApplicationDeadline,
  unpublishRound,
  updateRoundDetails,
} from "~/models/rounds.server";
import { roundDetailsSchema } from "~/schemas/round";
import { db, schema } from "~/utils/db.server";

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;
let staff: { id: number; isStaff: boolean };
const notStaff = { id: 1, isStaff: false };
let cfProgramme: typeof schema.programmes.$inferSelect;

beforeAll(async () => {
  await seedDatabase({ demo: true });
  const user = db.select().from(schema.users).where(eq(schema.users.email, "staff@demo.test")).get()!;
  staff = { id: user.id, isStaff: true };
  cfProgramme = db.select().from(schema.programmes).where(eq(schema.programmes.slug, "collaboration-fund")).get()!;
  db.update(schema.place).set({ contactEmail: "funding@council.example" }).run();
});

let n = 0;
function details(overrides: Partial<Parameters<typeof createRound>[2]> = {}, now = Date.now()) {
  n += 1;
  return {
    name: `Test round ${n}`,
    summary: "Grants for groups that work together.",
    guidance: null,
    opensAt: new Date(now + DAY),
    closesAt: new Date(now + 30 * DAY),
    budgetPence: 50_000_00,
    minRequestPence: 1_000_00,
    maxRequestPence: 10_000_00,
    referenceYear: 2900 + n,
    decisionsExpectedOn: "2999-12-31",
    contactName: null,
    contactEmail: null,
    ...overrides,
  };
}

const round = (id: number) => db.select().from(schema.cycles).where(eq(schema.cycles.id, id)).get()!;
const created = (result: ReturnType<typeof createRound>) => {
  if (!result.ok) throw new Error(result.message);
  return result.cycleId;
};

/** A published round open now, made through the model. */
function openRound(overrides: Partial<Parameters<typeof createRound>[2]> = {}, now = new Date()) {
  const id = created(createRound(staff, cfProgramme.id, details({ opensAt: new Date(now.getTime() - HOUR), closesAt: new Date(now.getTime() + 10 * DAY), ...overrides }, now.getTime()), now));
  const published = publishRound(staff, id, now);
  if (!published.ok) throw new Error(published.message);
  return id;
}

function person(label: string) {
  n += 1;
  return db
    .insert(schema.users)
    .values({ email: `${label}-${n}@example.test`, name: `${label} ${n}`, passwordHash: "x", emailConfirmedAt: new Date() })
    .returning()
    .get();
}

/** An organisation with one member, its contact email another address, and a draft in the round. */
function drafter(cycleId: number, now = new Date()) {
  const member = person("member");
  const org = db
    .insert(schema.organisations)
    .values({ name: `Group ${++n}`, type: "community_or_faith_group", contactEmail: `contact-${n}@example.test`, contactName: "Contact" })
    .returning()
    .get();
  db.insert(schema.organisationMembers).values({ organisationId: org.id, userId: member.id }).run();
  const started = startApplication({ id: member.id, organisationIds: [org.id] }, cycleId, org.id, now);
  if (!started.ok) throw new Error(started.message);
  return { member, org, applicationId: started.applicationId };
}

const mail = (template: string, to?: string) =>
  db
    .select()
    .from(schema.outboxMessages)
    .where(and(eq(schema.outboxMessages.template, template), to ? eq(schema.outboxMessages.toAddress, to) : undefined))
    .all();

describe("creating and copying a round", () => {
  it("creates a draft with every type and section, the panel after eligibility, audited; refuses non-staff", () => {
    const id = created(createRound(staff, cfProgramme.id, details()));
    const r = round(id);
    expect(r.status).toBe("draft");
    expect(r.panelAfterEligibility).toBe(true);
    expect(r.eligibility.organisationTypes.length).toBe(schema.ORGANISATION_TYPES.length);
    expect(r.sections).toEqual([...schema.APPLICATION_SECTIONS]);
    expect(roundHistory(id).events.map((e) => e.action)).toEqual(["cycle.created"]);
    expect(createRound(notStaff, cfProgramme.id, details())).toMatchObject({ ok: false, status: 403 });
    expect(createRound(staff, 999999, details())).toMatchObject({ ok: false, status: 404 });
  });

  it("a double submit makes one round; a second round of the same name later is refused", () => {
    const d = details();
    const first = created(createRound(staff, cfProgramme.id, d));
    const again = created(createRound(staff, cfProgramme.id, d));
    expect(again).toBe(first);
    expect(createRound(staff, cfProgramme.id, d, new Date(Date.now() + 10 * 60_000))).toMatchObject({ ok: false, field: "name" });
  });

  it("copies rules, questions (with conditions), documents, criteria, panel settings and return schedule; not members, dates or applications", () => {
    const source = round(created(createRound(staff, cfProgramme.id, details())));
    db.update(schema.cycles)
      .set({ eligibility: { organisationTypes: ["cic"], mustServePlace: false, requiresPartner: true }, sections: ["about", "partners", "declarations"], anonymiseApplicants: true, disagreementThreshold: 12, panelAfterEligibility: false, scoringOpensAt: new Date() , scoringClosesAt: new Date(Date.now() + DAY)})
      .where(eq(schema.cycles.id, source.id))
      .run();
    const q1 = db.insert(schema.cycleQuestions).values({ cycleId: source.id, section: "about", kind: "yes_no", label: "Do you run youth sessions?", sortOrder: 0 }).returning().get();
    db.insert(schema.cycleQuestions).values({ cycleId: source.id, section: "other", kind: "textarea", label: "Tell us about them", wordLimit: 100, required: false, conditionQuestionId: q1.id, conditionValue: "yes", audience: "staff", sortOrder: 1 }).run();
    db.insert(schema.cycleDocuments).values({ cycleId: source.id, name: "Safeguarding policy", required: true }).run();
    db.insert(schema.criteria).values({ cycleId: source.id, title: "Need", weight: 3, descriptors: { "0": "None", "4": "Strong" } }).run();
    db.insert(schema.returnScheduleItems).values({ cycleId: source.id, kind: "final", title: "Final return", dueMonthsAfterStart: 9 }).run();
    db.insert(schema.panelMembers).values({ cycleId: source.id, email: "p@example.test", name: "P", invitedAt: new Date() }).run();
    drafterInto(source.id);

    const copyId = created(copyRound(staff, source.id, details({ name: "The copy" })));
    const copy = round(copyId);
    expect(copy).toMatchObject({ status: "draft", copiedFromId: source.id, anonymiseApplicants: true, disagreementThreshold: 12, panelAfterEligibility: false, scoringOpensAt: null, decisionsReleasedAt: null });
    expect(copy.eligibility).toEqual({ organisationTypes: ["cic"], mustServePlace: false, requiresPartner: true });
    expect(copy.sections).toEqual(["about", "partners", "declarations"]);
    const questions = db.select().from(schema.cycleQuestions).where(eq(schema.cycleQuestions.cycleId, copyId)).orderBy(schema.cycleQuestions.sortOrder).all();
    expect(questions.map((q) => q.label)).toEqual(["Do you run youth sessions?", "Tell us about them"]);
    expect(questions[1]).toMatchObject({ conditionQuestionId: questions[0]!.id, conditionValue: "yes", audience: "staff", required: false, wordLimit: 100 });
    expect(db.select().from(schema.cycleDocuments).where(eq(schema.cycleDocuments.cycleId, copyId)).all().map((d) => d.name)).toEqual(["Safeguarding policy"]);
    expect(db.select().from(schema.criteria).where(eq(schema.criteria.cycleId, copyId)).all().map((c) => c.title)).toEqual(["Need"]);
    expect(db.select().from(schema.returnScheduleItems).where(eq(schema.returnScheduleItems.cycleId, copyId)).all().map((i) => i.dueMonthsAfterStart)).toEqual([9]);
    expect(db.select().from(schema.panelMembers).where(eq(schema.panelMembers.cycleId, copyId)).all()).toEqual([]);
    expect(db.select().from(schema.applications).where(eq(schema.applications.cycleId, copyId)).all()).toEqual([]);
    expect(roundHistory(source.id).events.map((e) => e.action)).toContain("cycle.copied");
  });
});

function drafterInto(cycleId: number) {
  const org = db.insert(schema.organisations).values({ name: `Source group ${++n}`, type: "cic" }).returning().get();
  db.insert(schema.applications).values({ cycleId, organisationId: org.id }).run();
}

describe("publishing", () => {
  it("is refused with every reason until the round is complete enough to apply to", () => {
    db.update(schema.place).set({ contactEmail: null }).run();
    try {
      const id = created(createRound(staff, cfProgramme.id, details({ summary: null, decisionsExpectedOn: null, budgetPence: 5_00, closesAt: new Date(Date.now() + 2 * DAY) })));
      const result = publishRound(staff, id);
      expect(result.ok).toBe(false);
      const texts = (!result.ok && result.problems ? result.problems : []).map((p) => p.text);
      expect(texts).toEqual(
        expect.arrayContaining([
          "Give the round a summary for applicants",
          "Say when applicants can expect a decision",
          expect.stringContaining("is more than the budget"),
          expect.stringContaining("someone to contact"),
        ]),
      );
      expect(round(id).status).toBe("draft");
      // The closing date passing is a reason too.
      expect(publishProblems(db, round(id), cfProgramme, new Date(Date.now() + 3 * DAY)).map((p) => p.text)).toContain(
        "The closing date has passed. Give the round a closing date in the future",
      );
      expect(publishRound(notStaff, id)).toMatchObject({ ok: false, status: 403 });
    } finally {
      db.update(schema.place).set({ contactEmail: "funding@council.example" }).run();
    }
  });

  it("publishes a complete round (scheduled until it opens), once; takes it back to draft only before it opens", () => {
    const now = new Date();
    const id = created(createRound(staff, cfProgramme.id, details({}, now.getTime()), now));
    expect(publishRound(staff, id, now)).toEqual({ ok: true, changed: true });
    expect(publishRound(staff, id, now)).toEqual({ ok: true, changed: false });
    expect(roundStage(round(id), now)).toBe("scheduled");
    expect(unpublishRound(staff, id, now)).toEqual({ ok: true, changed: true });
    expect(round(id).status).toBe("draft");
    expect(publishRound(staff, id, now).ok).toBe(true);
    expect(unpublishRound(staff, id, new Date(now.getTime() + 2 * DAY))).toMatchObject({ ok: false, status: 409 });
  });
});

const form = (values: Record<string, string>) => roundDetailsSchema({ withAmounts: false }).parse(values);

describe("changing the details", () => {
  it("anything before it opens; once open the opening time is fixed and the closing time cannot be brought forward or moved", () => {
    const now = new Date();
    const id = openRound({}, now);
    const r = round(id);
    const base = { ...details(), name: r.name, opensAt: r.opensAt, closesAt: r.closesAt, referenceYear: r.referenceYear, budgetPence: r.budgetPence };
    expect(updateRoundDetails(staff, id, { ...base, closesAt: new Date(r.closesAt.getTime() - DAY) }, now)).toMatchObject({ ok: false, field: "closesDay" });
    expect(updateRoundDetails(staff, id, { ...base, closesAt: new Date(r.closesAt.getTime() + DAY) }, now)).toMatchObject({ ok: false, field: "closesDay" });
    expect(updateRoundDetails(staff, id, { ...base, opensAt: new Date(r.opensAt.getTime() + 60 * 60_000) }, now)).toMatchObject({ ok: false, field: "opensDay" });
    expect(round(id).closesAt.getTime()).toBe(r.closesAt.getTime());
    // Words and money still change, and the history says old and new.
    expect(updateRoundDetails(staff, id, { ...base, summary: "A new summary", budgetPence: 60_000_00 }, now)).toEqual({ ok: true, changed: true });
    const change = roundHistory(id).events.find((e) => e.action === "cycle.details_changed")!;
    expect(change.details).toMatchObject({ before: { budgetPence: 50_000_00 }, after: { summary: "A new summary", budgetPence: 60_000_00 } });
    expect(updateRoundDetails(staff, id, { ...base, summary: "A new summary", budgetPence: 60_000_00 }, now)).toEqual({ ok: true, changed: false });
    // A budget below the largest request is refused.
    expect(updateRoundDetails(staff, id, { ...base, budgetPence: 5_00 }, now)).toMatchObject({ ok: false, field: "budget" });
  });

  it("a published round not yet open cannot be given a closing time in the past; a closed-out round changes no more", () => {
    const now = new Date();
    const id = created(createRound(staff, cfProgramme.id, details({}, now.getTime()), now));
    expect(publishRound(staff, id, now).ok).toBe(true);
    const r = round(id);
    const base = { ...details(), name: r.name, opensAt: r.opensAt, closesAt: r.closesAt, referenceYear: r.referenceYear };
    expect(updateRoundDetails(staff, id, { ...base, opensAt: new Date(now.getTime() - 2 * DAY), closesAt: new Date(now.getTime() - DAY) }, now)).toMatchObject({ ok: false, field: "closesDay" });
    db.update(schema.cycles).set({ closedOutAt: now }).where(eq(schema.cycles.id, id)).run();
    expect(updateRoundDetails(staff, id, { ...base, summary: "Too late" }, now)).toMatchObject({ ok: false, status: 409 });
  });

  it("the reference year is fixed once an application has its reference", () => {
    const id = created(createRound(staff, cfProgramme.id, details()));
    const r = round(id);
    const base = { ...details(), name: r.name, opensAt: r.opensAt, closesAt: r.closesAt, referenceYear: r.referenceYear };
    expect(updateRoundDetails(staff, id, { ...base, referenceYear: r.referenceYear + 1 }).ok).toBe(true);
    const org = db.insert(schema.organisations).values({ name: "Referenced", type: "cic" }).returning().get();
    db.insert(schema.applications).values({ cycleId: id, organisationId: org.id, reference: `CF-${r.referenceYear + 1}-0001`, status: "submitted", submittedAt: new Date() }).run();
    expect(updateRoundDetails(staff, id, { ...base, referenceYear: r.referenceYear + 2 })).toMatchObject({ ok: false, field: "referenceYear" });
  });

  it("reads UK times from the form, and checks the boxes", () => {
    const parsed = form({
      name: "Summer round",
      opensDay: "1",
      opensMonth: "7",
      opensYear: "2027",
      opensTime: "9am",
      closesDay: "31",
      closesMonth: "7",
      closesYear: "2027",
      closesTime: "5:30pm",
      budget: "20,000",
      referenceYear: "2027",
    });
    expect(parsed.opensAt.toISOString()).toBe("2027-07-01T08:00:00.000Z");
    expect(parsed.closesAt.toISOString()).toBe("2027-07-31T16:30:00.000Z");
    expect(parsed.budgetPence).toBe(20_000_00);
    const bad = roundDetailsSchema({ withAmounts: true }).safeParse({ name: "", opensDay: "31", opensMonth: "2", opensYear: "2027", opensTime: "9", closesDay: "1", closesMonth: "1", closesYear: "2027", closesTime: "25:00", budget: "lots", minAmount: "10", maxAmount: "5", referenceYear: "27", contactEmail: "not-an-email" });
    expect(bad.success).toBe(false);
    const paths = bad.success ? [] : bad.error.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["name", "opensDay", "closesTime", "budget", "referenceYear", "contactEmail"]));
    // A closing time of midnight is unclear (which day?): 11:59pm says it.
    const midnight = form.bind(null);
    expect(() => midnight({ name: "R", opensDay: "1", opensMonth: "7", opensYear: "2027", opensTime: "midnight", closesDay: "31", closesMonth: "7", closesYear: "2027", closesTime: "midnight", budget: "1", referenceYear: "2027" })).toThrow(/11:59pm/);
  });
});

describe("extending and closing", () => {
  it("extends an open round later only, and emails each organisation with a draft once per extension (members and contact)", () => {
    const now = new Date();
    const id = openRound({}, now);
    const a = drafter(id, now);
    const b = drafter(id, now);
    const r = round(id);
    expect(extendRound(staff, id, new Date(r.closesAt.getTime() - HOUR), "Too late", now)).toMatchObject({ ok: false, field: "closesDay" });
    expect(extendRound(staff, id, new Date(r.closesAt.getTime() - 60_000), "A minute sooner", now)).toMatchObject({ ok: false, field: "closesDay" });
    expect(extendRound(staff, id, r.closesAt, "Same", now)).toEqual({ ok: true, organisations: 0 });
    const later = new Date(r.closesAt.getTime() + 7 * DAY);
    expect(extendRound(staff, id, later, "Groups asked for more time", now)).toEqual({ ok: true, organisations: 2 });
    expect(round(id).closesAt.getTime()).toBe(later.getTime());
    expect(mail("round-extended", a.member.email)).toHaveLength(1);
    expect(mail("round-extended", a.org.contactEmail!)).toHaveLength(1);
    expect(mail("round-extended", b.member.email)).toHaveLength(1);
    // The same extension again (a double click) changes and sends nothing.
    expect(extendRound(staff, id, later, "Again", now)).toEqual({ ok: true, organisations: 0 });
    expect(mail("round-extended", a.member.email)).toHaveLength(1);
    expect(roundHistory(id).events.filter((e) => e.action === "cycle.extended")).toHaveLength(1);
    // A submitted application's organisation is not emailed.
    const event = roundHistory(id).events.find((e) => e.action === "cycle.extended")!;
    expect(event.details).toMatchObject({ before: { closesAt: r.closesAt.toISOString() }, after: { closesAt: later.toISOString() } });
  });

  it("closes an open round now with its reason; a draft can no longer change, unless given its own deadline", () => {
    const now = new Date();
    const id = openRound({}, now);
    const { member, org, applicationId } = drafter(id, now);
    expect(closeRoundNow(staff, id, "Budget spent", now)).toEqual({ ok: true, changed: true });
    const after = new Date(now.getTime() + 1000);
    expect(roundStage(round(id), after)).toBe("closed");
    const file = loadApplication(applicationId)!;
    expect(isEditable(file, after)).toBe(false);
    expect(extendRound(staff, id, new Date(now.getTime() + DAY), "Reopen", after)).toMatchObject({ ok: false, status: 409 });

    // One application's own deadline: later than the round's, with a reason; it can change again.
    expect(setApplicationDeadline(staff, applicationId, new Date(now.getTime() - DAY), "Bereavement", after)).toMatchObject({ ok: false, field: "deadlineDay" });
    const own = new Date(now.getTime() + 5 * DAY);
    expect(setApplicationDeadline(staff, applicationId, own, "Bereavement in the group", after)).toMatchObject({ ok: true });
    const given = loadApplication(applicationId)!;
    expect(isEditable(given, after)).toBe(true);
    expect(isEditable(given, new Date(own.getTime() + 1))).toBe(false);
    expect(whyNotEditable(given, new Date(own.getTime() + 1))).toContain("The deadline for this application was");
    expect(mail("application-deadline-changed", member.email)).toHaveLength(1);
    expect(mail("application-deadline-changed", org.contactEmail!)).toHaveLength(1);
    expect(roundHistory(id).events.map((e) => e.action)).toEqual(expect.arrayContaining(["cycle.closed_now", "cycle.application_deadline_changed"]));
    expect(setApplicationDeadline(notStaff, applicationId, own, "x", after)).toMatchObject({ ok: false, status: 403 });
    // Once scoring has begun, no application is given more time (it could never be decided).
    db.update(schema.cycles).set({ scoringOpensAt: new Date(after.getTime() - 1000), scoringClosesAt: new Date(after.getTime() + DAY) }).where(eq(schema.cycles.id, id)).run();
    expect(setApplicationDeadline(staff, applicationId, new Date(own.getTime() + DAY), "Later still", after)).toMatchObject({ ok: false, status: 409 });
  });
});

describe("closing out and deleting", () => {
  it("closes out a decided round only when every award has finished", () => {
    const id = openRound();
    expect(closeOutRound(staff, id)).toMatchObject({ ok: false, status: 409 });
    const org = db.insert(schema.organisations).values({ name: "Grantee", type: "cic" }).returning().get();
    const app = db.insert(schema.applications).values({ cycleId: id, organisationId: org.id, reference: "CF-X-1", status: "awarded", submittedAt: new Date() }).returning().get();
    const award = db.insert(schema.awards).values({ applicationId: app.id, amountPence: 1_000_00, status: "accepted", awardDate: "2027-01-01", offeredAt: new Date() }).returning().get();
    db.update(schema.cycles).set({ decisionsReleasedAt: new Date() }).where(eq(schema.cycles.id, id)).run();
    const refused = closeOutRound(staff, id);
    expect(refused).toMatchObject({ ok: false, status: 409 });
    expect(!refused.ok && refused.problems?.[0]?.href).toBe(`/staff/awards/${award.id}`);
    db.update(schema.awards).set({ status: "completed" }).where(eq(schema.awards.id, award.id)).run();
    expect(closeOutRound(staff, id)).toEqual({ ok: true, changed: true });
    expect(roundStage(round(id))).toBe("closed_out");
    expect(closeOutRound(staff, id)).toEqual({ ok: true, changed: false });
  });

  it("closes out a round that closed with nothing to decide, but not while an application waits", () => {
    const now = new Date();
    const id = openRound({}, now);
    const { applicationId } = drafter(id, now);
    const later = new Date(now.getTime() + 20 * DAY);
    expect(closeOutRound(staff, id, now)).toMatchObject({ ok: false, status: 409 });
    db.update(schema.applications).set({ status: "submitted", reference: `CF-Q-${id}`, submittedAt: now }).where(eq(schema.applications.id, applicationId)).run();
    expect(closeOutRound(staff, id, later)).toMatchObject({ ok: false, status: 409, message: expect.stringContaining("1 application is still") });
    db.update(schema.applications).set({ status: "ineligible" }).where(eq(schema.applications.id, applicationId)).run();
    expect(closeOutRound(staff, id, later)).toEqual({ ok: true, changed: true });
    expect(roundHistory(id).events[0]!.summary).toBe("Closed out: nothing was left to decide");
  });

  it("deletes a draft nobody applied to, never a round that has run", () => {
    const id = created(createRound(staff, cfProgramme.id, details()));
    db.insert(schema.cycleQuestions).values({ cycleId: id, section: "other", kind: "text", label: "Q" }).run();
    expect(deleteDraftRound(staff, id)).toMatchObject({ ok: true, programmeId: cfProgramme.id });
    expect(db.select().from(schema.cycles).where(eq(schema.cycles.id, id)).get()).toBeUndefined();
    const live = openRound();
    expect(deleteDraftRound(staff, live)).toMatchObject({ ok: false, status: 409 });
  });
});

describe("closing reminders (npm run jobs)", () => {
  it("at 8, 7, 3, 2 and 0 days before closing, run twice each: each reminder once, none to submitted applications", () => {
    const start = new Date();
    const closesAt = new Date(start.getTime() + 8 * DAY + HOUR);
    const id = openRound({ closesAt }, start);
    const waiting = drafter(id, start);
    const submitted = drafter(id, start);
    db.update(schema.applications).set({ status: "submitted", reference: `CF-R-${id}`, submittedAt: start }).where(eq(schema.applications.id, submitted.applicationId)).run();
    const mine = () =>
      db
        .select()
        .from(schema.outboxMessages)
        .where(and(eq(schema.outboxMessages.template, "closing-reminder"), like(schema.outboxMessages.dedupeKey, `closing-reminder:${waiting.applicationId}:%`)))
        .all();
    const at = (days: number) => new Date(closesAt.getTime() - days * DAY);
    const counts: number[] = [];
    for (const days of [8, 7, 3, 2, 0]) {
      sendClosingReminders(at(days));
      sendClosingReminders(at(days));
      counts.push(mine().length);
    }
    // Two addresses (the member and the organisation's contact): the 7-day, then the 2-day reminder.
    expect(counts).toEqual([0, 2, 2, 4, 4]);
    expect(mine().every((m) => m.toAddress === waiting.member.email || m.toAddress === waiting.org.contactEmail)).toBe(true);
    expect(mail("closing-reminder", submitted.member.email)).toHaveLength(0);
    expect(mine().find((m) => m.toAddress === waiting.member.email)!.subject).toContain("must be submitted by");

    // An extension brings the reminders again for the new time, once.
    const later = new Date(closesAt.getTime() + 10 * DAY);
    expect(extendRound(staff, id, later, "More time", at(1)).ok).toBe(true);
    sendClosingReminders(new Date(later.getTime() - 6 * DAY));
    sendClosingReminders(new Date(later.getTime() - 6 * DAY));
    expect(mine().length).toBe(6);
  });

  it("reminds an application with its own deadline before that deadline, not the round's", () => {
    const start = new Date();
    const closesAt = new Date(start.getTime() + 20 * DAY);
    const id = openRound({ closesAt }, start);
    const late = drafter(id, start);
    const own = new Date(closesAt.getTime() + 30 * DAY);
    expect(setApplicationDeadline(staff, late.applicationId, own, "Illness", start).ok).toBe(true);
    sendClosingReminders(new Date(closesAt.getTime() - DAY));
    expect(mail("closing-reminder", late.member.email)).toHaveLength(0);
    sendClosingReminders(new Date(own.getTime() - DAY));
    expect(mail("closing-reminder", late.member.email)).toHaveLength(1);
  });
});
