// A round from the panel's set-up to the decision letters, every step through the portal's
// pages, with JavaScript on and off: staff set criteria, scoring dates and the panel; three
// people join (two with accounts, one who makes one from the invitation); one declares a
// conflict; each scores; scores stay hidden until one's own are in; staff close scoring,
// moderate, decide and release; the letters are read back from the SMTP sink, one each.
import type { Browser, Page } from "@playwright/test";
import {
  createConfirmedAccount,
  DEMO,
  DEMO_PASSWORD,
  emailCount,
  expect,
  expectAccessible,
  linkIn,
  ready,
  test,
  uniqueEmail,
  waitForEmail,
} from "./fixtures";
import { panelRound, type PanelRoundApplication } from "./panel-fixtures";

type Person = { name: string; email: string; password: string };

// A missing button should fail in seconds, not at the end of the whole journey's time.
test.use({ actionTimeout: 15_000 });

async function signIn(page: Page, person: { email: string; password: string }) {
  await page.getByLabel("Email address").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/sign-in");
}

/** A fresh browser for one person: their own cookies, as on their own laptop or phone. */
async function browserFor(browser: Browser) {
  const javaScriptEnabled = test.info().project.use.javaScriptEnabled !== false;
  const context = await browser.newContext({ javaScriptEnabled, baseURL: test.info().project.use.baseURL });
  return context.newPage();
}

const CRITERIA = [
  { title: "Reaches the greatest need", weight: "3" },
  { title: "Can be delivered", weight: "1" },
];

/** Opens an application as a panel member, declares no conflict if asked, and scores it. */
async function score(page: Page, cycleId: number, application: PanelRoundApplication, scores: [number, number], options: { scan?: boolean } = {}) {
  await page.goto(`/panel/cycles/${cycleId}/applications/${application.id}`);
  if (await page.getByRole("heading", { name: "Do you have a conflict of interest?" }).isVisible()) {
    await page.getByLabel("No, I have no conflict of interest").check();
    await page.getByRole("button", { name: "Confirm declaration" }).click();
  }
  await expect(page.getByRole("heading", { level: 1, name: application.title })).toBeVisible();
  if (options.scan) await expectAccessible(page);
  await page.getByRole("link", { name: "Score this application" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Score");
  for (const [i, criterion] of CRITERIA.entries()) {
    const group = page.getByRole("group", { name: new RegExp(criterion.title) });
    await group.getByLabel(new RegExp(`^${scores[i]}: `)).check();
    await page.getByLabel(`Comment on ${criterion.title}`).fill(`Why ${scores[i]} for ${criterion.title.toLowerCase()}.`);
  }
  await page.getByLabel("Overall comment").fill(`Overall view of ${application.reference}.`);
  if (options.scan) await expectAccessible(page);
  await page.getByRole("button", { name: "Submit scores" }).click();
  await expect(page.getByText("Your scores have been submitted")).toBeVisible();
}

test("a round goes from panel set-up through conflicts, scoring, moderation and decisions to the letters", async ({ page, browser, request }) => {
  test.setTimeout(600_000);
  const round = panelRound("journey", 3);
  const [a, b, c] = round.applications as [PanelRoundApplication, PanelRoundApplication, PanelRoundApplication];
  const one: Person = { ...(await createConfirmedAccount(request, "Panel Member One")) };
  const two: Person = { ...(await createConfirmedAccount(request, "Panel Member Two")) };
  const three: Person = { name: "Panel Member Three", email: uniqueEmail("panel-three"), password: "a long enough password" };
  const base = `/staff/cycles/${round.cycleId}`;

  // Staff: criteria, scoring dates and settings, the panel.
  await page.goto("/sign-in");
  await signIn(page, { email: DEMO.staff, password: DEMO_PASSWORD });
  await page.goto(base);
  await page.getByRole("link", { name: "Scoring criteria" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Scoring criteria" })).toBeVisible();
  await expectAccessible(page);
  for (const criterion of CRITERIA) {
    await page.getByLabel("Title").fill(criterion.title);
    await page.getByLabel("Guidance for the panel").fill(`Guidance on ${criterion.title.toLowerCase()}.`);
    await page.getByLabel("Weight").fill(criterion.weight);
    await page.getByLabel("Lowest score").fill("0");
    await page.getByLabel("Highest score").fill("4");
    await page.getByLabel("What each score means").fill("No evidence\nWeak evidence\nSome evidence\nGood evidence\nStrong evidence");
    await page.getByRole("button", { name: "Add criterion" }).click();
    await expect(page.getByText(criterion.title, { exact: true }).first()).toBeVisible();
  }

  await page.goto(`${base}/panel/settings`);
  await ready(page);
  await expectAccessible(page);
  const today = new Date();
  const inAWeek = new Date(today.getTime() + 7 * 24 * 3600 * 1000);
  for (const [legend, date] of [
    ["Scoring opens", new Date(today.getTime() - 24 * 3600 * 1000)],
    ["Scoring closes", inAWeek],
  ] as const) {
    const group = page.getByRole("group", { name: legend });
    await group.getByLabel("Day").fill(String(date.getUTCDate()));
    await group.getByLabel("Month").fill(String(date.getUTCMonth() + 1));
    await group.getByLabel("Year").fill(String(date.getUTCFullYear()));
  }
  await page.getByRole("group", { name: "Hide applicants' names from the panel?" }).getByLabel("No").check();
  await page.getByLabel("Every panel member scores every application").check();
  await page.getByLabel("Minimum number of scorers for each application").fill("2");
  await page.getByLabel(/Flag disagreement when scores are further apart than/).fill("25");
  await page.getByRole("button", { name: "Save panel settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Panel" })).toBeVisible();

  for (const person of [one, two, three]) {
    await page.getByLabel("Full name").fill(person.name);
    await page.getByLabel("Email address").fill(person.email);
    await page.getByLabel("Who they represent").fill("Fairness Taskforce");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("cell", { name: person.email })).toBeVisible();
  }
  await expectAccessible(page);

  // Each joins from the emailed link; the third makes an account on the way.
  const members: Record<string, Page> = {};
  for (const person of [one, two, three]) {
    const mail = await waitForEmail(person.email, /You are invited to join the panel/);
    const link = new URL(linkIn(mail, "/panel/invitations/accept"));
    const member = await browserFor(browser);
    await member.goto(link.pathname + link.search);
    if (person === three) {
      await member.getByRole("link", { name: "Create an account" }).click();
      await member.getByLabel("Full name").fill(person.name);
      await member.getByLabel("Email address").fill(person.email);
      await member.getByLabel("Create a password").fill(person.password);
      await member.getByRole("button", { name: "Create account" }).click();
      const confirm = await waitForEmail(person.email, "Confirm your email address");
      const confirmLink = new URL(linkIn(confirm, "/confirm-email"));
      await member.goto(confirmLink.pathname + confirmLink.search);
      await member.getByLabel("Password").fill(person.password);
      await member.getByRole("button", { name: "Confirm and continue" }).click();
    } else {
      await signIn(member, person);
    }
    await expect(member.getByRole("button", { name: "Join the panel" })).toBeVisible();
    if (person === one) await expectAccessible(member);
    await member.getByRole("button", { name: "Join the panel" }).click();
    await expect(member.getByRole("heading", { level: 1, name: "Your panels" })).toBeVisible();
    members[person.email] = member;
  }
  const [m1, m2, m3] = [members[one.email]!, members[two.email]!, members[three.email]!];

  // The panel's list: titles only until each is declared.
  await m1.getByRole("link", { name: /Score applications/ }).click();
  await expect(m1.getByRole("heading", { level: 1, name: round.cycleName })).toBeVisible();
  await expect(m1.getByText("Conflict of interest not declared")).toHaveCount(3);
  await expectAccessible(m1);

  // Member one has a conflict on A: they never see its content, and cannot score it.
  await m1.goto(`/panel/cycles/${round.cycleId}/applications/${a.id}`);
  await expect(m1.getByText("What project A will do")).toHaveCount(0);
  await expectAccessible(m1);
  await m1.getByLabel("Yes, I have a conflict of interest").check();
  await m1.getByLabel("Describe the conflict").fill("I volunteer with this group.");
  await m1.getByRole("button", { name: "Confirm declaration" }).click();
  await expect(m1.getByRole("heading", { name: "You have declared a conflict of interest" })).toBeVisible();
  await expect(m1.getByText("What project A will do")).toHaveCount(0);
  await expectAccessible(m1);
  const refused = await m1.request.get(`/panel/cycles/${round.cycleId}/applications/${a.id}/score`);
  expect(refused.status()).toBe(403);

  // Scores: A divides the panel (100 against 0); B and C are close.
  await score(m1, round.cycleId, b, [3, 3], { scan: true });
  await score(m1, round.cycleId, c, [2, 2]);

  // Member two has not scored B yet: member one's scores are hidden from them until they have.
  await m2.goto(`/panel/cycles/${round.cycleId}/applications/${b.id}`);
  await m2.getByLabel("No, I have no conflict of interest").check();
  await m2.getByRole("button", { name: "Confirm declaration" }).click();
  await m2.getByRole("link", { name: "Score this application" }).click();
  await expect(m2.getByText("Other panel members' scores")).toHaveCount(0);
  await expect(m2.getByText(one.name)).toHaveCount(0);
  await score(m2, round.cycleId, b, [3, 2]);
  await expect(m2.getByText("Other panel members' scores")).toBeVisible();
  await expect(m2.getByText(one.name)).toBeVisible();
  await expectAccessible(m2);
  await score(m2, round.cycleId, a, [4, 4]);
  await score(m2, round.cycleId, c, [2, 3]);
  await score(m3, round.cycleId, a, [0, 0]);
  await score(m3, round.cycleId, b, [3, 3]);
  await score(m3, round.cycleId, c, [2, 1]);

  // Staff close scoring, see the disagreement, moderate A, decide and release.
  await page.goto(`${base}/panel`);
  await page.getByRole("button", { name: "Close scoring now: panel members can no longer save scores" }).click();
  await page.goto(`${base}/moderation`);
  await expect(page.getByRole("heading", { level: 1, name: "Scores, moderation and ranking" })).toBeVisible();
  // Only A: 100 against 0. B and C are within the 25 points set above.
  const flags = page.locator(".govuk-tag", { hasText: "Scorers disagree" });
  await expect(flags).toHaveCount(1);
  await expect(page.getByRole("row").filter({ has: flags })).toContainText(a.reference);
  await expectAccessible(page);

  await page.goto(`/staff/applications/${a.id}/scores`);
  await expectAccessible(page);
  await page.getByLabel("Moderated score (out of 100)").fill("60");
  await page.getByLabel("Rationale").fill("The panel agreed the reach is strong but the plan needs a partner.");
  await page.getByRole("button", { name: "Save moderated score" }).click();
  await expect(page.getByLabel("Moderated score (out of 100)")).toHaveValue(/^60(\.0)?$/);

  await page.goto(`/staff/applications/${a.id}/decision`);
  await ready(page);
  await expectAccessible(page);
  await page.getByLabel("Award funding").check();
  await page.getByLabel("Amount to award").fill("3500");
  await page.getByLabel("Conditions of the award").fill("Confirm a partner before the first payment.");
  await page.getByLabel("Reasons for the decision").fill("Strong reach in Biscot; moderated to 60.");
  await page.getByRole("button", { name: "Save decision" }).click();

  await page.goto(`/staff/applications/${b.id}/decision`);
  await ready(page);
  await page.getByLabel("Do not fund").check();
  await page.getByLabel("Feedback for the applicant").fill("A strong idea; the budget did not show how the sessions would continue.");
  await page.getByLabel("Reasons for the decision").fill("Below the funding line.");
  await page.getByRole("button", { name: "Save decision" }).click();

  await page.goto(`/staff/applications/${c.id}/decision`);
  await ready(page);
  await page.getByLabel("Put on the reserve list").check();
  await page.getByLabel("Reasons for the decision").fill("Next in line if money is returned.");
  await page.getByRole("button", { name: "Save decision" }).click();

  await page.goto(`${base}/decisions`);
  await expect(page.getByRole("heading", { level: 1, name: "Decisions" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("I confirm these decisions are final and the letters can be sent").check();
  await page.getByRole("button", { name: "Send decision letters" }).click();

  const award = await waitForEmail(a.memberEmail, `Your application ${a.reference} has been awarded funding`);
  expect(award.text).toContain("£3,500");
  expect(award.text).toContain("Confirm a partner before the first payment.");
  const decline = await waitForEmail(b.memberEmail, `Decision on your application ${b.reference}`);
  expect(decline.text).toContain("the budget did not show how the sessions would continue");
  const reserve = await waitForEmail(c.memberEmail, `Your application ${c.reference} is on the reserve list`);
  for (const letter of [award, decline, reserve]) {
    // Never scores, never panel members' names, never the internal reasons.
    for (const secret of [one.name, two.name, three.name, "Below the funding line", "moderated to 60"]) expect(letter.text).not.toContain(secret);
  }
  // A second press sends nothing more.
  await page.goto(`${base}/decisions`);
  await expect(page.getByRole("button", { name: "Send decision letters" })).toHaveCount(0);
  const again = await page.request.post(`${base}/decisions`, { form: { confirm: "yes" }, maxRedirects: 0 });
  expect([200, 302, 409]).toContain(again.status());
  await new Promise((r) => setTimeout(r, 1000));
  for (const application of [a, b, c]) expect(await emailCount(application.memberEmail)).toBe(1);
});
