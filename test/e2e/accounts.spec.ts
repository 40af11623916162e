// Creating an account, confirming it by email, signing in and out, and resetting a forgotten
// password: with JavaScript on and off (see the projects in playwright.config.ts).
import { DEMO, emailCount, signInAs, expect, expectAccessible, linkIn, ready, test, uniqueEmail, waitForEmail } from "./fixtures";

test("a new applicant creates an account, confirms it from the email and signs in", async ({ page }) => {
  const email = uniqueEmail("new-applicant");
  await page.goto("/");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Create an account" }).click();
  await expect(page).toHaveURL(/\/sign-up$/);
  await ready(page);
  await page.getByLabel("Full name").fill("Blessing Adeyemi");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Create a password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
  await expect(page.getByText(email)).toBeVisible();
  await expectAccessible(page);

  const mail = await waitForEmail(email, "Confirm your email address");
  expect(mail.text).toContain("Hello Blessing Adeyemi,");
  expect(mail.html).toContain("Confirm your email address");
  // Opening the link only shows a form (an email scanner cannot use it up), which asks for the
  // password: only whoever created the account can confirm it.
  await page.goto(linkIn(mail, "/confirm-email"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Confirm your email address");
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Confirm and continue" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter the password you chose when you created your account");
  await expect(page).toHaveTitle(/^Error: Confirm your email address/);
  await expectAccessible(page);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Confirm and continue" }).click();

  await expect(page).toHaveURL(/\/applicant/);
  await expect(page.getByText("Your email address is confirmed.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your applications");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have signed out.")).toBeVisible();

  // The link worked once; opening it again says so kindly.
  await page.goto(linkIn(mail, "/confirm-email"));
  await expect(page.getByText("Your email address is already confirmed.")).toBeVisible();

  await page.goto("/sign-in");
  await ready(page);
  await page.getByLabel("Email address").fill(email.toUpperCase());
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/applicant/);
});

test("sign-up with mistakes shows each problem and keeps what was typed", async ({ page }) => {
  await page.goto("/sign-up");
  await ready(page);
  await page.getByLabel("Email address").fill("not-an-email");
  await page.getByLabel("Create a password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();

  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("heading")).toHaveText("There is a problem");
  await expect(summary.getByRole("link")).toHaveText([
    "Enter your full name",
    "Enter an email address in the correct format, like name@example.com",
    "Password must be 10 characters or more",
  ]);
  await expect(page).toHaveTitle(/^Error: Create an account/);
  await expect(page.locator("#email-error")).toContainText("Enter an email address in the correct format");
  await expect(page.getByLabel("Email address")).toHaveValue("not-an-email");
  await expectAccessible(page);

  // The summary links go to the fields.
  await summary.getByRole("link", { name: "Enter your full name" }).click();
  await expect(page.getByLabel("Full name")).toBeFocused();
});

test("an unconfirmed account is asked to confirm, and can get a new link", async ({ page }) => {
  const email = uniqueEmail("unconfirmed");
  await page.goto("/sign-up");
  await ready(page);
  await page.getByLabel("Full name").fill("Tomasz Nowak");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Create a password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await waitForEmail(email, "Confirm your email address");

  await page.goto("/sign-in");
  await ready(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Confirm your email address");
  await expectAccessible(page);
});

test("a wrong password is refused with a message that does not say which part was wrong", async ({ page }) => {
  await page.goto("/sign-in");
  await ready(page);
  await page.getByLabel("Email address").fill(`nobody-${Date.now()}@example.test`);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter the email address and password for your account");
  await expect(page).toHaveTitle(/^Error: Sign in/);
  await expectAccessible(page);
});

test("a forgotten password is reset from the emailed link", async ({ page, request }) => {
  // Make an account of our own, so the demo people are not changed under other tests.
  const email = uniqueEmail("forgetful");
  await request.post("/sign-up", { form: { name: "Farah Ali", email, password: "the first password" }, maxRedirects: 0 });
  const confirm = await waitForEmail(email, "Confirm your email address");
  await request.post("/confirm-email", {
    form: { token: new URL(linkIn(confirm, "/confirm-email")).searchParams.get("token")!, password: "the first password" },
  });

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "I have forgotten my password" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("What is the email address for your account?");
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("What is the email address for your account?").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");

  const mail = await waitForEmail(email, "Reset your password");
  await page.goto(linkIn(mail, "/reset-password"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create a new password");
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Password must be 10 characters or more");
  await page.getByLabel("New password").fill("the second password");
  await page.getByRole("button", { name: "Change password" }).click();

  await expect(page).toHaveURL(/\/sign-in\?notice=password-reset/);
  await expect(page.getByText("Your password has been changed. Sign in with your new password.")).toBeVisible();
  await waitForEmail(email, "Your password has been changed");
  await ready(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill("the second password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/applicant/);
});

test("asking to reset a password for an address with no account tells nobody anything", async ({ page, request }) => {
  const email = uniqueEmail("stranger");
  await page.goto("/forgot-password");
  await ready(page);
  await page.getByLabel("What is the email address for your account?").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  // The same answer as for an address with an account…
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
  await expect(page.getByText("If there is an account for")).toBeVisible();
  // …and no email was written for it, let alone sent.
  await signInAs(request, DEMO.staff);
  const outbox = await (await request.get("/staff/outbox")).text();
  expect(outbox).toContain("Email outbox");
  expect(outbox).not.toContain(email);
  expect(await emailCount(email)).toBe(0);
});
