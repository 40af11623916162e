// The pages every visitor can reach, and the portal's error pages, in the GOV.UK style.
import { DEMO, expect, expectAccessible, signInAs, test } from "./fixtures";

for (const [path, heading] of [
  ["/accessibility", "Accessibility statement for the Health Equity Funding Portal"],
  ["/privacy", "Privacy notice"],
  ["/sign-in", "Sign in"],
  ["/sign-up", "Create an account"],
  ["/forgot-password", "What is the email address for your account?"],
  ["/check-your-email?email=someone%40example.test&reason=confirm", "Check your email"],
  ["/check-your-email?email=someone%40example.test&reason=reset", "Check your email"],
  ["/confirm-email?token=not-a-real-token", "There is a problem with the link"],
  ["/reset-password?token=not-a-real-token", "There is a problem with the link"],
] as const) {
  test(`${path} is accessible`, async ({ page }) => {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expectAccessible(page);
  });
}

test("an unknown address shows Page not found, with status 404", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expect(page).toHaveTitle(/^Page not found/);
  await expectAccessible(page);
});

test("a page for another role says so, with status 403", async ({ page }) => {
  await signInAs(page.request, DEMO.applicant);
  const response = await page.goto("/staff");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You do not have permission to view this page");
  await expectAccessible(page);
});

test("the health check says the database is reachable", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "reachable" });
});
