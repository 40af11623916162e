// Importing an OHID Fingertips CSV export: a file with gaps, unknown areas, a repeated row, an
// unknown indicator and an unreadable line; exactly what is stored, skipped and reported; the
// same file twice changes nothing; a file missing columns is refused; and the command line.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  discardPreview,
  getImport,
  importPreview,
  numberOrNull,
  previewFingertips,
  readFingertipsCsv,
  rowRanges,
  storePreview,
} from "~/models/fingertips.server";
import { expireFingertipsPreviews } from "~/models/housekeeping.server";
import { createIndicator, enterValue } from "~/models/indicators.server";
import { updateWard } from "~/models/place.server";
import { indicatorSchema } from "~/schemas/indicator";
import { db, schema } from "~/utils/db.server";
import { action as uploadAction } from "~/routes/staff.indicators.import";
import { action as importAction } from "~/routes/staff.indicator-imports.$importId";
import { FINGERTIPS_MESSAGES, MAX_FINGERTIPS_BYTES } from "~/schemas/indicator";
import { args, makeUser, postAs, requestAs, seeded, type Person } from "../support/awards";

const FIXTURES = path.resolve("test/fixtures/fingertips");
const GAPS = fs.readFileSync(path.join(FIXTURES, "gaps-and-unknowns.csv"), "utf8");

let staff: Person;
let smoking: number;
let fuel: number;
const area = (name: string) => db.select().from(schema.areas).where(eq(schema.areas.name, name)).get()!.id;

function addIndicator(fields: Record<string, string | string[]>) {
  const parsed = indicatorSchema.parse({ polarity: "lower_is_better", unit: "%", ...fields });
  const result = createIndicator(staff, parsed);
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.id;
}

/** What is stored for the test's indicators, in a fixed order, as plain rows. */
function stored() {
  return db
    .select({
      indicator: schema.indicators.name,
      area: schema.areas.name,
      sex: schema.indicatorValues.sex,
      age: schema.indicatorValues.age,
      period: schema.indicatorValues.period,
      periodSortable: schema.indicatorValues.periodSortable,
      value: schema.indicatorValues.value,
      lowerCi95: schema.indicatorValues.lowerCi95,
      upperCi95: schema.indicatorValues.upperCi95,
      count: schema.indicatorValues.count,
      denominator: schema.indicatorValues.denominator,
      valueNote: schema.indicatorValues.valueNote,
      source: schema.indicatorValues.source,
    })
    .from(schema.indicatorValues)
    .innerJoin(schema.indicators, eq(schema.indicators.id, schema.indicatorValues.indicatorId))
    .innerJoin(schema.areas, eq(schema.areas.id, schema.indicatorValues.areaId))
    .where(inArray(schema.indicatorValues.indicatorId, [smoking, fuel]))
    .orderBy(schema.indicators.name, schema.areas.name, schema.indicatorValues.periodSortable)
    .all();
}

const SMOKING = "Adult smoking (Fingertips test)";
const FUEL = "Fuel poverty by ward (Fingertips test)";
const base = { sex: "Persons", source: "OHID Fingertips" };
const none = { lowerCi95: null, upperCi95: null, count: null, denominator: null, valueNote: null };

/** Exactly what the fixture should leave in the database. */
const EXPECTED = [
  { ...base, ...none, indicator: SMOKING, area: "East of England", age: "18+ yrs", period: "2022", periodSortable: 20220000, value: 12.1, lowerCi95: 11.6, upperCi95: 12.6 },
  { ...base, ...none, indicator: SMOKING, area: "England", age: "18+ yrs", period: "2022", periodSortable: 20220000, value: 12.7, lowerCi95: 12.5, upperCi95: 12.9, count: 5300000, denominator: 41700000 },
  { ...base, ...none, indicator: SMOKING, area: "Luton", age: "18+ yrs", period: "2018 - 20", periodSortable: 20180000, value: 17.9, lowerCi95: 15.1, upperCi95: 20.7 },
  // The gap: no value (never 0), with Fingertips' note.
  { ...base, ...none, indicator: SMOKING, area: "Luton", age: "18+ yrs", period: "2021", periodSortable: 20210000, value: null, valueNote: "Value suppressed because of small sample size" },
  // Row 4, not the repeated row 9 (99.9).
  { ...base, ...none, indicator: SMOKING, area: "Luton", age: "18+ yrs", period: "2022", periodSortable: 20220000, value: 15.3, lowerCi95: 12, upperCi95: 18.6 },
  { ...base, ...none, indicator: SMOKING, area: "Luton's statistical neighbours", age: "18+ yrs", period: "2022", periodSortable: 20220000, value: 13.8 },
  // Wards: Biscot by name, Dallow by its code (named differently in the file), High Town by name in any case.
  { ...base, ...none, indicator: FUEL, area: "Biscot", age: "All ages", period: "2021", periodSortable: 20210000, value: 20.5, count: 1650, denominator: 8049 },
  { ...base, ...none, indicator: FUEL, area: "Dallow", age: "All ages", period: "2021", periodSortable: 20210000, value: 18.25, count: 1400, denominator: 7671 },
  { ...base, ...none, indicator: FUEL, area: "High Town", age: "All ages", period: "2021", periodSortable: 20210000, value: null, valueNote: 'Given as "*" in the file, which is not a number' },
];

beforeAll(async () => {
  await seeded();
  staff = makeUser("staff", "Import Officer");
  smoking = addIndicator({ name: SMOKING, kind: "principle", principles: ["6"], fingertipsId: "92443" });
  fuel = addIndicator({ name: FUEL, kind: "context", fingertipsId: "93759" });
  // Dallow has an ONS code now: its rows are matched by it, whatever they call it.
  expect(updateWard(staff, area("Dallow"), { code: "E05015613", neighbourhoodId: null })).toEqual({ ok: true });
});

describe("reading a Fingertips file", () => {
  it("reads columns by name, with the BOM and quoted commas, whatever their order", () => {
    const file = readFingertipsCsv(GAPS);
    if (!file.ok) throw new Error(file.message);
    expect(file.rows).toHaveLength(15);
    expect(file.rows[0]).toMatchObject({ row: 2, fingertipsId: 92443, indicatorName: "Smoking Prevalence in adults (18+) - current smokers (APS), persons", areaCode: "E92000001" });
    expect(file.unreadable).toEqual([{ row: "17", reason: "The line has 3 fields where the header has 26" }]);

    const newer = readFingertipsCsv(fs.readFileSync(path.join(FIXTURES, "newer-export.csv"), "utf8"));
    if (!newer.ok) throw new Error(newer.message);
    expect(newer.rows.map((r) => [r.row, r.areaCode, r.period, r.value, r.lowerCi95, r.valueNote])).toEqual([
      [2, "E06000032", "2022", 15.3, 12, null],
      [3, "E06000032", "2021", null, null, "Value suppressed because of small sample size"],
    ]);
  });

  it("refuses a file missing required columns, naming them", () => {
    const file = readFingertipsCsv(fs.readFileSync(path.join(FIXTURES, "missing-columns.csv"), "utf8"));
    expect(file).toEqual({ ok: false, message: expect.stringContaining("missing these columns: Value, Time period Sortable") });
    expect(readFingertipsCsv("")).toMatchObject({ ok: false });
    expect(readFingertipsCsv("just,some,text\n1,2,3\n")).toMatchObject({ ok: false, message: expect.stringContaining("Indicator ID, Indicator Name") });
  });

  it("treats blank and non-numbers as missing, never zero", () => {
    expect(["", " ", "*", "-", "x", "n/a", "1.2.3"].map(numberOrNull)).toEqual([null, null, null, null, null, null, null]);
    expect(["0", "12.5", "-3", "1,234", "1e3", ".5"].map(numberOrNull)).toEqual([0, 12.5, -3, 1234, 1000, 0.5]);
    expect(rowRanges([9, 2, 3, 4, 7, 3])).toBe("2–4, 7, 9");
    expect(rowRanges([2, 4, 6, 8, 9, 10], 2)).toBe("2, 4, and 4 more rows");
  });

  it("marks a broken quote as an unreadable line with its row numbers", () => {
    const full = GAPS.split("\r\n")[0]!;
    const line2 = GAPS.split("\r\n")[1]!;
    const file = readFingertipsCsv(`${full}\n${line2}\n92443,"never closed,x\n${line2}\n`);
    if (!file.ok) throw new Error(file.message);
    expect(file.rows.map((r) => r.row)).toEqual([2]);
    // The open quote swallows the next line: both are reported, not dropped.
    expect(file.unreadable).toEqual([{ row: "3–4", reason: "The line has 27 fields where the header has 26" }]);
  });
});

describe("previewing and importing", () => {
  it("previews without writing a value, then imports exactly what it showed", () => {
    const before = stored();
    expect(before).toEqual([]);
    const preview = storePreview(staff, { fileName: "gaps-and-unknowns.csv", text: GAPS });
    if (!preview.ok) throw new Error(preview.message);
    expect(stored()).toEqual([]);
    const shown = getImport(preview.importId)!;
    expect(shown.status).toBe("previewed");
    expect(shown.report!.counts).toEqual({ new: 9, changed: 0, unchanged: 0, skipped: 7, missing: 2 });
    expect(db.select().from(schema.indicatorImports).where(eq(schema.indicatorImports.id, preview.importId)).get()!.fileText).toBe(GAPS);

    const done = importPreview(staff, preview.importId);
    expect(done).toMatchObject({ ok: true, already: false });
    expect(stored()).toEqual(EXPECTED);

    const row = db.select().from(schema.indicatorImports).where(eq(schema.indicatorImports.id, preview.importId)).get()!;
    expect(row).toMatchObject({
      source: "OHID Fingertips",
      status: "imported",
      fileText: null,
      fileName: "gaps-and-unknowns.csv",
      rowsRead: 16,
      rowsStored: 9,
      rowsUnchanged: 0,
      rowsSkipped: 7,
      importedById: staff.id,
    });
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    const report = getImport(preview.importId)!.report!;
    // Every skipped row, with its row number and reason.
    expect(report.unknownIndicators).toEqual([{ fingertipsId: 99999, name: "Not in the portal, with a comma", count: 1, rows: "16" }]);
    expect(report.unknownAreas).toEqual([
      { name: "Marshalswick East & Jersey Farm", code: "E05012345", type: "Ward", count: 1, rows: "15" },
      { name: "NHS Bedfordshire, Luton and Milton Keynes ICB - 06P", code: "E54000024", type: "ICBs", count: 1, rows: "11" },
      { name: "Slough", code: "E06000039", type: "Counties & UAs (from Apr 2023)", count: 2, rows: "7–8" },
    ]);
    expect(report.repeated).toEqual([
      { row: "9", count: 1, reason: "Repeats row 4 (same indicator, area, sex, age, category and time period): the first is kept" },
    ]);
    expect(report.unreadable).toEqual([{ row: "17", count: 1, reason: "The line has 3 fields where the header has 26" }]);
    expect(report.leftOff).toEqual({ repeated: 0, unreadable: 0 });
    expect(report.knownToMissing).toBe(0);
    expect(report.indicators.map((i) => [i.name, i.new, i.changed, i.unchanged, i.missing])).toEqual([
      [SMOKING, 6, 0, 0, 1],
      [FUEL, 3, 0, 0, 1],
    ]);
    expect(report.indicators[0]!.areas.map((a) => [a.name, a.periods])).toEqual([
      ["England", ["2022"]],
      ["East of England", ["2022"]],
      ["Luton", ["2018 - 20", "2022"]],
      ["Luton's statistical neighbours", ["2022"]],
    ]);

    // Pressed again (a double click, a resent form): imported once.
    expect(importPreview(staff, preview.importId)).toMatchObject({ ok: true, already: true });
    expect(stored()).toEqual(EXPECTED);
    expect(discardPreview(staff, preview.importId)).toMatchObject({ ok: false, problem: "imported" });
    const audit = db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.entityType, "indicator_import"), eq(schema.auditEvents.entityId, preview.importId))).all();
    expect(audit.map((a) => a.action)).toEqual(["indicator_import.previewed", "indicator_import.imported"]);
  });

  it("changes nothing when the same file comes again", () => {
    const again = storePreview(staff, { fileName: "same file, new name.csv", text: GAPS });
    if (!again.ok) throw new Error(again.message);
    const done = importPreview(staff, again.importId);
    if (!done.ok) throw new Error(done.message);
    expect(done.report.counts).toEqual({ new: 0, changed: 0, unchanged: 9, skipped: 7, missing: 2 });
    expect(stored()).toEqual(EXPECTED);
  });

  it("reports a changed value, old and new, and writes only that", () => {
    const changed = GAPS.replace("2022,15.3,12.0,18.6", "2022,15.4,12.0,18.6");
    const preview = previewFingertips(changed);
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.report.counts).toEqual({ new: 0, changed: 1, unchanged: 8, skipped: 7, missing: 2 });
    expect(preview.report.changes).toEqual([{ row: 4, indicator: SMOKING, area: "Luton", period: "2022", breakdown: "Persons, 18+ yrs", from: 15.3, to: 15.4 }]);
    expect(stored()).toEqual(EXPECTED);
    const stored1 = storePreview(staff, { fileName: "changed.csv", text: changed });
    if (!stored1.ok) throw new Error(stored1.message);
    importPreview(staff, stored1.importId);
    expect(stored()).toEqual(EXPECTED.map((e) => (e.area === "Luton" && e.period === "2022" ? { ...e, value: 15.4 } : e)));
    // Back as it was, for the tests after.
    const back = storePreview(staff, { fileName: "gaps.csv", text: GAPS });
    if (back.ok) importPreview(staff, back.importId);
    expect(stored()).toEqual(EXPECTED);
  });

  it("discards a preview, which then cannot be imported", () => {
    const preview = storePreview(staff, { fileName: "discard me.csv", text: GAPS.replace("2022,12.7", "2022,99") });
    if (!preview.ok) throw new Error(preview.message);
    expect(discardPreview(staff, preview.importId)).toEqual({ ok: true, already: false });
    expect(discardPreview(staff, preview.importId)).toEqual({ ok: true, already: true });
    const row = db.select().from(schema.indicatorImports).where(eq(schema.indicatorImports.id, preview.importId)).get()!;
    expect(row).toMatchObject({ status: "discarded", fileText: null });
    expect(importPreview(staff, preview.importId)).toMatchObject({ ok: false, problem: "discarded", message: expect.stringContaining("discarded") });
    expect(stored()).toEqual(EXPECTED);
  });

  it("refuses a file missing columns without keeping anything", () => {
    const count = db.select().from(schema.indicatorImports).all().length;
    const result = storePreview(staff, { fileName: "bad.csv", text: fs.readFileSync(path.join(FIXTURES, "missing-columns.csv"), "utf8") });
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining("Value, Time period Sortable") });
    expect(db.select().from(schema.indicatorImports).all()).toHaveLength(count);
  });
});

describe("a preview that is no longer what importing would do", () => {
  const LUTON_2022 = "2022,15.3,12.0,18.6";
  const lutonValue = () =>
    db
      .select()
      .from(schema.indicatorValues)
      .where(and(eq(schema.indicatorValues.indicatorId, smoking), eq(schema.indicatorValues.areaId, area("Luton")), eq(schema.indicatorValues.period, "2022")))
      .get()!;

  it("refuses the import when a value the file changes was edited since the preview, and previews again", () => {
    const changed = GAPS.replace(LUTON_2022, "2022,15.4,12.0,18.6");
    const preview = storePreview(staff, { fileName: "edited since.csv", text: changed });
    if (!preview.ok) throw new Error(preview.message);
    expect(getImport(preview.importId)!.report!.changes.map((c) => [c.from, c.to])).toEqual([[15.3, 15.4]]);
    // Someone corrects Luton's 2022 value by hand after the preview was made.
    expect(enterValue(staff, smoking, { areaId: area("Luton"), period: "2022", periodSortable: null, sex: "Persons", value: 16, valueNote: null, source: "Corrected", valueId: lutonValue().id })).toMatchObject({ ok: true });

    expect(importPreview(staff, preview.importId)).toEqual({
      ok: false,
      problem: "changed",
      message: "Values this file changes have been edited since you previewed it. Check the new preview.",
    });
    expect(lutonValue().value).toBe(16);
    // The preview now shows what importing would do to the value as it is.
    const again = getImport(preview.importId)!;
    expect(again.status).toBe("previewed");
    expect(again.report!.changes.map((c) => [c.from, c.to])).toEqual([[16, 15.4]]);
    // Imported from the new preview: exactly what it showed.
    expect(importPreview(staff, preview.importId)).toMatchObject({ ok: true, already: false });
    expect(lutonValue().value).toBe(15.4);

    // Through the page: a 409 with the message.
    const back = storePreview(staff, { fileName: "gaps.csv", text: GAPS });
    if (!back.ok) throw new Error(back.message);
    enterValue(staff, smoking, { areaId: area("Luton"), period: "2022", periodSortable: null, sex: "Persons", value: 17, valueNote: null, source: "Corrected", valueId: lutonValue().id });
    return (async () => {
      const request = await postAs(staff, `/staff/indicator-imports/${back.importId}`, { intent: "import" });
      const response = (await importAction(args(request, { importId: String(back.importId) }) as never)) as Response;
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ errors: { form: "Values this file changes have been edited since you previewed it. Check the new preview." } });
      expect(importPreview(staff, back.importId)).toMatchObject({ ok: true });
      expect(stored()).toEqual(EXPECTED);
    })();
  });

  it("says how many known values a blank cell would make missing, listing them first", () => {
    const blanked = GAPS.replace(LUTON_2022, "2022,,12.0,18.6");
    const preview = previewFingertips(blanked);
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.report.knownToMissing).toBe(1);
    expect(preview.report.changes[0]).toMatchObject({ area: "Luton", period: "2022", from: 15.3, to: null });
    expect(stored()).toEqual(EXPECTED);
  });

  it("keeps the report small for a file of many repeats: grouped by the row repeated, row ranges capped", () => {
    const lines = GAPS.split("\r\n");
    const luton = lines.find((l) => l.includes(LUTON_2022))!;
    // Luton 2022 repeated 5,000 times, and every other one made unreadable.
    const body = Array.from({ length: 5000 }, (_, i) => (i % 2 ? luton : "92443,broken")).join("\r\n");
    const preview = previewFingertips(`${lines[0]}\r\n${luton}\r\n${body}\r\n`);
    if (!preview.ok) throw new Error(preview.message);
    const { report } = preview;
    expect(report.counts.skipped).toBe(5000);
    expect(report.repeated).toHaveLength(1);
    expect(report.repeated[0]).toMatchObject({ count: 2500, reason: expect.stringContaining("Repeats row 2") });
    expect(String(report.repeated[0]!.row)).toMatch(/^4, 6, 8, .*, and 2,400 more rows$/);
    expect(report.unreadable).toHaveLength(1);
    expect(report.unreadable[0]).toMatchObject({ count: 2500, row: expect.stringMatching(/^3, 5, .*, and 2,400 more rows$/) });
    expect(JSON.stringify(report).length).toBeLessThan(10_000);
  });

  it("discards previews left more than 7 days, clearing their file; newer ones stay", () => {
    const old = storePreview(staff, { fileName: "forgotten.csv", text: GAPS });
    const recent = storePreview(staff, { fileName: "recent.csv", text: GAPS });
    if (!old.ok || !recent.ok) throw new Error("not stored");
    const now = new Date();
    db.update(schema.indicatorImports)
      .set({ createdAt: new Date(now.getTime() - 8 * 24 * 3600 * 1000) })
      .where(eq(schema.indicatorImports.id, old.importId))
      .run();
    expect(expireFingertipsPreviews(now)).toBeGreaterThanOrEqual(1);
    const row = (id: number) => db.select().from(schema.indicatorImports).where(eq(schema.indicatorImports.id, id)).get()!;
    expect(row(old.importId)).toMatchObject({ status: "discarded", fileText: null });
    expect(row(recent.importId)).toMatchObject({ status: "previewed", fileText: GAPS });
    expect(importPreview(staff, old.importId)).toMatchObject({ ok: false, problem: "discarded" });
    // Run again: nothing more to do for it.
    expect(row(old.importId).status).toBe("discarded");
    expect(expireFingertipsPreviews(now)).toBe(0);
    discardPreview(staff, recent.importId);
  });
});

describe("the command line", () => {
  const run = promisify(execFile);
  // The child opens this test file's database (DATABASE_PATH is set by the test set-up).
  const env = { ...process.env };
  const cli = (...args: string[]) => run("npx", ["tsx", "scripts/import-fingertips.ts", ...args], { env, cwd: process.cwd() });

  it("imports a file, prints the summary and every skipped row; a dry run writes nothing", async () => {
    const imports = db.select().from(schema.indicatorImports).all().length;
    const dry = await cli(path.join(FIXTURES, "gaps-and-unknowns.csv"), "--dry-run");
    expect(dry.stdout).toContain("Dry run (nothing saved)");
    expect(dry.stdout).toContain("16 rows read: 0 new, 0 changed, 9 unchanged, 7 skipped (2 with no value)");
    expect(dry.stdout).toContain('row 16: indicator 99999 "Not in the portal, with a comma" is not in the portal (1 row): add it with this Fingertips ID first');
    expect(dry.stdout).toContain("rows 7–8: unknown area Slough (E06000039, Counties & UAs (from Apr 2023)) (2 rows)");
    expect(dry.stdout).toContain("row 9: Repeats row 4");
    expect(dry.stdout).toContain("row 17: The line has 3 fields where the header has 26");
    expect(db.select().from(schema.indicatorImports).all()).toHaveLength(imports);

    const real = await cli(path.join(FIXTURES, "gaps-and-unknowns.csv"));
    expect(real.stdout).toMatch(/Imported \(import \d+\): gaps-and-unknowns\.csv/);
    expect(real.stdout).toContain("0 new, 0 changed, 9 unchanged, 7 skipped");
    expect(db.select().from(schema.indicatorImports).all()).toHaveLength(imports + 1);
    expect(stored()).toEqual(EXPECTED);
  }, 60_000);

  it("exits 1 with a message on a file missing columns or not there", async () => {
    await expect(cli(path.join(FIXTURES, "missing-columns.csv"))).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("missing these columns: Value, Time period Sortable"),
    });
    await expect(cli(path.join(FIXTURES, "no-such-file.csv"))).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("Cannot read") });
  }, 60_000);
});

describe("correcting an imported value by hand", () => {
  it("keeps the value's age breakdown, and the next import of the file puts Fingertips' value back", () => {
    const luton = db
      .select()
      .from(schema.indicatorValues)
      .where(and(eq(schema.indicatorValues.indicatorId, smoking), eq(schema.indicatorValues.areaId, area("Luton")), eq(schema.indicatorValues.period, "2022")))
      .get()!;
    const result = enterValue(staff, smoking, { areaId: area("Luton"), period: "2022", periodSortable: null, sex: "Persons", value: 15.5, valueNote: null, source: "Corrected from the APHR", valueId: luton.id });
    expect(result).toEqual({ ok: true, valueId: luton.id, replaced: true });
    expect(stored()).toEqual(EXPECTED.map((e) => (e.area === "Luton" && e.period === "2022" ? { ...e, value: 15.5, lowerCi95: null, upperCi95: null, source: "Corrected from the APHR" } : e)));
    const preview = previewFingertips(GAPS);
    expect(preview.ok && preview.report.counts).toEqual({ new: 0, changed: 1, unchanged: 8, skipped: 7, missing: 2 });
  });
});

describe("the upload page", () => {
  const upload = async (who: Person, bytes: Uint8Array<ArrayBuffer> | string, name = "export.csv") => {
    const body = new FormData();
    body.append("file", new File([bytes], name, { type: "text/csv" }));
    const request = await requestAs(who, "/staff/indicators/import", { method: "POST", body });
    return uploadAction(args(request, {}) as never) as Promise<Response>;
  };

  it("keeps an upload as a preview and goes to it; refuses a file too big, not text, or from someone not staff", async () => {
    const previews = () => db.select().from(schema.indicatorImports).where(eq(schema.indicatorImports.status, "previewed")).all().length;
    const before = previews();
    const ok = await upload(staff, GAPS);
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toMatch(/^\/staff\/indicator-imports\/\d+$/);
    expect(previews()).toBe(before + 1);

    const big = await upload(staff, new Uint8Array(MAX_FINGERTIPS_BYTES + 1));
    expect(big.status).toBe(400);
    expect(await big.json()).toMatchObject({ errors: { file: "The selected file must be smaller than 20MB" } });
    const binary = await upload(staff, new Uint8Array([0xff, 0xfe, 0x00, 0x41]));
    expect(await binary.json()).toMatchObject({ errors: { file: FINGERTIPS_MESSAGES.notText } });
    const columns = await upload(staff, "Name,Score\nA,1\n");
    expect(await columns.json()).toMatchObject({ errors: { file: expect.stringContaining("missing these columns: Indicator ID") } });
    expect(previews()).toBe(before + 1);

    const applicant = makeUser("user");
    await expect(upload(applicant, GAPS)).rejects.toMatchObject({ status: 403 });
    expect(previews()).toBe(before + 1);
  });
});
