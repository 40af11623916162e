// The audit trail: append a row in the same transaction as the change it records.
import { and, desc, eq } from "drizzle-orm";
import { db, schema, type DbOrTx } from "~/utils/db.server";

export type AuditEntry = {
  actorUserId: number | null;
  action: string;
  entityType: string;
  entityId?: number | null;
  summary?: string;
  details?: Record<string, unknown>;
};

export function recordAudit(tx: DbOrTx, entry: AuditEntry) {
  tx.insert(schema.auditEvents)
    .values({
      actorUserId: entry.actorUserId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      summary: entry.summary ?? null,
      details: entry.details ?? null,
    })
    .run();
}

export function listAuditFor(entityType: string, entityId: number) {
  return db
    .select()
    .from(schema.auditEvents)
    .where(and(eq(schema.auditEvents.entityType, entityType), eq(schema.auditEvents.entityId, entityId)))
    .orderBy(desc(schema.auditEvents.at), desc(schema.auditEvents.id))
    .all();
}
