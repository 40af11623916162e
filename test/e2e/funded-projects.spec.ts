// The public page of funded projects and its case studies, with JavaScript on and off: the list
// and its filters without signing in, the demo case study; an open offer's page is "Page not
// found"; staff approve a fixture award's story (a stale form refused first), it appears on the
// public page with its photo and the organisation is emailed the link (read back from the SMTP sink); staff
// withdraw approval (a reason is required) and approve again; the grantee withdraws consent and
// the story disappears at once. An axe scan of every page.
//
// The award's acceptance and its accepted return with consent are written straight into the
// test database: accepting offers and filling in returns are other pages, tested in their own
// specs. The photo is uploaded through the return's own page.
import Database from "better-sqlite3";
import { and, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Page } from "@playwright/test";
import * as schema from "../../db/schema";
import { awardIdOf, decidedRound, releaseRound } from "./award-fixtures";
import { DEMO, expect, expectAccessible, linkIn, ready, signInAs, test, waitForEmail } from "./fixtures";

const DATABASE_PATH = "test-results/e2e-db/portal.sqlite";

/** The count above the list: real money only; demo money only when every project listed is a demo one, and then it says so. */
const COUNT_LINE = /^\d+ (projects?, £[\d,]+ awarded(, not counting the \d+ demo projects?)?|demo projects?, £[\d,]+ awarded in demo data)$/;

test.use({ actionTimeout: 15_000 });

function withDatabase<T>(work: (db: ReturnType<typeof drizzle<typeof schema>>) => T): T {
  const sqlite = new Database(DATABASE_PATH);
  sqlite.pragma("busy_timeout = 5000");
  try {
    const db = drizzle(sqlite, { schema });
    return db.transaction((tx) => work(tx as unknown as ReturnType<typeof drizzle<typeof schema>>), { behavior: "immediate" });
  } finally {
    sqlite.close();
  }
}

const STORY = {
  authors: "The cooking club volunteers",
  aboutProject: "Families in Biscot cook a healthy meal together every week.",
  whatDidYouDo: "We ran thirty sessions at the children's centre.",
  whatAchieved: "Twenty families now cook from scratch at least twice a week.",
  whatLearnt: "Eating together matters as much as the cooking.",
  acknowledgements: "Thank you to the children's centre.",
  whatsNext: "A second club on Saturdays.",
};

/** The grantee accepted the offer (another page's work). The project gets a title no other test uses. Returns the interim return's id. */
function acceptOffer(awardId: number, title: string): number {
  return withDatabase((db) => {
    const award = db.select().from(schema.awards).where(eq(schema.awards.id, awardId)).get()!;
    db.update(schema.awards)
      .set({ status: "accepted", respondedAt: new Date(), acceptedTermsId: award.grantTermsId, version: sql`${schema.awards.version} + 1` })
      .where(eq(schema.awards.id, awardId))
      .run();
    db.update(schema.applications).set({ title }).where(eq(schema.applications.id, award.applicationId)).run();
    return db
      .select()
      .from(schema.evaluationReturns)
      .where(and(eq(schema.evaluationReturns.awardId, awardId), eq(schema.evaluationReturns.kind, "interim")))
      .get()!.id;
  });
}

/** The interim return submitted with its story and consent to publish, and accepted by staff (the return's pages' work). */
function returnAcceptedWithStory(returnId: number, title: string) {
  withDatabase((db) =>
    db
      .update(schema.evaluationReturns)
      .set({ ...STORY, projectTitle: `${title}: our story`, consentToPublish: true, status: "accepted", submittedAt: new Date(), acceptedAt: new Date() })
      .where(eq(schema.evaluationReturns.id, returnId))
      .run(),
  );
}

/** A 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
const PHOTO_DESCRIPTION = "Parents and children cooking together";

/** A colleague changes the award meanwhile (a variation, say): its version moves on. */
function colleagueChangesAward(awardId: number) {
  withDatabase((db) => db.update(schema.awards).set({ version: sql`${schema.awards.version} + 1` }).where(eq(schema.awards.id, awardId)).run());
}

async function signInFresh(page: Page, email: string) {
  await page.context().clearCookies();
  await signInAs(page.request, email);
}

test("the public page lists funded projects with filters, without signing in, and shows the demo case study", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("contentinfo").getByRole("link", { name: "Funded projects" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Funded projects");
  // Demo rounds' projects never add to the money awarded, unless every project listed is a demo one (then the line says so).
  await expect(page.getByText(COUNT_LINE)).toBeVisible();
  await expect(page.getByText(/Projects tagged\s+Demo\s+are demo data/)).toBeVisible();
  await expectAccessible(page);
  await ready(page);

  // By ward: Lewsey Walking Friends work in Lewsey; the boxing club does not.
  await page.getByLabel("Ward or neighbourhood").selectOption({ label: "Lewsey" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]ward=\d+/);
  const walk = page.getByRole("link", { name: "Walk and talk: weekly health walks in Lewsey (demo)" });
  await expect(walk).toBeVisible();
  await expect(page.getByRole("link", { name: /Box clever/ })).toHaveCount(0);
  // Only demo projects work in Lewsey (the test rounds' applications name no wards): the line says they are demo.
  await expect(page.getByText(/^\d+ demo projects? match(es)? the filters, £[\d,]+ awarded in demo data$/)).toBeVisible();
  // Its card is tagged as a demo, says it has a case study, and gives its principles and wards.
  const card = page.locator(".govuk-summary-card", { has: walk });
  await expect(card.getByText("Demo", { exact: true })).toBeVisible();
  await expect(card.getByText("Case study")).toBeVisible();
  await expect(card.getByText("6. Strengthen the role and impact of ill-health prevention (main principle)")).toBeVisible();
  await expect(card.getByText("Leagrave")).toBeVisible();
  await expectAccessible(page);

  // By programme, principle and ward together: the boxing club (principle 2, in Farley).
  await ready(page);
  await page.getByLabel("Programme").selectOption({ label: "Collaboration Fund" });
  await page.getByLabel("Marmot principle").selectOption({ value: "2" });
  await page.getByLabel("Ward or neighbourhood").selectOption({ label: "Farley" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/programme=collaboration-fund&principle=2&ward=\d+/);
  const boxing = page.getByRole("link", { name: "Box clever: boxing and mentoring for young people in Farley (demo)" });
  await expect(boxing).toBeVisible();
  await expect(page.getByRole("link", { name: /Walk and talk/ })).toHaveCount(0);
  await expect(page.locator(".govuk-summary-card", { has: boxing }).getByText("Case study")).toHaveCount(0);
  await expectAccessible(page);

  // Clearing the filters shows everything again.
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/funded-projects$/);
  await expect(page.getByText(COUNT_LINE)).toBeVisible();

  // The boxing club has no published story (its return is waiting for review).
  await page.goto("/funded-projects");
  await page.getByLabel("Ward or neighbourhood").selectOption({ label: "Farley" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await page.getByRole("link", { name: "Box clever: boxing and mentoring for young people in Farley (demo)" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Box clever: boxing and mentoring for young people in Farley (demo)");
  await expect(page.getByRole("heading", { name: "Our story" })).toHaveCount(0);
  await expect(page.getByText("There is no published story for this project yet.")).toBeVisible();
  await expectAccessible(page);

  // The walking group's story, under the report's headings.
  await page.goto("/funded-projects");
  await page.getByLabel("Ward or neighbourhood").selectOption({ label: "Lewsey" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await page.getByRole("link", { name: "Walk and talk: weekly health walks in Lewsey (demo)" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Walk and talk: weekly health walks in Lewsey (demo)");
  await expect(page.getByText("Lewsey Walking Friends (demo)").first()).toBeVisible();
  await expect(page.getByRole("main").getByText("Demo", { exact: true })).toBeVisible();
  await expect(page.getByText("This project is demo data, made up to show how the portal works: it is not a real project or real funding.")).toBeVisible();
  await expect(page.getByText("£4,500")).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Our story" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "Walk and talk in Lewsey (demo story)" })).toBeVisible();
  for (const heading of ["Tell us about your project", "What did you do?", "What have you achieved?", "What have you learnt?", "Acknowledgements", "What's next?"]) {
    await expect(page.getByRole("heading", { level: 4, name: heading })).toBeVisible();
  }
  await expect(page.getByText(/Tea after the walk matters as much as the walk/)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Back to funded projects" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Funded projects");
});

test("staff approve a story, it is published and emailed; approval is withdrawn with a reason; the grantee withdraws consent and it disappears", async ({ page }) => {
  const round = await decidedRound("case study");
  const grantee = round.applications[0]!;
  await releaseRound(page, round);
  const awardId = awardIdOf(grantee.id);

  // An open offer is not public: its page is not found.
  const offered = await page.goto(`/funded-projects/${awardId}`);
  expect(offered?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expectAccessible(page);

  const title = `Story test ${awardId}`;
  const returnId = acceptOffer(awardId, title);

  // The grantee adds a photo to the interim return, on the return's own page.
  await signInFresh(page, grantee.memberEmail);
  await page.goto(`/returns/${returnId}/documents`);
  await ready(page);
  await page.getByLabel("A photo").check();
  await page.getByLabel("Description").fill(PHOTO_DESCRIPTION);
  await page.getByLabel("Upload a file").setInputFiles({ name: "cooking.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Upload file" }).click();
  await expect(page.getByRole("link", { name: "cooking.png" })).toBeVisible();
  returnAcceptedWithStory(returnId, title);

  // Listed now, with no case study yet.
  await page.goto(`/funded-projects/${awardId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByRole("heading", { name: "Our story" })).toHaveCount(0);
  // A real round's project: no demo tag.
  await expect(page.getByText(/This project is demo data/)).toHaveCount(0);
  await expect(page.getByRole("main").getByText("Demo", { exact: true })).toHaveCount(0);

  // Staff preview the story and approve it; a colleague's change meanwhile is caught first.
  await signInFresh(page, DEMO.staff);
  await page.goto(`/staff/awards/${awardId}/case-study`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Case study");
  // The preview sits under the return's h3: the story's title is h4 and its parts h5, with no "Preview" heading between.
  await expect(page.getByRole("heading", { level: 3, name: /^Interim return/ })).toBeVisible();
  const preview = page.getByRole("region", { name: "Preview of the story from the interim return, as it will look on the public page" });
  await expect(preview.getByRole("heading", { level: 4, name: `${title}: our story` })).toBeVisible();
  await expect(preview.getByRole("heading", { level: 5, name: "What have you learnt?" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Preview/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Approve for the public page: the story from the interim return", exact: true })).toBeVisible();
  await expect(page.getByText("Not published")).toBeVisible();
  await expect(page.getByRole("img", { name: PHOTO_DESCRIPTION })).toBeVisible();
  await expectAccessible(page);
  await ready(page);
  colleagueChangesAward(awardId);
  await page.getByRole("button", { name: /Approve for the public page/ }).click();
  await expect(page.getByRole("link", { name: /The award has changed since you opened this page/ })).toBeVisible();
  await expectAccessible(page);
  await page.goto(`/staff/awards/${awardId}/case-study`);
  await ready(page);
  await page.getByRole("button", { name: /Approve for the public page/ }).click();
  await expect(page.getByText("The story is approved and is now on the public page.")).toBeVisible();
  await expect(page.getByText("Published", { exact: true })).toBeVisible();
  await expectAccessible(page);

  // The organisation's member gets the public link; it shows the story.
  const mail = await waitForEmail(grantee.memberEmail, `Your case study is published: ${title}: our story`);
  const publicLink = linkIn(mail, `/funded-projects/${awardId}`);
  await page.goto(publicLink);
  await expect(page.getByRole("heading", { level: 2, name: "Our story" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: `${title}: our story` })).toBeVisible();
  await expect(page.getByText("Eating together matters as much as the cooking.")).toBeVisible();
  await expect(page.getByText(`By ${STORY.authors}`)).toBeVisible();
  // The photo, described by its alternative text, served while the story is public.
  const photo = page.getByRole("img", { name: PHOTO_DESCRIPTION });
  await expect(photo).toBeVisible();
  const photoUrl = new URL((await photo.getAttribute("src"))!, page.url()).toString();
  expect(photoUrl).toMatch(new RegExp(`/funded-projects/${awardId}/photos/\\d+$`));
  const served = await page.request.get(photoUrl);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toBe("image/png");
  await expectAccessible(page);

  // Staff withdraw approval: a reason is required; the organisation is told it.
  await page.goto(`/staff/awards/${awardId}/case-study`);
  await ready(page);
  await page.getByRole("button", { name: "Withdraw approval" }).click();
  await expect(page.getByRole("link", { name: "Give the reason for withdrawing approval" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Reason for withdrawing approval").fill("A child's name is in the story: we will check with the group first.");
  await page.getByRole("button", { name: "Withdraw approval" }).click();
  await expect(page.getByText("Approval has been withdrawn. The story is no longer on the public page.")).toBeVisible();
  const unpublished = await waitForEmail(grantee.memberEmail, `Your case study is no longer published: ${title}: our story`);
  expect(unpublished.text).toContain("A child's name is in the story");
  await page.goto(`/funded-projects/${awardId}`);
  await expect(page.getByRole("heading", { name: "Our story" })).toHaveCount(0);

  // Approved again; then the grantee withdraws consent on their page.
  await page.goto(`/staff/awards/${awardId}/case-study`);
  await ready(page);
  await page.getByRole("button", { name: /Approve for the public page/ }).click();
  await expect(page.getByText("The story is approved and is now on the public page.")).toBeVisible();

  await signInFresh(page, grantee.memberEmail);
  await page.goto(`/awards/${awardId}/publication`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your story on the public page");
  await expect(page.getByText("Published", { exact: true })).toBeVisible();
  await expect(page.getByText(/The photos you uploaded with that return are published with your story, each with the description you gave it\./)).toBeVisible();
  await expectAccessible(page);
  await ready(page);
  await page.getByRole("button", { name: "Withdraw consent to publish" }).click();
  await expect(page.getByText("You have withdrawn consent to publish. Your story is no longer on the public page.")).toBeVisible();
  await expect(page.getByText(/Your story is no longer published\./)).toBeVisible();
  await expect(page.getByRole("button", { name: "Withdraw consent to publish" })).toHaveCount(0);
  await expectAccessible(page);

  // Gone from the public page at once, and from the list's case studies.
  await page.goto(`/funded-projects/${awardId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByRole("heading", { name: "Our story" })).toHaveCount(0);
  await expect(page.getByText("There is no published story for this project yet.")).toBeVisible();
  expect((await page.request.get(photoUrl)).status()).toBe(404);

  // Staff see the consent withdrawn: nothing to approve.
  await signInFresh(page, DEMO.staff);
  await page.goto(`/staff/awards/${awardId}/case-study`);
  await expect(page.getByText("Not published")).toBeVisible();
  await expect(page.getByRole("button", { name: /Approve for the public page/ })).toHaveCount(0);
  await expect(page.getByText("No return of this award has consent to publish its story yet.", { exact: false })).toBeVisible();
  await expectAccessible(page);
});
