// `npm run export:360giving -- FILE.json [--include-demo] [--csv FILE.csv]`: writes the awards
// as a 360Giving data package (and, with --csv, the same grants as a spreadsheet with
// 360Giving's column titles). The package is checked against the official schemas first: an
// invalid one is not written; the validator's messages are printed and the exit code is 1.
// Demo rounds are left out unless --include-demo is given (to try a portal only: never publish
// them). Opens the database as the server does (DATABASE_PATH, migrating it if need be).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const USAGE = "Usage: npm run export:360giving -- FILE.json [--include-demo] [--csv FILE.csv]";

export type CliArgs = { json: string; csv: string | null; includeDemo: boolean };

/** Reads the command line; a problem in words when it cannot. */
export function readArgs(argv: string[]): CliArgs | { problem: string } {
  let json: string | null = null;
  let csv: string | null = null;
  let includeDemo = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--include-demo") includeDemo = true;
    else if (arg === "--csv") {
      const next = argv[++i];
      if (!next || next.startsWith("--")) return { problem: "--csv needs a file name, like --csv grants.csv" };
      csv = next;
    } else if (arg.startsWith("--")) return { problem: `Unknown option ${arg}` };
    else if (json) return { problem: `One JSON file only (got ${json} and ${arg})` };
    else json = arg;
  }
  if (!json) return { problem: "Give the file to write the JSON data package to" };
  return { json, csv, includeDemo };
}

let opened = false;

type Out = { log: (line: string) => void; error: (line: string) => void };

/** Runs the export; answers the exit code. */
export async function main(argv: string[], out: Out = { log: console.log, error: console.error }): Promise<number> {
  const args = readArgs(argv);
  if ("problem" in args) {
    out.error(`${args.problem}.\n${USAGE}`);
    return 1;
  }
  // Imported here, not at the top: the database module opens DATABASE_PATH on import.
  const { threeSixtyGivingExport, grantsCsv } = await import("~/models/three-sixty-giving.server");
  opened = true;
  const result = threeSixtyGivingExport({ includeDemo: args.includeDemo });
  for (const w of result.warnings) out.error(`Warning: ${w.text}`);
  if (!result.ok) {
    out.error("The 360Giving data is not valid, so nothing was written:");
    for (const e of result.errors) out.error(`  - ${e}`);
    return 1;
  }
  fs.mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
  fs.writeFileSync(args.json, `${JSON.stringify(result.package, null, 2)}\n`);
  const grants = result.package.grants.length;
  out.log(`Wrote ${grants} ${grants === 1 ? "grant" : "grants"} to ${args.json} (valid against the 360Giving schemas).`);
  if (args.csv) {
    fs.mkdirSync(path.dirname(path.resolve(args.csv)), { recursive: true });
    fs.writeFileSync(args.csv, grantsCsv(result.package.grants));
    out.log(`Wrote the spreadsheet to ${args.csv}.`);
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const code = await main(process.argv.slice(2));
  if (opened) (await import("~/utils/db.server")).sqlite.close();
  process.exit(code);
}
