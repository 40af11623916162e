// `npm run admin:create -- --email someone@example.org [--name "Their Name"]`: makes the first
// administrator of a new service (or makes an existing account an admin) and prints a one-time
// link where they choose a password. No password ever goes on the command line. Running it again
// prints a fresh link; the older one stops working.
// Opens the database as the server does (DATABASE_PATH, migrating it if need be), and builds the
// link from APP_URL: run it with the same settings as the portal.
import { createAdmin, SET_PASSWORD_HOURS } from "~/models/accounts.server";
import { adminCreateSchema } from "~/schemas/account";
import { sqlite } from "~/utils/db.server";
import { formatDateTime } from "~/utils/format";

const USAGE = 'Usage: npm run admin:create -- --email someone@example.org [--name "Their Name"]';

type Parsed = { ok: true; email?: string; name?: string } | { ok: false; message: string };

/** `--email x`, `--email=x`, `--name x`, `--name=x`; anything else is refused, a password above all. */
function parseArguments(args: string[]): Parsed {
  const found: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!match) return { ok: false, message: `Not understood: "${arg}".` };
    const [, key, inline] = match;
    if (key === "password" || key === "pass") {
      return { ok: false, message: "This command never takes a password: the person chooses their own at the link it prints." };
    }
    if (key !== "email" && key !== "name") return { ok: false, message: `Unknown option --${key}.` };
    if (key in found) return { ok: false, message: `--${key} is given twice.` };
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith("--"))) return { ok: false, message: `--${key} needs a value.` };
    found[key] = value;
  }
  return { ok: true, email: found.email, name: found.name };
}

function fail(message: string, code = 1): never {
  console.error(message);
  sqlite.close();
  process.exit(code);
}

const parsed = parseArguments(process.argv.slice(2));
if (!parsed.ok) fail(`${parsed.message}\n${USAGE}`, 2);
if (!parsed.email) fail(`Give the new administrator's email address with --email.\n${USAGE}`, 2);
const input = adminCreateSchema.safeParse({ email: parsed.email, name: parsed.name });
if (!input.success) {
  fail(`"${parsed.email}" will not do: ${input.error.issues.map((i) => i.message).join(". ")}.\n${USAGE}`, 2);
}

try {
  const result = await createAdmin(input.data);
  if ("problem" in result) fail(result.message);
  const { user, outcome, link, expiresAt } = result;
  const what = {
    created: `Made a new administrator account for ${user.email} (${user.name}).`,
    promoted: `${user.email} (${user.name}) has an account: it becomes an administrator account when the link below is used.`,
    already_admin: `${user.email} (${user.name}) is already an administrator: here is a new link.`,
  }[outcome];
  console.log(what);
  console.log(`\nGive them this link to choose a password. It works once, for ${SET_PASSWORD_HOURS} hours (until ${formatDateTime(expiresAt)}, UK time):\n`);
  console.log(`  ${link}\n`);
  if (!process.env.APP_URL) {
    console.log("APP_URL is not set, so the link starts with the portal's local address. Run this command with the same APP_URL as the portal if people reach it at another address.");
  }
  console.log("Send it privately: whoever opens it first chooses the password. Running this command again makes a new link, and this one stops working.");
} catch (error) {
  fail(`Could not make the administrator: ${error instanceof Error ? error.message : String(error)}`);
}
sqlite.close();
process.exit(0);
