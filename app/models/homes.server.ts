// What each role's home page shows: the person's organisations, panels, or the cycles to run.
import { and, count, eq, inArray } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";

export function organisationsOf(userId: number) {
  return db
    .select({
      id: schema.organisations.id,
      name: schema.organisations.name,
      type: schema.organisations.type,
      role: schema.organisationMembers.role,
      wardName: schema.areas.name,
    })
    .from(schema.organisationMembers)
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.organisationMembers.organisationId))
    .leftJoin(schema.areas, eq(schema.areas.id, schema.organisations.wardId))
    .where(eq(schema.organisationMembers.userId, userId))
    .orderBy(schema.organisations.name)
    .all();
}

export function applicationsOf(organisationIds: number[]) {
  if (!organisationIds.length) return [];
  return db
    .select({
      id: schema.applications.id,
      reference: schema.applications.reference,
      title: schema.applications.title,
      status: schema.applications.status,
      cycleName: schema.cycles.name,
      organisationName: schema.organisations.name,
      updatedAt: schema.applications.updatedAt,
    })
    .from(schema.applications)
    .innerJoin(schema.cycles, eq(schema.cycles.id, schema.applications.cycleId))
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
    .where(inArray(schema.applications.organisationId, organisationIds))
    .orderBy(schema.applications.updatedAt)
    .all();
}

export function panelsOf(userId: number) {
  return db
    .select({
      cycleId: schema.cycles.id,
      cycleName: schema.cycles.name,
      programmeName: schema.programmes.name,
      scoringOpensAt: schema.cycles.scoringOpensAt,
      scoringClosesAt: schema.cycles.scoringClosesAt,
      affiliation: schema.panelMembers.affiliation,
    })
    .from(schema.panelMembers)
    .innerJoin(schema.cycles, eq(schema.cycles.id, schema.panelMembers.cycleId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
    .where(and(eq(schema.panelMembers.userId, userId), eq(schema.panelMembers.status, "active")))
    .all();
}

/** Applications per cycle and status, for the staff home page. */
export function applicationCounts(): Map<number, Record<string, number>> {
  const rows = db
    .select({ cycleId: schema.applications.cycleId, status: schema.applications.status, n: count() })
    .from(schema.applications)
    .groupBy(schema.applications.cycleId, schema.applications.status)
    .all();
  const counts = new Map<number, Record<string, number>>();
  for (const row of rows) {
    const forCycle = counts.get(row.cycleId) ?? {};
    forCycle[row.status] = row.n;
    counts.set(row.cycleId, forCycle);
  }
  return counts;
}
