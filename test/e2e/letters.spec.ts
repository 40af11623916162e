// Letters that reach someone, through staff's pages, with JavaScript on and off and an axe scan
// of each page: the decisions page lists an application whose organisation has nobody to write
// to and will not send; staff give the organisation a contact email (a wrong one first, what was
// typed kept); staff read each kind of letter filled in for an application they choose, with who
// it goes to and how it looks; then the letters go, to members and contact emails, once each.
// The round and its decisions are written straight into the test database (deciding through the
// pages is tested in moderation-decisions.spec.ts).
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/schema";
import { MAIL_API } from "../../playwright.config";
import { DEMO, expect, expectAccessible, expectEmailAccessible, ready, signInAs, test, waitForEmail, type Mail } from "./fixtures";
import { panelRound, type PanelRound } from "./panel-fixtures";

const DATABASE_PATH = "test-results/e2e-db/portal.sqlite";

/**
 * Scoring closed an hour ago and a decision on each application: A an award with a condition,
 * B not funded, C the reserve list. C's organisation loses its one account and its contact
 * email: nobody to write to.
 */
function decided(round: PanelRound) {
  const sqlite = new Database(DATABASE_PATH);
  sqlite.pragma("busy_timeout = 5000");
  try {
    const db = drizzle(sqlite, { schema });
    db.transaction(
      (tx) => {
        const now = Date.now();
        tx.update(schema.cycles)
          .set({ scoringOpensAt: new Date(now - 5 * 24 * 3600 * 1000), scoringClosesAt: new Date(now - 3600 * 1000) })
          .where(eq(schema.cycles.id, round.cycleId))
          .run();
        const staff = tx.select().from(schema.users).where(eq(schema.users.email, DEMO.staff)).get()!;
        const [a, b, c] = round.applications;
        const base = { decidedById: staff.id, decidedAt: new Date(now), conditions: null, feedback: null, amountPence: null };
        tx.insert(schema.decisions).values({ ...base, applicationId: a!.id, outcome: "award", amountPence: 3_750_00, conditions: "Send us your safeguarding policy.", reasons: "SECRET strong" }).run();
        tx.insert(schema.decisions).values({ ...base, applicationId: b!.id, outcome: "decline", feedback: "Say more about who will come.", reasons: "SECRET weak" }).run();
        tx.insert(schema.decisions).values({ ...base, applicationId: c!.id, outcome: "reserve", reasons: "SECRET next" }).run();
        const cApp = tx.select().from(schema.applications).where(eq(schema.applications.id, c!.id)).get()!;
        tx.update(schema.organisations).set({ contactEmail: null }).where(eq(schema.organisations.id, cApp.organisationId)).run();
        tx.update(schema.users).set({ disabledAt: new Date(now) }).where(eq(schema.users.email, c!.memberEmail)).run();
      },
      { behavior: "immediate" },
    );
  } finally {
    sqlite.close();
  }
}

async function mailTo(address: string): Promise<Mail[]> {
  return (await (await fetch(`${MAIL_API}/messages?to=${encodeURIComponent(address)}`)).json()) as Mail[];
}

test("the letters wait for someone to write to; staff read each kind before sending; then each address gets one", async ({ page }) => {
  test.setTimeout(150_000);
  const label = Math.random().toString(36).slice(2, 8);
  const round = panelRound(`letters-${label}`, 3);
  const [a, b, c] = round.applications as [PanelRound["applications"][number], PanelRound["applications"][number], PanelRound["applications"][number]];
  decided(round);
  const cContact = `office-${label}@group-c.example`;
  await signInAs(page.request, DEMO.staff);

  // The decisions page: C has nobody to write to, so there is no button, and the page says why.
  await page.goto(`/staff/cycles/${round.cycleId}/decisions`);
  const nobody = page.getByTestId("nobody-to-write-to");
  await expect(nobody).toContainText("Nobody would get the letter for 1 application");
  await expect(page.getByRole("button", { name: "Send decision letters" })).toHaveCount(0);
  await expect(page.getByText(/A letter must reach someone/)).toBeVisible();
  await expectAccessible(page);
  // Posted anyway (an old form): refused, with the list, nothing sent.
  const forced = await page.request.post(`/staff/cycles/${round.cycleId}/decisions`, { form: { confirm: "yes", fingerprint: "whatever" }, maxRedirects: 0 });
  expect(forced.status()).toBe(409);
  expect(await forced.text()).toContain(`Nobody would get the letter for this application: ${c.reference}.`);

  // The letters as they will read.
  await page.getByRole("link", { name: "Read the decision letters before you send them" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Decision letters");
  const awardLetter = page.getByTestId("letter-award");
  await expect(awardLetter).toContainText(`Your application ${a.reference} has been awarded funding`);
  await expect(awardLetter).toContainText(a.memberEmail);
  await expect(page.getByTestId("letter-text-award")).toContainText("Amount awarded: £3,750");
  await expect(page.getByTestId("letter-text-award")).toContainText("Send us your safeguarding policy.");
  await expect(page.getByTestId("letter-text-decline")).toContainText("Say more about who will come.");
  await expect(page.getByTestId("letter-reserve")).toContainText("Nobody: nobody in the organisation has an account");
  for (const secret of ["SECRET"]) await expect(page.locator("main")).not.toContainText(secret);
  // How it looks: the email's own HTML, in a sandboxed frame from its own address, served as the
  // outbox serves an email. axe cannot run inside the frame (it allows no scripts): the page is
  // scanned around it, and the letter's HTML on its own.
  const frame = page.locator('iframe[title="The award letter as its recipient sees it"]');
  await expect(frame).toBeVisible();
  const body = await page.request.get(new URL((await frame.getAttribute("src"))!, page.url()).toString());
  expect(body.headers()["content-security-policy"]).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox");
  const html = await body.text();
  expect(html).toContain("Amount awarded: £3,750");
  await expectEmailAccessible(page, html);
  await expectAccessible(page, { exclude: ["iframe"] });
  // Another application for the award letter: B, which has no award, filled in with what it asked for.
  await ready(page);
  await page.getByLabel("Application for the award letter").selectOption({ label: `${b.reference}: ${b.title} (not funded)` });
  await page.getByRole("button", { name: "Show these letters" }).click();
  await expect(awardLetter).toContainText(`Your application ${b.reference} has been awarded funding`);
  await expect(awardLetter).toContainText("This application has no decision of this kind, so the letter is filled in with the amount it asked for and no conditions.");
  await expect(page.getByTestId("letter-text-award")).toContainText(`Amount awarded: £${(b.amountPence / 100).toLocaleString("en-GB")}`);
  await expectAccessible(page, { exclude: ["iframe"] });

  // Staff give C's organisation a contact email: a wrong one first.
  await page.getByTestId("letter-reserve").getByRole("link", { name: "Give it a contact email" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("What is the organisation's contact email address?");
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("What is the organisation's contact email address?").fill("office at group c");
  await page.getByRole("button", { name: "Save the contact email" }).click();
  await expect(page.getByRole("link", { name: "Enter an email address in the correct format, like name@example.com" })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByLabel("What is the organisation's contact email address?")).toHaveValue("office at group c");
  await expectAccessible(page);
  await page.getByLabel("What is the organisation's contact email address?").fill(cContact);
  await page.getByRole("button", { name: "Save the contact email" }).click();
  await expect(page.getByText("The contact email has been saved.")).toBeVisible();
  await expect(page.locator("main")).toContainText(`${cContact} (the organisation's contact email)`);
  await expectAccessible(page);

  // Now the letters go: to the members and the contact emails, each address once.
  await page.goto(`/staff/cycles/${round.cycleId}/decisions`);
  await expect(page.getByTestId("nobody-to-write-to")).toHaveCount(0);
  await ready(page);
  await page.getByLabel("I confirm these decisions are final and the letters can be sent").check();
  await page.getByRole("button", { name: "Send decision letters" }).click();
  await expect(page.getByText("The decision letters have been sent. 3 decisions went out in 3 emails, to the organisations' members and contact emails.")).toBeVisible();
  await expectAccessible(page);
  const again = await page.request.post(`/staff/cycles/${round.cycleId}/decisions`, { form: { confirm: "yes" }, maxRedirects: 0 });
  expect(again.status()).toBe(302);
  const reserve = await waitForEmail(cContact, `Your application ${c.reference} is on the reserve list`);
  expect(reserve.text).toMatch(/^Hello /);
  await waitForEmail(a.memberEmail, `Your application ${a.reference} has been awarded funding`);
  await waitForEmail(b.memberEmail, `Decision on your application ${b.reference}`);
  await new Promise((r) => setTimeout(r, 1500));
  // A's and B's contact email is their member's own: one letter each, never two.
  for (const address of [a.memberEmail, b.memberEmail, cContact]) expect(await mailTo(address), address).toHaveLength(1);
  expect(await mailTo(c.memberEmail)).toHaveLength(0);
});
