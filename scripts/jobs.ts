// `npm run jobs`: the portal's scheduled jobs, run once. Run it from cron (say, every hour);
// each job is safe to run again: what it already did, it does not do twice.
// Opens the database as the server does (DATABASE_PATH, migrating it if need be). The emails
// the jobs write wait in the outbox; the server sends them (or staff read them at /staff/outbox).
import { expireFingertipsPreviews } from "~/models/housekeeping.server";
import { sendScoringReminders } from "~/models/panel-setup.server";
import { sendReturnReminders } from "~/models/returns.server";
import { sendClosingReminders } from "~/models/rounds.server";
import { sqlite } from "~/utils/db.server";

type Job = { name: string; run: (now: Date) => string };

const JOBS: Job[] = [
  {
    name: "Closing reminders",
    run: (now) => {
      const report = sendClosingReminders(now);
      return `${report.sent} sent, ${report.alreadySent} already sent, for ${report.applications} ${report.applications === 1 ? "application" : "applications"} not yet submitted`;
    },
  },
  {
    name: "Scoring reminders",
    run: (now) => {
      const report = sendScoringReminders(now);
      return `${report.sent} sent, ${report.alreadySent} already sent`;
    },
  },
  {
    name: "Fingertips previews left over 7 days",
    run: (now) => `${expireFingertipsPreviews(now)} discarded`,
  },
  {
    name: "Return reminders",
    run: (now) => {
      const report = sendReturnReminders(now);
      return `${report.sent} sent, ${report.alreadySent} already sent, for ${report.returns} ${report.returns === 1 ? "return" : "returns"}`;
    },
  },
];

let failed = false;
const now = new Date();
for (const job of JOBS) {
  try {
    console.log(`${job.name}: ${job.run(now)}`);
  } catch (error) {
    failed = true;
    console.error(`${job.name}: failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }
}
sqlite.close();
process.exit(failed ? 1 : 0);
