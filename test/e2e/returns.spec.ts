// Evaluation returns, through the grantee's and staff's pages, with JavaScript on and off: staff
// release a decided round (the offer is made); the award is then marked accepted straight in the
// database (acceptance is tested in the awards spec). The grantee fills every section of the
// interim return (a validation error first, with nothing typed lost; a ward added; a photo
// uploaded; a session that ends mid-page loses nothing), checks and submits it; staff ask for
// changes; the grantee sees the comments, changes and submits again; staff accept; the
// emails are read back from the SMTP sink; another organisation's member is refused; staff add
// a return to the round's schedule. An axe scan of every page.
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Page } from "@playwright/test";
import * as schema from "../../db/schema";
import { MAIL_API } from "../../playwright.config";
import { awardIdOf, decidedRound, releaseRound, returnIdsOf } from "./award-fixtures";
import { DEMO, emailCount, expect, expectAccessible, expectEmailAccessible, ready, signInAs, test, waitForEmail } from "./fixtures";

const DATABASE_PATH = "test-results/e2e-db/portal.sqlite";

test.use({ actionTimeout: 15_000 });

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

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

/**
 * The grantee accepted the offer (as the award's own pages would record it), and the
 * application planned a group, an output and an outcome (the panel round's applications have
 * a ward and a budget line already). Returns the group's name.
 */
function acceptAndPlan(awardId: number, applicationId: number, memberEmail: string): string {
  return withDatabase((db) => {
    const member = db.select().from(schema.users).where(eq(schema.users.email, memberEmail)).get()!;
    const award = db.select().from(schema.awards).where(eq(schema.awards.id, awardId)).get()!;
    db.update(schema.awards)
      .set({ status: "accepted", respondedAt: new Date(), respondedById: member.id, acceptedTermsId: award.grantTermsId, version: award.version + 1 })
      .where(eq(schema.awards.id, awardId))
      .run();
    const group = db.select().from(schema.beneficiaryGroups).orderBy(schema.beneficiaryGroups.sortOrder).limit(1).get()!;
    db.insert(schema.applicationBeneficiaryGroups).values({ applicationId, groupId: group.id }).run();
    db.insert(schema.logicModelItems)
      .values([
        { applicationId, kind: "activity", description: "Weekly cooking sessions", sortOrder: 0 },
        { applicationId, kind: "output", description: "Sessions run", measure: "Number of sessions", target: 40, sortOrder: 1 },
        { applicationId, kind: "outcome", description: "Families cook at home more", measure: "Families cooking at home", target: 30, sortOrder: 2 },
      ])
      .run();
    return group.name;
  });
}

async function signInFresh(page: Page, email: string) {
  await page.context().clearCookies();
  await signInAs(page.request, email);
}

const taskStatus = (page: Page, name: string) => page.locator(".govuk-task-list__item").filter({ hasText: name }).locator(".govuk-task-list__status");

test("a grantee fills and submits an interim return, staff ask for changes, then accept it", async ({ page, browser, playwright, baseURL }) => {
  test.setTimeout(240_000);
  const round = await decidedRound("returns");
  const application = round.applications[0]!;
  await releaseRound(page, round);
  const awardId = awardIdOf(application.id);
  const groupName = acceptAndPlan(awardId, application.id, application.memberEmail);
  const interim = returnIdsOf(awardId).find((r) => r.kind === "interim")!;
  const base = `/returns/${interim.id}`;
  const member = application.memberEmail;

  // Another organisation's member, and staff on the grantee's pages, are refused.
  await signInFresh(page, DEMO.applicant);
  expect((await page.request.get(base)).status()).toBe(403);
  expect((await page.request.get(`${base}/reach`)).status()).toBe(403);
  expect((await page.request.post(`${base}/consent`, { form: { intent: "later", consent: "yes" }, maxRedirects: 0 })).status()).toBe(403);
  await signInFresh(page, DEMO.staff);
  expect((await page.request.get(base)).status()).toBe(403);

  // The task list.
  await signInFresh(page, member);
  await page.goto(base);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Interim return");
  await expect(page.locator(".govuk-caption-l")).toContainText(application.reference);
  for (const task of ["People reached", "Spend", "Results", "Your story", "Photos and documents", "Consent to publish"]) {
    await expect(taskStatus(page, task)).toHaveText("Not yet started");
  }
  await expectAccessible(page);

  // People reached: a number that is not one is refused, with everything typed kept.
  await page.getByRole("link", { name: "People reached" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("People reached");
  await expect(page.getByText("Give the totals so far")).toBeVisible();
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("Total people reached").fill("lots");
  await page.getByLabel("People reached in Biscot").fill("30");
  await page.getByLabel(`People reached: ${groupName}`).fill("25");
  await page.getByLabel("Activities delivered").fill("20 cooking sessions and a celebration meal");
  await page.getByRole("button", { name: "Save and continue" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toContainText("Total people reached must be a whole number, like 120");
  await expect(page).toHaveTitle(/^Error: People reached/);
  await expect(page.getByLabel("Total people reached")).toHaveValue("lots");
  await expect(page.getByLabel("People reached in Biscot")).toHaveValue("30");
  await expect(page.getByLabel("Activities delivered")).toHaveValue("20 cooking sessions and a celebration meal");
  await expectAccessible(page);
  // A ward the application did not name: added, with what was typed saved.
  await page.getByLabel("Total people reached").fill("60");
  await page.getByLabel("Ward", { exact: true }).selectOption({ label: "Farley" });
  await page.getByRole("button", { name: "Add ward" }).click();
  await expect(page.getByLabel("People reached in Farley")).toBeVisible();
  await expect(page.getByLabel("Total people reached")).toHaveValue("60");
  await expect(page.getByLabel("People reached in Biscot")).toHaveValue("30");
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("People reached in Farley").fill("5");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`${base}$`));
  await expect(taskStatus(page, "People reached")).toHaveText("Completed");

  // Spend.
  await page.getByRole("link", { name: "Spend" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Spend");
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("Spent so far on Staff time").fill("1500");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(taskStatus(page, "Spend")).toHaveText("Completed");

  // Results against the plan.
  await page.getByRole("link", { name: "Results" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results");
  await expect(page.getByText("Measure: Number of sessions. Target: 40.")).toBeVisible();
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("Actual value for Number of sessions").fill("20");
  await page.getByLabel("Actual value for Families cooking at home").fill("12");
  await page.getByLabel("Note about Families cooking at home (optional)").fill("From our end-of-term survey");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(taskStatus(page, "Results")).toHaveText("Completed");

  // The story. The session ends while it is being typed: nothing is lost.
  await page.getByRole("link", { name: "Your story" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your story");
  await expect(page.getByLabel("Project title")).toHaveValue(application.title);
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("Authors").fill("Member A and the cooking team");
  await page.getByLabel("Tell us about your project").fill("Families in Biscot cook and eat together every week.");
  const elsewhere = await playwright.request.newContext({ baseURL });
  await signInAs(elsewhere, member);
  expect((await elsewhere.post("/account", { maxRedirects: 0 })).status()).toBe(302);
  await elsewhere.dispose();
  await page.getByRole("button", { name: "Save and come back later" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email address").fill(member);
  await page.getByLabel("Password").fill(round.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${base}/story$`));
  await expect(page.getByRole("heading", { name: "Not saved yet" })).toBeVisible();
  await expect(page.getByLabel("Authors")).toHaveValue("Member A and the cooking team");
  await expect(page.getByLabel("Tell us about your project")).toHaveValue("Families in Biscot cook and eat together every week.");
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("What did you do?").fill("We ran twenty sessions with the children's centre.");
  await page.getByLabel("What have you achieved?").fill("Twelve families now cook from scratch at home.");
  await page.getByLabel("What have you learnt?").fill("Start with simple recipes.");
  await page.getByLabel("Acknowledgements").fill("Thanks to the mosque for the kitchen.");
  await page.getByLabel("What's next?").fill("A second group in the spring.");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(taskStatus(page, "Your story")).toHaveText("Completed");

  // A photo, with its description.
  await page.getByRole("link", { name: "Photos and documents" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Photos and documents");
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("A photo").check();
  await page.getByLabel("Upload a file").setInputFiles({ name: "cooking.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Upload file" }).click();
  // Without a description: refused, the choice kept.
  await expect(page.locator(".govuk-error-summary")).toContainText("Describe what the photo shows");
  await expect(page.getByLabel("A photo")).toBeChecked();
  await page.getByLabel("Description").fill("Parents and children cooking together");
  await page.getByLabel("Upload a file").setInputFiles({ name: "cooking.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Upload file" }).click();
  await expect(page.getByText("The file has been uploaded.")).toBeVisible();
  const photoRow = page.getByRole("row").filter({ hasText: "cooking.png" });
  await expect(photoRow).toContainText("Parents and children cooking together");
  const photoHref = (await photoRow.getByRole("link", { name: "cooking.png" }).getAttribute("href"))!;
  await expectAccessible(page);
  await ready(page);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(taskStatus(page, "Photos and documents")).toHaveText("Completed");

  // Consent: required before submitting.
  await page.getByRole("link", { name: "Consent to publish" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Consent to publish");
  await expect(page.getByText("the photos you upload with this return, each with its description")).toBeVisible();
  await expect(page.getByRole("link", { name: "withdraw your consent to publish" })).toHaveAttribute("href", `/awards/${awardId}/publication`);
  await expectAccessible(page);
  await ready(page);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Select whether we may publish your story");
  await page.getByLabel("Yes, you may publish our story").check();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(taskStatus(page, "Consent to publish")).toHaveText("Completed");

  // Check and submit.
  await page.getByRole("link", { name: "Check and submit" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your return");
  await expect(page.getByText("You cannot submit yet")).toHaveCount(0);
  await expect(page.locator(".govuk-summary-list__row").filter({ hasText: "People reached in Farley" })).toContainText("5");
  await expect(page.getByRole("link", { name: "Change total people reached" })).toHaveAttribute("href", `${base}/reach`);
  await expectAccessible(page);
  // The version of the return the page showed goes with the form.
  const checked = await page.locator('input[name="version"]').inputValue();
  await page.getByRole("button", { name: "Submit return" }).click();
  await expect(page).toHaveURL(new RegExp(`${base}\\?notice=return-submitted$`));
  await expect(page.getByText("Return submitted.")).toBeVisible();
  await expect(page.locator(".govuk-summary-list").first()).toContainText("Submitted");
  await expectAccessible(page);
  const receipt = await waitForEmail(member, `We have received your interim return for ${application.reference}`);
  expect(receipt.text).toContain("Parents and children cooking together");
  await expectEmailAccessible(page, receipt.html);
  // Sent again (a second click, a resent form): the same confirmation, nothing more.
  const again = await page.request.post(`${base}/check`, { form: { version: checked }, maxRedirects: 0 });
  expect(again.status()).toBe(302);
  expect(again.headers()["location"]).toBe(`${base}?notice=return-submitted`);
  // A form without the version it was checked at is not taken as that submission: the page
  // (which cannot change now) goes back to the return, which says it has been submitted.
  const unchecked = await page.request.post(`${base}/check`, { form: {}, maxRedirects: 0 });
  expect(unchecked.status()).toBe(302);
  expect(unchecked.headers()["location"]).toBe(base);
  // Read-only now: a section page goes back to the return.
  await page.goto(`${base}/spend`);
  await expect(page).toHaveURL(new RegExp(`${base}$`));

  // Staff: waiting for review; ask for changes (comments required).
  await signInFresh(page, DEMO.staff);
  await page.goto("/staff");
  await page.getByRole("link", { name: "Returns waiting for review, overdue and due soon" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Returns");
  await expectAccessible(page);
  await page.getByRole("link", { name: `Interim return for ${application.reference}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Interim return: ${application.reference}`);
  await expect(page.getByRole("table", { name: "Results against the targets" })).toContainText("20");
  await expect(page.getByRole("table", { name: "Spend against the budget" })).toContainText("£1,500");
  await expectAccessible(page);
  const download = await page.request.get(photoHref);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("image/png");
  await ready(page);
  await page.getByLabel("Ask for changes").check();
  await page.getByRole("button", { name: "Save review" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Tell the grantee what to change");
  await expectAccessible(page);
  await page.getByLabel("Comments for the grantee").fill("Please say how many sessions were cancelled, and why.");
  await page.getByRole("button", { name: "Save review" }).click();
  await expect(page.getByText("You have asked for changes.")).toBeVisible();
  await expect(page.locator(".app-timeline")).toContainText("Changes asked for");
  await expectAccessible(page);
  const asked = await waitForEmail(member, `Changes needed to your interim return for ${application.reference}`);
  expect(asked.text).toContain("Please say how many sessions were cancelled, and why.");
  await expectEmailAccessible(page, asked.html);

  // The grantee sees the comments, changes the results and submits again.
  await signInFresh(page, member);
  await page.goto(base);
  const changesAsked = page.getByRole("region", { name: "Changes asked for" });
  await expect(changesAsked).toContainText("Please say how many sessions were cancelled, and why.");
  // The reviewer is not named to the grantee.
  await expect(changesAsked).toContainText("Reviewed on");
  await expect(changesAsked).not.toContainText(" by ");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Results" }).click();
  await ready(page);
  await page.getByLabel("Note about Number of sessions (optional)").fill("Two sessions were cancelled in the snow.");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(taskStatus(page, "Results")).toHaveText("Completed");
  // Meanwhile staff read the return as it was submitted, not the grantee's changes.
  const staffContext = await browser.newContext({ baseURL });
  await signInAs(staffContext.request, DEMO.staff);
  const staffPage = await staffContext.newPage();
  await staffPage.goto(`/staff/returns/${interim.id}`);
  await expect(staffPage.getByRole("heading", { level: 2, name: /^The return as submitted on / })).toBeVisible();
  await expect(staffPage.getByRole("table", { name: "Results against the targets" })).not.toContainText("Two sessions were cancelled in the snow.");
  await expectAccessible(staffPage);
  await staffContext.close();
  const receipts = await emailCount(member);
  await page.getByRole("link", { name: "Check and submit" }).click();
  await page.getByRole("button", { name: "Submit return" }).click();
  await expect(page.getByText("Return submitted.")).toBeVisible();
  const second = await waitForEmail(member, `We have received your interim return for ${application.reference}`, { after: receipts });
  expect(second.text).toContain("submitted again with changes");

  // Staff accept; the history keeps both reviews.
  await signInFresh(page, DEMO.staff);
  await page.goto(`/staff/returns/${interim.id}`);
  await ready(page);
  await page.getByLabel("Accept the return").check();
  await page.getByRole("button", { name: "Save review" }).click();
  await expect(page.getByText("The return has been accepted.")).toBeVisible();
  const history = page.locator(".app-timeline");
  await expect(history).toContainText("Accepted");
  await expect(history).toContainText("Submitted again with changes");
  await expect(history).toContainText("Please say how many sessions were cancelled, and why.");
  await expect(page.getByRole("button", { name: "Save review" })).toHaveCount(0);
  const accepted = await waitForEmail(member, `Your interim return for ${application.reference} has been accepted`);
  await expectEmailAccessible(page, accepted.html);
  // One receipt per submission, one email per review: nothing twice.
  const mails = (await (await fetch(`${MAIL_API}/messages?to=${encodeURIComponent(member)}`)).json()) as { subject: string }[];
  expect(mails.filter((m) => m.subject.startsWith("We have received your interim return"))).toHaveLength(2);
  expect(mails.filter((m) => m.subject.startsWith("Changes needed"))).toHaveLength(1);

  // Staff add a showcase to the round's schedule: the award gets it.
  await page.goto(`/staff/cycles/${round.cycleId}/return-schedule`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Return schedule");
  await expect(page.getByRole("group", { name: "Interim return" })).toContainText("1 award has started this return, so it cannot be removed.");
  await expectAccessible(page);
  await ready(page);
  const add = page.getByRole("group", { name: "Add a return (optional)" });
  await add.getByLabel("Title").fill("Showcase presentation");
  await page.getByRole("button", { name: "Save return schedule" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Select what kind of return it is");
  await expectAccessible(page);
  await add.getByLabel("Kind of return").selectOption({ label: "Showcase presentation" });
  await add.getByLabel("Months after the project starts").fill("9");
  await page.getByRole("button", { name: "Save return schedule" }).click();
  await expect(page.getByText("The return schedule has been saved.")).toBeVisible();
  expect(returnIdsOf(awardId).map((r) => r.title)).toEqual(["Interim return", "Showcase presentation", "Final return"]);
});
