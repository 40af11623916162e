// The public page of funded projects and its case studies: only accepted (or completed) awards
// are listed, with their public facts and nothing else of the application; the filters; a story
// is public only while staff approved it, its return is accepted and consented to, and the award
// is live; staff approval's refusals; the grantee's withdrawal of consent, by members only.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  approveCaseStudy,
  publicCountLine,
  publicProjects,
  publicProject,
  publishedCaseStudy,
  readPublicFilters,
  withdrawApproval,
  withdrawConsent,
} from "~/models/funded-projects.server";
import { storeUpload } from "~/models/attachments.server";
import { missingStoryParts } from "~/schemas/case-study";
import { STORY_FIELDS } from "~/schemas/return";
import { formatMoney } from "~/utils/format";
import { loader as projectPage } from "~/routes/funded-projects.$awardId";
import { loader as photoRoute } from "~/routes/funded-projects.$awardId.photos.$attachmentId";
import { loader as listPage } from "~/routes/funded-projects._index";
import { action as publicationAction, loader as publicationPage } from "~/routes/awards.$awardId.publication";
import { action as caseStudyAction, loader as caseStudyPage } from "~/routes/staff.awards.$awardId.case-study";
import { db, schema } from "~/utils/db.server";
import { args, awardedRound, makeUser, postAs, requestAs, seeded, type AwardedApplication } from "../support/awards";

beforeAll(seeded);

type Status = (typeof schema.AWARD_STATUSES)[number];

const STORY = {
  projectTitle: "Cooking together",
  authors: "The kitchen team",
  aboutProject: "Families cook and eat together each week.",
  whatDidYouDo: "We ran forty sessions.",
  whatAchieved: "Thirty families cook from scratch more often.",
  whatLearnt: "Eating together matters as much as cooking.",
  acknowledgements: "Thanks to the children's centre.",
  whatsNext: "A second kitchen in Dallow.",
};

function setAward(awardId: number, values: Partial<typeof schema.awards.$inferInsert>) {
  db.update(schema.awards).set(values).where(eq(schema.awards.id, awardId)).run();
}

/** The grantee accepted the offer (written directly: accepting is tested with the offer). */
const accept = (awardId: number, status: Status = "accepted") => setAward(awardId, { status, respondedAt: new Date(), version: 2 });

const awardRow = (awardId: number) => db.select().from(schema.awards).where(eq(schema.awards.id, awardId)).get()!;

function interimOf(awardId: number) {
  return db
    .select()
    .from(schema.evaluationReturns)
    .where(and(eq(schema.evaluationReturns.awardId, awardId), eq(schema.evaluationReturns.kind, "interim")))
    .get()!;
}

/** The interim return, accepted by staff, with the story and consent as given (written directly: the return form is tested elsewhere). */
function acceptedReturn(awardId: number, o: { consent?: boolean | null; story?: Partial<typeof STORY>; status?: (typeof schema.RETURN_STATUSES)[number] } = {}) {
  const r = interimOf(awardId);
  db.update(schema.evaluationReturns)
    .set({ ...STORY, ...o.story, consentToPublish: o.consent === undefined ? true : o.consent, status: o.status ?? "accepted", acceptedAt: new Date(), submittedAt: new Date() })
    .where(eq(schema.evaluationReturns.id, r.id))
    .run();
  return interimOf(awardId);
}

const staffOf = (round: { staff: { id: number } }) => ({ id: round.staff.id, isStaff: true });
const memberOf = (a: AwardedApplication) => ({ id: a.members[0]!.id, organisationIds: [a.organisationId], isStaff: false });

function principleId(number: number) {
  return db.select().from(schema.principles).where(eq(schema.principles.number, number)).get()!.id;
}
function area(name: string, kind: "ward" | "neighbourhood" | "local_authority" = "ward") {
  return db
    .select()
    .from(schema.areas)
    .where(and(eq(schema.areas.name, name), eq(schema.areas.kind, kind)))
    .get()!;
}

function tag(applicationId: number, principles: number[], areas: number[]) {
  db.insert(schema.applicationPrinciples)
    .values(principles.map((n, i) => ({ applicationId, principleId: principleId(n), isPrimary: i === 0 })))
    .run();
  if (areas.length) db.insert(schema.applicationAreas).values(areas.map((areaId) => ({ applicationId, areaId }))).run();
}

const listed = (ids: number[], filters = {}) =>
  publicProjects(filters, { pageSize: 1000 })
    .projects.filter((p) => ids.includes(p.awardId))
    .map((p) => p.awardId);

const outboxTo = (email: string, template: string) =>
  db
    .select()
    .from(schema.outboxMessages)
    .where(and(eq(schema.outboxMessages.toAddress, email), eq(schema.outboxMessages.template, template)))
    .all();

async function thrownStatus(promise: Promise<unknown>) {
  try {
    const value = await promise;
    return value instanceof Response ? value.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("the public list", () => {
  it("lists accepted and completed awards only: never an open offer, a declined or a withdrawn one", () => {
    const round = awardedRound({ amounts: [1_000_00, 2_000_00, 3_000_00, 4_000_00, 5_000_00] });
    const [offered, accepted, completed, declined, withdrawn] = round.awards.map((a) => a.awardId) as [number, number, number, number, number];
    accept(accepted);
    accept(completed, "completed");
    setAward(declined, { status: "declined" });
    setAward(withdrawn, { status: "withdrawn" });
    const ids = [offered, accepted, completed, declined, withdrawn];
    expect(listed(ids).sort()).toEqual([accepted, completed].sort());
    expect(publicProject(offered)).toBeNull();
    expect(publicProject(declined)).toBeNull();
    expect(publicProject(withdrawn)).toBeNull();
    expect(publicProject(999_999)).toBeNull();
    expect(publicProject(accepted)?.project.amountPence).toBe(2_000_00);
  });

  it("gives each project's public facts, main principle first, wards as named, newest award first, with the count and total", () => {
    const round = awardedRound({ amounts: [1_500_00, 2_500_00] });
    const [older, newer] = round.awards as [AwardedApplication, AwardedApplication];
    accept(older.awardId);
    accept(newer.awardId);
    setAward(older.awardId, { awardDate: "3001-01-01" });
    setAward(newer.awardId, { awardDate: "3001-02-01" });
    tag(newer.applicationId, [4, 1], [area("Farley").id, area("Biscot").id]);
    const all = publicProjects({}, { pageSize: 1000 });
    const mine = all.projects.filter((p) => p.awardId === older.awardId || p.awardId === newer.awardId);
    expect(mine.map((p) => p.awardId)).toEqual([newer.awardId, older.awardId]);
    expect(mine[0]).toEqual({
      awardId: newer.awardId,
      title: `Project ${newer.reference}`,
      organisationName: `Grantee ${newer.reference}`,
      amountPence: 2_500_00,
      programme: { slug: "collaboration-fund", name: "Collaboration Fund" },
      round: expect.stringMatching(/^Award round/),
      isDemo: false,
      awardDate: "3001-02-01",
      principles: [
        { number: 4, title: "Ensure a healthy standard of living for all", isPrimary: true },
        { number: 1, title: "Give every child the best start in life", isPrimary: false },
      ],
      areas: [
        { id: area("Biscot").id, name: "Biscot", kind: "ward" },
        { id: area("Farley").id, name: "Farley", kind: "ward" },
      ],
      hasCaseStudy: false,
    });
    expect(all.total).toBeGreaterThanOrEqual(2);
    const sum = db
      .select()
      .from(schema.awards)
      .all()
      .filter((a) => a.status === "accepted" || a.status === "completed")
      .reduce((s, a) => s + a.amountPence, 0);
    expect(all.totalPence).toBe(sum);
  });

  it("filters by programme, principle and ward (a ward finds its neighbourhood's and the whole town's projects too)", () => {
    const cf = awardedRound({ amounts: [1_000_00, 1_000_00, 1_000_00, 1_000_00] });
    const prize = awardedRound({ programme: "health-equity-town-prize", amounts: [1_000_00] });
    const [dallow, neighbourhoodWide, townWide, nothing] = cf.awards as [AwardedApplication, AwardedApplication, AwardedApplication, AwardedApplication];
    const prized = prize.awards[0]!;
    for (const a of [...cf.awards, prized]) accept(a.awardId);
    // Dallow is in West Central, as staff have said.
    const westCentral = area("West Central", "neighbourhood");
    db.update(schema.areas).set({ parentId: westCentral.id }).where(eq(schema.areas.id, area("Dallow").id)).run();
    const place = db.select().from(schema.place).get()!;
    const luton = db
      .select()
      .from(schema.areas)
      .where(and(eq(schema.areas.kind, "local_authority"), eq(schema.areas.code, place.areaCode ?? "")))
      .get();
    tag(dallow.applicationId, [3], [area("Dallow").id]);
    tag(neighbourhoodWide.applicationId, [3, 5], [westCentral.id]);
    tag(townWide.applicationId, [5], luton ? [luton.id] : []);
    tag(nothing.applicationId, [8], [area("Stopsley").id]);
    tag(prized.applicationId, [3], [area("Dallow").id]);
    const ids = [...cf.awards, prized].map((a) => a.awardId);

    expect(listed(ids, { programme: "health-equity-town-prize" })).toEqual([prized.awardId]);
    expect(listed(ids, { programme: "collaboration-fund" }).sort()).toEqual(cf.awards.map((a) => a.awardId).sort());
    expect(listed(ids, { principle: 3 }).sort()).toEqual([dallow.awardId, neighbourhoodWide.awardId, prized.awardId].sort());
    expect(listed(ids, { principle: 3, programme: "collaboration-fund" }).sort()).toEqual([dallow.awardId, neighbourhoodWide.awardId].sort());
    expect(listed(ids, { principle: 7 })).toEqual([]);
    const inDallow = [dallow.awardId, neighbourhoodWide.awardId, prized.awardId, ...(luton ? [townWide.awardId] : [])].sort();
    expect(listed(ids, { ward: area("Dallow").id }).sort()).toEqual(inDallow);
    // The neighbourhood finds its wards' projects too.
    expect(listed(ids, { ward: westCentral.id }).sort()).toEqual(inDallow);
    expect(listed(ids, { ward: area("Stopsley").id }).sort()).toEqual([nothing.awardId, ...(luton ? [townWide.awardId] : [])].sort());
    // The count and total follow the filters.
    const filtered = publicProjects({ programme: "health-equity-town-prize" });
    expect(filtered.total).toBe(filtered.projects.length);
  });

  it("reads only well-formed filters from the address", () => {
    expect(readPublicFilters(new URLSearchParams("programme=collaboration-fund&principle=3&ward=12"))).toEqual({ programme: "collaboration-fund", principle: 3, ward: 12 });
    expect(readPublicFilters(new URLSearchParams("programme=<script>&principle=-1&ward=x"))).toEqual({ programme: undefined, principle: undefined, ward: undefined });
  });

  it("tags demo rounds' projects, and keeps demo money out of the amount awarded unless every project listed is a demo one", async () => {
    const before = publicProjects({}, { pageSize: 1000 });
    const demo = awardedRound({ amounts: [1_000_00, 2_000_00] });
    db.update(schema.cycles).set({ isDemo: true }).where(eq(schema.cycles.id, demo.cycleId)).run();
    const real = awardedRound({ amounts: [5_000_00] });
    for (const a of [...demo.awards, ...real.awards]) accept(a.awardId);
    // Principle 7 is given to the demo projects only.
    for (const a of demo.awards) tag(a.applicationId, [7], []);

    const all = publicProjects({}, { pageSize: 1000 });
    expect(all.total).toBe(before.total + 3);
    expect(all.totalPence).toBe(before.totalPence + 5_000_00);
    expect(all.demoCount).toBe(before.demoCount + 2);
    expect(all.demoPence).toBe(before.demoPence + 3_000_00);
    const flags = Object.fromEntries(all.projects.map((p) => [p.awardId, p.isDemo]));
    expect(demo.awards.map((a) => flags[a.awardId])).toEqual([true, true]);
    expect(flags[real.awards[0]!.awardId]).toBe(false);
    expect(publicCountLine(all)).toBe(`${all.total} projects, ${formatMoney(all.totalPence)} awarded, not counting the ${all.demoCount} demo projects`);

    // Every project listed is a demo one: the demo money is given, and the line says it is demo.
    const onlyDemo = publicProjects({ principle: 7 });
    expect(onlyDemo).toMatchObject({ total: 2, totalPence: 0, demoCount: 2, demoPence: 3_000_00 });
    expect(publicCountLine(onlyDemo, true)).toBe("2 demo projects match the filters, £3,000 awarded in demo data");
    expect(publicCountLine({ total: 1, totalPence: 0, demoCount: 1, demoPence: 1_000_00 })).toBe("1 demo project, £1,000 awarded in demo data");
    expect(publicCountLine({ total: 3, totalPence: 5_000_00, demoCount: 0, demoPence: 0 }, true)).toBe("3 projects match the filters, £5,000 awarded");
    expect(publicCountLine({ total: 0, totalPence: 0, demoCount: 0, demoPence: 0 })).toBe("0 projects, £0 awarded");

    // The pages: the list's line, each project's demo flag (the tag), and the project's own page.
    const list = await ((await listPage(args(new Request("http://portal.test/funded-projects?principle=7"), {}))) as Response).json();
    expect(list.countLine).toBe("2 demo projects match the filters, £3,000 awarded in demo data");
    expect(list.hasDemo).toBe(true);
    expect(list.projects.map((p: { isDemo: boolean }) => p.isDemo)).toEqual([true, true]);
    const html = await ((await listPage(args(new Request("http://portal.test/funded-projects"), {}))) as Response).json();
    expect(html.countLine).toMatch(/, not counting the \d+ demo projects$/);
    const demoPage = await ((await projectPage(args(new Request(`http://portal.test/funded-projects/${demo.awards[0]!.awardId}`), { awardId: String(demo.awards[0]!.awardId) }))) as Response).json();
    expect(demoPage.project.isDemo).toBe(true);
    const realPage = await ((await projectPage(args(new Request(`http://portal.test/funded-projects/${real.awards[0]!.awardId}`), { awardId: String(real.awards[0]!.awardId) }))) as Response).json();
    expect(realPage.project.isDemo).toBe(false);
  });

  it("never exposes budgets, people, scores, reasons, conditions or the application's own words, on the list or a project's page", async () => {
    const round = awardedRound({ amounts: [2_000_00] });
    const a = round.awards[0]!;
    accept(a.awardId);
    db.update(schema.applications)
      .set({ summary: "SECRET summary", description: "SECRET description" })
      .where(eq(schema.applications.id, a.applicationId))
      .run();
    db.insert(schema.budgetLines).values({ applicationId: a.applicationId, item: "SECRET budget line", costPence: 1 }).run();
    acceptedReturn(a.awardId, { consent: false, story: { whatLearnt: "SECRET unpublished story" } });
    const anonymous = new Request(`http://portal.test/funded-projects`);
    const list = await ((await listPage(args(anonymous, {}))) as Response).text();
    const page = await ((await projectPage(args(new Request(`http://portal.test/funded-projects/${a.awardId}`), { awardId: String(a.awardId) }))) as Response).text();
    for (const text of [list, page]) {
      expect(text).not.toContain("SECRET");
      expect(text).not.toContain("Staff time"); // the budget line awardedRound made
      expect(text).not.toContain(a.members[0]!.email);
      expect(text).not.toContain("Strong on need"); // the decision's reasons
      expect(text).not.toContain("safeguarding policy"); // its conditions
      expect(text).not.toMatch(/score/i);
    }
    expect(page).toContain(`Project ${a.reference}`);
    expect(list).toContain(`Project ${a.reference}`);
  });

  it("answers 404 for a project's page that is not public, the same for every kind", async () => {
    const round = awardedRound({ amounts: [1_000_00, 1_000_00, 1_000_00] });
    const [offered, declined, withdrawn] = round.awards.map((a) => a.awardId) as [number, number, number];
    setAward(declined, { status: "declined" });
    setAward(withdrawn, { status: "withdrawn" });
    for (const id of [offered, declined, withdrawn, 999_999]) {
      expect(await thrownStatus(projectPage(args(new Request(`http://portal.test/funded-projects/${id}`), { awardId: String(id) })))).toBe(404);
    }
  });
});

describe("a case study on the public page", () => {
  it("is public only with approval, consent, an accepted return and a live award; and leaves at once when any of them goes", () => {
    const round = awardedRound({ amounts: [3_000_00] });
    const a = round.awards[0]!;
    accept(a.awardId);
    const r = acceptedReturn(a.awardId);
    expect(publishedCaseStudy(a.awardId)).toBeNull(); // not approved yet
    expect(approveCaseStudy(staffOf(round), a.awardId, r.id, { version: 2 })).toEqual({ ok: true, changed: true });
    expect(publishedCaseStudy(a.awardId)).toMatchObject({ ...STORY, returnId: r.id });
    expect(publicProject(a.awardId)?.project.hasCaseStudy).toBe(true);

    // The return reopened (no longer accepted): hidden, and back once accepted again.
    db.update(schema.evaluationReturns).set({ status: "changes_requested" }).where(eq(schema.evaluationReturns.id, r.id)).run();
    expect(publishedCaseStudy(a.awardId)).toBeNull();
    expect(publicProject(a.awardId)?.project.hasCaseStudy).toBe(false);
    db.update(schema.evaluationReturns).set({ status: "accepted" }).where(eq(schema.evaluationReturns.id, r.id)).run();
    expect(publishedCaseStudy(a.awardId)).not.toBeNull();

    // The award withdrawn: nothing of it is public.
    setAward(a.awardId, { status: "withdrawn" });
    expect(publishedCaseStudy(a.awardId)).toBeNull();
    expect(publicProject(a.awardId)).toBeNull();
    setAward(a.awardId, { status: "completed" });
    expect(publishedCaseStudy(a.awardId)).not.toBeNull();

    // Approval pointing at another award's return shows nothing.
    const other = awardedRound({ amounts: [1_000_00] }).awards[0]!;
    const theirs = acceptedReturn(other.awardId);
    setAward(a.awardId, { caseStudyReturnId: theirs.id });
    expect(publishedCaseStudy(a.awardId)).toBeNull();
    setAward(a.awardId, { caseStudyReturnId: r.id });

    // Consent withdrawn by the grantee: gone, and the approval with it.
    expect(withdrawConsent(memberOf(a), a.awardId)).toEqual({ ok: true, changed: true });
    expect(publishedCaseStudy(a.awardId)).toBeNull();
    expect(awardRow(a.awardId)).toMatchObject({ caseStudyApprovedAt: null, caseStudyReturnId: null });
    expect(interimOf(a.awardId).consentToPublish).toBe(false);
    // Consent given again (in the return form) does not republish it: staff must approve again.
    db.update(schema.evaluationReturns).set({ consentToPublish: true }).where(eq(schema.evaluationReturns.id, r.id)).run();
    expect(publishedCaseStudy(a.awardId)).toBeNull();
  });

  it("approval: emails the grantee's members the public link once, records it, and a second click changes nothing", () => {
    const round = awardedRound({ amounts: [3_000_00], members: 2 });
    const a = round.awards[0]!;
    accept(a.awardId);
    const r = acceptedReturn(a.awardId);
    expect(approveCaseStudy(staffOf(round), a.awardId, r.id, { version: 2 })).toEqual({ ok: true, changed: true });
    expect(approveCaseStudy(staffOf(round), a.awardId, r.id, { version: 2 })).toEqual({ ok: true, changed: false });
    const award = awardRow(a.awardId);
    expect(award).toMatchObject({ caseStudyReturnId: r.id, version: 3 });
    expect(award.caseStudyApprovedAt).toBeInstanceOf(Date);
    for (const member of a.members) {
      const mails = outboxTo(member.email, "case-study-published");
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe("Your case study is published: Cooking together");
      expect(mails[0]!.text).toContain(`http://portal.test/funded-projects/${a.awardId}`);
      expect(mails[0]!.text).toContain(`http://portal.test/awards/${a.awardId}/publication`);
    }
    const events = db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.entityType, "award"), eq(schema.auditEvents.entityId, a.awardId))).all();
    expect(events.filter((e) => e.action === "award.case_study_approved")).toHaveLength(1);
  });

  it("approval is refused: not staff, award not accepted, return not accepted, no consent, story incomplete, another award's return, a stale version", () => {
    const round = awardedRound({ amounts: [1_000_00, 1_000_00] });
    const [a, b] = round.awards as [AwardedApplication, AwardedApplication];
    const staff = staffOf(round);
    const r = acceptedReturn(a.awardId);
    // The offer is still open.
    expect(approveCaseStudy(staff, a.awardId, r.id, { version: 1 })).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/not been accepted/) });
    accept(a.awardId);
    // Not staff: a member of the organisation, or anyone else.
    expect(approveCaseStudy({ id: a.members[0]!.id, isStaff: false }, a.awardId, r.id, { version: 2 })).toMatchObject({ ok: false, status: 403 });
    // No consent, or consent not answered.
    for (const consent of [false, null]) {
      acceptedReturn(a.awardId, { consent });
      expect(approveCaseStudy(staff, a.awardId, r.id, { version: 2 })).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/consent/) });
    }
    // The return submitted but not accepted yet.
    acceptedReturn(a.awardId, { status: "submitted" });
    expect(approveCaseStudy(staff, a.awardId, r.id, { version: 2 })).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/not been accepted yet/) });
    // The story lacks a part.
    acceptedReturn(a.awardId, { story: { whatLearnt: "  " } });
    expect(approveCaseStudy(staff, a.awardId, r.id, { version: 2 })).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/What have you learnt\?/) });
    // Acknowledgements are optional.
    acceptedReturn(a.awardId, { story: { acknowledgements: "" } });
    // Another award's return, and ids that are no award or return.
    const theirs = acceptedReturn(b.awardId);
    expect(approveCaseStudy(staff, a.awardId, theirs.id, { version: 2 })).toMatchObject({ ok: false, status: 404 });
    expect(approveCaseStudy(staff, 999_999, r.id, { version: 2 })).toMatchObject({ ok: false, status: 404 });
    expect(approveCaseStudy(staff, a.awardId, 999_999, { version: 2 })).toMatchObject({ ok: false, status: 404 });
    // A stale version: someone changed the award since the page was shown.
    expect(approveCaseStudy(staff, a.awardId, r.id, { version: 1 })).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/changed since/) });
    // Nothing changed by any of these, and no email.
    expect(awardRow(a.awardId)).toMatchObject({ caseStudyApprovedAt: null, caseStudyReturnId: null, version: 2 });
    expect(outboxTo(a.members[0]!.email, "case-study-published")).toHaveLength(0);
    // Now right: approved.
    expect(approveCaseStudy(staff, a.awardId, r.id, { version: 2 })).toEqual({ ok: true, changed: true });
  });

  it("a story's parts are the return form's story fields; Acknowledgements is optional", () => {
    expect(missingStoryParts({})).toEqual(STORY_FIELDS.filter((f) => f.required).map((f) => f.label));
    expect(missingStoryParts({})).not.toContain("Acknowledgements");
    expect(missingStoryParts({ ...STORY, acknowledgements: null })).toEqual([]);
    expect(missingStoryParts({ ...STORY, whatsNext: "  " })).toEqual(["What's next?"]);
    // A story with no acknowledgements is approved and published, its parts in the form's order.
    const round = awardedRound({ amounts: [1_000_00] });
    const a = round.awards[0]!;
    accept(a.awardId);
    const r = acceptedReturn(a.awardId, { story: { acknowledgements: "" } });
    expect(approveCaseStudy(staffOf(round), a.awardId, r.id, { version: 2 })).toEqual({ ok: true, changed: true });
    const story = publishedCaseStudy(a.awardId)!;
    expect(story.acknowledgements).toBeNull();
    expect(Object.keys(story).slice(0, STORY_FIELDS.length)).toEqual(STORY_FIELDS.map((f) => f.name));
  });

  it("withdrawing approval takes the story off, tells the organisation the reason, and records it; again changes nothing", () => {
    const round = awardedRound({ amounts: [2_000_00] });
    const a = round.awards[0]!;
    accept(a.awardId);
    const r = acceptedReturn(a.awardId);
    approveCaseStudy(staffOf(round), a.awardId, r.id, { version: 2 });
    expect(withdrawApproval({ id: a.members[0]!.id, isStaff: false }, a.awardId, "No")).toMatchObject({ ok: false, status: 403 });
    // No reason: a mistake in the form (400, by the field), not a conflict; nothing changes.
    expect(withdrawApproval(staffOf(round), a.awardId, "  ", new Date(), { version: 3 })).toEqual({
      ok: false,
      status: 400,
      message: "Give the reason for withdrawing approval",
      field: "reason",
    });
    expect(publishedCaseStudy(a.awardId)).not.toBeNull();
    expect(withdrawApproval(staffOf(round), a.awardId, "A name in the story needs checking", new Date(), { version: 2 })).toMatchObject({ ok: false, status: 409 });
    expect(withdrawApproval(staffOf(round), a.awardId, "A name in the story needs checking", new Date(), { version: 3 })).toEqual({ ok: true, changed: true });
    expect(withdrawApproval(staffOf(round), a.awardId, "A name in the story needs checking")).toEqual({ ok: true, changed: false });
    expect(publishedCaseStudy(a.awardId)).toBeNull();
    expect(awardRow(a.awardId)).toMatchObject({ caseStudyApprovedAt: null, caseStudyReturnId: null, version: 4 });
    const mails = outboxTo(a.members[0]!.email, "case-study-unpublished");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain("A name in the story needs checking");
    const event = db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.entityId, a.awardId), eq(schema.auditEvents.action, "award.case_study_approval_withdrawn"))).all();
    expect(event).toHaveLength(1);
    expect(event[0]!.summary).toContain("A name in the story needs checking");
    expect(withdrawApproval(staffOf(round), 999_999, "x")).toMatchObject({ ok: false, status: 404 });
  });
});

describe("withdrawing consent", () => {
  it("is for members of the organisation only: not staff, not another organisation's member; a wrong id is 404", () => {
    const round = awardedRound({ amounts: [1_000_00, 1_000_00] });
    const [a, b] = round.awards as [AwardedApplication, AwardedApplication];
    accept(a.awardId);
    const r = acceptedReturn(a.awardId);
    approveCaseStudy(staffOf(round), a.awardId, r.id, { version: 2 });
    expect(withdrawConsent(memberOf(b), a.awardId)).toMatchObject({ ok: false, status: 403 });
    expect(withdrawConsent({ id: round.staff.id, organisationIds: [] }, a.awardId)).toMatchObject({ ok: false, status: 403 });
    expect(withdrawConsent(memberOf(a), 999_999)).toMatchObject({ ok: false, status: 404 });
    expect(publishedCaseStudy(a.awardId)).not.toBeNull();
  });

  it("clears consent on every return and the approval in one go, records it, tells staff, and again changes nothing", () => {
    db.update(schema.place).set({ contactEmail: "public.health@example.test" }).run();
    const round = awardedRound({ amounts: [1_000_00] });
    const a = round.awards[0]!;
    accept(a.awardId);
    const r = acceptedReturn(a.awardId);
    const final = db
      .select()
      .from(schema.evaluationReturns)
      .where(and(eq(schema.evaluationReturns.awardId, a.awardId), eq(schema.evaluationReturns.kind, "final")))
      .get()!;
    db.update(schema.evaluationReturns).set({ consentToPublish: true }).where(eq(schema.evaluationReturns.id, final.id)).run();
    approveCaseStudy(staffOf(round), a.awardId, r.id, { version: 2 });
    const versions = [interimOf(a.awardId).version, final.version];

    expect(withdrawConsent(memberOf(a), a.awardId)).toEqual({ ok: true, changed: true });
    const returns = db.select().from(schema.evaluationReturns).where(eq(schema.evaluationReturns.awardId, a.awardId)).all();
    expect(returns.map((x) => x.consentToPublish)).toEqual([false, false]);
    // A return form open with the old consent is refused as stale (its version moved on).
    expect(returns.map((x) => x.version)).toEqual(versions.map((v) => v + 1));
    expect(awardRow(a.awardId)).toMatchObject({ caseStudyApprovedAt: null, caseStudyReturnId: null, version: 4 });
    const actions = db.select().from(schema.auditEvents).all().filter((e) => e.details && (e.entityId === a.awardId || returns.some((x) => x.id === e.entityId)));
    expect(actions.filter((e) => e.action === "award.consent_withdrawn" && e.entityId === a.awardId)).toHaveLength(1);
    expect(actions.filter((e) => e.action === "return.consent_withdrawn")).toHaveLength(2);
    const toStaff = outboxTo("public.health@example.test", "case-study-consent-withdrawn").filter((m) => m.text.includes(a.reference));
    expect(toStaff).toHaveLength(1);
    expect(toStaff[0]!.text).toContain("taken off the public page");

    expect(withdrawConsent(memberOf(a), a.awardId)).toEqual({ ok: true, changed: false });
    expect(awardRow(a.awardId).version).toBe(4);
  });
});

/** A 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

/** A file of the return, as the return form keeps it: the row with its description. */
async function returnFile(a: AwardedApplication, returnId: number, o: { kind?: "photo" | "other"; description?: string | null; name?: string } = {}) {
  const stored = await storeUpload({ name: o.name ?? "walk.png", bytes: new Uint8Array(PNG) });
  if (!stored.ok) throw new Error("The test photo was refused");
  const row = db
    .insert(schema.attachments)
    .values({
      organisationId: a.organisationId,
      returnId,
      kind: o.kind ?? "photo",
      ...stored.stored,
      description: o.description === undefined ? "Walkers by the lake" : o.description,
      uploadedById: a.members[0]!.id,
    })
    .returning()
    .get();
  return row;
}

describe("the story's photos", () => {
  it("are the published return's described photos, served only while the story is public", async () => {
    const round = awardedRound({ amounts: [1_000_00, 1_000_00] });
    const [a, b] = round.awards as [AwardedApplication, AwardedApplication];
    accept(a.awardId);
    accept(b.awardId);
    const r = acceptedReturn(a.awardId);
    const photo = await returnFile(a, r.id);
    const undescribed = await returnFile(a, r.id, { description: null, name: "no-words.png" });
    const document = await returnFile(a, r.id, { kind: "other", name: "report.png" });
    const removed = await returnFile(a, r.id, { name: "removed.png" });
    db.update(schema.attachments).set({ deletedAt: new Date() }).where(eq(schema.attachments.id, removed.id)).run();
    const final = db
      .select()
      .from(schema.evaluationReturns)
      .where(and(eq(schema.evaluationReturns.awardId, a.awardId), eq(schema.evaluationReturns.kind, "final")))
      .get()!;
    const otherReturn = await returnFile(a, final.id, { name: "final.png" });
    const theirs = await returnFile(b, acceptedReturn(b.awardId).id, { name: "theirs.png" });
    const get = (awardId: number, attachmentId: number) =>
      photoRoute(args(new Request(`http://portal.test/funded-projects/${awardId}/photos/${attachmentId}`), { awardId: String(awardId), attachmentId: String(attachmentId) }));

    // Not approved yet: nothing.
    expect(await thrownStatus(get(a.awardId, photo.id))).toBe(404);
    expect(publicProject(a.awardId)?.photos).toEqual([]);

    approveCaseStudy(staffOf(round), a.awardId, r.id, { version: 2 });
    expect(publicProject(a.awardId)?.photos).toEqual([{ id: photo.id, description: "Walkers by the lake" }]);
    const response = (await get(a.awardId, photo.id)) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG)).toBe(true);
    // The page gives each its description as alternative text.
    const page = await ((await projectPage(args(new Request(`http://portal.test/funded-projects/${a.awardId}`), { awardId: String(a.awardId) }))) as Response).json();
    expect(page.photos).toEqual([{ src: `/funded-projects/${a.awardId}/photos/${photo.id}`, alt: "Walkers by the lake" }]);

    // Not a described photo of the published return: not found.
    for (const id of [undescribed.id, document.id, removed.id, otherReturn.id, theirs.id, 999_999]) {
      expect(await thrownStatus(get(a.awardId, id)), `attachment ${id}`).toBe(404);
    }
    // Another award's address for this photo: not found.
    expect(await thrownStatus(get(b.awardId, photo.id))).toBe(404);

    // Consent withdrawn: the photo goes with the story.
    withdrawConsent(memberOf(a), a.awardId);
    expect(await thrownStatus(get(a.awardId, photo.id))).toBe(404);
  });
});

describe("the pages", () => {
  it("staff approve through the case study page; a stale form is refused (409); others are refused", async () => {
    const round = awardedRound({ amounts: [1_000_00] });
    const a = round.awards[0]!;
    accept(a.awardId);
    const r = acceptedReturn(a.awardId);
    const path = `/staff/awards/${a.awardId}/case-study`;
    const params = { awardId: String(a.awardId) };
    expect(await thrownStatus(caseStudyPage(args(await requestAs(a.members[0]!, path), params)))).toBe(403);
    const page = await ((await caseStudyPage(args(await requestAs(round.staff, path), params))) as Response).json();
    expect(page.consented.map((c: { id: number; whyNot: string | null }) => [c.id, c.whyNot])).toEqual([[r.id, null]]);
    expect(page.version).toBe(2);

    const stale = (await caseStudyAction(args(await postAs(round.staff, path, { intent: "approve", returnId: String(r.id), version: "1" }), params) as never)) as Response;
    expect(stale.status).toBe(409);
    expect((await stale.json()).refused).toMatch(/changed since/);
    expect(await thrownStatus(caseStudyAction(args(await postAs(round.staff, path, { intent: "approve", returnId: "999999", version: "2" }), params) as never))).toBe(404);
    expect(await thrownStatus(caseStudyAction(args(await postAs(a.members[0]!, path, { intent: "approve", returnId: String(r.id), version: "2" }), params) as never))).toBe(403);

    const done = (await caseStudyAction(args(await postAs(round.staff, path, { intent: "approve", returnId: String(r.id), version: "2" }), params) as never)) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`${path}?notice=case-study-approved`);
    expect(publishedCaseStudy(a.awardId)).not.toBeNull();

    const noReason = (await caseStudyAction(args(await postAs(round.staff, path, { intent: "withdraw", reason: " ", version: "3" }), params) as never)) as Response;
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).errors).toEqual({ reason: "Give the reason for withdrawing approval" });
    expect(publishedCaseStudy(a.awardId)).not.toBeNull();
  });

  it("the grantee's publication page: members only (staff use their own page); withdrawing consent there takes the story off", async () => {
    const round = awardedRound({ amounts: [1_000_00] });
    const a = round.awards[0]!;
    accept(a.awardId);
    const r = acceptedReturn(a.awardId);
    approveCaseStudy(staffOf(round), a.awardId, r.id, { version: 2 });
    const path = `/awards/${a.awardId}/publication`;
    const params = { awardId: String(a.awardId) };
    const page = await ((await publicationPage(args(await requestAs(a.members[0]!, path), params))) as Response).json();
    expect(page).toMatchObject({ state: "published", isListed: true, publishedFrom: "Interim return" });
    expect(await thrownStatus(publicationPage(args(await requestAs(round.staff, path), params)))).toBe(403);
    expect(await thrownStatus(publicationPage(args(await requestAs(makeUser(), path), params)))).toBe(403);
    expect(await thrownStatus(publicationAction(args(await postAs(round.staff, path, { intent: "withdraw-consent" }), params) as never))).toBe(403);
    expect(publishedCaseStudy(a.awardId)).not.toBeNull();
    // A post without the button's intent does nothing.
    const stray = (await publicationAction(args(await postAs(a.members[0]!, path, {}), params) as never)) as Response;
    expect(stray.status).toBe(400);
    expect(publishedCaseStudy(a.awardId)).not.toBeNull();

    const done = (await publicationAction(args(await postAs(a.members[0]!, path, { intent: "withdraw-consent" }), params) as never)) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`${path}?notice=consent-withdrawn`);
    expect(publishedCaseStudy(a.awardId)).toBeNull();
    const after = await ((await publicationPage(args(await requestAs(a.members[0]!, path), params))) as Response).json();
    expect(after.state).toBe("not_consented");
    expect(after.withdrawnAt).not.toBeNull();
  });
});
