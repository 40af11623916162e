// A round's life, as staff run it through the pages: create one on a programme or copy an
// earlier one, change its details, publish it (refused until it is complete enough to apply
// to), extend it or close it now, give one application its own later deadline, close it out
// once every award has finished, or delete a draft. Every change is one transaction with its
// audit row on the round (its history) and its emails. The closing reminders of `npm run jobs`
// are here too.
import { and, asc, count, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { RoundDetails } from "~/schemas/round";
import { db, schema, transaction, type DbOrTx, type Tx } from "~/utils/db.server";
import { formatDeadline, formatMoney } from "~/utils/format";
import { getSettings } from "~/utils/settings.server";
import { recordAudit } from "./audit.server";
import { helpContactFor } from "./contacts.server";
import { enqueueEmail } from "./outbox.server";
import { whyNoNewRound } from "./programmes-admin.server";
import { letterRecipients } from "./recipients.server";
import { deadlineOf, type Cycle } from "./programmes.server";
import { DETAIL_WORDS, roundStage, type RoundStage } from "./round-stage";

export type Staff = { id: number; isStaff: boolean };
export type Problem = { text: string; href: string };
export type RoundResult<T = object> =
  | ({ ok: true } & T)
  | { ok: false; status: 400 | 403 | 404 | 409; message: string; field?: string; problems?: Problem[] };

const refuse = (status: 400 | 403 | 404 | 409, message: string, extra: { field?: string; problems?: Problem[] } = {}) =>
  ({ ok: false, status, message, ...extra }) as const;
const notStaff = () => refuse(403, "Only staff can run funding rounds.");
const notFound = () => refuse(404, "Page not found.");

/** Applications not yet submitted: the ones a deadline, an extension or a reminder is about. */
export const UNSUBMITTED: readonly ("draft" | "returned")[] = ["draft", "returned"];

const minute = (d: Date) => Math.floor(d.getTime() / 60_000);

/** A staff change to one round: refused to anyone else and for an unknown round; otherwise one transaction. */
function changeRound<T>(staff: Staff, cycleId: number, work: (tx: Tx, found: NonNullable<ReturnType<typeof cycleIn>>) => RoundResult<T>): RoundResult<T> {
  if (!staff.isStaff) return notStaff();
  return transaction((tx) => {
    const found = cycleIn(tx, cycleId);
    return found ? work(tx, found) : notFound();
  });
}

function cycleIn(tx: DbOrTx, cycleId: number) {
  return tx
    .select({ cycle: schema.cycles, programme: schema.programmes })
    .from(schema.cycles)
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
    .where(eq(schema.cycles.id, cycleId))
    .get();
}

function applicationCount(tx: DbOrTx, cycleId: number): number {
  return tx.select({ n: count() }).from(schema.applications).where(eq(schema.applications.cycleId, cycleId)).get()?.n ?? 0;
}

function referencedCount(tx: DbOrTx, cycleId: number): number {
  return (
    tx
      .select({ n: count() })
      .from(schema.applications)
      .where(and(eq(schema.applications.cycleId, cycleId), isNotNull(schema.applications.reference)))
      .get()?.n ?? 0
  );
}

/** Only what changed, before and after, for the round's history. */
function changes(before: Record<string, unknown>, after: Record<string, unknown>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    const was = before[key] instanceof Date ? (before[key] as Date).toISOString() : before[key];
    const now = after[key] instanceof Date ? (after[key] as Date).toISOString() : after[key];
    if (JSON.stringify(was ?? null) !== JSON.stringify(now ?? null)) {
      b[key] = was ?? null;
      a[key] = now ?? null;
    }
  }
  return { before: b, after: a, changed: Object.keys(a) };
}

// ---------------------------------------------------------------------------------------------
// What a round needs before applicants can see it
// ---------------------------------------------------------------------------------------------

/** Why the round cannot be published yet: each problem links to the page that fixes it. */
export function publishProblems(tx: DbOrTx, cycle: Cycle, programme: { id: number; archivedAt: Date | null }, now = new Date()): Problem[] {
  const base = `/staff/cycles/${cycle.id}`;
  const out: Problem[] = [];
  if (programme.archivedAt) out.push({ text: "The programme has been retired. Bring it back before publishing a round of it", href: `/staff/programmes/${programme.id}` });
  if (!cycle.summary) out.push({ text: "Give the round a summary for applicants", href: `${base}/details#summary` });
  if (cycle.closesAt <= now) out.push({ text: "The closing date has passed. Give the round a closing date in the future", href: `${base}/details#closesDay` });
  if (!cycle.decisionsExpectedOn) out.push({ text: "Say when applicants can expect a decision", href: `${base}/details#decisionsDay` });
  if (cycle.budgetPence <= 0) out.push({ text: "Give the round a budget", href: `${base}/details#budget` });
  if (cycle.maxRequestPence > cycle.budgetPence) {
    out.push({
      text: `The largest amount applicants may ask for, ${formatMoney(cycle.maxRequestPence)}, is more than the budget, ${formatMoney(cycle.budgetPence)}`,
      href: `${base}/rules#maxAmount`,
    });
  }
  if (!cycle.eligibility.organisationTypes.length) out.push({ text: "Choose the types of organisation that may apply", href: `${base}/rules` });
  if (!helpContactFor(cycle)) out.push({ text: "Give applicants someone to contact: the round's contact, or the place's contact email", href: `${base}/details#contactEmail` });
  const brokenConditions = tx
    .select({ id: schema.cycleQuestions.id, label: schema.cycleQuestions.label })
    .from(schema.cycleQuestions)
    .where(and(eq(schema.cycleQuestions.cycleId, cycle.id), isNotNull(schema.cycleQuestions.conditionQuestionId), sql`${schema.cycleQuestions.conditionValue} is null`))
    .all();
  for (const q of brokenConditions) out.push({ text: `Say which answer the question "${q.label}" depends on`, href: `${base}/questions/${q.id}` });
  return out;
}

// ---------------------------------------------------------------------------------------------
// The round's page
// ---------------------------------------------------------------------------------------------

/** Everything the round's page shows, counted in SQL. */
export function roundOverview(cycleId: number, now = new Date()) {
  const found = cycleIn(db, cycleId);
  if (!found) return null;
  const { cycle, programme } = found;
  const countOf = (table: typeof schema.cycleQuestions | typeof schema.cycleDocuments | typeof schema.criteria) =>
    db.select({ n: count() }).from(table).where(eq(table.cycleId, cycleId)).get()?.n ?? 0;
  const own = db
    .select({ n: count() })
    .from(schema.applications)
    .where(and(eq(schema.applications.cycleId, cycleId), sql`${schema.applications.deadlineOverride} > ${cycle.closesAt.getTime()}`, inArray(schema.applications.status, [...UNSUBMITTED])))
    .get()?.n ?? 0;
  const openAwards = unfinishedAwards(db, cycleId).length;
  const stage = roundStage(cycle, now);
  return {
    cycle,
    programme,
    stage,
    /** Closed out now: decided with every award finished, or closed with nothing left to decide. */
    canCloseOut: !cycle.closedOutAt && openAwards === 0 && (stage === "decided" || ((stage === "closed" || stage === "scoring") && stillToDecide(db, cycleId, now) === 0)),
    problems: cycle.status === "draft" ? publishProblems(db, cycle, programme, now) : [],
    questions: countOf(schema.cycleQuestions),
    documents: countOf(schema.cycleDocuments),
    criteria: countOf(schema.criteria),
    ownDeadlines: own,
    openAwards,
    applications: applicationCount(db, cycleId),
    contact: helpContactFor(cycle),
  };
}

/** Applications a closed round still owes a decision: submitted or being assessed, or still able to be submitted on their own deadline. */
function stillToDecide(tx: DbOrTx, cycleId: number, now: Date): number {
  const a = schema.applications;
  return (
    tx
      .select({ n: count() })
      .from(a)
      .where(
        and(
          eq(a.cycleId, cycleId),
          sql`(${a.status} in ('submitted', 'in_review') or (${a.status} in ('draft', 'returned') and ${a.deadlineOverride} > ${now.getTime()}))`,
        ),
      )
      .get()?.n ?? 0
  );
}

function unfinishedAwards(tx: DbOrTx, cycleId: number) {
  return tx
    .select({ id: schema.awards.id, reference: schema.applications.reference, status: schema.awards.status })
    .from(schema.awards)
    .innerJoin(schema.applications, eq(schema.applications.id, schema.awards.applicationId))
    .where(and(eq(schema.applications.cycleId, cycleId), inArray(schema.awards.status, ["offered", "accepted"])))
    .orderBy(asc(schema.applications.reference))
    .all();
}

// ---------------------------------------------------------------------------------------------
// Creating and copying
// ---------------------------------------------------------------------------------------------

type NewRound = RoundDetails & { minRequestPence: number; maxRequestPence: number };

const detailColumns = (d: RoundDetails) => ({
  name: d.name,
  summary: d.summary,
  guidance: d.guidance,
  opensAt: d.opensAt,
  closesAt: d.closesAt,
  budgetPence: d.budgetPence,
  referenceYear: d.referenceYear,
  decisionsExpectedOn: d.decisionsExpectedOn,
  contactName: d.contactName,
  contactEmail: d.contactEmail,
});

/**
 * Round names are unique within a programme. The same form sent twice (a double click) finds
 * the draft the first one made a moment ago and answers with it, rather than making two.
 */
function sameName(tx: DbOrTx, staff: Staff, programmeId: number, name: string, now: Date): RoundResult<{ cycleId: number }> | null {
  const existing = tx
    .select({ id: schema.cycles.id, status: schema.cycles.status, createdAt: schema.cycles.createdAt })
    .from(schema.cycles)
    .where(and(eq(schema.cycles.programmeId, programmeId), sql`lower(${schema.cycles.name}) = ${name.toLowerCase()}`))
    .get();
  if (!existing) return null;
  const mine = tx
    .select({ id: schema.auditEvents.id })
    .from(schema.auditEvents)
    .where(and(eq(schema.auditEvents.entityType, "cycle"), eq(schema.auditEvents.entityId, existing.id), eq(schema.auditEvents.action, "cycle.created"), eq(schema.auditEvents.actorUserId, staff.id)))
    .get();
  if (mine && existing.status === "draft" && now.getTime() - existing.createdAt.getTime() < 2 * 60_000) return { ok: true, cycleId: existing.id };
  return refuse(409, "The programme already has a round with this name. Give this one a different name", { field: "name" });
}

/** A new round of a programme, as a draft: every type of organisation, every section, the panel after eligibility. */
export function createRound(staff: Staff, programmeId: number, details: NewRound, now = new Date()): RoundResult<{ cycleId: number }> {
  if (!staff.isStaff) return notStaff();
  return transaction((tx): RoundResult<{ cycleId: number }> => {
    const programme = tx.select().from(schema.programmes).where(eq(schema.programmes.id, programmeId)).get();
    if (!programme) return notFound();
    const why = whyNoNewRound(programmeId, tx);
    if (why) return refuse(409, why);
    const clash = sameName(tx, staff, programmeId, details.name, now);
    if (clash) return clash;
    const created = tx
      .insert(schema.cycles)
      .values({
        programmeId,
        ...detailColumns(details),
        status: "draft",
        minRequestPence: details.minRequestPence,
        maxRequestPence: details.maxRequestPence,
        eligibility: { organisationTypes: [...schema.ORGANISATION_TYPES], mustServePlace: true, requiresPartner: false },
        sections: [...schema.APPLICATION_SECTIONS],
        panelAfterEligibility: true,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: schema.cycles.id })
      .get();
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "cycle.created",
      entityType: "cycle",
      entityId: created.id,
      summary: `Created "${details.name}" as a draft`,
      details: { after: { ...detailColumns(details), minRequestPence: details.minRequestPence, maxRequestPence: details.maxRequestPence } },
    });
    return { ok: true, cycleId: created.id };
  });
}

/**
 * A draft copy of an earlier round: its rules, sections, own questions, documents asked for,
 * scoring criteria, panel settings and return schedule, with the new details given. Not its
 * panel members, dates, or anything applicants wrote.
 */
export function copyRound(staff: Staff, sourceId: number, details: NewRound, now = new Date()): RoundResult<{ cycleId: number }> {
  return changeRound(staff, sourceId, (tx, found): RoundResult<{ cycleId: number }> => {
    const { cycle: source } = found;
    const why = whyNoNewRound(source.programmeId, tx);
    if (why) return refuse(409, why);
    const clash = sameName(tx, staff, source.programmeId, details.name, now);
    if (clash) return clash;
    const copy = tx
      .insert(schema.cycles)
      .values({
        programmeId: source.programmeId,
        ...detailColumns(details),
        status: "draft",
        minRequestPence: details.minRequestPence,
        maxRequestPence: details.maxRequestPence,
        eligibility: source.eligibility,
        sections: source.sections,
        anonymiseApplicants: source.anonymiseApplicants,
        everyoneScoresEverything: source.everyoneScoresEverything,
        minScorersPerApplication: source.minScorersPerApplication,
        disagreementThreshold: source.disagreementThreshold,
        panelAfterEligibility: source.panelAfterEligibility,
        copiedFromId: source.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: schema.cycles.id })
      .get();
    const cycleId = copy.id;

    for (const c of tx.select().from(schema.criteria).where(eq(schema.criteria.cycleId, source.id)).orderBy(asc(schema.criteria.sortOrder), asc(schema.criteria.id)).all()) {
      const { id: _id, cycleId: _cycle, ...rest } = c;
      tx.insert(schema.criteria).values({ ...rest, cycleId }).run();
    }
    for (const item of tx.select().from(schema.returnScheduleItems).where(eq(schema.returnScheduleItems.cycleId, source.id)).orderBy(asc(schema.returnScheduleItems.sortOrder), asc(schema.returnScheduleItems.id)).all()) {
      const { id: _id, cycleId: _cycle, ...rest } = item;
      tx.insert(schema.returnScheduleItems).values({ ...rest, cycleId }).run();
    }
    for (const doc of tx.select().from(schema.cycleDocuments).where(eq(schema.cycleDocuments.cycleId, source.id)).orderBy(asc(schema.cycleDocuments.sortOrder), asc(schema.cycleDocuments.id)).all()) {
      const { id: _id, cycleId: _cycle, createdAt: _at, ...rest } = doc;
      tx.insert(schema.cycleDocuments).values({ ...rest, cycleId, createdAt: now }).run();
    }
    // Questions first without their conditions, then the conditions pointed at the copies.
    const questions = tx.select().from(schema.cycleQuestions).where(eq(schema.cycleQuestions.cycleId, source.id)).orderBy(asc(schema.cycleQuestions.sortOrder), asc(schema.cycleQuestions.id)).all();
    const copied = new Map<number, number>();
    for (const q of questions) {
      const { id, cycleId: _cycle, createdAt: _c, updatedAt: _u, conditionQuestionId: _cq, ...rest } = q;
      const row = tx.insert(schema.cycleQuestions).values({ ...rest, cycleId, conditionQuestionId: null, createdAt: now, updatedAt: now }).returning({ id: schema.cycleQuestions.id }).get();
      copied.set(id, row.id);
    }
    for (const q of questions) {
      if (q.conditionQuestionId === null) continue;
      tx.update(schema.cycleQuestions)
        .set({ conditionQuestionId: copied.get(q.conditionQuestionId) ?? null })
        .where(eq(schema.cycleQuestions.id, copied.get(q.id)!))
        .run();
    }

    recordAudit(tx, {
      actorUserId: staff.id,
      action: "cycle.created",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Created "${details.name}" as a draft copy of "${source.name}"`,
      details: { copiedFromId: source.id, after: { ...detailColumns(details), minRequestPence: details.minRequestPence, maxRequestPence: details.maxRequestPence } },
    });
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "cycle.copied",
      entityType: "cycle",
      entityId: source.id,
      summary: `Copied to a new round, "${details.name}"`,
      details: { copyId: cycleId },
    });
    return { ok: true, cycleId };
  });
}

// ---------------------------------------------------------------------------------------------
// Changing the details
// ---------------------------------------------------------------------------------------------

/**
 * Changes the round's details. Before it opens anything can change. Once it has opened its
 * opening time is fixed and its closing time moves only by extending it (never forward), and
 * once an application has its reference the reference year is fixed.
 */
export function updateRoundDetails(staff: Staff, cycleId: number, details: RoundDetails, now = new Date()): RoundResult<{ changed: boolean }> {
  return changeRound(staff, cycleId, (tx, found): RoundResult<{ changed: boolean }> => {
    const { cycle } = found;
    const stage = roundStage(cycle, now);
    if (cycle.closedOutAt) return refuse(409, "The round has been closed out, so nothing in it changes any more.");
    const opened = !["draft", "scheduled"].includes(stage);
    if (stage === "scheduled" && details.closesAt <= now) {
      return refuse(400, "The round is published, so its closing time must be in the future. To close it before it opens, take it back to draft", { field: "closesDay" });
    }
    if (opened && minute(details.opensAt) !== minute(cycle.opensAt)) {
      return refuse(409, `The round opened at ${formatDeadline(cycle.opensAt)}, so its opening time can no longer change.`, { field: "opensDay" });
    }
    if (opened && minute(details.closesAt) !== minute(cycle.closesAt)) {
      return refuse(
        409,
        stage === "open"
          ? "The round is open, so its closing time can only be made later, with \"Extend the closing time\". It cannot be brought forward: close it now instead."
          : `The round closed at ${formatDeadline(cycle.closesAt)}, so its closing time can no longer change. To give one group more time, give its application its own deadline.`,
        { field: "closesDay" },
      );
    }
    if (details.name.toLowerCase() !== cycle.name.toLowerCase()) {
      const taken = tx
        .select({ id: schema.cycles.id })
        .from(schema.cycles)
        .where(and(eq(schema.cycles.programmeId, cycle.programmeId), sql`lower(${schema.cycles.name}) = ${details.name.toLowerCase()}`, sql`${schema.cycles.id} <> ${cycleId}`))
        .get();
      if (taken) return refuse(409, "The programme already has a round with this name. Give this one a different name", { field: "name" });
    }
    if (details.referenceYear !== cycle.referenceYear && referencedCount(tx, cycleId) > 0) {
      return refuse(409, `Applications in this round already have references with ${cycle.referenceYear} in them, so the reference year cannot change.`, { field: "referenceYear" });
    }
    if (details.budgetPence < cycle.maxRequestPence) {
      return refuse(
        409,
        `The budget must be at least the largest amount applicants may ask for, ${formatMoney(cycle.maxRequestPence)}. Lower that in the round's rules first.`,
        { field: "budget" },
      );
    }
    const after = detailColumns(details);
    // Unchanged times keep their seconds: the form shows minutes only.
    if (minute(after.opensAt) === minute(cycle.opensAt)) after.opensAt = cycle.opensAt;
    if (minute(after.closesAt) === minute(cycle.closesAt)) after.closesAt = cycle.closesAt;
    const diff = changes(cycle as unknown as Record<string, unknown>, after);
    if (!diff.changed.length) return { ok: true, changed: false };
    tx.update(schema.cycles).set({ ...after, updatedAt: now }).where(eq(schema.cycles.id, cycleId)).run();
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "cycle.details_changed",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Changed ${diff.changed.map((k) => DETAIL_WORDS[k] ?? k).join(", ")}`,
      details: { before: diff.before, after: diff.after },
    });
    return { ok: true, changed: true };
  });
}


// ---------------------------------------------------------------------------------------------
// Publishing
// ---------------------------------------------------------------------------------------------

/** Publishes a draft: refused, with every reason, until applicants could apply to it. */
export function publishRound(staff: Staff, cycleId: number, now = new Date()): RoundResult<{ changed: boolean }> {
  return changeRound(staff, cycleId, (tx, found): RoundResult<{ changed: boolean }> => {
    const { cycle, programme } = found;
    if (cycle.status === "published") return { ok: true, changed: false };
    if (cycle.status !== "draft") return refuse(409, "Only a draft round can be published.");
    const problems = publishProblems(tx, cycle, programme, now);
    if (problems.length) return refuse(409, "The round cannot be published yet", { problems });
    tx.update(schema.cycles).set({ status: "published", publishedAt: now, updatedAt: now }).where(eq(schema.cycles.id, cycleId)).run();
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "cycle.published",
      entityType: "cycle",
      entityId: cycleId,
      summary: cycle.opensAt > now ? `Published: opens to applicants at ${formatDeadline(cycle.opensAt)}` : "Published: open to applicants now",
      details: { before: { status: "draft" }, after: { status: "published" } },
    });
    return { ok: true, changed: true };
  });
}

/** Takes a published round back to draft, only before it has opened. */
export function unpublishRound(staff: Staff, cycleId: number, now = new Date()): RoundResult<{ changed: boolean }> {
  return changeRound(staff, cycleId, (tx, found): RoundResult<{ changed: boolean }> => {
    const { cycle } = found;
    if (cycle.status === "draft") return { ok: true, changed: false };
    if (roundStage(cycle, now) !== "scheduled" || applicationCount(tx, cycleId) > 0) {
      return refuse(409, "The round has opened, so it can no longer go back to being a draft. You can close it now instead.");
    }
    tx.update(schema.cycles).set({ status: "draft", publishedAt: null, updatedAt: now }).where(eq(schema.cycles.id, cycleId)).run();
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "cycle.unpublished",
      entityType: "cycle",
      entityId: cycleId,
      summary: "Taken back to draft before opening",
      details: { before: { status: "published" }, after: { status: "draft" } },
    });
    return { ok: true, changed: true };
  });
}

/** Deletes a draft round that nobody has applied to (its questions, criteria and schedule go with it). */
export function deleteDraftRound(staff: Staff, cycleId: number): RoundResult<{ programmeId: number }> {
  return changeRound(staff, cycleId, (tx, found): RoundResult<{ programmeId: number }> => {
    const { cycle } = found;
    if (cycle.status !== "draft" || applicationCount(tx, cycleId) > 0) {
      return refuse(409, "Only a draft round that nobody has applied to can be deleted. Close out a round that has run instead.");
    }
    tx.update(schema.cycles).set({ copiedFromId: null }).where(eq(schema.cycles.copiedFromId, cycleId)).run();
    tx.delete(schema.panelMembers).where(eq(schema.panelMembers.cycleId, cycleId)).run();
    tx.delete(schema.cycles).where(eq(schema.cycles.id, cycleId)).run();
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "cycle.deleted",
      entityType: "programme",
      entityId: cycle.programmeId,
      summary: `Deleted the draft round "${cycle.name}"`,
      details: { cycleId, name: cycle.name },
    });
    return { ok: true, programmeId: cycle.programmeId };
  });
}

// ---------------------------------------------------------------------------------------------
// Extending, closing now, and one application's own deadline
// ---------------------------------------------------------------------------------------------

function drafterEmailData(tx: Tx, cycle: Cycle, programmeName: string, organisationName: string, applicationId: number) {
  const contact = helpContactFor(cycle);
  return {
    organisationName,
    cycleName: cycle.name,
    programmeName,
    viewUrl: `${getSettings().appUrl}/applications/${applicationId}`,
    contact: contact?.email ?? null,
  };
}

/** Applications of the round not yet submitted, with their organisation (no content: staff do not read drafts). */
export function unsubmittedApplications(cycleId: number, tx: DbOrTx = db) {
  return tx
    .select({
      id: schema.applications.id,
      status: schema.applications.status,
      createdAt: schema.applications.createdAt,
      updatedAt: schema.applications.updatedAt,
      deadlineOverride: schema.applications.deadlineOverride,
      deadlineReason: schema.applications.deadlineReason,
      organisationId: schema.organisations.id,
      organisationName: schema.organisations.name,
    })
    .from(schema.applications)
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
    .where(and(eq(schema.applications.cycleId, cycleId), inArray(schema.applications.status, [...UNSUBMITTED])))
    .orderBy(asc(schema.organisations.name), asc(schema.applications.id))
    .all();
}

/**
 * A later closing time for an open round. Every organisation with an application not yet
 * submitted is emailed, once per extension (each address once).
 */
export function extendRound(staff: Staff, cycleId: number, closesAt: Date, reason: string, now = new Date()): RoundResult<{ organisations: number }> {
  return changeRound(staff, cycleId, (tx, found): RoundResult<{ organisations: number }> => {
    const { cycle, programme } = found;
    if (roundStage(cycle, now) !== "open") {
      return refuse(409, "Only an open round can be extended. Before it opens, change its dates; after it closes, give one application its own deadline.");
    }
    // The same form sent twice (a double click, or the browser's resend): the first extension stands.
    if (minute(closesAt) === minute(cycle.closesAt)) return { ok: true, organisations: 0 };
    if (closesAt <= cycle.closesAt) {
      return refuse(
        400,
        `The new closing time must be later than the current one, ${formatDeadline(cycle.closesAt)}. A closing time cannot be brought forward: close the round now instead.`,
        { field: "closesDay" },
      );
    }
    tx.update(schema.cycles).set({ closesAt, updatedAt: now }).where(eq(schema.cycles.id, cycleId)).run();
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "cycle.extended",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Extended to ${formatDeadline(closesAt)}. Reason: ${reason}`,
      details: { before: { closesAt: cycle.closesAt.toISOString() }, after: { closesAt: closesAt.toISOString() }, reason },
    });
    const drafts = unsubmittedApplications(cycleId, tx);
    const emailed = new Set<number>();
    for (const d of drafts) {
      const own = d.deadlineOverride && d.deadlineOverride > closesAt ? d.deadlineOverride.toISOString() : null;
      for (const r of letterRecipients(tx, d.organisationId)) {
        const sent = enqueueEmail(tx, {
          to: r.email,
          template: "round-extended",
          data: { ...drafterEmailData(tx, cycle, programme.name, d.organisationName, d.id), closesAt: closesAt.toISOString(), ownDeadline: own },
          dedupeKey: `round-extended:${cycleId}:${closesAt.getTime()}:${r.key}`,
        });
        if (sent) emailed.add(d.organisationId);
      }
    }
    return { ok: true, organisations: emailed.size };
  });
}

/** Closes an open round at once, with the reason. Applications with their own later deadline stay open. */
export function closeRoundNow(staff: Staff, cycleId: number, reason: string, now = new Date()): RoundResult<{ changed: boolean }> {
  return changeRound(staff, cycleId, (tx, found): RoundResult<{ changed: boolean }> => {
    const { cycle } = found;
    const stage = roundStage(cycle, now);
    if (stage === "closed" || stage === "scoring" || stage === "decided" || stage === "closed_out") return { ok: true, changed: false };
    if (stage !== "open") return refuse(409, "Only an open round can be closed now. A round that has not opened can go back to being a draft.");
    tx.update(schema.cycles).set({ closesAt: now, updatedAt: now }).where(eq(schema.cycles.id, cycleId)).run();
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "cycle.closed_now",
      entityType: "cycle",
      entityId: cycleId,
      summary: `Closed early. Reason: ${reason}`,
      details: { before: { closesAt: cycle.closesAt.toISOString() }, after: { closesAt: now.toISOString() }, reason },
    });
    return { ok: true, changed: true };
  });
}

/**
 * Gives one application (not yet submitted) its own deadline, later than the round's closing
 * time, with the reason; or, with `deadline` null, takes it away. Its organisation is emailed.
 */
export function setApplicationDeadline(staff: Staff, applicationId: number, deadline: Date | null, reason: string, now = new Date()): RoundResult<{ cycleId: number }> {
  if (!staff.isStaff) return notStaff();
  return transaction((tx): RoundResult<{ cycleId: number }> => {
    const row = tx
      .select({ application: schema.applications, organisationName: schema.organisations.name })
      .from(schema.applications)
      .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
      .where(eq(schema.applications.id, applicationId))
      .get();
    if (!row) return notFound();
    const { application } = row;
    const found = cycleIn(tx, application.cycleId)!;
    const { cycle, programme } = found;
    if (!UNSUBMITTED.includes(application.status as "draft")) {
      return refuse(409, "This application has been submitted or withdrawn, so its deadline no longer matters.");
    }
    const stage = roundStage(cycle, now);
    if (stage !== "open" && stage !== "closed") {
      return refuse(
        409,
        stage === "draft" || stage === "scheduled"
          ? "The round has not opened yet, so no application in it has a deadline yet."
          : "Scoring has begun in this round, so no application can be given more time now.",
      );
    }
    if (deadline) {
      if (deadline <= cycle.closesAt) {
        return refuse(400, `The new deadline must be later than the round's closing time, ${formatDeadline(cycle.closesAt)}`, { field: "deadlineDay" });
      }
      if (deadline <= now) return refuse(400, "The new deadline must be in the future", { field: "deadlineDay" });
    } else if (!application.deadlineOverride) {
      return { ok: true, cycleId: cycle.id };
    }
    if (deadline && application.deadlineOverride && deadline.getTime() === application.deadlineOverride.getTime()) return { ok: true, cycleId: cycle.id };
    tx.update(schema.applications)
      .set({ deadlineOverride: deadline, deadlineReason: deadline ? reason : null, updatedAt: now })
      .where(eq(schema.applications.id, applicationId))
      .run();
    const before = { deadlineOverride: application.deadlineOverride?.toISOString() ?? null };
    const after = { deadlineOverride: deadline?.toISOString() ?? null };
    const summary = deadline
      ? `Gave ${row.organisationName}'s application its own deadline, ${formatDeadline(deadline)}. Reason: ${reason}`
      : `Took away ${row.organisationName}'s own deadline: the round's closing time applies again. Reason: ${reason}`;
    recordAudit(tx, { actorUserId: staff.id, action: "cycle.application_deadline_changed", entityType: "cycle", entityId: cycle.id, summary, details: { applicationId, before, after, reason } });
    recordAudit(tx, {
      actorUserId: staff.id,
      action: deadline ? "application.deadline_extended" : "application.deadline_removed",
      entityType: "application",
      entityId: applicationId,
      summary: deadline ? `Deadline moved to ${formatDeadline(deadline)}` : `Deadline back to the round's closing time, ${formatDeadline(cycle.closesAt)}`,
      details: { before, after, reason },
    });
    for (const r of letterRecipients(tx, application.organisationId)) {
      enqueueEmail(tx, {
        to: r.email,
        template: "application-deadline-changed",
        data: {
          ...drafterEmailData(tx, cycle, programme.name, row.organisationName, applicationId),
          deadline: deadline?.toISOString() ?? null,
          roundClosesAt: cycle.closesAt.toISOString(),
        },
        dedupeKey: `application-deadline:${applicationId}:${deadline?.getTime() ?? "none"}:${now.getTime()}:${r.key}`,
      });
    }
    return { ok: true, cycleId: cycle.id };
  });
}

// ---------------------------------------------------------------------------------------------
// Closing out
// ---------------------------------------------------------------------------------------------

/** Closes out a decided round once every award has finished (completed, declined or withdrawn). */
export function closeOutRound(staff: Staff, cycleId: number, now = new Date()): RoundResult<{ changed: boolean }> {
  return changeRound(staff, cycleId, (tx, found): RoundResult<{ changed: boolean }> => {
    const { cycle } = found;
    if (cycle.closedOutAt) return { ok: true, changed: false };
    if (!cycle.decisionsReleasedAt) {
      // A round with nothing to decide (nobody applied, or nothing reached the panel) closes out too.
      const stage = roundStage(cycle, now);
      const waiting = stillToDecide(tx, cycleId, now);
      if ((stage !== "closed" && stage !== "scoring") || waiting) {
        return refuse(
          409,
          stage === "closed" || stage === "scoring"
            ? `${waiting === 1 ? "1 application is" : `${waiting} applications are`} still to be decided or submitted. A round is closed out once its decision letters have been sent and its awards have finished.`
            : "A round is closed out after it has closed, its decision letters have been sent and its awards have finished.",
        );
      }
    }
    const open = unfinishedAwards(tx, cycleId);
    if (open.length) {
      return refuse(409, "Every award must be finished first", {
        problems: open.map((a) => ({ text: `${a.reference ?? `Award ${a.id}`}: ${a.status === "offered" ? "the offer is waiting for an answer" : "the award is still running"}`, href: `/staff/awards/${a.id}` })),
      });
    }
    tx.update(schema.cycles).set({ closedOutAt: now, updatedAt: now }).where(eq(schema.cycles.id, cycleId)).run();
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "cycle.closed_out",
      entityType: "cycle",
      entityId: cycleId,
      summary: cycle.decisionsReleasedAt ? "Closed out: every award has finished" : "Closed out: nothing was left to decide",
    });
    return { ok: true, changed: true };
  });
}

// ---------------------------------------------------------------------------------------------
// The round's history
// ---------------------------------------------------------------------------------------------

export const HISTORY_PAGE_SIZE = 50;

/** The round's audit trail, newest first, a page at a time. */
export function roundHistory(cycleId: number, page = 1) {
  const where = and(eq(schema.auditEvents.entityType, "cycle"), eq(schema.auditEvents.entityId, cycleId));
  const total = db.select({ n: count() }).from(schema.auditEvents).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const events = db
    .select({ id: schema.auditEvents.id, at: schema.auditEvents.at, action: schema.auditEvents.action, summary: schema.auditEvents.summary, details: schema.auditEvents.details, by: schema.users.name })
    .from(schema.auditEvents)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditEvents.actorUserId))
    .where(where)
    .orderBy(desc(schema.auditEvents.at), desc(schema.auditEvents.id))
    .limit(HISTORY_PAGE_SIZE)
    .offset((current - 1) * HISTORY_PAGE_SIZE)
    .all();
  return { events, total, page: current, pageCount };
}

// ---------------------------------------------------------------------------------------------
// Closing reminders (npm run jobs)
// ---------------------------------------------------------------------------------------------

const DAY = 24 * 3600 * 1000;
/** Reminders before a deadline: a week before, and two days before. */
export const CLOSING_REMINDERS = [
  { key: "7-days", before: 7 * DAY },
  { key: "2-days", before: 2 * DAY },
] as const;

/**
 * Reminds every organisation with an application not yet submitted, a week and two days before
 * its deadline (the round's closing time, an extended one, or the application's own). Each
 * reminder goes once per deadline: a job run twice, or a missed run, sends nothing twice (a
 * missed week sends only the latest reminder); an extension brings new reminders for the new
 * time. Submitted applications are never reminded.
 */
export function sendClosingReminders(now = new Date()): { sent: number; alreadySent: number; applications: number } {
  const a = schema.applications;
  const c = schema.cycles;
  // The application's deadline, in SQL: the later of the round's closing time and its own.
  const deadline = sql<number>`max(${c.closesAt}, coalesce(${a.deadlineOverride}, 0))`;
  const due = db
    .select({ id: a.id, organisationId: a.organisationId, organisationName: schema.organisations.name, cycleId: c.id, deadline })
    .from(a)
    .innerJoin(c, eq(c.id, a.cycleId))
    .innerJoin(schema.organisations, eq(schema.organisations.id, a.organisationId))
    .where(and(eq(c.status, "published"), inArray(a.status, [...UNSUBMITTED]), sql`${c.opensAt} <= ${now.getTime()}`, sql`${deadline} > ${now.getTime()}`, sql`${deadline} <= ${now.getTime() + CLOSING_REMINDERS[0].before}`))
    .orderBy(asc(a.id))
    .all();
  let sent = 0;
  let alreadySent = 0;
  const rounds = new Map<number, { cycle: Cycle; programmeName: string }>();
  transaction((tx) => {
    for (const d of due) {
      const deadlineAt = new Date(Number(d.deadline));
      // The latest reminder whose time has come.
      const reminder = [...CLOSING_REMINDERS].reverse().find((r) => now.getTime() >= deadlineAt.getTime() - r.before)!;
      let round = rounds.get(d.cycleId);
      if (!round) {
        const found = cycleIn(tx, d.cycleId)!;
        round = { cycle: found.cycle, programmeName: found.programme.name };
        rounds.set(d.cycleId, round);
      }
      const days = Math.floor((deadlineAt.getTime() - now.getTime()) / DAY);
      for (const r of letterRecipients(tx, d.organisationId)) {
        const added = enqueueEmail(tx, {
          to: r.email,
          template: "closing-reminder",
          data: { ...drafterEmailData(tx, round.cycle, round.programmeName, d.organisationName, d.id), deadline: deadlineAt.toISOString(), days },
          dedupeKey: `closing-reminder:${d.id}:${deadlineAt.getTime()}:${reminder.key}:${r.key}`,
        });
        if (added) sent++;
        else alreadySent++;
      }
    }
  });
  return { sent, alreadySent, applications: due.length };
}

export type { RoundStage };
export { deadlineOf };
