// A round's life through the staff pages: create a draft on a programme, be told what it needs
// before it can be published, preview it, publish it (opens soon), and, for an open round,
// extend it (each drafter emailed once), give one application its own deadline, close it now,
// and read its history. JavaScript on and off, with an axe scan of each page.
import type { Page } from "@playwright/test";
import { MAIL_API } from "../../playwright.config";
import { DEMO, demoCycleId, draftApplication, emailCount, expect, expectAccessible, ready, signInAs, test, waitForEmail } from "./fixtures";

const DAY = 24 * 3600 * 1000;
const uk = (date: Date) => {
  const [day, month, year] = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "numeric", year: "numeric" }).format(date).split("/");
  return { day: day!, month: month!, year: year! };
};

/** Fills a date and time field (the fieldset named `legend`). */
async function fillDateTime(page: Page, legend: string, date: Date, time: string) {
  const group = page.getByRole("group", { name: legend });
  const d = uk(date);
  await group.getByLabel("Day").fill(d.day);
  await group.getByLabel("Month").fill(d.month);
  await group.getByLabel("Year").fill(d.year);
  await group.getByLabel("Time (UK time)").fill(time);
}

/** The Collaboration Fund programme's page address, from the open demo round's page. */
async function programmePath(page: Page) {
  const cycleId = await demoCycleId(page.request, "cf");
  await page.goto(`/staff/cycles/${cycleId}`);
  return (await page.locator(".govuk-caption-l a").getAttribute("href"))!;
}

// Long journeys through many pages.
test.describe.configure({ timeout: 180_000 });

const unique = (label: string, project: string) => `${label} ${project} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

test("staff create a round, see what it needs, preview it and publish it to open later", async ({ page }, testInfo) => {
  await signInAs(page.request, DEMO.staff);
  const programme = await programmePath(page);
  await page.goto(`${programme}/rounds/new`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create a round");
  await expectAccessible(page);
  await ready(page);

  const name = unique("Spring round", testInfo.project.name);
  const opens = new Date(Date.now() + 10 * DAY);
  await page.getByLabel("Name of the round").fill(name);
  await fillDateTime(page, "When does the round open?", opens, "9am");
  await fillDateTime(page, "When does the round close?", new Date(Date.now() + 40 * DAY), "25:00");
  await page.getByLabel("Budget").fill("30000");
  await page.getByLabel("Smallest amount applicants may ask for").fill("500");
  await page.getByLabel("Largest amount applicants may ask for").fill("40000");
  await page.getByRole("button", { name: "Create the round as a draft" }).click();
  const errors = page.locator(".govuk-error-summary");
  await expect(errors).toContainText("The closing time must be a time of day");
  await expect(errors).toContainText("Largest amount must not be more than the round's budget");
  await expect(page).toHaveTitle(/^Error: /);
  // Nothing typed is lost.
  await expect(page.getByLabel("Name of the round")).toHaveValue(name);
  await expect(page.getByRole("group", { name: "When does the round open?" }).getByLabel("Time (UK time)")).toHaveValue("9am");
  await expectAccessible(page);

  await page.getByRole("group", { name: "When does the round close?" }).getByLabel("Time (UK time)").fill("12pm");
  await page.getByLabel("Largest amount applicants may ask for").fill("5000");
  await page.getByRole("button", { name: "Create the round as a draft" }).click();
  await expect(page.getByText("The round has been created as a draft")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByRole("heading", { name: /Stage: Draft/ })).toBeVisible();
  const needs = page.locator("ul").filter({ hasText: "Give the round a summary for applicants" });
  await expect(needs).toContainText("Say when applicants can expect a decision");
  await expectAccessible(page);
  const roundPath = new URL(page.url()).pathname;

  // Publishing is refused, with the reasons.
  await page.getByRole("link", { name: "Publish the round" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Publish the round");
  await expect(page.getByRole("link", { name: "Give the round a summary for applicants" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Publish the round" })).toHaveCount(0);
  await expectAccessible(page);

  // The details: a summary, guidance, when decisions come, a contact.
  await page.getByRole("link", { name: "Give the round a summary for applicants" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Details of the round");
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("Summary").fill("Grants for groups that help people eat well together.");
  await page.getByLabel("Guidance for applicants (optional)").fill("The panel looks for projects led by the people they serve.\n\nTalk to us before you apply.");
  const decisions = page.getByRole("group", { name: "When can applicants expect a decision?" });
  const due = uk(new Date(Date.now() + 80 * DAY));
  await decisions.getByLabel("Day").fill(due.day);
  await decisions.getByLabel("Month").fill(due.month);
  await decisions.getByLabel("Year").fill(due.year);
  await page.getByLabel("Email address (optional)").fill("spring-round@council.example");
  await page.getByRole("button", { name: "Save the details" }).click();
  await expect(page.getByText("The round's details have been saved.")).toBeVisible();
  await expect(page.getByText("Before it can be published")).toHaveCount(0);

  // The preview: the real start page, marked, and only for staff.
  await page.getByRole("link", { name: "Preview as an applicant" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Preview the round as an applicant");
  await expectAccessible(page);
  await page.getByRole("link", { name: "The round's start page" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  await expect(page.getByText("You are seeing this round as applicants will")).toBeVisible();
  await expect(page.getByText("The panel looks for projects led by the people they serve.")).toBeVisible();
  await expect(page.getByText(/This round opens at 9am on/)).toBeVisible();
  await expect(page.getByText(/We aim to tell you our decision by/)).toBeVisible();
  await expect(page.getByRole("link", { name: "spring-round@council.example" }).first()).toBeVisible();
  await expectAccessible(page);
  const preview = page.url();
  const anonymous = await page.context().browser()!.newContext();
  expect((await anonymous.request.get(preview)).status()).toBe(404);

  // Publish: it opens later, and the start page says so.
  await page.goto(`${roundPath}/publish`);
  await page.getByRole("button", { name: "Publish the round" }).click();
  await expect(page.getByText("The round has been published.")).toBeVisible();
  await expect(page.getByRole("heading", { name: /Stage: Opens soon/ })).toBeVisible();
  const start = await (await anonymous.request.get("/")).text();
  expect(start).toContain(name);
  expect(start).toMatch(/Opens at (<!-- -->)?9am on/);
  expect((await anonymous.request.get(preview)).status()).toBe(200);
  await anonymous.close();

  // The history says who did what.
  await page.getByRole("link", { name: "History: every change to this round" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("History of the round");
  await expect(page.getByText(/Published: opens to applicants at/)).toBeVisible();
  await expect(page.getByText("Changed the summary", { exact: false })).toBeVisible();
  await expectAccessible(page);
});

test("an open round: extended (drafters emailed once), one application given more time, closed now", async ({ page, request, browser }, testInfo) => {
  await signInAs(page.request, DEMO.staff);
  const programme = await programmePath(page);
  await page.goto(`${programme}/rounds/new`);
  await ready(page);
  const name = unique("Open round", testInfo.project.name);
  const closes = new Date(Date.now() + 5 * DAY);
  await page.getByLabel("Name of the round").fill(name);
  await page.getByLabel("Summary").fill("A round to test extensions.");
  await fillDateTime(page, "When does the round open?", new Date(Date.now() - DAY), "9am");
  await fillDateTime(page, "When does the round close?", closes, "5pm");
  await page.getByLabel("Budget").fill("20000");
  await page.getByLabel("Smallest amount applicants may ask for").fill("500");
  await page.getByLabel("Largest amount applicants may ask for").fill("5000");
  const decisions = page.getByRole("group", { name: "When can applicants expect a decision?" });
  const due = uk(new Date(Date.now() + 60 * DAY));
  await decisions.getByLabel("Day").fill(due.day);
  await decisions.getByLabel("Month").fill(due.month);
  await decisions.getByLabel("Year").fill(due.year);
  await page.getByLabel("Email address (optional)").fill("open-round@council.example");
  await page.getByRole("button", { name: "Create the round as a draft" }).click();
  await expect(page.getByText("The round has been created as a draft")).toBeVisible();
  const roundPath = new URL(page.url()).pathname;
  const cycleId = Number(roundPath.split("/").at(-1));
  await page.getByRole("link", { name: "Publish the round" }).click();
  await page.getByRole("button", { name: "Publish the round" }).click();
  await expect(page.getByRole("heading", { name: /Stage: Open/ })).toBeVisible();

  // A group starts an application and leaves it as a draft.
  const drafter = await draftApplication(request, "cf", { cycleId });

  // Extending: a closing time cannot be brought forward; a later one emails the drafter once.
  await page.getByRole("link", { name: "Extend the closing time" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Extend the closing time");
  await expect(page.getByText("We will email the 1 organisation")).toBeVisible();
  await expectAccessible(page);
  await ready(page);
  await fillDateTime(page, "New closing date and time", new Date(Date.now() + 2 * DAY), "5pm");
  await page.getByLabel("Why is the round being extended?").fill("Groups asked for more time over the holidays.");
  await page.getByRole("button", { name: "Extend the round" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("cannot be brought forward");
  await expect(page.getByLabel("Why is the round being extended?")).toHaveValue("Groups asked for more time over the holidays.");
  await expectAccessible(page);
  const extended = new Date(Date.now() + 12 * DAY);
  await fillDateTime(page, "New closing date and time", extended, "5pm");
  await page.getByRole("button", { name: "Extend the round" }).click();
  await expect(page.getByText("The round has been extended.")).toBeVisible();
  const extension = await waitForEmail(drafter.email, /^More time to apply/);
  expect(extension.text).toContain(name);
  // The same extension sent again (a double click, the browser's resend) changes nothing and sends nothing.
  const e = uk(extended);
  const again = await page.request.post(`${roundPath}/extend`, {
    form: { closesDay: e.day, closesMonth: e.month, closesYear: e.year, closesTime: "5pm", reason: "Again" },
    maxRedirects: 0,
  });
  expect(again.status()).toBe(302);
  await page.waitForTimeout(1000);
  const extensions = (await (await fetch(`${MAIL_API}/messages?to=${encodeURIComponent(drafter.email)}`)).json()) as { subject: string }[];
  expect(extensions.filter((m) => m.subject.startsWith("More time to apply"))).toHaveLength(1);

  // One application gets its own, later deadline.
  await page.goto(roundPath);
  await page.getByRole("link", { name: "Give one application more time" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Give one application more time");
  await expectAccessible(page);
  await page.getByRole("link", { name: /Give more time/ }).first().click();
  await expectAccessible(page);
  await ready(page);
  await fillDateTime(page, "Deadline for this application", new Date(Date.now() + 30 * DAY), "5pm");
  await page.getByLabel("Why does this application need more time?").fill("A bereavement in the group.");
  await page.getByRole("button", { name: "Give this deadline" }).click();
  await expect(page.getByText("The application has its own deadline.")).toBeVisible();
  await waitForEmail(drafter.email, /^More time for your application/);

  // Close the round now: the reason is needed; the drafter with their own deadline can still work.
  await page.goto(roundPath);
  await page.getByRole("link", { name: "Close the round now" }).click();
  await expectAccessible(page);
  await ready(page);
  await page.getByRole("button", { name: "Close the round now" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Say why the round is closing early");
  await page.getByLabel("Why is the round closing early?").fill("The budget has been promised elsewhere.");
  await page.getByRole("button", { name: "Close the round now" }).click();
  await expect(page.getByText("The round has closed.")).toBeVisible();
  await expect(page.getByRole("heading", { name: /Stage: Closed to applications/ })).toBeVisible();

  const applicant = await browser.newContext({ javaScriptEnabled: testInfo.project.use.javaScriptEnabled });
  const theirs = await applicant.newPage();
  await signInAs(theirs.request, drafter.email, drafter.password);
  await theirs.goto(`/applications/${drafter.applicationId}`);
  await expect(theirs.getByText("Your application has its own deadline: submit by")).toBeVisible();
  await expectAccessible(theirs);
  await applicant.close();

  await ready(page);
  await page.getByRole("link", { name: "History: every change to this round" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("History of the round");
  await expect(page.getByText(/Closed early. Reason: The budget has been promised elsewhere./)).toBeVisible();
  await expect(page.getByText(/own deadline/).first()).toBeVisible();
  await expect(page.getByText(/Extended to/)).toBeVisible();
  await expectAccessible(page);
  expect(await emailCount(drafter.email)).toBeGreaterThanOrEqual(2);
});
