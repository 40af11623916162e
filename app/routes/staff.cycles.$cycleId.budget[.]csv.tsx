// A round's budget table as a CSV file, for staff: one row per award (reference, organisation,
// status, amount, paid, still to pay, next instalment), amounts in pounds. Safe to open in a
// spreadsheet: text that looks like a formula is written as text (app/utils/csv.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { AWARD_STATUS_TEXT } from "~/models/awards.server";
import { cycleBudget, type CycleBudget } from "~/models/payments.server";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { toCsv } from "~/utils/csv";
import { ukDate } from "~/utils/format";

const pounds = (pence: number) => Number((pence / 100).toFixed(2));

export function budgetCsv(budget: CycleBudget): string {
  return toCsv(
    ["Reference", "Project", "Organisation", "Status", "Counts in the totals", "Amount (£)", "Paid (£)", "Still to pay (£)", "Next instalment due"],
    budget.rows.map((r) => [
      r.reference,
      r.title,
      r.organisationName,
      AWARD_STATUS_TEXT[r.status],
      r.live,
      pounds(r.amountPence),
      pounds(r.paidPence),
      pounds(r.stillToPayPence),
      r.nextDueDate,
    ]),
  );
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const budget = cycleBudget(idParam(params.cycleId));
  if (!budget) throw notFound();
  // e.g. CF-2027-budget-2026-11-23.csv: letters, digits and dashes only.
  const name = `${budget.programme.referencePrefix}-${budget.cycle.referenceYear}-budget-${ukDate()}.csv`.replace(/[^A-Za-z0-9.-]/g, "-");
  return new Response(budgetCsv(budget), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
}
