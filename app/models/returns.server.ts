// Evaluation returns: the grantee fills a return page by page (saved as they go, like an
// application), submits it when every section is complete, and staff accept it or ask for
// changes (every review kept). Each round sets its schedule of returns; a job reminds grantees
// before a return is due, on the day and while it is overdue. Every rule about who may do what,
// and when, is enforced here on the server:
// - only members of the award's organisation fill a return, and only once the offer is accepted;
//   a declined or withdrawn award's returns are closed;
// - a return can change while not started, in progress or sent back for changes; submitted and
//   accepted returns are read-only;
// - a page that overwrites answers carries a fingerprint of what it showed: a stale save is
//   refused with both versions shown, nothing typed lost.
import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, sql } from "drizzle-orm";
import { RETURN_KIND_LABELS, resultLabel, STORY_FIELDS, type ReturnAttachmentKind, type ScheduleItemInput, type StoryField } from "~/schemas/return";
import { db, schema, transaction, type DbOrTx, type Tx } from "~/utils/db.server";
import { addMonths, formatDate, formatMoney, ukDate } from "~/utils/format";
import { getSettings } from "~/utils/settings.server";
import { fingerprint, membersOf, type Problem, type Refusal, type SaveOutcome } from "./applications.server";
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import { DamagedAttachmentError, MAX_DOCUMENTS, readAttachment, storagePath, storeUpload, type Upload } from "./attachments.server";
import { recordAudit } from "./audit.server";
import { CHANGEABLE_AWARD_STATUSES, completeAwardIfDone, ensureReturns, returnFor, returnSchedule, type AwardFile, type EvaluationReturn, type Viewer } from "./awards.server";
import { enqueueEmail } from "./outbox.server";
import { getPlace } from "./place.server";

const DAY_MS = 24 * 3600 * 1000;

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

export const RETURN_SECTIONS = ["reach", "spend", "results", "story", "documents", "consent"] as const;
export type ReturnSection = (typeof RETURN_SECTIONS)[number];

/** Each section is one page, at /returns/:id/<section>. */
export const RETURN_SECTION_TITLES: Record<ReturnSection, string> = {
  reach: "People reached",
  spend: "Spend",
  results: "Results",
  story: "Your story",
  documents: "Photos and documents",
  consent: "Consent to publish",
};

export const isReturnSection = (value: string): value is ReturnSection => (RETURN_SECTIONS as readonly string[]).includes(value);

/** A return the grantee can still change. */
export const EDITABLE_RETURN_STATUSES: readonly EvaluationReturn["status"][] = ["not_started", "draft", "changes_requested"];
/** A return not yet handed in: reminders are about these. */
const OUTSTANDING: readonly EvaluationReturn["status"][] = EDITABLE_RETURN_STATUSES;

/** Say on every page whether the numbers are for the whole project or so far. */
export function periodText(kind: EvaluationReturn["kind"]): string {
  return kind === "final"
    ? "This is your final return: give the totals for the whole project, from its start to its end."
    : "Give the totals so far: everything since your project started, not just since your last return.";
}

// ---------------------------------------------------------------------------------------------
// Reading a return whole
// ---------------------------------------------------------------------------------------------

export type ReturnDocument = {
  id: number;
  kind: ReturnAttachmentKind;
  name: string;
  mediaType: string;
  sizeBytes: number;
  description: string | null;
  uploadedAt: string;
};

export type ReturnReview = { id: number; outcome: "accepted" | "changes_requested"; comments: string | null; by: string | null; at: string };

export type ReturnFile = {
  ret: EvaluationReturn;
  award: AwardFile;
  /** The wards asked about: the application's wards (and those of its neighbourhoods) first, then any other ward answered. */
  wards: { id: number; name: string; planned: boolean }[];
  groups: { id: number; name: string }[];
  budgetLines: { id: number; item: string; costPence: number }[];
  /** The application's planned outputs and outcomes. */
  planned: { id: number; kind: "output" | "outcome"; description: string; measure: string | null; target: number | null }[];
  reachByArea: Record<number, number>;
  reachByGroup: Record<number, number>;
  spend: Record<number, number>;
  results: Record<number, { actual: number | null; note: string | null }>;
  documents: ReturnDocument[];
  reviews: ReturnReview[];
};

function loadReturnFile(tx: DbOrTx, award: AwardFile, ret: EvaluationReturn): ReturnFile {
  const applicationId = award.application.id;
  const areas = tx
    .select({ id: schema.areas.id, name: schema.areas.name, kind: schema.areas.kind })
    .from(schema.applicationAreas)
    .innerJoin(schema.areas, eq(schema.areas.id, schema.applicationAreas.areaId))
    .where(eq(schema.applicationAreas.applicationId, applicationId))
    .all();
  const neighbourhoods = areas.filter((a) => a.kind === "neighbourhood").map((a) => a.id);
  const wardsOfNeighbourhoods = neighbourhoods.length
    ? tx
        .select({ id: schema.areas.id, name: schema.areas.name })
        .from(schema.areas)
        .where(and(eq(schema.areas.kind, "ward"), inArray(schema.areas.parentId, neighbourhoods)))
        .all()
    : [];
  const plannedWards = new Map<number, string>();
  for (const w of [...areas.filter((a) => a.kind === "ward"), ...wardsOfNeighbourhoods]) plannedWards.set(w.id, w.name);
  const reachRows = tx
    .select({ areaId: schema.returnReachByArea.areaId, people: schema.returnReachByArea.people, name: schema.areas.name })
    .from(schema.returnReachByArea)
    .innerJoin(schema.areas, eq(schema.areas.id, schema.returnReachByArea.areaId))
    .where(eq(schema.returnReachByArea.returnId, ret.id))
    .all();
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const wards = [
    ...[...plannedWards].map(([id, name]) => ({ id, name, planned: true })).sort(byName),
    ...reachRows.filter((r) => !plannedWards.has(r.areaId)).map((r) => ({ id: r.areaId, name: r.name, planned: false })).sort(byName),
  ];
  const groups = tx
    .select({ id: schema.beneficiaryGroups.id, name: schema.beneficiaryGroups.name })
    .from(schema.applicationBeneficiaryGroups)
    .innerJoin(schema.beneficiaryGroups, eq(schema.beneficiaryGroups.id, schema.applicationBeneficiaryGroups.groupId))
    .where(eq(schema.applicationBeneficiaryGroups.applicationId, applicationId))
    .orderBy(asc(schema.beneficiaryGroups.sortOrder))
    .all();
  const budgetLines = tx
    .select({ id: schema.budgetLines.id, item: schema.budgetLines.item, costPence: schema.budgetLines.costPence })
    .from(schema.budgetLines)
    .where(eq(schema.budgetLines.applicationId, applicationId))
    .orderBy(asc(schema.budgetLines.sortOrder), asc(schema.budgetLines.id))
    .all();
  const planned = tx
    .select({
      id: schema.logicModelItems.id,
      kind: schema.logicModelItems.kind,
      description: schema.logicModelItems.description,
      measure: schema.logicModelItems.measure,
      target: schema.logicModelItems.target,
    })
    .from(schema.logicModelItems)
    .where(and(eq(schema.logicModelItems.applicationId, applicationId), inArray(schema.logicModelItems.kind, ["output", "outcome"])))
    .orderBy(asc(schema.logicModelItems.sortOrder), asc(schema.logicModelItems.id))
    .all() as ReturnFile["planned"];
  const record = <K extends string, V>(rows: ({ [key in K]: number } & Record<string, unknown>)[], key: K, value: (r: (typeof rows)[number]) => V) =>
    Object.fromEntries(rows.map((r) => [r[key], value(r)])) as Record<number, V>;
  return {
    ret,
    award,
    wards,
    groups,
    budgetLines,
    planned,
    reachByArea: record(reachRows, "areaId", (r) => r.people as number),
    reachByGroup: record(
      tx.select().from(schema.returnReachByGroup).where(eq(schema.returnReachByGroup.returnId, ret.id)).all(),
      "groupId",
      (r) => r.people as number,
    ),
    spend: record(tx.select().from(schema.returnSpend).where(eq(schema.returnSpend.returnId, ret.id)).all(), "budgetLineId", (r) => r.spentPence as number),
    results: record(tx.select().from(schema.returnResults).where(eq(schema.returnResults.returnId, ret.id)).all(), "logicModelItemId", (r) => ({
      actual: r.actual as number | null,
      note: r.note as string | null,
    })),
    documents: returnDocuments(ret.id, tx),
    reviews: returnReviews(ret.id, tx),
  };
}

/**
 * The return's photos and documents, with each one's description.
 */
export function returnDocuments(returnId: number, tx: DbOrTx = db): ReturnDocument[] {
  const rows = tx
    .select()
    .from(schema.attachments)
    .where(and(eq(schema.attachments.returnId, returnId), isNull(schema.attachments.deletedAt)))
    .orderBy(asc(schema.attachments.id))
    .all();
  return rows.map((a) => ({
    id: a.id,
    kind: a.kind as ReturnAttachmentKind,
    name: a.originalName,
    mediaType: a.mediaType,
    sizeBytes: a.sizeBytes,
    description: a.description,
    uploadedAt: a.createdAt.toISOString(),
  }));
}

export function returnReviews(returnId: number, tx: DbOrTx = db): ReturnReview[] {
  return tx
    .select({ review: schema.returnReviews, by: schema.users.name })
    .from(schema.returnReviews)
    .leftJoin(schema.users, eq(schema.users.id, schema.returnReviews.reviewedById))
    .where(eq(schema.returnReviews.returnId, returnId))
    .orderBy(desc(schema.returnReviews.createdAt), desc(schema.returnReviews.id))
    .all()
    .map((r) => ({ id: r.review.id, outcome: r.review.outcome, comments: r.review.comments, by: r.by, at: r.review.createdAt.toISOString() }));
}

/** The return, if this person may see it (staff, or a member of the award's organisation). */
export function returnFileFor(viewer: Viewer, returnId: number, tx: DbOrTx = db): ReturnFile | Refusal {
  const found = returnFor(viewer, returnId, tx);
  if ("status" in found) return found;
  return loadReturnFile(tx, found.file, found.return);
}

/** The grantee's view: only members of the award's organisation (staff have their own pages). */
export function granteeReturn(user: { id: number; organisationIds: number[] }, returnId: number, tx: DbOrTx = db): ReturnFile | Refusal {
  return returnFileFor({ id: user.id, organisationIds: user.organisationIds, isStaff: false }, returnId, tx);
}

/** Staff's view of any return. */
export function staffReturn(returnId: number, tx: DbOrTx = db): ReturnFile | undefined {
  const found = returnFileFor({ id: 0, organisationIds: [], isStaff: true }, returnId, tx);
  return "status" in found ? undefined : found;
}

/** Why the grantee cannot change this return now, or null if they can. */
export function whyReturnNotEditable(file: Pick<ReturnFile, "ret" | "award">): string | null {
  switch (file.award.award.status) {
    case "offered":
      return "You can start your returns once you accept the offer.";
    case "declined":
      return "Your organisation declined this offer, so its returns are closed.";
    case "withdrawn":
      return "This award has been withdrawn, so its returns are closed.";
    case "completed":
      return "This award is complete, so its returns are closed.";
    case "accepted":
      break;
  }
  if (file.ret.status === "submitted") {
    return "You have submitted this return, so it cannot be changed. If staff ask for changes, you can change it again.";
  }
  if (file.ret.status === "accepted") return "Staff have accepted this return, so it cannot be changed.";
  return null;
}

/** The award is withdrawn or declined: its returns are closed (no reminders, nothing to do). */
export const returnIsClosed = (file: Pick<ReturnFile, "award">) => ["declined", "withdrawn"].includes(file.award.award.status);

// ---------------------------------------------------------------------------------------------
// What is missing, section by section
// ---------------------------------------------------------------------------------------------

export function returnSectionProblems(file: ReturnFile, section: ReturnSection): Problem[] {
  const r = file.ret;
  const out: Problem[] = [];
  const need = (ok: unknown, text: string, field?: string) => {
    if (!ok) out.push({ page: section, text, field });
  };
  switch (section) {
    case "reach": {
      need(r.peopleReached !== null, "Enter the total number of people reached", "peopleReached");
      for (const w of file.wards) {
        if (w.planned) need(w.id in file.reachByArea, `Enter the number of people reached in ${w.name}, or 0`, `ward_${w.id}`);
      }
      for (const g of file.groups) need(g.id in file.reachByGroup, `Enter the number of people reached: ${g.name}, or 0`, `group_${g.id}`);
      need(r.activitiesDelivered, "Describe the activities delivered", "activitiesDelivered");
      const byWard = Object.values(file.reachByArea).reduce((a, b) => a + b, 0);
      if (r.peopleReached !== null) {
        need(byWard <= r.peopleReached, "Total people reached must be at least the people reached in all the wards added together", "peopleReached");
      }
      break;
    }
    case "spend":
      for (const line of file.budgetLines) need(line.id in file.spend, `Enter how much you have spent so far on ${line.item}, or 0`, `line_${line.id}`);
      break;
    case "results":
      for (const item of file.planned) {
        need(file.results[item.id]?.actual !== undefined && file.results[item.id]?.actual !== null, `Enter the actual value for ${resultLabel(item)}`, `actual_${item.id}`);
      }
      break;
    case "story":
      for (const field of STORY_FIELDS) if (field.required) need(r[field.name], field.required, field.name);
      break;
    case "documents":
      for (const d of file.documents) if (d.kind === "photo") need(d.description, `Describe what the photo ${d.name} shows`, "file");
      break;
    case "consent":
      need(r.consentToPublish !== null, "Select whether we may publish your story", "consent");
      break;
  }
  return out;
}

function hasAnything(file: ReturnFile, section: ReturnSection): boolean {
  const r = file.ret;
  switch (section) {
    case "reach":
      return r.peopleReached !== null || Boolean(r.activitiesDelivered) || Object.keys(file.reachByArea).length + Object.keys(file.reachByGroup).length > 0;
    case "spend":
      return Object.keys(file.spend).length > 0;
    case "results":
      return Object.keys(file.results).length > 0;
    case "story":
      return STORY_FIELDS.some((f) => r[f.name]);
    case "documents":
      return file.documents.length > 0;
    case "consent":
      return r.consentToPublish !== null;
  }
}

export type SectionStatus = "completed" | "in_progress" | "not_started";

/** Completed when the grantee said so ("Save and continue") and nothing is missing. */
export function returnSectionStatus(file: ReturnFile, section: ReturnSection): SectionStatus {
  const done = file.ret.completedSections.includes(section);
  if (done && returnSectionProblems(file, section).length === 0) return "completed";
  if (done || hasAnything(file, section)) return "in_progress";
  return "not_started";
}

/** Everything missing before the return can be submitted, each linking to its page. */
export function allReturnProblems(file: ReturnFile): (Problem & { section: ReturnSection })[] {
  return RETURN_SECTIONS.flatMap((section) => {
    const problems = returnSectionProblems(file, section);
    if (!problems.length && !file.ret.completedSections.includes(section)) {
      problems.push({ page: section, text: `Complete the "${RETURN_SECTION_TITLES[section]}" section` });
    }
    return problems.map((p) => ({ ...p, section }));
  });
}

// ---------------------------------------------------------------------------------------------
// Saving a page
// ---------------------------------------------------------------------------------------------

/** The fingerprint of the answers a page showed. */
export const returnPageFingerprint = (saved: { question: string; answer: string }[]) => fingerprint({ saved });

export const returnPath = (returnId: number, page = "") => `/returns/${returnId}${page ? `/${page}` : ""}`;

/**
 * Saves one page of a return in one transaction: re-reads the return, refuses a non-member, a
 * return that cannot change now, or a page whose answers someone else changed since it was
 * shown (`seen`, a fingerprint of `shown`); writes; and marks the section complete when the
 * person chose "Save and continue" and nothing is missing. The first save starts the return.
 */
export function saveReturnPage(options: {
  user: { id: number; organisationIds: number[] };
  returnId: number;
  section: ReturnSection;
  intent: "continue" | "later";
  seen: string | null;
  shown?: (file: ReturnFile) => { question: string; answer: string }[];
  write: (tx: Tx, file: ReturnFile) => void;
  /** Where to go after a "later" save, instead of the task list. */
  redirectTo?: string;
  now?: Date;
}): SaveOutcome {
  const now = options.now ?? new Date();
  return transaction((tx): SaveOutcome => {
    const file = granteeReturn(options.user, options.returnId, tx);
    if ("status" in file && "message" in file) return { ok: false, kind: "refused", message: file.message };
    const why = whyReturnNotEditable(file);
    if (why) return { ok: false, kind: "refused", message: why };
    if (options.shown) {
      const saved = options.shown(file);
      const current = returnPageFingerprint(saved);
      if (options.seen !== current) return { ok: false, kind: "conflict", saved, fingerprint: current };
    }
    options.write(tx, file);
    const after = loadReturnFile(tx, file.award, tx.select().from(schema.evaluationReturns).where(eq(schema.evaluationReturns.id, file.ret.id)).get()!);
    const section = options.section;
    const problems = returnSectionProblems(after, section);
    let completed = after.ret.completedSections.filter((s) => s !== section);
    if (options.intent === "continue" ? problems.length === 0 : file.ret.completedSections.includes(section) && problems.length === 0) {
      completed = [...completed, section];
    }
    const starting = file.ret.status === "not_started";
    tx.update(schema.evaluationReturns)
      .set({
        completedSections: completed,
        status: starting ? "draft" : file.ret.status,
        version: sql`${schema.evaluationReturns.version} + 1`,
        updatedAt: now,
      })
      .where(eq(schema.evaluationReturns.id, file.ret.id))
      .run();
    if (starting) {
      recordAudit(tx, { actorUserId: options.user.id, action: "return.started", entityType: "return", entityId: file.ret.id, summary: "Started" });
    }
    // The page itself is saved; the section is not complete yet. Say what is missing.
    if (options.intent === "continue" && problems.length) return { ok: false, kind: "incomplete", problems };
    const base = returnPath(file.ret.id);
    return { ok: true, redirectTo: options.intent === "later" ? (options.redirectTo ?? `${base}?notice=return-saved`) : base };
  });
}

/** Replaces a return's rows in one of its child tables. */
export function replaceReturnRows(
  tx: Tx,
  table: typeof schema.returnReachByArea | typeof schema.returnReachByGroup | typeof schema.returnSpend | typeof schema.returnResults,
  returnId: number,
  rows: Record<string, unknown>[],
) {
  tx.delete(table).where(eq(table.returnId, returnId)).run();
  if (rows.length) tx.insert(table).values(rows.map((r) => ({ ...r, returnId })) as never).run();
}

/** What each overwriting page shows as saved: its fingerprint travels with the page. */
export const RETURN_PAGE_SHOWN: Record<Exclude<ReturnSection, "documents">, (file: ReturnFile) => { question: string; answer: string }[]> = {
  reach: (file) => [
    { question: "Total people reached", answer: file.ret.peopleReached === null ? "" : String(file.ret.peopleReached) },
    ...file.wards.map((w) => ({ question: `People reached in ${w.name}`, answer: w.id in file.reachByArea ? String(file.reachByArea[w.id]) : "" })),
    ...file.groups.map((g) => ({ question: `People reached: ${g.name}`, answer: g.id in file.reachByGroup ? String(file.reachByGroup[g.id]) : "" })),
    { question: "Activities delivered", answer: file.ret.activitiesDelivered ?? "" },
  ],
  spend: (file) =>
    file.budgetLines.map((l) => ({ question: `Spent so far on ${l.item}`, answer: l.id in file.spend ? formatMoney(file.spend[l.id]!) : "" })),
  results: (file) =>
    file.planned.flatMap((item) => [
      { question: `Actual value for ${resultLabel(item)}`, answer: file.results[item.id]?.actual?.toString() ?? "" },
      { question: `Note about ${resultLabel(item)}`, answer: file.results[item.id]?.note ?? "" },
    ]),
  story: (file) => STORY_FIELDS.map((f) => ({ question: f.label, answer: file.ret[f.name] ?? "" })),
  consent: (file) => [
    { question: "Publish our story", answer: file.ret.consentToPublish === null ? "" : file.ret.consentToPublish ? "Yes" : "No" },
  ],
};

export type SectionInput =
  | { section: "reach"; peopleReached: number | null; activitiesDelivered: string; wards: Record<number, number | null>; groups: Record<number, number | null> }
  | { section: "spend"; lines: Record<number, number | null> }
  | { section: "results"; items: Record<number, { actual: number | null; note: string }> }
  | { section: "story"; values: Record<StoryField, string> }
  | { section: "consent"; consent: boolean | null };

/** Writes one page's answers. Ids not of this return's application (or, for wards, not wards) are ignored. */
function writeSection(tx: Tx, file: ReturnFile, input: SectionInput) {
  const id = file.ret.id;
  const returns = schema.evaluationReturns;
  switch (input.section) {
    case "reach": {
      const wardIds = new Set(
        tx.select({ id: schema.areas.id }).from(schema.areas).where(eq(schema.areas.kind, "ward")).all().map((w) => w.id),
      );
      const groupIds = new Set(file.groups.map((g) => g.id));
      replaceReturnRows(
        tx,
        schema.returnReachByArea,
        id,
        Object.entries(input.wards)
          .filter(([areaId, people]) => people !== null && wardIds.has(Number(areaId)))
          .map(([areaId, people]) => ({ areaId: Number(areaId), people })),
      );
      replaceReturnRows(
        tx,
        schema.returnReachByGroup,
        id,
        Object.entries(input.groups)
          .filter(([groupId, people]) => people !== null && groupIds.has(Number(groupId)))
          .map(([groupId, people]) => ({ groupId: Number(groupId), people })),
      );
      tx.update(returns).set({ peopleReached: input.peopleReached, activitiesDelivered: input.activitiesDelivered || null }).where(eq(returns.id, id)).run();
      break;
    }
    case "spend": {
      const lines = new Set(file.budgetLines.map((l) => l.id));
      replaceReturnRows(
        tx,
        schema.returnSpend,
        id,
        Object.entries(input.lines)
          .filter(([lineId, pence]) => pence !== null && lines.has(Number(lineId)))
          .map(([lineId, spentPence]) => ({ budgetLineId: Number(lineId), spentPence })),
      );
      break;
    }
    case "results": {
      const items = new Set(file.planned.map((i) => i.id));
      replaceReturnRows(
        tx,
        schema.returnResults,
        id,
        Object.entries(input.items)
          .filter(([itemId, v]) => items.has(Number(itemId)) && (v.actual !== null || v.note))
          .map(([itemId, v]) => ({ logicModelItemId: Number(itemId), actual: v.actual, note: v.note || null })),
      );
      break;
    }
    case "story":
      tx.update(returns)
        .set(Object.fromEntries(STORY_FIELDS.map((f) => [f.name, input.values[f.name]?.trim() || null])))
        .where(eq(returns.id, id))
        .run();
      break;
    case "consent":
      tx.update(returns).set({ consentToPublish: input.consent }).where(eq(returns.id, id)).run();
      break;
  }
}

/** Saves one of the pages that overwrite answers (every section but the documents). */
export function saveReturnSection(
  user: { id: number; organisationIds: number[] },
  returnId: number,
  input: SectionInput,
  options: { intent: "continue" | "later"; seen: string | null; redirectTo?: string; now?: Date },
): SaveOutcome {
  return saveReturnPage({
    user,
    returnId,
    section: input.section,
    intent: options.intent,
    seen: options.seen,
    shown: RETURN_PAGE_SHOWN[input.section],
    write: (tx, file) => writeSection(tx, file, input),
    redirectTo: options.redirectTo,
    now: options.now,
  });
}

// ---------------------------------------------------------------------------------------------
// Photos and documents
// ---------------------------------------------------------------------------------------------

export type ReturnAttachmentOutcome =
  | (Extract<SaveOutcome, { ok: true }> & { attachmentId: number })
  | Exclude<SaveOutcome, { ok: true }>
  | { ok: false; kind: "invalid"; errors: Record<string, string> };

/**
 * Adds a photo or document to a return. Who may, and when, is checked before the file is kept
 * and again in the transaction that writes its row. A photo needs a short description. The same
 * file again on the same return (a double click on "Upload file") is kept once: the answer is
 * the same, with no second row and no second audit event.
 */
export async function addReturnAttachment(
  user: { id: number; organisationIds: number[] },
  returnId: number,
  input: { kind: string; description: string; file: Upload | File },
  options: { intent?: "continue" | "later"; now?: Date } = {},
): Promise<ReturnAttachmentOutcome> {
  if (input.kind !== "photo" && input.kind !== "other") return { ok: false, kind: "invalid", errors: { kind: "Select whether it is a photo or another document" } };
  const description = input.description.trim();
  if (input.kind === "photo" && !description) return { ok: false, kind: "invalid", errors: { description: "Describe what the photo shows" } };
  const found = granteeReturn(user, returnId);
  if ("status" in found && "message" in found) return { ok: false, kind: "refused", message: found.message };
  const why = whyReturnNotEditable(found);
  if (why) return { ok: false, kind: "refused", message: why };
  if (found.documents.length >= MAX_DOCUMENTS) {
    return { ok: false, kind: "invalid", errors: { file: `You can upload up to ${MAX_DOCUMENTS} photos and documents. Remove one to upload another` } };
  }
  const stored = await storeUpload(input.file);
  if (!stored.ok) return { ok: false, kind: "invalid", errors: { file: stored.message } };
  if (input.kind === "photo" && !stored.stored.mediaType.startsWith("image/")) {
    return { ok: false, kind: "invalid", errors: { file: "The selected photo must be a JPG or PNG" } };
  }
  let attachmentId = 0;
  const outcome = saveReturnPage({
    user,
    returnId,
    section: "documents",
    intent: options.intent ?? "later",
    seen: null,
    now: options.now,
    write: (tx, current) => {
      const same = tx
        .select({ id: schema.attachments.id })
        .from(schema.attachments)
        .where(and(eq(schema.attachments.returnId, returnId), eq(schema.attachments.sha256, stored.stored.sha256), isNull(schema.attachments.deletedAt)))
        .get();
      if (same) {
        attachmentId = same.id;
        return;
      }
      attachmentId = tx
        .insert(schema.attachments)
        .values({ ...stored.stored, returnId, organisationId: current.award.organisation.id, kind: input.kind as ReturnAttachmentKind, description: description || null, uploadedById: user.id })
        .returning({ id: schema.attachments.id })
        .get().id;
      recordAudit(tx, {
        actorUserId: user.id,
        action: "attachment.uploaded",
        entityType: "return",
        entityId: returnId,
        summary: stored.stored.originalName,
        details: { attachmentId, kind: input.kind, description: description || null, sha256: stored.stored.sha256, sizeBytes: stored.stored.sizeBytes },
      });
    },
  });
  return outcome.ok ? { ...outcome, attachmentId } : outcome;
}

/** Removes a photo or document from a return (the row is marked deleted; a second click changes nothing). */
export function removeReturnAttachment(user: { id: number; organisationIds: number[] }, returnId: number, attachmentId: number, now = new Date()): SaveOutcome {
  return saveReturnPage({
    user,
    returnId,
    section: "documents",
    intent: "later",
    seen: null,
    now,
    write: (tx) => {
      const removed = tx
        .update(schema.attachments)
        .set({ deletedAt: now })
        .where(and(eq(schema.attachments.id, attachmentId), eq(schema.attachments.returnId, returnId), isNull(schema.attachments.deletedAt)))
        .returning({ name: schema.attachments.originalName })
        .get();
      if (removed) {
        recordAudit(tx, { actorUserId: user.id, action: "attachment.removed", entityType: "return", entityId: returnId, summary: removed.name, details: { attachmentId } });
      }
    },
  });
}

/**
 * A photo or document of a return, for members of the award's organisation, and for staff only
 * as submitted: the files of the copy staff read (see staffReading), so nothing uploaded after
 * the last submission (staff do not read drafts), and a file removed since that submission is
 * still there for them. 404 for a file that is not this return's (or was removed, for members).
 */
export async function returnAttachmentForDownload(viewer: Viewer, returnId: number, attachmentId: number) {
  const found = returnFor(viewer, returnId);
  if ("status" in found) return found;
  const notFound = { status: 404, message: "Page not found." } satisfies Refusal;
  const member = viewer.organisationIds.includes(found.file.application.organisationId);
  if (member) {
    const read = await readAttachment(attachmentId);
    if (!read || read.attachment.returnId !== returnId) return notFound;
    return read;
  }
  const reading = staffReading(loadReturnFile(db, found.file, found.return));
  if (!reading?.copy?.documents.some((d) => d.id === attachmentId)) return notFound;
  const read = await readSubmittedAttachment(attachmentId);
  if (!read || read.attachment.returnId !== returnId) return notFound;
  return read;
}

/** Like readAttachment, but also a file removed since it was submitted (its bytes are kept). */
async function readSubmittedAttachment(id: number) {
  const attachment = db.select().from(schema.attachments).where(eq(schema.attachments.id, id)).get();
  if (!attachment) return null;
  if (!attachment.deletedAt) return readAttachment(id);
  const bytes = await fs.readFile(storagePath(attachment.storageKey)).catch((error: NodeJS.ErrnoException) => {
    throw new DamagedAttachmentError(`Attachment ${id}: its file cannot be read (${error.code ?? error.message})`);
  });
  if (bytes.byteLength !== attachment.sizeBytes || createHash("sha256").update(bytes).digest("hex") !== attachment.sha256) {
    throw new DamagedAttachmentError(`Attachment ${id}: its file does not match the checksum recorded when it was uploaded`);
  }
  return { attachment, bytes };
}

// ---------------------------------------------------------------------------------------------
// The answers, as people read them: check answers, staff, the receipt
// ---------------------------------------------------------------------------------------------

export type ReturnAnswerGroup = { section: ReturnSection; title: string; rows: { question: string; answer: string; page: string }[] };

const number = (n: number) => n.toLocaleString("en-GB");

export function returnAnswerGroups(file: ReturnFile): ReturnAnswerGroup[] {
  const r = file.ret;
  const dash = (v: string | null | undefined) => v || "Not answered";
  const count = (v: number | undefined | null) => (v === undefined || v === null ? "Not answered" : number(v));
  const groups: Record<ReturnSection, () => ReturnAnswerGroup["rows"]> = {
    reach: () => [
      { question: "Total people reached", answer: count(r.peopleReached), page: "reach" },
      ...file.wards.map((w) => ({ question: `People reached in ${w.name}`, answer: count(file.reachByArea[w.id]), page: "reach" })),
      ...file.groups.map((g) => ({ question: `People reached: ${g.name}`, answer: count(file.reachByGroup[g.id]), page: "reach" })),
      { question: "Activities delivered", answer: dash(r.activitiesDelivered), page: "reach" },
    ],
    spend: () =>
      file.budgetLines.length
        ? [
            ...file.budgetLines.map((l) => ({
              question: `Spent so far on ${l.item}`,
              answer: l.id in file.spend ? `${formatMoney(file.spend[l.id]!)} of ${formatMoney(l.costPence)} budgeted` : "Not answered",
              page: "spend",
            })),
            {
              question: "Total spent so far",
              answer: `${formatMoney(Object.values(file.spend).reduce((a, b) => a + b, 0))} of ${formatMoney(file.budgetLines.reduce((a, l) => a + l.costPence, 0))} budgeted`,
              page: "spend",
            },
          ]
        : [{ question: "Spend", answer: "The application had no budget lines", page: "spend" }],
    results: () =>
      file.planned.length
        ? file.planned.map((item) => {
            const got = file.results[item.id];
            return {
              question: `Actual value for ${resultLabel(item)}`,
              answer: [
                got?.actual === undefined || got?.actual === null ? "Not answered" : number(got.actual),
                item.target !== null ? `Target: ${number(item.target)}` : null,
                `${item.kind === "output" ? "Output" : "Outcome"}: ${item.description}`,
                got?.note ? `Note: ${got.note}` : null,
              ]
                .filter(Boolean)
                .join("\n"),
              page: "results",
            };
          })
        : [{ question: "Results", answer: "The application planned no outputs or outcomes", page: "results" }],
    story: () => STORY_FIELDS.map((f) => ({ question: f.label, answer: f.required ? dash(r[f.name]) : r[f.name] || "None", page: "story" })),
    documents: () =>
      file.documents.length
        ? file.documents.map((d) => ({
            question: d.kind === "photo" ? "Photo" : "Document",
            answer: d.description ? `${d.name}\n${d.description}` : d.name,
            page: "documents",
          }))
        : [{ question: "Photos and documents", answer: "None uploaded", page: "documents" }],
    consent: () => [
      {
        question: "Publish our story",
        answer: r.consentToPublish === null ? "Not answered" : r.consentToPublish ? "Yes, you may publish our story" : "No, do not publish our story",
        page: "consent",
      },
    ],
  };
  return RETURN_SECTIONS.map((section) => ({ section, title: RETURN_SECTION_TITLES[section], rows: groups[section]() }));
}

/** What staff read of a return: every answer, spend against the budget, results against the targets, the files. */
export type ReturnReading = {
  groups: ReturnAnswerGroup[];
  spend: { item: string; budget: string; spent: string; left: string }[];
  spendTotal: { budget: string; spent: string };
  results: { id: number; kind: string; description: string; measure: string; target: string; actual: string; note: string }[];
  documents: ReturnDocument[];
};

export function returnReading(file: ReturnFile): ReturnReading {
  const count = (n: number | null | undefined) => (n === null || n === undefined ? "Not answered" : number(n));
  return {
    groups: returnAnswerGroups(file),
    spend: file.budgetLines.map((l) => ({
      item: l.item,
      budget: formatMoney(l.costPence),
      spent: l.id in file.spend ? formatMoney(file.spend[l.id]!) : "Not answered",
      left: l.id in file.spend ? formatMoney(l.costPence - file.spend[l.id]!) : "",
    })),
    spendTotal: {
      budget: formatMoney(file.budgetLines.reduce((a, l) => a + l.costPence, 0)),
      spent: formatMoney(Object.values(file.spend).reduce((a, b) => a + b, 0)),
    },
    results: file.planned.map((i) => ({
      id: i.id,
      kind: i.kind === "output" ? "Output" : "Outcome",
      description: i.description,
      measure: resultLabel(i),
      target: count(i.target),
      actual: count(file.results[i.id]?.actual),
      note: file.results[i.id]?.note ?? "",
    })),
    documents: file.documents,
  };
}

/** The latest submission as recorded with its "return.submitted" audit event. */
type Submission = { at: Date; checkedVersion?: number; copy?: ReturnReading };

function lastSubmission(returnId: number, tx: DbOrTx = db): Submission | null {
  const event = tx
    .select({ at: schema.auditEvents.at, details: schema.auditEvents.details })
    .from(schema.auditEvents)
    .where(and(eq(schema.auditEvents.entityType, "return"), eq(schema.auditEvents.entityId, returnId), eq(schema.auditEvents.action, "return.submitted")))
    .orderBy(desc(schema.auditEvents.at), desc(schema.auditEvents.id))
    .limit(1)
    .get();
  if (!event) return null;
  const details = (event.details ?? {}) as { checkedVersion?: number; copy?: ReturnReading };
  return { at: event.at, checkedVersion: details.checkedVersion, copy: details.copy };
}

/**
 * What staff read of a return: nothing before its first submission; while it is submitted or
 * accepted, its answers (which cannot change then); and while the grantee changes it again
 * (changes asked for), the copy they last submitted, kept with that submission, so staff never
 * read a draft. `copy` is null only for a return submitted before copies were kept.
 */
export function staffReading(file: ReturnFile, tx: DbOrTx = db): { submittedAt: string; asSubmitted: boolean; copy: ReturnReading | null } | null {
  const r = file.ret;
  if (!r.submittedAt) return null;
  if (r.status === "submitted" || r.status === "accepted") return { submittedAt: r.submittedAt.toISOString(), asSubmitted: false, copy: returnReading(file) };
  return { submittedAt: r.submittedAt.toISOString(), asSubmitted: true, copy: lastSubmission(r.id, tx)?.copy ?? null };
}

// ---------------------------------------------------------------------------------------------
// Submitting
// ---------------------------------------------------------------------------------------------

export type SubmitReturnResult =
  | { ok: true; already: boolean }
  | { ok: false; kind: "refused"; status: 403 | 404 | 409; message: string; stale?: boolean }
  | { ok: false; kind: "incomplete"; problems: (Problem & { section: ReturnSection })[] };

/**
 * Submits a complete return: in one transaction its status, who and when, the audit event (with
 * a copy of the answers as submitted, which staff read while the grantee changes them again), a
 * receipt with a copy of the answers to every member and a note to the place's contact email.
 * `version` is the return's version the check page showed: if the answers changed since, nothing
 * is submitted (409). A second submit of the same version (a double click, the form sent twice)
 * changes and sends nothing.
 */
export function submitReturn(
  user: { id: number; organisationIds: number[] },
  returnId: number,
  input: { version: number },
  now = new Date(),
): SubmitReturnResult {
  return transaction((tx): SubmitReturnResult => {
    const file = granteeReturn(user, returnId, tx);
    if ("status" in file && "message" in file) return { ok: false, kind: "refused", status: file.status, message: file.message };
    const r = file.ret;
    if (r.status === "submitted" || r.status === "accepted") {
      // A second click, or the same form sent twice: the first submission stands.
      const last = lastSubmission(r.id, tx);
      if (!last || last.checkedVersion === undefined || last.checkedVersion === input.version) return { ok: true, already: true };
    }
    const why = whyReturnNotEditable(file);
    if (why) return { ok: false, kind: "refused", status: 409, message: why };
    // Something missing: say what (whatever page it came from), before anything else.
    const problems = allReturnProblems(file);
    if (problems.length) return { ok: false, kind: "incomplete", problems };
    if (r.version !== input.version) {
      return { ok: false, kind: "refused", status: 409, stale: true, message: "The return changed since you checked it: check it again" };
    }

    const resubmitted = r.status === "changes_requested";
    const version = r.version + 1;
    tx.update(schema.evaluationReturns)
      .set({ status: "submitted", submittedAt: now, submittedById: user.id, version, updatedAt: now })
      .where(eq(schema.evaluationReturns.id, r.id))
      .run();
    recordAudit(tx, {
      actorUserId: user.id,
      action: "return.submitted",
      entityType: "return",
      entityId: r.id,
      summary: resubmitted ? "Submitted again with changes" : "Submitted",
      details: { awardId: file.award.award.id, version, checkedVersion: r.version, copy: returnReading(file) },
    });
    const { appUrl } = getSettings();
    const about = aboutReturn(file);
    const groups = returnAnswerGroups(file).map((g) => ({ title: g.title, rows: g.rows.map(({ question, answer }) => ({ question, answer })) }));
    for (const member of membersOf(tx, file.award.organisation.id)) {
      enqueueEmail(tx, {
        to: member.email,
        template: "return-submitted",
        data: { ...about, name: member.name, submittedAt: now.toISOString(), resubmitted, viewUrl: `${appUrl}${returnPath(r.id)}`, groups },
        dedupeKey: `return-submitted:${r.id}:${version}:${member.id}`,
      });
    }
    const contact = getPlace(tx).contactEmail;
    if (contact) {
      enqueueEmail(tx, {
        to: contact,
        template: "return-submitted-staff",
        data: { ...about, submittedAt: now.toISOString(), resubmitted, reviewUrl: `${appUrl}/staff/returns/${r.id}` },
        dedupeKey: `return-submitted-staff:${r.id}:${version}`,
      });
    }
    return { ok: true, already: false };
  });
}

/** What every email about a return names. */
function aboutReturn(file: Pick<ReturnFile, "ret" | "award">) {
  return {
    returnTitle: file.ret.title,
    reference: file.award.application.reference ?? "",
    projectTitle: file.award.application.title ?? "",
    organisationName: file.award.organisation.name,
    dueDate: file.ret.dueDate,
  };
}

// ---------------------------------------------------------------------------------------------
// Staff review
// ---------------------------------------------------------------------------------------------

export type ReviewResult =
  | { ok: true; already: boolean }
  | { ok: false; status: 403 | 404 | 409; message: string; stale?: boolean };

/**
 * Staff accept a submitted return, or ask for changes with comments (the return opens again
 * for the grantee). Every review is kept. `version` is the return's version the page showed:
 * if it changed meanwhile, nothing is saved (409). The same review sent twice is saved once.
 */
export function reviewReturn(
  staff: { id: number; isStaff: boolean },
  returnId: number,
  input: { outcome: "accepted" | "changes_requested"; comments: string | null; version: number },
  now = new Date(),
): ReviewResult {
  if (!staff.isStaff) return { ok: false, status: 403, message: "Only staff can review a return." };
  const comments = input.comments?.trim() || null;
  return transaction((tx): ReviewResult => {
    const file = staffReturn(returnId, tx);
    if (!file) return { ok: false, status: 404, message: "Page not found." };
    const why = whyNotReviewable(file);
    if (why) return { ok: false, status: 409, message: why };
    const r = file.ret;
    if (r.version !== input.version) {
      const last = tx.select().from(schema.returnReviews).where(eq(schema.returnReviews.returnId, r.id)).orderBy(desc(schema.returnReviews.id)).limit(1).get();
      const repeat = last && last.reviewedById === staff.id && last.outcome === input.outcome && (last.comments ?? null) === comments && r.version === input.version + 1;
      if (repeat) return { ok: true, already: true };
      return { ok: false, status: 409, stale: true, message: "The return changed after you opened this page, so your review was not saved. Read it again, then save your review." };
    }
    if (r.status !== "submitted") return { ok: false, status: 409, message: "Only a submitted return can be reviewed." };
    if (input.outcome === "changes_requested" && !comments) return { ok: false, status: 409, message: "Tell the grantee what to change." };
    const review = tx
      .insert(schema.returnReviews)
      .values({ returnId: r.id, outcome: input.outcome, comments, reviewedById: staff.id, createdAt: now })
      .returning()
      .get();
    const accepted = input.outcome === "accepted";
    tx.update(schema.evaluationReturns)
      .set({ status: input.outcome, acceptedAt: accepted ? now : r.acceptedAt, version: r.version + 1, updatedAt: now })
      .where(eq(schema.evaluationReturns.id, r.id))
      .run();
    recordAudit(tx, {
      actorUserId: staff.id,
      action: accepted ? "return.accepted" : "return.changes_requested",
      entityType: "return",
      entityId: r.id,
      summary: comments ?? (accepted ? "Accepted" : "Changes asked for"),
      details: { reviewId: review.id, awardId: file.award.award.id },
    });
    // The last return accepted, with nothing left to pay: the award is complete.
    if (accepted) completeAwardIfDone(tx, file.award.award.id, staff.id, now);
    const { appUrl } = getSettings();
    for (const member of membersOf(tx, file.award.organisation.id)) {
      enqueueEmail(tx, {
        to: member.email,
        template: "return-reviewed",
        data: { ...aboutReturn(file), name: member.name, outcome: input.outcome, comments, viewUrl: `${appUrl}${returnPath(r.id)}` },
        dedupeKey: `return-reviewed:${r.id}:${review.id}:${member.id}`,
      });
    }
    return { ok: true, already: false };
  });
}

/** Staff review a return only of an award that is accepted (or completed): not one declined or withdrawn. */
export function whyNotReviewable(file: Pick<ReturnFile, "award">): string | null {
  const status = file.award.award.status;
  if (status === "accepted" || status === "completed") return null;
  if (status === "offered") return "The offer has not been accepted yet, so its returns cannot be reviewed.";
  return `This award was ${status}, so its returns are closed and cannot be reviewed.`;
}

/** Submissions and reviews, newest first: the return's history for staff. */
export function returnHistory(returnId: number, tx: DbOrTx = db) {
  const TITLES: Record<string, string> = {
    "return.started": "Started",
    "return.submitted": "Submitted",
    "return.accepted": "Accepted",
    "return.changes_requested": "Changes asked for",
    "return.reminder_sent": "Reminder sent",
    "return.due_date_changed": "Due date changed",
  };
  return tx
    .select({ at: schema.auditEvents.at, action: schema.auditEvents.action, summary: schema.auditEvents.summary, by: schema.users.name })
    .from(schema.auditEvents)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditEvents.actorUserId))
    .where(and(eq(schema.auditEvents.entityType, "return"), eq(schema.auditEvents.entityId, returnId), inArray(schema.auditEvents.action, Object.keys(TITLES))))
    .orderBy(desc(schema.auditEvents.at), desc(schema.auditEvents.id))
    .all()
    .map((e) => ({
      at: e.at.toISOString(),
      title: e.action === "return.submitted" && e.summary !== "Submitted" ? "Submitted again with changes" : TITLES[e.action]!,
      by: e.by,
      message: ["return.accepted", "return.changes_requested", "return.reminder_sent", "return.due_date_changed"].includes(e.action) && e.summary !== "Accepted" ? e.summary : null,
    }));
}

// ---------------------------------------------------------------------------------------------
// Staff's list of returns
// ---------------------------------------------------------------------------------------------

export const RETURN_FILTERS = {
  review: "Waiting for review",
  overdue: "Overdue",
  "due-soon": "Due in the next 30 days",
  all: "All",
} as const;
export type ReturnFilter = keyof typeof RETURN_FILTERS;

export function staffReturnList(filter: ReturnFilter, now = new Date()) {
  const today = ukDate(0, now);
  const in30 = ukDate(30, now);
  const r = schema.evaluationReturns;
  const outstanding = and(eq(schema.awards.status, "accepted"), inArray(r.status, [...OUTSTANDING]));
  const where = {
    // Closed returns (of a declined or withdrawn award) wait for nobody.
    review: and(eq(r.status, "submitted"), inArray(schema.awards.status, ["accepted", "completed"])),
    overdue: and(outstanding, sql`${r.dueDate} < ${today}`),
    "due-soon": and(outstanding, sql`${r.dueDate} >= ${today}`, lte(r.dueDate, in30)),
    all: undefined,
  }[filter];
  return db
    .select({
      id: r.id,
      title: r.title,
      kind: r.kind,
      dueDate: r.dueDate,
      status: r.status,
      submittedAt: r.submittedAt,
      awardId: schema.awards.id,
      awardStatus: schema.awards.status,
      reference: schema.applications.reference,
      projectTitle: schema.applications.title,
      organisationName: schema.organisations.name,
    })
    .from(r)
    .innerJoin(schema.awards, eq(schema.awards.id, r.awardId))
    .innerJoin(schema.applications, eq(schema.applications.id, schema.awards.applicationId))
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
    .where(where)
    .orderBy(asc(r.dueDate), asc(schema.applications.reference), asc(r.id))
    .all()
    .map((row) => ({
      ...row,
      submittedAt: row.submittedAt?.toISOString() ?? null,
      overdue: row.awardStatus === "accepted" && OUTSTANDING.includes(row.status) && row.dueDate < today,
    }));
}

export function staffReturnCounts(now = new Date()): Record<ReturnFilter, number> {
  return Object.fromEntries((Object.keys(RETURN_FILTERS) as ReturnFilter[]).map((f) => [f, staffReturnList(f, now).length])) as Record<ReturnFilter, number>;
}

// ---------------------------------------------------------------------------------------------
// A round's return schedule
// ---------------------------------------------------------------------------------------------

export type ScheduleView = {
  cycle: { id: number; name: string; programmeSlug: string };
  items: (typeof schema.returnScheduleItems.$inferSelect & { returns: number; started: number; blockedBy: string | null })[];
  fingerprint: string;
  liveAwards: number;
};

const scheduleFingerprint = (items: { id: number; kind: string; title: string; dueMonthsAfterStart: number }[]) =>
  fingerprint({ schedule: items.map((i) => [i.id, i.kind, i.title, i.dueMonthsAfterStart]) });

/** The round's schedule, with how many returns each item has made and whether it may be removed. */
export function returnScheduleView(cycleId: number, tx: DbOrTx = db): ScheduleView | undefined {
  const cycle = tx
    .select({ id: schema.cycles.id, name: schema.cycles.name, programmeSlug: schema.programmes.slug })
    .from(schema.cycles)
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
    .where(eq(schema.cycles.id, cycleId))
    .get();
  if (!cycle) return undefined;
  const items = returnSchedule(cycleId, tx);
  return {
    cycle,
    items: items.map((item) => ({ ...item, ...usage(tx, item.id) })),
    fingerprint: scheduleFingerprint(items),
    liveAwards: liveAwardsOf(tx, cycleId).length,
  };
}

function usage(tx: DbOrTx, itemId: number) {
  const returns = tx.select({ id: schema.evaluationReturns.id, status: schema.evaluationReturns.status }).from(schema.evaluationReturns).where(eq(schema.evaluationReturns.scheduleItemId, itemId)).all();
  const started = returns.filter((r) => r.status !== "not_started").length;
  const ids = returns.map((r) => r.id);
  // Only an instalment still to pay waits for the return: a paid or cancelled one does not.
  const payments = ids.length
    ? tx.select({ id: schema.payments.id }).from(schema.payments).where(and(inArray(schema.payments.conditionReturnId, ids), eq(schema.payments.status, "scheduled"))).all().length
    : 0;
  const caseStudies = ids.length ? tx.select({ id: schema.awards.id }).from(schema.awards).where(inArray(schema.awards.caseStudyReturnId, ids)).all().length : 0;
  const blockedBy = started
    ? `${started === 1 ? "1 award has" : `${started} awards have`} started this return, so it cannot be removed.`
    : payments
      ? `An instalment of ${payments === 1 ? "1 award" : `${payments} awards`} is paid after this return is accepted, so it cannot be removed. Change the instalment first.`
      : caseStudies
        ? "A published case study comes from this return, so it cannot be removed."
        : null;
  return { returns: returns.length, started, blockedBy };
}

function liveAwardsOf(tx: DbOrTx, cycleId: number) {
  return tx
    .select({ id: schema.awards.id, startDate: schema.awards.startDate, awardDate: schema.awards.awardDate })
    .from(schema.awards)
    .innerJoin(schema.applications, eq(schema.applications.id, schema.awards.applicationId))
    .where(and(eq(schema.applications.cycleId, cycleId), inArray(schema.awards.status, [...CHANGEABLE_AWARD_STATUSES])))
    .all();
}

/**
 * Moves a return's due date, and with it the due date of every instalment still to pay (scheduled:
 * not paid, not cancelled) that waits for the return (payments.conditionReturnId). The one place
 * that does this, for the round's return schedule and an award's variation alike; each records
 * its own audit events from what it returns. Null for a return that does not exist.
 */
export function moveReturnDueDate(tx: Tx, returnId: number, newDueDate: string, now = new Date()) {
  const before = tx.select({ dueDate: schema.evaluationReturns.dueDate }).from(schema.evaluationReturns).where(eq(schema.evaluationReturns.id, returnId)).get();
  if (!before) return null;
  if (before.dueDate !== newDueDate) {
    tx.update(schema.evaluationReturns).set({ dueDate: newDueDate, updatedAt: now }).where(eq(schema.evaluationReturns.id, returnId)).run();
  }
  const payments: { id: number; awardId: number; instalment: number; from: string; to: string }[] = [];
  for (const p of tx
    .select()
    .from(schema.payments)
    .where(and(eq(schema.payments.conditionReturnId, returnId), eq(schema.payments.status, "scheduled")))
    .orderBy(asc(schema.payments.instalment))
    .all()) {
    if (p.dueDate === newDueDate) continue;
    tx.update(schema.payments).set({ dueDate: newDueDate }).where(eq(schema.payments.id, p.id)).run();
    payments.push({ id: p.id, awardId: p.awardId, instalment: p.instalment, from: p.dueDate, to: newDueDate });
  }
  return { from: before.dueDate, to: newDueDate, payments };
}

export type ScheduleResult =
  | { ok: true; changed: boolean; made: number; moved: number }
  | { ok: false; status: 403 | 404; message: string }
  | { ok: false; status: 409; message: string; conflict?: boolean }
  | { ok: false; status: 400; errors: Record<string, string> };

/**
 * Sets a round's return schedule to `items` (each with the id of the item it changes, or null
 * for a new one; items left out are removed). An item with a started return cannot be
 * removed (nor one an instalment or a case study depends on). Then every live award of the
 * round (offered or accepted) gets the returns it lacks, and the returns not yet submitted
 * take their item's title, kind and due date again. `seen` is the schedule the page showed.
 */
export function saveReturnSchedule(
  staff: { id: number; isStaff: boolean },
  cycleId: number,
  input: { items: ScheduleItemInput[]; seen: string },
  now = new Date(),
): ScheduleResult {
  if (!staff.isStaff) return { ok: false, status: 403, message: "Only staff can set a round's returns." };
  return transaction((tx): ScheduleResult => {
    const view = returnScheduleView(cycleId, tx);
    if (!view) return { ok: false, status: 404, message: "Page not found." };
    if (view.fingerprint !== input.seen) {
      return { ok: false, status: 409, conflict: true, message: "Someone else changed the return schedule after you opened this page, so your changes were not saved." };
    }
    const current = new Map(view.items.map((i) => [i.id, i]));
    for (const item of input.items) {
      if (item.id !== null && !current.has(item.id)) {
        return { ok: false, status: 409, conflict: true, message: "The return schedule changed after you opened this page, so your changes were not saved." };
      }
    }
    const kept = new Set(input.items.map((i) => i.id).filter((id): id is number => id !== null));
    const removed = view.items.filter((i) => !kept.has(i.id));
    for (const item of removed) {
      if (item.blockedBy) return { ok: false, status: 409, message: `${item.title}: ${item.blockedBy}` };
    }
    const order = [...input.items].map((item, i) => ({ item, i })).sort((a, b) => a.item.dueMonthsAfterStart - b.item.dueMonthsAfterStart || a.i - b.i);
    const changes: string[] = [];
    for (const [sortOrder, { item }] of order.entries()) {
      if (item.id === null) {
        tx.insert(schema.returnScheduleItems).values({ cycleId, kind: item.kind, title: item.title, dueMonthsAfterStart: item.dueMonthsAfterStart, sortOrder }).run();
        changes.push(`added ${item.title} at ${item.dueMonthsAfterStart} months`);
        continue;
      }
      const before = current.get(item.id)!;
      if (before.kind !== item.kind || before.title !== item.title || before.dueMonthsAfterStart !== item.dueMonthsAfterStart) {
        changes.push(`changed ${before.title} at ${before.dueMonthsAfterStart} months to ${item.title} at ${item.dueMonthsAfterStart} months`);
      }
      tx.update(schema.returnScheduleItems)
        .set({ kind: item.kind, title: item.title, dueMonthsAfterStart: item.dueMonthsAfterStart, sortOrder })
        .where(eq(schema.returnScheduleItems.id, item.id))
        .run();
    }
    for (const item of removed) {
      // Only returns nobody has started are left (checked above): they go with their item.
      tx.delete(schema.evaluationReturns).where(eq(schema.evaluationReturns.scheduleItemId, item.id)).run();
      tx.delete(schema.returnScheduleItems).where(eq(schema.returnScheduleItems.id, item.id)).run();
      changes.push(`removed ${item.title}`);
    }
    if (!changes.length) return { ok: true, changed: false, made: 0, moved: 0 };

    // Every live award: the returns it lacks, and new dates for those not yet submitted.
    let made = 0;
    let moved = 0;
    const schedule = new Map(returnSchedule(cycleId, tx).map((i) => [i.id, i]));
    for (const award of liveAwardsOf(tx, cycleId)) {
      made += ensureReturns(tx, award, cycleId);
      const start = award.startDate ?? award.awardDate;
      for (const ret of tx
        .select()
        .from(schema.evaluationReturns)
        .where(and(eq(schema.evaluationReturns.awardId, award.id), inArray(schema.evaluationReturns.status, ["not_started", "draft"]), isNotNull(schema.evaluationReturns.scheduleItemId)))
        .all()) {
        const item = schedule.get(ret.scheduleItemId!);
        if (!item) continue;
        const dueDate = addMonths(start, item.dueMonthsAfterStart);
        if (ret.dueDate === dueDate && ret.title === item.title && ret.kind === item.kind) continue;
        tx.update(schema.evaluationReturns)
          .set({ title: item.title, kind: item.kind, updatedAt: now, version: sql`${schema.evaluationReturns.version} + 1` })
          .where(eq(schema.evaluationReturns.id, ret.id))
          .run();
        if (ret.dueDate !== dueDate) {
          // The instalments waiting for this return move with it.
          const shifted = moveReturnDueDate(tx, ret.id, dueDate, now)!;
          moved++;
          recordAudit(tx, {
            actorUserId: staff.id,
            action: "return.due_date_changed",
            entityType: "return",
            entityId: ret.id,
            summary: `Due ${formatDate(dueDate)} (was ${formatDate(ret.dueDate)}): the round's return schedule changed`,
          });
          for (const p of shifted.payments) {
            recordAudit(tx, {
              actorUserId: staff.id,
              action: "payment.due_date_changed",
              entityType: "award",
              entityId: p.awardId,
              summary: `Instalment ${p.instalment}: now due on ${formatDate(p.to)} (was ${formatDate(p.from)}), with the ${item.title.toLowerCase()}: the round's return schedule changed`,
              details: { paymentId: p.id, instalment: p.instalment, from: p.from, to: p.to, returnId: ret.id },
            });
          }
        }
      }
    }
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "cycle.return_schedule_changed",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Return schedule: ${changes.join("; ")}`,
      details: { before: view.items.map(({ id, kind, title, dueMonthsAfterStart }) => ({ id, kind, title, dueMonthsAfterStart })), after: input.items, made, moved },
    });
    return { ok: true, changed: true, made, moved };
  });
}

// ---------------------------------------------------------------------------------------------
// Reminders
// ---------------------------------------------------------------------------------------------

/** Days from the due date to today: negative before it, 0 on the day, positive when overdue. */
export function daysPastDue(dueDate: string, today: string): number {
  const [a, b] = [dueDate, today].map((d) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))));
  return Math.round((b! - a!) / DAY_MS);
}

export const REMINDER_DAYS_BEFORE = 14;

/**
 * The latest reminder that applies to a return today, or null: "soon" from 14 days before the
 * due date, "due" from the due date, "overdue-N" from N weeks after it. A return sent back for
 * changes is reminded only a week or more after `days` (for it, the days since the later of its
 * due date and the latest request for changes: see changesReminderDays). A run missed for a
 * while sends only the latest stage, never the ones it missed.
 */
export function reminderStage(status: EvaluationReturn["status"], days: number): string | null {
  if (status === "changes_requested") return days >= 7 ? `overdue-${Math.floor(days / 7)}` : null;
  if (!OUTSTANDING.includes(status) || days < -REMINDER_DAYS_BEFORE) return null;
  if (days < 0) return "soon";
  if (days < 7) return "due";
  return `overdue-${Math.floor(days / 7)}`;
}

export type ReturnReminderReport = { sent: number; alreadySent: number; returns: number };

/**
 * The reminder job: for each return of an accepted award not yet handed in, the latest reminder
 * that applies, to every member of the organisation, through the outbox with a key naming the
 * return, its due date and the stage, so that running the job again (or two at once) sends each
 * reminder once. At most one reminder a day per return, whatever happens to its due date.
 */
export function sendReturnReminders(now = new Date()): ReturnReminderReport {
  const today = ukDate(0, now);
  const horizon = ukDate(REMINDER_DAYS_BEFORE, now);
  const candidates = db
    .select({ id: schema.evaluationReturns.id, status: schema.evaluationReturns.status, dueDate: schema.evaluationReturns.dueDate, organisationId: schema.applications.organisationId })
    .from(schema.evaluationReturns)
    .innerJoin(schema.awards, eq(schema.awards.id, schema.evaluationReturns.awardId))
    .innerJoin(schema.applications, eq(schema.applications.id, schema.awards.applicationId))
    .where(and(eq(schema.awards.status, "accepted"), inArray(schema.evaluationReturns.status, [...OUTSTANDING]), lte(schema.evaluationReturns.dueDate, horizon)))
    .orderBy(asc(schema.evaluationReturns.dueDate), asc(schema.evaluationReturns.id))
    .all();
  const total: ReturnReminderReport = { sent: 0, alreadySent: 0, returns: 0 };
  const { appUrl } = getSettings();
  for (const candidate of candidates) {
    // Most days most returns have no reminder due, or had it already: found from two small
    // reads, without loading the whole return (a return sent back for changes is always loaded).
    if (candidate.status !== "changes_requested") {
      const level = reminderStage(candidate.status, daysPastDue(candidate.dueDate, today));
      if (!level) continue;
      const prefix = `return-reminder:${candidate.id}:${candidate.dueDate}:${level}:`;
      const sent = db
        .select({ n: count() })
        .from(schema.outboxMessages)
        .where(and(gte(schema.outboxMessages.dedupeKey, prefix), lt(schema.outboxMessages.dedupeKey, `${prefix}\uffff`)))
        .get()!.n;
      if (sent && sent >= membersOf(db, candidate.organisationId).length) {
        total.returns++;
        total.alreadySent += sent;
        continue;
      }
    }
    const report = transaction((tx) => {
      const file = staffReturn(candidate.id, tx);
      if (!file || file.award.award.status !== "accepted") return null;
      const r = file.ret;
      const days = daysPastDue(r.dueDate, today);
      // Sent back for changes: the weeks count from the request (or the due date, if later), so
      // the grantee has a week to make the changes before the first reminder.
      const asked = r.status === "changes_requested" ? changesAskedFor(file) : null;
      const level = reminderStage(r.status, asked ? changesReminderDays(r.dueDate, asked.at, today) : days);
      if (!level) return null;
      // Each request for changes has its own reminders.
      const stage = asked ? `changes-${asked.id}-${level}` : level;
      const remindedToday = tx
        .select({ details: schema.auditEvents.details })
        .from(schema.auditEvents)
        .where(and(eq(schema.auditEvents.entityType, "return"), eq(schema.auditEvents.entityId, r.id), eq(schema.auditEvents.action, "return.reminder_sent")))
        .all()
        .some((e) => {
          const d = e.details as { day?: string; stage?: string; dueDate?: string } | null;
          return d?.day === today && (d.stage !== stage || d.dueDate !== r.dueDate);
        });
      const counts = { sent: 0, alreadySent: 0 };
      for (const member of membersOf(tx, file.award.organisation.id)) {
        const key = `return-reminder:${r.id}:${r.dueDate}:${stage}:${member.id}`;
        if (remindedToday) {
          counts.alreadySent++;
          continue;
        }
        const added = enqueueEmail(tx, {
          to: member.email,
          template: "return-reminder",
          data: { ...aboutReturn(file), name: member.name, days, changesRequested: r.status === "changes_requested", viewUrl: `${appUrl}${returnPath(r.id)}` },
          dedupeKey: key,
        });
        if (added) counts.sent++;
        else counts.alreadySent++;
      }
      if (counts.sent) {
        recordAudit(tx, {
          actorUserId: null,
          action: "return.reminder_sent",
          entityType: "return",
          entityId: r.id,
          summary: days < 0 ? `Reminded: due in ${-days} ${-days === 1 ? "day" : "days"}` : days === 0 ? "Reminded: due today" : `Reminded: ${days} ${days === 1 ? "day" : "days"} overdue`,
          details: { day: today, stage, dueDate: r.dueDate, sent: counts.sent },
        });
      }
      return counts;
    });
    if (!report) continue;
    total.returns++;
    total.sent += report.sent;
    total.alreadySent += report.alreadySent;
  }
  return total;
}

/**
 * For a return sent back for changes: the days since the later of its due date and the day
 * staff asked for changes (UK dates), which reminderStage counts in weeks.
 */
export function changesReminderDays(dueDate: string, askedAt: string | Date, today: string): number {
  const askedOn = ukDate(0, new Date(askedAt));
  return daysPastDue(askedOn > dueDate ? askedOn : dueDate, today);
}

/** How a return's due date reads: "1 October 3001", with how far off it is. */
export function dueText(dueDate: string, status: EvaluationReturn["status"], now = new Date()) {
  const days = daysPastDue(dueDate, ukDate(0, now));
  if (!OUTSTANDING.includes(status)) return formatDate(dueDate);
  if (days > 0) return `${formatDate(dueDate)} (${days} ${days === 1 ? "day" : "days"} overdue)`;
  if (days === 0) return `${formatDate(dueDate)} (today)`;
  return formatDate(dueDate);
}

export const returnKindLabel = (kind: EvaluationReturn["kind"]) => RETURN_KIND_LABELS[kind];

/** For the grantee's task list: the latest request for changes, if the return is waiting for them. */
export function changesAskedFor(file: ReturnFile): ReturnReview | null {
  if (file.ret.status !== "changes_requested") return null;
  return file.reviews.find((r) => r.outcome === "changes_requested") ?? null;
}
