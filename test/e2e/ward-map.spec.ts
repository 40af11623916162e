// The ward map, with JavaScript on and off: staff open "Ward boundaries" from the wards page, send
// the form with no file (an error), upload the small synthetic boundaries file
// (test/fixtures/boundaries, NOT real boundaries), see what it matched and ignored; then "Did the
// money follow need?" for last year's decided demo round shows a map (an image with a title and
// a description) whose wards each have their own title with the money. An axe scan of each view.
// Other specs change ward codes and demo awards in parallel (a ward given a code is matched by it
// only), so this asserts what is stable: the wards with no code, the structure, not amounts.
import path from "node:path";
import { DEMO, expect, expectAccessible, ready, signInAs, test } from "./fixtures";

const FILE = path.resolve("test/fixtures/boundaries/luton-wards-test.geojson");

test("staff load ward boundaries and see the money on a ward map", async ({ page }) => {
  await signInAs(page.request, DEMO.staff);
  await page.goto("/staff/wards");
  await page.getByRole("link", { name: "Load ward boundaries for the map" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ward boundaries");
  await expect(page.getByRole("heading", { name: "Where to get the file" })).toBeVisible();
  await expect(page.getByText(/Wards Boundaries UK BGC/).first()).toBeVisible();
  await expectAccessible(page);

  // No file chosen: the error summary and the message by the field.
  await ready(page);
  await page.getByRole("button", { name: "Upload boundaries" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toContainText("There is a problem");
  await expect(
    summary.getByRole("link", {
      name: "Select a GeoJSON file of ward boundaries",
    }),
  ).toBeVisible();
  await expect(page.locator("#file-error")).toContainText("Select a GeoJSON file of ward boundaries");
  await expectAccessible(page);

  await page.getByLabel("Upload a GeoJSON file of ward boundaries").setInputFiles(FILE);
  await page.getByRole("button", { name: "Upload boundaries" }).click();
  // Five wards in the file are the place's (one may have been given a code by another spec); one is elsewhere.
  await expect(page.locator("#boundaries-result")).toHaveText(
    /^[45] wards matched \((\d new or changed|no change: the same boundaries were already loaded)\)\.$/,
  );
  // Westminster is elsewhere; Dallow too once staff.spec (in parallel) has given it a code the file does not have.
  await expect(page.getByText(/^[12] features? for wards elsewhere ignored\.$/)).toBeVisible();
  await expect(page.locator("#boundaries-missing")).toContainText("Lewsey");
  await expect(page.locator("#boundaries-missing")).not.toContainText("Biscot");
  await expect(page.locator("#boundaries-status")).toHaveText(/^\d+ of \d+ wards have a boundary\. Without one: .*Lewsey/);
  await expect(page.locator(".govuk-error-summary")).toHaveCount(0);
  await expectAccessible(page);

  // The ward view, for last year's decided demo round: the map, beside the bar chart and table.
  await page.goto("/staff/impact/wards");
  await ready(page);
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
  const map = page.getByRole("img", {
    name: /^Map of the money awarded by ward/,
  });
  await expect(map).toBeVisible();
  await expect(map.locator(":scope > title")).toHaveText("Map of the money awarded by ward");
  await expect(map.locator(":scope > desc")).toHaveText(
    /^Money awarded by ward, (shaded from £0 \(lightest\) to £[\d,]+(\.\d\d)? \(darkest\)\. Most money went to .+\.|no ward has any money awarded yet.*)$/,
  );
  const titles = await map.locator("path > title").allTextContents();
  for (const ward of ["Biscot", "Farley", "High Town", "South"])
    expect(titles.some((t) => new RegExp(`^${ward}: £[\\d,]+(\\.\\d\\d)?$`).test(t))).toBe(true);
  expect(titles.some((t) => t.startsWith("Westminster"))).toBe(false);
  // The key says the classes in words, exact to the penny, the darkest ending at the largest amount, and names the wards in each.
  await expect(page.locator(".app-ward-map__key").first()).toHaveText(/^£0 \(lightest\): \d+ wards?( \(.+\))?$/);
  const top = await page.locator(".app-ward-map__key").last().innerText();
  expect(top).toMatch(/^more than £[\d,.]+ to £[\d,.]+ \(darkest\): [1-9]\d* wards? \(.+\)$/);
  const largest = /to (£[\d,.]+) \(darkest\)/.exec(top)![1]!;
  await expect(map.locator(":scope > desc")).toContainText(`to ${largest} (darkest)`);
  await expect(page.getByText(/^Not on the map \(no boundary loaded\): .*Lewsey/)).toBeVisible();
  // The same numbers are in the table.
  await expect(page.getByRole("table", { name: "Funding and need by ward" }).getByRole("row", { name: /^Farley/ })).toBeVisible();
  await expectAccessible(page);
});
