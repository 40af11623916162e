// The whole applicant journey, for each programme, in a real browser (the js and no-js
// projects run it with JavaScript on and off): eligibility, account, organisation, every
// task, check answers, submit, and the receipt email read back from the SMTP sink. Every
// page on the way is scanned with axe.
import type { Page } from "@playwright/test";
import { draftApplication, expect, expectAccessible, linkIn, signInAs, test, uniqueEmail, waitForEmail, type Programme } from "./fixtures";
import { fillBudget, fillDocuments, fillOutcomes, fillPartners } from "./journey-sections";
import { MAIL_API } from "../../playwright.config";

const ROUND: Record<Programme, { name: string; type: string; prefix: string }> = {
  cf: { name: "Collaboration Fund", type: "Community or faith group", prefix: "CF" },
  prize: { name: "Health Equity Town Prize", type: "Business", prefix: "HETP" },
};

/** Goes on only once the page has loaded, then checks it with axe. */
async function scanned(page: Page) {
  await page.waitForLoadState("load");
  await expectAccessible(page);
}

async function saveAndContinue(page: Page) {
  await page.getByRole("button", { name: "Save and continue" }).click();
}

for (const programme of ["cf", "prize"] as const) {
  test(`apply to the ${ROUND[programme].name} from start to receipt`, async ({ page, browser }) => {
    test.setTimeout(240_000);
    const round = ROUND[programme];
    const email = uniqueEmail(`apply-${programme}`);
    const password = "a long enough password";

    // Eligibility: one question per page, before any account.
    await page.goto("/");
    await page.getByRole("link", { name: new RegExp(`Find out if you can apply to ${round.name}.*\\(demo round\\)`) }).click();
    await scanned(page);
    await page.getByRole("button", { name: "Start now" }).click();
    await expect(page.getByRole("heading", { name: "What type of organisation are you?" })).toBeVisible();
    await scanned(page);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("link", { name: "Select the type of organisation" })).toBeVisible();
    await scanned(page);
    await page.getByLabel(round.type, { exact: true }).check();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { name: /work with people who live in Luton/ })).toBeVisible();
    await scanned(page);
    await page.getByLabel("Yes").check();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { name: /Will you ask for between/ })).toBeVisible();
    await page.getByLabel("Yes").check();
    await page.getByRole("button", { name: "Continue" }).click();
    if (programme === "cf") {
      await expect(page.getByRole("heading", { name: /at least one partner organisation/ })).toBeVisible();
      await scanned(page);
      await page.getByLabel("Yes").check();
      await page.getByRole("button", { name: "Continue" }).click();
    }
    await expect(page.getByRole("heading", { name: "You can apply" })).toBeVisible();
    await scanned(page);

    // An account, confirmed by email; the link brings the person back to starting.
    await page.getByRole("button", { name: "Create an account" }).or(page.getByRole("link", { name: "Create an account" })).click();
    await scanned(page);
    await page.getByLabel("Full name").fill("Journey Tester");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Create a password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
    const confirmation = await waitForEmail(email, "Confirm your email address");
    await page.goto(linkIn(confirmation, "/confirm-email"));
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Confirm and continue" }).click();

    // The organisation, in three short pages.
    await expect(page.getByRole("heading", { name: "Tell us about your organisation" })).toBeVisible();
    await scanned(page);
    await page.getByRole("button", { name: "Continue" }).or(page.getByRole("link", { name: "Continue" })).click();
    await expect(page.getByRole("heading", { name: "Tell us about your organisation" })).toBeVisible();
    await page.getByLabel("Organisation name").fill(`Journey ${programme} group`);
    // Bad numbers are refused with a message, and nothing typed is lost.
    await page.getByLabel(programme === "cf" ? "Registered charity" : "Business", { exact: true }).check();
    await page.getByLabel("Charity number (if it has one)").fill(programme === "cf" ? "12-AB" : "");
    await page.getByLabel("Company number (if it has one)").fill(programme === "prize" ? "ABC" : "");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page.getByRole("link", { name: /in the correct format/ })).toBeVisible();
    await scanned(page);
    await expect(page.getByLabel("Organisation name")).toHaveValue(`Journey ${programme} group`);
    if (programme === "cf") await page.getByLabel("Charity number (if it has one)").fill("1234567");
    else await page.getByLabel("Company number (if it has one)").fill("1234567");
    await page.getByRole("button", { name: "Save and continue" }).click();

    await expect(page.getByRole("heading", { name: "What is your organisation's address?" })).toBeVisible();
    await page.getByLabel("Address line 1").fill("3 Journey Street");
    await page.getByLabel("Town or city").fill("Luton");
    await page.getByLabel("Postcode").fill("not a postcode");
    await page.getByLabel("Which ward is it based in?").selectOption({ label: "Biscot" });
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page.getByRole("link", { name: "Enter a full UK postcode, like LU1 2BQ" })).toBeVisible();
    await scanned(page);
    await expect(page.getByLabel("Address line 1")).toHaveValue("3 Journey Street");
    await page.getByLabel("Postcode").fill("lu11aa");
    await page.getByRole("button", { name: "Save and continue" }).click();

    await expect(page.getByRole("heading", { name: "Who should we contact about your applications?" })).toBeVisible();
    await scanned(page);
    await expect(page.getByLabel("Email address")).toHaveValue(email);
    await page.getByLabel("Telephone number").fill("01582 546000");
    await page.getByRole("button", { name: "Save and continue" }).click();

    await expect(page.getByRole("heading", { name: "Which organisation is applying?" })).toBeVisible();
    await scanned(page);
    await page.getByLabel(`Journey ${programme} group`).check();
    await page.getByRole("button", { name: "Start application" }).click();

    // The task list.
    await expect(page.getByRole("heading", { name: "Your application" })).toBeVisible();
    await scanned(page);
    const applicationUrl = page.url();

    // About the project.
    await page.getByRole("link", { name: "About the project" }).click();
    await scanned(page);
    await saveAndContinue(page);
    await expect(page.getByRole("link", { name: "Enter your project's title" })).toBeVisible();
    await scanned(page);
    await page.getByLabel("What is your project called?").fill(`Journey project ${programme}`);
    await page.getByLabel("Summarise your project in a sentence or two").fill("word ".repeat(51));
    await saveAndContinue(page);
    await expect(page.getByRole("link", { name: "Summary must be 50 words or fewer" })).toBeVisible();
    await expect(page.getByLabel("What is your project called?")).toHaveValue(`Journey project ${programme}`);
    await page.getByLabel("Summarise your project in a sentence or two").fill("We cook healthy meals with families who are new to the town.");
    await saveAndContinue(page);
    await expect(page.getByRole("heading", { name: "Describe your project" })).toBeVisible();
    await scanned(page);
    await page.getByLabel("Describe your project").fill("Families in Biscot told us they want to cook together. We will run weekly sessions.");
    await saveAndContinue(page);
    await expect(page.getByRole("heading", { name: "When will your project run?" })).toBeVisible();
    await scanned(page);
    const start = page.getByRole("group", { name: "Start date" });
    const end = page.getByRole("group", { name: "End date" });
    await start.getByLabel("Day").fill("1");
    await start.getByLabel("Month").fill("4");
    await start.getByLabel("Year").fill("2027");
    await end.getByLabel("Day").fill("31");
    await end.getByLabel("Month").fill("2");
    await end.getByLabel("Year").fill("2028");
    await saveAndContinue(page);
    await expect(page.getByRole("link", { name: /End date must be a real date/ })).toBeVisible();
    await end.getByLabel("Day").fill("29");
    await saveAndContinue(page);
    await expect(page).toHaveURL(applicationUrl);

    // Marmot principles.
    await page.getByRole("link", { name: "Marmot principles" }).click();
    await scanned(page);
    await page.getByRole("group", { name: /do most for/ }).getByLabel(/^4\. Ensure a healthy standard of living/).check();
    await page.getByRole("group", { name: /also support/ }).getByLabel(/^1\. Give every child/).check();
    await saveAndContinue(page);
    await expect(page.getByRole("heading", { name: "How will your project do this?" })).toBeVisible();
    await scanned(page);
    await page.getByLabel(/Main principle: 4\./).fill("Families learn to cook cheap, healthy meals.");
    await page.getByLabel(/Also: 1\./).fill("Children cook with their parents.");
    await saveAndContinue(page);
    await expect(page).toHaveURL(applicationUrl);

    // Who and where.
    await page.getByRole("link", { name: "Who and where" }).click();
    await scanned(page);
    await page.getByLabel("Biscot ward").check();
    await page.getByLabel("Dallow ward").check();
    await saveAndContinue(page);
    await expect(page.getByRole("heading", { name: "Who will your project reach?" })).toBeVisible();
    await scanned(page);
    await page.getByLabel("Children and young people").check();
    await page.getByLabel("Refugees and asylum seekers").check();
    await page.getByLabel("About how many people will it reach?").fill("120");
    await saveAndContinue(page);
    await expect(page).toHaveURL(applicationUrl);

    if (programme === "cf") {
      // The partner confirms from the emailed link, with no account, in a browser of their own.
      await fillPartners(page, scanned, async (partnerEmail) => {
        const request = await waitForEmail(partnerEmail, /^Please confirm your partnership/);
        const partner = await browser.newContext({ javaScriptEnabled: test.info().project.use.javaScriptEnabled !== false });
        const partnerPage = await partner.newPage();
        await partnerPage.goto(linkIn(request, "/partners/confirm"));
        await scanned(partnerPage);
        await partnerPage.getByRole("button", { name: "Confirm we are a partner" }).click();
        await expect(partnerPage.getByText(/confirmed/i).first()).toBeVisible();
        await partner.close();
      });
    }
    await fillBudget(page, scanned);
    await fillOutcomes(page, scanned);
    // A business has no constitution; a group needs both.
    await fillDocuments(page, scanned, programme === "cf" ? ["Constitution or governing document", "Safeguarding policy"] : ["Safeguarding policy"]);

    // Declarations.
    await page.getByRole("link", { name: "Declarations" }).click();
    await scanned(page);
    for (const box of await page.getByRole("checkbox").all()) await box.check();
    await saveAndContinue(page);
    await expect(page).toHaveURL(applicationUrl);
    await expect(page.getByText("Application complete")).toBeVisible();
    await scanned(page);

    // Check answers, then submit (a double click makes one submission).
    await page.getByRole("link", { name: "Check your answers and submit" }).click();
    await expect(page.getByRole("heading", { name: "Check your answers before submitting your application" })).toBeVisible();
    await scanned(page);
    await expect(page.getByText(`Journey project ${programme}`)).toBeVisible();
    await page.getByRole("button", { name: "Submit application" }).dblclick();
    await expect(page.getByRole("heading", { name: "Application submitted" })).toBeVisible();
    await scanned(page);
    const reference = (await page.locator(".govuk-panel__body strong").textContent())!.trim();
    expect(reference).toMatch(new RegExp(`^${round.prefix}-\\d{4}-\\d{4}$`));

    // The receipt, with a copy of the answers, from the real SMTP server.
    const receipt = await waitForEmail(email, `Application received: ${reference}`);
    expect(receipt.text).toContain(`Journey project ${programme}`);
    expect(receipt.text).toContain("Families learn to cook cheap, healthy meals.");
    expect(receipt.text).toContain("Biscot");

    // After submitting: read-only, with the timeline, and no second submission.
    await page.getByRole("link", { name: "View your application" }).click();
    await expect(page.getByText("Submitted", { exact: true }).first()).toBeVisible();
    await expect(page.getByRole("heading", { name: "What has happened" })).toBeVisible();
    await scanned(page);
    await page.waitForTimeout(500);
    const receipts = await (await fetch(`${MAIL_API}/messages?to=${encodeURIComponent(email)}`)).json();
    expect((receipts as { subject: string }[]).filter((m) => m.subject.startsWith("Application received")).length).toBe(1);
  });
}

test("two tabs on one application: the second save is told, and sees both answers", async ({ page, context }) => {
  const { applicationId } = await draftApplication(page.request, "cf");
  const other = await context.newPage();
  await page.goto(`/applications/${applicationId}/about`);
  await other.goto(`/applications/${applicationId}/about`);
  await page.getByLabel("What is your project called?").fill("Title from the first tab");
  await page.getByRole("button", { name: "Save and come back later" }).click();
  await expect(page.getByText("Your answers have been saved.")).toBeVisible();

  await other.getByLabel("What is your project called?").fill("Title from the second tab");
  await other.getByRole("button", { name: "Save and come back later" }).click();
  await expect(other.getByRole("heading", { name: "These answers were changed by someone else" })).toBeVisible();
  await expect(other.getByText("Title from the first tab", { exact: true })).toBeVisible();
  await expect(other.getByLabel("What is your project called?")).toHaveValue("Title from the second tab");
  await expectAccessible(other);
  // Having seen both, saving again keeps the second tab's answer.
  await other.getByRole("button", { name: "Save and come back later" }).click();
  await expect(other.getByText("Your answers have been saved.")).toBeVisible();
  await other.goto(`/applications/${applicationId}/about`);
  await expect(other.getByLabel("What is your project called?")).toHaveValue("Title from the second tab");
});

test("a session that ends while typing loses nothing after signing in again", async ({ page, playwright, baseURL }) => {
  const { applicationId, email, password } = await draftApplication(page.request, "prize");
  await page.goto(`/applications/${applicationId}/about`);
  await page.getByLabel("What is your project called?").fill("Typed before the session ended");
  await page.getByLabel("Summarise your project in a sentence or two").fill("Every word of this is kept.");
  // Meanwhile, on another device, they sign out everywhere else: this page's session ends.
  const elsewhere = await playwright.request.newContext({ baseURL });
  await signInAs(elsewhere, email, password);
  expect((await elsewhere.post("/account", { maxRedirects: 0 })).status()).toBe(302);
  await elsewhere.dispose();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByText(/You were signed out, so what you typed has not been saved yet/)).toBeVisible();
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/applications/${applicationId}/about$`));
  await expect(page.getByRole("heading", { name: "Not saved yet" })).toBeVisible();
  await expect(page.getByLabel("What is your project called?")).toHaveValue("Typed before the session ended");
  await expect(page.getByLabel("Summarise your project in a sentence or two")).toHaveValue("Every word of this is kept.");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("heading", { name: "Describe your project" })).toBeVisible();
  await page.goto(`/applications/${applicationId}/about`);
  await expect(page.getByLabel("What is your project called?")).toHaveValue("Typed before the session ended");
});

test("an incomplete application cannot be submitted, and says what is missing", async ({ page }) => {
  const { applicationId } = await draftApplication(page.request, "cf");
  await page.goto(`/applications/${applicationId}/check`);
  await expect(page.getByText("You cannot submit yet. Some answers are missing.")).toBeVisible();
  await page.getByRole("button", { name: "Submit application" }).click();
  await expect(page.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(page.getByRole("alert").getByRole("link", { name: "Enter your project's title" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("alert").getByRole("link", { name: "Add at least one partner organisation" }).click();
  await expect(page).toHaveURL(new RegExp(`/applications/${applicationId}/partners`));
});

test("someone else's application is refused, whatever they try", async ({ page, playwright, baseURL }) => {
  const { applicationId } = await draftApplication(page.request, "cf");
  const stranger = await playwright.request.newContext({ baseURL });
  try {
    await draftApplication(stranger, "prize");
    for (const p of ["", "/about", "/check", "/withdraw"]) {
      expect((await stranger.get(`/applications/${applicationId}${p}`, { maxRedirects: 0 })).status(), p).toBe(403);
    }
    const post = await stranger.post(`/applications/${applicationId}/about`, { form: { title: "Hijacked", intent: "later" }, maxRedirects: 0 });
    expect(post.status()).toBe(403);
    const submit = await stranger.post(`/applications/${applicationId}/check`, { maxRedirects: 0 });
    expect(submit.status()).toBe(403);
  } finally {
    await stranger.dispose();
  }
  await page.goto(`/applications/${applicationId}/about`);
  await expect(page.getByLabel("What is your project called?")).toHaveValue("");
});
