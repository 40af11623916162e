// Each demo person signs in through the form and lands on their own home page.
import { DEMO, DEMO_PASSWORD, expect, expectAccessible, ready, test } from "./fixtures";

const HOMES = [
  { role: "applicant", path: "/applicant", heading: "Your applications", nav: ["Your applications", "Your account"] },
  { role: "panel", path: "/panel", heading: "Your panels", nav: ["Your applications", "Panel", "Your account"] },
  { role: "staff", path: "/staff", heading: "Funding rounds", nav: ["Staff", "Your account"] },
  { role: "admin", path: "/admin", heading: "People and roles", nav: ["Staff", "Admin", "Your account"] },
] as const;

for (const home of HOMES) {
  test(`the demo ${home.role} signs in and lands on their home page`, async ({ page }) => {
    await page.goto("/sign-in");
    await ready(page);
    await page.locator('input[name="email"]').fill(DEMO[home.role]);
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(new RegExp(`${home.path}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(home.heading);
    const menu = page.getByRole("navigation", { name: "Menu" });
    await expect(menu.getByRole("link")).toHaveText([...home.nav]);
    await expectAccessible(page);
  });
}

test("a page that needs signing in comes back after sign-in", async ({ page }) => {
  await page.goto("/staff/outbox?status=sent");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fstaff%2Foutbox%3Fstatus%3Dsent/);
  await ready(page);
  await page.getByLabel("Email address").fill(DEMO.staff);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/staff\/outbox\?status=sent$/);
});

test("the start page names both programmes and their open rounds", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 3, name: "Collaboration Fund" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "Director of Public Health – Health Equity Town Prize" })).toBeVisible();
  await expect(page.locator("strong").getByText(/Collaboration Fund \d{4} to \d{4} \(demo round\)/)).toBeVisible();
  await expect(page.locator("strong").getByText(/Health Equity Town Prize \d{4} \(demo round\)/)).toBeVisible();
  await expect(page.getByRole("link", { name: /Find out if you can apply to Collaboration Fund .*\(demo round\)/ })).toBeVisible();
  await expect(page.getByText(/Closes at midday on/).first()).toBeVisible();
  // Under the place's name, without the crown or the GOV.UK logo.
  await expect(page.getByRole("link", { name: "Luton Health Equity Town" })).toBeVisible();
  await expect(page.locator(".govuk-header__logotype, .govuk-footer__crown, .govuk-logo")).toHaveCount(0);
});
