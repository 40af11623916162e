// The public page of funded projects, and the case studies on it. One module, so that the list,
// a project's page, its photos, the staff approval page and the grantee's consent page all apply
// the same rules:
// - a project is public once its offer is accepted (or the grant is completed); an open offer is
//   not, and a declined or withdrawn one never is;
// - the public see the project's title, organisation, amount, programme, round, award date,
//   Marmot principles and wards: nothing else of the application (no budget, no people, no scores);
// - a story (case study) is public only while all of these hold: staff approved it
//   (awards.case_study_approved_at and awards.case_study_return_id), that return is accepted, its
//   consent to publish is given, and the award is accepted or completed. Withdrawing consent or
//   approval takes it off at once; a story from a later return needs approving again;
// - the story's photos are the published return's own photos (not removed) that have a
//   description, which is their alternative text; they are served only while the story is public.
import { and, asc, count, desc, eq, inArray, isNotNull, ne, or, sql, sum, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { missingStoryParts, type Story } from "~/schemas/case-study";
import { STORY_FIELDS } from "~/schemas/return";
import { db, schema, transaction, type DbOrTx } from "~/utils/db.server";
import { formatMoney } from "~/utils/format";
import { getSettings } from "~/utils/settings.server";
import { membersOf, type Refusal } from "./applications.server";
import { readAttachment } from "./attachments.server";
import { recordAudit } from "./audit.server";
import { awardForGrantee, loadAward, type Award, type AwardFile, type EvaluationReturn, type Viewer } from "./awards.server";
import { enqueueEmail } from "./outbox.server";
import type { ModelResult, Staff } from "./panel-access.server";
import { getPlace } from "./place.server";
import { returnDocuments } from "./returns.server";

/** Awards the public may see: accepted, or completed. Never an open, declined or withdrawn offer. */
export const PUBLIC_AWARD_STATUSES = ["accepted", "completed"] as const satisfies readonly Award["status"][];

export const isPublicAward = (award: Pick<Award, "status">) => (PUBLIC_AWARD_STATUSES as readonly string[]).includes(award.status);

export const PUBLIC_PAGE_SIZE = 20;

// ---------------------------------------------------------------------------------------------
// The public list
// ---------------------------------------------------------------------------------------------

export type PublicFilters = {
  /** A programme's slug, e.g. "collaboration-fund". */
  programme?: string;
  /** A Marmot principle's number, 1 to 8. */
  principle?: number;
  /** A ward or neighbourhood (areas.id). */
  ward?: number;
};

const positiveId = (value: string | null) => (value && /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : undefined);

/** The filters in an address (`?programme=…&principle=…&ward=…`); anything else is ignored. */
export function readPublicFilters(params: URLSearchParams): PublicFilters {
  const programme = params.get("programme");
  const principle = positiveId(params.get("principle"));
  return {
    programme: programme && /^[a-z0-9-]{1,60}$/.test(programme) ? programme : undefined,
    principle: principle !== undefined && principle <= 99 ? principle : undefined,
    ward: positiveId(params.get("ward")),
  };
}

export function publicQuery(filters: PublicFilters, page?: number): string {
  const params = new URLSearchParams();
  if (filters.programme) params.set("programme", filters.programme);
  if (filters.principle) params.set("principle", String(filters.principle));
  if (filters.ward) params.set("ward", String(filters.ward));
  if (page && page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : "";
}

const aw = schema.awards;
const ap = schema.applications;
const caseReturn = alias(schema.evaluationReturns, "case_return");

/** The SQL test of "this award's story is on the public page" (caseReturn joined on the approved return). */
const storyIsPublic = and(
  isNotNull(aw.caseStudyApprovedAt),
  isNotNull(caseReturn.id),
  eq(caseReturn.status, "accepted"),
  eq(caseReturn.consentToPublish, true),
)!;

/**
 * The areas a ward or neighbourhood filter finds projects in: the area itself; for a ward, its
 * neighbourhood; for a neighbourhood, its wards; and the whole place (a town-wide project works
 * in every ward).
 */
function areasMatching(areaId: number, tx: DbOrTx): number[] {
  const area = tx.select().from(schema.areas).where(eq(schema.areas.id, areaId)).get();
  if (!area || (area.kind !== "ward" && area.kind !== "neighbourhood")) return [areaId];
  const ids = new Set([area.id]);
  if (area.kind === "ward" && area.parentId) ids.add(area.parentId);
  if (area.kind === "neighbourhood") {
    for (const w of tx.select({ id: schema.areas.id }).from(schema.areas).where(eq(schema.areas.parentId, area.id)).all()) ids.add(w.id);
  }
  const code = getPlace(tx).areaCode;
  if (code) {
    const whole = tx.select({ id: schema.areas.id }).from(schema.areas).where(and(eq(schema.areas.kind, "local_authority"), eq(schema.areas.code, code))).get();
    if (whole) ids.add(whole.id);
  }
  return [...ids];
}

/** An archived round (the demo rounds, once retired) has left the public pages. */
const roundIsPublic = ne(schema.cycles.status, "archived");

function whereOf(filters: PublicFilters, tx: DbOrTx): SQL {
  const parts: (SQL | undefined)[] = [inArray(aw.status, [...PUBLIC_AWARD_STATUSES]), roundIsPublic];
  if (filters.programme) parts.push(eq(schema.programmes.slug, filters.programme));
  if (filters.principle) {
    const tags = tx
      .select({ id: schema.applicationPrinciples.applicationId })
      .from(schema.applicationPrinciples)
      .innerJoin(schema.principles, eq(schema.principles.id, schema.applicationPrinciples.principleId))
      .where(eq(schema.principles.number, filters.principle));
    parts.push(inArray(ap.id, tags));
  }
  if (filters.ward) {
    const served = tx
      .select({ id: schema.applicationAreas.applicationId })
      .from(schema.applicationAreas)
      .where(inArray(schema.applicationAreas.areaId, areasMatching(filters.ward, tx)));
    parts.push(inArray(ap.id, served));
  }
  return and(...parts)!;
}

export type PublicPrinciple = { number: number; title: string; isPrimary: boolean };
export type PublicArea = { id: number; name: string; kind: string };

export type PublicProject = {
  awardId: number;
  title: string;
  organisationName: string;
  amountPence: number;
  programme: { slug: string; name: string };
  round: string;
  isDemo: boolean;
  awardDate: string;
  /** Main principle first, then by number. */
  principles: PublicPrinciple[];
  /** Wards and neighbourhoods (and the whole place) as the application names them. */
  areas: PublicArea[];
  hasCaseStudy: boolean;
};

function baseQuery(tx: DbOrTx) {
  return tx
    .select({
      awardId: aw.id,
      applicationId: ap.id,
      reference: ap.reference,
      title: ap.title,
      organisationName: schema.organisations.name,
      amountPence: aw.amountPence,
      programmeSlug: schema.programmes.slug,
      programmeName: schema.programmes.name,
      round: schema.cycles.name,
      isDemo: schema.cycles.isDemo,
      awardDate: aw.awardDate,
      hasCaseStudy: sql<number>`case when ${storyIsPublic} then 1 else 0 end`,
    })
    .from(aw)
    .innerJoin(ap, eq(ap.id, aw.applicationId))
    .innerJoin(schema.organisations, eq(schema.organisations.id, ap.organisationId))
    .innerJoin(schema.cycles, eq(schema.cycles.id, ap.cycleId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
    .leftJoin(caseReturn, and(eq(caseReturn.id, aw.caseStudyReturnId), eq(caseReturn.awardId, aw.id)));
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>["all"]>>[number];

/** Principles and areas of these applications, in one query each. */
function withTags(rows: BaseRow[], tx: DbOrTx): PublicProject[] {
  const ids = rows.map((r) => r.applicationId);
  const principles = ids.length
    ? tx
        .select({
          applicationId: schema.applicationPrinciples.applicationId,
          number: schema.principles.number,
          title: schema.principles.title,
          isPrimary: schema.applicationPrinciples.isPrimary,
        })
        .from(schema.applicationPrinciples)
        .innerJoin(schema.principles, eq(schema.principles.id, schema.applicationPrinciples.principleId))
        .where(inArray(schema.applicationPrinciples.applicationId, ids))
        .orderBy(desc(schema.applicationPrinciples.isPrimary), asc(schema.principles.number))
        .all()
    : [];
  const areas = ids.length
    ? tx
        .select({ applicationId: schema.applicationAreas.applicationId, id: schema.areas.id, name: schema.areas.name, kind: schema.areas.kind })
        .from(schema.applicationAreas)
        .innerJoin(schema.areas, eq(schema.areas.id, schema.applicationAreas.areaId))
        .where(inArray(schema.applicationAreas.applicationId, ids))
        .all()
    : [];
  // The whole place first, then neighbourhoods, then wards, each by name.
  const kindOrder: Record<string, number> = { local_authority: 0, neighbourhood: 1, ward: 2 };
  areas.sort((a, b) => (kindOrder[a.kind] ?? 3) - (kindOrder[b.kind] ?? 3) || a.name.localeCompare(b.name));
  const placeName = getPlace(tx).name;
  return rows.map((r) => ({
    awardId: r.awardId,
    title: r.title || r.reference || "Untitled project",
    organisationName: r.organisationName,
    amountPence: r.amountPence,
    programme: { slug: r.programmeSlug, name: r.programmeName },
    round: r.round,
    isDemo: r.isDemo,
    awardDate: r.awardDate,
    principles: principles.filter((p) => p.applicationId === r.applicationId).map(({ number, title, isPrimary }) => ({ number, title, isPrimary })),
    areas: areas
      .filter((a) => a.applicationId === r.applicationId)
      .map(({ id, name, kind }) => ({ id, kind, name: kind === "local_authority" ? `The whole of ${placeName || name}` : name })),
    hasCaseStudy: r.hasCaseStudy === 1,
  }));
}

/**
 * The public projects that match the filters, newest award first, a page at a time, with how
 * many there are and how much they were awarded. Demo rounds' projects are counted apart:
 * `totalPence` is real money only, `demoCount` and `demoPence` are the demo projects' (the page
 * shows demo money only when every project listed is demo, and says so).
 */
export function publicProjects(filters: PublicFilters = {}, options: { page?: number; pageSize?: number } = {}, tx: DbOrTx = db) {
  const where = whereOf(filters, tx);
  const isDemo = sql`${schema.cycles.isDemo} = 1`;
  const totals = tx
    .select({
      n: count(),
      pence: sum(aw.amountPence),
      demoN: sql<number | null>`sum(case when ${isDemo} then 1 else 0 end)`,
      demoPence: sql<number | null>`sum(case when ${isDemo} then ${aw.amountPence} else 0 end)`,
    })
    .from(aw)
    .innerJoin(ap, eq(ap.id, aw.applicationId))
    .innerJoin(schema.cycles, eq(schema.cycles.id, ap.cycleId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
    .where(where)
    .get();
  const total = totals?.n ?? 0;
  const pageSize = options.pageSize ?? PUBLIC_PAGE_SIZE;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const rows = baseQuery(tx)
    .where(where)
    .orderBy(desc(aw.awardDate), desc(aw.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const demoPence = Number(totals?.demoPence ?? 0);
  return {
    projects: withTags(rows, tx),
    total,
    totalPence: Number(totals?.pence ?? 0) - demoPence,
    demoCount: Number(totals?.demoN ?? 0),
    demoPence,
    page,
    pageCount,
  };
}

/**
 * The line above the list: how many projects and how much was awarded. Demo money is left out
 * of the amount, unless every project listed is a demo one: then the line says they are demo.
 */
export function publicCountLine(
  list: Pick<ReturnType<typeof publicProjects>, "total" | "totalPence" | "demoCount" | "demoPence">,
  filtered = false,
  money: (pence: number) => string = formatMoney,
): string {
  const allDemo = list.total > 0 && list.demoCount === list.total;
  const projects = `${list.total} ${allDemo ? "demo " : ""}project${list.total === 1 ? "" : "s"}`;
  const matching = filtered ? (list.total === 1 ? " matches the filters" : " match the filters") : "";
  const amount = allDemo
    ? `${money(list.demoPence)} awarded in demo data`
    : `${money(list.totalPence)} awarded${list.demoCount ? `, not counting the ${list.demoCount} demo project${list.demoCount === 1 ? "" : "s"}` : ""}`;
  return `${projects}${matching}, ${amount}`;
}

/** The choices of the public filter form: programmes, the eight principles, neighbourhoods and wards. */
export function publicFilterChoices(tx: DbOrTx = db) {
  return {
    programmes: tx
      .select({ slug: schema.programmes.slug, name: schema.programmes.name })
      .from(schema.programmes)
      .orderBy(asc(schema.programmes.sortOrder), asc(schema.programmes.name))
      .all(),
    principles: tx.select({ number: schema.principles.number, title: schema.principles.title }).from(schema.principles).orderBy(asc(schema.principles.number)).all(),
    areas: tx
      .select({ id: schema.areas.id, name: schema.areas.name, kind: schema.areas.kind })
      .from(schema.areas)
      .where(or(eq(schema.areas.kind, "neighbourhood"), eq(schema.areas.kind, "ward")))
      .orderBy(asc(schema.areas.sortOrder), asc(schema.areas.name))
      .all()
      // The neighbourhoods in their own order, then the wards by name.
      .sort((a, b) => (a.kind === b.kind ? (a.kind === "ward" ? a.name.localeCompare(b.name) : 0) : a.kind === "neighbourhood" ? -1 : 1)),
  };
}

// ---------------------------------------------------------------------------------------------
// One project, and its story
// ---------------------------------------------------------------------------------------------

export type PublishedCaseStudy = Story & { returnId: number; approvedAt: Date };

const storyOf = (r: EvaluationReturn): Story =>
  Object.fromEntries(STORY_FIELDS.map((f) => [f.name, r[f.name]?.trim() || null])) as Story;

/**
 * The award's published story, or null: only the return staff approved, while it is accepted
 * and consented to, and the award accepted or completed.
 */
export function publishedCaseStudy(awardId: number, tx: DbOrTx = db): PublishedCaseStudy | null {
  const award = tx.select().from(aw).where(eq(aw.id, awardId)).get();
  if (!award || !isPublicAward(award) || !award.caseStudyApprovedAt || !award.caseStudyReturnId) return null;
  const r = tx.select().from(schema.evaluationReturns).where(eq(schema.evaluationReturns.id, award.caseStudyReturnId)).get();
  if (!r || r.awardId !== award.id || r.status !== "accepted" || r.consentToPublish !== true) return null;
  return { ...storyOf(r), returnId: r.id, approvedAt: award.caseStudyApprovedAt };
}

/** Photos shown in a page: JPG and PNG only. */
const PHOTO_TYPES: readonly string[] = ["image/jpeg", "image/png"];

export type StoryPhoto = { id: number; description: string };

/**
 * A return's photos that can go with its story: photos (JPG or PNG), not removed, with a
 * description (their alternative text; the return form asks for one with every photo).
 */
export function storyPhotos(returnId: number, tx: DbOrTx = db): StoryPhoto[] {
  return returnDocuments(returnId, tx)
    .filter((d) => d.kind === "photo" && PHOTO_TYPES.includes(d.mediaType) && d.description?.trim())
    .map((d) => ({ id: d.id, description: d.description!.trim() }));
}

/**
 * One photo of the published story, with its bytes, for the public page; null unless the story
 * is public now and the photo is one of its return's photos.
 */
export async function publishedPhoto(awardId: number, attachmentId: number) {
  const story = publishedCaseStudy(awardId);
  if (!story || !storyPhotos(story.returnId).some((p) => p.id === attachmentId)) return null;
  const round = db
    .select({ id: schema.cycles.id })
    .from(aw)
    .innerJoin(ap, eq(ap.id, aw.applicationId))
    .innerJoin(schema.cycles, eq(schema.cycles.id, ap.cycleId))
    .where(and(eq(aw.id, awardId), roundIsPublic))
    .get();
  if (!round) return null;
  const found = await readAttachment(attachmentId);
  if (!found || found.attachment.returnId !== story.returnId || found.attachment.kind !== "photo") return null;
  return found;
}

/** A project's public page: its facts and, when published, its story. Null when it is not public. */
export function publicProject(
  awardId: number,
  tx: DbOrTx = db,
): { project: PublicProject; caseStudy: PublishedCaseStudy | null; photos: StoryPhoto[] } | null {
  const row = baseQuery(tx)
    .where(and(eq(aw.id, awardId), inArray(aw.status, [...PUBLIC_AWARD_STATUSES]), roundIsPublic))
    .get();
  if (!row) return null;
  const [project] = withTags([row], tx);
  const caseStudy = project!.hasCaseStudy ? publishedCaseStudy(awardId, tx) : null;
  return { project: project!, caseStudy, photos: caseStudy ? storyPhotos(caseStudy.returnId, tx) : [] };
}

// ---------------------------------------------------------------------------------------------
// Staff approval
// ---------------------------------------------------------------------------------------------

/** Why staff cannot approve this return's story for the public page now, or null when they can. */
export function whyNotApprovable(award: Pick<Award, "id" | "status">, r: Pick<EvaluationReturn, "awardId" | "status" | "consentToPublish"> & Partial<Story>): string | null {
  if (r.awardId !== award.id) return "That return belongs to another award.";
  if (!isPublicAward(award)) {
    return award.status === "offered"
      ? "The offer has not been accepted yet, so nothing of this project is on the public page."
      : "The award was declined or withdrawn, so nothing of this project is on the public page.";
  }
  if (r.consentToPublish !== true) return "The organisation has not given consent to publish the story in this return.";
  if (r.status !== "accepted") return "The return has not been accepted yet. Review and accept it first.";
  const missing = missingStoryParts(r);
  if (missing.length) return `The story is not complete. It has no answer to: ${missing.join("; ")}.`;
  return null;
}

/** The award's returns that have consent to publish, with their stories and whether each can be approved. */
export function caseStudyCandidates(file: AwardFile) {
  return file.returns.map((r) => ({
    id: r.id,
    title: r.title,
    kind: r.kind,
    status: r.status,
    consentToPublish: r.consentToPublish === true,
    story: storyOf(r),
    isApproved: file.award.caseStudyReturnId === r.id && file.award.caseStudyApprovedAt !== null,
    // Staff see a return's files once it is submitted (the return's own download address).
    photos: r.submittedAt ? storyPhotos(r.id) : [],
    whyNot: whyNotApprovable(file.award, r),
  }));
}

const refused = (status: Refusal["status"], message: string) => ({ ok: false as const, status, message });

/**
 * Staff approve the story of one return of the award for the public page: only an accepted
 * return of that award, with consent to publish and a complete story, on an accepted (or
 * completed) award; and only if the award is still at the version the page showed. The
 * grantee's members are emailed the public link. Approving the story already approved changes
 * nothing (a double click sends one email).
 */
export function approveCaseStudy(staff: Staff, awardId: number, returnId: number, expect: { version: number }, now = new Date()): ModelResult {
  if (!staff.isStaff) return refused(403, "Only staff can approve case studies.");
  return transaction((tx): ModelResult => {
    const file = loadAward(awardId, tx);
    if (!file) return refused(404, "Page not found.");
    const r = file.returns.find((x) => x.id === returnId);
    if (!r) return refused(404, "That return is not one of this award's returns.");
    const { award } = file;
    if (award.caseStudyReturnId === r.id && award.caseStudyApprovedAt && publishedCaseStudy(award.id, tx)) return { ok: true, changed: false };
    const why = whyNotApprovable(award, r);
    if (why) return refused(409, why);
    if (expect.version !== award.version) {
      return refused(409, "The award has changed since you opened this page. Check the page as it is now, then approve again if you still want to.");
    }
    const claimed = tx
      .update(aw)
      .set({ caseStudyApprovedAt: now, caseStudyReturnId: r.id, version: sql`${aw.version} + 1`, updatedAt: now })
      .where(and(eq(aw.id, award.id), eq(aw.version, award.version)))
      .run();
    if (claimed.changes !== 1) return refused(409, "The award has changed since you opened this page. Check the page as it is now.");
    const replaced = award.caseStudyReturnId && award.caseStudyReturnId !== r.id ? file.returns.find((x) => x.id === award.caseStudyReturnId) : undefined;
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "award.case_study_approved",
      entityType: "award",
      entityId: award.id,
      summary: `Case study from the ${r.title.toLowerCase()} approved for the public page${replaced ? ` (in place of the story from the ${replaced.title.toLowerCase()})` : ""}`,
      details: { returnId: r.id, replacedReturnId: replaced?.id ?? null },
    });
    const appUrl = getSettings().appUrl;
    const title = r.projectTitle?.trim() || file.application.title || file.application.reference || "your project";
    for (const member of membersOf(tx, file.application.organisationId)) {
      enqueueEmail(tx, {
        to: member.email,
        template: "case-study-published",
        data: {
          name: member.name,
          organisationName: file.organisation.name,
          projectTitle: title,
          returnTitle: r.title,
          publicUrl: `${appUrl}/funded-projects/${award.id}`,
          publicationUrl: `${appUrl}/awards/${award.id}/publication`,
        },
        dedupeKey: `case-study-published:${award.id}:v${award.version + 1}:${member.id}`,
      });
    }
    return { ok: true, changed: true };
  });
}

/**
 * Staff take the story off the public page, with a reason, which the organisation is emailed.
 * Nothing to withdraw (already withdrawn: a double click) changes nothing.
 */
export function withdrawApproval(
  staff: Staff,
  awardId: number,
  reason: string,
  now = new Date(),
  expect: { version?: number } = {},
): ModelResult | { ok: false; status: 400; message: string; field: "reason" } {
  if (!staff.isStaff) return refused(403, "Only staff can withdraw approval of case studies.");
  const why = reason.trim();
  // A missing reason is a mistake in the form (400, shown by the field), not a conflict.
  if (!why) return { ok: false, status: 400, message: "Give the reason for withdrawing approval", field: "reason" };
  return transaction((tx): ModelResult => {
    const file = loadAward(awardId, tx);
    if (!file) return refused(404, "Page not found.");
    const { award } = file;
    if (!award.caseStudyApprovedAt && !award.caseStudyReturnId) return { ok: true, changed: false };
    if (expect.version !== undefined && expect.version !== award.version) {
      return refused(409, "The award has changed since you opened this page. Check the page as it is now, then withdraw approval again if you still want to.");
    }
    const r = file.returns.find((x) => x.id === award.caseStudyReturnId);
    const wasPublic = publishedCaseStudy(award.id, tx) !== null;
    tx.update(aw)
      .set({ caseStudyApprovedAt: null, caseStudyReturnId: null, version: sql`${aw.version} + 1`, updatedAt: now })
      .where(eq(aw.id, award.id))
      .run();
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "award.case_study_approval_withdrawn",
      entityType: "award",
      entityId: award.id,
      summary: `Approval of the case study${r ? ` from the ${r.title.toLowerCase()}` : ""} withdrawn: ${why}`,
      details: { returnId: award.caseStudyReturnId, reason: why, wasPublic },
    });
    // The organisation hears of it only if its story was on the public page.
    if (wasPublic) {
      const appUrl = getSettings().appUrl;
      for (const member of membersOf(tx, file.application.organisationId)) {
        enqueueEmail(tx, {
          to: member.email,
          template: "case-study-unpublished",
          data: {
            name: member.name,
            organisationName: file.organisation.name,
            projectTitle: r?.projectTitle?.trim() || file.application.title || "your project",
            reason: why,
            publicationUrl: `${appUrl}/awards/${award.id}/publication`,
          },
          dedupeKey: `case-study-unpublished:${award.id}:v${award.version + 1}:${member.id}`,
        });
      }
    }
    return { ok: true, changed: true };
  });
}

// ---------------------------------------------------------------------------------------------
// The grantee's consent
// ---------------------------------------------------------------------------------------------

/**
 * A member of the organisation withdraws consent to publish: every return of the award loses
 * its consent, and the approval is cleared, in one transaction, so the story leaves the public
 * page at once. Staff are told (the place's contact email), as the story may be used elsewhere.
 * Withdrawing again changes nothing. Consent is given again in a return (the return form).
 */
export function withdrawConsent(user: Pick<Viewer, "id" | "organisationIds">, awardId: number, now = new Date()): ModelResult {
  return transaction((tx): ModelResult => {
    const file = awardForGrantee(user, awardId, tx);
    if ("status" in file) return refused(file.status, file.message);
    const { award } = file;
    const consented = file.returns.filter((r) => r.consentToPublish === true);
    const approved = award.caseStudyApprovedAt !== null || award.caseStudyReturnId !== null;
    if (!consented.length && !approved) return { ok: true, changed: false };
    const wasPublic = publishedCaseStudy(award.id, tx) !== null;
    for (const r of consented) {
      tx.update(schema.evaluationReturns)
        .set({ consentToPublish: false, version: sql`${schema.evaluationReturns.version} + 1`, updatedAt: now })
        .where(eq(schema.evaluationReturns.id, r.id))
        .run();
      recordAudit(tx, {
        actorUserId: user.id,
        action: "return.consent_withdrawn",
        entityType: "return",
        entityId: r.id,
        summary: "Consent to publish the story withdrawn",
        details: { awardId: award.id },
      });
    }
    tx.update(aw)
      .set({ caseStudyApprovedAt: null, caseStudyReturnId: null, version: sql`${aw.version} + 1`, updatedAt: now })
      .where(eq(aw.id, award.id))
      .run();
    recordAudit(tx, {
      actorUserId: user.id,
      action: "award.consent_withdrawn",
      entityType: "award",
      entityId: award.id,
      summary: wasPublic ? "Consent to publish withdrawn: the case study was taken off the public page" : "Consent to publish withdrawn",
      details: { returnIds: consented.map((r) => r.id), clearedReturnId: award.caseStudyReturnId, wasPublic },
    });
    const contact = getPlace(tx).contactEmail;
    if (contact) {
      enqueueEmail(tx, {
        to: contact,
        template: "case-study-consent-withdrawn",
        data: {
          organisationName: file.organisation.name,
          reference: file.application.reference ?? "",
          projectTitle: file.application.title ?? "",
          wasPublic,
          staffUrl: `${getSettings().appUrl}/staff/awards/${award.id}/case-study`,
        },
        dedupeKey: `case-study-consent-withdrawn:${award.id}:v${award.version + 1}`,
      });
    }
    return { ok: true, changed: true };
  });
}

/** What the grantee's page says: what is public, and where the story stands. */
export function publicationOf(file: AwardFile, tx: DbOrTx = db) {
  const published = publishedCaseStudy(file.award.id, tx);
  const consented = file.returns.filter((r) => r.consentToPublish === true);
  const state: "published" | "waiting" | "not_consented" = published ? "published" : consented.length ? "waiting" : "not_consented";
  const lastWithdrawal = tx
    .select({ at: schema.auditEvents.at })
    .from(schema.auditEvents)
    .where(and(eq(schema.auditEvents.entityType, "award"), eq(schema.auditEvents.entityId, file.award.id), eq(schema.auditEvents.action, "award.consent_withdrawn")))
    .orderBy(desc(schema.auditEvents.at), desc(schema.auditEvents.id))
    .limit(1)
    .get();
  return {
    isListed: isPublicAward(file.award),
    state,
    publishedFrom: published ? (file.returns.find((r) => r.id === published.returnId)?.title ?? null) : null,
    approvedAt: published?.approvedAt ?? null,
    consentedReturns: consented.map((r) => ({ id: r.id, title: r.title })),
    /** When consent was last withdrawn, if it was and nothing has been consented since. */
    withdrawnAt: !consented.length && lastWithdrawal ? lastWithdrawal.at : null,
  };
}
