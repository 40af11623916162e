// A panel member's pages, JavaScript on and off, with an axe scan of each: the panel home, the
// round's list, the declaration of any conflict of interest, reading the bid and a document, a
// draft, a submit that first misses an end-of-scale comment (what was typed is kept), other
// members' scores hidden until one's own are in, a second tab that saved meanwhile, a broken
// form, a double submit; a member who declares a conflict (no content, 403 on the scoring page
// and the document) or belongs to the applicant; a round that hides names (a neutral document
// name, nothing in the page data to link bids by); and no declarations once decisions are out.
// The round, its criteria, scoring dates and panel are written straight into the database
// (staff set-up has its own tests); everything the panel member does goes through the pages.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Browser, Page } from "@playwright/test";
import * as schema from "../../db/schema";
import { createConfirmedAccount, expect, expectAccessible, ready, signInAs, test } from "./fixtures";
import { panelRound, type PanelRound, type PanelRoundApplication } from "./panel-fixtures";

const DATABASE_PATH = "test-results/e2e-db/portal.sqlite";
const UPLOAD_DIR = "test-results/e2e-db/uploads";
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

const CRITERIA = [
  { title: "Reaches the greatest need", weight: 3 },
  { title: "Can be delivered", weight: 1 },
];
const DESCRIPTORS = { "0": "No evidence", "1": "Weak evidence", "2": "Some evidence", "3": "Good evidence", "4": "Strong evidence" };

type Person = { name: string; email: string; password: string };

/**
 * The panel's side of a round, as staff would set it: two criteria (0–4), scoring open from
 * yesterday for ten days, the people given as active panel members, and a constitution (a real
 * PDF in the upload folder) on each application.
 */
function setUpPanel(round: PanelRound, people: Person[], options: { hideNames?: boolean; memberOf?: { person: Person; application: PanelRoundApplication } } = {}) {
  const sqlite = new Database(DATABASE_PATH);
  sqlite.pragma("busy_timeout = 5000");
  try {
    const db = drizzle(sqlite, { schema });
    const sha = createHash("sha256").update(PDF).digest("hex");
    const storageKey = `${sha.slice(0, 2)}/${sha}`;
    fs.mkdirSync(path.join(UPLOAD_DIR, sha.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(UPLOAD_DIR, storageKey), PDF);
    db.transaction(
      (tx) => {
        const now = Date.now();
        tx.update(schema.cycles)
          .set({
            scoringOpensAt: new Date(now - 24 * 3600 * 1000),
            scoringClosesAt: new Date(now + 10 * 24 * 3600 * 1000),
            minScorersPerApplication: 2,
            anonymiseApplicants: options.hideNames ?? false,
          })
          .where(eq(schema.cycles.id, round.cycleId))
          .run();
        tx.insert(schema.criteria)
          .values(CRITERIA.map((c, i) => ({ cycleId: round.cycleId, title: c.title, guidance: `Guidance on ${c.title.toLowerCase()}.`, weight: c.weight, descriptors: DESCRIPTORS, sortOrder: i })))
          .run();
        for (const person of people) {
          const user = tx.select().from(schema.users).where(eq(schema.users.email, person.email)).get()!;
          tx.insert(schema.panelMembers)
            .values({ cycleId: round.cycleId, userId: user.id, email: person.email, name: person.name, affiliation: "Fairness Taskforce", status: "active", invitedAt: new Date(now), acceptedAt: new Date(now) })
            .run();
        }
        if (options.memberOf) {
          const user = tx.select().from(schema.users).where(eq(schema.users.email, options.memberOf.person.email)).get()!;
          const organisationId = tx.select().from(schema.applications).where(eq(schema.applications.id, options.memberOf.application.id)).get()!.organisationId;
          tx.insert(schema.organisationMembers).values({ organisationId, userId: user.id, role: "member" }).run();
        }
        for (const application of round.applications) {
          const organisationId = tx.select().from(schema.applications).where(eq(schema.applications.id, application.id)).get()!.organisationId;
          tx.insert(schema.attachments)
            .values({ applicationId: application.id, organisationId, kind: "constitution", originalName: "Constitution.pdf", mediaType: "application/pdf", sizeBytes: PDF.byteLength, sha256: sha, storageKey })
            .run();
        }
      },
      { behavior: "immediate" },
    );
  } finally {
    sqlite.close();
  }
}

/** A second person at their own browser, signed in. */
async function browserFor(browser: Browser, person: Person) {
  const javaScriptEnabled = test.info().project.use.javaScriptEnabled !== false;
  const context = await browser.newContext({ javaScriptEnabled, baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await signInAs(page.request, person.email, person.password);
  return page;
}

const whatItDoes = (letter: string) => `What project ${letter} will do`;
const appPath = (round: PanelRound, a: PanelRoundApplication) => `/panel/cycles/${round.cycleId}/applications/${a.id}`;

async function declareNone(page: Page) {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Do you have a conflict of interest?");
  await ready(page);
  await page.getByLabel("No, I have no conflict of interest").check();
  await page.getByRole("button", { name: "Confirm declaration" }).click();
}

/** Scores every criterion (with a comment each) and the overall comment, then submits. */
async function scoreAndSubmit(page: Page, scores: number[]) {
  await ready(page);
  for (const [i, criterion] of CRITERIA.entries()) {
    await page.getByRole("group", { name: new RegExp(criterion.title) }).getByLabel(new RegExp(`^${scores[i]}: `)).check();
    await page.getByLabel(`Comment on ${criterion.title}`).fill(`Because ${scores[i]}.`);
  }
  await page.getByLabel("Overall comment").fill("A clear plan.");
  await page.getByRole("button", { name: "Submit scores" }).click();
  await expect(page.getByText("Your scores have been submitted")).toBeVisible();
}

test("a panel member declares no conflict, reads the bid, drafts, submits, and then sees the others' scores", async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  const round = panelRound("scoring", 2);
  const [a, b] = round.applications as [PanelRoundApplication, PanelRoundApplication];
  const one: Person = await createConfirmedAccount(request, "Scorer One");
  const two: Person = await createConfirmedAccount(request, "Scorer Two");
  setUpPanel(round, [one, two]);
  await signInAs(page.request, one.email, one.password);

  // The panel home and the round's list: titles only, each waiting for a declaration.
  await page.goto("/panel");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your panels");
  await expectAccessible(page);
  const panel = page.getByRole("region", { name: round.cycleName });
  await expect(panel.locator(".govuk-summary-list__row", { hasText: "To declare any conflict of interest" })).toContainText("2 applications");
  await panel.getByRole("link", { name: `Score applications for ${round.cycleName}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(round.cycleName);
  await expect(page.getByText("Your panel", { exact: true })).toBeVisible();
  await expect(page.getByText(/^Scoring is open until /)).toBeVisible();
  await expect(page.getByText("Conflict of interest not declared")).toHaveCount(2);
  await expect(page.getByRole("row", { name: new RegExp(a.reference) })).toContainText(a.organisationName);
  await expectAccessible(page);

  // The declaration: the title, never the content; an answer is needed.
  await page.getByRole("link", { name: a.title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Do you have a conflict of interest?");
  await expect(page.getByText(a.title)).toBeVisible();
  await expect(page.getByText(whatItDoes("A"))).toHaveCount(0);
  await expectAccessible(page);
  await ready(page);
  await page.getByRole("button", { name: "Confirm declaration" }).click();
  await expect(page.getByRole("link", { name: "Select whether you have a conflict of interest" })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  await page.getByLabel("No, I have no conflict of interest").check();
  await page.getByRole("button", { name: "Confirm declaration" }).click();

  // The bid, and its document.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(a.title);
  await expect(page.getByText(whatItDoes("A"))).toBeVisible();
  await expect(page.getByRole("heading", { name: "The organisation" })).toBeVisible();
  await expectAccessible(page);
  const documentHref = await page.getByRole("link", { name: "Constitution.pdf" }).getAttribute("href");
  const download = await page.request.get(documentHref!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("application/pdf");
  // Names are shown on this round: the document keeps its own.
  expect(download.headers()["content-disposition"]).toContain('filename="Constitution.pdf"');

  // A draft: partial is fine.
  await page.getByRole("link", { name: "Score this application" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Score: ${a.title}`);
  await expect(page.getByText("Other panel members' scores")).toHaveCount(0);
  await expectAccessible(page);
  const scoreIds = [...new Set([...(await page.content()).matchAll(/name="score-(\d+)"/g)].map((m) => m[1]!))];
  expect(scoreIds).toHaveLength(2);
  await ready(page);
  const need = page.getByRole("group", { name: /Reaches the greatest need/ });
  await need.getByLabel("4: Strong evidence").check();
  await page.getByLabel("Overall comment").fill("Reaches people no one else does.");
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByText("Your draft has been saved.")).toBeVisible();
  await expect(need.getByLabel("4: Strong evidence")).toBeChecked();
  await expectAccessible(page);

  // Submitting: 4 is the top of the scale, so a comment is needed; nothing typed is lost.
  await ready(page);
  await page.getByRole("group", { name: /Can be delivered/ }).getByLabel("2: Some evidence").check();
  await page.getByLabel("Comment on Can be delivered").fill("The plan is thin in places.");
  await page.getByRole("button", { name: "Submit scores" }).click();
  await expect(page.getByRole("link", { name: "Say why you gave 4, the highest score, for Reaches the greatest need" })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(need.getByLabel("4: Strong evidence")).toBeChecked();
  await expect(page.getByRole("group", { name: /Can be delivered/ }).getByLabel("2: Some evidence")).toBeChecked();
  await expect(page.getByLabel("Comment on Can be delivered")).toHaveValue("The plan is thin in places.");
  await expect(page.getByLabel("Overall comment")).toHaveValue("Reaches people no one else does.");
  await expectAccessible(page);
  await page.getByLabel("Comment on Reaches the greatest need").fill("Works in the wards with the shortest lives.");
  await page.getByRole("button", { name: "Submit scores" }).click();
  await expect(page.getByText("Your scores have been submitted")).toBeVisible();
  // (3 × 4/4 + 1 × 2/4) / 4 × 100
  await expect(page.getByText("87.5 out of 100")).toBeVisible();
  await expect(page.getByText("Only staff can reopen submitted scores.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Other panel members' scores" })).toBeVisible();
  await expect(page.getByText("No other panel member has submitted scores for this application yet.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Submit scores" })).toHaveCount(0);
  await expectAccessible(page);

  // The same submit sent again (a double click that got through): the same result, not a conflict.
  const [needId, deliveryId] = scoreIds;
  const again = await page.request.post(page.url(), {
    form: {
      version: "1",
      intent: "submit",
      [`score-${needId}`]: "4",
      [`comment-${needId}`]: "Works in the wards with the shortest lives.",
      [`score-${deliveryId}`]: "2",
      [`comment-${deliveryId}`]: "The plan is thin in places.",
      overallComment: "Reaches people no one else does.",
    },
    maxRedirects: 0,
  });
  expect(again.status()).toBe(302);
  await page.reload();
  await expect(page.getByText("Your scores have been submitted")).toBeVisible();

  // The list shows where one is.
  await page.goto(`/panel/cycles/${round.cycleId}`);
  await expect(page.getByRole("row", { name: new RegExp(a.reference) })).toContainText("Submitted");
  await expect(page.getByRole("row", { name: new RegExp(b.reference) })).toContainText("Conflict of interest not declared");

  // Member two: one's scores stay hidden until two's own are submitted.
  const second = await browserFor(browser, two);
  await second.goto(appPath(round, a));
  await declareNone(second);
  await second.getByRole("link", { name: "Score this application" }).click();
  await expect(second.getByText("Other panel members' scores")).toHaveCount(0);
  await expect(second.getByText(one.name)).toHaveCount(0);
  await expect(second.getByText("Works in the wards with the shortest lives.")).toHaveCount(0);
  await scoreAndSubmit(second, [2, 2]);
  await expect(second.getByRole("heading", { name: "Other panel members' scores" })).toBeVisible();
  await expect(second.getByText(one.name)).toBeVisible();
  await expect(second.getByText("Works in the wards with the shortest lives.")).toBeVisible();
  await expect(second.getByText("87.5 out of 100")).toBeVisible();
  await expectAccessible(second);
  await second.context().close();

  // And one now sees two's.
  await page.goto(`${appPath(round, a)}/score`);
  await expect(page.getByText(two.name)).toBeVisible();
  await expect(page.getByText("50.0 out of 100")).toBeVisible();
});

test("a second tab that saved meanwhile: nothing is overwritten, both are shown, what was typed stays", async ({ page, request }) => {
  test.setTimeout(120_000);
  const round = panelRound("tabs", 1);
  const [a] = round.applications as [PanelRoundApplication];
  const one: Person = await createConfirmedAccount(request, "Scorer Tabs");
  setUpPanel(round, [one]);
  await signInAs(page.request, one.email, one.password);
  await page.goto(appPath(round, a));
  await declareNone(page);
  await page.getByRole("link", { name: "Score this application" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Score: ${a.title}`);

  // Another tab saves a draft from the same empty form (version 0).
  const html = await page.content();
  const scoreName = html.match(/name="(score-\d+)"/)![1]!;
  const commentName = scoreName.replace("score", "comment");
  const other = await page.request.post(page.url(), {
    form: { version: "0", intent: "draft", [scoreName]: "1", [commentName]: "Typed in the other tab", overallComment: "" },
    maxRedirects: 0,
  });
  expect(other.status()).toBe(302);

  await ready(page);
  await page.getByRole("group", { name: /Reaches the greatest need/ }).getByLabel("3: Good evidence").check();
  await page.getByLabel("Overall comment").fill("Typed in this tab.");
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByRole("link", { name: "Your scores were changed in another tab or window" })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByText("Typed in the other tab")).toBeVisible();
  await expect(page.getByRole("group", { name: /Reaches the greatest need/ }).getByLabel("3: Good evidence")).toBeChecked();
  await expect(page.getByLabel("Overall comment")).toHaveValue("Typed in this tab.");
  await expectAccessible(page);

  // Saving again keeps what is in the form.
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByText("Your draft has been saved.")).toBeVisible();
  await expect(page.getByRole("group", { name: /Reaches the greatest need/ }).getByLabel("3: Good evidence")).toBeChecked();
  await expect(page.getByLabel("Comment on Reaches the greatest need")).toHaveValue("");

  // A page whose version is broken: one message for the whole form, what was typed kept, nothing saved.
  const broken = await page.request.post(page.url(), {
    form: { version: "not-a-number", intent: "draft", [scoreName]: "2", overallComment: "Typed on a broken page." },
    maxRedirects: 0,
  });
  expect(broken.status()).toBe(400);
  const brokenPage = await broken.text();
  expect(brokenPage).toMatch(/<a href="#scores">This page is out of date. Reload the page and try again.<\/a>/);
  expect(brokenPage).toContain("Typed on a broken page.");
  await page.reload();
  await expect(page.getByLabel("Overall comment")).toHaveValue("Typed in this tab.");
});

test("a member who declares a conflict sees nothing of the bid, and cannot score it or download its documents", async ({ page, request }) => {
  test.setTimeout(120_000);
  const round = panelRound("conflict", 2);
  const [a, b] = round.applications as [PanelRoundApplication, PanelRoundApplication];
  const one: Person = await createConfirmedAccount(request, "Conflicted Member");
  // One is also a member of the organisation that made application B.
  setUpPanel(round, [one], { memberOf: { person: one, application: b } });
  await signInAs(page.request, one.email, one.password);

  await page.goto(appPath(round, a));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Do you have a conflict of interest?");
  await ready(page);
  // With JavaScript the question opens with the answer (GOV.UK conditional reveal); without, it is always there.
  if (test.info().project.use.javaScriptEnabled !== false) await expect(page.getByLabel("Describe the conflict")).toBeHidden();
  await page.getByLabel("Yes, I have a conflict of interest").check();
  await expect(page.getByLabel("Describe the conflict")).toBeVisible();
  await page.getByRole("button", { name: "Confirm declaration" }).click();
  await expect(page.getByRole("link", { name: "Describe the conflict of interest" })).toBeVisible();
  await expect(page.getByLabel("Yes, I have a conflict of interest")).toBeChecked();
  await expectAccessible(page);
  await page.getByLabel("Describe the conflict").fill("I volunteer with this group.");
  await page.getByRole("button", { name: "Confirm declaration" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You have declared a conflict of interest");
  await expect(page.getByText("I volunteer with this group.")).toBeVisible();
  await expect(page.getByText(whatItDoes("A"))).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Score this application" })).toHaveCount(0);
  await expectAccessible(page);

  // The server refuses what the page does not offer.
  const attachmentId = await documentIdOf(a.id);
  const document = await page.request.get(`/applications/${a.id}/documents/${attachmentId}`, { maxRedirects: 0 });
  expect(document.status()).toBe(403);
  const post = await page.request.post(`${appPath(round, a)}/score`, { form: { intent: "draft", version: "0" }, maxRedirects: 0 });
  expect(post.status()).toBe(403);
  const undo = await page.request.post(appPath(round, a), { form: { conflict: "no" }, maxRedirects: 0 });
  expect(undo.status()).toBe(409);
  const response = await page.goto(`${appPath(round, a)}/score`);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You cannot open this page");
  await expect(page.getByText("You have declared a conflict of interest on this application, so you cannot see or score it.")).toBeVisible();
  await expectAccessible(page);

  await page.goto(`/panel/cycles/${round.cycleId}`);
  await expect(page.getByRole("row", { name: new RegExp(a.reference) })).toContainText("Conflict declared");
  await expect(page.getByRole("row", { name: new RegExp(b.reference) })).toContainText("Conflict (member of the applicant)");
  await page.getByRole("link", { name: b.title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You have a conflict of interest");
  await expect(page.getByText("You are a member of the organisation that made this application")).toBeVisible();
  await expectAccessible(page);
});

test("scores reopened by staff can be changed and submitted again, with the reason shown and others' scores hidden meanwhile", async ({ page, request }) => {
  test.setTimeout(120_000);
  const round = panelRound("reopen", 1);
  const [a] = round.applications as [PanelRoundApplication];
  const one: Person = await createConfirmedAccount(request, "Scorer Reopened");
  setUpPanel(round, [one]);
  await signInAs(page.request, one.email, one.password);
  await page.goto(appPath(round, a));
  await declareNone(page);
  await page.getByRole("link", { name: "Score this application" }).click();
  await scoreAndSubmit(page, [3, 1]);
  await expect(page.getByRole("heading", { name: "Other panel members' scores" })).toBeVisible();

  // Staff reopen it (their page is tested with the moderation): a draft again, version up, a reason.
  reopen(a.id, "Please look again at the second criterion.");
  await page.goto(`${appPath(round, a)}/score`);
  await expect(page.getByText("Please look again at the second criterion.")).toBeVisible();
  await expect(page.getByText("You have seen other members' scores: say in your comments if they changed your view.")).toBeVisible();
  await expect(page.getByText("Other panel members' scores")).toHaveCount(0);
  await expect(page.getByRole("group", { name: /Can be delivered/ }).getByLabel("1: Weak evidence")).toBeChecked();
  await expectAccessible(page);
  await ready(page);
  await page.getByRole("group", { name: /Can be delivered/ }).getByLabel("2: Some evidence").check();
  await page.getByRole("button", { name: "Submit scores" }).click();
  await expect(page.getByText("Your scores have been submitted")).toBeVisible();
  await expect(page.getByText("2: Some evidence")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Other panel members' scores" })).toBeVisible();
});

test("where names are hidden, a document comes with a neutral name and the page data cannot link two bids", async ({ page, request }) => {
  test.setTimeout(120_000);
  const round = panelRound("hidden", 2);
  const [a] = round.applications as [PanelRoundApplication, PanelRoundApplication];
  const one: Person = await createConfirmedAccount(request, "Scorer Hidden");
  setUpPanel(round, [one], { hideNames: true });
  await signInAs(page.request, one.email, one.password);

  await page.goto(`/panel/cycles/${round.cycleId}`);
  await expect(page.getByText("Applicants' names are hidden from the panel for this round.")).toBeVisible();
  expect(await page.content()).not.toContain(a.organisationName);
  await page.goto(appPath(round, a));
  await declareNone(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(a.title);
  await expectAccessible(page);
  // The page (and the data it carries for the browser) has no organisation id, status or name.
  const html = await page.content();
  for (const text of [a.organisationName, "Constitution.pdf"]) expect(html, text).not.toContain(text);
  expect(html).not.toMatch(/\borganisationId\b/);

  const attachmentId = await documentIdOf(a.id);
  const link = page.getByRole("link", { name: "Constitution or governing document" });
  expect(await link.getAttribute("href")).toBe(`/applications/${a.id}/documents/${attachmentId}`);
  const download = await page.request.get(`/applications/${a.id}/documents/${attachmentId}`);
  expect(download.status()).toBe(200);
  const disposition = download.headers()["content-disposition"]!;
  expect(disposition).toContain(`filename="constitution-${attachmentId}.pdf"`);
  expect(disposition).not.toContain("Constitution.pdf");
});

test("once decisions are released, a panel member can no longer declare a conflict of interest", async ({ page, request }) => {
  test.setTimeout(120_000);
  const round = panelRound("released", 2);
  const [a, b] = round.applications as [PanelRoundApplication, PanelRoundApplication];
  const one: Person = await createConfirmedAccount(request, "Scorer Released");
  setUpPanel(round, [one]);
  await signInAs(page.request, one.email, one.password);
  await page.goto(appPath(round, a));
  await declareNone(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(a.title);
  release(round.cycleId);

  // The application already declared on: the message instead of "You have found a conflict of interest".
  await page.reload();
  await expect(page.getByText(/^Decisions on this round have been released, so conflicts of interest can no longer be declared/)).toBeVisible();
  await expect(page.getByText("You have found a conflict of interest")).toHaveCount(0);
  await expectAccessible(page);
  const late = await page.request.post(appPath(round, a), { form: { conflict: "yes", nature: "Found out after the letters" }, maxRedirects: 0 });
  expect(late.status()).toBe(409);

  // One not declared on: no form.
  await page.goto(appPath(round, b));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You can no longer declare a conflict of interest");
  await expect(page.getByRole("button", { name: "Confirm declaration" })).toHaveCount(0);
  await expectAccessible(page);
  const first = await page.request.post(appPath(round, b), { form: { conflict: "no" }, maxRedirects: 0 });
  expect(first.status()).toBe(409);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You can no longer declare a conflict of interest");
});

/** Decisions released on the round (the staff's decisions page is tested with the decisions). */
function release(cycleId: number) {
  const sqlite = new Database(DATABASE_PATH);
  sqlite.pragma("busy_timeout = 5000");
  try {
    sqlite.prepare("update cycles set decisions_released_at = ? where id = ?").run(Date.now(), cycleId);
  } finally {
    sqlite.close();
  }
}

/** What the staff's reopening does to a scorecard (app/models/moderation.server.ts). */
function reopen(applicationId: number, reason: string) {
  const sqlite = new Database(DATABASE_PATH);
  sqlite.pragma("busy_timeout = 5000");
  try {
    sqlite
      .prepare("update scorecards set status = 'draft', version = version + 1, reopened_at = ?, reopened_reason = ? where application_id = ?")
      .run(Date.now(), reason, applicationId);
  } finally {
    sqlite.close();
  }
}

/** The id of the document setUpPanel gave an application. */
async function documentIdOf(applicationId: number): Promise<number> {
  const sqlite = new Database(DATABASE_PATH, { readonly: true });
  try {
    const row = sqlite.prepare("select id from attachments where application_id = ?").get(applicationId) as { id: number };
    return row.id;
  } finally {
    sqlite.close();
  }
}
