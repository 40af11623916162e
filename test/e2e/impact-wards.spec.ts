// "Did the money follow need?" with JavaScript on and off: staff open the ward view from their
// home page, see the sentence, the bar chart (an image with a title) and the ward table, demo
// rounds left out (a notice says how many); tick "Include demo rounds" and see them in; clear, then
// filter to last year's decided demo round (choosing it counts it), then to one ward; change the measure of need to Mean gross
// disposable income and see the ranking follow it; download the table as a CSV. An axe scan of
// each view. Other specs change demo awards and wards in parallel, so this asserts structure,
// order and what a filter changes, not whole-database totals.
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { DEMO, expect, expectAccessible, signInAs, test } from "./fixtures";

const TOO_FEW =
  "Too few awards to say whether money followed need: \\d+ awards? in \\d+ ranked wards? with money, and it takes at least 10 awards in at least 5 wards\\.";
const SENTENCE = new RegExp(
  `^(The most deprived fifth of wards received .+ and the least deprived fifth [^:]+(: money (went|was spread) .+ \\(concentration index −?\\d\\.\\d\\d\\)\\.|\\. ${TOO_FEW})|Money .+\\(concentration index −?\\d\\.\\d\\d\\)\\.|${TOO_FEW}|No funding in (these )?wards yet\\.)$`,
);

/** The ward table's body rows as [ward, need value, need group, awarded], found by their headings (empty columns are left out). */
async function wardRows(page: Page) {
  const table = page.getByRole("table", { name: "Funding and need by ward" });
  const headings = (await table.locator("thead th").allInnerTexts()).map((h) => h.trim());
  const at = (test: (h: string) => boolean) => headings.findIndex(test);
  const need = at((h) => !["Ward", "Neighbourhood"].includes(h));
  const fifth = at((h) => h === "Need group (1 = most deprived fifth)");
  const awarded = at((h) => h === "Awarded");
  expect(Math.min(need, fifth, awarded)).toBeGreaterThan(0);
  const rows = table.locator("tbody tr");
  const out: { ward: string; need: string; fifth: string; awarded: string }[] = [];
  for (const row of await rows.all()) {
    const cells = await row.locator("th, td").allInnerTexts();
    out.push({
      ward: cells[0]!.trim(),
      need: cells[need]!.trim(),
      fifth: cells[fifth]!.trim(),
      awarded: cells[awarded]!.trim(),
    });
  }
  return out;
}

test("staff see whether the money followed need, filter it, change the measure and download it", async ({ page }) => {
  await signInAs(page.request, DEMO.staff);
  await page.goto("/staff");
  await page.getByRole("link", { name: "Did the money follow need? Funding by ward" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Did the money follow need?");
  await expect(page.locator("#need-sentence")).toHaveText(SENTENCE);
  const chart = page.getByRole("img", {
    name: /^Money awarded by ward \(to the nearest pound\), most deprived first \(by Social Progress Index score\)/,
  });
  await expect(chart).toBeVisible();
  await expect(chart.locator("title")).toHaveText(
    "Money awarded by ward (to the nearest pound), most deprived first (by Social Progress Index score)",
  );
  // Real headings before the chart, the map and the table.
  for (const name of ["Money awarded by ward", "Map of the money awarded by ward", "Funding and need by ward"])
    await expect(page.getByRole("heading", { level: 2, name, exact: true })).toBeVisible();
  await expect(page.locator("#chart-note")).toContainText("Amounts are to the nearest pound; the table has them to the penny.");
  await expect(
    page.getByRole("columnheader", {
      name: "Need group (1 = most deprived fifth)",
    }),
  ).toBeVisible();
  // The concentration index is explained once, in "How we count" (it prints), linked from the figures.
  await expect(page.getByRole("link", { name: "What is a concentration index?" })).toHaveAttribute("href", "#concentration-index");
  await expect(
    page.getByRole("heading", {
      level: 3,
      name: "What is a concentration index?",
    }),
  ).toBeVisible();
  // Demo rounds are left out, so with no other awards yet there may be no money in any ward.
  await expect(chart.locator("desc")).toContainText(/received the most|No ward has any money awarded yet/);
  await expect(chart.getByText("Most deprived fifth")).toHaveCount(1);
  let rows = await wardRows(page);
  expect(rows.length).toBeGreaterThanOrEqual(20);
  // Most deprived first by the index (higher is better): the ranked values rise down the table.
  const spi = rows.filter((r) => r.need !== "No value").map((r) => Number(r.need));
  expect(spi).toEqual([...spi].sort((a, b) => a - b));
  expect(rows[0]!.fifth).toBe("1 (most deprived)");
  await expect(page.getByRole("heading", { name: "How we count" })).toBeVisible();
  await expect(page.getByText(/Awards in demo rounds are left out, unless you tick/)).toBeVisible();
  // Demo rounds are left out by default: a notice says how many, with a link to include them.
  const notice = page.locator("#demo-left-out");
  await expect(notice).toHaveText(/^\d+ awards? in (a )?demo rounds? (is|are) left out\. Include demo rounds$/);
  await expect(notice.getByRole("link", { name: "Include demo rounds" })).toHaveAttribute("href", "/staff/impact/wards?demo=include");
  await expectAccessible(page);

  // Ticked: demo rounds are in, and the filters say so.
  await page.getByLabel(/^Include demo rounds/).check();
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/demo=include/);
  await expect(page.locator("#showing")).toContainText("All programmes, rounds, years and wards, demo rounds included.");
  await expect(notice).toHaveCount(0);
  await expect(page.getByLabel(/^Include demo rounds/)).toBeChecked();
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(notice).toBeVisible();

  // The demo round.
  const round = page.getByLabel("Round", { exact: true });
  const demoRound = await round
    .locator("option", {
      hasText: /^Collaboration Fund .*\(demo round, decided\)$/,
    })
    .first()
    .getAttribute("value");
  await round.selectOption(demoRound!);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`cycle=${demoRound}`));
  await expect(page.locator("#showing")).toContainText("(demo round, decided)");
  await expect(notice).toHaveCount(0);
  await expect(page.locator("#need-sentence")).toHaveText(SENTENCE);
  // Three awards: the figures, but too few to say whether money followed need.
  await expect(page.locator("#need-sentence")).toContainText("most deprived fifth");
  await expect(page.locator("#need-sentence")).toContainText("Too few awards to say whether money followed need");
  rows = await wardRows(page);
  // The demo round's three awards are in Biscot, Lewsey and Leagrave, Farley and South: money in some wards, £0 in the rest.
  const funded = rows.filter((r) => r.awarded !== "£0").map((r) => r.ward);
  expect(funded).toEqual(expect.arrayContaining(["Biscot", "Lewsey"]));
  expect(rows.filter((r) => r.awarded === "£0").length).toBeGreaterThan(10);
  await expect(chart.getByText("£0").first()).toBeVisible();
  await expect(chart.locator("desc")).toContainText("received the most");
  await expectAccessible(page);

  // Change the measure of need: the table ranks by income (lowest first) and says so.
  await page.getByLabel("Measure of need").selectOption({ label: "Mean gross disposable income" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/need=\d+/);
  await expect(page.locator("#showing")).toContainText("Need measured by Mean gross disposable income");
  await expect(
    page.getByRole("columnheader", {
      name: "Mean gross disposable income (£ thousand)",
    }),
  ).toBeVisible();
  await expect(page.getByRole("img", { name: /by Mean gross disposable income/ })).toBeVisible();
  await expect(page.locator("#need-sentence")).toHaveText(SENTENCE);
  rows = await wardRows(page);
  const income = rows.filter((r) => r.need !== "No value").map((r) => Number(r.need));
  expect(income).toEqual([...income].sort((a, b) => a - b));
  expect(income).not.toEqual(spi);
  await expect(page.getByLabel("Measure of need")).toHaveValue(/\d+/);
  await expectAccessible(page);

  // The CSV keeps the round and the measure.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download this table (CSV)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^funding-by-ward-\d{4}-\d{2}-\d{2}-with-demo-rounds\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  expect(csv).toContain("Need rank by Mean gross disposable income (1 = most deprived)");
  expect(csv).toContain("Awards in demo rounds");
  const csvWards = csv
    .replace(/^\uFEFF/, "")
    .split("\r\n")
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(",")[0]);
  expect(csvWards.slice(0, rows.length)).toEqual(rows.map((r) => r.ward));

  // One ward: only its row, and the filter is said in words.
  await page.getByLabel("Ward", { exact: true }).selectOption({ label: "Lewsey" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/ward=\d+/);
  await expect(page.locator("#showing")).toContainText("in Lewsey");
  rows = await wardRows(page);
  expect(rows.map((r) => r.ward)).toEqual(["Lewsey"]);
  expect(rows[0]!.awarded).not.toBe("£0");
  // The fifths' shares are about the whole place: not given for one ward, and the page says why.
  await expect(page.locator("#need-sentence")).not.toContainText("most deprived fifth");
  await expect(page.locator(".govuk-summary-list")).toContainText("Not shown with a ward or neighbourhood filter");
  await expect(
    page.getByRole("columnheader", {
      name: "Mean gross disposable income (£ thousand)",
    }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "Impact against the Marmot principles" })).toHaveAttribute(
    "href",
    new RegExp(`^/staff/impact\\?cycle=${demoRound}&ward=\\d+$`),
  );
  await expectAccessible(page);

  // Clear filters goes back to every ward, ranked by the default measure.
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page.locator("#showing")).toContainText("All programmes, rounds, years and wards. Need measured by Social Progress Index score");
});
