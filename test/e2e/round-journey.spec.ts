// Issue 12's journey, through the pages only, JavaScript on and off, with an axe scan of each
// page: staff copy last year's Collaboration Fund round, change its name, dates and budget, add
// three questions of different kinds (one conditional, one staff-only) and a required document,
// preview it and publish it; a new group applies and answers them; the answers appear on check
// your answers, the receipt, the staff view, the panel view (not the staff-only one) and the
// CSV; staff extend the deadline and the drafters are emailed once; the round closes; the panel
// sees only applications whose eligibility check passed.
import type { Browser, Page } from "@playwright/test";
import { MAIL_API } from "../../playwright.config";
import { createConfirmedAccount, DEMO, draftApplication, expect, expectAccessible, linkIn, ready, signInAs, test, waitForEmail } from "./fixtures";
import { fillBudget, fillDocuments, fillOutcomes, fillPartners } from "./journey-sections";

const DAY = 24 * 3600 * 1000;
const uk = (date: Date) => {
  const [day, month, year] = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "numeric", year: "numeric" }).format(date).split("/");
  return { day: day!, month: month!, year: year! };
};

async function scanned(page: Page) {
  await page.waitForLoadState("load");
  await expectAccessible(page);
}

async function fillDate(page: Page, legend: string, date: Date, time?: string) {
  const group = page.getByRole("group", { name: legend });
  const d = uk(date);
  await group.getByLabel("Day").fill(d.day);
  await group.getByLabel("Month").fill(d.month);
  await group.getByLabel("Year").fill(d.year);
  if (time) await group.getByLabel("Time (UK time)").fill(time);
}

const saveAndContinue = (page: Page) => page.getByRole("button", { name: "Save and continue" }).click();

async function newContext(browser: Browser) {
  const javaScriptEnabled = test.info().project.use.javaScriptEnabled !== false;
  const context = await browser.newContext({ javaScriptEnabled, baseURL: test.info().project.use.baseURL });
  return context.newPage();
}

/** Adds one of the round's own questions through the staff form. */
async function addQuestion(page: Page, base: string, q: { label: string; kind: string; staffOnly?: boolean; condition?: string; wordLimit?: string }) {
  await page.goto(`${base}/questions/new`);
  await ready(page);
  await page.getByLabel("The question", { exact: true }).fill(q.label);
  await page.getByRole("group", { name: "Where is it asked?" }).getByLabel("Other questions", { exact: true }).check();
  await page.getByRole("group", { name: "What kind of answer?" }).getByLabel(q.kind, { exact: true }).check();
  if (q.wordLimit) await page.getByRole("textbox", { name: "Word limit" }).fill(q.wordLimit);
  await page.getByRole("group", { name: "Must it be answered?" }).getByLabel("Yes").check();
  await page.getByRole("group", { name: "Who may read the answers?" }).getByLabel(q.staffOnly ? "Staff only" : "The panel and staff").check();
  if (q.condition) await page.getByLabel("When is it asked?").selectOption({ label: q.condition });
  await page.getByRole("button", { name: "Add question" }).click();
  await expect(page.getByText("The question has been added.")).toBeVisible();
}

const mailTo = async (address: string) =>
  (await (await fetch(`${MAIL_API}/messages?to=${encodeURIComponent(address)}`)).json()) as { subject: string; text: string }[];

test("staff copy last year's round, add questions, publish; a group applies; extended, closed, and the panel sees only what passed its check", async ({ page, browser, request }, testInfo) => {
  test.setTimeout(600_000);
  // Not "Collaboration Fund …": other specs find the demo round by that name on the start page.
  const name = `Journey round ${testInfo.project.name} ${Date.now().toString(36)}`;

  // Staff: last year's Collaboration Fund round, copied.
  await signInAs(page.request, DEMO.staff);
  await page.goto("/staff");
  await page.getByRole("link", { name: /Collaboration Fund .* \(demo round, decided\)/ }).click();
  await expect(page.getByRole("heading", { name: /Stage: Decided/ })).toBeVisible();
  await page.getByRole("link", { name: "Copy this round" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Copy Collaboration Fund/);
  await scanned(page);
  await ready(page);
  await page.getByLabel("Name of the round").fill(name);
  await fillDate(page, "When does the round open?", new Date(Date.now() - DAY), "9am");
  await fillDate(page, "When does the round close?", new Date(Date.now() + 14 * DAY), "12pm");
  await page.getByLabel("Budget").fill("75,000");
  await fillDate(page, "When can applicants expect a decision?", new Date(Date.now() + 90 * DAY));
  await page.getByLabel("Email address (optional)").fill("cf-journey@council.example");
  await page.getByRole("button", { name: "Create the copy as a draft" }).click();
  await expect(page.getByText("The copy has been created as a draft")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByText("£75,000")).toBeVisible();
  await scanned(page);
  const base = new URL(page.url()).pathname;
  const cycleId = Number(base.split("/").at(-1));

  // Three questions of the round's own: yes or no; long text asked only on "Yes"; a staff-only number.
  await addQuestion(page, base, { label: "Do you work with a faith group?", kind: "Yes or no" });
  await addQuestion(page, base, {
    label: "Which faith group, and what will they do?",
    kind: "Long text, with a word limit",
    wordLimit: "60",
    condition: "Only when “Do you work with a faith group?” is answered “Yes”",
  });
  await addQuestion(page, base, { label: "How many volunteers does your group have?", kind: "A number", staffOnly: true });
  await expect(page.locator(".govuk-summary-card").filter({ hasText: "How many volunteers does your group have?" })).toContainText("Staff only");
  await scanned(page);

  // A required document, by name.
  await page.goto(`${base}/documents`);
  await ready(page);
  await page.getByLabel("Name of the document").fill("Latest accounts");
  await page.getByRole("group", { name: "Must every applicant upload it?" }).getByLabel("Yes").check();
  await page.getByRole("button", { name: "Add document" }).click();
  await expect(page.getByText("The document has been added to the round's list.")).toBeVisible();
  await scanned(page);

  // Preview: the start page and the application, marked, storing nothing.
  await page.goto(base);
  await page.getByRole("link", { name: "Preview as an applicant" }).click();
  await page.getByRole("link", { name: "The round's start page" }).click();
  await expect(page.getByText("You are seeing this round as applicants will")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  await scanned(page);
  await page.goto(`${base}/preview/application`);
  await expect(page.locator(".govuk-task-list")).toContainText("Other questions");
  await expect(page.getByText("Latest accounts (required)")).toBeVisible();
  await scanned(page);

  // Publish: open now.
  await page.goto(`${base}/publish`);
  await page.getByRole("button", { name: "Publish the round" }).click();
  await expect(page.getByText("The round has been published.")).toBeVisible();
  await expect(page.getByRole("heading", { name: /Stage: Open/ })).toBeVisible();

  // A second group starts and leaves a draft (it will hear of the extension).
  const drafter = await draftApplication(request, "cf", { cycleId });

  // A new group applies from the start page, in a browser of its own.
  const applicant = await createConfirmedAccount(request, "Journey Applicant");
  const a = await newContext(browser);
  await signInAs(a.request, applicant.email, applicant.password);
  await a.goto("/");
  await a.getByRole("link", { name: new RegExp(`Find out if you can apply to ${name}`) }).click();
  await expect(a.getByRole("heading", { level: 1 })).toContainText(name);
  await scanned(a);
  await a.getByRole("button", { name: "Start now" }).or(a.getByRole("link", { name: "Start now" })).click();
  await expect(a.getByRole("heading", { name: "What type of organisation are you?" })).toBeVisible();
  await a.getByLabel("Community or faith group", { exact: true }).check();
  await a.getByRole("button", { name: "Continue" }).click();
  for (const question of [/work with people who live in Luton/, /Will you ask for between/, /at least one partner organisation/]) {
    await expect(a.getByRole("heading", { name: question })).toBeVisible();
    await a.getByLabel("Yes").check();
    await a.getByRole("button", { name: "Continue" }).click();
  }
  await expect(a.getByRole("heading", { name: "You can apply" })).toBeVisible();
  await a.getByRole("button", { name: "Continue" }).or(a.getByRole("link", { name: "Continue" })).click();
  await expect(a.getByRole("heading", { name: "Tell us about your organisation" })).toBeVisible();
  await a.getByRole("button", { name: "Continue" }).or(a.getByRole("link", { name: "Continue" })).click();
  await a.getByLabel("Organisation name").fill(`Journey group ${testInfo.project.name}`);
  await a.getByLabel("Community or faith group", { exact: true }).check();
  await saveAndContinue(a);
  await a.getByLabel("Address line 1").fill("4 Journey Street");
  await a.getByLabel("Town or city").fill("Luton");
  await a.getByLabel("Postcode").fill("LU1 1AA");
  await a.getByLabel("Which ward is it based in?").selectOption({ label: "Biscot" });
  await saveAndContinue(a);
  await a.getByLabel("Telephone number").fill("01582 546000");
  await saveAndContinue(a);
  await a.getByLabel(`Journey group ${testInfo.project.name}`).check();
  await a.getByRole("button", { name: "Start application" }).click();
  await expect(a.getByRole("heading", { name: "Your application" })).toBeVisible();
  const applicationUrl = a.url();
  const applicationId = Number(new URL(applicationUrl).pathname.split("/").at(-1));
  await expect(a.getByText(/Submit by midday on/)).toBeVisible();

  await a.getByRole("link", { name: "About the project" }).click();
  await a.getByLabel("What is your project called?").fill("Kitchen table suppers");
  await a.getByLabel("Summarise your project in a sentence or two").fill("Neighbours cook and eat together every week.");
  await saveAndContinue(a);
  await a.getByLabel("Describe your project").fill("A weekly supper cooked by volunteers with people who live alone.");
  await saveAndContinue(a);
  await fillDate(a, "Start date", new Date(Date.now() + 60 * DAY));
  await fillDate(a, "End date", new Date(Date.now() + 400 * DAY));
  await saveAndContinue(a);
  await expect(a).toHaveURL(applicationUrl);
  await a.getByRole("link", { name: "Marmot principles" }).click();
  await a.getByRole("group", { name: /do most for/ }).getByLabel(/^5\. Create and develop healthy and sustainable places/).check();
  await saveAndContinue(a);
  await a.getByLabel(/Main principle: 5\./).fill("Neighbours meet and look out for each other.");
  await saveAndContinue(a);
  await a.getByRole("link", { name: "Who and where" }).click();
  await a.getByLabel("Biscot ward").check();
  await saveAndContinue(a);
  await a.getByLabel("Older people").check();
  await a.getByLabel("About how many people will it reach?").fill("40");
  await saveAndContinue(a);
  await expect(a).toHaveURL(applicationUrl);
  await fillPartners(a, scanned, async (partnerEmail) => {
    const mail = await waitForEmail(partnerEmail, /^Please confirm your partnership/);
    const partner = await newContext(browser);
    await partner.goto(linkIn(mail, "/partners/confirm"));
    await partner.getByRole("button", { name: "Confirm we are a partner" }).click();
    await expect(partner.getByText(/confirmed/i).first()).toBeVisible();
    await partner.context().close();
  });
  await fillBudget(a, scanned);
  await fillOutcomes(a, scanned);
  await fillDocuments(a, scanned, ["Latest accounts"]);

  // The round's own questions: "Yes" brings the conditional one; the staff-only one says so.
  await a.getByRole("link", { name: "Other questions" }).click();
  await expect(a.getByRole("heading", { name: "Do you work with a faith group?", level: 1 })).toBeVisible();
  await scanned(a);
  await a.getByLabel("Yes", { exact: true }).check();
  await saveAndContinue(a);
  await expect(a.getByRole("heading", { name: "Which faith group, and what will they do?", level: 1 })).toBeVisible();
  await a.getByLabel("Which faith group, and what will they do?").fill("Biscot Mosque women's group cooks on the first Friday of each month.");
  await saveAndContinue(a);
  await expect(a.getByRole("heading", { name: "How many volunteers does your group have?", level: 1 })).toBeVisible();
  await expect(a.getByText("Only staff will read your answer.")).toBeVisible();
  await scanned(a);
  await a.getByLabel("How many volunteers does your group have?").fill("a dozen");
  await saveAndContinue(a);
  await expect(a.locator(".govuk-error-summary")).toBeVisible();
  await expect(a.getByLabel("How many volunteers does your group have?")).toHaveValue("a dozen");
  await scanned(a);
  await a.getByLabel("How many volunteers does your group have?").fill("12");
  await saveAndContinue(a);
  await expect(a).toHaveURL(applicationUrl);

  await a.getByRole("link", { name: "Declarations" }).click();
  await expect(a.getByRole("checkbox").first()).toBeVisible();
  for (const box of await a.getByRole("checkbox").all()) await box.check();
  await saveAndContinue(a);
  await expect(a.getByText("Application complete")).toBeVisible();

  // Check your answers shows the round's own questions, then submit.
  await a.getByRole("link", { name: "Check your answers and submit" }).click();
  await expect(a.getByRole("heading", { name: "Check your answers before submitting your application" })).toBeVisible();
  const own = a.locator(".govuk-summary-card").filter({ has: a.getByRole("heading", { name: "Other questions" }) });
  await expect(own.locator(".govuk-summary-list__row").filter({ hasText: "Do you work with a faith group?" })).toContainText("Yes");
  await expect(own).toContainText("Biscot Mosque women's group cooks on the first Friday of each month.");
  await expect(own.locator(".govuk-summary-list__row").filter({ hasText: "How many volunteers does your group have?" })).toContainText("12");
  await scanned(a);
  await a.getByRole("button", { name: "Submit application" }).click();
  await expect(a.getByRole("heading", { name: "Application submitted" })).toBeVisible();
  await expect(a.getByText(/We aim to tell you our decision by/)).toBeVisible();
  await scanned(a);
  const reference = (await a.locator(".govuk-panel__body strong").textContent())!.trim();
  const receipt = await waitForEmail(applicant.email, `Application received: ${reference}`);
  expect(receipt.text).toContain("Do you work with a faith group?");
  expect(receipt.text).toContain("Biscot Mosque women's group cooks on the first Friday of each month.");
  expect(receipt.text).toContain("We aim to tell you our decision by");
  await a.context().close();

  // Staff extend the deadline: the drafter is emailed once; the group that submitted is not.
  await page.goto(`${base}/extend`);
  await ready(page);
  await fillDate(page, "New closing date and time", new Date(Date.now() + 21 * DAY), "12pm");
  await page.getByLabel("Why is the round being extended?").fill("Groups asked for another week.");
  await page.getByRole("button", { name: "Extend the round" }).click();
  await expect(page.getByText("The round has been extended.")).toBeVisible();
  await waitForEmail(drafter.email, /^More time to apply/);
  await page.waitForTimeout(1000);
  expect((await mailTo(drafter.email)).filter((m) => m.subject.startsWith("More time to apply"))).toHaveLength(1);
  expect((await mailTo(applicant.email)).filter((m) => m.subject.startsWith("More time to apply"))).toHaveLength(0);

  // The round closes.
  await page.goto(`${base}/close`);
  await ready(page);
  await page.getByLabel("Why is the round closing early?").fill("The panel meets sooner than planned.");
  await page.getByRole("button", { name: "Close the round now" }).click();
  await expect(page.getByRole("heading", { name: /Stage: Closed to applications/ })).toBeVisible();

  // Staff read every answer (the staff-only one marked), and the CSV has a column each.
  await page.goto(`/staff/applications/${applicationId}`);
  const volunteers = page.locator(".govuk-summary-list__row").filter({ hasText: "How many volunteers does your group have?" });
  await expect(volunteers).toContainText("Staff only");
  await expect(volunteers).toContainText("12");
  await expect(page.getByText("Biscot Mosque women's group cooks on the first Friday of each month.")).toBeVisible();
  await scanned(page);
  const csv = await (await page.request.get(`${base}/applications.csv`)).text();
  const [header, row] = csv.slice(1).split("\r\n");
  expect(header).toContain('Do you work with a faith group?,"Which faith group, and what will they do?",How many volunteers does your group have?');
  expect(row).toContain(reference);
  expect(row).toContain("Biscot Mosque women's group cooks on the first Friday of each month.,12");

  // A panel member joins; before the eligibility check passes, the application is not theirs to see.
  const member = await createConfirmedAccount(request, "Journey Panel Member");
  await page.goto(`${base}/panel`);
  await page.getByLabel("Full name").fill(member.name);
  await page.getByLabel("Email address").fill(member.email);
  await page.getByLabel("Who they represent").fill("Fairness Taskforce");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("cell", { name: member.email })).toBeVisible();
  const invitation = await waitForEmail(member.email, /You are invited to join the panel/);
  const m = await newContext(browser);
  await signInAs(m.request, member.email, member.password);
  const link = new URL(linkIn(invitation, "/panel/invitations/accept"));
  await m.goto(link.pathname + link.search);
  await m.getByRole("button", { name: "Join the panel" }).click();
  await expect(m.getByRole("heading", { level: 1, name: "Your panels" })).toBeVisible();
  await m.goto(`/panel/cycles/${cycleId}`);
  await expect(m.getByText("Kitchen table suppers")).toHaveCount(0);
  await scanned(m);
  expect((await m.request.get(`/panel/cycles/${cycleId}/applications/${applicationId}`)).status()).toBe(404);

  // Staff pass its eligibility check: now the panel sees it, without the staff-only answer.
  await page.goto(`/staff/applications/${applicationId}`);
  await ready(page);
  await page.getByLabel("Yes, it passed").check();
  await page.getByLabel("Reason").fill("A community group serving Luton, with a confirmed partner and its accounts.");
  await page.getByRole("button", { name: "Record the check" }).click();
  await expect(page.getByText("The eligibility check has been recorded.")).toBeVisible();

  await m.goto(`/panel/cycles/${cycleId}`);
  await expect(m.getByText("Kitchen table suppers")).toBeVisible();
  await m.goto(`/panel/cycles/${cycleId}/applications/${applicationId}`);
  await m.getByLabel("No, I have no conflict of interest").check();
  await m.getByRole("button", { name: "Confirm declaration" }).click();
  await expect(m.getByRole("heading", { name: "Kitchen table suppers", level: 1 })).toBeVisible();
  await expect(m.getByText("Biscot Mosque women's group cooks on the first Friday of each month.")).toBeVisible();
  await expect(m.getByText("Do you work with a faith group?")).toBeVisible();
  await expect(m.getByText("How many volunteers does your group have?")).toHaveCount(0);
  await scanned(m);
  await m.context().close();
});
