// "Before you go live" on the shared demo portal, which sends real email to the mail sink: the
// demo is still in use, a test email is delivered and the page says so, and the demo admin is
// refused when they try to retire the demo data (it would close their own account). Nothing here
// changes the demo for the other specs: the refusal leaves it as it was.
import { DEMO, expect, expectAccessible, ready, signInAs, test, uniqueEmail, waitForEmail } from "./fixtures";

test("the demo admin sees what is not ready, and a test email is delivered", async ({ page }) => {
  await signInAs(page.request, DEMO.admin);
  await page.goto("/admin");
  await page.getByRole("link", { name: "Before you go live" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Before you go live");
  const item = (name: string) => page.locator(".govuk-task-list__item").filter({ hasText: name });
  await expect(item("Mail server")).toContainText("Emails are sent through 127.0.0.1");
  await expect(item("Mail server").locator(".govuk-task-list__status")).toHaveText("Ready");
  await expect(item("Demo data")).toContainText(/\d+ demo accounts are open, with a known password, and \d+ demo rounds are on the public pages\./);
  await expect(item("Demo data").getByRole("link", { name: "Demo data" })).toHaveAttribute("href", "/admin/go-live/retire-demo");
  await expectAccessible(page);

  const to = uniqueEmail("test-email");
  await ready(page);
  await expect(page.getByLabel("Email address to send it to")).toHaveValue(DEMO.admin);
  await page.getByLabel("Email address to send it to").fill(to);
  await page.getByRole("button", { name: "Send a test email" }).click();
  await expect(page.getByText("The test email is in the outbox.")).toBeVisible();
  const mail = await waitForEmail(to, "Test email from the Health Equity Funding Portal");
  expect(mail.text).toContain("sent this test email from the \"Before you go live\" page");
  // Delivered: the page reads it back from the outbox.
  const row = page.getByRole("table", { name: "Recent test emails" }).getByRole("row").filter({ hasText: to });
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText(/Sent on /, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expectAccessible(page);
});

test("a demo admin cannot retire the demo data", async ({ page }) => {
  await signInAs(page.request, DEMO.admin);
  await page.goto("/admin/go-live/retire-demo");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Retire the demo data");
  await expect(page.getByRole("heading", { name: "Demo rounds" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("admin@demo.test");
  await expect(page.getByRole("main")).toContainText("You are signed in as admin@demo.test, a demo account, so you cannot retire the demo data");
  await expectAccessible(page);
  await ready(page);
  await page.getByRole("button", { name: "Retire the demo data" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("You are signed in as admin@demo.test, a demo account: retiring the demo data would close it.");
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  // Nothing changed: the demo admin is still signed in, and the demo rounds are still open.
  await page.goto("/admin/go-live");
  await expect(page.locator(".govuk-task-list__item").filter({ hasText: "Demo data" })).toContainText("Not ready");
  await page.goto("/");
  await expect(page.getByRole("link", { name: /Find out if you can apply to Collaboration Fund .*\(demo round\)/ })).toBeVisible();
});
