// Staff set up a round's panel through its pages: scoring criteria (a wrong count of score
// descriptions first, a title the round has already, a change refused because someone else
// saved meanwhile), the panel settings and scoring dates, inviting people (one accepts by the
// emailed link with an account they have, one creates an account through the link, one is
// removed; "send again" twice within a minute sends once), reminders, who scores what (refused
// if someone else saved meanwhile, the error leading to the first box), and closing scoring
// early (saving the settings keeps it closed; who scores what is fixed once members declare; a
// later closing day opens it again). JavaScript on and off, an axe scan of every page.
import Database from "better-sqlite3";
import type { Browser, Page } from "@playwright/test";
import { ukDate } from "../../app/utils/format";
import { createConfirmedAccount, DEMO, expect, expectAccessible, linkIn, ready, signInAs, test, uniqueEmail, waitForEmail } from "./fixtures";
import { panelRound } from "./panel-fixtures";

const jsOn = () => test.info().project.use.javaScriptEnabled !== false;

/** Another person's browser, signed in to nothing. */
const someoneElse = (browser: Browser) => browser.newContext({ javaScriptEnabled: jsOn(), baseURL: test.info().project.use.baseURL });

/** Writes straight into the browser tests' database: what another person (or another page) does meanwhile. */
function inDatabase<T>(work: (sqlite: Database.Database) => T): T {
  const sqlite = new Database("test-results/e2e-db/portal.sqlite");
  sqlite.pragma("busy_timeout = 5000");
  try {
    return work(sqlite);
  } finally {
    sqlite.close();
  }
}

const memberIdOf = (sqlite: Database.Database, cycleId: number, email: string) =>
  (sqlite.prepare("select id from panel_members where cycle_id = ? and email = ?").get(cycleId, email) as { id: number }).id;

/** A declared conflict of interest (declaring is another page's test). */
function declareConflict(cycleId: number, email: string, applicationId: number, nature: string) {
  inDatabase((sqlite) =>
    sqlite
      .prepare("insert into conflict_declarations (application_id, panel_member_id, has_conflict, nature, declared_at) values (?, ?, 1, ?, ?)")
      .run(applicationId, memberIdOf(sqlite, cycleId, email), nature, Date.now()),
  );
}

async function fillDate(page: Page, legend: string, iso: string) {
  const [year, month, day] = iso.split("-");
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(String(Number(day)));
  await group.getByLabel("Month").fill(String(Number(month)));
  await group.getByLabel("Year").fill(year!);
}

async function fillCriterion(page: Page, c: { title: string; guidance: string; weight: string; min: string; max: string; descriptors: string }) {
  await page.getByLabel("Title", { exact: true }).fill(c.title);
  await page.getByLabel("Guidance for the panel").fill(c.guidance);
  await page.getByLabel("Weight", { exact: true }).fill(c.weight);
  await page.getByLabel("Lowest score").fill(c.min);
  await page.getByLabel("Highest score").fill(c.max);
  await page.getByLabel("What each score means").fill(c.descriptors);
}

/** A panel member's id, by their address. */
const memberIdIn = (cycleId: number) => (email: string) => inDatabase((sqlite) => memberIdOf(sqlite, cycleId, email));

const notice = (page: Page) => page.locator(".govuk-notification-banner--success");
const errorSummary = (page: Page) => page.locator(".govuk-error-summary");

test("staff set up the criteria, the settings, the panel and who scores what; an invited person joins by the emailed link", async ({
  page,
  request,
  browser,
}) => {
  test.setTimeout(150_000); // a long walk through four pages, slower without JavaScript
  const round = panelRound(`setup-${jsOn() ? "js" : "nojs"}`, 3);
  const [appA, appB, appC] = round.applications;
  const invitee = await createConfirmedAccount(request, "Priya Shah");
  await signInAs(page.request, DEMO.staff);
  const base = `/staff/cycles/${round.cycleId}`;
  const memberId = memberIdIn(round.cycleId);

  // ---- Criteria: a wrong number of descriptions first; what was typed stays.
  await page.goto(base);
  await page.getByRole("link", { name: "Scoring criteria" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Scoring criteria");
  await expect(page.getByText("This round has no criteria yet.")).toBeVisible();
  await expectAccessible(page);
  await ready(page);
  const need = {
    title: "Reaches the greatest need",
    guidance: "Does the project reach the people with the poorest health?",
    weight: "3",
    min: "0",
    max: "4",
    descriptors: "No evidence\nWeak evidence\nSome evidence\nGood evidence",
  };
  await fillCriterion(page, need);
  await page.getByRole("button", { name: "Add criterion" }).click();
  await expect(errorSummary(page)).toContainText("Give 5 descriptions, one for each score from 0 to 4. You gave 4.");
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(need.title);
  await expect(page.getByLabel("Guidance for the panel")).toHaveValue(need.guidance);
  await expect(page.getByLabel("What each score means")).toHaveValue(need.descriptors);
  await expectAccessible(page);
  await page.getByLabel("What each score means").fill(`${need.descriptors}\nStrong evidence`);
  await page.getByRole("button", { name: "Add criterion" }).click();
  await expect(notice(page)).toContainText("The criterion has been added.");
  const needCard = page.locator(".govuk-summary-card", { has: page.getByRole("heading", { name: need.title }) });
  await expect(needCard).toContainText("3 (100%)");
  await expect(needCard).toContainText("0 to 4");
  await expect(needCard).toContainText("4: Strong evidence");
  // A fresh form after adding.
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue("");
  // The same title again (as a second click would send it): refused by the Title field.
  await fillCriterion(page, { ...need, title: "Reaches the greatest NEED", descriptors: `${need.descriptors}\nStrong evidence` });
  await page.getByRole("button", { name: "Add criterion" }).click();
  const taken = 'This round already has a criterion called "Reaches the greatest need". Give this one a different title';
  await expect(errorSummary(page)).toContainText(taken);
  await expect(page.locator("#title-error")).toContainText(taken);
  await expect(page.getByLabel("Guidance for the panel")).toHaveValue(need.guidance);
  await expect(page.locator(".govuk-summary-card")).toHaveCount(1);
  await expectAccessible(page);

  await fillCriterion(page, {
    title: "Value for money",
    guidance: "Does the budget add up?",
    weight: "5",
    min: "1",
    max: "3",
    descriptors: "Poor\nFair\nGood",
  });
  await page.getByRole("button", { name: "Add criterion" }).click();
  await expect(notice(page)).toContainText("The criterion has been added.");
  await expect(needCard).toContainText("3 (38%)");
  const valueCard = page.locator(".govuk-summary-card", { has: page.getByRole("heading", { name: "Value for money" }) });
  await expect(valueCard).toContainText("5 (63%)");
  await expect(valueCard).toContainText("1 to 3");

  // Change one.
  await valueCard.getByRole("link", { name: "Change Value for money" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Change criterion");
  await expect(page.getByLabel("What each score means")).toHaveValue("Poor\nFair\nGood");
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("Title", { exact: true }).fill("Good value for money");
  // Meanwhile someone else changes its weight: this save is refused, and what was typed stays.
  inDatabase((sqlite) => sqlite.prepare("update criteria set weight = 9 where cycle_id = ? and title = ?").run(round.cycleId, "Value for money"));
  await page.getByRole("button", { name: "Save criterion" }).click();
  await expect(errorSummary(page)).toContainText("Someone else changed this criterion while you had this page open, so nothing was saved.");
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue("Good value for money");
  await expect(page.locator(".govuk-inset-text")).toContainText("The criterion as it is saved now");
  await expect(page.locator(".govuk-inset-text")).toContainText("9");
  await expectAccessible(page);
  // Seen: saved on purpose.
  await page.getByRole("button", { name: "Save criterion" }).click();
  await expect(notice(page)).toContainText("The criterion has been saved.");
  await expect(page.getByRole("heading", { name: "Good value for money" })).toBeVisible();

  // ---- Settings: closing before opening is refused; then scoring open from yesterday.
  await page.goto(`${base}/panel`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Panel");
  await expect(page.locator(".govuk-caption-l")).toHaveText(round.cycleName);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Change panel settings" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Panel settings");
  await expectAccessible(page);
  await ready(page);
  await fillDate(page, "Scoring opens", ukDate(-1));
  await fillDate(page, "Scoring closes", ukDate(-2));
  await page.getByRole("group", { name: "Hide applicants' names from the panel?" }).getByLabel("No").check();
  await page.getByLabel("Every panel member scores every application").check();
  await page.getByLabel("Minimum number of scorers for each application").fill("1");
  await page.getByLabel("Flag disagreement when scores are further apart than").fill("25");
  await page.getByRole("button", { name: "Save panel settings" }).click();
  await expect(errorSummary(page)).toContainText("The day scoring closes must be the same as or after the day it opens");
  await expect(page.getByLabel("Minimum number of scorers for each application")).toHaveValue("1");
  await expectAccessible(page);
  await fillDate(page, "Scoring closes", ukDate(10));
  await page.getByRole("button", { name: "Save panel settings" }).click();
  await expect(notice(page)).toContainText("The panel settings have been saved.");
  await expect(page.locator(".govuk-summary-list")).toContainText("Open");
  await expect(page.locator(".govuk-summary-list")).toContainText("Every panel member scores every application");
  await expect(page.locator(".govuk-summary-list")).toContainText("Scores more than 25 points apart out of 100");
  await expect(page.locator(".govuk-summary-list")).toContainText(/9am on .*5pm on/s);

  // ---- Invitations: one person twice (one member), and one to remove.
  await ready(page);
  await page.getByLabel("Full name").fill(invitee.name);
  await page.getByLabel("Email address").fill(invitee.email);
  await page.getByLabel("Who they represent").fill("Fairness Taskforce");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(notice(page)).toContainText("The invitation has been sent.");
  const inviteeRow = page.getByRole("row").filter({ hasText: invitee.email });
  await expect(inviteeRow).toContainText("Invited");
  await expect(inviteeRow).toContainText("Fairness Taskforce");

  await page.getByLabel("Full name").fill("Priya again");
  await page.getByLabel("Email address").fill(invitee.email.toUpperCase());
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(errorSummary(page)).toContainText(`${invitee.email} is already invited to this round's panel`);
  await expect(page.getByLabel("Full name")).toHaveValue("Priya again");
  await expect(page.getByRole("row").filter({ hasText: invitee.email })).toHaveCount(1);
  await expectAccessible(page);

  const leaver = uniqueEmail("leaver");
  await page.getByLabel("Full name").fill("Lee Leaver");
  await page.getByLabel("Email address").fill(leaver);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(notice(page)).toContainText("The invitation has been sent.");
  const leaverRow = page.getByRole("row").filter({ hasText: leaver });
  // Within a minute of the last email (a second click, say), nothing more is sent.
  await leaverRow.getByRole("button", { name: "Send the invitation again to Lee Leaver" }).click();
  await expect(notice(page)).toContainText("The invitation was sent again a moment ago");
  inDatabase((sqlite) =>
    sqlite.prepare("update panel_members set invited_at = ? where cycle_id = ? and email = ?").run(Date.now() - 120_000, round.cycleId, leaver),
  );
  await page.getByRole("row").filter({ hasText: leaver }).getByRole("button", { name: "Send the invitation again to Lee Leaver" }).click();
  await expect(notice(page)).toContainText("The invitation has been sent again.");
  await page.getByRole("row").filter({ hasText: leaver }).getByRole("button", { name: "Remove Lee Leaver from panel" }).click();
  await expect(notice(page)).toContainText("The person has been removed from the panel.");
  await expect(page.getByRole("row").filter({ hasText: leaver })).toContainText("Removed");

  // ---- The invitee's email; staff opening the link are told it is someone else's.
  const mail = await waitForEmail(invitee.email, `You are invited to join the panel for ${round.cycleName}`);
  expect(mail.text).toContain("Sam Patel (demo public health officer) has invited you");
  expect(mail.text).toContain(`You already have an account with ${invitee.email}`);
  const link = linkIn(mail, "/panel/invitations/accept");
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You cannot accept this invitation");
  await expect(page.getByText(`This invitation was sent to ${invitee.email}.`)).toBeVisible();
  await expectAccessible(page);

  // ---- The invitee, signed out, follows the link: sign in, then join.
  const theirs = await someoneElse(browser);
  try {
    const them = await theirs.newPage();
    await them.goto(link);
    await expect(them.getByRole("heading", { level: 1 })).toHaveText("Sign in");
    await ready(them);
    await them.getByLabel("Email address").fill(invitee.email);
    await them.getByLabel("Password").fill(invitee.password);
    await them.getByRole("button", { name: "Sign in" }).click();
    await expect(them.getByRole("heading", { level: 1 })).toHaveText(`Join the panel for ${round.cycleName}`);
    await expect(them.locator(".govuk-summary-list")).toContainText("Fairness Taskforce");
    await expectAccessible(them);
    await them.getByRole("button", { name: "Join the panel" }).click();
    await expect(them).toHaveURL(/\/panel\?notice=panel-joined$/);
    await expect(notice(them)).toContainText("You have joined the panel.");
    await expect(them.getByRole("heading", { name: round.cycleName })).toBeVisible();
    // The link again: already accepted.
    await them.goto(link);
    await expect(them.getByRole("heading", { level: 1 })).toHaveText("You are on the panel");
    await expectAccessible(them);
  } finally {
    await theirs.close();
  }

  // ---- Staff: the member is active, with 3 applications to score; reminders once a day.
  await page.goto(`${base}/panel`);
  await expect(inviteeRow).toContainText("Active");
  await expect(inviteeRow).toContainText("0 of 3");
  await ready(page);
  await page.getByRole("button", { name: "Send reminders now" }).click();
  await expect(notice(page)).toContainText("1 reminder was sent.");
  const reminder = await waitForEmail(invitee.email, /^Reminder: applications to score by /);
  expect(reminder.text).toContain("You have 3 applications still to score");
  expect(reminder.text).toContain(`/panel/cycles/${round.cycleId}`);
  await page.getByRole("button", { name: "Send reminders now" }).click();
  await expect(notice(page)).toContainText("0 reminders were sent. 1 person had already been reminded today.");

  // ---- Who scores what: everyone, then staff choose.
  await page.goto(`${base}/assignments`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Conflicts of interest and who scores what");
  await expect(page.getByText("In this round every panel member scores every application")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "change the panel settings" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Panel settings");
  await ready(page);
  await page.getByLabel("Staff choose who scores each application").check();
  await page.getByRole("button", { name: "Save panel settings" }).click();
  await expect(notice(page)).toContainText("The panel settings have been saved.");

  // A conflict declared on application C: no box for that pair.
  declareConflict(round.cycleId, invitee.email, appC!.id, "I volunteer with this group");
  await page.goto(`${base}/assignments`);
  await expect(page.getByRole("row").filter({ hasText: appC!.reference }).first()).toContainText("Conflict: I volunteer with this group");
  await expect(page.getByLabel(`${invitee.name} scores ${appC!.reference}`)).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Who scores what" }).getByText("Conflict", { exact: true })).toBeVisible();
  await expect(page.getByText("Too few scorers")).toHaveCount(3);
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel(`${invitee.name} scores ${appA!.reference}`).check();
  await page.getByLabel(`${invitee.name} scores ${appB!.reference}`).check();
  await page.getByRole("button", { name: "Save who scores what" }).click();
  await expect(notice(page)).toContainText("Who scores what has been saved.");
  await expect(page.getByLabel(`${invitee.name} scores ${appA!.reference}`)).toBeChecked();
  await expect(page.getByLabel(`${invitee.name} scores ${appB!.reference}`)).toBeChecked();
  await expect(page.getByText("Too few scorers")).toHaveCount(1);
  await expectAccessible(page);

  // Someone else saves meanwhile (B taken away): this save is refused, the ticks stay as ticked,
  // and the error summary leads to the first box of the table.
  inDatabase((sqlite) =>
    sqlite
      .prepare("delete from panel_assignments where application_id = ? and panel_member_id = ?")
      .run(appB!.id, memberIdOf(sqlite, round.cycleId, invitee.email)),
  );
  await page.getByLabel(`${invitee.name} scores ${appA!.reference}`).uncheck();
  await page.getByRole("button", { name: "Save who scores what" }).click();
  const changed = "Someone else changed who scores what while you had this page open, so nothing was saved.";
  await expect(errorSummary(page)).toContainText(changed);
  await expect(errorSummary(page).getByRole("link", { name: changed })).toHaveAttribute("href", `#assign-${appA!.id}-${memberId(invitee.email)}`);
  await expect(page.getByLabel(`${invitee.name} scores ${appA!.reference}`)).not.toBeChecked();
  await expect(page.getByLabel(`${invitee.name} scores ${appB!.reference}`)).toBeChecked();
  await expectAccessible(page);
  await errorSummary(page).getByRole("link", { name: changed }).click();
  await expect(page.getByLabel(`${invitee.name} scores ${appA!.reference}`)).toBeFocused();
  // Saved on purpose now: B only.
  await page.getByRole("button", { name: "Save who scores what" }).click();
  await expect(notice(page)).toContainText("Who scores what has been saved.");
  await expect(page.getByLabel(`${invitee.name} scores ${appA!.reference}`)).not.toBeChecked();
  await expect(page.getByLabel(`${invitee.name} scores ${appB!.reference}`)).toBeChecked();

  await page.goto(`${base}/panel`);
  await expect(inviteeRow).toContainText("0 of 1");

});

test("closing scoring early: saving the settings keeps it closed, who scores what is fixed once declared, a later day opens it again", async ({
  page,
}) => {
  const round = panelRound(`close-${jsOn() ? "js" : "nojs"}`, 1);
  const base = `/staff/cycles/${round.cycleId}`;
  await signInAs(page.request, DEMO.staff);
  await page.goto(`${base}/panel/settings`);
  await ready(page);
  await fillDate(page, "Scoring opens", ukDate(-1));
  await fillDate(page, "Scoring closes", ukDate(10));
  await page.getByRole("group", { name: "Hide applicants' names from the panel?" }).getByLabel("No").check();
  await page.getByLabel("Staff choose who scores each application").check();
  await page.getByLabel("Minimum number of scorers for each application").fill("1");
  await page.getByLabel("Flag disagreement when scores are further apart than").fill("25");
  await page.getByRole("button", { name: "Save panel settings" }).click();
  await expect(notice(page)).toContainText("The panel settings have been saved.");
  await expect(page.locator(".govuk-summary-list")).toContainText("Open");
  // A member invited, who has declared on the application.
  const email = uniqueEmail("declarer");
  await ready(page);
  await page.getByLabel("Full name").fill("Dee Declarer");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(notice(page)).toContainText("The invitation has been sent.");
  declareConflict(round.cycleId, email, round.applications[0]!.id, "I am a trustee");
  await page.reload();

  // ---- Closing scoring early: a warning says what happens; the buttons go with it.
  await ready(page);
  await expect(page.locator(".govuk-warning-text")).toContainText("Panel members can no longer save or submit scores");
  await page.getByRole("button", { name: "Close scoring now: panel members can no longer save scores" }).click();
  await expect(notice(page)).toContainText("Scoring has closed.");
  await expect(page.locator(".govuk-summary-list")).toContainText("Closed");
  await expect(page.getByRole("button", { name: /Close scoring now/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Send reminders now" })).toHaveCount(0);
  await expect(page.getByText("To open it again, change the panel settings and choose a later day for scoring to close.")).toBeVisible();
  await expectAccessible(page);

  // ---- Saving the settings with the same closing day keeps scoring closed.
  await page.getByRole("link", { name: "Change panel settings" }).click();
  await expect(page.getByRole("group", { name: "Scoring closes" })).toContainText("Scoring closed at");
  await expect(page.getByRole("group", { name: "Scoring closes" })).toContainText("Keeping this day keeps it closed.");
  // Declarations have started: who scores what and hiding names are fixed, and the hints say so.
  await expect(page.getByRole("group", { name: "Who scores what?" })).toContainText("so who scores what cannot change now");
  await expectAccessible(page);
  await ready(page);
  await page.getByRole("button", { name: "Save panel settings" }).click();
  await expect(notice(page)).toContainText("The panel settings have been saved.");
  await expect(page.locator(".govuk-summary-list")).toContainText("Closed");

  // Switching who scores what now is refused by that question.
  await page.getByRole("link", { name: "Change panel settings" }).click();
  await ready(page);
  await page.getByLabel("Every panel member scores every application").check();
  await page.getByRole("button", { name: "Save panel settings" }).click();
  await expect(errorSummary(page)).toContainText("so who scores what cannot change now");
  await expect(page.locator("#assignment-error")).toContainText("so who scores what cannot change now");
  await expect(page.getByLabel("Every panel member scores every application")).toBeChecked();
  await expectAccessible(page);

  // Taking the dates away would open it again: refused by the closing day.
  await page.getByLabel("Staff choose who scores each application").check();
  for (const legend of ["Scoring opens", "Scoring closes"]) {
    const group = page.getByRole("group", { name: legend });
    for (const box of ["Day", "Month", "Year"]) await group.getByLabel(box).fill("");
  }
  await page.getByRole("button", { name: "Save panel settings" }).click();
  await expect(errorSummary(page)).toContainText("To open it again, enter a later day for scoring to close");
  await expect(page.locator("#closes-error")).toContainText("Scoring closed at");
  await expectAccessible(page);
  await errorSummary(page).getByRole("link", { name: /Scoring closed at/ }).click();
  await expect(page.locator("#closesDay")).toBeFocused();

  // A later closing day opens it again, on purpose.
  await fillDate(page, "Scoring opens", ukDate(-1));
  await fillDate(page, "Scoring closes", ukDate(3));
  await page.getByRole("button", { name: "Save panel settings" }).click();
  await expect(notice(page)).toContainText("The panel settings have been saved.");
  await expect(page.locator(".govuk-summary-list")).toContainText("Open");
});

test("a person without an account creates one through the invitation link and joins the panel", async ({ page, browser }) => {
  const round = panelRound(`signup-${jsOn() ? "js" : "nojs"}`, 1);
  const email = uniqueEmail("newcomer");
  await signInAs(page.request, DEMO.staff);
  await page.goto(`/staff/cycles/${round.cycleId}/panel`);
  await ready(page);
  await page.getByLabel("Full name").fill("Nia Newcomer");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(notice(page)).toContainText("The invitation has been sent.");

  const mail = await waitForEmail(email, `You are invited to join the panel for ${round.cycleName}`);
  expect(mail.text).toContain(`choose "Create an account" and use this email address, ${email}`);
  const link = linkIn(mail, "/panel/invitations/accept");

  const theirs = await someoneElse(browser);
  try {
    const them = await theirs.newPage();
    await them.goto(link);
    await expect(them.getByRole("heading", { level: 1 })).toHaveText("Sign in");
    await them.getByRole("link", { name: "Create an account" }).click();
    await expect(them.getByRole("heading", { level: 1 })).toHaveText("Create an account");
    await ready(them);
    await them.getByLabel("Full name").fill("Nia Newcomer");
    await them.getByLabel("Email address").fill(email);
    await them.getByLabel("Password").fill("a long enough password");
    await them.getByRole("button", { name: "Create account" }).click();
    const confirm = await waitForEmail(email, "Confirm your email address");
    await them.goto(linkIn(confirm, "/confirm-email"));
    await ready(them);
    await them.getByLabel("Password").fill("a long enough password");
    await them.getByRole("button", { name: "Confirm and continue" }).click();
    // Back at the invitation, signed in.
    await expect(them.getByRole("heading", { level: 1 })).toHaveText(`Join the panel for ${round.cycleName}`);
    await expectAccessible(them);
    await them.getByRole("button", { name: "Join the panel" }).click();
    await expect(notice(them)).toContainText("You have joined the panel.");
  } finally {
    await theirs.close();
  }

  await page.goto(`/staff/cycles/${round.cycleId}/panel`);
  await expect(page.getByRole("row").filter({ hasText: email })).toContainText("Active");
  await expect(page.getByRole("row").filter({ hasText: email })).toContainText("0 of 1");
});
