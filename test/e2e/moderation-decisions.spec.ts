// Moderation and decisions, through staff's pages, with JavaScript on and off: the matrix flags
// scorers who disagree and applications with too few scores; staff save a moderated score (after
// a validation error, with their words kept), record an award for a different amount than asked,
// a decline (feedback required) and a reserve, then send the letters, all at once: not while an
// application has no decision, not if the decisions changed since the page was shown, then one
// to each member of each applicant organisation, read back from the SMTP sink, and none twice.
// A decision saved over a colleague's is refused with everything typed kept. Scores are reopened
// only while scoring is open. The applicant sees the decision only after the letters, never a
// score. An axe scan of every page.
//
// The scoring itself is not done through the panel's pages here (panel-journey.spec.ts does
// that): criteria, panel members and submitted scorecards are written straight into the test
// database, so these pages are tested on their own.
import Database from "better-sqlite3";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/schema";
import { MAIL_API } from "../../playwright.config";
import { createConfirmedAccount, DEMO, expect, expectAccessible, ready, signInAs, test, waitForEmail, type Mail } from "./fixtures";
import { panelRound, type PanelRound } from "./panel-fixtures";

const DATABASE_PATH = "test-results/e2e-db/portal.sqlite";

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

/**
 * Two criteria (weight 3 and weight 1, both 0–4), three active panel members who each submitted
 * their scores (one declared a conflict on the third application), and scoring closed an hour ago.
 * A total is (3 × first + second) / 16 × 100.
 */
function scoredPanel(round: PanelRound, label: string, scoring: "open" | "closed" = "closed") {
  return withDatabase((db) => {
    const now = Date.now();
    const cycleId = round.cycleId;
    const closesAt = scoring === "closed" ? new Date(now - 3600 * 1000) : new Date(now + 5 * 24 * 3600 * 1000);
    db.update(schema.cycles)
      .set({ scoringOpensAt: new Date(now - 5 * 24 * 3600 * 1000), scoringClosesAt: closesAt, disagreementThreshold: 20, minScorersPerApplication: 3 })
      .where(eq(schema.cycles.id, cycleId))
      .run();
    const evidence = { "0": "No evidence", "1": "Weak evidence", "2": "Some evidence", "3": "Good evidence", "4": "Strong evidence" };
    const criteria = [
      db.insert(schema.criteria).values({ cycleId, title: "Reaches the greatest need", weight: 3, scaleMin: 0, scaleMax: 4, descriptors: evidence, sortOrder: 0 }).returning().get(),
      db.insert(schema.criteria).values({ cycleId, title: "Good value", weight: 1, scaleMin: 0, scaleMax: 4, descriptors: evidence, sortOrder: 1 }).returning().get(),
    ];
    const members = ["One", "Two", "Three"].map((n) => {
      const email = `panel-${n.toLowerCase()}-${label}-${cycleId}@example.test`;
      const user = db.insert(schema.users).values({ email, name: `Panellist ${n}`, passwordHash: "!no-sign-in", emailConfirmedAt: new Date(now) }).returning().get();
      return db
        .insert(schema.panelMembers)
        .values({ cycleId, userId: user.id, email, name: `Panellist ${n}`, affiliation: "Public health", status: "active", invitedAt: new Date(now), acceptedAt: new Date(now) })
        .returning()
        .get();
    });
    const [a, b, c] = round.applications;
    const scores: [typeof a, number, [number, number] | "conflict"][] = [
      // A: 100, 93.75, 81.25 → mean 91.7, spread 18.75 (agree)
      [a, 0, [4, 4]],
      [a, 1, [4, 3]],
      [a, 2, [3, 4]],
      // B: 100, 25, 50 → mean 58.3, spread 75 (disagree)
      [b, 0, [4, 4]],
      [b, 1, [1, 1]],
      [b, 2, [2, 2]],
      // C: 75, 68.75 and a conflict → mean 71.9, two scores of the three needed
      [c, 0, [3, 3]],
      [c, 1, [3, 2]],
      [c, 2, "conflict"],
    ];
    for (const [app, m, given] of scores) {
      const member = members[m]!;
      db.insert(schema.conflictDeclarations)
        .values({ applicationId: app!.id, panelMemberId: member.id, hasConflict: given === "conflict", nature: given === "conflict" ? "I am a trustee of the group" : null, declaredAt: new Date(now) })
        .run();
      if (given === "conflict") continue;
      const card = db
        .insert(schema.scorecards)
        .values({ applicationId: app!.id, panelMemberId: member.id, status: "submitted", overallComment: `SECRET overall view of ${member.name}`, submittedAt: new Date(now - 7200 * 1000) })
        .returning()
        .get();
      criteria.forEach((criterion, i) =>
        db.insert(schema.criterionScores).values({ scorecardId: card.id, criterionId: criterion.id, score: given[i]!, comment: `SECRET comment ${given[i]}` }).run(),
      );
    }
    return members;
  });
}

/** Moves the round's scoring dates: "open" until tomorrow, or "closed" an hour ago. */
function setScoring(cycleId: number, scoring: "open" | "closed") {
  withDatabase((db) => {
    const closesAt = scoring === "closed" ? new Date(Date.now() - 3600 * 1000) : new Date(Date.now() + 24 * 3600 * 1000);
    db.update(schema.cycles).set({ scoringClosesAt: closesAt }).where(eq(schema.cycles.id, cycleId)).run();
  });
}

/** What a colleague does meanwhile: saves a decision on the application, straight into the database. */
function colleagueDecides(applicationId: number, outcome: "award" | "decline" | "reserve", o: { amountPence?: number; feedback?: string; reasons: string }) {
  withDatabase((db) => {
    const colleague = db.select().from(schema.users).where(eq(schema.users.email, DEMO.admin)).get()!;
    const values = {
      outcome,
      amountPence: outcome === "award" ? (o.amountPence ?? 1_000_00) : null,
      conditions: null,
      feedback: outcome === "decline" ? (o.feedback ?? "Colleague's feedback") : null,
      reasons: o.reasons,
      decidedById: colleague.id,
      decidedAt: new Date(),
    };
    db.insert(schema.decisions)
      .values({ applicationId, ...values })
      .onConflictDoUpdate({ target: schema.decisions.applicationId, set: values })
      .run();
  });
}

/** Makes an existing account a member of the organisation that made the application. */
function joinApplicant(applicationId: number, email: string) {
  withDatabase((db) => {
    const app = db.select().from(schema.applications).where(eq(schema.applications.id, applicationId)).get()!;
    const user = db.select().from(schema.users).where(eq(schema.users.email, email)).get()!;
    db.insert(schema.organisationMembers).values({ organisationId: app.organisationId, userId: user.id }).run();
  });
}

async function mailTo(address: string): Promise<Mail[]> {
  const response = await fetch(`${MAIL_API}/messages?to=${encodeURIComponent(address)}`);
  return (await response.json()) as Mail[];
}

const letterSubject = /^(Your application .* has been awarded funding|Decision on your application .*|Your application .* is on the reserve list)$/;

test("staff moderate, decide and send the decision letters, once, to every member of each applicant", async ({ page, request }) => {
  test.setTimeout(180_000);
  const label = Math.random().toString(36).slice(2, 8);
  const round = panelRound(`moddec-${label}`, 3, { budgetPence: 12_000_00 });
  const [a, b, c] = round.applications as [PanelRound["applications"][number], PanelRound["applications"][number], PanelRound["applications"][number]];
  scoredPanel(round, label);
  // A second person in A's organisation, with an account, to see the decision in the portal.
  const colleague = await createConfirmedAccount(request, "Colleague of A");
  joinApplicant(a.id, colleague.email);

  await signInAs(page.request, DEMO.staff);
  await page.goto(`/staff/cycles/${round.cycleId}`);
  await page.getByRole("link", { name: "Scores, moderation and ranking" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Scores, moderation and ranking");
  await expectAccessible(page);

  // The matrix: totals, mean and spread, conflicts, and the flags.
  const matrix = page.getByRole("region", { name: "Scores by panel member" });
  await expect(matrix).toHaveAttribute("tabindex", "0");
  const matrixRow = (ref: string) => matrix.getByRole("row").filter({ hasText: ref });
  await expect(matrixRow(a.reference)).toContainText("100.0");
  await expect(matrixRow(a.reference)).toContainText("93.8");
  await expect(matrixRow(a.reference)).toContainText("91.7");
  await expect(matrixRow(a.reference)).not.toContainText("Scorers disagree");
  await expect(matrixRow(b.reference)).toContainText("Scorers disagree");
  await expect(matrixRow(b.reference)).toContainText("75.0");
  await expect(matrixRow(c.reference)).toContainText("Conflict");
  await expect(matrixRow(c.reference)).toContainText("Too few scores");
  await expect(matrixRow(c.reference)).toContainText("71.9");

  // The ranking against the £12,000 budget: A (£4,000), C (£6,000) fit; B (£5,000) crosses.
  await expect(page.getByText("The round's budget is £12,000.")).toBeVisible();
  const ranking = page.getByRole("region", { name: "Ranking against the budget" });
  const rankingRows = ranking.locator("tbody tr");
  await expect(rankingRows.nth(0)).toContainText(a.reference);
  await expect(rankingRows.nth(0)).toContainText("Within budget");
  await expect(rankingRows.nth(1)).toContainText(c.reference);
  await expect(rankingRows.nth(1)).toContainText("£10,000");
  await expect(rankingRows.nth(2)).toContainText(b.reference);
  await expect(rankingRows.nth(2)).toContainText("Over budget");
  await expect(page.getByRole("heading", { name: "Balance of the portfolio" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Marmot principles" })).toContainText("8. ");
  await expect(page.getByRole("table", { name: "Wards reached" })).toContainText("Biscot");

  // B's scores, and a moderated score: a mistake first, the words kept.
  await ranking.getByRole("link", { name: new RegExp(b.reference) }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Scores for ${b.reference}`);
  await expect(page.getByText("SECRET overall view of Panellist Two")).toBeVisible();
  await expect(page.getByText("1 out of 4: Weak evidence").first()).toBeVisible();
  await expect(page.getByText("Counted in the mean").first()).toBeVisible();
  // Scoring has closed: no reopening (the panel member could not submit again), and the page says why.
  await expect(page.getByRole("button", { name: /Reopen these scores/ })).toHaveCount(0);
  await expect(page.getByText(/so scores cannot be reopened: the panel member could not change them or submit them again/)).toHaveCount(3);
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("Moderated score (out of 100)").fill("101");
  await page.getByLabel("Rationale").fill("The panel agreed the second view undervalued the reach.");
  await page.getByRole("button", { name: "Save moderated score" }).click();
  await expect(page.getByRole("link", { name: "Moderated score must be a number from 0 to 100, like 72 or 72.5" })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByLabel("Rationale")).toHaveValue("The panel agreed the second view undervalued the reach.");
  await expect(page.getByLabel("Moderated score (out of 100)")).toHaveValue("101");
  await expectAccessible(page);
  await page.getByLabel("Moderated score (out of 100)").fill("80");
  await page.getByRole("button", { name: "Save moderated score" }).click();
  await expect(page.getByText("The moderated score has been saved.")).toBeVisible();
  await expect(page.getByText("Saved as 80.0")).toBeVisible();

  // B now ranks second and fits; C crosses the budget.
  await page.goto(`/staff/cycles/${round.cycleId}/moderation`);
  await expect(rankingRows.nth(1)).toContainText(b.reference);
  await expect(rankingRows.nth(1)).toContainText("moderated");
  await expect(rankingRows.nth(2)).toContainText(c.reference);
  await expect(rankingRows.nth(2)).toContainText("Over budget");

  // The decisions.
  await page.getByRole("link", { name: "Go to the decisions" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Decisions");
  await expect(page.getByText("3 applications have no decision yet")).toBeVisible();
  // The letters go all at once: not while any application has no decision.
  await expect(page.getByRole("button", { name: "Send decision letters" })).toHaveCount(0);
  await expect(page.getByText(/The letters go to every applicant at once, so every application needs a decision first/)).toBeVisible();
  await expectAccessible(page);

  // A: an award of £3,500, not the £4,000 asked, with a condition.
  await page.getByRole("link", { name: `Record decision on ${a.reference}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Decision on ${a.reference}`);
  await expect(page.getByText("1 of 3")).toBeVisible();
  await expectAccessible(page);
  const decideA = async () => {
    await ready(page);
    await page.getByLabel("Award funding").check();
    await page.getByLabel("Amount to award").fill("3500");
    await page.getByLabel("Conditions of the award (optional)").fill("Send us a short report at six months.");
    await page.getByLabel("Reasons for the decision").fill("SECRET REASONS: strongest on need; the budget line for the van is not needed.");
    await page.getByRole("button", { name: "Save decision" }).click();
  };
  // Meanwhile scoring is opened again: nothing is saved, and everything typed is shown back.
  setScoring(round.cycleId, "open");
  await decideA();
  const refusal = page.locator(".govuk-error-summary").getByRole("link", { name: /^Scoring is open until .*\. Decisions can be made once scoring has closed\.$/ });
  await expect(refusal).toBeVisible();
  await expect(refusal).toHaveAttribute("href", "#decision-form");
  await expect(page.locator("#decision-form")).toHaveCount(1);
  await expect(page).toHaveTitle(/^Error: /);
  const entered = page.locator("#decision-form .govuk-summary-list");
  await expect(page.getByRole("heading", { name: "What you entered" })).toBeVisible();
  for (const text of ["Award funding", "£3500", "Send us a short report at six months.", "SECRET REASONS: strongest on need"]) await expect(entered).toContainText(text);
  await expectAccessible(page);
  setScoring(round.cycleId, "closed");
  await page.goto(`/staff/applications/${a.id}/decision`);
  await decideA();
  await expect(page.getByText("The decision has been saved.")).toBeVisible();

  // B: do not fund; the feedback is needed.
  await page.getByRole("link", { name: `Record decision on ${b.reference}` }).click();
  await ready(page);
  await page.getByLabel("Do not fund").check();
  await page.getByLabel("Reasons for the decision").fill("SECRET REASONS: the panel could not agree it would reach those in most need.");
  await page.getByRole("button", { name: "Save decision" }).click();
  await expect(page.getByRole("link", { name: "Give feedback for the applicant" })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByLabel("Reasons for the decision")).toHaveValue("SECRET REASONS: the panel could not agree it would reach those in most need.");
  await expect(page.getByLabel("Do not fund")).toBeChecked();
  await expectAccessible(page);
  await page.getByLabel("Feedback for the applicant").fill("Tell us more about how you will find the people who need you most.");
  await page.getByRole("button", { name: "Save decision" }).click();
  await expect(page.getByText("The decision has been saved.")).toBeVisible();

  // C: the reserve list; but a colleague records a decision on C while the page is open.
  await page.getByRole("link", { name: `Record decision on ${c.reference}` }).click();
  await ready(page);
  await page.getByLabel("Put on the reserve list").check();
  await page.getByLabel("Reasons for the decision").fill("SECRET REASONS: next in line if money is freed.");
  colleagueDecides(c.id, "decline", { feedback: "Colleague's feedback for C", reasons: "SECRET REASONS of the colleague" });
  await page.getByRole("button", { name: "Save decision" }).click();
  const stale = page.locator(".govuk-error-summary").getByRole("link", { name: /^Someone else saved a decision on this application after you opened this page/ });
  await expect(stale).toBeVisible();
  await expect(stale).toHaveAttribute("href", "#decision-form");
  await expect(page.getByRole("heading", { name: "The decision saved now" })).toBeVisible();
  await expect(page.locator("#decision-form")).toContainText("SECRET REASONS of the colleague");
  // Nothing typed is lost: the form is there with the choice and the reasons as they were.
  await expect(page.getByLabel("Put on the reserve list")).toBeChecked();
  await expect(page.getByLabel("Reasons for the decision")).toHaveValue("SECRET REASONS: next in line if money is freed.");
  await expectAccessible(page);
  // Saved again, knowingly, it replaces the colleague's.
  await ready(page);
  await page.getByRole("button", { name: "Save decision" }).click();
  await expect(page.getByText("The decision has been saved.")).toBeVisible();
  await expect(page.getByText("no decision yet:")).toHaveCount(0);
  await expect(page.getByText("£3,500 of the £12,000 budget")).toBeVisible();
  const decisionRow = (ref: string) => page.getByRole("row").filter({ hasText: ref });
  await expect(decisionRow(a.reference)).toContainText("Award");
  await expect(decisionRow(b.reference)).toContainText("Not funded");
  await expect(decisionRow(c.reference)).toContainText("Reserve list");
  await expect(decisionRow(a.reference)).toContainText("Not sent yet");
  await expectAccessible(page);

  // Before the letters, the applicant sees nothing of it.
  await signInAs(request, colleague.email, colleague.password);
  const before = await (await request.get(`/applications/${a.id}`)).text();
  expect(before).not.toContain("Decision sent");
  expect(before).not.toContain("£3,500");
  expect(await mailTo(a.memberEmail).then((m) => m.filter((x) => letterSubject.test(x.subject)))).toEqual([]);

  // Send the letters: the confirmation is needed.
  await ready(page);
  await page.getByRole("button", { name: "Send decision letters" }).click();
  await expect(page.getByRole("link", { name: "Confirm that these decisions are final and the letters can be sent" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("I confirm these decisions are final and the letters can be sent").check();
  // A colleague changes C's decision after the page was shown: nothing is sent.
  colleagueDecides(c.id, "reserve", { reasons: "SECRET REASONS: next in line, agreed again." });
  await page.getByRole("button", { name: "Send decision letters" }).click();
  const changed = page.locator(".govuk-error-summary").getByRole("link", { name: "The decisions have changed since you opened this page: check them and send again" });
  await expect(changed).toBeVisible();
  await expect(page.locator(await changed.getAttribute("href").then((h) => h!))).toHaveCount(1);
  await expect(decisionRow(a.reference)).toContainText("Not sent yet");
  await expectAccessible(page);
  expect(await mailTo(a.memberEmail).then((m) => m.filter((x) => letterSubject.test(x.subject)))).toEqual([]);
  // Checked, and sent again: now they go.
  await ready(page);
  await page.getByLabel("I confirm these decisions are final and the letters can be sent").check();
  await page.getByRole("button", { name: "Send decision letters" }).click();
  // A's organisation: its member (also its contact email) and the colleague; B and C: one each.
  await expect(page.getByText("The decision letters have been sent. 3 decisions went out in 4 emails, to the organisations' members and contact emails.")).toBeVisible();
  await expect(decisionRow(a.reference)).toContainText("Sent on");
  await expect(page.getByRole("button", { name: "Send decision letters" })).toHaveCount(0);
  await expectAccessible(page);

  // The same form sent again (a double click): nothing more is sent.
  const again = await page.request.post(`/staff/cycles/${round.cycleId}/decisions`, { form: { confirm: "yes" }, maxRedirects: 0 });
  expect(again.status()).toBe(302);
  await page.goto(again.headers()["location"]!);
  await expect(page.getByText("Decision letters have already been sent")).toBeVisible();
  await expectAccessible(page);

  // The letters, read back from the SMTP server.
  const awardLetter = await waitForEmail(a.memberEmail, `Your application ${a.reference} has been awarded funding`);
  expect(awardLetter.text).toContain("£3,500");
  expect(awardLetter.text).toContain("Send us a short report at six months.");
  expect(awardLetter.text).toContain("Your offer is waiting in the portal");
  await waitForEmail(colleague.email, `Your application ${a.reference} has been awarded funding`);
  const declineLetter = await waitForEmail(b.memberEmail, `Decision on your application ${b.reference}`);
  expect(declineLetter.text).toContain("Tell us more about how you will find the people who need you most.");
  const reserveLetter = await waitForEmail(c.memberEmail, `Your application ${c.reference} is on the reserve list`);
  for (const letter of [awardLetter, declineLetter, reserveLetter]) {
    for (const secret of ["SECRET", "Panellist", "out of 100", "91.7", "80.0"]) expect(letter.text, letter.subject).not.toContain(secret);
  }
  // Exactly one each, however often the button was pressed (wait for the outbox to settle).
  await new Promise((r) => setTimeout(r, 1500));
  for (const address of [a.memberEmail, colleague.email, b.memberEmail, c.memberEmail]) {
    const letters = (await mailTo(address)).filter((m) => letterSubject.test(m.subject));
    expect(letters, address).toHaveLength(1);
  }

  // The applicant now sees the decision and its line in the timeline: never a score or the reasons.
  await page.context().clearCookies();
  await signInAs(page.request, colleague.email, colleague.password);
  await page.goto(`/applications/${a.id}`);
  await expect(page.getByRole("heading", { name: "Decision", exact: true })).toBeVisible();
  await expect(page.getByText("Your application has been awarded £3,500.")).toBeVisible();
  await expect(page.getByText("Send us a short report at six months.")).toBeVisible();
  await expect(page.locator(".govuk-tag", { hasText: "Awarded" })).toBeVisible();
  await expect(page.locator(".app-timeline")).toContainText("Decision sent");
  const seen = await page.locator("main").innerText();
  for (const secret of ["SECRET", "Panellist", "score", "Score", "moderat"]) expect(seen).not.toContain(secret);
  await expectAccessible(page);
  // And staff's pages stay closed to them.
  for (const path of [`/staff/cycles/${round.cycleId}/moderation`, `/staff/applications/${a.id}/scores`, `/staff/cycles/${round.cycleId}/scores.csv`]) {
    expect((await page.request.get(path, { maxRedirects: 0 })).status(), path).toBe(403);
  }
});

test("staff reopen a submitted scorecard with a reason while scoring is open, and download every score as a CSV", async ({ page }) => {
  test.setTimeout(120_000);
  const label = Math.random().toString(36).slice(2, 8);
  const round = panelRound(`reopen-${label}`, 3);
  const [a] = round.applications;
  const members = scoredPanel(round, label, "open");
  await signInAs(page.request, DEMO.staff);
  await page.goto(`/staff/applications/${a!.id}/scores`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Scores for ${a!.reference}`);
  await ready(page);

  // The reason is needed; then the scores go back to the panel member as a draft.
  await page.getByRole("button", { name: "Reopen these scores (Panellist One)" }).click();
  await expect(page.getByRole("link", { name: "Give the reason for reopening these scores" })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  await page.getByLabel("Reason for reopening Panellist One's scores").fill("The comment on value does not match the score.");
  await page.getByRole("button", { name: "Reopen these scores (Panellist One)" }).click();
  await expect(page.getByText("The scores have been reopened.")).toBeVisible();
  const card = page.getByRole("region", { name: /Panellist One/ });
  await expect(card).toContainText("Draft");
  await expect(card).toContainText("The comment on value does not match the score.");
  await expect(page.getByRole("button", { name: /Reopen these scores/ })).toHaveCount(2);
  await expectAccessible(page);

  // Panellist Three finds a conflict on A after scoring it: the score stays on the record, not in the mean.
  withDatabase((db) =>
    db
      .update(schema.conflictDeclarations)
      .set({ hasConflict: true, nature: "I have joined its board" })
      .where(and(eq(schema.conflictDeclarations.applicationId, a!.id), eq(schema.conflictDeclarations.panelMemberId, members[2]!.id)))
      .run(),
  );
  await page.reload();
  const three = page.getByRole("region", { name: /Panellist Three/ });
  await expect(three).toContainText("These scores were submitted before the conflict was known, so they do not count.");
  await expect(three).toContainText("No: conflict of interest");
  await expect(page.getByRole("region", { name: /Panellist Two/ })).toContainText("Counted in the mean");
  // The mean is Panellist Two's alone now (93.75): the same as the matrix.
  await expect(page.getByText("93.8 out of 100")).toHaveCount(2);
  await expectAccessible(page);

  // The CSV: one row per submitted scorecard (the reopened one is a draft now), formula-safe,
  // with whether each counts in the mean, as the pages count it.
  await page.goto(`/staff/cycles/${round.cycleId}/moderation`);
  await expect(page.getByRole("region", { name: "Scores by panel member" }).getByRole("row").filter({ hasText: a!.reference })).toContainText("93.8");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download all scores (CSV)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^CF-\d{4}-scores-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await (await page.request.get(download.url())).text();
  const lines = csv.split("\r\n").filter(Boolean);
  expect(lines[0]).toContain("Reaches the greatest need: score (0 to 4)");
  expect(lines[0]).toContain(",Weighted total (out of 100),Counted in the mean,Submitted at");
  // A: two left submitted; B: three; C: two (one member declared a conflict).
  expect(lines.filter((l) => l.startsWith(`${a!.reference},`))).toHaveLength(2);
  expect(lines.filter((l) => l.startsWith(`${a!.reference},`) && l.includes(",Panellist One,"))).toHaveLength(0);
  expect(lines).toHaveLength(1 + 2 + 3 + 2);
  expect(lines.find((l) => l.includes(",Panellist Two,") && l.startsWith(`${a!.reference},`))).toContain(",4,SECRET comment 4,3,SECRET comment 3,SECRET overall view of Panellist Two,93.8,Yes,");
  expect(lines.find((l) => l.includes(",Panellist Three,") && l.startsWith(`${a!.reference},`))).toContain(",81.3,No: conflict of interest,");
});
