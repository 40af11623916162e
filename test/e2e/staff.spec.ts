// Staff pages: the email outbox and the wards; admin pages: people and roles.
import { createConfirmedAccount, DEMO, expect, expectAccessible, expectEmailAccessible, ready, signInAs, test, waitForEmail } from "./fixtures";

test("staff follow an email in the outbox, and cannot read sign-in links", async ({ page, request }) => {
  // An email staff may read: someone signs up again with an address that has an account.
  const person = await createConfirmedAccount(request, "Outbox Reader");
  await request.post("/sign-up", { form: { name: "Again", email: person.email, password: "a long enough password" }, maxRedirects: 0 });
  await waitForEmail(person.email, "You already have an account");

  await signInAs(page.request, DEMO.staff);
  await page.goto("/staff");
  await page.getByRole("link", { name: "Read the email outbox" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Email outbox");
  await expectAccessible(page);

  const row = page.getByRole("row").filter({ hasText: person.email }).filter({ hasText: "You already have an account" });
  await expect(row.getByText("Sent")).toBeVisible();
  await row.getByRole("link", { name: "You already have an account" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You already have an account");
  await expect(page.getByTestId("email-text")).toContainText("Someone tried to create an account");
  await expect(page.locator('iframe[title^="The email"]')).toBeVisible();
  // axe cannot run inside the sandboxed preview frame (it allows no scripts): the page is
  // scanned around it, and the email's own HTML on its own.
  await expectAccessible(page, { exclude: ["iframe"] });
  const body = await page.request.get(`${page.url()}/body`);
  expect(body.headers()["content-security-policy"]).toContain("sandbox");
  await expectEmailAccessible(page, await body.text());

  // The confirmation email carries a sign-in link: with a mail server on, only its recipient reads it.
  await page.goto("/staff/outbox");
  await page.getByRole("row").filter({ hasText: person.email }).getByRole("link", { name: "Confirm your email address" }).click();
  await expect(page.getByText("only they can read it")).toBeVisible();
  await expect(page.getByTestId("email-text")).toHaveCount(0);
  const hidden = await page.request.get(page.url() + "/body");
  expect(hidden.status()).toBe(404);

  // Filters.
  await page.goto("/staff/outbox");
  await page.getByRole("link", { name: /^Failed/ }).click();
  await expect(page).toHaveURL(/status=failed/);
  await expectAccessible(page);
});

test("staff say which neighbourhood a ward is in, and its ONS code", async ({ page }, testInfo) => {
  // Each project edits its own ward, so parallel runs do not collide.
  const [ward, code] = testInfo.project.name === "no-js" ? ["Dallow", "E05000002"] : ["Central", "E05000001"];
  await signInAs(page.request, DEMO.staff);
  await page.goto("/staff/wards");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Wards and neighbourhoods");
  await expectAccessible(page);
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: ward, exact: true }) });
  await expect(row).toContainText("Not set");
  await row.getByRole("link", { name: `Change ${ward}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${ward} ward`);
  await expectAccessible(page);
  await ready(page);

  await page.getByLabel("South and Town Centre").check();
  await page.getByLabel("ONS ward code (optional)").fill("E05123");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter an ONS ward code in the correct format, like E05000001");
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByLabel("ONS ward code (optional)")).toHaveValue("E05123");
  await expect(page.getByLabel("South and Town Centre")).toBeChecked();
  await expectAccessible(page);

  await page.getByLabel("ONS ward code (optional)").fill(code.toLowerCase());
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("The ward has been updated.")).toBeVisible();
  const saved = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: ward, exact: true }) });
  await expect(saved).toContainText("South and Town Centre");
  await expect(saved).toContainText(code);
});

test("an admin sets the contact email that the statements and error pages give", async ({ page }, testInfo) => {
  const address = `public-health-${testInfo.project.name}@luton.example`;
  await signInAs(page.request, DEMO.admin);
  await page.goto("/admin");
  await page.getByRole("link", { name: "Change the contact email" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Place settings");
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("What email address should people contact?").fill("not an email");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter an email address in the correct format");
  await expectAccessible(page);
  await page.getByLabel("What email address should people contact?").fill(address);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("The contact email has been saved.")).toBeVisible();
  await page.goto("/accessibility");
  await expect(page.getByRole("link", { name: /@luton\.example$/ }).first()).toBeVisible();
});

test("an admin makes someone staff, and cannot remove their own admin role", async ({ page, browser, request }) => {
  const person = await createConfirmedAccount(request, "New Officer");
  await signInAs(page.request, DEMO.admin);
  await page.goto("/admin");
  await expectAccessible(page);
  await page.getByRole("row").filter({ hasText: person.email }).getByRole("link", { name: "Change New Officer" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("New Officer");
  await expectAccessible(page);
  await ready(page);

  // Staff need a team.
  await page.getByLabel("Staff", { exact: true }).check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Select which team they work for");
  await expectAccessible(page);
  await page.getByLabel("Bedfordshire & Luton Community Foundation (BLCF)").check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("The account has been updated.")).toBeVisible();

  // The new officer now lands on the staff home.
  const officer = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    await signInAs(officer.request, person.email, person.password);
    const home = await officer.request.get("/home", { maxRedirects: 0 });
    expect(home.headers()["location"]).toBe("/staff");
  } finally {
    await officer.close();
  }

  // An admin cannot demote themselves, whatever the form sends.
  await page.goto("/admin");
  await page.getByRole("row").filter({ hasText: DEMO.admin }).getByRole("link", { name: /^Change/ }).click();
  await ready(page);
  await page.getByLabel("Staff", { exact: true }).check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("You cannot remove your own admin role");
});
