// Programmes and their cycles, as applicants and the public see them.
import { and, asc, eq, gt, lte } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";

export type Cycle = typeof schema.cycles.$inferSelect;

/** Open for applications: published, and now is within its dates (to the second). */
export function isOpen(cycle: Pick<Cycle, "status" | "opensAt" | "closesAt">, now = new Date()): boolean {
  return cycle.status === "published" && cycle.opensAt <= now && now < cycle.closesAt;
}

/** Every programme, each with the cycles open now. */
export function listProgrammesWithOpenCycles(now = new Date()) {
  const programmes = db.select().from(schema.programmes).orderBy(asc(schema.programmes.sortOrder)).all();
  const open = db
    .select()
    .from(schema.cycles)
    .where(and(eq(schema.cycles.status, "published"), lte(schema.cycles.opensAt, now), gt(schema.cycles.closesAt, now)))
    .orderBy(asc(schema.cycles.closesAt))
    .all();
  return programmes.map((programme) => ({
    ...programme,
    openCycles: open.filter((c) => c.programmeId === programme.id),
  }));
}

/** Every cycle with its programme's name, newest first (staff). */
export function listCycles() {
  return db
    .select({
      id: schema.cycles.id,
      name: schema.cycles.name,
      status: schema.cycles.status,
      opensAt: schema.cycles.opensAt,
      closesAt: schema.cycles.closesAt,
      budgetPence: schema.cycles.budgetPence,
      isDemo: schema.cycles.isDemo,
      programmeName: schema.programmes.name,
    })
    .from(schema.cycles)
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
    .orderBy(asc(schema.programmes.sortOrder), asc(schema.cycles.opensAt))
    .all();
}

/** A cycle with its programme, as applicants see it; drafts are not shown to anyone but staff. */
export function getPublicCycle(id: number) {
  const row = db
    .select({ cycle: schema.cycles, programme: schema.programmes })
    .from(schema.cycles)
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
    .where(eq(schema.cycles.id, id))
    .get();
  if (!row || row.cycle.status === "draft") return null;
  return row;
}
