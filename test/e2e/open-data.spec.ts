// Open data out, with JavaScript on and off: staff read what is published and the warnings
// before publishing, include the demo rounds, download the 360Giving data package (JSON) and the
// spreadsheet (CSV); an admin sets the 360Giving prefix on the place settings (a bad format
// refused first, what was typed kept) and puts it back. An axe scan of every page.
//
// Other tests share the database (rounds they make, the place settings): only what is stable is
// asserted: the demo round's grants, the structure, the warnings no other test changes.
import fs from "node:fs";
import { DEMO, expect, expectAccessible, ready, signInAs, test } from "./fixtures";

test.use({ actionTimeout: 15_000 });

const DEMO_BOX = "Include demo rounds (for trying the portal only: never publish these)";

test("staff see what is published and the warnings, and download the demo rounds' grants as JSON and CSV", async ({ page }) => {
  await signInAs(page.request, DEMO.staff);
  await page.goto("/staff/open-data");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Open data: 360Giving");
  await expect(page.getByRole("heading", { name: "What is published" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "What is not published" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Before you publish" })).toBeVisible();
  // No funder identifier is set in the demo data (no test sets one).
  await expect(page.getByText(/No funder organisation identifier is set for Luton Borough Council/)).toBeVisible();
  await expect(page.getByText("This file includes demo rounds.", { exact: false })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "360Giving's data quality checker" })).toHaveAttribute("href", "https://dataquality.threesixtygiving.org/");
  await expectAccessible(page);

  // Include the demo rounds: the page says never to publish them.
  await ready(page);
  await page.getByLabel(DEMO_BOX).check();
  await page.getByRole("button", { name: "Show the counts for this choice" }).click();
  await expect(page).toHaveURL(/\/staff\/open-data\?demo=include$/);
  await expect(page.getByLabel(DEMO_BOX)).toBeChecked();
  await expect(page.getByText(/This file includes demo rounds\. Demo data is for trying the portal only: never publish it\./)).toBeVisible();
  const demoRow = page.locator(".govuk-summary-list__row").filter({ hasText: "Grants from demo rounds (included)" });
  await expect(demoRow.locator("dd")).toHaveText(/^\d+$/);
  expect(Number(await demoRow.locator("dd").textContent())).toBeGreaterThanOrEqual(3);
  await expectAccessible(page);

  // The data package: the demo round's accepted awards are grants in it.
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download the data package (JSON)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^360giving-grants-with-demo-rounds-\d{4}-\d\d-\d\d\.json$/);
  const data = JSON.parse(fs.readFileSync((await download.path())!, "utf8")) as {
    version: string;
    grants: { id: string; amountAwarded: number; recipientOrganization: { name: string }[]; beneficiaryLocation?: { name: string }[] }[];
  };
  expect(data.version).toBe("1.4");
  const byRecipient = (name: string) => data.grants.find((g) => g.recipientOrganization[0]!.name.startsWith(name));
  expect(byRecipient("Sunrise Community Kitchen")).toMatchObject({ amountAwarded: 6000 });
  expect(byRecipient("Lewsey Walking Friends")).toMatchObject({ amountAwarded: 4500 });
  expect(byRecipient("Lewsey Walking Friends")!.beneficiaryLocation!.map((l) => l.name).sort()).toEqual(["Leagrave", "Lewsey"]);
  expect(byRecipient("Farley Youth Boxing Club")).toMatchObject({ amountAwarded: 7500 });
  for (const g of data.grants) expect(g.id).toMatch(/^360G-[A-Za-z0-9-]+-/);

  // The spreadsheet, from the same form: 360Giving's column titles, a row per grant.
  const csvDownloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download the spreadsheet (CSV)" }).click();
  const csvFile = await csvDownloading;
  expect(csvFile.suggestedFilename()).toMatch(/\.csv$/);
  const lines = fs.readFileSync((await csvFile.path())!, "utf8").replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toMatch(/^Identifier,Title,Description,Currency,/);
  expect(lines[0]).toContain("Recipient Org:Identifier");
  expect(lines[0]).toContain("Funding Org:Name");
  expect(lines[0]).toContain("Beneficiary Location:0:Name");
  expect(lines[0]).toContain("Classifications:0:Code");
  expect(lines.filter((l) => l.includes("Sunrise Community Kitchen"))).toHaveLength(1);

  // Without the box ticked, the demo rounds stay out of the file.
  const plain = await page.request.get("/staff/open-data/360giving.json");
  if (plain.status() === 200) {
    const names = ((await plain.json()) as typeof data).grants.map((g) => g.recipientOrganization[0]!.name);
    expect(names.filter((n) => n.startsWith("Sunrise Community Kitchen"))).toEqual([]);
  } else {
    // No grant outside the demo rounds yet: refused with the reason, never an empty file.
    expect(plain.status()).toBe(422);
    expect(await plain.text()).toContain("no accepted or completed awards");
  }
});

test("an admin sets the 360Giving prefix, a bad format refused first, and puts it back", async ({ page }, testInfo) => {
  const value = `e2e-${testInfo.project.name}`;
  await signInAs(page.request, DEMO.admin);
  await page.goto("/admin");
  await page.getByRole("link", { name: "Change the 360Giving prefix" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Place settings");
  const prefix = page.getByLabel("360Giving prefix");
  const typedBefore = await prefix.inputValue();
  // What another run of this test left is not an original value.
  const original = typedBefore.startsWith("e2e-") ? "" : typedBefore;
  await expectAccessible(page);
  await ready(page);

  await prefix.fill("not valid!");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter the 360Giving prefix using letters, digits and dashes only");
  await expect(page).toHaveTitle(/^Error: /);
  await expect(prefix).toHaveValue("not valid!");
  await expectAccessible(page);

  await prefix.fill(`360G-${value}`);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("The place settings have been saved.")).toBeVisible();
  await expect(page.locator(".govuk-summary-list__row").filter({ hasText: "360Giving prefix" })).toContainText(/360G-e2e-/);

  // Put it back, so other tests see the place as it was.
  await page.goto("/admin/place");
  await ready(page);
  await page.getByLabel("360Giving prefix").fill(original);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/has been saved|have been saved/)).toBeVisible();
});
