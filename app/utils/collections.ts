// Small helpers for shaping query results in memory, where SQL would need one query per row.

/** Rows grouped by a key, in their original order (Node 20 has no Map.groupBy). */
export function groupBy<T, K>(rows: readonly T[], keyOf: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
