// The Budget and "What will change" sections: lists that work without JavaScript (add, remove),
// the amount asked for, and each refusal with its message, keeping what was typed.
import { draftApplication, expect, expectAccessible, ready, test } from "./fixtures";
import type { Page } from "@playwright/test";

const errorSummary = (page: Page) => page.locator(".govuk-error-summary");

async function addBudgetLine(page: Page, item: string, cost: string) {
  await page.getByLabel("What is the money for?").fill(item);
  await page.getByLabel("Cost", { exact: true }).fill(cost);
  await page.getByRole("button", { name: "Add item" }).click();
}

test("an applicant writes the budget, asks for an amount and sets out what will change", async ({ page }) => {
  const { applicationId } = await draftApplication(page.request, "cf");
  const base = `/applications/${applicationId}`;

  // Budget: a cost that is not money is refused, and what was typed stays.
  await page.goto(`${base}/budget`);
  await ready(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your budget");
  await expect(page.getByText("You have not added any items yet.")).toBeVisible();
  await expectAccessible(page);
  await addBudgetLine(page, "Room hire", "abc");
  await expect(errorSummary(page)).toContainText("Cost must be an amount in pounds, like 1250 or 1250.50");
  await expect(page.locator("#cost-error")).toContainText("Cost must be an amount in pounds");
  await expect(page.getByLabel("What is the money for?")).toHaveValue("Room hire");
  await expect(page.getByLabel("Cost", { exact: true })).toHaveValue("abc");
  await expect(page).toHaveTitle(/^Error: Your budget/);
  await expectAccessible(page);

  await page.getByLabel("Cost", { exact: true }).fill("1,500");
  await page.getByRole("button", { name: "Add item" }).click();
  const table = page.getByRole("table", { name: "Items in your budget" });
  await expect(table.getByRole("row", { name: /Room hire/ })).toContainText("£1,500");
  await expect(page.getByText("The item has been added.")).toBeVisible();
  // The add fields are empty again, ready for the next item.
  await expect(page.getByLabel("What is the money for?")).toHaveValue("");
  await addBudgetLine(page, "Ingredients", "500.50");
  await expect(table.getByRole("row", { name: /Total/ })).toContainText("£2,000.50");
  await expectAccessible(page);

  // Remove is a small form of its own.
  await page.getByRole("button", { name: "Remove Ingredients" }).click();
  await expect(page.getByText("The item has been removed.")).toBeVisible();
  await expect(table.getByRole("row", { name: /Ingredients/ })).toHaveCount(0);
  await expect(table.getByRole("row", { name: /Total/ })).toContainText("£1,500");
  await addBudgetLine(page, "Ingredients for 40 sessions", "500");
  await expect(table.getByRole("row", { name: /Total/ })).toContainText("£2,000");

  // Something typed but not added is not lost on "Save and continue": it is added too.
  await page.getByLabel("What is the money for?").fill("Bus fares");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(errorSummary(page)).toContainText("Enter the cost");
  await expect(page.getByLabel("What is the money for?")).toHaveValue("Bus fares");
  await page.getByLabel("Cost", { exact: true }).fill("200");
  await page.getByRole("button", { name: "Save and continue" }).click();

  // Other funding: optional; one source added.
  await expect(page).toHaveURL(new RegExp(`${base}/other-funding$`));
  await ready(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Other funding for your project");
  await expectAccessible(page);
  await page.getByLabel("Who is the funding from?").fill("Our own fundraising");
  await page.getByLabel("Amount", { exact: true }).fill("250");
  await page.getByRole("button", { name: "Add funding" }).click();
  await expect(errorSummary(page)).toContainText("Select whether the funding is secured or applied for");
  await expect(page.getByLabel("Who is the funding from?")).toHaveValue("Our own fundraising");
  await expectAccessible(page);
  await page.getByLabel("Yes, it is secured").check();
  await page.getByRole("button", { name: "Add funding" }).click();
  await expect(page.getByRole("table", { name: "Other funding you have added" })).toContainText("Our own fundraising");
  await page.getByRole("button", { name: "Save and continue" }).click();

  // Amount: within the round's range, and not more than the budget's total (£2,200).
  await expect(page).toHaveURL(new RegExp(`${base}/amount$`));
  await ready(page);
  await expect(page.getByText("This round gives between £1,000 and £10,000. Your budget adds up to £2,200")).toBeVisible();
  await expectAccessible(page);
  const amount = page.getByLabel("How much are you asking for?");
  await amount.fill("500");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(errorSummary(page)).toContainText("Amount must be between £1,000 and £10,000");
  await expect(amount).toHaveValue("500");
  await expectAccessible(page);
  await amount.fill("2500");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(errorSummary(page)).toContainText("The amount you ask for must not be more than your budget's total, £2,200");
  await expect(page.locator("#amount-error")).toContainText("must not be more than your budget's total");
  await expect(amount).toHaveValue("2500");
  await amount.fill("2,000");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`${base}$`));

  // What will change: activities, outputs and outcomes.
  await page.goto(`${base}/outcomes`);
  await ready(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("What will change");
  await expectAccessible(page);
  await page.getByLabel("An output").check();
  await page.getByLabel("Describe it").fill("40 sessions held");
  await page.getByRole("button", { name: "Add to the list" }).click();
  await expect(errorSummary(page)).toContainText("Enter how you will measure it");
  await expect(errorSummary(page)).toContainText("Enter your target, as a number");
  await expect(page.getByLabel("Describe it")).toHaveValue("40 sessions held");
  await expect(page.getByLabel("An output")).toBeChecked();
  await expectAccessible(page);
  await page.getByLabel("How will you measure it?").fill("Sessions held");
  await page.getByLabel("Target").fill("40");
  await page.getByRole("button", { name: "Add to the list" }).click();
  await expect(page.getByRole("table", { name: "Outputs" })).toContainText("40 sessions held");

  // "Save and continue" with the section incomplete says what is missing.
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(errorSummary(page)).toContainText("Add at least one activity");
  await expect(errorSummary(page)).toContainText("Add at least one outcome");

  await page.getByLabel("An activity").check();
  await page.getByLabel("Describe it").fill("Weekly cooking sessions");
  await page.getByRole("button", { name: "Add to the list" }).click();
  await expect(page.getByRole("table", { name: "Activities" })).toContainText("Weekly cooking sessions");

  await page.getByLabel("An outcome").check();
  await page.getByLabel("Describe it").fill("Families eat more fruit and vegetables");
  await page.getByLabel("How will you measure it?").fill("Families reporting 5 a day");
  await page.getByLabel("Target").fill("30");
  // The first indicator offered (which ones depends on the principles chosen).
  const indicators = page.getByLabel("Which indicator will this outcome help?");
  const indicator = (await indicators.locator("option").nth(1).textContent())!;
  await indicators.selectOption({ label: indicator });
  await page.getByRole("button", { name: "Add to the list" }).click();
  const outcomes = page.getByRole("table", { name: "Outcomes" });
  await expect(outcomes).toContainText("Families eat more fruit and vegetables");
  await expect(outcomes).toContainText(`Indicator: ${indicator}`);
  await expect(outcomes).toContainText("Target: 30");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`${base}$`));
});

test("another application's lines cannot be removed, and an outcome names only a listed indicator", async ({ page, playwright, baseURL }) => {
  const mine = await draftApplication(page.request, "cf");
  const otherRequest = await playwright.request.newContext({ baseURL });
  try {
    const theirs = await draftApplication(otherRequest, "prize");
    const added = await otherRequest.post(`/applications/${theirs.applicationId}/budget`, {
      form: { intent: "add", item: "Their own item", cost: "100" },
      maxRedirects: 0,
    });
    expect(added.status()).toBe(302);
    const theirPage = await (await otherRequest.get(`/applications/${theirs.applicationId}/budget`)).text();
    const lineId = theirPage.match(/name="lineId" value="(\d+)"/)?.[1];
    expect(lineId).toBeTruthy();

    // Through my own application: refused, with a message, and their line is still there.
    const refused = await page.request.post(`/applications/${mine.applicationId}/budget`, {
      form: { intent: "remove", lineId: lineId! },
      maxRedirects: 0,
    });
    expect(refused.status()).toBe(400);
    expect(await refused.text()).toContain("is not in this application");
    // Through theirs: I am not a member.
    const notMember = await page.request.post(`/applications/${theirs.applicationId}/budget`, {
      form: { intent: "remove", lineId: lineId! },
      maxRedirects: 0,
    });
    expect(notMember.status()).toBe(403);
    expect(await (await otherRequest.get(`/applications/${theirs.applicationId}/budget`)).text()).toContain("Their own item");

    // An indicator that is not in the list offered is refused.
    const badIndicator = await page.request.post(`/applications/${mine.applicationId}/outcomes`, {
      form: { intent: "add", kind: "outcome", description: "Fewer people feel lonely", measure: "People who say they feel lonely", target: "20", indicatorId: "999999" },
      maxRedirects: 0,
    });
    expect(badIndicator.status()).toBe(400);
    expect(await badIndicator.text()).toContain("Select an indicator from the list");
    await page.goto(`/applications/${mine.applicationId}/outcomes`);
    await expect(page.getByText("You have not added any outcomes yet.")).toBeVisible();
  } finally {
    await otherRequest.dispose();
  }
});
