// Payments, through staff's pages, with JavaScript on and off: a round's decisions are released
// (the offers are made), one award is accepted (straight in the database: acceptance is the
// grantee's page, tested in its own spec) and one stays offered. Staff move instalment 1's due
// date to today, are refused an instalment that would take the schedule over the award, record
// instalment 1 (wrong inputs first: the error summary, nothing typed lost), and the grantee's
// email is read back from the SMTP sink. Instalment 2 waits for the interim return: refused until
// it is accepted (in the database: returns are reviewed on their own pages), then recorded; the
// same form sent again records nothing more. The offered award cannot be paid; one of its
// instalments is cancelled. The round's budget page shows the numbers. An axe scan of every page.
import Database from "better-sqlite3";
import { releaseRound, awardIdOf, decidedRound, returnIdsOf } from "./award-fixtures";
import { MAIL_API } from "../../playwright.config";
import { expect, expectAccessible, ready, test, waitForEmail, type Mail } from "./fixtures";

const DATABASE_PATH = "test-results/e2e-db/portal.sqlite";

test.use({ actionTimeout: 15_000 });

function run(statement: string, ...params: unknown[]) {
  const sqlite = new Database(DATABASE_PATH);
  sqlite.pragma("busy_timeout = 5000");
  try {
    sqlite.prepare(statement).run(...params);
  } finally {
    sqlite.close();
  }
}

/** The grantee accepts the offer (their page is another spec's): straight into the database. */
const acceptAward = (awardId: number) =>
  run(
    "update awards set status = 'accepted', responded_at = ?, accepted_terms_id = grant_terms_id, version = version + 1 where id = ?",
    Date.now(),
    awardId
  );

/** Staff accept the return (their review page is another spec's): straight into the database. */
const acceptReturn = (returnId: number) =>
  run("update evaluation_returns set status = 'accepted', accepted_at = ? where id = ?", Date.now(), returnId);

function paymentIds(awardId: number): number[] {
  const sqlite = new Database(DATABASE_PATH, { readonly: true });
  try {
    return (sqlite.prepare("select id from payments where award_id = ? order by instalment").all(awardId) as { id: number }[]).map((r) => r.id);
  } finally {
    sqlite.close();
  }
}

/** The payment emails that reached someone, from the SMTP sink. */
async function paymentMails(to: string): Promise<Mail[]> {
  const response = await fetch(`${MAIL_API}/messages?to=${encodeURIComponent(to)}`);
  return ((await response.json()) as Mail[]).filter((m) => m.subject.startsWith("Payment of "));
}

/** Today in the UK, as the date boxes take it. */
function today() {
  const [year, month, day] = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date()).split("-") as [
    string,
    string,
    string
  ];
  const long = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" }).format(new Date());
  return { day: String(Number(day)), month: String(Number(month)), year, long };
}

test("staff record an award's payments once each, after their conditions, and the round's budget adds up", async ({ page }) => {
  test.setTimeout(150_000);
  const label = `${test.info().project.name}-${Math.random().toString(36).slice(2, 7)}`;
  const round = await decidedRound(`payments-${label}`, ["award", "award"]);
  const [a, b] = round.applications as [(typeof round.applications)[0], (typeof round.applications)[0]];
  await releaseRound(page, round);
  const awardId = awardIdOf(a.id);
  const offeredId = awardIdOf(b.id);
  acceptAward(awardId);
  const [first, second] = paymentIds(awardId) as [number, number];
  const interim = returnIdsOf(awardId).find((r) => r.kind === "interim")!;
  const now = today();
  // A: £4,000 in two instalments of £2,000; B: £5,000, offered, in two of £2,500.
  expect([a.amountPence, b.amountPence]).toEqual([4_000_00, 5_000_00]);

  // The schedule.
  await page.goto(`/staff/awards/${awardId}/payments`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Payments");
  await expect(page.locator(".govuk-caption-l")).toHaveText(`${a.reference}, ${a.organisationName}`);
  const schedule = page.getByRole("table", { name: "Payment schedule" });
  const row = (n: number) => schedule.locator("tbody tr").nth(n - 1);
  await expect(row(1)).toContainText("1 April 3001");
  await expect(row(1)).toContainText("£2,000");
  await expect(row(1)).toContainText("Scheduled");
  await expect(row(2)).toContainText("After the interim return is accepted");
  await expect(row(2)).toContainText("Waiting for the interim return to be accepted");
  await expect(page.getByText("of the award is not in the schedule yet")).toHaveCount(0);
  await expectAccessible(page);

  // Instalment 1 is moved to today, so it is due.
  await page.getByRole("link", { name: "Change instalment 1" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Change instalment 1");
  await expect(page.getByLabel("Day")).toHaveValue("1");
  await expect(page.getByLabel("Year")).toHaveValue("3001");
  await expect(page.getByLabel("Amount", { exact: true })).toHaveValue("2000");
  await expect(page.getByLabel("No condition")).toBeChecked();
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("Day").fill(now.day);
  await page.getByLabel("Month").fill(now.month);
  await page.getByLabel("Year").fill(now.year);
  await page.getByRole("button", { name: "Save the instalment" }).click();
  await expect(page.getByText("The instalment has been changed.")).toBeVisible();
  await expect(row(1)).toContainText(now.long);
  await expect(row(1)).toContainText("Due");

  // An instalment that would take the schedule over the award is refused, with the numbers.
  await ready(page);
  await page.getByLabel("Day").fill("1");
  await page.getByLabel("Month").fill("1");
  await page.getByLabel("Year").fill("3002");
  await page.getByLabel("Amount", { exact: true }).fill("0.01");
  await page.getByLabel("No condition").check();
  await page.getByRole("button", { name: "Add instalment" }).click();
  await expect(
    page.getByRole("link", {
      name: "The instalments would come to £4,000.01, which is £0.01 more than the award of £4,000. Change or cancel another instalment first.",
    })
  ).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByLabel("Amount", { exact: true })).toHaveValue("0.01");
  await expect(page.getByLabel("Year")).toHaveValue("3002");
  await expect(schedule.locator("tbody tr")).toHaveCount(2);
  await expectAccessible(page);

  // Instalment 1: wrong inputs first, then the payment.
  await page.getByRole("link", { name: "Record payment of instalment 1" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Record a payment");
  await expect(page.getByText("From your finance system. Do not enter bank details.")).toBeVisible();
  await expect(page.getByText("The day the payment was made, for example 3 4 2027")).toBeVisible();
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("Day").fill("31");
  await page.getByLabel("Month").fill("2");
  await page.getByLabel("Year").fill(now.year);
  await page.getByLabel("Amount paid").fill("two thousand");
  await page.getByLabel("Remittance reference").fill("GB29 NWBK 6016 1331 9268 19");
  await page.getByRole("button", { name: "Record payment" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("link", { name: "Date paid must be a real date, like 3 4 2027" })).toBeVisible();
  await expect(summary.getByRole("link", { name: "Amount paid must be an amount in pounds, like 1500 or 1500.50" })).toBeVisible();
  await expect(summary.getByRole("link", { name: /^Remittance reference must not contain bank details/ })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByLabel("Day")).toHaveValue("31");
  await expect(page.getByLabel("Amount paid")).toHaveValue("two thousand");
  await expect(page.getByLabel("Remittance reference")).toHaveValue("GB29 NWBK 6016 1331 9268 19");
  await expectAccessible(page);
  // A different amount than the instalment's: the server says to change the instalment first.
  await ready(page);
  await page.getByLabel("Day").fill(now.day);
  await page.getByLabel("Month").fill(now.month);
  await page.getByLabel("Amount paid").fill("1999.99");
  await page.getByLabel("Remittance reference").fill("BACS-4471");
  await page.getByRole("button", { name: "Record payment" }).click();
  await expect(
    summary.getByRole("link", { name: "Amount paid must be the instalment's amount, £2,000. To pay a different amount, change the instalment first" })
  ).toBeVisible();
  await expect(page.getByLabel("Remittance reference")).toHaveValue("BACS-4471");
  await expect(page.getByLabel("Amount paid")).toHaveValue("1999.99");
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("Amount paid").fill("2000");
  await page.getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByText("Payment recorded.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Payments");
  await expect(row(1)).toContainText("Paid");
  await expect(row(1)).toContainText(`£2,000 paid on ${now.long}, remittance reference BACS-4471`);
  await expect(page.getByRole("link", { name: "Record payment of instalment 1" })).toHaveCount(0);
  await expectAccessible(page);

  // The grantee's email, from the SMTP server: the amount, the date, the reference, no bank details.
  const mail = await waitForEmail(a.memberEmail, `Payment of £2,000 for ${a.reference}`);
  expect(mail.text).toContain(`Date paid: ${now.long}`);
  expect(mail.text).toContain("Remittance reference: BACS-4471");
  expect(mail.text).toContain("The money should reach your account within a few working days.");
  expect(mail.text).toContain(`/awards/${awardId}`);

  // Instalment 1 again, from a fresh page: refused, saying who recorded it.
  await page.goto(`/staff/awards/${awardId}/payments/${first}`);
  await expect(page.getByText(/^Instalment 1 has already been paid: .* recorded a payment of £2,000 made on/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Record payment" })).toHaveCount(0);

  // Instalment 2 waits for the interim return: the page says so, and a post is refused.
  await page.goto(`/staff/awards/${awardId}/payments/${second}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Record a payment");
  await expect(page.getByText("This instalment is paid after the interim return is accepted. That return is not started.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Record payment" })).toHaveCount(0);
  await expectAccessible(page);
  const form = (requestKey: string) => ({
    intent: "record",
    requestKey,
    paidDay: now.day,
    paidMonth: now.month,
    paidYear: now.year,
    amountPaid: "2000",
    remittanceReference: "BACS-4502",
  });
  const early = await page.request.post(`/staff/awards/${awardId}/payments/${second}`, {
    form: form("an-early-request-key-0123456789"),
    maxRedirects: 0,
  });
  expect(early.status()).toBe(409);

  // Once the interim return is accepted it can be paid: once, however often the form is sent.
  acceptReturn(interim.id);
  await page.reload();
  await expect(page.getByText("Waiting for the interim return")).toHaveCount(0);
  await ready(page);
  await page.getByLabel("Day").fill(now.day);
  await page.getByLabel("Month").fill(now.month);
  await page.getByLabel("Year").fill(now.year);
  await page.getByLabel("Amount paid").fill("2000");
  await page.getByLabel("Remittance reference").fill("BACS-4502");
  const requestKey = await page.locator('input[name="requestKey"]').inputValue();
  expect(requestKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
  await page.getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByText("Payment recorded.")).toBeVisible();
  await expect(row(2)).toContainText("remittance reference BACS-4502");
  await expect.poll(async () => (await paymentMails(a.memberEmail)).length, { timeout: 15_000 }).toBe(2);
  // The same form again (a resend, or back and submit): the same answer, nothing recorded.
  const again = await page.request.post(`/staff/awards/${awardId}/payments/${second}`, { form: form(requestKey), maxRedirects: 0 });
  expect(again.status()).toBe(302);
  expect(again.headers()["location"]).toBe(`/staff/awards/${awardId}/payments?notice=payment-recorded`);
  // A fresh page's key is refused: it is paid.
  const fresh = await page.request.post(`/staff/awards/${awardId}/payments/${second}`, {
    form: form("a-fresh-request-key-0123456789ab"),
    maxRedirects: 0,
  });
  expect(fresh.status()).toBe(409);
  await new Promise((r) => setTimeout(r, 1500));
  const mails = await paymentMails(a.memberEmail);
  expect(mails.map((m) => m.text.match(/Remittance reference: (\S+)/)?.[1])).toEqual(["BACS-4471", "BACS-4502"]);
  await page.reload();
  await expect(schedule.locator("tbody tr", { hasText: "Paid" })).toHaveCount(2);
  await expect(page.getByRole("link", { name: /^Record payment/ })).toHaveCount(0);

  // An instalment of another award is not found under this one.
  const [offeredFirst, offeredSecond] = paymentIds(offeredId) as [number, number];
  expect((await page.request.get(`/staff/awards/${awardId}/payments/${offeredFirst}`)).status()).toBe(404);

  // The offered award cannot be paid yet; staff cancel its second instalment, giving a reason.
  await page.goto(`/staff/awards/${offeredId}/payments`);
  await expect(page.getByText("The offer has not been accepted yet, so no payment can be recorded.")).toBeVisible();
  await expect(page.getByRole("link", { name: /^Record payment/ })).toHaveCount(0);
  await page.getByRole("link", { name: "Cancel instalment 2" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cancel instalment 2");
  await expectAccessible(page);
  await ready(page);
  await page.getByRole("button", { name: "Cancel the instalment" }).click();
  await expect(page.getByRole("link", { name: "Say why you are cancelling this instalment" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Why are you cancelling this instalment?").fill("The project will be paid in one instalment.");
  await page.getByRole("button", { name: "Cancel the instalment" }).click();
  await expect(page.getByText("The instalment has been cancelled.")).toBeVisible();
  await expect(page.getByText("£2,500 of the award is not in the schedule yet.")).toBeVisible();
  await expect(row(2)).toContainText("Cancelled");
  await expectAccessible(page);
  expect((await page.request.get(`/staff/awards/${offeredId}/payments/${offeredSecond}?cancel`)).status()).toBe(200);

  // The round's budget: £12,000; awarded £9,000 (of which £5,000 offered); paid £4,000; nothing
  // due; £2,500 scheduled later and £2,500 in no schedule yet; £3,000 left to award.
  await page.goto(`/staff/cycles/${round.cycleId}/budget`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Budget");
  const figure = (key: string) =>
    page.locator(".govuk-summary-list__row", { has: page.locator("dt", { hasText: new RegExp(`^${key}$`) }) }).locator("dd");
  await expect(figure("Budget")).toHaveText("£12,000");
  await expect(figure("Awarded")).toContainText("£9,000 (2 awards)");
  await expect(figure("Awarded")).toContainText("Of which £5,000 offered and not accepted yet");
  await expect(figure("Paid")).toHaveText("£4,000");
  await expect(figure("Due now")).toContainText("£0");
  await expect(figure("Scheduled later")).toHaveText("£2,500");
  await expect(figure("Not in a payment schedule yet")).toHaveText("£2,500");
  await expect(figure("Still to pay on the awards")).toHaveText("£5,000");
  await expect(figure("Left to award")).toHaveText("£3,000");
  const awards = page.getByRole("table", { name: "Awards" });
  const cells = (n: number) => awards.locator("tbody tr").nth(n).locator("th, td");
  await expect(cells(0)).toHaveText([`${a.reference} payments`, a.organisationName, "Accepted", "£4,000", "£4,000", "£0", "None"]);
  await expect(cells(1)).toHaveText([
    `${b.reference} payments`,
    b.organisationName,
    "Offer waiting for an answer",
    "£5,000",
    "£0",
    "£5,000",
    "1 April 3001",
  ]);
  await expectAccessible(page);
  const csv = await page.request.get(`/staff/cycles/${round.cycleId}/budget.csv`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain(`${a.reference},${a.title},${a.organisationName},Accepted,Yes,4000,4000,0,`);
});
