// Rows that can no longer be used, cleared away once an hour by the server.
import { and, isNotNull, lt, or } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
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
    signInFailures: db
      .delete(schema.signInFailures)
      .where(lt(schema.signInFailures.createdAt, new Date(now.getTime() - SIGN_IN_FAILURE_WINDOW_MS)))
      .run().changes,
  };
}
