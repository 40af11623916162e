// The sections of the applicant journey that have pages of their own lists (partners, budget,
// logic model, documents), filled in as a person would, from the task list and back to it.
import { expect, type Page } from "@playwright/test";

type Scan = (page: Page) => Promise<void>;

const backOnTaskList = (page: Page) => expect(page.getByRole("heading", { name: "Application incomplete" }).or(page.getByRole("heading", { name: "Application complete" }))).toBeVisible();

/** Adds a partner, and the partner confirms from the emailed link in a browser of their own. */
export async function fillPartners(page: Page, scanned: Scan, confirm: (partnerEmail: string) => Promise<void>) {
  await page.getByRole("link", { name: "Partners" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Partners");
  await scanned(page);
  const partnerEmail = `partner-${Math.random().toString(36).slice(2, 10)}@example.test`;
  await page.getByLabel("Organisation name").fill("Biscot Mosque Women's Group");
  await page.getByLabel("Name of your contact there").fill("Fatima Begum");
  await page.getByLabel("Your contact's email address").fill(partnerEmail);
  await page.getByLabel("What will the partner do in the project?").fill("Hosts the sessions and invites families.");
  await page.getByRole("button", { name: "Add partner" }).click();
  await expect(page.getByText("Biscot Mosque Women's Group").first()).toBeVisible();
  await expect(page.getByLabel("Organisation name")).toHaveValue("");
  await scanned(page);
  await confirm(partnerEmail);
  await page.reload();
  await expect(page.getByText("Confirmed", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await backOnTaskList(page);
}

export async function fillBudget(page: Page, scanned: Scan) {
  await page.getByRole("link", { name: "Budget" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your budget");
  await scanned(page);
  for (const [item, cost] of [["Room hire", "1,500"], ["Ingredients", "1000"]]) {
    await page.getByLabel("What is the money for?").fill(item!);
    await page.getByLabel("Cost", { exact: true }).fill(cost!);
    await page.getByRole("button", { name: "Add item" }).click();
    // The page comes back with the item listed and the fields empty for the next one.
    await expect(page.getByRole("table", { name: "Items in your budget" })).toContainText(item!);
    await expect(page.getByLabel("What is the money for?")).toHaveValue("");
  }
  await expect(page.getByRole("table", { name: "Items in your budget" }).getByRole("row", { name: /Total/ })).toContainText("£2,500");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Other funding for your project");
  await scanned(page);
  await page.getByRole("button", { name: "Save and continue" }).click();
  const amount = page.getByLabel("How much are you asking for?");
  await expect(amount).toBeVisible();
  await scanned(page);
  await amount.fill("2,000");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await backOnTaskList(page);
}

export async function fillOutcomes(page: Page, scanned: Scan) {
  await page.getByRole("link", { name: "What will change" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("What will change");
  await scanned(page);
  const add = async (kind: string, description: string, measure?: string, target?: string) => {
    await page.getByLabel(kind).check();
    await page.getByLabel("Describe it").fill(description);
    if (measure) await page.getByLabel("How will you measure it?").fill(measure);
    if (target) await page.getByLabel("Target").fill(target);
    await page.getByRole("button", { name: "Add to the list" }).click();
    await expect(page.getByRole("cell", { name: new RegExp(description) }).first()).toBeVisible();
    await expect(page.getByLabel("Describe it")).toHaveValue("");
  };
  await add("An activity", "Weekly cooking sessions");
  await add("An output", "40 sessions held", "Sessions held", "40");
  await add("An outcome", "Families eat more fruit and vegetables", "Families reporting 5 a day", "30");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await backOnTaskList(page);
}

/** A tiny but real PDF, as a constitution or policy would be. */
export const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

export async function fillDocuments(page: Page, scanned: Scan, required: string[]) {
  await page.getByRole("link", { name: "Documents" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Documents");
  await scanned(page);
  for (const kind of required) {
    await page.getByLabel(kind, { exact: true }).check();
    await page.getByLabel("Upload a file").setInputFiles({ name: `${kind}.pdf`, mimeType: "application/pdf", buffer: PDF });
    await page.getByRole("button", { name: "Upload file" }).click();
    await expect(page.getByRole("row").filter({ hasText: `${kind}.pdf` })).toBeVisible();
  }
  await page.getByRole("button", { name: "Save and continue" }).click();
  await backOnTaskList(page);
}

export { backOnTaskList };
