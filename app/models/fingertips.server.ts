// OHID Fingertips CSV exports, brought into indicator_values. Staff upload a file and see a
// preview (nothing written); "Import these values" then writes it in one transaction. The same
// reading serves `npm run import:fingertips -- FILE.csv`.
//
// Rules (the README's "OHID Fingertips exports" section):
// - Columns are read by name: their order varies, newer exports add columns, and the name of
//   the "Compared to <parent> …" column depends on the parent. A file without one of the
//   REQUIRED_COLUMNS is refused, naming them.
// - Indicator: "Indicator ID" = indicators.fingertips_id. Area: by ONS code ("Area Code"); else,
//   for ward rows ("Area Type" mentions ward), a ward with no code of its own by its name (trimmed,
//   any case) when the row's parent is not another local authority; else the comparator group
//   of that exact name ("Luton's statistical neighbours").
// - "Value", the CIs, "Count" and "Denominator": blank or not a number is NULL, never 0. "Value
//   note" is kept. "Time period" is a label ("2018 - 20"); "Time period Sortable" orders it.
// - Every row of the file is new, changed, unchanged, or skipped with its reason and its row
//   number (the line of the file, the header being row 1): unknown area, indicator not in the
//   portal, repeated row (the first is kept), unreadable line. Nothing is dropped silently.
// - Re-importing the same file changes nothing: a value is written only where it differs.
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { and, desc, eq, inArray } from "drizzle-orm";
import { db, schema, transaction, type DbOrTx } from "~/utils/db.server";
import { FINGERTIPS_MESSAGES, MAX_FINGERTIPS_BYTES, REQUIRED_COLUMNS } from "~/schemas/indicator";
import { recordAudit } from "./audit.server";
import { getPlace } from "./place.server";

export const FINGERTIPS_SOURCE = "OHID Fingertips";
export { FINGERTIPS_MESSAGES, MAX_FINGERTIPS_BYTES, REQUIRED_COLUMNS };
const OPTIONAL_COLUMNS = [
  "Parent Code",
  "Category Type",
  "Category",
  "Lower CI 95.0 limit",
  "Upper CI 95.0 limit",
  "Count",
  "Denominator",
  "Value note",
] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/** One data row of the file, read by column name. */
export type FileRow = {
  row: number;
  fingertipsId: number;
  indicatorName: string;
  parentCode: string;
  areaCode: string;
  areaName: string;
  areaType: string;
  sex: string;
  age: string;
  categoryType: string;
  category: string;
  period: string;
  periodSortable: number | null;
  value: number | null;
  lowerCi95: number | null;
  upperCi95: number | null;
  count: number | null;
  denominator: number | null;
  valueNote: string | null;
};

export type Unreadable = { row: string; reason: string };

export type ReadFile =
  | { ok: true; rows: FileRow[]; unreadable: Unreadable[]; lines: number }
  | { ok: false; message: string };

/** A number from a cell: blank, "-", "*", "x" and anything else not a number is null (missing). */
export function numberOrNull(cell: string | undefined): number | null {
  const text = (cell ?? "").trim().replace(/,/g, "");
  if (text === "" || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** Bytes as uploaded → text, or why not. */
export function decodeCsv(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  if (bytes.byteLength === 0) return { ok: false, message: FINGERTIPS_MESSAGES.empty };
  if (bytes.byteLength > MAX_FINGERTIPS_BYTES) return { ok: false, message: FINGERTIPS_MESSAGES.tooLarge };
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (text.includes("\u0000")) return { ok: false, message: FINGERTIPS_MESSAGES.notText };
    return { ok: true, text };
  } catch {
    return { ok: false, message: FINGERTIPS_MESSAGES.notText };
  }
}

/** Reads a Fingertips export. Refuses a file that lacks a required column, naming it. */
export function readFingertipsCsv(text: string): ReadFile {
  const skipped: { lines: number; message: string }[] = [];
  let records: { info: { lines: number }; record: string[] }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error) skipped.push({ lines: (error as { lines?: number }).lines ?? 0, message: error.message });
        return undefined;
      },
    }) as unknown as { info: { lines: number }; record: string[] }[];
  } catch (error) {
    return { ok: false, message: `The file could not be read as CSV: ${error instanceof Error ? error.message : String(error)}` };
  }
  const header = records[0]?.record.map((h) => h.trim()) ?? [];
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (!records.length || missing.length) {
    return {
      ok: false,
      message: `The file is missing ${missing.length === 1 ? "this column" : "these columns"}: ${missing.join(", ")}. Upload a data export (CSV) from Fingertips, with its header row as Fingertips wrote it.`,
    };
  }
  const index = new Map<Column, number>();
  for (const c of [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]) {
    const i = header.indexOf(c);
    if (i !== -1) index.set(c, i);
  }

  const rows: FileRow[] = [];
  const unreadable: Unreadable[] = [];
  let previousEnd = records[0]!.info.lines;
  const rangeOf = (end: number) => (end > previousEnd + 1 ? `${previousEnd + 1}–${end}` : String(end));
  const skippedQueue = [...skipped].sort((a, b) => a.lines - b.lines);
  const flushSkipped = (upTo: number) => {
    while (skippedQueue.length && skippedQueue[0]!.lines <= upTo) {
      const s = skippedQueue.shift()!;
      unreadable.push({ row: rangeOf(s.lines), reason: `The line could not be read as CSV (${s.message.split(":")[0]})` });
      previousEnd = s.lines;
    }
  };

  for (const { info, record } of records.slice(1)) {
    flushSkipped(info.lines - 1);
    const rowLabel = rangeOf(info.lines);
    const rowNumber = info.lines;
    previousEnd = info.lines;
    if (record.length !== header.length) {
      unreadable.push({ row: rowLabel, reason: `The line has ${record.length} ${record.length === 1 ? "field" : "fields"} where the header has ${header.length}` });
      continue;
    }
    const cell = (c: Column) => {
      const i = index.get(c);
      return i === undefined ? "" : (record[i] ?? "").trim();
    };
    const idText = cell("Indicator ID");
    if (!/^\d{1,9}$/.test(idText) || Number(idText) < 1) {
      unreadable.push({ row: rowLabel, reason: idText ? `The Indicator ID "${idText}" is not a whole number` : "The line has no Indicator ID" });
      continue;
    }
    const period = cell("Time period");
    if (!period) {
      unreadable.push({ row: rowLabel, reason: "The line has no Time period" });
      continue;
    }
    if (!cell("Area Code") && !cell("Area Name")) {
      unreadable.push({ row: rowLabel, reason: "The line has no Area Code or Area Name" });
      continue;
    }
    const sortableText = cell("Time period Sortable");
    const rawValue = cell("Value");
    const value = numberOrNull(rawValue);
    let valueNote = cell("Value note") || null;
    if (value === null && rawValue !== "" && !valueNote) valueNote = `Given as "${rawValue}" in the file, which is not a number`;
    rows.push({
      row: rowNumber,
      fingertipsId: Number(idText),
      indicatorName: cell("Indicator Name"),
      parentCode: cell("Parent Code"),
      areaCode: cell("Area Code"),
      areaName: cell("Area Name"),
      areaType: cell("Area Type"),
      sex: cell("Sex") || "Persons",
      age: cell("Age") || "All ages",
      categoryType: cell("Category Type"),
      category: cell("Category"),
      period,
      periodSortable: /^-?\d{1,12}$/.test(sortableText) ? Number(sortableText) : null,
      value,
      lowerCi95: numberOrNull(cell("Lower CI 95.0 limit")),
      upperCi95: numberOrNull(cell("Upper CI 95.0 limit")),
      count: numberOrNull(cell("Count")),
      denominator: numberOrNull(cell("Denominator")),
      valueNote,
    });
  }
  flushSkipped(Number.MAX_SAFE_INTEGER);
  const lines = Math.max(previousEnd, records[records.length - 1]!.info.lines);
  return { ok: true, rows, unreadable, lines };
}

// ---------------------------------------------------------------------------------------------
// Comparing a file with what is stored
// ---------------------------------------------------------------------------------------------

type AreaSummary = { areaId: number; name: string; kind: string; new: number; changed: number; unchanged: number; missing: number; periods: string[] };

/** What a file would do (preview) or did (import). Kept as the import's report. */
export type ImportReport = {
  version: 1;
  /** Data rows in the file (lines after the header, not counting empty ones). */
  rowsRead: number;
  counts: { new: number; changed: number; unchanged: number; skipped: number; missing: number };
  indicators: {
    indicatorId: number;
    name: string;
    fingertipsId: number;
    new: number;
    changed: number;
    unchanged: number;
    missing: number;
    areas: AreaSummary[];
  }[];
  /** Changed values, old and new (the first CHANGES_SHOWN). */
  changes: { row: number; indicator: string; area: string; period: string; breakdown: string; from: number | null; to: number | null }[];
  changesLeftOff: number;
  /**
   * Values stored with a number that the file would make missing (a blank cell where a value is
   * known). They come first in `changes`. Absent in reports made before it was counted.
   */
  knownToMissing?: number;
  unknownAreas: { name: string; code: string; type: string; count: number; rows: string }[];
  unknownIndicators: { fingertipsId: number; name: string; count: number; rows: string }[];
  /** Repeated rows, grouped by the row they repeat (older reports: one per row, `row` a number). */
  repeated: { row: number | string; reason: string; count?: number }[];
  /** Unreadable lines, grouped by reason. */
  unreadable: (Unreadable & { count?: number })[];
  /** Groups of repeated and unreadable rows not listed (each list shows the first LIST_SHOWN). */
  leftOff?: { repeated: number; unreadable: number };
  /**
   * What was stored, when the report was made, for the values the file touches (present or not):
   * importing a preview refuses when it differs, as the preview would no longer be what is done.
   */
  fingerprint?: string;
};

const CHANGES_SHOWN = 100;
/** At most this many groups of skipped rows, and row ranges in one group, are kept in a report. */
export const LIST_SHOWN = 100;
const AREA_KIND_ORDER = ["country", "region", "local_authority", "comparator_group", "neighbourhood", "ward"];

type Write = { existingId: number | null; row: FileRow; indicatorId: number; areaId: number };

/** "2–5, 9, 13": row numbers as ranges; after `limit` ranges, "and N more rows". */
export function rowRanges(numbers: number[], limit = LIST_SHOWN): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length && parts.length < limit) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  const more = sorted.length - i;
  if (more > 0) parts.push(`and ${more.toLocaleString("en-GB")} more ${more === 1 ? "row" : "rows"}`);
  return parts.join(", ");
}

/** Row labels ("7", "3–4") back to numbers, to group them. */
function rowsOfLabel(label: string): number[] {
  const [from, to] = label.split("–").map(Number);
  if (!Number.isInteger(from)) return [];
  if (!Number.isInteger(to) || to! < from! || to! - from! > 1_000_000) return [from!];
  return Array.from({ length: to! - from! + 1 }, (_, k) => from! + k);
}

/** Skipped rows grouped (one entry per group, its rows as ranges), at most LIST_SHOWN groups. */
function grouped<K>(groups: Map<K, { rows: number[]; reason: string; count?: number }>): { list: { row: string; reason: string; count: number }[]; leftOff: number } {
  const all = [...groups.values()].sort((a, b) => a.rows[0]! - b.rows[0]!);
  return {
    list: all.slice(0, LIST_SHOWN).map((g) => ({ row: rowRanges(g.rows), reason: g.reason, count: g.count ?? g.rows.length })),
    leftOff: Math.max(0, all.length - LIST_SHOWN),
  };
}

export function breakdownLabel(v: { sex: string; age: string; categoryType: string; category: string }) {
  const parts = [v.sex];
  if (v.age && v.age !== "All ages") parts.push(v.age);
  if (v.categoryType || v.category) parts.push([v.categoryType, v.category].filter(Boolean).join(": "));
  return parts.join(", ");
}

const same = (a: number | null, b: number | null) => a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));

function analyse(tx: DbOrTx, file: Extract<ReadFile, { ok: true }>): { report: ImportReport; writes: Write[] } {
  const indicators = new Map(
    tx
      .select({ id: schema.indicators.id, name: schema.indicators.name, fingertipsId: schema.indicators.fingertipsId })
      .from(schema.indicators)
      .all()
      .filter((i) => i.fingertipsId !== null)
      .map((i) => [i.fingertipsId!, i]),
  );
  const areas = tx
    // Not the ward boundaries: they are big and not needed here.
    .select({ id: schema.areas.id, kind: schema.areas.kind, name: schema.areas.name, code: schema.areas.code, parentId: schema.areas.parentId, sortOrder: schema.areas.sortOrder })
    .from(schema.areas)
    .all();
  const byCode = new Map(areas.filter((a) => a.code).map((a) => [a.code!.toUpperCase(), a]));
  const wardsByName = new Map(areas.filter((a) => a.kind === "ward").map((a) => [a.name.trim().toLowerCase(), a]));
  const groupsByName = new Map(areas.filter((a) => a.kind === "comparator_group").map((a) => [a.name, a]));
  const placeCode = getPlace(tx).areaCode?.toUpperCase() ?? null;

  const areaFor = (r: FileRow) => {
    const byItsCode = r.areaCode ? byCode.get(r.areaCode.toUpperCase()) : undefined;
    if (byItsCode) return byItsCode;
    if (/ward/i.test(r.areaType)) {
      const ward = wardsByName.get(r.areaName.trim().toLowerCase());
      // A ward with a code of its own is matched by it only; a row under another authority is not ours.
      const otherParent = r.parentCode && placeCode && r.parentCode.toUpperCase() !== placeCode && /^E0[6-9]/i.test(r.parentCode);
      if (ward && !ward.code && !otherParent) return ward;
      return undefined;
    }
    return groupsByName.get(r.areaName);
  };

  const usedIndicatorIds = [...new Set(file.rows.map((r) => indicators.get(r.fingertipsId)?.id).filter((id): id is number => id !== undefined))];
  const stored = new Map<string, typeof schema.indicatorValues.$inferSelect>();
  if (usedIndicatorIds.length) {
    for (const v of tx.select().from(schema.indicatorValues).where(inArray(schema.indicatorValues.indicatorId, usedIndicatorIds)).all()) {
      stored.set(keyOf(v.indicatorId, v.areaId, v), v);
    }
  }

  const report: ImportReport = {
    version: 1,
    rowsRead: file.rows.length + file.unreadable.length,
    counts: { new: 0, changed: 0, unchanged: 0, skipped: 0, missing: 0 },
    indicators: [],
    changes: [],
    changesLeftOff: 0,
    unknownAreas: [],
    unknownIndicators: [],
    repeated: [],
    unreadable: [],
  };
  const repeatedGroups = new Map<number, { rows: number[]; reason: string }>();
  let repeatedCount = 0;
  const fingerprint = createHash("sha256");
  const toMissing: ImportReport["changes"] = [];
  const otherChanges: ImportReport["changes"] = [];
  let changedCount = 0;
  let knownToMissing = 0;
  const unknownAreas = new Map<string, { name: string; code: string; type: string; rows: number[] }>();
  const unknownIndicators = new Map<number, { fingertipsId: number; name: string; rows: number[] }>();
  const seen = new Map<string, number>();
  const perIndicator = new Map<number, ImportReport["indicators"][number] & { byArea: Map<number, AreaSummary & { sortable: Map<string, number> }> }>();
  const writes: Write[] = [];

  for (const r of file.rows) {
    const indicator = indicators.get(r.fingertipsId);
    if (!indicator) {
      const u = unknownIndicators.get(r.fingertipsId) ?? { fingertipsId: r.fingertipsId, name: r.indicatorName, rows: [] };
      u.rows.push(r.row);
      unknownIndicators.set(r.fingertipsId, u);
      continue;
    }
    const area = areaFor(r);
    if (!area) {
      const k = `${r.areaCode}|${r.areaName}|${r.areaType}`;
      const u = unknownAreas.get(k) ?? { name: r.areaName, code: r.areaCode, type: r.areaType, rows: [] };
      u.rows.push(r.row);
      unknownAreas.set(k, u);
      continue;
    }
    const key = keyOf(indicator.id, area.id, r);
    const first = seen.get(key);
    if (first !== undefined) {
      repeatedCount++;
      const g = repeatedGroups.get(first) ?? { rows: [], reason: `Repeats row ${first} (same indicator, area, sex, age, category and time period): the first is kept` };
      g.rows.push(r.row);
      repeatedGroups.set(first, g);
      continue;
    }
    seen.set(key, r.row);

    let summary = perIndicator.get(indicator.id);
    if (!summary) {
      summary = { indicatorId: indicator.id, name: indicator.name, fingertipsId: r.fingertipsId, new: 0, changed: 0, unchanged: 0, missing: 0, areas: [], byArea: new Map() };
      perIndicator.set(indicator.id, summary);
    }
    let areaSummary = summary.byArea.get(area.id);
    if (!areaSummary) {
      areaSummary = { areaId: area.id, name: area.name, kind: area.kind, new: 0, changed: 0, unchanged: 0, missing: 0, periods: [], sortable: new Map() };
      summary.byArea.set(area.id, areaSummary);
    }
    areaSummary.sortable.set(r.period, r.periodSortable ?? Number.MIN_SAFE_INTEGER);

    const before = stored.get(key);
    // What is stored now for this value (or that nothing is): the preview's fingerprint.
    fingerprint.update(
      `${key}\u0000${before ? JSON.stringify([before.id, before.updatedAt.getTime(), before.value, before.lowerCi95, before.upperCi95, before.count, before.denominator, before.periodSortable, before.valueNote]) : "none"}\n`,
    );
    let outcome: "new" | "changed" | "unchanged";
    if (!before) outcome = "new";
    else if (
      same(before.value, r.value) &&
      same(before.lowerCi95, r.lowerCi95) &&
      same(before.upperCi95, r.upperCi95) &&
      same(before.count, r.count) &&
      same(before.denominator, r.denominator) &&
      before.periodSortable === r.periodSortable &&
      (before.valueNote ?? null) === r.valueNote
    )
      outcome = "unchanged";
    else outcome = "changed";

    report.counts[outcome]++;
    summary[outcome]++;
    areaSummary[outcome]++;
    if (r.value === null) {
      report.counts.missing++;
      summary.missing++;
      areaSummary.missing++;
    }
    if (outcome !== "unchanged") writes.push({ existingId: before?.id ?? null, row: r, indicatorId: indicator.id, areaId: area.id });
    if (outcome === "changed") {
      changedCount++;
      const change = { row: r.row, indicator: indicator.name, area: area.name, period: r.period, breakdown: breakdownLabel(r), from: before!.value, to: r.value };
      // A known value the file would make missing is listed first.
      if (before!.value !== null && r.value === null) {
        knownToMissing++;
        if (toMissing.length < CHANGES_SHOWN) toMissing.push(change);
      } else if (otherChanges.length < CHANGES_SHOWN) otherChanges.push(change);
    }
  }
  report.changes = [...toMissing, ...otherChanges].slice(0, CHANGES_SHOWN);
  report.changesLeftOff = changedCount - report.changes.length;
  report.knownToMissing = knownToMissing;
  report.fingerprint = fingerprint.digest("hex");
  const repeated = grouped(repeatedGroups);
  report.repeated = repeated.list;
  // Counted as the file's unreadable entries (a broken quote's lines make one), as in `skipped`.
  const unreadableGroups = new Map<string, { rows: number[]; reason: string; count: number }>();
  for (const u of file.unreadable) {
    const g = unreadableGroups.get(u.reason) ?? { rows: [], reason: u.reason, count: 0 };
    g.count++;
    g.rows.push(...rowsOfLabel(u.row));
    unreadableGroups.set(u.reason, g);
  }
  const unreadable = grouped(new Map([...unreadableGroups].filter(([, g]) => g.rows.length > 0)));
  report.unreadable = unreadable.list;
  report.leftOff = { repeated: repeated.leftOff, unreadable: unreadable.leftOff };

  report.indicators = [...perIndicator.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ byArea, ...rest }) => ({
      ...rest,
      areas: [...byArea.values()]
        .sort((a, b) => AREA_KIND_ORDER.indexOf(a.kind) - AREA_KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name))
        .map(({ sortable, ...a }) => {
          const periods = [...sortable.entries()].sort((x, y) => x[1] - y[1]).map(([label]) => label);
          return { ...a, periods: periods.length > 2 ? [periods[0]!, periods[periods.length - 1]!] : periods };
        }),
    }));
  report.unknownAreas = [...unknownAreas.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((u) => ({ name: u.name, code: u.code, type: u.type, count: u.rows.length, rows: rowRanges(u.rows) }));
  report.unknownIndicators = [...unknownIndicators.values()]
    .sort((a, b) => a.fingertipsId - b.fingertipsId)
    .map((u) => ({ fingertipsId: u.fingertipsId, name: u.name, count: u.rows.length, rows: rowRanges(u.rows) }));
  report.counts.skipped =
    file.unreadable.length +
    repeatedCount +
    report.unknownAreas.reduce((n, u) => n + u.count, 0) +
    report.unknownIndicators.reduce((n, u) => n + u.count, 0);
  return { report, writes };
}

function keyOf(indicatorId: number, areaId: number, v: { sex: string; age: string; categoryType: string; category: string; period: string }) {
  return JSON.stringify([indicatorId, areaId, v.sex, v.age, v.categoryType, v.category, v.period]);
}

function write(tx: DbOrTx, writes: Write[], importId: number) {
  const now = new Date();
  for (const w of writes) {
    const fields = {
      periodSortable: w.row.periodSortable,
      value: w.row.value,
      lowerCi95: w.row.lowerCi95,
      upperCi95: w.row.upperCi95,
      count: w.row.count,
      denominator: w.row.denominator,
      valueNote: w.row.valueNote,
      source: FINGERTIPS_SOURCE,
      importId,
    };
    if (w.existingId !== null) {
      tx.update(schema.indicatorValues).set({ ...fields, updatedAt: now }).where(eq(schema.indicatorValues.id, w.existingId)).run();
    } else {
      tx.insert(schema.indicatorValues)
        .values({
          indicatorId: w.indicatorId,
          areaId: w.areaId,
          sex: w.row.sex,
          age: w.row.age,
          categoryType: w.row.categoryType,
          category: w.row.category,
          period: w.row.period,
          ...fields,
        })
        .run();
    }
  }
}

export const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The report kept in indicator_imports.report (see ImportReport; the column's declared type is older). */


export function readReport(raw: unknown): ImportReport | null {
  return raw && typeof raw === "object" && !Array.isArray(raw) && (raw as { version?: unknown }).version === 1 ? (raw as ImportReport) : null;
}

const countsOf = (report: ImportReport) => ({
  rowsRead: report.rowsRead,
  rowsStored: report.counts.new + report.counts.changed,
  rowsUnchanged: report.counts.unchanged,
  rowsSkipped: report.counts.skipped,
});

// ---------------------------------------------------------------------------------------------
// Preview, import, discard
// ---------------------------------------------------------------------------------------------

export type FileProblem = { ok: false; message: string };

/** Reads the file and says what importing it would do, writing nothing. */
export function previewFingertips(text: string): { ok: true; report: ImportReport } | FileProblem {
  const file = readFingertipsCsv(text);
  if (!file.ok) return file;
  return { ok: true, report: analyse(db, file).report };
}

/** Staff upload: keeps the file as a preview to import or discard. Writes no values. */
export function storePreview(actor: { id: number }, upload: { fileName: string; text: string }): { ok: true; importId: number } | FileProblem {
  const file = readFingertipsCsv(upload.text);
  if (!file.ok) return file;
  return transaction((tx) => {
    const { report } = analyse(tx, file);
    const row = tx
      .insert(schema.indicatorImports)
      .values({
        source: FINGERTIPS_SOURCE,
        status: "previewed",
        fileText: upload.text,
        fileName: upload.fileName,
        sha256: sha256(upload.text),
        ...countsOf(report),
        report,
        importedById: actor.id,
      })
      .returning({ id: schema.indicatorImports.id })
      .get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "indicator_import.previewed",
      entityType: "indicator_import",
      entityId: row.id,
      summary: `Previewed ${upload.fileName}: ${summaryLine(report)}`,
    });
    return { ok: true as const, importId: row.id };
  });
}

export type ImportOutcome =
  | { ok: true; importId: number; report: ImportReport; already: boolean }
  | { ok: false; problem: "not_found" | "discarded" | "unreadable" | "changed"; message: string };

export const PREVIEW_OUT_OF_DATE = "Values this file changes have been edited since you previewed it. Check the new preview.";

/**
 * "Import these values": re-reads the kept file and writes it, in one transaction. A preview is
 * imported once: a second press (double click, resent form) finds it imported and changes nothing.
 * It writes only what the preview showed: when a value the file touches was entered, changed or
 * removed since (the stored values' fingerprint differs), it refuses and keeps the new preview
 * instead, so nothing is overwritten unseen.
 */
export function importPreview(actor: { id: number }, importId: number): ImportOutcome {
  return transaction((tx): ImportOutcome => {
    const row = tx.select().from(schema.indicatorImports).where(eq(schema.indicatorImports.id, importId)).get();
    if (!row || row.source !== FINGERTIPS_SOURCE) return { ok: false, problem: "not_found", message: "There is no such import." };
    if (row.status === "imported") return { ok: true, importId, report: readReport(row.report)!, already: true };
    if (row.status === "discarded" || row.fileText === null) {
      return { ok: false, problem: "discarded", message: "This file was discarded, so it cannot be imported. Upload it again to import it." };
    }
    const file = readFingertipsCsv(row.fileText);
    if (!file.ok) return { ok: false, problem: "unreadable", message: file.message };
    const { report, writes } = analyse(tx, file);
    const previewed = readReport(row.report);
    if (!previewed?.fingerprint || previewed.fingerprint !== report.fingerprint) {
      tx.update(schema.indicatorImports)
        .set({ ...countsOf(report), report })
        .where(eq(schema.indicatorImports.id, importId))
        .run();
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "indicator_import.refreshed",
        entityType: "indicator_import",
        entityId: importId,
        summary: `Not imported: values ${row.fileName ?? "the file"} changes were edited since the preview. Previewed again: ${summaryLine(report)}`,
      });
      return { ok: false, problem: "changed", message: PREVIEW_OUT_OF_DATE };
    }
    write(tx, writes, importId);
    tx.update(schema.indicatorImports)
      .set({ status: "imported", fileText: null, ...countsOf(report), report, importedById: actor.id })
      .where(eq(schema.indicatorImports.id, importId))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "indicator_import.imported",
      entityType: "indicator_import",
      entityId: importId,
      summary: `Imported ${row.fileName ?? "a Fingertips file"}: ${summaryLine(report)}`,
    });
    return { ok: true, importId, report, already: false };
  });
}

/** "Discard this file": the preview is kept as a record, its file text is not. */
export function discardPreview(actor: { id: number }, importId: number): { ok: true; already: boolean } | { ok: false; problem: "not_found" | "imported"; message: string } {
  return transaction((tx) => {
    const row = tx.select().from(schema.indicatorImports).where(eq(schema.indicatorImports.id, importId)).get();
    if (!row || row.source !== FINGERTIPS_SOURCE) return { ok: false as const, problem: "not_found" as const, message: "There is no such import." };
    if (row.status === "imported") return { ok: false as const, problem: "imported" as const, message: "This file has already been imported, so it cannot be discarded." };
    if (row.status === "discarded") return { ok: true as const, already: true };
    tx.update(schema.indicatorImports).set({ status: "discarded", fileText: null }).where(eq(schema.indicatorImports.id, importId)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "indicator_import.discarded",
      entityType: "indicator_import",
      entityId: importId,
      summary: `Discarded ${row.fileName ?? "a Fingertips file"} without importing it`,
    });
    return { ok: true as const, already: false };
  });
}

/** The command line's import: no preview step (`dryRun` only reports). */
export function importFingertipsFile(
  upload: { fileName: string; text: string },
  options: { dryRun?: boolean; actorId?: number | null } = {},
): { ok: true; report: ImportReport; importId: number | null } | FileProblem {
  const file = readFingertipsCsv(upload.text);
  if (!file.ok) return file;
  if (options.dryRun) return { ok: true, report: analyse(db, file).report, importId: null };
  return transaction((tx) => {
    const { report, writes } = analyse(tx, file);
    const row = tx
      .insert(schema.indicatorImports)
      .values({
        source: FINGERTIPS_SOURCE,
        status: "imported",
        fileName: upload.fileName,
        sha256: sha256(upload.text),
        ...countsOf(report),
        report,
        importedById: options.actorId ?? null,
      })
      .returning({ id: schema.indicatorImports.id })
      .get();
    write(tx, writes, row.id);
    recordAudit(tx, {
      actorUserId: options.actorId ?? null,
      action: "indicator_import.imported",
      entityType: "indicator_import",
      entityId: row.id,
      summary: `Imported ${upload.fileName} from the command line: ${summaryLine(report)}`,
    });
    return { ok: true as const, report, importId: row.id };
  });
}

export function summaryLine(report: ImportReport): string {
  const c = report.counts;
  return `${report.rowsRead} ${report.rowsRead === 1 ? "row" : "rows"} read: ${c.new} new, ${c.changed} changed, ${c.unchanged} unchanged, ${c.skipped} skipped (${c.missing} with no value)`;
}

const rowsWord = (g: { row: number | string }) => (/[–,]/.test(String(g.row)) ? "rows" : "row");

/** Every skipped row as "row(s): reason", for the command line. */
export function skippedLines(report: ImportReport): string[] {
  return [
    ...report.unknownIndicators.map(
      (u) => `${u.count === 1 ? "row" : "rows"} ${u.rows}: indicator ${u.fingertipsId} "${u.name}" is not in the portal (${u.count} ${u.count === 1 ? "row" : "rows"}): add it with this Fingertips ID first`,
    ),
    ...report.unknownAreas.map(
      (u) => `${u.count === 1 ? "row" : "rows"} ${u.rows}: unknown area ${u.name} (${u.code || "no code"}, ${u.type || "no type"}) (${u.count} ${u.count === 1 ? "row" : "rows"})`,
    ),
    ...report.repeated.map((r) => `${rowsWord(r)} ${r.row}: ${r.reason}`),
    ...(report.leftOff?.repeated ? [`and ${report.leftOff.repeated} more groups of repeated rows`] : []),
    ...report.unreadable.map((u) => `${rowsWord(u)} ${u.row}: ${u.reason}`),
    ...(report.leftOff?.unreadable ? [`and ${report.leftOff.unreadable} more groups of unreadable lines`] : []),
  ];
}

// ---------------------------------------------------------------------------------------------
// Reading imports back
// ---------------------------------------------------------------------------------------------

export function getImport(id: number) {
  const row = db
    .select({
      id: schema.indicatorImports.id,
      source: schema.indicatorImports.source,
      status: schema.indicatorImports.status,
      fileName: schema.indicatorImports.fileName,
      sha256: schema.indicatorImports.sha256,
      rowsRead: schema.indicatorImports.rowsRead,
      rowsStored: schema.indicatorImports.rowsStored,
      rowsUnchanged: schema.indicatorImports.rowsUnchanged,
      rowsSkipped: schema.indicatorImports.rowsSkipped,
      report: schema.indicatorImports.report,
      createdAt: schema.indicatorImports.createdAt,
      importerName: schema.users.name,
    })
    .from(schema.indicatorImports)
    .leftJoin(schema.users, eq(schema.users.id, schema.indicatorImports.importedById))
    .where(eq(schema.indicatorImports.id, id))
    .get();
  if (!row) return null;
  const { report, ...rest } = row;
  return { ...rest, report: readReport(report) };
}

export function listImports(limit = 100) {
  return db
    .select({
      id: schema.indicatorImports.id,
      source: schema.indicatorImports.source,
      status: schema.indicatorImports.status,
      fileName: schema.indicatorImports.fileName,
      rowsRead: schema.indicatorImports.rowsRead,
      rowsStored: schema.indicatorImports.rowsStored,
      rowsUnchanged: schema.indicatorImports.rowsUnchanged,
      rowsSkipped: schema.indicatorImports.rowsSkipped,
      createdAt: schema.indicatorImports.createdAt,
      importerName: schema.users.name,
    })
    .from(schema.indicatorImports)
    .leftJoin(schema.users, eq(schema.users.id, schema.indicatorImports.importedById))
    .orderBy(desc(schema.indicatorImports.createdAt), desc(schema.indicatorImports.id))
    .limit(limit)
    .all();
}

/** For tests and the report page: the values an import wrote (new or changed by it). */
export function valuesWrittenBy(importId: number) {
  return db.select().from(schema.indicatorValues).where(and(eq(schema.indicatorValues.importId, importId))).all();
}
