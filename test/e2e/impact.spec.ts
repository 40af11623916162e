// Impact against the Marmot principles, with JavaScript on and off: staff open it from their
// home page and see the principle table with its total, demo rounds left out (a notice says how
// many, with a link to include them); tick "Include demo rounds" and see them counted; clear, then
// filter to last year's decided demo round (choosing it counts it)
// (Lewsey Walking Friends counts under its main principle, 6, and the boxing club under 2 while
// also working towards 6), then to a principle, then to a ward (only Lewsey's share); download the
// table as CSV; see a trend chart (an image with a title and a description, and its numbers in a
// table, a missing value shown as missing); and print: the filters and menus are left out. An
// axe scan of each view. Other specs change awards in parallel, so this asserts the demo round's
// rows and what a filter changes, not whole-database totals.
//
// The trend chart's indicator is made here, straight in the test database (its own name per
// run), because no seeded indicator has an England series: the indicators pages are tested in
// their own spec.
import fs from "node:fs";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Page } from "@playwright/test";
import * as schema from "../../db/schema";
import { DEMO, expect, expectAccessible, signInAs, test } from "./fixtures";

const DATABASE_PATH = "test-results/e2e-db/portal.sqlite";
const PRINCIPLE_6 = "6. Strengthen the role and impact of ill-health prevention";
const PRINCIPLE_8 = "8. Pursue environmental sustainability and health equity together";

/** An indicator of principle 8 with Luton and England values over four years, Luton's 2020 missing. */
function trendIndicator(name: string) {
  const sqlite = new Database(DATABASE_PATH);
  sqlite.pragma("busy_timeout = 5000");
  try {
    const db = drizzle(sqlite, { schema });
    db.transaction(
      (tx) => {
        const area = (kind: "local_authority" | "country") =>
          tx.select().from(schema.areas).where(eq(schema.areas.kind, kind)).orderBy(schema.areas.sortOrder, schema.areas.id).get()!.id;
        const principle = tx.select().from(schema.principles).where(eq(schema.principles.number, 8)).get()!.id;
        const { id } = tx
          .insert(schema.indicators)
          .values({ kind: "principle", name, unit: "%", polarity: "lower_is_better", source: "Made by the impact browser test" })
          .returning()
          .get();
        tx.insert(schema.indicatorPrinciples).values({ indicatorId: id, principleId: principle }).run();
        const luton = area("local_authority");
        const england = area("country");
        for (const [year, l, e] of [
          [2019, 20.5, 19],
          [2020, null, 18.6],
          [2021, 18, 18.2],
          [2022, 17.2, 18],
        ] as const) {
          for (const [areaId, value] of [
            [luton, l],
            [england, e],
          ] as const)
            tx.insert(schema.indicatorValues)
              .values({ indicatorId: id, areaId, period: String(year), periodSortable: year * 10000, value })
              .run();
        }
      },
      { behavior: "immediate" }
    );
  } finally {
    sqlite.close();
  }
}

/** The principle table's body rows, by principle: [awards, also works towards, awarded, paid]. */
async function principleRows(page: Page) {
  const table = page.getByRole("table", { name: "Awards by main Marmot principle" });
  const out: Record<string, { awards: string; also: string; awarded: string; paid: string }> = {};
  for (const row of await table.locator("tbody tr").all()) {
    const cells = (await row.locator("th, td").allInnerTexts()).map((c) => c.trim());
    out[cells[0]!] = { awards: cells[1]!, also: cells[2]!, awarded: cells[3]!, paid: cells[4]! };
  }
  return out;
}

async function apply(page: Page) {
  await page.getByRole("button", { name: "Apply filters" }).click();
}

test("staff see impact by Marmot principle, filter it, download it, read a trend and print it", async ({ page }) => {
  const indicator = `Impact test trend ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  trendIndicator(indicator);
  await signInAs(page.request, DEMO.staff);
  await page.goto("/staff");
  await page.getByRole("link", { name: "Impact against the Marmot principles" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Impact against the Marmot principles");
  await expect(page.locator("#showing")).toHaveText("Showing: All programmes, rounds, years and wards");
  let rows = await principleRows(page);
  expect(Object.keys(rows)).toHaveLength(8);
  expect(Object.keys(rows)[0]).toBe("1. Give every child the best start in life");
  const table = page.getByRole("table", { name: "Awards by main Marmot principle" });
  await expect(table.locator("tfoot th")).toHaveText("Total");
  await expect(page.getByRole("heading", { name: "How we count" })).toBeVisible();
  await expect(page.getByText(/shared between them by the number of people its latest accepted return says it reached/)).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Overarching indicators" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "Healthy life expectancy, females" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /^Principle 8: / })).toBeVisible();
  await expect(page.getByText(/^Choosing a principle shows every award that works towards it, as its main principle or as well;/)).toBeVisible();
  // Principles 1 and 2 share the APHR indicators: shown under principle 1, pointed to from principle 2.
  await expect(page.locator("#principle-2").getByRole("link", { name: "Principle 1 above" }).first()).toHaveAttribute("href", "#principle-1");
  await expect(
    page
      .locator("#principle-2")
      .getByText(/^Principles 1 and 2 share these indicators: see Principle 1 above\.$|^Also for this principle, shown above:$/)
  ).toBeVisible();
  // The wide table scrolls in its own box (a keyboard can reach it): the page does not scroll sideways on a phone.
  const scroller = page.getByRole("region", { name: "Awards by main Marmot principle" });
  await expect(scroller).toHaveAttribute("tabindex", "0");
  await page.setViewportSize({ width: 375, height: 800 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.setViewportSize({ width: 1280, height: 720 });
  // Demo rounds are left out by default: none counted, and a notice says how many, with a link to include them.
  const notice = page.locator("#demo-left-out");
  await expect(notice).toHaveText(/^\d+ awards? in (a )?demo rounds? (is|are) left out\. Include demo rounds$/);
  await expect(notice.getByRole("link", { name: "Include demo rounds" })).toHaveAttribute("href", "/staff/impact?demo=include");
  await expect(page.getByText(/Includes \d+ awards? in demo rounds/)).toHaveCount(0);
  await expect(page.getByText(/Awards in demo rounds are left out, unless you tick/)).toBeVisible();
  await expectAccessible(page);

  // Ticked: demo rounds are counted, and the summary says how many.
  await page.getByLabel(/^Include demo rounds/).check();
  await apply(page);
  await expect(page).toHaveURL(/demo=include/);
  await expect(page.locator("#showing")).toHaveText("Showing: All programmes, rounds, years and wards, demo rounds included");
  await expect(page.getByText(/Includes \d+ awards? in demo rounds: not real funding/)).toBeVisible();
  await expect(notice).toHaveCount(0);
  await expect(page.getByLabel(/^Include demo rounds/)).toBeChecked();
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(notice).toBeVisible();

  // The demo round: Lewsey Walking Friends under principle 6, the boxing club under 2 (and also towards 6).
  const round = page.getByLabel("Round", { exact: true });
  const demoRound = await round
    .locator("option", { hasText: /^Collaboration Fund .*\(demo round, decided\)$/ })
    .first()
    .getAttribute("value");
  await round.selectOption(demoRound!);
  await apply(page);
  await expect(page).toHaveURL(new RegExp(`cycle=${demoRound}`));
  await expect(page.locator("#showing")).toContainText("(demo round, decided)");
  rows = await principleRows(page);
  expect(rows[PRINCIPLE_6]).toMatchObject({ awards: "1", also: "1", awarded: "£4,500" });
  expect(rows["2. Enable all children, young people and adults to maximise their capabilities and have control over their lives"]).toMatchObject({
    awards: "1",
    awarded: "£7,500",
  });
  expect(rows["7. Tackle discrimination, racism and their outcomes"]).toMatchObject({ awards: "0", awarded: "£0" });
  // Choosing a demo round is asking for it: counted without ticking the box, and no notice.
  await expect(page.getByText(/Includes \d+ awards? in demo rounds/)).toBeVisible();
  await expect(notice).toHaveCount(0);
  await expect(page.getByLabel(/^Include demo rounds/)).not.toBeChecked();
  await expectAccessible(page);

  // The CSV keeps the round, and its name says demo rounds are in it.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download this table (CSV)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^impact-by-principle-\d{4}-\d{2}-\d{2}-with-demo-rounds\.csv$/);
  const csv = fs
    .readFileSync((await download.path())!, "utf8")
    .replace(/^\uFEFF/, "")
    .split("\r\n");
  expect(csv[0]).toBe(
    "Principle number,Principle,Awards (main principle),Also works towards,Awarded (£),Paid (£),People reached,Targets set,Targets met,Targets not reported yet,Wards reached,Awards with an accepted return,Offers not accepted yet,Awards in demo rounds"
  );
  expect(csv.find((line) => line.startsWith("6,"))).toMatch(/^6,Strengthen the role and impact of ill-health prevention,1,1,4500,/);
  expect(csv.some((line) => line.startsWith(",Total,"))).toBe(true);

  // A principle: the awards working towards it, each under its main principle; only its own indicators.
  await page.getByLabel("Marmot principle", { exact: true }).selectOption({ label: PRINCIPLE_6 });
  await apply(page);
  await expect(page.locator("#showing")).toContainText("principle 6");
  rows = await principleRows(page);
  expect(rows[PRINCIPLE_6]).toMatchObject({ awards: "1", awarded: "£4,500" });
  expect(rows["1. Give every child the best start in life"]).toMatchObject({ awards: "0" });
  await expect(page.getByRole("heading", { level: 2, name: /^Principle 6: / })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /^Principle 1: / })).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 3, name: "Smoking prevalence (% adults 18+)" })).toBeVisible();
  await expect(page.locator("#principle-note")).toHaveText(
    "These figures are every award that works towards principle 6, as its main principle or as well; in the table each is still counted in its main principle’s row."
  );

  // A ward: only the part of the walks in Lewsey (46 of the 64 people reached by ward).
  await page.getByLabel("Ward", { exact: true }).selectOption({ label: "Lewsey" });
  await apply(page);
  await expect(page.locator("#showing")).toContainText("in Lewsey");
  rows = await principleRows(page);
  expect(rows[PRINCIPLE_6]!.awards).toBe("1");
  expect(rows[PRINCIPLE_6]!.awarded).toMatch(/^£3,234\.\d\d$/);
  expect(rows["2. Enable all children, young people and adults to maximise their capabilities and have control over their lives"]).toMatchObject({
    awards: "0",
  });
  await expect(page.getByRole("link", { name: "Did the money follow need? Funding by ward" })).toHaveAttribute(
    "href",
    new RegExp(`^/staff/impact/wards\\?cycle=${demoRound}&principle=\\d+&ward=\\d+$`)
  );
  await expectAccessible(page);

  // A trend: the indicator made above, under principle 8.
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page.locator("#showing")).toHaveText("Showing: All programmes, rounds, years and wards");
  await page.getByLabel("Marmot principle", { exact: true }).selectOption({ label: PRINCIPLE_8 });
  await apply(page);
  const block = page.locator(".app-indicator", { has: page.getByRole("heading", { level: 3, name: indicator }) });
  await expect(block).toHaveCount(1);
  await expect(block.getByText("Luton compared with England (2022): Lower than England, where lower is better")).toBeVisible();
  await expect(block.getByRole("table", { name: `${indicator} (%): latest figures` })).toContainText("17.2");
  const chart = block.getByRole("img", { name: new RegExp(`^${indicator} \\(%\\): trend`) });
  await expect(chart).toBeVisible();
  await expect(chart.locator("title")).toHaveText(`${indicator} (%): trend`);
  await expect(chart.locator("desc")).toHaveText("Luton fell from 20.5% in 2019 to 17.2% in 2022; England fell from 19% in 2019 to 18% in 2022.");
  // Luton's 2020 is missing: its 2019 point stands alone, a line joins 2021 and 2022; England's line is whole.
  await expect(chart.locator("polyline")).toHaveCount(2);
  await expect(chart.locator("circle")).toHaveCount(3);
  const numbers = block.getByRole("table", { name: `${indicator} (%): figures by period` });
  await expect(numbers.getByRole("row", { name: /^2020/ })).toHaveText(/2020\s*No data\s*18\.6/);
  await expect(numbers.getByRole("row", { name: /^2022/ })).toHaveText(/2022\s*17\.2\s*18/);
  await expectAccessible(page);

  // Printed: the heading, the filters in words, the table and chart; no filter form, menus or buttons.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator("#showing")).toContainText("principle 8");
  await expect(table).toBeVisible();
  await expect(chart).toBeVisible();
  await expect(page.getByRole("button", { name: "Apply filters" })).toBeHidden();
  await expect(page.getByLabel("Round", { exact: true })).toBeHidden();
  await expect(page.locator(".govuk-service-navigation")).toBeHidden();
  await expect(page.locator(".govuk-footer")).toBeHidden();
  await expect(page.getByRole("link", { name: "Download this table (CSV)" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Print this page" })).toBeHidden();
  // On A4 (about 700px inside the margins) the whole table fits: its last column is not cut off.
  await page.setViewportSize({ width: 700, height: 1000 });
  const fit = await page.evaluate(() => {
    const box = document.querySelector(".app-rollup-scroll")!;
    const last = document.querySelector(".app-rollup-table thead th:last-child")!.getBoundingClientRect();
    return { right: last.right, page: document.documentElement.clientWidth, clipped: box.scrollWidth > box.clientWidth };
  });
  expect(fit.clipped).toBe(false);
  expect(fit.right).toBeLessThanOrEqual(fit.page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ media: "screen" });
  await expect(page.getByRole("button", { name: "Apply filters" })).toBeVisible();
});
