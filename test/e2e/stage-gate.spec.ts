// The round's stage gate, through the pages, with JavaScript on and off and an axe scan of each
// page: staff choose on the panel settings page that the panel sees an application only once
// staff have passed its eligibility check; a panel member then does not see a submitted
// application (not in the list, 404 at its address); staff see that it waits, on the intake list
// and the application's page, and pass its check; the panel member now sees it, and only it.
// The round and its panel seat are written straight into the test database (panel set-up and
// applying have their own tests); everything staff and the panel member do goes through pages.
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/schema";
import { createConfirmedAccount, DEMO, expect, expectAccessible, ready, signInAs, test } from "./fixtures";
import { panelRound, type PanelRound } from "./panel-fixtures";

const DATABASE_PATH = "test-results/e2e-db/portal.sqlite";

/** Scoring open from yesterday, one criterion, and the person as an active member of the round's panel. */
function seatOnPanel(round: PanelRound, person: { email: string; name: string }) {
  const sqlite = new Database(DATABASE_PATH);
  sqlite.pragma("busy_timeout = 5000");
  try {
    const db = drizzle(sqlite, { schema });
    db.transaction(
      (tx) => {
        const now = Date.now();
        tx.update(schema.cycles)
          .set({ scoringOpensAt: new Date(now - 24 * 3600 * 1000), scoringClosesAt: new Date(now + 10 * 24 * 3600 * 1000), minScorersPerApplication: 1 })
          .where(eq(schema.cycles.id, round.cycleId))
          .run();
        tx.insert(schema.criteria)
          .values({ cycleId: round.cycleId, title: "Reaches the greatest need", weight: 1, scaleMin: 0, scaleMax: 4, descriptors: { "0": "None", "4": "Strong" } })
          .run();
        const user = tx.select().from(schema.users).where(eq(schema.users.email, person.email)).get()!;
        tx.insert(schema.panelMembers)
          .values({ cycleId: round.cycleId, userId: user.id, email: person.email, name: person.name, status: "active", invitedAt: new Date(now), acceptedAt: new Date(now) })
          .run();
      },
      { behavior: "immediate" },
    );
  } finally {
    sqlite.close();
  }
}

test("in a round that waits for the eligibility check, the panel sees an application only once staff have passed it", async ({ page, request }) => {
  test.setTimeout(120_000);
  const label = Math.random().toString(36).slice(2, 8);
  const round = panelRound(`gate-${label}`, 2);
  const [a, b] = round.applications as [PanelRound["applications"][number], PanelRound["applications"][number]];
  const member = await createConfirmedAccount(request, "Gita Gatekeeper");
  seatOnPanel(round, member);
  const base = `/staff/cycles/${round.cycleId}`;
  const asStaff = async () => {
    await page.context().clearCookies();
    await signInAs(page.request, DEMO.staff);
  };
  const asPanel = async () => {
    await page.context().clearCookies();
    await signInAs(page.request, member.email, member.password);
  };

  // Before the gate: the panel sees both (the round was made before the setting: off).
  await asPanel();
  await page.goto(`/panel/cycles/${round.cycleId}`);
  await expect(page.getByRole("link", { name: a.title })).toBeVisible();
  await expect(page.getByRole("link", { name: b.title })).toBeVisible();

  // Staff turn the gate on, on the panel settings page.
  await asStaff();
  await page.goto(`${base}/panel/settings`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Panel settings");
  const gate = page.getByRole("group", { name: "Does the panel see an application only after staff have passed its eligibility check?" });
  await expect(gate.getByLabel("No")).toBeChecked();
  await expect(gate).toContainText("2 submitted applications have not passed the eligibility check. Choosing yes hides them from the panel");
  await expectAccessible(page);
  await ready(page);
  await gate.getByLabel("Yes").check();
  await page.getByRole("button", { name: "Save panel settings" }).click();
  await expect(page.getByText("The panel settings have been saved.")).toBeVisible();
  await expect(page.locator(".govuk-summary-list")).toContainText("Once staff have passed its eligibility check");
  await expectAccessible(page);

  // The panel member sees neither now; A's address is "not found", like any application not at the panel.
  await asPanel();
  await page.goto(`/panel/cycles/${round.cycleId}`);
  await expect(page.getByText("There are no applications for the panel yet.")).toBeVisible();
  await expect(page.getByRole("link", { name: a.title })).toHaveCount(0);
  await expectAccessible(page);
  const hidden = await page.request.get(`/panel/cycles/${round.cycleId}/applications/${a.id}`, { maxRedirects: 0 });
  expect(hidden.status()).toBe(404);

  // Staff see that both wait, and pass A's check.
  await asStaff();
  await page.goto(`${base}/applications`);
  const row = (ref: string) => page.getByRole("row").filter({ hasText: ref });
  await expect(row(a.reference)).toContainText("Waiting for its eligibility check: the panel cannot see it yet");
  await expect(row(b.reference)).toContainText("Waiting for its eligibility check: the panel cannot see it yet");
  await expectAccessible(page);
  await row(a.reference).getByRole("link", { name: new RegExp(a.reference) }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(a.title);
  await expect(page.getByTestId("panel-gate")).toContainText("The panel cannot see this application yet.");
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("Yes, it passed").check();
  await page.getByLabel("Reason").fill("A Luton group; the project and the amount are within the round's rules.");
  await page.getByRole("button", { name: "Record the check" }).click();
  await expect(page.getByText("The eligibility check has been recorded.")).toBeVisible();
  await expect(page.getByTestId("panel-gate")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Scores" })).toBeVisible();
  await expectAccessible(page);
  await page.goto(`${base}/applications`);
  await expect(row(a.reference)).not.toContainText("Waiting for its eligibility check");
  await expect(row(b.reference)).toContainText("Waiting for its eligibility check");

  // The panel member now sees A, and only A.
  await asPanel();
  await page.goto(`/panel/cycles/${round.cycleId}`);
  await expect(page.getByRole("link", { name: a.title })).toBeVisible();
  await expect(page.getByRole("link", { name: b.title })).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole("link", { name: a.title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Do you have a conflict of interest?");
  await expectAccessible(page);
  expect((await page.request.get(`/panel/cycles/${round.cycleId}/applications/${b.id}`, { maxRedirects: 0 })).status()).toBe(404);
});
