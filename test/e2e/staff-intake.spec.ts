// Staff intake: a round's applications, filtered; one application whole; the eligibility check;
// returning an application for changes; the CSV export, with a title that looks like a formula
// written as text; the round's rules. JavaScript on and off, an axe scan of each page. Tests
// that change an application use one made here, never the demo one.
import fs from "node:fs";
import type { APIRequestContext, Page } from "@playwright/test";
import { DEMO, draftApplication, expect, expectAccessible, ready, signInAs, test, waitForEmail } from "./fixtures";

const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

/** The value of the radio or checkbox labelled `label` on a page's HTML. */
function choiceValue(html: string, label: string): string {
  const id = html.match(new RegExp(`<label[^>]*for="([^"]+)"[^>]*>${label.replace(/[.()]/g, "\\$&")}</label>`))?.[1];
  const input = id ? html.match(new RegExp(`<input[^>]*id="${id}"[^>]*>`))?.[0] : undefined;
  const value = input?.match(/value="([^"]*)"/)?.[1];
  if (!value) throw new Error(`No choice labelled "${label}"`);
  return value;
}

/** Saves one page of the application as its form would: with the `seen` fingerprint it showed. */
async function save(request: APIRequestContext, url: string, form: Record<string, string> | string) {
  const html = await (await request.get(url)).text();
  const seen = html.match(/name="seen" value="([^"]*)"/)?.[1] ?? "";
  const response =
    typeof form === "string"
      ? await request.post(url, {
          data: `${form}&seen=${encodeURIComponent(seen)}`,
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          maxRedirects: 0,
        })
      : await request.post(url, { form: { intent: "continue", seen, ...form }, maxRedirects: 0 });
  expect(response.status(), `${url}: ${response.status() === 302 ? "" : (await response.text()).slice(0, 2000)}`).toBe(302);
  return html;
}

/**
 * A Prize application made and submitted through the applicant's own pages (over HTTP: the
 * applicant journey has its own browser tests). Leaves `request` signed in as the applicant.
 */
async function submittedPrizeApplication(request: APIRequestContext, title: string) {
  const made = await draftApplication(request, "prize");
  const base = `/applications/${made.applicationId}`;
  await save(request, `${base}/about`, { title, summary: "Paid work for young carers in our shop." });
  await save(request, `${base}/description`, { description: "Young carers work paid shifts in our shop, with a mentor." });
  await save(request, `${base}/dates`, { startDay: "1", startMonth: "4", startYear: "2030", endDay: "31", endMonth: "3", endYear: "2031" });
  const principles = await (await request.get(`${base}/principles`)).text();
  const fairWork = choiceValue(principles, "3. Create fair employment and good work for all");
  await save(request, `${base}/principles`, { primary: fairWork });
  await save(request, `${base}/principles-how`, { [`how_${fairWork}`]: "Paid shifts at the real living wage." });
  const areas = await (await request.get(`${base}/areas`)).text();
  await save(request, `${base}/areas`, { areas: choiceValue(areas, "Wigmore ward") });
  const groups = await (await request.get(`${base}/groups`)).text();
  await save(request, `${base}/groups`, { groups: choiceValue(groups, "Carers"), peopleReached: "12" });
  await save(request, `${base}/budget`, { intent: "add", item: "Wages", cost: "3000" });
  await save(request, `${base}/budget`, {});
  await save(request, `${base}/other-funding`, {});
  await save(request, `${base}/amount`, { amount: "2500" });
  await save(request, `${base}/outcomes`, { intent: "add", kind: "activity", description: "Paid shifts with a mentor" });
  await save(request, `${base}/outcomes`, { intent: "add", kind: "output", description: "Young carers employed", measure: "People employed", target: "4" });
  await save(request, `${base}/outcomes`, { intent: "add", kind: "outcome", description: "Confidence at work", measure: "People who say so", target: "3" });
  await save(request, `${base}/outcomes`, {});
  const upload = await request.post(`${base}/documents`, {
    multipart: { intent: "upload", kind: "safeguarding_policy", file: { name: "Safeguarding policy.pdf", mimeType: "application/pdf", buffer: PDF } },
    maxRedirects: 0,
  });
  expect(upload.status(), "document uploaded").toBe(302);
  const documentsDone = await request.post(`${base}/documents`, { multipart: { intent: "continue" }, maxRedirects: 0 });
  expect(documentsDone.status(), "documents section").toBe(302);
  await save(request, `${base}/declarations`, `intent=continue&${[0, 1, 2, 3, 4].map((i) => `confirm=${i}`).join("&")}`);
  const submitted = await request.post(`${base}/check`, { form: {}, maxRedirects: 0 });
  expect(submitted.status(), "submitted").toBe(302);
  expect(submitted.headers()["location"]).toBe(`${base}/submitted`);
  return made;
}

const unique = () => Math.random().toString(36).slice(2, 8);

async function openPrizeRound(page: Page) {
  await page.goto("/staff");
  await page.getByRole("link", { name: /Health Equity Town Prize .*\(demo round\)/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Health Equity Town Prize .*\(demo round\)/);
}

async function clearFilters(page: Page) {
  await page.getByRole("link", { name: "Clear filters" }).click();
  // With JavaScript, wait for the new page before choosing again.
  await expect(page).toHaveURL(/\/applications$/);
}

async function applyFilters(page: Page, choices: Record<string, string>) {
  for (const [label, option] of Object.entries(choices)) await page.getByLabel(label, { exact: true }).selectOption({ label: option });
  // Each use here changes the filters, so the address changes: wait for the new page.
  const before = page.url();
  await Promise.all([page.waitForURL((url) => url.toString() !== before), page.getByRole("button", { name: "Apply filters" }).click()]);
}

test("staff find the demo application on the round, filter the list and read the application whole", async ({ page }) => {
  await signInAs(page.request, DEMO.staff);
  await openPrizeRound(page);
  await expectAccessible(page);
  await expect(page.getByRole("link", { name: "Submitted", exact: true })).toBeVisible();

  await page.getByRole("link", { name: "View this round's applications" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Applications");
  await expectAccessible(page);
  const demoRow = page.getByRole("row").filter({ hasText: "Brightside Bakery Ltd (demo)" });
  await expect(demoRow).toContainText("Submitted");
  await expect(demoRow).toContainText("3. Create fair employment and good work for all");
  await expect(demoRow).toContainText("£4,500");

  // Each filter on its own, then together; the form keeps what was chosen.
  await ready(page);
  await applyFilters(page, { "Type of organisation": "Business" });
  await expect(page).toHaveURL(/type=business/);
  await expect(demoRow).toBeVisible();
  await expect(page.getByLabel("Type of organisation", { exact: true })).toHaveValue("business");
  await applyFilters(page, { "Type of organisation": "Registered charity" });
  await expect(demoRow).toHaveCount(0);
  await expect(page.getByText("No applications match these filters.")).toBeVisible();
  await expectAccessible(page);

  await clearFilters(page);
  await expect(page.getByLabel("Type of organisation", { exact: true })).toHaveValue("");
  await applyFilters(page, { Status: await statusOption(page, "Submitted"), "Marmot principle": "2. Enable all children, young people and adults to maximise their capabilities and have control over their lives" });
  await expect(page).toHaveURL(/status=submitted/);
  await expect(demoRow).toBeVisible();
  // Principle 2 is one of its other principles, not its main one.
  await page.getByLabel("Only applications where it is the main principle").check();
  await applyFilters(page, {});
  await expect(page).toHaveURL(/primary=yes/);
  await expect(demoRow).toHaveCount(0);
  await clearFilters(page);
  await applyFilters(page, { "Ward served": "High Town" });
  await expect(demoRow).toBeVisible();
  await applyFilters(page, { "Ward served": "Wigmore" });
  await expect(demoRow).toHaveCount(0);
  await clearFilters(page);
  await applyFilters(page, { Status: await statusOption(page, "Not eligible") });
  await expect(page).toHaveURL(/status=ineligible/);
  await expect(demoRow).toHaveCount(0);

  // The application whole, as staff see it.
  await clearFilters(page);
  await demoRow.getByRole("link", { name: /^HETP-\d{4}-0001/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bread and jobs: paid work for people with learning disabilities (demo)");
  await expectAccessible(page);
  await expect(page.getByText("99000001")).toBeVisible();
  await expect(page.getByRole("heading", { name: "About the project" })).toBeVisible();
  await expect(page.getByText("Trainees in paid work after the year")).toBeVisible();
  await expect(page.getByText("No documents were uploaded.")).toBeVisible();
  await expect(page.locator(".app-timeline")).toContainText("Submitted");
  await expect(page.getByRole("button", { name: "Record the check" })).toBeVisible();
  await expect(page.getByText("Nobody in the organisation has an account, so nobody will be emailed.")).toBeVisible();
});

/** The label of a status option, with its count, e.g. "Not eligible (0)". */
async function statusOption(page: Page, status: string) {
  const options = await page.getByLabel("Status", { exact: true }).locator("option").allTextContents();
  return options.find((o) => o.startsWith(`${status} (`))!;
}

test("staff check eligibility, are told when the application moved on, return it for changes, and download the CSV", async ({ page, request }) => {
  test.setTimeout(120_000);
  const title = `=HYPERLINK("http://evil.example","Prize ${unique()}")`;
  const applicant = await submittedPrizeApplication(request, title);

  await signInAs(page.request, DEMO.staff);
  await openPrizeRound(page);
  await page.getByRole("link", { name: "View this round's applications" }).click();
  await ready(page);
  await applyFilters(page, { "Ward served": "Wigmore", "Type of organisation": "Business" });
  const row = page.getByRole("row").filter({ hasText: title });
  await expect(row).toContainText("Submitted");
  await expect(page.getByRole("row").filter({ hasText: "Brightside Bakery Ltd (demo)" })).toHaveCount(0);
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByRole("link", { name: "Safeguarding policy.pdf" })).toHaveAttribute("href", /\/applications\/\d+\/documents\/\d+$/);
  const here = page.url();

  // The eligibility check: both answers are needed.
  await ready(page);
  await page.getByRole("button", { name: "Record the check" }).click();
  await expect(page.getByRole("link", { name: "Select whether the application passed the eligibility check" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Give the reason" })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  await page.getByLabel("Yes, it passed").check();
  await page.getByLabel("Reason", { exact: true }).fill("A business based in Luton; the project is for Wigmore residents.");
  await page.getByRole("button", { name: "Record the check" }).click();
  await expect(page.getByText("The eligibility check has been recorded.")).toBeVisible();
  await expect(page.getByText("A business based in Luton; the project is for Wigmore residents.").first()).toBeVisible();
  await expect(page.getByLabel("Reason", { exact: true })).toHaveValue("");
  await expectAccessible(page);

  // Meanwhile someone else records that it failed: returning it is refused, with the reason.
  await ready(page);
  await page.getByLabel("What should the applicant change?").fill("Please say more about the mentors.");
  const failed = await page.request.post(here, { form: { intent: "eligibility", outcome: "failed", reason: "Checked again: not eligible" }, maxRedirects: 0 });
  expect(failed.status()).toBe(302);
  await page.getByRole("button", { name: "Return for changes" }).click();
  await expect(page.getByRole("link", { name: "Only a submitted application can be returned for changes." })).toBeVisible();
  // The form is gone (it cannot be returned now), but what was typed is shown, not lost.
  await expect(page.getByText("Please say more about the mentors.")).toBeVisible();
  await expectAccessible(page);
  const refused = await page.request.post(here, { form: { intent: "return", message: "Again" }, maxRedirects: 0 });
  expect(refused.status()).toBe(409);

  // It passes after all; then staff return it, and everyone in the organisation is emailed.
  const passed = await page.request.post(here, { form: { intent: "eligibility", outcome: "passed", reason: "Passed on a second look" }, maxRedirects: 0 });
  expect(passed.status()).toBe(302);
  await page.goto(here);
  await ready(page);
  await page.getByRole("button", { name: "Return for changes" }).click();
  await expect(page.getByRole("link", { name: "Tell the applicant what to change" })).toBeVisible();
  await page.getByLabel("What should the applicant change?").fill("Please say more about the mentors.");
  await page.getByRole("button", { name: "Return for changes" }).click();
  await expect(page.getByText("The application has been returned for changes.")).toBeVisible();
  await expect(page.locator(".govuk-tag", { hasText: "Returned for changes" })).toBeVisible();
  await expect(page.locator(".app-timeline")).toContainText("Please say more about the mentors.");
  await expect(page.getByRole("button", { name: "Return for changes" })).toHaveCount(0);
  await expectAccessible(page);
  const mail = await waitForEmail(applicant.email, /needs changes$/);
  expect(mail.text).toContain("Please say more about the mentors.");

  // The CSV, with the same filters: the title is text, not a formula.
  await page.goto(here.replace(/\/staff\/applications\/\d+$/, "/staff"));
  await openPrizeRound(page);
  await page.getByRole("link", { name: "View this round's applications" }).click();
  await ready(page);
  await applyFilters(page, { "Ward served": "Wigmore" });
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download these applications/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^HETP-\d{4}-applications-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const line = csv.split("\r\n").find((l) => l.includes("evil.example") && l.includes(title.slice(-12, -2)))!;
  expect(line).toContain(`"'=HYPERLINK(""http://evil.example"",""Prize `);
  expect(line).not.toMatch(/,=HYPERLINK/);
  expect(line).toContain("Returned for changes");
  expect(line).toContain("Passed on ");
  expect(line).toContain("Passed on a second look");
  expect(csv).not.toContain("Brightside Bakery Ltd (demo)");
  const response = await page.request.get(download.url());
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="HETP-\d{4}-applications-[\d-]+\.csv"$/);
});

test("staff are told what is wrong with a round's rules, and save them", async ({ page }) => {
  await signInAs(page.request, DEMO.staff);
  await openPrizeRound(page);
  await page.getByRole("link", { name: "Change the rules of this round" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rules of this round");
  await expectAccessible(page);
  await ready(page);
  const min = page.getByLabel("Smallest amount applicants may ask for");
  const max = page.getByLabel("Largest amount applicants may ask for");
  const [minBefore, maxBefore] = [await min.inputValue(), await max.inputValue()];
  await min.fill("900");
  await max.fill("100");
  await page.getByRole("button", { name: "Save the rules" }).click();
  await expect(page.getByRole("link", { name: "Maximum amount must be the same as or more than the minimum amount" })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  // Nothing else was lost: the ticked boxes are still ticked.
  await expect(page.getByLabel("Business", { exact: true })).toBeChecked();
  // Saved as they were, so that the demo round stays as other tests expect it.
  await min.fill(minBefore);
  await max.fill(maxBefore);
  await page.getByRole("button", { name: "Save the rules" }).click();
  await expect(page.getByText("The round's rules have been saved.")).toBeVisible();
  await expectAccessible(page);
});

test("an applicant is refused every staff intake page", async ({ page }) => {
  const applicant = await draftApplication(page.request, "prize");
  for (const path of [
    `/staff/cycles/${applicant.cycleId}`,
    `/staff/cycles/${applicant.cycleId}/rules`,
    `/staff/cycles/${applicant.cycleId}/applications`,
    `/staff/cycles/${applicant.cycleId}/applications.csv`,
    `/staff/applications/${applicant.applicationId}`,
  ]) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(403);
  }
  const response = await page.goto(`/staff/cycles/${applicant.cycleId}/applications`);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);
  const post = await page.request.post(`/staff/cycles/${applicant.cycleId}/rules`, { form: { minAmount: "1", maxAmount: "2" }, maxRedirects: 0 });
  expect(post.status()).toBe(403);
});
