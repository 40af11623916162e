// Evaluation returns: who may fill one and when; saving page by page (drafts, completeness,
// conflicts); photos; submitting (once, with its emails); staff review with its history; the
// round's return schedule; and the reminder job, with an injected `now`, run twice and at once.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  addReturnAttachment,
  allReturnProblems,
  changesReminderDays,
  daysPastDue,
  granteeReturn,
  moveReturnDueDate,
  reminderStage,
  removeReturnAttachment,
  returnAttachmentForDownload,
  returnAnswerGroups,
  returnHistory,
  returnPageFingerprint,
  returnScheduleView,
  returnSectionStatus,
  RETURN_PAGE_SHOWN,
  reviewReturn,
  saveReturnSchedule,
  saveReturnSection,
  sendReturnReminders,
  staffReading,
  staffReturn,
  staffReturnList,
  submitReturn,
  type ReturnFile,
  type SectionInput,
} from "~/models/returns.server";
import { loadAward } from "~/models/awards.server";
import { returnScheduleSchema, reachSchema, storySchema } from "~/schemas/return";
import { db, schema, transaction } from "~/utils/db.server";
import { respondReturn } from "~/utils/return-page.server";
import { ukDate, ukTime } from "~/utils/format";
import { action as storyAction, loader as storyPage } from "~/routes/returns.$returnId.story";
import { loader as returnPage } from "~/routes/returns.$returnId._index";
import { action as checkAction } from "~/routes/returns.$returnId.check";
import { action as reviewAction, loader as staffReturnPage } from "~/routes/staff.returns.$returnId";
import { action as scheduleAction } from "~/routes/staff.cycles.$cycleId.return-schedule";
import { args, awardedRound, makeUser, postAs, requestAs, seeded, type AwardedApplication } from "../support/awards";

const run = promisify(execFile);
const DAY = 24 * 3600 * 1000;
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

beforeAll(async () => {
  await seeded();
  db.update(schema.place).set({ contactEmail: "grants@council.test" }).run();
});

const ward = (name: string) => db.select().from(schema.areas).where(and(eq(schema.areas.kind, "ward"), eq(schema.areas.name, name))).get()!;

type Grantee = AwardedApplication & {
  member: { id: number; organisationIds: number[] };
  interimId: number;
  finalId: number;
  plan: { wards: number[]; groups: number[]; lines: number[]; output: number; outcome: number };
};

/**
 * An accepted award (unless `status` says otherwise) whose application planned two wards, one
 * group, two budget lines and an output and an outcome; two members.
 */
function acceptedAward(options: { status?: "offered" | "accepted" | "declined" | "withdrawn"; startDate?: string; amounts?: number[] } = {}) {
  const round = awardedRound({ amounts: options.amounts ?? [5_000_00], members: 2, startDate: options.startDate });
  const grantees = round.awards.map((a): Grantee => {
    const biscot = ward("Biscot");
    const dallow = ward("Dallow");
    db.insert(schema.applicationAreas).values([{ applicationId: a.applicationId, areaId: biscot.id }, { applicationId: a.applicationId, areaId: dallow.id }]).run();
    const group = db.select().from(schema.beneficiaryGroups).limit(1).get()!;
    db.insert(schema.applicationBeneficiaryGroups).values({ applicationId: a.applicationId, groupId: group.id }).run();
    db.insert(schema.budgetLines).values({ applicationId: a.applicationId, item: "Food", costPence: 1_000_00, sortOrder: 1 }).run();
    const lines = db.select().from(schema.budgetLines).where(eq(schema.budgetLines.applicationId, a.applicationId)).all().map((l) => l.id);
    const [, output, outcome] = db
      .insert(schema.logicModelItems)
      .values([
        { applicationId: a.applicationId, kind: "activity", description: "Cooking sessions", sortOrder: 0 },
        { applicationId: a.applicationId, kind: "output", description: "Sessions run", measure: "Number of sessions", target: 40, sortOrder: 1 },
        { applicationId: a.applicationId, kind: "outcome", description: "Families cook at home", measure: null, target: 30, sortOrder: 2 },
      ])
      .returning()
      .all();
    if ((options.status ?? "accepted") !== "offered") {
      db.update(schema.awards).set({ status: options.status ?? "accepted", respondedAt: new Date() }).where(eq(schema.awards.id, a.awardId)).run();
    }
    const returns = loadAward(a.awardId)!.returns;
    return {
      ...a,
      member: { id: a.members[0]!.id, organisationIds: [a.organisationId] },
      interimId: returns.find((r) => r.kind === "interim")!.id,
      finalId: returns.find((r) => r.kind === "final")!.id,
      plan: { wards: [biscot.id, dallow.id], groups: [group.id], lines, output: output!.id, outcome: outcome!.id },
    };
  });
  return { round, grantees, g: grantees[0]! };
}

function fileOf(g: Grantee, returnId = g.interimId): ReturnFile {
  const file = granteeReturn(g.member, returnId);
  if ("status" in file && "message" in file) throw new Error(file.message);
  return file as ReturnFile;
}

const seenOf = (g: Grantee, section: Exclude<SectionInput["section"], never>, returnId = g.interimId) =>
  returnPageFingerprint(RETURN_PAGE_SHOWN[section](fileOf(g, returnId)));

/** Every section answered and completed, as "Save and continue" on each page would. */
function fillEverything(g: Grantee, returnId = g.interimId) {
  const inputs: SectionInput[] = [
    {
      section: "reach",
      peopleReached: 120,
      activitiesDelivered: "24 cooking sessions",
      wards: { [g.plan.wards[0]!]: 70, [g.plan.wards[1]!]: 40 },
      groups: { [g.plan.groups[0]!]: 60 },
    },
    { section: "spend", lines: Object.fromEntries(g.plan.lines.map((id, i) => [id, (i + 1) * 500_00])) },
    { section: "results", items: { [g.plan.output]: { actual: 22, note: "" }, [g.plan.outcome]: { actual: 18, note: "From our survey" } } },
    {
      section: "story",
      values: {
        projectTitle: "Cook and eat together",
        authors: "A. Grantee",
        aboutProject: "About it.",
        whatDidYouDo: "We cooked.",
        whatAchieved: "Families cook at home.",
        whatLearnt: "Start small.",
        acknowledgements: "",
        whatsNext: "More sessions.",
      },
    },
    { section: "consent", consent: true },
  ];
  for (const input of inputs) {
    const saved = saveReturnSection(g.member, returnId, input, { intent: "continue", seen: seenOf(g, input.section, returnId) });
    expect(saved, input.section).toEqual({ ok: true, redirectTo: `/returns/${returnId}` });
  }
  return addReturnAttachment(g.member, returnId, { kind: "photo", description: "Families cooking together", file: { name: "kitchen.png", bytes: PNG } }, { intent: "continue" });
}

/** Submits the return as its check page would: with the version the page showed. */
const submit = (g: Grantee, returnId = g.interimId, now?: Date) => submitReturn(g.member, returnId, { version: fileOf(g, returnId).ret.version }, now);

const dueOn = (returnId: number, dueDate: string) =>
  db.update(schema.evaluationReturns).set({ dueDate }).where(eq(schema.evaluationReturns.id, returnId)).run();

const outbox = (keyPrefix: string) => db.select().from(schema.outboxMessages).where(like(schema.outboxMessages.dedupeKey, `${keyPrefix}%`)).all();

describe("who may fill a return, and when", () => {
  it("lets members in, refuses another organisation's members and staff (403) and a wrong id (404)", () => {
    const { grantees } = acceptedAward({ amounts: [1_000_00, 2_000_00] });
    const [mine, theirs] = grantees as [Grantee, Grantee];
    expect("ret" in granteeReturn(mine.member, mine.interimId)).toBe(true);
    expect(granteeReturn(mine.member, theirs.interimId)).toMatchObject({ status: 403 });
    expect(granteeReturn(mine.member, 999_999)).toMatchObject({ status: 404 });
    const staff = makeUser("staff");
    expect(granteeReturn({ id: staff.id, organisationIds: [] }, mine.interimId)).toMatchObject({ status: 403 });
    // Saving someone else's return is refused whatever is posted.
    const saved = saveReturnSection(mine.member, theirs.interimId, { section: "consent", consent: true }, { intent: "later", seen: "x" });
    expect(saved).toMatchObject({ ok: false, kind: "refused" });
    expect(fileOf(theirs).ret.consentToPublish).toBeNull();
  });

  it("waits for the offer to be accepted, and closes a declined or withdrawn award's returns", () => {
    const cases = [
      ["offered", "You can start your returns once you accept the offer."],
      ["declined", "Your organisation declined this offer, so its returns are closed."],
      ["withdrawn", "This award has been withdrawn, so its returns are closed."],
    ] as const;
    for (const [status, message] of cases) {
      const { g } = acceptedAward({ status });
      const saved = saveReturnSection(g.member, g.interimId, { section: "consent", consent: true }, { intent: "later", seen: seenOf(g, "consent") });
      expect(saved, status).toEqual({ ok: false, kind: "refused", message });
      expect(submit(g)).toMatchObject({ ok: false, kind: "refused", status: 409, message });
      expect(fileOf(g).ret.status).toBe("not_started");
    }
  });
});

describe("saving page by page", () => {
  it("starts the return on the first save, completes a section only on 'Save and continue' with nothing missing", () => {
    const { g } = acceptedAward();
    expect(returnSectionStatus(fileOf(g), "reach")).toBe("not_started");
    // "Later" saves what is there, however incomplete.
    const later = saveReturnSection(
      g.member,
      g.interimId,
      { section: "reach", peopleReached: 50, activitiesDelivered: "", wards: { [g.plan.wards[0]!]: 30, [g.plan.wards[1]!]: null }, groups: {} },
      { intent: "later", seen: seenOf(g, "reach") },
    );
    expect(later).toEqual({ ok: true, redirectTo: `/returns/${g.interimId}?notice=return-saved` });
    let file = fileOf(g);
    expect(file.ret.status).toBe("draft");
    expect(file.ret.peopleReached).toBe(50);
    expect(file.reachByArea).toEqual({ [g.plan.wards[0]!]: 30 });
    expect(returnSectionStatus(file, "reach")).toBe("in_progress");
    expect(returnHistory(g.interimId).map((e) => e.title)).toEqual(["Started"]);

    // "Continue" with something missing: saved, but not complete, and the page says what is missing.
    const missing = saveReturnSection(
      g.member,
      g.interimId,
      { section: "reach", peopleReached: 50, activitiesDelivered: "Sessions", wards: { [g.plan.wards[0]!]: 30, [g.plan.wards[1]!]: 30 }, groups: {} },
      { intent: "continue", seen: seenOf(g, "reach") },
    );
    expect(missing).toMatchObject({ ok: false, kind: "incomplete" });
    const texts = (missing as { problems: { text: string; field?: string }[] }).problems.map((p) => p.text);
    expect(texts).toEqual([
      expect.stringMatching(/^Enter the number of people reached: .+, or 0$/),
      "Total people reached must be at least the people reached in all the wards added together",
    ]);
    file = fileOf(g);
    expect(file.ret.activitiesDelivered).toBe("Sessions");
    expect(returnSectionStatus(file, "reach")).toBe("in_progress");

    // Complete now.
    const done = saveReturnSection(
      g.member,
      g.interimId,
      { section: "reach", peopleReached: 80, activitiesDelivered: "Sessions", wards: { [g.plan.wards[0]!]: 30, [g.plan.wards[1]!]: 30 }, groups: { [g.plan.groups[0]!]: 0 } },
      { intent: "continue", seen: seenOf(g, "reach") },
    );
    expect(done).toEqual({ ok: true, redirectTo: `/returns/${g.interimId}` });
    expect(returnSectionStatus(fileOf(g), "reach")).toBe("completed");
    // "Later" on a complete section keeps it complete while nothing is missing.
    saveReturnSection(
      g.member,
      g.interimId,
      { section: "reach", peopleReached: 81, activitiesDelivered: "Sessions", wards: { [g.plan.wards[0]!]: 30, [g.plan.wards[1]!]: 30 }, groups: { [g.plan.groups[0]!]: 0 } },
      { intent: "later", seen: seenOf(g, "reach") },
    );
    expect(returnSectionStatus(fileOf(g), "reach")).toBe("completed");
    // Any other ward of the place can be added (and a made-up id is ignored).
    const farley = ward("Farley");
    saveReturnSection(
      g.member,
      g.interimId,
      { section: "reach", peopleReached: 81, activitiesDelivered: "Sessions", wards: { [g.plan.wards[0]!]: 30, [g.plan.wards[1]!]: 30, [farley.id]: 5, 999999: 3 }, groups: { [g.plan.groups[0]!]: 0 } },
      { intent: "later", seen: seenOf(g, "reach") },
    );
    file = fileOf(g);
    expect(file.wards.map((w) => [w.name, w.planned])).toEqual([
      ["Biscot", true],
      ["Dallow", true],
      ["Farley", false],
    ]);
    expect(file.reachByArea[farley.id]).toBe(5);
    expect(Object.keys(file.reachByArea)).toHaveLength(3);
  });

  it("refuses a page whose answers someone else changed meanwhile (409), keeping both", () => {
    const { g } = acceptedAward();
    const seen = seenOf(g, "story");
    const values = { projectTitle: "", authors: "", aboutProject: "", whatDidYouDo: "", whatAchieved: "", whatLearnt: "", acknowledgements: "", whatsNext: "" };
    expect(saveReturnSection(g.member, g.interimId, { section: "story", values: { ...values, projectTitle: "First tab" } }, { intent: "later", seen }).ok).toBe(true);
    const stale = saveReturnSection(g.member, g.interimId, { section: "story", values: { ...values, projectTitle: "Second tab" } }, { intent: "later", seen });
    expect(stale).toMatchObject({ ok: false, kind: "conflict" });
    expect((stale as { saved: { question: string; answer: string }[] }).saved[0]).toEqual({ question: "Project title", answer: "First tab" });
    expect(fileOf(g).ret.projectTitle).toBe("First tab");
  });

  it("checks the pages' forms the same way in the browser and on the server", () => {
    const wards = [
      { id: 1, name: "Biscot", planned: true },
      { id: 2, name: "Farley", planned: false },
    ];
    const schemaOf = reachSchema({ wards, groups: [{ id: 7, name: "Older people" }] });
    // "Later": anything well formed; "continue": every planned answer (an added ward may be blank).
    expect(schemaOf.safeParse({ intent: "later", peopleReached: "" }).success).toBe(true);
    const result = schemaOf.safeParse({ intent: "continue", peopleReached: "10", ward_1: "12", ward_2: "", group_7: "", activitiesDelivered: "" });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["group_7", "Enter the number of people reached: Older people, or 0"],
      ["activitiesDelivered", "Describe the activities delivered"],
      ["peopleReached", "Total people reached must be at least the people reached in all the wards added together"],
    ]);
    expect(schemaOf.safeParse({ intent: "later", peopleReached: "lots" }).error!.issues[0]!.message).toBe("Total people reached must be a whole number, like 120");
    const story = storySchema.safeParse({ intent: "continue", projectTitle: "T" });
    expect(story.error!.issues.map((i) => i.path[0])).toEqual(["authors", "aboutProject", "whatDidYouDo", "whatAchieved", "whatLearnt", "whatsNext"]);
  });

  it("takes photos (with a description) and documents, and removes them", async () => {
    const { g, grantees } = acceptedAward();
    const noDescription = await addReturnAttachment(g.member, g.interimId, { kind: "photo", description: " ", file: { name: "a.png", bytes: PNG } });
    expect(noDescription).toEqual({ ok: false, kind: "invalid", errors: { description: "Describe what the photo shows" } });
    const pdfAsPhoto = await addReturnAttachment(g.member, g.interimId, { kind: "photo", description: "A leaflet", file: { name: "leaflet.pdf", bytes: PDF } });
    expect(pdfAsPhoto).toEqual({ ok: false, kind: "invalid", errors: { file: "The selected photo must be a JPG or PNG" } });
    const photo = await addReturnAttachment(g.member, g.interimId, { kind: "photo", description: "Families cooking", file: { name: "kitchen.png", bytes: PNG } });
    const doc = await addReturnAttachment(g.member, g.interimId, { kind: "other", description: "", file: { name: "report.pdf", bytes: PDF } });
    expect(photo.ok && doc.ok).toBe(true);
    const file = fileOf(g);
    expect(file.documents.map((d) => [d.kind, d.name, d.description])).toEqual([
      ["photo", "kitchen.png", "Families cooking"],
      ["other", "report.pdf", null],
    ]);
    expect(file.ret.status).toBe("draft");
    const attachmentId = (photo as { attachmentId: number }).attachmentId;
    // A double click on "Upload file": the same file again is kept once, and answered the same.
    const uploads = () =>
      db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.entityType, "return"), eq(schema.auditEvents.entityId, g.interimId), eq(schema.auditEvents.action, "attachment.uploaded"))).all();
    const twice = await addReturnAttachment(g.member, g.interimId, { kind: "photo", description: "Families cooking", file: { name: "kitchen.png", bytes: PNG } });
    expect(twice).toMatchObject({ ok: true, attachmentId });
    expect(fileOf(g).documents).toHaveLength(2);
    expect(db.select().from(schema.attachments).where(eq(schema.attachments.returnId, g.interimId)).all()).toHaveLength(2);
    expect(uploads()).toHaveLength(2);
    // Members may download it; another organisation's members may not; staff not before it is submitted.
    const viewer = { ...g.member, isStaff: false };
    expect("bytes" in (await returnAttachmentForDownload(viewer, g.interimId, attachmentId))).toBe(true);
    const other = grantees[0]!.member;
    const stranger = acceptedAward().g;
    expect(await returnAttachmentForDownload({ ...stranger.member, isStaff: false }, g.interimId, attachmentId)).toMatchObject({ status: 403 });
    expect(await returnAttachmentForDownload({ id: 0, organisationIds: [], isStaff: true }, g.interimId, attachmentId)).toMatchObject({ status: 404 });
    // A file of another return under this one's address: not found.
    expect(await returnAttachmentForDownload({ ...other, isStaff: false }, g.finalId, attachmentId)).toMatchObject({ status: 404 });
    // Removing it twice changes nothing the second time.
    expect(removeReturnAttachment(g.member, g.interimId, attachmentId).ok).toBe(true);
    expect(removeReturnAttachment(g.member, g.interimId, attachmentId).ok).toBe(true);
    expect(fileOf(g).documents.map((d) => d.name)).toEqual(["report.pdf"]);
    expect(await returnAttachmentForDownload(viewer, g.interimId, attachmentId)).toMatchObject({ status: 404 });
    // Once removed, the same file can be uploaded again: a new one.
    const again = await addReturnAttachment(g.member, g.interimId, { kind: "photo", description: "Families cooking", file: { name: "kitchen.png", bytes: PNG } });
    expect(again.ok && again.attachmentId !== attachmentId).toBe(true);
    expect(uploads()).toHaveLength(3);
  });
});

describe("submitting", () => {
  it("refuses an incomplete return, listing what is missing with links", () => {
    const { g } = acceptedAward();
    const result = submit(g);
    expect(result).toMatchObject({ ok: false, kind: "incomplete" });
    const problems = (result as { problems: { section: string; page: string; text: string }[] }).problems;
    expect(problems.map((p) => p.section)).toEqual(expect.arrayContaining(["reach", "spend", "results", "story", "documents", "consent"]));
    expect(problems.find((p) => p.section === "consent")).toEqual({ section: "consent", page: "consent", field: "consent", text: "Select whether we may publish your story" });
    expect(fileOf(g).ret.status).toBe("not_started");
  });

  it("submits once, with a receipt to every member and a note to the place's contact, however often it is sent", async () => {
    const { g } = acceptedAward();
    const photo = await fillEverything(g);
    expect(photo.ok).toBe(true);
    expect(allReturnProblems(fileOf(g))).toEqual([]);
    const now = new Date("3001-09-20T10:00:00Z");
    const checked = { version: fileOf(g).ret.version };
    expect(submitReturn(g.member, g.interimId, checked, now)).toEqual({ ok: true, already: false });
    // The same check page sent again: the same confirmation, nothing more.
    expect(submitReturn(g.member, g.interimId, checked, now)).toEqual({ ok: true, already: true });
    const r = fileOf(g).ret;
    expect(r).toMatchObject({ status: "submitted", submittedById: g.member.id, submittedAt: now });
    const receipts = outbox(`return-submitted:${g.interimId}:`);
    expect(receipts.map((m) => m.toAddress).sort()).toEqual(g.members.map((m) => m.email).sort());
    expect(receipts[0]!.subject).toBe(`We have received your interim return for ${g.reference}`);
    expect(receipts[0]!.text).toContain("Total people reached\n120");
    expect(receipts[0]!.text).toContain("Families cooking together");
    const note = outbox(`return-submitted-staff:${g.interimId}:`);
    expect(note.map((m) => [m.toAddress, m.subject])).toEqual([["grants@council.test", `Interim return submitted: ${g.reference}`]]);
    expect(note[0]!.text).toContain(`http://portal.test/staff/returns/${g.interimId}`);
    const audit = db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.entityType, "return"), eq(schema.auditEvents.action, "return.submitted"), eq(schema.auditEvents.entityId, g.interimId))).all();
    expect(audit).toHaveLength(1);
    // Read-only now: pages and uploads are refused.
    const saved = saveReturnSection(g.member, g.interimId, { section: "consent", consent: false }, { intent: "later", seen: seenOf(g, "consent") });
    expect(saved).toMatchObject({ ok: false, kind: "refused" });
    const upload = await addReturnAttachment(g.member, g.interimId, { kind: "other", description: "", file: { name: "more.pdf", bytes: PDF } });
    expect(upload).toMatchObject({ ok: false, kind: "refused" });
    // Staff may now download its files.
    const file = staffReturn(g.interimId)!;
    expect("bytes" in (await returnAttachmentForDownload({ id: 0, organisationIds: [], isStaff: true }, g.interimId, file.documents[0]!.id))).toBe(true);
    // The answers as people read them: numbers against targets, spend against budget.
    const groups = returnAnswerGroups(file);
    expect(groups.find((x) => x.section === "results")!.rows[0]).toMatchObject({ question: "Actual value for Number of sessions", answer: "22\nTarget: 40\nOutput: Sessions run" });
    expect(groups.find((x) => x.section === "spend")!.rows.at(-1)).toMatchObject({ question: "Total spent so far", answer: "£1,500 of £6,000 budgeted" });
  });
});

describe("submitting what was checked", () => {
  it("submits only the answers the check page showed (409 if they changed since); the same page sent twice submits once", async () => {
    const { g } = acceptedAward();
    await fillEverything(g);
    const checked = fileOf(g).ret.version;
    // Another tab changes an answer after the check page was opened.
    expect(saveReturnSection(g.member, g.interimId, { section: "consent", consent: false }, { intent: "continue", seen: seenOf(g, "consent") }).ok).toBe(true);
    expect(submitReturn(g.member, g.interimId, { version: checked })).toEqual({
      ok: false,
      kind: "refused",
      status: 409,
      stale: true,
      message: "The return changed since you checked it: check it again",
    });
    expect(fileOf(g).ret.status).toBe("draft");
    expect(outbox(`return-submitted:${g.interimId}:`)).toEqual([]);
    const current = fileOf(g).ret.version;
    expect(submitReturn(g.member, g.interimId, { version: current })).toEqual({ ok: true, already: false });
    expect(submitReturn(g.member, g.interimId, { version: current })).toEqual({ ok: true, already: true });
    // The older page, sent after the return was submitted: refused, nothing more.
    expect(submitReturn(g.member, g.interimId, { version: checked })).toMatchObject({ ok: false, kind: "refused", status: 409 });
    expect(outbox(`return-submitted:${g.interimId}:`)).toHaveLength(g.members.length);
  });

  it("keeps the copy staff read: the answers and files as submitted, while the grantee changes them again", async () => {
    const { g, round } = acceptedAward();
    const staff = { id: round.staff.id, isStaff: true };
    const staffViewer = { id: round.staff.id, organisationIds: [], isStaff: true };
    const member = { ...g.member, isStaff: false };
    const photo = await fillEverything(g);
    const photoId = (photo as { attachmentId: number }).attachmentId;
    const firstAt = new Date("3001-09-20T10:00:00Z");
    expect(submit(g, g.interimId, firstAt)).toEqual({ ok: true, already: false });
    const event = db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.entityType, "return"), eq(schema.auditEvents.entityId, g.interimId), eq(schema.auditEvents.action, "return.submitted")))
      .get()!;
    expect((event.details as { copy: { groups: { section: string }[] } }).copy.groups.map((x) => x.section)).toEqual(["reach", "spend", "results", "story", "documents", "consent"]);
    expect(reviewReturn(staff, g.interimId, { outcome: "changes_requested", comments: "Say more about what you learnt.", version: fileOf(g).ret.version })).toMatchObject({ ok: true });

    // The grantee changes their story, uploads a report and removes the photo.
    const story = {
      projectTitle: "Cook and eat together",
      authors: "A. Grantee",
      aboutProject: "About it.",
      whatDidYouDo: "We cooked.",
      whatAchieved: "Families cook at home.",
      whatLearnt: "Start small, and ask families what they want to cook.",
      acknowledgements: "",
      whatsNext: "More sessions.",
    };
    expect(saveReturnSection(g.member, g.interimId, { section: "story", values: story }, { intent: "continue", seen: seenOf(g, "story") }).ok).toBe(true);
    const report = await addReturnAttachment(g.member, g.interimId, { kind: "other", description: "", file: { name: "report.pdf", bytes: PDF } });
    const reportId = (report as { attachmentId: number }).attachmentId;
    expect(removeReturnAttachment(g.member, g.interimId, photoId).ok).toBe(true);

    // Staff read the copy as submitted, not the draft.
    type Groups = { section: string; rows: { question: string; answer: string }[] }[];
    const learnt = (groups: Groups) => groups.find((x) => x.section === "story")!.rows.find((row) => row.question === "What have you learnt?")!.answer;
    const reading = staffReading(staffReturn(g.interimId)!)!;
    expect(reading).toMatchObject({ asSubmitted: true, submittedAt: firstAt.toISOString() });
    expect(learnt(reading.copy!.groups)).toBe("Start small.");
    expect(reading.copy!.documents.map((d) => d.name)).toEqual(["kitchen.png"]);
    const staffPage = async () =>
      ((await staffReturnPage(args(await requestAs(round.staff, `/staff/returns/${g.interimId}`), { returnId: String(g.interimId) }) as never)) as Response).json();
    const page = await staffPage();
    expect(page.asSubmittedOn).toBe(firstAt.toISOString());
    expect(learnt(page.groups)).toBe("Start small.");
    expect(page.documents.map((d: { name: string }) => d.name)).toEqual(["kitchen.png"]);
    expect(JSON.stringify(page)).not.toContain("ask families what they want to cook");
    // Files: the report uploaded since is not staff's to download yet; the photo removed since still is.
    expect(await returnAttachmentForDownload(staffViewer, g.interimId, reportId)).toMatchObject({ status: 404 });
    expect("bytes" in (await returnAttachmentForDownload(staffViewer, g.interimId, photoId))).toBe(true);
    expect("bytes" in (await returnAttachmentForDownload(member, g.interimId, reportId))).toBe(true);
    expect(await returnAttachmentForDownload(member, g.interimId, photoId)).toMatchObject({ status: 404 });

    // Submitted again: staff read the new answers and files.
    expect(submit(g, g.interimId, new Date("3001-09-27T10:00:00Z"))).toEqual({ ok: true, already: false });
    const again = staffReading(staffReturn(g.interimId)!)!;
    expect(again.asSubmitted).toBe(false);
    expect(learnt(again.copy!.groups)).toBe("Start small, and ask families what they want to cook.");
    expect(again.copy!.documents.map((d) => d.name)).toEqual(["report.pdf"]);
    expect((await staffPage()).asSubmittedOn).toBeNull();
    expect("bytes" in (await returnAttachmentForDownload(staffViewer, g.interimId, reportId))).toBe(true);
    expect(await returnAttachmentForDownload(staffViewer, g.interimId, photoId)).toMatchObject({ status: 404 });
  });
});

describe("staff review", () => {
  it("accepts, or asks for changes with comments (the return opens again), keeping every review", async () => {
    const { g, round } = acceptedAward();
    await fillEverything(g);
    const staff = { id: round.staff.id, isStaff: true };
    // Not submitted yet: nothing to review.
    expect(reviewReturn(staff, g.interimId, { outcome: "accepted", comments: null, version: fileOf(g).ret.version })).toMatchObject({ ok: false, status: 409 });
    submit(g);
    const version = fileOf(g).ret.version;
    expect(reviewReturn({ id: g.member.id, isStaff: false }, g.interimId, { outcome: "accepted", comments: null, version })).toMatchObject({ ok: false, status: 403 });
    expect(reviewReturn(staff, 999_999, { outcome: "accepted", comments: null, version })).toMatchObject({ ok: false, status: 404 });
    expect(reviewReturn(staff, g.interimId, { outcome: "changes_requested", comments: " ", version })).toMatchObject({ ok: false, status: 409 });
    // A stale page is refused.
    expect(reviewReturn(staff, g.interimId, { outcome: "accepted", comments: null, version: version - 1 })).toMatchObject({ ok: false, status: 409, stale: true });

    const asked = { outcome: "changes_requested" as const, comments: "Please add the ward numbers for Dallow.", version };
    expect(reviewReturn(staff, g.interimId, asked)).toEqual({ ok: true, already: false });
    // The same review sent twice is saved (and emailed) once.
    expect(reviewReturn(staff, g.interimId, asked)).toEqual({ ok: true, already: true });
    let file = fileOf(g);
    expect(file.ret.status).toBe("changes_requested");
    expect(file.reviews.map((r) => [r.outcome, r.comments])).toEqual([["changes_requested", "Please add the ward numbers for Dallow."]]);
    const asking = outbox(`return-reviewed:${g.interimId}:`);
    expect(asking).toHaveLength(2);
    expect(asking[0]!.subject).toBe(`Changes needed to your interim return for ${g.reference}`);
    expect(asking[0]!.text).toContain("Please add the ward numbers for Dallow.");

    // The grantee changes it and submits again; then staff accept.
    expect(saveReturnSection(g.member, g.interimId, { section: "consent", consent: false }, { intent: "continue", seen: seenOf(g, "consent") }).ok).toBe(true);
    expect(fileOf(g).ret.status).toBe("changes_requested");
    expect(submit(g)).toEqual({ ok: true, already: false });
    expect(outbox(`return-submitted:${g.interimId}:`)).toHaveLength(4);
    expect(outbox(`return-submitted:${g.interimId}:`).at(-1)!.text).toContain("submitted again with changes");
    const later = new Date(Date.now() + 60_000);
    expect(reviewReturn(staff, g.interimId, { outcome: "accepted", comments: null, version: fileOf(g).ret.version }, later)).toEqual({ ok: true, already: false });
    file = fileOf(g);
    expect(file.ret).toMatchObject({ status: "accepted", acceptedAt: later });
    expect(file.reviews.map((r) => r.outcome)).toEqual(["accepted", "changes_requested"]);
    expect(outbox(`return-reviewed:${g.interimId}:`).filter((m) => m.subject === `Your interim return for ${g.reference} has been accepted`)).toHaveLength(2);
    expect(returnHistory(g.interimId).map((e) => e.title)).toEqual(["Accepted", "Submitted again with changes", "Changes asked for", "Submitted", "Started"]);
    // Accepted is final: no more reviews, no more changes.
    expect(reviewReturn(staff, g.interimId, { outcome: "changes_requested", comments: "More", version: file.ret.version })).toMatchObject({ ok: false, status: 409 });
    expect(saveReturnSection(g.member, g.interimId, { section: "consent", consent: true }, { intent: "later", seen: seenOf(g, "consent") })).toMatchObject({ ok: false, kind: "refused" });
  });

  it("reviews only returns of an accepted award: a declined or withdrawn award's returns wait for nobody", async () => {
    for (const status of ["withdrawn", "declined"] as const) {
      const { g, round } = acceptedAward();
      await fillEverything(g);
      submit(g);
      expect(staffReturnList("review").map((r) => r.id)).toContain(g.interimId);
      db.update(schema.awards).set({ status }).where(eq(schema.awards.id, g.awardId)).run();
      const version = fileOf(g).ret.version;
      const message = `This award was ${status}, so its returns are closed and cannot be reviewed.`;
      expect(reviewReturn({ id: round.staff.id, isStaff: true }, g.interimId, { outcome: "accepted", comments: null, version })).toEqual({ ok: false, status: 409, message });
      expect(fileOf(g).ret.status).toBe("submitted");
      expect(fileOf(g).reviews).toEqual([]);
      expect(staffReturnList("review").map((r) => r.id)).not.toContain(g.interimId);
      expect(staffReturnList("all").map((r) => r.id)).toContain(g.interimId);
      const page = await ((await staffReturnPage(args(await requestAs(round.staff, `/staff/returns/${g.interimId}`), { returnId: String(g.interimId) }) as never)) as Response).json();
      expect(page).toMatchObject({ reviewable: false, closed: message });
    }
  });

  it("completes the award when its last return is accepted and nothing is left to pay", async () => {
    const { g, round } = acceptedAward();
    const staff = { id: round.staff.id, isStaff: true };
    for (const p of loadAward(g.awardId)!.payments) {
      db.update(schema.payments).set({ status: "paid", paidOn: "3001-04-01", paidAmountPence: p.amountPence, recordedAt: new Date() }).where(eq(schema.payments.id, p.id)).run();
    }
    for (const returnId of [g.interimId, g.finalId]) {
      await fillEverything(g, returnId);
      expect(submit(g, returnId)).toMatchObject({ ok: true });
      expect(reviewReturn(staff, returnId, { outcome: "accepted", comments: null, version: fileOf(g, returnId).ret.version })).toEqual({ ok: true, already: false });
      expect(loadAward(g.awardId)!.award.status, `after ${returnId === g.interimId ? "interim" : "final"}`).toBe(returnId === g.finalId ? "completed" : "accepted");
    }
    const completed = db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.entityType, "award"), eq(schema.auditEvents.entityId, g.awardId), eq(schema.auditEvents.action, "award.completed"))).all();
    expect(completed).toHaveLength(1);
    expect(completed[0]!.actorUserId).toBe(round.staff.id);
  });

  it("names the reviewer to staff but not to the grantee", async () => {
    const { g, round } = acceptedAward();
    await fillEverything(g);
    submit(g);
    const staff = makeUser("staff", "Reviewer Rosalind");
    reviewReturn({ id: staff.id, isStaff: true }, g.interimId, { outcome: "changes_requested", comments: "Please add more.", version: fileOf(g).ret.version });
    const grantee = await ((await returnPage(args(await requestAs(g.members[0]!, `/returns/${g.interimId}`), { returnId: String(g.interimId) }) as never)) as Response).json();
    expect(grantee.asked).toMatchObject({ comments: "Please add more.", by: null });
    expect(JSON.stringify(grantee)).not.toContain("Reviewer Rosalind");
    const page = await ((await staffReturnPage(args(await requestAs(round.staff, `/staff/returns/${g.interimId}`), { returnId: String(g.interimId) }) as never)) as Response).json();
    expect(page.history).toContainEqual(expect.objectContaining({ title: "Changes asked for", by: "Reviewer Rosalind" }));
  });

  it("lists returns waiting for review, overdue and due soon", async () => {
    const { g } = acceptedAward();
    const soon = acceptedAward().g;
    dueOn(g.interimId, ukDate(-3));
    dueOn(soon.interimId, ukDate(10));
    expect(staffReturnList("overdue").map((r) => r.id)).toContain(g.interimId);
    expect(staffReturnList("overdue").map((r) => r.id)).not.toContain(soon.interimId);
    expect(staffReturnList("due-soon").map((r) => r.id)).toContain(soon.interimId);
    await fillEverything(g);
    submit(g);
    expect(staffReturnList("review").map((r) => r.id)).toContain(g.interimId);
    expect(staffReturnList("overdue").map((r) => r.id)).not.toContain(g.interimId);
    expect(staffReturnList("all").map((r) => r.id)).toEqual(expect.arrayContaining([g.interimId, g.finalId, soon.interimId]));
  });
});

describe("a round's return schedule", () => {
  const staffOf = (round: { staff: { id: number } }) => ({ id: round.staff.id, isStaff: true });

  it("adds, changes and removes items; live awards get their returns and new due dates", async () => {
    const { round, grantees } = acceptedAward({ amounts: [1_000_00, 2_000_00] });
    const [a, b] = grantees as [Grantee, Grantee];
    // A third award, declined: it gets nothing new.
    const view = returnScheduleView(round.cycleId)!;
    expect(view.items.map((i) => [i.title, i.dueMonthsAfterStart, i.returns])).toEqual([
      ["Interim return", 6, 2],
      ["Final return", 12, 2],
    ]);
    // b starts its interim; a does not.
    expect(saveReturnSection(b.member, b.interimId, { section: "consent", consent: true }, { intent: "later", seen: seenOf(b, "consent") }).ok).toBe(true);
    // b's second instalment (waiting for the interim) was cancelled: it stays where it is.
    db.update(schema.payments).set({ status: "cancelled" }).where(and(eq(schema.payments.awardId, b.awardId), eq(schema.payments.instalment, 2))).run();
    const [interim, final] = view.items as [(typeof view.items)[0], (typeof view.items)[0]];
    const result = saveReturnSchedule(staffOf(round), round.cycleId, {
      seen: view.fingerprint,
      items: [
        { id: interim.id, kind: "interim", title: "Interim return", dueMonthsAfterStart: 5 },
        { id: null, kind: "showcase", title: "Showcase presentation", dueMonthsAfterStart: 9 },
        { id: final.id, kind: "final", title: "End of project return", dueMonthsAfterStart: 12 },
      ],
    });
    expect(result).toEqual({ ok: true, changed: true, made: 2, moved: 2 });
    // The instalment still to pay that waits for the interim moves with it; a cancelled one does not.
    const instalment2 = (g: Grantee) => loadAward(g.awardId)!.payments.find((p) => p.instalment === 2)!;
    expect([instalment2(a).dueDate, instalment2(a).status]).toEqual(["3001-09-01", "scheduled"]);
    expect([instalment2(b).dueDate, instalment2(b).status]).toEqual(["3001-10-01", "cancelled"]);
    const paymentMoves = (g: Grantee) =>
      db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.entityType, "award"), eq(schema.auditEvents.entityId, g.awardId), eq(schema.auditEvents.action, "payment.due_date_changed"))).all();
    expect(paymentMoves(a).map((e) => e.summary)).toEqual(["Instalment 2: now due on 1 September 3001 (was 1 October 3001), with the interim return: the round's return schedule changed"]);
    expect(paymentMoves(b)).toEqual([]);
    for (const g of [a, b]) {
      const returns = loadAward(g.awardId)!.returns;
      expect(returns.map((r) => [r.kind, r.title, r.dueDate])).toEqual([
        ["interim", "Interim return", "3001-09-01"],
        ["showcase", "Showcase presentation", "3002-01-01"],
        ["final", "End of project return", "3002-04-01"],
      ]);
    }
    const audit = db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.entityType, "cycle"), eq(schema.auditEvents.entityId, round.cycleId), eq(schema.auditEvents.action, "cycle.return_schedule_changed"))).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.summary).toContain("added Showcase presentation at 9 months");

    // A stale page is refused; saving the same again changes nothing.
    const now = returnScheduleView(round.cycleId)!;
    const same = now.items.map((i) => ({ id: i.id, kind: i.kind, title: i.title, dueMonthsAfterStart: i.dueMonthsAfterStart }));
    expect(saveReturnSchedule(staffOf(round), round.cycleId, { seen: view.fingerprint, items: same })).toMatchObject({ ok: false, status: 409, conflict: true });
    expect(saveReturnSchedule(staffOf(round), round.cycleId, { seen: now.fingerprint, items: same })).toEqual({ ok: true, changed: false, made: 0, moved: 0 });

    // The interim cannot go: b started it (and the second instalment waits for it).
    const interimView = now.items.find((i) => i.kind === "interim")!;
    expect(interimView.blockedBy).toBe("1 award has started this return, so it cannot be removed.");
    const withoutInterim = same.filter((i) => i.kind !== "interim");
    expect(saveReturnSchedule(staffOf(round), round.cycleId, { seen: now.fingerprint, items: withoutInterim })).toMatchObject({
      ok: false,
      status: 409,
      message: "Interim return: 1 award has started this return, so it cannot be removed.",
    });
    // The showcase nobody has started can.
    const withoutShowcase = same.filter((i) => i.kind !== "showcase");
    expect(saveReturnSchedule(staffOf(round), round.cycleId, { seen: now.fingerprint, items: withoutShowcase })).toMatchObject({ ok: true, changed: true });
    expect(loadAward(a.awardId)!.returns.map((r) => r.kind)).toEqual(["interim", "final"]);
  });

  it("moves a return's due date with the instalments still to pay that wait for it, in one helper", () => {
    const { g } = acceptedAward();
    const moved = transaction((tx) => moveReturnDueDate(tx, g.interimId, "3001-11-15"));
    expect(moved).toMatchObject({ from: "3001-10-01", to: "3001-11-15", payments: [{ instalment: 2, from: "3001-10-01", to: "3001-11-15" }] });
    expect(fileOf(g).ret.dueDate).toBe("3001-11-15");
    expect(loadAward(g.awardId)!.payments.map((p) => [p.instalment, p.dueDate])).toEqual([
      [1, "3001-04-01"],
      [2, "3001-11-15"],
    ]);
    // A paid instalment stays where it is.
    db.update(schema.payments).set({ status: "paid", paidOn: "3001-11-01", paidAmountPence: 1, recordedAt: new Date() }).where(and(eq(schema.payments.awardId, g.awardId), eq(schema.payments.instalment, 2))).run();
    expect(transaction((tx) => moveReturnDueDate(tx, g.interimId, "3001-12-01"))!.payments).toEqual([]);
    expect(loadAward(g.awardId)!.payments.find((p) => p.instalment === 2)!.dueDate).toBe("3001-11-15");
    expect(transaction((tx) => moveReturnDueDate(tx, 999_999, "3001-12-01"))).toBeNull();
  });

  it("lets a return go once no instalment still to pay waits for it (a paid or cancelled one does not block it)", () => {
    const { round, g } = acceptedAward();
    const interim = () => returnScheduleView(round.cycleId)!.items.find((i) => i.kind === "interim")!;
    expect(interim().blockedBy).toBe("An instalment of 1 award is paid after this return is accepted, so it cannot be removed. Change the instalment first.");
    db.update(schema.payments).set({ status: "cancelled" }).where(and(eq(schema.payments.awardId, g.awardId), eq(schema.payments.instalment, 2))).run();
    expect(interim().blockedBy).toBeNull();
  });

  it("leaves submitted returns' dates alone, refuses non-staff, and checks the form", async () => {
    const { round, g } = acceptedAward();
    await fillEverything(g);
    submit(g);
    const view = returnScheduleView(round.cycleId)!;
    const items = view.items.map((i) => ({ id: i.id, kind: i.kind, title: i.title, dueMonthsAfterStart: i.dueMonthsAfterStart + 1 }));
    expect(saveReturnSchedule({ id: g.member.id, isStaff: false }, round.cycleId, { seen: view.fingerprint, items })).toMatchObject({ ok: false, status: 403 });
    expect(saveReturnSchedule(staffOf(round), 999_999, { seen: view.fingerprint, items })).toMatchObject({ ok: false, status: 404 });
    // An item of another round is not this round's to change.
    const other = returnScheduleView(acceptedAward().round.cycleId)!;
    expect(saveReturnSchedule(staffOf(round), round.cycleId, { seen: view.fingerprint, items: [...items, { ...items[0]!, id: other.items[0]!.id, title: "Stolen" }] })).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(saveReturnSchedule(staffOf(round), round.cycleId, { seen: view.fingerprint, items })).toMatchObject({ ok: true, moved: 1 });
    const returns = loadAward(g.awardId)!.returns;
    expect(returns.map((r) => [r.kind, r.dueDate, r.status])).toEqual([
      ["interim", "3001-10-01", "submitted"],
      ["final", "3002-05-01", "not_started"],
    ]);

    const parsed = returnScheduleSchema.safeParse({
      seen: "x",
      id_0: "1",
      title_0: "Interim return",
      kind_0: "interim",
      months_0: "6",
      id_1: "2",
      title_1: "interim return",
      kind_1: "final",
      months_1: "99",
      id_2: "3",
      remove_2: "yes",
      title_3: "",
      kind_3: "",
      months_3: "",
    });
    expect(parsed.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["title_1", 'The round already has a return called "interim return"'],
      ["months_1", "Months after the start must be a whole number from 1 to 60"],
    ]);
    const ok = returnScheduleSchema.parse({ seen: "x", id_0: "1", title_0: "Interim", kind_0: "interim", months_0: "6", id_2: "3", remove_2: "yes", title_3: "Showcase", kind_3: "showcase", months_3: "9" });
    expect(ok.items).toEqual([
      { id: 1, kind: "interim", title: "Interim", dueMonthsAfterStart: 6 },
      { id: null, kind: "showcase", title: "Showcase", dueMonthsAfterStart: 9 },
    ]);
  });
});

describe("reminders", () => {
  it("knows which reminder applies on which day", () => {
    expect(daysPastDue("3001-10-01", "3001-09-17")).toBe(-14);
    expect(reminderStage("not_started", -15)).toBeNull();
    expect(reminderStage("not_started", -14)).toBe("soon");
    expect(reminderStage("draft", -1)).toBe("soon");
    expect(reminderStage("draft", 0)).toBe("due");
    expect(reminderStage("draft", 6)).toBe("due");
    expect(reminderStage("draft", 7)).toBe("overdue-1");
    expect(reminderStage("draft", 20)).toBe("overdue-2");
    expect(reminderStage("changes_requested", -3)).toBeNull();
    expect(reminderStage("changes_requested", 3)).toBeNull();
    expect(reminderStage("changes_requested", 14)).toBe("overdue-2");
    expect(reminderStage("submitted", 30)).toBeNull();
    expect(reminderStage("accepted", 30)).toBeNull();
  });

  /** Midday UK time, `days` from the interim's due date (1 October 3001). */
  const at = (days: number) => ukTime(new Date(Date.UTC(3001, 9, 1) + days * DAY).toISOString().slice(0, 10), 12);
  const reminders = (returnId: number) =>
    db
      .select()
      .from(schema.outboxMessages)
      .where(like(schema.outboxMessages.dedupeKey, `return-reminder:${returnId}:%`))
      .orderBy(schema.outboxMessages.id)
      .all();

  it("sends 14 days before, on the day and every week while overdue, each once however often it runs", () => {
    const { g } = acceptedAward();
    const members = g.members.length;
    const expectations: [number, number, string][] = [
      [-15, 0, ""],
      [-14, 1, `Reminder: your interim return for ${g.reference} is due on 1 October 3001`],
      [-7, 1, ""],
      [0, 2, `Your interim return for ${g.reference} is due today`],
      [3, 2, ""],
      [7, 3, `Your interim return for ${g.reference} is overdue`],
      [14, 4, `Your interim return for ${g.reference} is overdue`],
      [15, 4, ""],
      [21, 5, `Your interim return for ${g.reference} is overdue`],
    ];
    for (const [day, count, subject] of expectations) {
      sendReturnReminders(at(day));
      // The same run again, and a second "job" at the same moment: nothing more.
      sendReturnReminders(at(day));
      sendReturnReminders(new Date(at(day).getTime() + 3600 * 1000));
      const sent = reminders(g.interimId);
      expect(sent.length, `day ${day}`).toBe(count * members);
      if (subject) expect(sent.at(-1)!.subject, `day ${day}`).toBe(subject);
    }
    expect(reminders(g.interimId)[0]!.dedupeKey).toBe(`return-reminder:${g.interimId}:3001-10-01:soon:${g.members[0]!.id}`);
    expect(reminders(g.interimId).at(-1)!.text).toContain("was due on 1 October 3001, 21 days ago");
    expect(returnHistory(g.interimId).filter((e) => e.title === "Reminder sent")).toHaveLength(5);
    // The final return, due six months later, has had none.
    expect(reminders(g.finalId)).toEqual([]);
  });

  it("sends only the latest reminder after a missed week, and none for submitted, declined or withdrawn", async () => {
    const { g } = acceptedAward();
    sendReturnReminders(at(-14));
    // The job did not run for four weeks: one reminder, the latest.
    const report = sendReturnReminders(at(14));
    expect(report.sent).toBeGreaterThanOrEqual(g.members.length);
    const sent = reminders(g.interimId);
    expect(sent.map((m) => m.dedupeKey!.split(":")[3])).toEqual(["soon", "soon", "overdue-2", "overdue-2"]);

    for (const status of ["declined", "withdrawn", "offered"] as const) {
      const closed = acceptedAward({ status }).g;
      for (const day of [-14, 0, 7]) sendReturnReminders(at(day));
      expect(reminders(closed.interimId), status).toEqual([]);
    }
    const done = acceptedAward().g;
    await fillEverything(done);
    submit(done);
    for (const day of [-14, 0, 7]) sendReturnReminders(at(day));
    expect(reminders(done.interimId)).toEqual([]);
  });

  it("reminds a return sent back for changes only while it is overdue", async () => {
    const { g, round } = acceptedAward();
    await fillEverything(g);
    submit(g);
    reviewReturn({ id: round.staff.id, isStaff: true }, g.interimId, { outcome: "changes_requested", comments: "Add a photo caption", version: fileOf(g).ret.version });
    for (const day of [-14, -3, 0, 3]) sendReturnReminders(at(day));
    expect(reminders(g.interimId)).toEqual([]);
    sendReturnReminders(at(7));
    const sent = reminders(g.interimId);
    expect(sent).toHaveLength(g.members.length);
    expect(sent[0]!.text).toContain("Staff asked for changes to this return");
  });

  it("gives a week after a request for changes before the first reminder, however overdue the return", async () => {
    const { g, round } = acceptedAward();
    const staff = { id: round.staff.id, isStaff: true };
    const members = g.members.length;
    await fillEverything(g);
    submit(g, g.interimId, at(10));
    // Staff ask for changes 20 days after the due date.
    expect(reviewReturn(staff, g.interimId, { outcome: "changes_requested", comments: "Add the Dallow numbers", version: fileOf(g).ret.version }, at(20))).toMatchObject({ ok: true });
    expect(changesReminderDays("3001-10-01", at(20), ukDate(0, at(27)))).toBe(7);
    expect(changesReminderDays("3001-10-01", new Date("3001-09-01T12:00:00Z"), "3001-10-08")).toBe(7);
    for (const day of [20, 21, 24, 26]) sendReturnReminders(at(day));
    expect(reminders(g.interimId)).toEqual([]);
    sendReturnReminders(at(27));
    const sent = reminders(g.interimId);
    expect(sent).toHaveLength(members);
    expect(sent[0]!.text).toContain("Staff asked for changes to this return");
    expect(sent[0]!.dedupeKey).toMatch(/^return-reminder:\d+:3001-10-01:changes-\d+-overdue-1:\d+$/);
    for (const day of [28, 33]) sendReturnReminders(at(day));
    expect(reminders(g.interimId)).toHaveLength(members);
    sendReturnReminders(at(34));
    expect(reminders(g.interimId)).toHaveLength(2 * members);
    // Submitted again and sent back again: a new week before its own reminders.
    submit(g, g.interimId, at(35));
    expect(reviewReturn(staff, g.interimId, { outcome: "changes_requested", comments: "And the photo", version: fileOf(g).ret.version }, at(36))).toMatchObject({ ok: true });
    for (const day of [36, 38, 42]) sendReturnReminders(at(day));
    expect(reminders(g.interimId)).toHaveLength(2 * members);
    sendReturnReminders(at(43));
    expect(reminders(g.interimId)).toHaveLength(3 * members);
  });

  it("`npm run jobs` run twice sends each reminder once", async () => {
    // A return due in ten days, on this test's own database, which the script opens too.
    const { g } = acceptedAward();
    const due = ukDate(10);
    dueOn(g.interimId, due);
    const env = { ...process.env, DATABASE_PATH: process.env.DATABASE_PATH!, NODE_ENV: "test" as const };
    const first = await run("npx", ["tsx", "scripts/jobs.ts"], { env });
    expect(first.stdout).toMatch(/Return reminders: \d+ sent/);
    const second = await run("npx", ["tsx", "scripts/jobs.ts"], { env });
    expect(second.stdout).toMatch(/Return reminders: 0 sent/);
    const sent = reminders(g.interimId);
    expect(sent.map((m) => m.toAddress).sort()).toEqual(g.members.map((m) => m.email).sort());
    expect(sent[0]!.dedupeKey).toBe(`return-reminder:${g.interimId}:${due}:soon:${sent[0]!.dedupeKey!.split(":")[4]}`);
  }, 60_000);
});

describe("the pages", () => {
  /** The status of a response a loader or action threw or returned. */
  async function statusOf(work: Promise<unknown> | unknown): Promise<number> {
    try {
      const response = (await work) as Response;
      return response.status;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown.status;
      throw thrown;
    }
  }
  const params = (g: Grantee) => ({ returnId: String(g.interimId) });

  it("refuse other organisations' members, staff on the grantee's pages, and grantees on staff's", async () => {
    const { g, round } = acceptedAward();
    const stranger = acceptedAward().g;
    const strangerUser = { id: stranger.member.id };
    expect(await statusOf(returnPage(args(await requestAs(strangerUser, `/returns/${g.interimId}`), params(g)) as never))).toBe(403);
    expect(await statusOf(returnPage(args(await requestAs(round.staff, `/returns/${g.interimId}`), params(g)) as never))).toBe(403);
    expect(await statusOf(returnPage(args(await requestAs(g.members[0]!, "/returns/999999"), { returnId: "999999" }) as never))).toBe(404);
    const post = await postAs(strangerUser, `/returns/${g.interimId}/story`, { intent: "later", authors: "Not theirs" });
    expect(await statusOf(storyAction(args(post, params(g)) as never))).toBe(403);
    expect(fileOf(g).ret.authors).toBeNull();
    expect(await statusOf(staffReturnPage(args(await requestAs(g.members[0]!, `/staff/returns/${g.interimId}`), params(g)) as never))).toBe(403);
    const review = await postAs(g.members[0]!, `/staff/returns/${g.interimId}`, { outcome: "accepted", version: "1" });
    expect(await statusOf(reviewAction(args(review, params(g)) as never))).toBe(403);
    const schedule = await postAs(g.members[0]!, `/staff/cycles/${round.cycleId}/return-schedule`, { seen: "x" });
    expect(await statusOf(scheduleAction(args(schedule, { cycleId: String(round.cycleId) }) as never))).toBe(403);
  });

  it("say why a return cannot be started while the offer is open, and send its pages back to it", async () => {
    const { g } = acceptedAward({ status: "offered" });
    const data = await ((await returnPage(args(await requestAs(g.members[0]!, `/returns/${g.interimId}`), params(g)) as never)) as Response).json();
    expect(data).toMatchObject({ editable: false, why: "You can start your returns once you accept the offer." });
    const page = await Promise.resolve(storyPage(args(await requestAs(g.members[0]!, `/returns/${g.interimId}/story`), params(g)) as never)).catch((thrown: Response) => thrown);
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe(`/returns/${g.interimId}`);
  });

  it("refuse a stale save (409), giving back what was typed and the saved answers beside it", async () => {
    const { g } = acceptedAward();
    const member = g.members[0]!;
    const shown = await ((await storyPage(args(await requestAs(member, `/returns/${g.interimId}/story`), params(g)) as never)) as Response).json();
    const first = await storyAction(args(await postAs(member, `/returns/${g.interimId}/story`, { intent: "later", seen: shown.page.seen, authors: "First tab" }), params(g)) as never);
    expect((first as Response).status).toBe(302);
    const stale = (await storyAction(
      args(await postAs(member, `/returns/${g.interimId}/story`, { intent: "later", seen: shown.page.seen, authors: "Second tab" }), params(g)) as never,
    )) as Response;
    expect(stale.status).toBe(409);
    const body = await stale.json();
    expect(body.values.authors).toBe("Second tab");
    expect(body.conflict.saved).toContainEqual({ question: "Authors", answer: "First tab" });
    expect(fileOf(g).ret.authors).toBe("First tab");
    // Submitting it incomplete says what is missing (400), and changes nothing.
    const version = String(fileOf(g).ret.version);
    const check = (await checkAction(args(await postAs(member, `/returns/${g.interimId}/check`, { version }), params(g)) as never)) as Response;
    expect(check.status).toBe(400);
    expect((await check.json()).missing).toContainEqual({ href: `/returns/${g.interimId}/consent#consent`, text: "Select whether we may publish your story" });
  });

  it("submit only the version the check page showed, and say so when it changed", async () => {
    const { g } = acceptedAward();
    const member = g.members[0]!;
    await fillEverything(g);
    const post = async (form: Record<string, string>) => (await checkAction(args(await postAs(member, `/returns/${g.interimId}/check`, form), params(g)) as never)) as Response;
    for (const form of [{}, { version: String(fileOf(g).ret.version - 1) }] as Record<string, string>[]) {
      const stale = await post(form);
      expect(stale.status).toBe(409);
      expect(await stale.json()).toMatchObject({ message: "The return changed since you checked it: check it again" });
    }
    expect(fileOf(g).ret.status).toBe("draft");
    const version = String(fileOf(g).ret.version);
    for (let i = 0; i < 2; i++) {
      const done = await post({ version });
      expect(done.status).toBe(302);
      expect(done.headers.get("location")).toBe(`/returns/${g.interimId}?notice=return-submitted`);
    }
    expect(outbox(`return-submitted:${g.interimId}:`)).toHaveLength(g.members.length);
    // A form without the version, once submitted: not taken as the same submission.
    const late = await post({});
    expect(late.status).toBe(409);
  });

  it("show what the server found missing by its field, as well as in the error summary", async () => {
    const response = respondReturn(
      {} as never,
      {
        ok: false,
        kind: "incomplete",
        problems: [
          { page: "documents", field: "file", text: "Describe what the photo a.png shows" },
          { page: "documents", field: "file", text: "Describe what the photo b.png shows" },
          { page: "documents", text: "Something else" },
        ],
      },
      5,
      { kind: "photo" },
    ) as Response;
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: { file: "Describe what the photo a.png shows" },
      values: { kind: "photo" },
      problems: [
        { href: "#file", text: "Describe what the photo b.png shows" },
        { href: "/returns/5/documents", text: "Something else" },
      ],
    });
  });
});
