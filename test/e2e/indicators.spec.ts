// Staff keep the indicators current: add an indicator for principle 7 with its Fingertips ID,
// upload a Fingertips file for it, check the preview (a skipped unknown area), import it, see
// the values; then enter a value by hand (an error first). JavaScript on and off; axe on each page.
import { DEMO, expect, expectAccessible, ready, signInAs, test } from "./fixtures";

const HEADER =
  "Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Lower CI 99.8 limit,Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,Compared to England value or percentiles,Compared to Region value or percentiles,Time period Sortable,New data,Compared to goal";

/** A Fingertips export for one indicator: England, Luton (a value and a gap) and Slough (not in the portal). */
function fingertipsFile(id: number, name: string) {
  const row = (code: string, area: string, type: string, period: string, value: string, note: string) =>
    [id, `"${name}, persons"`, "", "", code, area, `"${type}"`, "Persons", "All ages", "", "", period, value, "", "", "", "", "", "", `"${note}"`, "", "", "", `${period}0000`, "", ""].join(",");
  const lines = [
    HEADER,
    row("E92000001", "England", "England", "2022", "10.5", ""),
    row("E06000032", "Luton", "Counties & UAs (from Apr 2023)", "2022", "12.25", ""),
    row("E06000032", "Luton", "Counties & UAs (from Apr 2023)", "2021", "", "Suppressed: small numbers"),
    row("E06000039", "Slough", "Counties & UAs (from Apr 2023)", "2022", "11", ""),
  ];
  return Buffer.from("\ufeff" + lines.join("\r\n") + "\r\n", "utf8");
}

/** A Fingertips ID no other test (or the other JavaScript project) uses. */
const uniqueId = () => 100_000_000 + ((Date.now() % 800_000_000) + Math.floor(Math.random() * 99_999_999));

test("staff add an indicator for principle 7, import a Fingertips file for it, and enter a value by hand", async ({ page }) => {
  const fingertipsId = uniqueId();
  const name = `Reported discrimination ${fingertipsId}`;
  await signInAs(page.request, DEMO.staff);

  await page.goto("/staff");
  await page.getByRole("link", { name: "Indicators and Fingertips imports" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Indicators");
  // Every principle has its section. (Whether principle 8 is still empty depends on the specs
  // running alongside, which add indicators to it: the empty state is tested in indicators.test.ts.)
  await expect(page.getByRole("heading", { name: /^Principle 8:/ })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Add an indicator", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Add an indicator");
  await expectAccessible(page);
  await ready(page);
  // A principle's indicator with no principle: refused.
  await page.getByLabel("Name").fill(name);
  await page.getByRole("radio", { name: "A Marmot principle's indicator" }).check();
  await page.getByRole("radio", { name: "Lower is better" }).check();
  await page.getByRole("button", { name: "Add indicator" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Select at least one principle the indicator belongs to");
  await expect(page).toHaveTitle(/^Error: Add an indicator/);
  await expect(page.getByLabel("Name")).toHaveValue(name);
  await expectAccessible(page);

  await page.getByRole("checkbox", { name: /^7\. Tackle discrimination/ }).check();
  await page.getByLabel("Unit (optional)").fill("%");
  await page.getByLabel("Fingertips indicator ID (optional)").fill(String(fingertipsId));
  await page.getByLabel("Source (optional)").fill("OHID Fingertips");
  await page.getByRole("button", { name: "Add indicator" }).click();
  await expect(page.getByText("The indicator has been added.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  await expect(page.getByText("7. Tackle discrimination")).toBeVisible();
  await expect(page.getByText("There are no values yet.")).toBeVisible();
  const indicatorUrl = page.url().replace(/\?.*$/, "");
  await expectAccessible(page);

  // Upload a Fingertips file: a preview first, nothing saved.
  await page.goto("/staff/indicators");
  await page.getByRole("link", { name: "Import a Fingertips file" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import a Fingertips file");
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("Upload a Fingertips file").setInputFiles({ name: "fingertips-export.csv", mimeType: "text/csv", buffer: fingertipsFile(fingertipsId, name) });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check the file before importing it");
  await expect(page.getByText("Nothing has been saved yet.")).toBeVisible();
  await expect(page.getByRole("row", { name: /^New values/ })).toContainText("3");
  await expect(page.getByRole("row", { name: /^Skipped rows/ })).toContainText("1");
  await expect(page.getByRole("row", { name: /^Of the new, changed and unchanged values, blank/ })).toContainText("1");
  const slough = page.getByRole("table", { name: "Areas the portal does not know" }).getByRole("row", { name: /Slough/ });
  await expect(slough).toContainText("E06000039");
  await expect(slough).toContainText("5");
  await expectAccessible(page);
  await ready(page);
  await page.getByRole("button", { name: "Import these values" }).click();
  await expect(page.getByText("The values have been imported.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import report");
  await expect(page.getByRole("button", { name: "Import these values" })).toHaveCount(0);
  await expectAccessible(page);

  await page.getByRole("link", { name }).click();
  await expect(page).toHaveURL(indicatorUrl);
  const luton2022 = page.getByRole("row").filter({ hasText: "Luton" }).filter({ hasText: "2022" });
  await expect(luton2022).toContainText("12.25%");
  await expect(luton2022).toContainText("OHID Fingertips");
  await expect(page.getByRole("row").filter({ hasText: "Luton" }).filter({ hasText: "2021" })).toContainText("No value: Suppressed: small numbers");
  await expect(page.getByRole("row").filter({ hasText: "England" }).filter({ hasText: "2022" })).toContainText("10.5%");
  await expect(page.getByRole("row").filter({ hasText: "Slough" })).toHaveCount(0);
  await expectAccessible(page);

  // By hand: a blank value needs a note.
  await page.getByRole("link", { name: "Enter a value" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Enter a value");
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("Area").selectOption({ label: "Biscot (ward)" });
  await page.getByLabel("Time period").fill("2023");
  await page.getByLabel("Source").fill("Ward survey 2023");
  await page.getByRole("button", { name: "Save value" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Say why there is no value, or enter the value");
  await expect(page).toHaveTitle(/^Error: Enter a value/);
  await expect(page.getByLabel("Time period")).toHaveValue("2023");
  await expectAccessible(page);
  await page.getByLabel(/^Value/).fill("9.5");
  await page.getByRole("button", { name: "Save value" }).click();
  await expect(page.getByText("The value has been saved.")).toBeVisible();
  const biscot = page.getByRole("table", { name: /^Wards/ }).getByRole("row").filter({ hasText: "Biscot" });
  await expect(biscot).toContainText("2023");
  await expect(biscot).toContainText("9.5%");
  await expect(biscot).toContainText("Ward survey 2023");

  // The list shows its latest Luton and England values under principle 7.
  await page.goto("/staff/indicators");
  const row = page.locator("section").filter({ has: page.getByRole("heading", { name: /^Principle 7:/ }) }).getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("12.25%");
  await expect(row).toContainText("10.5%");
  // Luton's life expectancy is published only by sex and deprivation group: no subgroup is shown as Luton's figure.
  const life = page.locator("section").filter({ has: page.getByRole("heading", { name: "Overarching indicators" }) }).getByRole("row", { name: /^Life expectancy/ });
  await expect(life).toContainText("No headline figure (values by sex or group only)");
  await expect(life).not.toContainText("Least deprived");
});

test("a file without the Fingertips columns is refused, and a preview can be discarded", async ({ page }) => {
  await signInAs(page.request, DEMO.staff);
  await page.goto("/staff/indicators/import");
  await ready(page);
  // No file chosen at all.
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Select a Fingertips CSV file");
  await page.getByLabel("Upload a Fingertips file").setInputFiles({ name: "not-fingertips.csv", mimeType: "text/csv", buffer: Buffer.from("Name,Score\nA,1\n") });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("The file is missing these columns: Indicator ID, Indicator Name");
  await expect(page).toHaveTitle(/^Error: Import a Fingertips file/);
  await expectAccessible(page);


  const id = uniqueId();
  await page.getByLabel("Upload a Fingertips file").setInputFiles({ name: "unknown.csv", mimeType: "text/csv", buffer: fingertipsFile(id, `Not in the portal ${id}`) });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check the file before importing it");
  await expect(page.getByRole("table", { name: /^Indicators not in the portal/ })).toContainText(String(id));
  await ready(page);
  await page.getByRole("button", { name: "Discard this file" }).click();
  await expect(page.getByText("The file has been discarded. Nothing was imported.")).toBeVisible();
  await expect(page.getByText("Discarded", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Import these values" })).toHaveCount(0);
  await expectAccessible(page);
  // Sent again (an old tab): refused, and it says so.
  const again = await page.request.post(page.url().replace(/\?.*$/, ""), { form: { intent: "import" }, maxRedirects: 0 });
  expect(again.status()).toBe(409);
  expect(await again.text()).toContain("This file was discarded, so it cannot be imported.");

  await page.goto("/staff/indicator-imports");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Past imports");
  await expectAccessible(page);
});
