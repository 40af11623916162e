// Your account: where you are signed in, signing out other devices, changing your password.
import { createConfirmedAccount, expect, expectAccessible, ready, signInAs, test, waitForEmail } from "./fixtures";

test("a person signs out their other devices and changes their password", async ({ page, browser, request }) => {
  const person = await createConfirmedAccount(request, "Two Devices");
  const other = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    await signInAs(other.request, person.email, person.password);
    await signInAs(page.request, person.email, person.password);

    await page.goto("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your account");
    await expect(page.getByText("(this device)")).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: "since" })).toHaveCount(2);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Sign out on your other devices" }).click();
    await expect(page.getByText("You have been signed out on your other devices.")).toBeVisible();
    const elsewhere = await other.request.get("/account", { maxRedirects: 0 });
    expect(elsewhere.headers()["location"]).toMatch(/^\/sign-in/);

    await page.getByRole("link", { name: "Change your password" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Change your password");
    await expectAccessible(page);
    await ready(page);
    await page.getByLabel("Current password").fill("not my password");
    await page.getByLabel("New password").fill("my brand new password");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.locator(".govuk-error-summary")).toContainText("Your current password is not right");
    await expectAccessible(page);

    await page.getByLabel("Current password").fill(person.password);
    await page.getByLabel("New password").fill("my brand new password");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Your password has been changed.")).toBeVisible();
    await waitForEmail(person.email, "Your password has been changed");
  } finally {
    await other.close();
  }
});
