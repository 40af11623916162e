// Programmes and their cycles, as applicants and the public see them, and when a round (or one
// application with its own later deadline) is open.
import { and, asc, desc, eq, gt, isNull } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";

export type Cycle = typeof schema.cycles.$inferSelect;

/** Open for applications: published, and now is within its dates (to the second). */
export function isOpen(cycle: Pick<Cycle, "status" | "opensAt" | "closesAt">, now = new Date()): boolean {
  return cycle.status === "published" && cycle.opensAt <= now && now < cycle.closesAt;
}

/** An application's deadline: the round's closing time, or the later one staff gave it alone. */
export function deadlineOf(cycle: Pick<Cycle, "closesAt">, application?: { deadlineOverride: Date | null } | null): Date {
  const own = application?.deadlineOverride;
  return own && own > cycle.closesAt ? own : cycle.closesAt;
}

/** Open for this application: the round is published and opened, and its own deadline has not passed. */
export function isOpenFor(
  cycle: Pick<Cycle, "status" | "opensAt" | "closesAt">,
  application: { deadlineOverride: Date | null } | null | undefined,
  now = new Date(),
): boolean {
  return cycle.status === "published" && cycle.opensAt <= now && now < deadlineOf(cycle, application);
}

/**
 * Every programme that is not retired, each with its rounds open now and those published to
 * open later ("opens on …"), soonest first.
 */
export function listProgrammesWithOpenCycles(now = new Date()) {
  const programmes = db
    .select()
    .from(schema.programmes)
    .where(isNull(schema.programmes.archivedAt))
    .orderBy(asc(schema.programmes.sortOrder), asc(schema.programmes.id))
    .all();
  const published = db
    .select()
    .from(schema.cycles)
    .where(and(eq(schema.cycles.status, "published"), gt(schema.cycles.closesAt, now)))
    .orderBy(asc(schema.cycles.closesAt))
    .all();
  return programmes.map((programme) => {
    const mine = published.filter((c) => c.programmeId === programme.id);
    return {
      ...programme,
      openCycles: mine.filter((c) => c.opensAt <= now),
      scheduledCycles: mine.filter((c) => c.opensAt > now).sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime()),
    };
  });
}

/** Every cycle with its programme's name, by programme then newest first (staff). */
export function listCycles() {
  return db
    .select({
      id: schema.cycles.id,
      name: schema.cycles.name,
      status: schema.cycles.status,
      opensAt: schema.cycles.opensAt,
      closesAt: schema.cycles.closesAt,
      scoringOpensAt: schema.cycles.scoringOpensAt,
      decisionsReleasedAt: schema.cycles.decisionsReleasedAt,
      closedOutAt: schema.cycles.closedOutAt,
      budgetPence: schema.cycles.budgetPence,
      isDemo: schema.cycles.isDemo,
      programmeId: schema.programmes.id,
      programmeName: schema.programmes.name,
    })
    .from(schema.cycles)
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
    .orderBy(asc(schema.programmes.sortOrder), asc(schema.programmes.id), desc(schema.cycles.opensAt), desc(schema.cycles.id))
    .all();
}

/**
 * A cycle with its programme, as applicants see it: drafts and retired rounds are shown to
 * nobody, except to staff as a preview (`preview: true`), which stores nothing.
 */
export function getPublicCycle(id: number, viewer?: { isStaff: boolean } | null) {
  const row = db
    .select({ cycle: schema.cycles, programme: schema.programmes })
    .from(schema.cycles)
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
    .where(eq(schema.cycles.id, id))
    .get();
  if (!row) return null;
  const hidden = row.cycle.status !== "published";
  if (hidden && !viewer?.isStaff) return null;
  return { ...row, preview: hidden };
}

/** One programme, for staff pages about its rounds. */
export function getProgramme(id: number) {
  return db.select().from(schema.programmes).where(eq(schema.programmes.id, id)).get() ?? null;
}
