// The impact journey end to end, through the pages only, with JavaScript on and off: staff
// add an indicator for principle 8 with its Fingertips ID, import a Fingertips export for it
// (Luton, England, the East of England and the statistical neighbours over three years, with a
// gap), and the roll-up for principle 8 then shows those figures compared and as a trend; the
// ward view answers "did the money follow need?" for the demo round; and the open data page
// gives that round's grants as 360Giving JSON. An axe scan of each page on the way.
import { DEMO, expect, expectAccessible, ready, signInAs, test } from "./fixtures";

test.use({ actionTimeout: 15_000 });

const HEADER =
  "Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Lower CI 99.8 limit,Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,Compared to England value or percentiles,Compared to Region value or percentiles,Time period Sortable,New data,Compared to goal";
const PRINCIPLE_8 = "8. Pursue environmental sustainability and health equity together";

function exportFor(id: number, name: string) {
  const row = (code: string, area: string, type: string, year: number, value: string, note = "") =>
    [id, `"${name}"`, "E92000001", "England", code, `"${area}"`, `"${type}"`, "Persons", "All ages", "", "", `${year}/${String(year + 1).slice(2)}`, value, "", "", "", "", "", "", `"${note}"`, "", "", "", `${year}0000`, "", ""].join(",");
  const lines = [HEADER];
  const series: [string, string, string, string[]][] = [
    ["E06000032", "Luton", "Counties & UAs (from Apr 2023)", ["31.5", "", "28.25"]],
    ["E92000001", "England", "England", ["25", "24.5", "24"]],
    ["E12000006", "East of England region", "Regions", ["22", "21.5", "21"]],
    ["", "Luton's statistical neighbours", "Statistical neighbours", ["29", "28", "27.5"]],
  ];
  for (const [code, area, type, values] of series)
    values.forEach((value, i) => lines.push(row(code, area, type, 2020 + i, value, value ? "" : "Not published this year")));
  return Buffer.from("\ufeff" + lines.join("\r\n") + "\r\n", "utf8");
}

test("staff import Fingertips figures for a principle, read them on the roll-up, see where money went, and take the open data", async ({ page }) => {
  const fingertipsId = 300_000_000 + ((Date.now() % 500_000_000) + Math.floor(Math.random() * 9_999_999));
  const name = `Households with green space nearby ${fingertipsId}`;
  await signInAs(page.request, DEMO.staff);

  // An indicator for principle 8, which has none to start with.
  await page.goto("/staff/indicators/new");
  await ready(page);
  await page.getByLabel("Name").fill(name);
  await page.getByRole("radio", { name: "A Marmot principle's indicator" }).check();
  await page.getByRole("checkbox", { name: /^8\. Pursue environmental/ }).check();
  await page.getByRole("radio", { name: "Higher is better" }).check();
  await page.getByLabel("Unit (optional)").fill("%");
  await page.getByLabel("Fingertips indicator ID (optional)").fill(String(fingertipsId));
  await page.getByRole("button", { name: "Add indicator" }).click();
  await expect(page.getByText("The indicator has been added.")).toBeVisible();

  // Its Fingertips export: previewed, then imported.
  await page.goto("/staff/indicators/import");
  await ready(page);
  await page.getByLabel("Upload a Fingertips file").setInputFiles({ name: "green-space.csv", mimeType: "text/csv", buffer: exportFor(fingertipsId, name) });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check the file before importing it");
  await expect(page.getByRole("row", { name: /^New values/ })).toContainText("12");
  await expect(page.getByRole("row", { name: /^Of the new, changed and unchanged values, blank/ })).toContainText("1");
  await expectAccessible(page);
  await ready(page);
  await page.getByRole("button", { name: "Import these values" }).click();
  await expect(page.getByText("The values have been imported.")).toBeVisible();

  // The roll-up for principle 8: Luton beside its neighbours, the region and England, and a trend.
  await page.goto("/staff/impact");
  await ready(page);
  await page.getByLabel("Marmot principle", { exact: true }).selectOption({ label: PRINCIPLE_8 });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.locator("#showing")).toContainText("principle 8");
  const block = page.locator(".app-indicator", { has: page.getByRole("heading", { level: 3, name }) });
  const latest = block.getByRole("table", { name: `${name} (%): latest figures` });
  await expect(latest.getByRole("row", { name: /^Luton / })).toContainText("28.25");
  await expect(latest.getByRole("row", { name: /^Luton's statistical neighbours/ })).toContainText("27.5");
  await expect(latest.getByRole("row", { name: /^East of England/ })).toContainText("21");
  await expect(latest.getByRole("row", { name: /^England/ })).toContainText("24");
  await expect(block.getByText(/Luton compared with England \(2022\/23\): Higher than England, where higher is better/)).toBeVisible();
  const chart = block.getByRole("img", { name: new RegExp(`^${name} \\(%\\): trend`) });
  await expect(chart).toBeVisible();
  // The missing year stays missing in the numbers beside the chart, never zero.
  const byPeriod = block.getByRole("table", { name: `${name} (%): figures by period` });
  await expect(byPeriod.getByRole("row", { name: /^2021\/22/ })).toContainText("No data");
  await expectAccessible(page);

  // Where the demo round's money went, against need.
  await page.goto("/staff/impact/wards");
  await ready(page);
  const round = page.getByLabel("Round", { exact: true });
  const demoRound = await round.locator("option", { hasText: "demo round, decided" }).first().getAttribute("value");
  await round.selectOption(demoRound!);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.locator("#need-sentence")).toContainText("most deprived fifth");
  await expect(page.getByRole("table", { name: "Funding and need by ward" }).getByRole("row", { name: /^Lewsey/ })).toContainText("£");
  await expectAccessible(page);

  // And the same awards as open data.
  const json = await page.request.get("/staff/open-data/360giving.json?demo=include");
  expect(json.status()).toBe(200);
  const data = (await json.json()) as { grants: { id: string; recipientOrganization: { name: string }[] }[] };
  expect(data.grants.some((g) => g.recipientOrganization[0]!.name.startsWith("Lewsey Walking Friends"))).toBe(true);
  for (const g of data.grants) expect(g.id).toMatch(/^360G-/);
});
