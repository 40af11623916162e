// An award's whole life, through the portal's pages, with JavaScript on and off: staff send the
// round's decision letters (which makes the offer); the grantee follows the letter's link and
// accepts; staff record the first instalment; the grantee fills and submits the interim return;
// staff ask for changes; the grantee changes it and sends it again; staff accept it, which frees
// the second instalment, and record it; the grantee sends the final return with consent to
// publish; staff accept it and approve its story; the public page shows the case study. Every
// email is read back from the SMTP sink, and every page gets an axe scan.
import Database from "better-sqlite3";
import type { Page } from "@playwright/test";
import { awardIdOf, decidedRound, releaseRound, returnIdsOf } from "./award-fixtures";
import { emailCount, expect, expectAccessible, expectEmailAccessible, linkIn, ready, signInAs, test, waitForEmail } from "./fixtures";

test.use({ actionTimeout: 15_000 });

const h1 = (page: Page) => page.getByRole("heading", { level: 1 });
const task = (page: Page, name: string) => page.locator(".govuk-task-list__item").filter({ hasText: name }).locator(".govuk-task-list__status");

/** The application's plan (a measured output), as its applicant wrote it: the returns report against it. */
function planOf(applicationId: number) {
  const sqlite = new Database("test-results/e2e-db/portal.sqlite");
  try {
    sqlite
      .prepare("insert into logic_model_items (application_id, kind, description, measure, target, sort_order) values (?, 'output', 'Sessions run', 'Number of sessions', 40, 1)")
      .run(applicationId);
  } finally {
    sqlite.close();
  }
}

function today() {
  const [year, month, day] = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date()).split("-") as [string, string, string];
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/** Staff record an instalment, through the award's payments page. */
async function recordPayment(page: Page, awardId: number, instalment: number, pounds: string) {
  await page.goto(`/staff/awards/${awardId}/payments`);
  await expect(h1(page)).toHaveText("Payments");
  await expectAccessible(page);
  await page.getByRole("link", { name: `Record payment of instalment ${instalment}` }).click();
  await expect(h1(page)).toHaveText("Record a payment");
  await expectAccessible(page);
  await ready(page);
  const now = today();
  await page.getByLabel("Day").fill(now.day);
  await page.getByLabel("Month").fill(now.month);
  await page.getByLabel("Year").fill(now.year);
  await page.getByLabel("Amount paid").fill(pounds);
  await page.getByLabel(/^Remittance reference/).fill(`REMIT-${instalment}`);
  await page.getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByText("Payment recorded", { exact: false })).toBeVisible();
}

/** The grantee fills every section of a return; `story` marks which telling this is. */
async function fillReturn(page: Page, returnId: number, o: { people: string; spent: string; sessions: string; story: string }) {
  const base = `/returns/${returnId}`;
  await page.goto(base);
  await expectAccessible(page);

  await page.getByRole("link", { name: "People reached" }).click();
  await ready(page);
  await page.getByLabel("Total people reached").fill(o.people);
  await page.getByLabel("People reached in Biscot").fill(o.people);
  await page.getByLabel("Activities delivered").fill(`${o.sessions} cooking sessions`);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(task(page, "People reached")).toHaveText("Completed");

  await page.getByRole("link", { name: "Spend" }).click();
  await ready(page);
  await page.getByLabel("Spent so far on Staff time").fill(o.spent);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(task(page, "Spend")).toHaveText("Completed");

  await page.getByRole("link", { name: "Results" }).click();
  await ready(page);
  await page.getByLabel("Actual value for Number of sessions").fill(o.sessions);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(task(page, "Results")).toHaveText("Completed");

  await page.getByRole("link", { name: "Your story" }).click();
  await ready(page);
  await page.getByLabel("Authors").fill("Member A and the cooking team");
  await page.getByLabel("Tell us about your project").fill(`Families in Biscot cook and eat together every week (${o.story}).`);
  await page.getByLabel("What did you do?").fill(`We ran ${o.sessions} sessions with the children's centre.`);
  await page.getByLabel("What have you achieved?").fill("Families now cook from scratch at home.");
  await page.getByLabel("What have you learnt?").fill("Start with simple recipes, and cook what families already like.");
  await page.getByLabel("Acknowledgements").fill("Thanks to the mosque for the kitchen.");
  await page.getByLabel("What's next?").fill("A second group in the spring.");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(task(page, "Your story")).toHaveText("Completed");

  await page.getByRole("link", { name: "Photos and documents" }).click();
  await ready(page);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(task(page, "Photos and documents")).toHaveText("Completed");

  await page.getByRole("link", { name: "Consent to publish" }).click();
  await ready(page);
  await page.getByLabel("Yes, you may publish our story").check();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(task(page, "Consent to publish")).toHaveText("Completed");
}

async function submitReturn(page: Page, returnId: number) {
  await page.goto(`/returns/${returnId}/check`);
  await expect(h1(page)).toHaveText("Check your return");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Submit return" }).click();
  await expect(page.getByText("Return submitted.")).toBeVisible();
}

async function review(page: Page, returnId: number, outcome: "Accept the return" | "Ask for changes", comments?: string) {
  await page.goto(`/staff/returns/${returnId}`);
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel(outcome).check();
  if (comments) await page.getByLabel("Comments for the grantee").fill(comments);
  await page.getByRole("button", { name: "Save review" }).click();
  await expect(page.getByRole("button", { name: "Save review" })).toHaveCount(0);
}

test("an award goes from its release through acceptance, two payments, two returns and a request for changes, to its case study on the public page", async ({ page, browser }) => {
  test.setTimeout(300_000);
  const round = await decidedRound("journey", ["award"]);
  const a = round.applications[0]!;
  planOf(a.id);
  const member = a.memberEmail;
  let publicPath = "";

  // Staff send the letters: the offer is made.
  await releaseRound(page, round);
  const awardId = awardIdOf(a.id);
  const letter = await waitForEmail(member, `Your application ${a.reference} has been awarded funding`);
  const offerLink = linkIn(letter, `/awards/${awardId}`);

  // The grantee follows the letter, reads the offer and accepts it.
  const granteeContext = await browser.newContext();
  const grantee = await granteeContext.newPage();
  try {
    await signInAs(grantee.request, member, round.password);
    await grantee.goto(offerLink);
    await expect(h1(grantee)).toHaveText("Your offer");
    await expect(grantee.getByRole("table", { name: "Payments" })).toContainText("£2,000");
    await expect(grantee.getByRole("table", { name: "Returns" })).toContainText("Interim return");
    await expectAccessible(grantee);
    await grantee.getByRole("link", { name: "Accept the offer" }).click();
    await expect(h1(grantee)).toHaveText("Accept the offer");
    await expectAccessible(grantee);
    await ready(grantee);
    await grantee.getByLabel(/^I have read the grant terms/).check();
    await grantee.getByRole("button", { name: "Accept the offer" }).click();
    await expect(grantee.getByText("You have accepted the offer", { exact: false })).toBeVisible();
    await expect(h1(grantee)).toHaveText("Your award");
    await expectAccessible(grantee);
    const accepted = await waitForEmail(member, `You have accepted the offer for ${a.reference}`);
    await expectEmailAccessible(grantee, accepted.html);

    // Staff see it accepted, and record the first instalment.
    await page.goto(`/staff/awards/${awardId}`);
    await expect(h1(page)).toHaveText(`Award ${a.reference}`);
    await expect(page.locator("main")).toContainText("Accepted");
    await expectAccessible(page);
    await recordPayment(page, awardId, 1, "2000");
    await waitForEmail(member, `Payment of £2,000 for ${a.reference}`);
    // The second waits for the interim return.
    await page.goto(`/staff/awards/${awardId}/payments`);
    await expect(page.getByRole("link", { name: "Record payment of instalment 2" })).toHaveCount(1);
    const returns = returnIdsOf(awardId);
    expect(returns.map((r) => r.kind)).toEqual(["interim", "final"]);
    const [interim, final] = [returns[0]!, returns[1]!];
    const secondPayment = await page.request.get(`/staff/awards/${awardId}/payments`);
    expect(await secondPayment.text()).toContain("Waiting for the interim return to be accepted");

    // The interim return: filled, submitted, sent back for changes, changed, sent again, accepted.
    await fillReturn(grantee, interim.id, { people: "30", spent: "1500", sessions: "20", story: "interim" });
    await submitReturn(grantee, interim.id);
    await waitForEmail(member, `We have received your interim return for ${a.reference}`);
    await review(page, interim.id, "Ask for changes", "Please say how many families came to each session.");
    const changes = await waitForEmail(member, `Changes needed to your interim return for ${a.reference}`);
    expect(changes.text).toContain("Please say how many families came to each session.");
    await grantee.goto(`/returns/${interim.id}`);
    await expect(grantee.getByText("Please say how many families came to each session.")).toBeVisible();
    await expectAccessible(grantee);
    await grantee.getByRole("link", { name: "People reached" }).click();
    await ready(grantee);
    await grantee.getByLabel("Activities delivered").fill("20 cooking sessions, about 8 families at each");
    await grantee.getByRole("button", { name: "Save and continue" }).click();
    await expect(task(grantee, "People reached")).toHaveText("Completed");
    await submitReturn(grantee, interim.id);
    await review(page, interim.id, "Accept the return");
    await waitForEmail(member, `Your interim return for ${a.reference} has been accepted`);
    await page.goto(`/staff/returns/${interim.id}`);
    await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
    await expect(page.locator("main")).toContainText("Please say how many families came to each session.");

    // Now the second instalment can be paid.
    const mailsBefore = await emailCount(member);
    await recordPayment(page, awardId, 2, "2000");
    await waitForEmail(member, `Payment of £2,000 for ${a.reference}`, { after: mailsBefore });

    // The final return, with consent to publish; staff accept it and approve its story.
    await fillReturn(grantee, final.id, { people: "64", spent: "4000", sessions: "40", story: "final" });
    await submitReturn(grantee, final.id);
    await review(page, final.id, "Accept the return");
    await waitForEmail(member, `Your final return for ${a.reference} has been accepted`);
    await page.goto(`/staff/awards/${awardId}/case-study`);
    await expect(h1(page)).toHaveText("Case study");
    await expectAccessible(page);
    await page.getByRole("button", { name: /^Approve for the public page\s*: the story from the final return$/ }).click();
    await expect(page.getByRole("button", { name: /Withdraw approval/ })).toBeVisible();
    const published = await waitForEmail(member, /^Your case study is published: /);
    publicPath = new URL(linkIn(published, `/funded-projects/${awardId}`)).pathname;

    // The budget adds it all up.
    await page.goto(`/staff/cycles/${round.cycleId}/budget`);
    await expect(h1(page)).toHaveText("Budget");
    await expect(page.getByRole("row").filter({ hasText: a.reference })).toContainText("£4,000");
    await expectAccessible(page);
  } finally {
    await granteeContext.close();
  }

  // The public, signed out, find the project and read its story.
  const publicContext = await browser.newContext();
  const visitor = await publicContext.newPage();
  try {
    await visitor.goto("/funded-projects");
    await expect(h1(visitor)).toHaveText("Funded projects");
    await visitor.getByRole("listitem").filter({ hasText: a.organisationName }).getByRole("link", { name: a.title }).click();
    await expect(visitor).toHaveURL(new RegExp(`${publicPath}$`));
    await expect(visitor.getByRole("heading", { level: 2, name: "Our story" })).toBeVisible();
    await expect(visitor.locator("main")).toContainText("Families in Biscot cook and eat together every week (final).");
    await expect(visitor.locator("main")).not.toContainText("(interim)");
    await expectAccessible(visitor);
  } finally {
    await publicContext.close();
  }
});
