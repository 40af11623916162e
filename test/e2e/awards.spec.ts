// The offer and the award's life through the pages, with JavaScript on and off: staff send a
// round's decision letters (which makes the offers); one grantee reads the offer and accepts it
// (not before ticking that they have read the grant terms); staff vary that award's amount and
// the grantee is emailed what changed and why; a second organisation declines its offer; staff
// withdraw a third; a member of another organisation is refused another's award. Then: staff
// publish a new version of the grant terms while a grantee has the accept page open, and the
// grantee is asked to read them again, then accepts on the new version. Emails are read back from
// the SMTP sink; every page gets an axe scan.
//
// The terms test runs on a programme of its own, so that publishing terms never touches the
// offers other tests accept at the same time.
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Page } from "@playwright/test";
import * as schema from "../../db/schema";
import { decidedRound, releaseRound, type AwardRound } from "./award-fixtures";
import { DEMO, expect, expectAccessible, expectEmailAccessible, linkIn, ready, signInAs, test, waitForEmail } from "./fixtures";

const DATABASE_PATH = "test-results/e2e-db/portal.sqlite";

test.use({ actionTimeout: 15_000 });
test.setTimeout(120_000);

function withDatabase<T>(work: (db: ReturnType<typeof drizzle<typeof schema>>) => T): T {
  const sqlite = new Database(DATABASE_PATH);
  sqlite.pragma("busy_timeout = 5000");
  try {
    const db = drizzle(sqlite, { schema });
    return db.transaction((tx) => work(tx as unknown as ReturnType<typeof drizzle<typeof schema>>), { behavior: "immediate" });
  } finally {
    sqlite.close();
  }
}

/** Moves an unreleased round to a new programme of its own, with grant terms version 1 and no usual returns. */
function ownProgramme(round: AwardRound): { programmeId: number; name: string } {
  return withDatabase((db) => {
    const tag = Math.random().toString(36).slice(2, 8).toUpperCase();
    const name = `Terms test programme ${tag}`;
    const programme = db
      .insert(schema.programmes)
      .values({ slug: `terms-test-${tag.toLowerCase()}`, name, referencePrefix: `TT${tag}`, summary: "A programme for the grant terms test." })
      .returning()
      .get();
    db.insert(schema.grantTerms).values({ programmeId: programme.id, version: 1, title: "Test grant terms", body: "1. Spend the grant on the project." }).run();
    db.update(schema.cycles).set({ programmeId: programme.id }).where(eq(schema.cycles.id, round.cycleId)).run();
    return { programmeId: programme.id, name };
  });
}

async function signInAsMember(page: Page, email: string) {
  await page.context().clearCookies();
  await signInAs(page.request, email);
}

async function signInAsStaff(page: Page) {
  await page.context().clearCookies();
  await signInAs(page.request, DEMO.staff);
}

const h1 = (page: Page) => page.getByRole("heading", { level: 1 });

test("a grantee accepts, staff vary it, another declines, staff withdraw a third, and nobody sees another's award", async ({ page }) => {
  const round = await decidedRound("offers", ["award", "award", "award"]);
  const [a, b, c] = round.applications as [AwardRound["applications"][0], AwardRound["applications"][0], AwardRound["applications"][0]];
  await releaseRound(page, round);

  // Staff's round page leads to the awards.
  await page.goto(`/staff/cycles/${round.cycleId}`);
  await expect(page.getByRole("heading", { name: "Awards, payments and returns" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Awards: offers, acceptances and variations" }).click();
  await expect(h1(page)).toHaveText("Awards");
  for (const app of [a, b, c]) await expect(page.getByRole("row").filter({ hasText: app.reference })).toContainText("Offer waiting for an answer");
  await expectAccessible(page);

  // A: the letter links to the offer.
  const letter = await waitForEmail(a.memberEmail, `Your application ${a.reference} has been awarded funding`);
  const offerUrl = new URL(linkIn(letter, "/awards/"));
  const awardA = Number(offerUrl.pathname.split("/")[2]);
  await signInAsMember(page, a.memberEmail);
  await page.goto(offerUrl.pathname);
  await expect(h1(page)).toHaveText("Your offer");
  await expect(page.getByRole("table", { name: "Payments" })).toContainText("After the interim return is accepted");
  await expect(page.getByRole("table", { name: "Returns" })).toContainText("Interim return");
  await expect(page.getByText("Share your safeguarding policy before the first payment.")).toBeVisible();
  await expect(page.getByText("Collaboration Fund grant terms, version", { exact: false }).first()).toBeVisible();
  await expectAccessible(page);
  // The applicant's home lists it too.
  await page.goto("/applicant");
  await expect(page.getByRole("heading", { name: "Your awards" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("table", { name: "Offers and awards made to your organisations" }).getByRole("link", { name: a.title }).click();
  await expect(h1(page)).toHaveText("Your offer");

  await page.getByRole("link", { name: "Accept the offer" }).click();
  await expect(h1(page)).toHaveText("Accept the offer");
  await ready(page);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Accept the offer" }).click();
  await expect(page.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Confirm that you have read the grant terms and accept the offer on them" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel(/^I have read the grant terms/).check();
  await page.getByRole("button", { name: "Accept the offer" }).click();
  await expect(h1(page)).toHaveText("Your award");
  await expect(page.locator(".govuk-notification-banner--success")).toContainText("You have accepted the offer");
  await expect(page.getByText(/^By Member A on .*, on Collaboration Fund grant terms, version \d+$/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Your story on the public page" })).toHaveAttribute("href", `/awards/${awardA}/publication`);
  await expect(page.getByRole("heading", { name: "Offer accepted" })).toBeVisible();
  await expectAccessible(page);
  const accepted = await waitForEmail(a.memberEmail, `You have accepted the offer for ${a.reference}`);
  expect(accepted.text).toMatch(/Grant terms: Collaboration Fund grant terms, version \d+/);
  await expectEmailAccessible(page, accepted.html);

  // B declines (the reason is required).
  const letterB = await waitForEmail(b.memberEmail, `Your application ${b.reference} has been awarded funding`);
  const awardB = Number(new URL(linkIn(letterB, "/awards/")).pathname.split("/")[2]);
  await signInAsMember(page, b.memberEmail);
  await page.goto(`/awards/${awardB}`);
  await page.getByRole("link", { name: "Decline the offer" }).click();
  await expect(h1(page)).toHaveText("Decline the offer");
  await ready(page);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Decline the offer" }).click();
  await expect(page.getByRole("link", { name: "Tell us why you are declining the offer" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Why are you declining the offer?").fill("Our hall is closing for repairs this year.");
  await page.getByRole("button", { name: "Decline the offer" }).click();
  await expect(h1(page)).toHaveText("Your award");
  await expect(page.locator(".govuk-notification-banner--success")).toContainText("You have declined the offer");
  await expect(page.getByText("Our hall is closing for repairs this year.").first()).toBeVisible();
  await expectAccessible(page);
  const declined = await waitForEmail(b.memberEmail, `You have declined the offer for ${b.reference}`);
  expect(declined.text).toContain("Our hall is closing for repairs this year.");

  // B's member is refused A's award, and its pages.
  for (const path of [`/awards/${awardA}`, `/awards/${awardA}/accept`, `/awards/${awardA}/decline`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }

  // Staff vary A's amount: the reason is required; the grantee is emailed what changed and why.
  await signInAsStaff(page);
  await page.goto(`/staff/cycles/${round.cycleId}/awards`);
  await page.getByRole("link", { name: a.reference }).click();
  await expect(h1(page)).toHaveText(`Award ${a.reference}`);
  await expect(page.getByRole("link", { name: "Payments", exact: true })).toHaveAttribute("href", `/staff/awards/${awardA}/payments`);
  await expect(page.getByRole("link", { name: "Case study" })).toHaveAttribute("href", `/staff/awards/${awardA}/case-study`);
  await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
  await expectAccessible(page);
  // Staff mark the condition met (a small form per condition), then undo it; both are in the history.
  await expect(page.getByText("Not met yet")).toBeVisible();
  await page.getByRole("button", { name: /^Mark as met\s*: Share your safeguarding policy/ }).click();
  await expect(page.locator(".govuk-notification-banner")).toContainText("The condition has been marked as met.");
  await expect(page.getByText(/^Met on /)).toBeVisible();
  await expect(page.getByText("Condition met: Share your safeguarding policy before the first payment.")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: /^Mark as not met\s*: Share your safeguarding policy/ }).click();
  await expect(page.locator(".govuk-notification-banner")).toContainText("The condition has been marked as not met.");
  await expect(page.getByText("Not met yet")).toBeVisible();
  await page.getByRole("link", { name: "Vary the award" }).click();
  await expect(h1(page)).toHaveText("Vary the award");
  await ready(page);
  await expectAccessible(page);
  const newAmount = a.amountPence - 500_00;
  const pounds = (pence: number) => `£${(pence / 100).toLocaleString("en-GB")}`;
  await page.getByLabel("Amount").fill(String(newAmount / 100));
  await page.getByRole("button", { name: "Save the variation" }).click();
  await expect(page.getByRole("link", { name: "Give the reason for the change" })).toBeVisible();
  await expect(page.getByLabel("Amount")).toHaveValue(String(newAmount / 100));
  await expectAccessible(page);
  await page.getByLabel("Reason for the change").fill("The hall hire is cheaper than planned.");
  await page.getByRole("button", { name: "Save the variation" }).click();
  await expect(h1(page)).toHaveText(`Award ${a.reference}`);
  await expect(page.locator(".govuk-notification-banner--success")).toContainText("The variation has been saved");
  await expect(page.getByText(`Amount: changed from ${pounds(a.amountPence)} to ${pounds(newAmount)}`, { exact: false })).toBeVisible();
  const varied = await waitForEmail(a.memberEmail, `Your award ${a.reference} has changed`);
  expect(varied.text).toContain(`Amount: changed from ${pounds(a.amountPence)} to ${pounds(newAmount)}`);
  expect(varied.text).toContain("The hall hire is cheaper than planned.");
  await expectEmailAccessible(page, varied.html);

  // Staff withdraw C's offer.
  await page.goto(`/staff/cycles/${round.cycleId}/awards`);
  await page.getByRole("link", { name: c.reference }).click();
  await page.getByRole("link", { name: "Withdraw the award" }).click();
  await expect(h1(page)).toHaveText("Withdraw the award");
  await ready(page);
  await expectAccessible(page);
  await page.getByLabel("Reason").fill("The group has closed.");
  await page.getByRole("button", { name: "Withdraw the award" }).click();
  await expect(page.locator(".govuk-notification-banner--success")).toContainText("The award has been withdrawn");
  await expect(page.getByRole("table", { name: "Payments" })).toContainText("Cancelled");
  await expectAccessible(page);
  const withdrawn = await waitForEmail(c.memberEmail, `The offer for ${c.reference} has been withdrawn`);
  expect(withdrawn.text).toContain("The group has closed.");

  await page.goto(`/staff/cycles/${round.cycleId}/awards`);
  await expect(page.getByRole("row").filter({ hasText: a.reference })).toContainText("Accepted");
  await expect(page.getByRole("row").filter({ hasText: b.reference })).toContainText("Offer declined");
  await expect(page.getByRole("row").filter({ hasText: c.reference })).toContainText("Withdrawn");
  await expect(page.getByRole("row").filter({ hasText: "Total" })).toContainText(pounds(newAmount));

  // A's member sees the change and its reason on their award, and the way from the application.
  await signInAsMember(page, a.memberEmail);
  await page.goto(`/applications/${a.id}`);
  await expectAccessible(page);
  await page.getByRole("link", { name: "View your award" }).click();
  await expect(h1(page)).toHaveText("Your award");
  await expect(page.getByRole("heading", { name: "Award changed" })).toBeVisible();
  await expect(page.getByText("Reason: The hall hire is cheaper than planned.", { exact: false })).toBeVisible();
  // Staff are refused the grantee's page (they have their own).
  await signInAsStaff(page);
  const staffOnGrantee = await page.goto(`/awards/${awardA}`);
  expect(staffOnGrantee?.status()).toBe(403);
});

test("new grant terms: an open offer is accepted on the new version, after reading it again", async ({ page, browser }) => {
  const round = await decidedRound("terms", ["award"]);
  const programme = ownProgramme(round);
  const [a] = round.applications as [AwardRound["applications"][0]];
  await releaseRound(page, round);
  const letter = await waitForEmail(a.memberEmail, `Your application ${a.reference} has been awarded funding`);
  const awardId = Number(new URL(linkIn(letter, "/awards/")).pathname.split("/")[2]);

  // The grantee opens the accept page on version 1 …
  await signInAsMember(page, a.memberEmail);
  await page.goto(`/awards/${awardId}/accept`);
  await expect(page.getByRole("heading", { name: "Grant terms: Test grant terms, version 1" })).toBeVisible();

  // … while staff publish version 2.
  const staffContext = await browser.newContext({ javaScriptEnabled: test.info().project.use.javaScriptEnabled !== false });
  try {
    const staff = await staffContext.newPage();
    await signInAs(staff.request, DEMO.staff);
    await staff.goto(`/staff/programmes/${programme.programmeId}/terms`);
    await expect(staff.getByRole("heading", { level: 1 })).toHaveText("Grant terms");
    await expect(staff.getByRole("heading", { name: "Current version: Test grant terms, version 1" })).toBeVisible();
    await expect(staff.getByText("1 offer is waiting for an answer", { exact: false })).toBeVisible();
    await ready(staff);
    await expectAccessible(staff);
    await staff.getByLabel("Terms").fill("1. Spend the grant on the project.\n\n2. Tell us about any underspend.");
    await staff.getByRole("button", { name: "Publish new version" }).click();
    await expect(staff.locator(".govuk-notification-banner--success")).toContainText("The new version of the grant terms has been published");
    await expect(staff.getByRole("heading", { name: "Current version: Test grant terms, version 2" })).toBeVisible();
    await expect(staff.getByRole("table", { name: "Earlier versions" })).toContainText("Test grant terms");
    await expectAccessible(staff);
  } finally {
    await staffContext.close();
  }

  // The grantee's acceptance on version 1 is refused; the page now shows version 2.
  await page.getByLabel(/^I have read the grant terms/).check();
  await page.getByRole("button", { name: "Accept the offer" }).click();
  await expect(page.getByRole("link", { name: /^The grant terms changed since you opened this page: read them again/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Grant terms: Test grant terms, version 2" })).toBeVisible();
  await expect(page.getByText("2. Tell us about any underspend.", { exact: false })).toBeVisible();
  await expect(page.getByLabel(/^I have read the grant terms/)).not.toBeChecked();
  await expectAccessible(page);
  await page.getByLabel(/^I have read the grant terms/).check();
  await page.getByRole("button", { name: "Accept the offer" }).click();
  await expect(page.locator(".govuk-notification-banner--success")).toContainText("You have accepted the offer");
  await expect(page.getByText(/^By Member A on .*, on Test grant terms, version 2$/)).toBeVisible();
  const accepted = await waitForEmail(a.memberEmail, `You have accepted the offer for ${a.reference}`);
  expect(accepted.text).toContain("Grant terms: Test grant terms, version 2");
});
