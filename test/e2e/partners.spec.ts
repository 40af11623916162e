// Partners who confirm (or decline) by an emailed link, opened by someone with no account, and
// colleagues invited to an organisation who accept with the invited address (and only that).
import type { Browser, Page } from "@playwright/test";
import { createConfirmedAccount, draftApplication, expect, expectAccessible, linkIn, ready, test, uniqueEmail, waitForEmail } from "./fixtures";

const errorSummary = (page: Page) => page.locator(".govuk-error-summary");

/** A browser of someone else (a partner, a colleague): not signed in, JavaScript as the project says. */
async function someoneElse(browser: Browser) {
  const javaScriptEnabled = test.info().project.use.javaScriptEnabled !== false;
  return browser.newContext({ javaScriptEnabled, baseURL: test.info().project.use.baseURL });
}

async function fillPartner(page: Page, p: { name: string; contact: string; email: string; role: string }) {
  await page.getByLabel("Organisation name").fill(p.name);
  await page.getByLabel("Name of your contact there").fill(p.contact);
  await page.getByLabel("Your contact's email address").fill(p.email);
  await page.getByLabel("What will the partner do in the project?").fill(p.role);
}

test("an applicant adds a partner, who confirms by the emailed link without an account", async ({ page, browser }) => {
  const { applicationId } = await draftApplication(page.request, "cf");
  const base = `/applications/${applicationId}`;

  await page.goto(`${base}/partners`);
  await ready(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Partners");
  await expect(page.getByText("You have not added any partners yet.")).toBeVisible();
  await expectAccessible(page);

  // The Collaboration Fund needs a partner.
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(errorSummary(page)).toContainText("Add at least one partner organisation");
  await expectAccessible(page);

  // A bad email address is refused, and what was typed stays.
  const email = uniqueEmail("partner");
  const partner = { name: "Luton Food Bank", contact: "Jo Bloggs", email: "jo at foodbank", role: "Refers families to the cooking sessions" };
  await fillPartner(page, partner);
  await page.getByRole("button", { name: "Add partner" }).click();
  await expect(errorSummary(page)).toContainText("Enter an email address in the correct format, like name@example.com");
  await expect(page.getByLabel("Organisation name")).toHaveValue("Luton Food Bank");
  await expect(page.getByLabel("What will the partner do in the project?")).toHaveValue("Refers families to the cooking sessions");
  await expect(page).toHaveTitle(/^Error: Partners/);
  await expectAccessible(page);

  await page.getByLabel("Your contact's email address").fill(email);
  await page.getByRole("button", { name: "Add partner" }).click();
  await expect(page.getByText("The partner has been added.")).toBeVisible();
  const card = page.locator(".govuk-summary-card", { has: page.getByRole("heading", { name: "Luton Food Bank" }) });
  await expect(card).toContainText("Waiting for confirmation");
  await expect(card).toContainText(email);
  await expect(page.getByLabel("Organisation name")).toHaveValue("");
  await expectAccessible(page);

  // The same contact twice is refused.
  await fillPartner(page, { ...partner, name: "Food Bank again", email: email.toUpperCase() });
  await page.getByRole("button", { name: "Add partner" }).click();
  await expect(errorSummary(page)).toContainText("You have already added a partner with this email address");

  // Asking again straight away is refused: at most once in 10 minutes.
  await page.getByRole("button", { name: "Send the request again to Luton Food Bank" }).click();
  await expect(page.getByText("We emailed Luton Food Bank in the last 10 minutes.")).toBeVisible();
  await expectAccessible(page);

  // The partner opens the link in their own browser, signed in to nothing.
  const mail = await waitForEmail(email, /^Please confirm your partnership with /);
  const link = linkIn(mail, "/partners/confirm");
  const theirs = await someoneElse(browser);
  try {
    const partnerPage = await theirs.newPage();
    await partnerPage.goto(link);
    await ready(partnerPage);
    await expect(partnerPage.getByRole("heading", { level: 1 })).toHaveText("Confirm your partnership");
    await expect(partnerPage.locator(".govuk-summary-list")).toContainText("Not named yet");
    await expect(partnerPage.locator(".govuk-summary-list")).toContainText("Refers families to the cooking sessions");
    await expect(partnerPage.locator(".govuk-summary-list")).toContainText("Collaboration Fund");
    await expectAccessible(partnerPage);
    await partnerPage.getByRole("button", { name: "Confirm we are a partner" }).click();
    await expect(partnerPage.locator(".govuk-panel")).toContainText("Partnership confirmed");
    await expectAccessible(partnerPage);

    // Opening the link again shows what was recorded; nothing changes.
    await partnerPage.goto(link);
    await expect(partnerPage.getByRole("heading", { level: 1 })).toHaveText("You have already answered");
    await expect(partnerPage.getByRole("button", { name: "We are not a partner" })).toHaveCount(0);
    await expectAccessible(partnerPage);
  } finally {
    await theirs.close();
  }

  await page.goto(`${base}/partners`);
  await ready(page);
  await expect(card).toContainText("Confirmed");
  await expect(page.getByRole("button", { name: /Send the request again/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`${base}$`));

  // Check your answers shows the partner's answer.
  await page.goto(`${base}/check`);
  await expect(page.locator(".govuk-summary-card", { hasText: "Luton Food Bank" })).toContainText("Confirmed");
});

test("a partner can decline, and a link that is not valid says so", async ({ page, browser }) => {
  const { applicationId } = await draftApplication(page.request, "cf");
  const base = `/applications/${applicationId}`;
  const email = uniqueEmail("decliner");
  await page.goto(`${base}/partners`);
  await ready(page);
  await fillPartner(page, { name: "Somebody Else Trust", contact: "Sam Smith", email, role: "Lends a room" });
  await page.getByRole("button", { name: "Add partner" }).click();
  await expect(page.getByText("The partner has been added.")).toBeVisible();

  const link = linkIn(await waitForEmail(email, /^Please confirm your partnership with /), "/partners/confirm");
  const theirs = await someoneElse(browser);
  try {
    const partnerPage = await theirs.newPage();
    await partnerPage.goto(link);
    await ready(partnerPage);
    await partnerPage.getByRole("button", { name: "We are not a partner" }).click();
    await expect(partnerPage.locator(".govuk-panel")).toContainText("Partnership declined");
    await expectAccessible(partnerPage);

    // A garbled or made-up link: a plain page, status 404.
    for (const target of [`${link}x`, "/partners/confirm?token=made-up-token-made-up-token", "/partners/confirm"]) {
      const response = await partnerPage.goto(target);
      expect(response?.status(), target).toBe(404);
      await expect(partnerPage.getByRole("heading", { level: 1 })).toHaveText("This link is not valid");
    }
    await expectAccessible(partnerPage);
  } finally {
    await theirs.close();
  }

  // A declined partner does not count: the section needs another.
  await page.goto(`${base}/partners`);
  await ready(page);
  await expect(page.locator(".govuk-summary-card", { hasText: "Somebody Else Trust" })).toContainText("Declined");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(errorSummary(page)).toContainText("Add at least one partner organisation");

  // Removing the partner is a small form of its own.
  await page.getByRole("button", { name: "Remove Somebody Else Trust" }).click();
  await expect(page.getByText("The partner has been removed.")).toBeVisible();
  await expect(page.getByText("You have not added any partners yet.")).toBeVisible();

  // A partner typed but not added is not lost on "Save and continue": it is added, then the task list.
  const another = uniqueEmail("another");
  await fillPartner(page, { name: "Another Partner CIC", contact: "Ali Khan", email: another, role: "Runs the youth sessions" });
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`${base}$`));
  await waitForEmail(another, /^Please confirm your partnership with /);
  await page.goto(`${base}/partners`);
  await expect(page.locator(".govuk-summary-card", { hasText: "Another Partner CIC" })).toContainText("Waiting for confirmation");
});

test("a member invites a colleague, who accepts with the invited email address", async ({ page, browser }) => {
  const { organisationId, email: ownerEmail } = await draftApplication(page.request, "cf");
  const members = `/organisations/${organisationId}/members`;

  const theirs = await someoneElse(browser);
  try {
    const colleague = await createConfirmedAccount(theirs.request, "Colleague Person");

    await page.goto(members);
    await ready(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("People in your organisation");
    const organisationName = (await page.locator(".govuk-caption-l").textContent())!.trim();
    await expect(page.getByRole("table", { name: "Members" })).toContainText(ownerEmail);
    await expect(page.getByText("The link works for 7 days.")).toBeVisible();
    await expectAccessible(page);

    const field = page.getByLabel("Your colleague's email address");
    await field.fill("not an email");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(errorSummary(page)).toContainText("Enter an email address in the correct format");
    await expect(field).toHaveValue("not an email");
    await expectAccessible(page);

    await field.fill(ownerEmail);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(errorSummary(page)).toContainText(`${ownerEmail} is already a member of ${organisationName}`);

    await field.fill(colleague.email.toUpperCase());
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText("Your colleague has been invited.")).toBeVisible();
    await expect(page.getByRole("table", { name: "Invitations waiting for an answer" })).toContainText(colleague.email);
    await expect(field).toHaveValue("");
    await expectAccessible(page);

    // The colleague opens the link, signs in, comes back to it and accepts.
    const link = linkIn(await waitForEmail(colleague.email, `Join ${organisationName} on the Health Equity Funding Portal`), "/invitations/accept");
    const colleaguePage = await theirs.newPage();
    await colleaguePage.goto(link);
    await expect(colleaguePage).toHaveURL(/\/sign-in\?redirectTo=/);
    await ready(colleaguePage);
    await colleaguePage.getByLabel("Email address").fill(colleague.email);
    await colleaguePage.getByLabel("Password", { exact: true }).fill(colleague.password);
    await colleaguePage.getByRole("button", { name: "Sign in" }).click();
    await expect(colleaguePage.getByRole("heading", { level: 1 })).toHaveText(`Join ${organisationName}`);
    await ready(colleaguePage);
    await expectAccessible(colleaguePage);
    await colleaguePage.getByRole("button", { name: "Accept" }).click();

    await expect(colleaguePage).toHaveURL(/\/applicant\?notice=invitation-accepted$/);
    await expect(colleaguePage.getByText("You have joined the organisation.")).toBeVisible();
    await expect(colleaguePage.getByRole("link", { name: organisationName })).toBeVisible();
    await expectAccessible(colleaguePage);

    // Now a member: they see the people, and the invitation is no longer waiting.
    await colleaguePage.goto(members);
    await expect(colleaguePage.getByRole("table", { name: "Members" })).toContainText(colleague.email);
    await expect(colleaguePage.getByRole("table", { name: "Invitations waiting for an answer" })).toHaveCount(0);
  } finally {
    await theirs.close();
  }
});

test("an invitation cannot be accepted by someone signed in with another email address", async ({ page, browser }) => {
  const { organisationId } = await draftApplication(page.request, "cf");
  const invited = uniqueEmail("invited");
  await page.goto(`/organisations/${organisationId}/members`);
  await ready(page);
  const organisationName = (await page.locator(".govuk-caption-l").textContent())!.trim();
  await page.getByLabel("Your colleague's email address").fill(invited);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Your colleague has been invited.")).toBeVisible();
  const link = linkIn(await waitForEmail(invited, `Join ${organisationName} on the Health Equity Funding Portal`), "/invitations/accept");

  const theirs = await someoneElse(browser);
  try {
    const other = await createConfirmedAccount(theirs.request, "Someone Else");
    const otherPage = await theirs.newPage();
    await otherPage.goto("/sign-in");
    await ready(otherPage);
    await otherPage.getByLabel("Email address").fill(other.email);
    await otherPage.getByLabel("Password", { exact: true }).fill(other.password);
    await otherPage.getByRole("button", { name: "Sign in" }).click();
    await expect(otherPage).not.toHaveURL(/sign-in/);

    const response = await otherPage.goto(link);
    expect(response?.status()).toBe(403);
    await expect(otherPage.getByRole("heading", { level: 1 })).toHaveText("You cannot accept this invitation");
    await expect(otherPage.getByText(`This invitation was sent to ${invited}. Sign in with that email address to accept it.`)).toBeVisible();
    await expect(otherPage.getByRole("button", { name: "Accept" })).toHaveCount(0);
    await expectAccessible(otherPage);

    // Posting the form anyway is refused too, and they do not join.
    const token = new URL(link).searchParams.get("token")!;
    const posted = await theirs.request.post("/invitations/accept", { form: { token }, maxRedirects: 0 });
    expect(posted.status()).toBe(403);
    await otherPage.goto("/applicant");
    await expect(otherPage.getByRole("link", { name: organisationName })).toHaveCount(0);
  } finally {
    await theirs.close();
  }
});
