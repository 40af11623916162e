// Programmes as staff run them: the list with each one's rounds, a programme's page, adding one
// (admins: a Marmot Place may run a third fund), changing its words and its usual return schedule,
// retiring it and bringing it back. The rules live here, whatever the pages show:
// - the reference prefix is unique, and fixed once the programme has an application (its
//   references carry it); only an admin changes it;
// - a programme with a round published and not yet closed cannot be retired; a retired one is not
//   offered to applicants and gets no new rounds (`whyNoNewRound`);
// - every change is one transaction with its audit row (entity "programme"), before and after.
import { and, asc, count, desc, eq, gt, sql } from "drizzle-orm";
import type { UsualReturn } from "~db/schema";
import type { ScheduleItemInput } from "~/schemas/return";
import type { ProgrammeWords } from "~/schemas/programme";
import { db, schema, transaction, type DbOrTx } from "~/utils/db.server";
import { formatDateTime } from "~/utils/format";
import { fingerprint } from "./applications.server";
import { recordAudit } from "./audit.server";
import { currentTerms, placeFileReturnSchedule } from "./awards.server";

export type Programme = typeof schema.programmes.$inferSelect;
type Actor = { id: number; isStaff: boolean; isAdmin: boolean };

export type ProgrammeResult<T = object> =
  | ({ ok: true; changed: boolean } & T)
  | { ok: false; status: 403 | 404 | 409; message: string; /** The form field the refusal is about. */ field?: string };

const refused = (status: 403 | 404 | 409, message: string, field?: string) => ({ ok: false as const, status, message, field });

const { programmes, cycles } = schema;

/** Published and not yet closed: open now, or opening later. */
const liveRound = (now: Date) => and(eq(cycles.status, "published"), gt(cycles.closesAt, now));

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/** Every programme with how many rounds it has, how many are open now and opening later; retired ones last. */
export function listProgrammesForStaff(now = new Date(), tx: DbOrTx = db) {
  const t = now.getTime();
  return tx
    .select({
      id: programmes.id,
      name: programmes.name,
      referencePrefix: programmes.referencePrefix,
      archivedAt: programmes.archivedAt,
      rounds: count(cycles.id),
      open: sql<number>`coalesce(sum(case when ${cycles.status} = 'published' and ${cycles.opensAt} <= ${t} and ${cycles.closesAt} > ${t} then 1 else 0 end), 0)`,
      scheduled: sql<number>`coalesce(sum(case when ${cycles.status} = 'published' and ${cycles.opensAt} > ${t} then 1 else 0 end), 0)`,
      drafts: sql<number>`coalesce(sum(case when ${cycles.status} = 'draft' then 1 else 0 end), 0)`,
    })
    .from(programmes)
    .leftJoin(cycles, eq(cycles.programmeId, programmes.id))
    .groupBy(programmes.id)
    .orderBy(sql`${programmes.archivedAt} is not null`, asc(programmes.sortOrder), asc(programmes.name))
    .all();
}

/** How many applications the programme's rounds have had (any state): its references carry the prefix. */
export function applicationCount(programmeId: number, tx: DbOrTx = db): number {
  return (
    tx
      .select({ n: count() })
      .from(schema.applications)
      .innerJoin(cycles, eq(cycles.id, schema.applications.cycleId))
      .where(eq(cycles.programmeId, programmeId))
      .get()?.n ?? 0
  );
}

/** A round of the programme that is published and not yet closed, if any: retiring waits for it. */
function liveRoundOf(programmeId: number, now: Date, tx: DbOrTx) {
  return tx
    .select({ id: cycles.id, name: cycles.name, opensAt: cycles.opensAt, closesAt: cycles.closesAt })
    .from(cycles)
    .where(and(eq(cycles.programmeId, programmeId), liveRound(now)))
    .orderBy(asc(cycles.closesAt))
    .limit(1)
    .get();
}

/** Why this person may not change the programme's reference prefix now, or null when they may. */
export function whyPrefixFixed(user: Pick<Actor, "isAdmin">, programmeId: number, tx: DbOrTx = db): string | null {
  const applications = applicationCount(programmeId, tx);
  if (applications) {
    return `The reference prefix cannot change: the programme has ${applications === 1 ? "an application" : `${applications} applications`}, and ${applications === 1 ? "its reference carries" : "their references carry"} it.`;
  }
  if (!user.isAdmin) return "Only an admin can change the reference prefix.";
  return null;
}

/** Why no new round can be created in the programme, or null: a retired programme gets none. */
export function whyNoNewRound(programmeId: number, tx: DbOrTx = db): string | null {
  const programme = tx.select({ archivedAt: programmes.archivedAt }).from(programmes).where(eq(programmes.id, programmeId)).get();
  if (!programme) return "There is no such programme.";
  if (programme.archivedAt) return "The programme is retired: bring it back before creating a round in it.";
  return null;
}

/** The programme's usual return schedule, and whether staff set it (else it is the place file's). */
export function usualScheduleOf(programme: Pick<Programme, "slug" | "returnSchedule">): { items: UsualReturn[]; own: boolean; seen: string } {
  const own = programme.returnSchedule !== null;
  const items = programme.returnSchedule ?? placeFileReturnSchedule(programme.slug);
  return { items, own, seen: scheduleFingerprint(programme.returnSchedule) };
}

const scheduleFingerprint = (stored: UsualReturn[] | null) =>
  fingerprint({ schedule: stored === null ? null : stored.map((i) => [i.kind, i.title, i.dueMonthsAfterStart]) });

/** Everything the programme's page shows: its words, rounds (newest first), terms and usual returns. */
export function programmeForStaff(programmeId: number, now = new Date(), tx: DbOrTx = db) {
  const programme = tx.select().from(programmes).where(eq(programmes.id, programmeId)).get();
  if (!programme) return null;
  const rounds = tx
    .select({
      id: cycles.id,
      name: cycles.name,
      status: cycles.status,
      opensAt: cycles.opensAt,
      closesAt: cycles.closesAt,
      scoringOpensAt: cycles.scoringOpensAt,
      decisionsReleasedAt: cycles.decisionsReleasedAt,
      closedOutAt: cycles.closedOutAt,
      isDemo: cycles.isDemo,
    })
    .from(cycles)
    .where(eq(cycles.programmeId, programmeId))
    .orderBy(desc(cycles.opensAt), desc(cycles.id))
    .all();
  const terms = currentTerms(programmeId, tx);
  return {
    programme,
    rounds,
    terms: terms ? { version: terms.version, title: terms.title, createdAt: terms.createdAt } : null,
    schedule: usualScheduleOf(programme),
    applications: applicationCount(programmeId, tx),
    liveRound: liveRoundOf(programmeId, now, tx) ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Adding and changing
// ---------------------------------------------------------------------------------------------

/** "Health Equity Fund 2" → "health-equity-fund-2"; a number is added when the slug is taken. */
export function slugFor(name: string, taken: (slug: string) => boolean): string {
  const base =
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/&/g, " and ")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 50)
      .replace(/-+$/g, "") || "programme";
  let slug = base;
  for (let n = 2; taken(slug); n++) slug = `${base}-${n}`;
  return slug;
}

function prefixTaken(tx: DbOrTx, prefix: string, exceptId: number | null) {
  const other = tx.select({ id: programmes.id, name: programmes.name }).from(programmes).where(eq(programmes.referencePrefix, prefix)).get();
  return other && other.id !== exceptId ? other : null;
}

const WORD_FIELDS = ["name", "summary", "description", "runBy", "funderName", "funderOrgId"] as const;

/** Adds a programme (admins only). Its slug is made from its name; its prefix must be free. */
export function addProgramme(actor: Actor, input: ProgrammeWords): ProgrammeResult<{ id: number }> {
  if (!actor.isAdmin) return refused(403, "Only an admin can add a programme.");
  return transaction((tx): ProgrammeResult<{ id: number }> => {
    const other = prefixTaken(tx, input.referencePrefix, null);
    if (other) return refused(409, `${other.name} already uses the reference prefix ${input.referencePrefix}. Choose another.`, "referencePrefix");
    const slug = slugFor(input.name, (s) => Boolean(tx.select({ id: programmes.id }).from(programmes).where(eq(programmes.slug, s)).get()));
    const last = tx.select({ max: sql<number | null>`max(${programmes.sortOrder})` }).from(programmes).get();
    const created = tx
      .insert(programmes)
      .values({ ...input, slug, sortOrder: (last?.max ?? -1) + 1 })
      .returning({ id: programmes.id })
      .get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "programme.created",
      entityType: "programme",
      entityId: created.id,
      summary: `Added the programme "${input.name}" (references ${input.referencePrefix}-…)`,
      details: { before: null, after: { ...input, slug } },
    });
    return { ok: true, changed: true, id: created.id };
  });
}

/**
 * Changes a programme's words (staff), and its reference prefix when given and different (an
 * admin, and only while the programme has no application). Nothing changed, nothing audited.
 */
export function updateProgramme(
  actor: Actor,
  programmeId: number,
  input: Omit<ProgrammeWords, "referencePrefix"> & { referencePrefix?: string },
): ProgrammeResult {
  if (!actor.isStaff) return refused(403, "Only staff can change a programme.");
  return transaction((tx): ProgrammeResult => {
    const before = tx.select().from(programmes).where(eq(programmes.id, programmeId)).get();
    if (!before) return refused(404, "Page not found.");
    const change: Partial<Record<(typeof WORD_FIELDS)[number] | "referencePrefix", string | null>> = {};
    for (const field of WORD_FIELDS) if (input[field] !== before[field]) change[field] = input[field];
    if (input.referencePrefix !== undefined && input.referencePrefix !== before.referencePrefix) {
      const why = whyPrefixFixed(actor, programmeId, tx);
      if (why) return refused(actor.isAdmin ? 409 : 403, why, "referencePrefix");
      const other = prefixTaken(tx, input.referencePrefix, programmeId);
      if (other) return refused(409, `${other.name} already uses the reference prefix ${input.referencePrefix}. Choose another.`, "referencePrefix");
      change.referencePrefix = input.referencePrefix;
    }
    const fields = Object.keys(change) as (keyof typeof change)[];
    if (!fields.length) return { ok: true, changed: false };
    tx.update(programmes)
      .set(change as Partial<typeof programmes.$inferInsert>)
      .where(eq(programmes.id, programmeId))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "programme.updated",
      entityType: "programme",
      entityId: programmeId,
      summary: `Changed ${fields.map((f) => FIELD_NAMES[f]).join(", ")}`,
      details: { before: Object.fromEntries(fields.map((f) => [f, before[f]])), after: change },
    });
    return { ok: true, changed: true };
  });
}

const FIELD_NAMES: Record<(typeof WORD_FIELDS)[number] | "referencePrefix", string> = {
  name: "the name",
  referencePrefix: "the reference prefix",
  summary: "the summary",
  description: "the description",
  runBy: "who runs it",
  funderName: "the funder's name",
  funderOrgId: "the funder organisation identifier",
};

/**
 * Retires a programme (no new rounds, not offered to applicants; its rounds and records stay) or
 * brings it back. Retiring is refused while a round of it is published and not yet closed.
 */
export function setProgrammeRetired(actor: Actor, programmeId: number, retire: boolean, now = new Date()): ProgrammeResult {
  if (!actor.isStaff) return refused(403, "Only staff can retire a programme or bring it back.");
  return transaction((tx): ProgrammeResult => {
    const before = tx.select().from(programmes).where(eq(programmes.id, programmeId)).get();
    if (!before) return refused(404, "Page not found.");
    if (Boolean(before.archivedAt) === retire) return { ok: true, changed: false };
    if (retire) {
      const live = liveRoundOf(programmeId, now, tx);
      if (live) {
        const when = live.opensAt > now ? `opens on ${formatDateTime(live.opensAt)}` : `is open until ${formatDateTime(live.closesAt)}`;
        return refused(409, `The programme cannot be retired while a round of it is published: ${live.name} ${when}. Close the round first.`);
      }
    }
    const archivedAt = retire ? now : null;
    tx.update(programmes).set({ archivedAt }).where(eq(programmes.id, programmeId)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: retire ? "programme.retired" : "programme.restored",
      entityType: "programme",
      entityId: programmeId,
      summary: retire ? `Retired ${before.name}: no new rounds, not offered to applicants` : `Brought ${before.name} back`,
      details: { before: { archivedAt: before.archivedAt?.toISOString() ?? null }, after: { archivedAt: archivedAt?.toISOString() ?? null } },
    });
    return { ok: true, changed: true };
  });
}

/**
 * Sets the programme's usual return schedule (staff). Rounds with no schedule of their own take it
 * when their decisions are released; rounds with their own keep theirs. `seen` is the schedule
 * the page showed: a save over a colleague's change is refused.
 */
export function saveUsualReturnSchedule(actor: Actor, programmeId: number, input: { items: ScheduleItemInput[]; seen: string }): ProgrammeResult & { conflict?: boolean } {
  if (!actor.isStaff) return refused(403, "Only staff can set a programme's usual returns.");
  return transaction((tx): ProgrammeResult & { conflict?: boolean } => {
    const before = tx.select().from(programmes).where(eq(programmes.id, programmeId)).get();
    if (!before) return refused(404, "Page not found.");
    if (scheduleFingerprint(before.returnSchedule) !== input.seen) {
      return { ...refused(409, "Someone else changed the usual return schedule after you opened this page, so your changes were not saved."), conflict: true };
    }
    const after: UsualReturn[] = [...input.items]
      .map((item, i) => ({ item, i }))
      .sort((a, b) => a.item.dueMonthsAfterStart - b.item.dueMonthsAfterStart || a.i - b.i)
      .map(({ item }) => ({ kind: item.kind, title: item.title, dueMonthsAfterStart: item.dueMonthsAfterStart }));
    const current = usualScheduleOf(before).items;
    if (before.returnSchedule !== null && JSON.stringify(current) === JSON.stringify(after)) return { ok: true, changed: false };
    tx.update(programmes).set({ returnSchedule: after }).where(eq(programmes.id, programmeId)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "programme.return_schedule_changed",
      entityType: "programme",
      entityId: programmeId,
      summary: `Usual returns: ${after.map((i) => `${i.title} at ${i.dueMonthsAfterStart} months`).join(", ")}`,
      details: { before: before.returnSchedule ?? { placeFile: current }, after },
    });
    return { ok: true, changed: true };
  });
}
