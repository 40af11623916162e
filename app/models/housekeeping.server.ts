// Rows that can no longer be used, cleared away once an hour by the server.
import { and, eq, isNotNull, lt, or } from "drizzle-orm";
import { db, schema, transaction } from "~/utils/db.server";
import { recordAudit } from "./audit.server";
import { pruneSessions } from "~/utils/session.server";
import { SIGN_IN_FAILURE_WINDOW_MS } from "./accounts.server";

export function pruneExpired(now = new Date()) {
  const dayAgo = new Date(now.getTime() - 24 * 3600 * 1000);
  return {
    sessions: pruneSessions(now),
    tokens: db
      .delete(schema.userTokens)
      .where(
        or(
          lt(schema.userTokens.expiresAt, dayAgo),
          and(isNotNull(schema.userTokens.usedAt), lt(schema.userTokens.usedAt, dayAgo)),
        ),
      )
      .run().changes,
    fingertipsPreviews: expireFingertipsPreviews(now),
    signInFailures: db
      .delete(schema.signInFailures)
      .where(lt(schema.signInFailures.createdAt, new Date(now.getTime() - SIGN_IN_FAILURE_WINDOW_MS)))
      .run().changes,
  };
}

/** A Fingertips preview neither imported nor discarded is kept this long, then discarded. */
export const PREVIEW_KEPT_DAYS = 7;

/**
 * Previews left more than PREVIEW_KEPT_DAYS: marked discarded and their file text cleared (a file
 * can be up to 20 MB; the report stays as a record). Answers how many.
 */
export function expireFingertipsPreviews(now = new Date()): number {
  const cutoff = new Date(now.getTime() - PREVIEW_KEPT_DAYS * 24 * 3600 * 1000);
  return transaction((tx) => {
    const old = tx
      .select({ id: schema.indicatorImports.id, fileName: schema.indicatorImports.fileName })
      .from(schema.indicatorImports)
      .where(and(eq(schema.indicatorImports.status, "previewed"), lt(schema.indicatorImports.createdAt, cutoff)))
      .all();
    for (const row of old) {
      tx.update(schema.indicatorImports).set({ status: "discarded", fileText: null }).where(eq(schema.indicatorImports.id, row.id)).run();
      recordAudit(tx, {
        actorUserId: null,
        action: "indicator_import.discarded",
        entityType: "indicator_import",
        entityId: row.id,
        summary: `Discarded ${row.fileName ?? "a Fingertips file"}: not imported within ${PREVIEW_KEPT_DAYS} days of the preview`,
      });
    }
    return old.length;
  });
}
