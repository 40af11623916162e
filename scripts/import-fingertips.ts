// `npm run import:fingertips -- FILE.csv [--dry-run]`: imports an OHID Fingertips CSV export into
// the portal's indicators, as staff's "Import a Fingertips file" does but without the preview step
// (`--dry-run` only previews). Prints what was new, changed, unchanged and skipped, with every
// skipped row and its reason. Exits 1 if the file cannot be read or lacks a required column.
// Opens the database as the server does (DATABASE_PATH, migrating it if need be).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export async function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  const dryRun = argv.includes("--dry-run");
  const files = argv.filter((a) => a !== "--dry-run" && a !== "--");
  if (files.length !== 1 || files[0]!.startsWith("--")) {
    err("Usage: npm run import:fingertips -- FILE.csv [--dry-run]");
    return 1;
  }
  const file = files[0]!;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    err(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  // Imported here: the database module opens DATABASE_PATH when it is first imported.
  const { decodeCsv, importFingertipsFile, skippedLines, summaryLine } = await import("~/models/fingertips.server");
  const decoded = decodeCsv(new Uint8Array(bytes));
  if (!decoded.ok) {
    err(`${file}: ${decoded.message}`);
    return 1;
  }
  const result = importFingertipsFile({ fileName: path.basename(file), text: decoded.text }, { dryRun });
  if (!result.ok) {
    err(`${file}: ${result.message}`);
    return 1;
  }
  const { report } = result;
  out(`${dryRun ? "Dry run (nothing saved)" : `Imported (import ${result.importId})`}: ${path.basename(file)}`);
  out(summaryLine(report));
  if (report.knownToMissing) {
    out(`${report.knownToMissing} known ${report.knownToMissing === 1 ? "value" : "values"} ${dryRun ? "would become" : "became"} missing (a blank cell in the file where a value was stored)`);
  }
  for (const i of report.indicators) {
    out(`  ${i.name} (Fingertips ${i.fingertipsId}): ${i.new} new, ${i.changed} changed, ${i.unchanged} unchanged, ${i.missing} with no value`);
  }
  const skipped = skippedLines(report);
  if (skipped.length) {
    out("Skipped:");
    for (const line of skipped) out(`  ${line}`);
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const code = await main(process.argv.slice(2));
  const { sqlite } = await import("~/utils/db.server");
  sqlite.close();
  process.exit(code);
}
