// Documents: upload with the GOV.UK file upload (JavaScript on and off), see the list, download
// the same bytes, be told plainly when a file is not allowed, remove one; and only members of
// the organisation and staff may download.
import { DEMO, draftApplication, expect, expectAccessible, ready, signInAs, test } from "./fixtures";

const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const WRONG_TYPE =
  "The selected file must be a PDF, Word document (DOCX), OpenDocument text (ODT), Excel (XLSX), OpenDocument spreadsheet (ODS), JPG or PNG";

test("an applicant uploads documents, downloads one, is told when a file is not allowed, and removes one", async ({ page }) => {
  const { applicationId } = await draftApplication(page.request, "cf");
  await page.goto(`/applications/${applicationId}/documents`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Documents");
  await expect(page.getByText("You have not uploaded any documents yet.")).toBeVisible();
  await expectAccessible(page);
  await ready(page);

  // A PDF: listed with its kind, name and size.
  await page.getByLabel("Safeguarding policy", { exact: true }).check();
  await page.getByLabel("Upload a file").setInputFiles({ name: "Our safeguarding policy.pdf", mimeType: "application/pdf", buffer: PDF });
  await page.getByRole("button", { name: "Upload file" }).click();
  await expect(page.getByText("The document has been uploaded.")).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "Our safeguarding policy.pdf" });
  await expect(row).toContainText("Safeguarding policy");
  await expect(row).toContainText("1 KB");
  await expect(page.getByRole("listitem").filter({ hasText: "Safeguarding policy" })).toContainText("Uploaded");
  // The file input is empty again, with JavaScript too: "Save and continue" must not upload it twice.
  await expect(page.getByLabel("Upload a file")).toHaveValue("");
  await expectAccessible(page);

  // Downloading it gives back the same bytes, as a PDF, as an attachment.
  const link = row.getByRole("link", { name: "Our safeguarding policy.pdf" });
  const download = await page.request.get((await link.getAttribute("href"))!);
  expect(download.status()).toBe(200);
  expect(Buffer.compare(await download.body(), PDF)).toBe(0);
  expect(download.headers()["content-type"]).toBe("application/pdf");
  expect(download.headers()["content-disposition"]).toBe(
    `attachment; filename="Our safeguarding policy.pdf"; filename*=UTF-8''Our%20safeguarding%20policy.pdf`,
  );
  expect(download.headers()["x-content-type-options"]).toBe("nosniff");
  // And clicking the link downloads it too (with JavaScript off as well).
  const [clicked] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(clicked.suggestedFilename()).toBe("Our safeguarding policy.pdf");

  // A text file called .pdf is refused, whatever the browser says it is.
  await page.getByLabel("Constitution or governing document").check();
  await page.getByLabel("Upload a file").setInputFiles({ name: "constitution.pdf", mimeType: "application/pdf", buffer: Buffer.from("Not really a PDF.\n") });
  await page.getByRole("button", { name: "Upload file" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText(WRONG_TYPE);
  await expect(page.locator("#file-error")).toContainText(WRONG_TYPE);
  await expect(page).toHaveTitle(/^Error: Documents/);
  await expect(page.getByLabel("Constitution or governing document")).toBeChecked();
  await expectAccessible(page);

  // Saving with a required document missing says which one, and links to the file input.
  await page.getByLabel("Upload a file").setInputFiles([]);
  await page.getByRole("button", { name: "Save and continue" }).click();
  const missing = page.locator(".govuk-error-summary").getByRole("link", { name: "Upload your constitution or governing document" });
  await expect(missing).toHaveAttribute("href", `/applications/${applicationId}/documents#file`);

  // Choosing a file and pressing "Save and continue" uploads it as well.
  await page.getByLabel("Constitution or governing document").check();
  await page.getByLabel("Upload a file").setInputFiles({ name: "constitution.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`/applications/${applicationId}$`));
  await page.goto(`/applications/${applicationId}/documents`);
  await expect(page.getByRole("row").filter({ hasText: "constitution.png" })).toContainText("Constitution or governing document");

  // Removing one: it leaves the list, and its address no longer gives it.
  const href = (await link.getAttribute("href"))!;
  await ready(page);
  await page.getByRole("button", { name: "Remove Our safeguarding policy.pdf" }).click();
  await expect(page.getByText("The document has been removed.")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Our safeguarding policy.pdf" })).toHaveCount(0);
  expect((await page.request.get(href)).status()).toBe(404);
});

test("a file of more than 10MB is refused, with or without JavaScript", async ({ page }) => {
  const { applicationId } = await draftApplication(page.request, "prize");
  await page.goto(`/applications/${applicationId}/documents`);
  await ready(page);
  const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
  await page.getByLabel("Other document").check();
  await page.getByLabel("Upload a file").setInputFiles({ name: "big.pdf", mimeType: "application/pdf", buffer: big });
  await page.getByRole("button", { name: "Upload file" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("The selected file must be smaller than 10MB");
  await expectAccessible(page);
  // The server refuses it too, whatever the browser checked.
  const response = await page.request.post(`/applications/${applicationId}/documents`, {
    multipart: { intent: "upload", kind: "other", file: { name: "big.pdf", mimeType: "application/pdf", buffer: big } },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(400);
  expect(await response.text()).toContain("The selected file must be smaller than 10MB");
});

test("only members of the organisation can download a draft's document", async ({ page, browser, baseURL }) => {
  const owner = await draftApplication(page.request, "cf");
  const uploaded = await page.request.post(`/applications/${owner.applicationId}/documents`, {
    multipart: { intent: "upload", kind: "photo", file: { name: "photo.png", mimeType: "image/png", buffer: PNG } },
    maxRedirects: 0,
  });
  expect(uploaded.status()).toBe(302);
  const listing = await (await page.request.get(`/applications/${owner.applicationId}/documents`)).text();
  const href = listing.match(new RegExp(`href="(/applications/${owner.applicationId}/documents/\\d+)"`))![1]!;
  expect(Buffer.compare(await (await page.request.get(href)).body(), PNG)).toBe(0);

  const others = await browser.newContext({ baseURL });
  const staff = await browser.newContext({ baseURL });
  try {
    const stranger = await draftApplication(others.request, "cf");
    expect((await others.request.get(href, { maxRedirects: 0 })).status()).toBe(403);
    // Their own application's address with someone else's document: not found.
    expect((await others.request.get(href.replace(`/applications/${owner.applicationId}/`, `/applications/${stranger.applicationId}/`))).status()).toBe(404);
    // Staff do not see drafts, their documents included.
    await signInAs(staff.request, DEMO.staff);
    expect((await staff.request.get(href)).status()).toBe(404);
  } finally {
    await others.close();
    await staff.close();
  }
});
