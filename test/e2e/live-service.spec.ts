// A live service that starts clean, in the browser. This spec starts the built portal itself on a
// new database with DEMO_DATA=false and no mail server (its own port and files, one server per
// project, so the shared browser-test server is not touched): no demo people or rounds; `npm run
// admin:create` prints a link where the first administrator chooses a password and lands on
// "Before you go live"; the contact email then appears on the public pages; a programme is added,
// given its usual returns, changed, retired and brought back, all through the pages. Then a second
// portal that began as the demo: a real administrator retires the demo data through the pages.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, expectAccessible, ready, test } from "./fixtures";

const run = promisify(execFile);
const BASE = Number(process.env.E2E_PORT_BASE ?? 3210);

/** A portal this spec starts itself: its address, its settings, `npm run admin:create` with them, and a way to stop it. */
type Portal = { origin: string; env: NodeJS.ProcessEnv; adminCreate: (...args: string[]) => Promise<string>; stop: () => Promise<void> };

async function startPortal(port: number, demo: boolean): Promise<Portal> {
  const origin = `http://localhost:${port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "live-service-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_PATH: path.join(dir, "portal.sqlite"),
    APP_URL: origin,
    DEMO_DATA: demo ? "true" : "false",
    SESSION_SECRET: "live-service-spec-session-secret-0123456789",
    OUTBOX_POLL_MS: "200",
  };
  delete env.SMTP_URL;
  // Its own process group, so that stopping it stops the processes tsx starts too.
  const child: ChildProcess = spawn("npx", ["tsx", "server/index.ts"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout?.on("data", (d) => (log += String(d)));
  child.stderr?.on("data", (d) => (log += String(d)));
  const stop = async () => {
    if (!child.pid || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid, "SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`The portal on ${origin} did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const adminCreate = async (...args: string[]) =>
    (await run("npm", ["run", "--silent", "admin:create", "--", ...args], { env, timeout: 60_000 })).stdout;
  return { origin, env, adminCreate, stop };
}

/** JS on and JS off run at once: each project has its own portals, on its own ports. */
const portFor = (project: string, offset: number) => BASE + 50 + offset * 2 + (project === "no-js" ? 1 : 0);

let live: Portal | null = null;
let origin = "";

// The journey builds on itself: the tests run in order, in one worker per project.
test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  live = await startPortal(portFor(testInfo.project.name, 0), false);
  origin = live.origin;
});

test.afterAll(async () => {
  await live?.stop();
});

const adminCreate = (...args: string[]) => live!.adminCreate(...args);

const linkIn = (output: string) => {
  const match = output.match(/http:\/\/localhost:\d+\/set-password\?token=[A-Za-z0-9_-]+/);
  if (!match) throw new Error(`No link in:\n${output}`);
  return match[0];
};

test("a new live service has no demo people or rounds", async ({ page }) => {
  await page.goto(`${origin}/`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Apply for health equity funding in Luton");
  await expect(page.getByRole("heading", { level: 3, name: "Collaboration Fund" })).toBeVisible();
  await expect(page.getByText("There is no round open for applications at the moment.")).toHaveCount(2);
  await expect(page.getByRole("link", { name: /Find out if you can apply/ })).toHaveCount(0);
  await expect(page.locator(".govuk-phase-banner")).toContainText("Beta");
  await expect(page.locator(".govuk-phase-banner")).not.toContainText("Demo");
  // No contact email yet: no "Get help".
  await expect(page.getByTestId("help-contact")).toHaveCount(0);
  await expectAccessible(page);

  await page.goto(`${origin}/funded-projects`);
  await expect(page.getByRole("link", { name: /demo/i })).toHaveCount(0);
  await expect(page.locator("main")).not.toContainText("(demo)");

  // The demo's people do not exist here.
  await page.goto(`${origin}/sign-in`);
  await ready(page);
  await page.getByLabel("Email address").fill("admin@demo.test");
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter the email address and password for your account");
  await expectAccessible(page);
});

test("npm run admin:create makes the first administrator, who chooses a password and sees Before you go live", async ({ page }) => {
  const output = await adminCreate("--email", "first.admin@luton.example", "--name", "Pat Okafor");
  expect(output).toContain("Made a new administrator account for first.admin@luton.example (Pat Okafor).");
  const link = linkIn(output);

  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose your password");
  await expect(page.getByText("first.admin@luton.example")).toBeVisible();
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("Password").fill("too short");
  await page.getByRole("button", { name: "Save password and sign in" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Password must be 10 characters or more");
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Save password and sign in" }).click();

  await expect(page).toHaveURL(`${origin}/admin/go-live`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Before you go live");
  const items = page.locator(".govuk-task-list__item");
  await expect(items).toHaveCount(8);
  const item = (name: string) => items.filter({ hasText: name });
  await expect(item("Contact email")).toContainText("Not ready");
  await expect(item("Mail server")).toContainText("SMTP_URL is not set");
  await expect(item("The portal's address uses https")).toContainText(`APP_URL is ${origin}`);
  await expect(item("360Giving prefix and funder identifier")).toContainText("Not ready");
  await expect(item("Wards' neighbourhoods and ONS codes")).toContainText("20 wards have no neighbourhood; 20 wards have no ONS code");
  await expect(item("Indicators' Fingertips IDs")).toContainText("have no Fingertips ID");
  await expect(item("Demo data")).toContainText("There are no demo accounts or demo rounds in use.");
  await expect(item("Demo data").locator(".govuk-task-list__status")).toHaveText("Ready");
  await expect(item("A published round")).toContainText("No round is published yet");
  await expect(page.getByText("1 of 8 things are ready.")).toBeVisible();
  await expectAccessible(page);

  // The link works once.
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("There is a problem with the link");
  await expect(page.getByText("The link has already been used.")).toBeVisible();
  await expectAccessible(page);

  // A test email: with no mail server it waits in the outbox, and the page says so.
  await page.goto(`${origin}/admin/go-live`);
  await ready(page);
  await page.getByLabel("Email address to send it to").fill("not an email");
  await page.getByRole("button", { name: "Send a test email" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter an email address in the correct format");
  await expectAccessible(page);
  await page.getByLabel("Email address to send it to").fill("inbox@luton.example");
  await page.getByRole("button", { name: "Send a test email" }).click();
  await expect(page.getByText("The test email is in the outbox.")).toBeVisible();
  const row = page.getByRole("table", { name: "Recent test emails" }).getByRole("row").filter({ hasText: "inbox@luton.example" });
  await expect(row).toContainText("Waiting in the outbox: with no mail server set, it will not be sent");
  await expectAccessible(page);
  await row.getByRole("link", { name: "Open the test email to inbox@luton.example in the outbox" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Test email from the Health Equity Funding Portal");

  // The contact email: set where the item links, then ready, and on every public page.
  await page.goto(`${origin}/admin/go-live`);
  await page.getByRole("link", { name: "Contact email" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Place settings");
  await ready(page);
  await page.getByLabel("What email address should people contact?").fill("health.equity@luton.example");
  await page.getByRole("button", { name: "Save" }).click();
  await page.goto(`${origin}/admin/go-live`);
  await expect(item("Contact email")).toContainText("People are told to write to health.equity@luton.example.");
  await expect(item("Contact email").locator(".govuk-task-list__status")).toHaveText("Ready");
  // Not on admin or staff pages.
  await expect(page.getByTestId("help-contact")).toHaveCount(0);
  for (const address of ["/", "/funded-projects", "/accessibility", "/privacy"]) {
    await page.goto(`${origin}${address}`);
    const help = page.getByTestId("help-contact");
    await expect(help.getByRole("heading", { name: "Get help" })).toBeVisible();
    await expect(help.getByRole("link", { name: "health.equity@luton.example" })).toHaveAttribute("href", "mailto:health.equity@luton.example");
  }
  await expectAccessible(page);
});

test("running npm run admin:create again gives a new link, and the one before it stops working", async ({ page }) => {
  const older = linkIn(await adminCreate("--email", "second.admin@luton.example"));
  const newer = linkIn(await adminCreate("--email", "second.admin@luton.example"));
  await page.goto(older);
  await expect(page.getByText(/The link has expired, or a newer link has been made since/)).toBeVisible();
  await page.goto(newer);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose your password");
});

test("an admin adds a programme, gives it its usual returns, changes it, retires it and brings it back", async ({ page }) => {
  const signedIn = await page.request.post(`${origin}/sign-in`, { form: { email: "first.admin@luton.example", password: "a long enough password" }, maxRedirects: 0 });
  expect(signedIn.status()).toBe(302);
  await page.goto(`${origin}/staff`);
  await page.getByRole("link", { name: "Programmes: their rounds, usual returns and grant terms" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Programmes");
  await expect(page.getByRole("row").filter({ hasText: "Collaboration Fund" })).toContainText("No round open");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Add a programme" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Add a programme");
  await expectAccessible(page);
  await ready(page);
  await page.getByRole("button", { name: "Add programme" }).click();
  const errors = page.locator(".govuk-error-summary");
  await expect(errors).toContainText("Enter the programme's name");
  await expect(errors).toContainText("Enter the reference prefix");
  await expect(errors).toContainText("Enter a summary");
  await expectAccessible(page);

  await page.getByLabel("Name", { exact: true }).fill("Healthy Homes Fund");
  await page.getByLabel("Reference prefix").fill("cf");
  await page.getByLabel("Summary").fill("Grants for groups that help people keep their homes warm, dry and safe.");
  await page.getByLabel("Funder organisation identifier (optional)").fill("not an identifier");
  await page.getByRole("button", { name: "Add programme" }).click();
  await expect(errors).toContainText("Enter the funder organisation identifier in the org-id.guide format");
  await expect(page.getByLabel("Summary")).toHaveValue("Grants for groups that help people keep their homes warm, dry and safe.");
  await page.getByLabel("Funder organisation identifier (optional)").fill("gb-chc-1164021");
  await page.getByRole("button", { name: "Add programme" }).click();
  // CF is the Collaboration Fund's: refused on the server, with what was typed kept.
  await expect(errors).toContainText("Collaboration Fund already uses the reference prefix CF. Choose another.");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Healthy Homes Fund");
  await expectAccessible(page);
  await page.getByLabel("Reference prefix").fill("HH");
  await page.getByRole("button", { name: "Add programme" }).click();

  await expect(page.getByText("The programme has been added.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Healthy Homes Fund");
  await expect(page.locator(".govuk-summary-list")).toContainText(/HH \(references like HH-\d{4}-0001\)/);
  await expect(page.locator(".govuk-summary-list")).toContainText("GB-CHC-1164021");
  await expect(page.getByRole("link", { name: "Create a round" })).toHaveAttribute("href", /\/staff\/programmes\/\d+\/rounds\/new$/);
  await expect(page.getByText("The programme has no rounds yet.")).toBeVisible();
  await expectAccessible(page);
  const programmeUrl = page.url().replace(/\?.*$/, "");

  // Its usual returns: none until staff set some.
  await expect(page.getByText("No returns: awards of this programme are not asked for evaluation returns.")).toBeVisible();
  await page.getByRole("link", { name: "Change the usual return schedule" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Usual return schedule");
  await expectAccessible(page);
  await ready(page);
  const adding = page.getByRole("group", { name: "Add a return (optional)" });
  await adding.getByLabel("Title").fill("Final report");
  await adding.getByLabel("Months after the project starts").fill("13");
  await page.getByRole("button", { name: "Save usual return schedule" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Select what kind of return it is");
  await expectAccessible(page);
  await page.getByRole("group", { name: /Add a return|Final report/ }).getByLabel("Kind of return").selectOption("final");
  await page.getByRole("button", { name: "Save usual return schedule" }).click();
  await expect(page.getByText("The programme's usual return schedule has been saved.")).toBeVisible();
  await expect(page.locator("main")).toContainText("Final report (final return), 13 months after the project starts");

  // Its words; an admin may still change the prefix (no application yet).
  await page.getByRole("link", { name: /Change the programme’s details/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Change the programme’s details");
  await expect(page.getByLabel("Reference prefix")).toHaveValue("HH");
  await expectAccessible(page);
  await ready(page);
  await page.getByLabel("Who runs it (optional)").fill("Luton public health with the housing team");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("The programme has been saved.")).toBeVisible();
  await expect(page.locator(".govuk-summary-list")).toContainText("Luton public health with the housing team");

  // Retire it: no new rounds; then bring it back.
  await page.getByRole("button", { name: "Retire the programme" }).click();
  await expect(page.getByText("The programme has been retired.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Retired");
  await expect(page.getByRole("link", { name: "Create a round" })).toHaveCount(0);
  await expectAccessible(page);
  await page.goto(`${origin}/staff/programmes`);
  await expect(page.getByRole("row").filter({ hasText: "Healthy Homes Fund" })).toContainText("Retired");
  await page.goto(programmeUrl);
  await page.getByRole("button", { name: "Bring the programme back" }).click();
  await expect(page.getByText("The programme has been brought back.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Create a round" })).toBeVisible();
});

test.describe("a portal that began as the demo", () => {
  let demo: Portal | null = null;

  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(120_000);
    demo = await startPortal(portFor(testInfo.project.name, 1), true);
  });

  test.afterAll(async () => {
    await demo?.stop();
  });

  test("a real administrator retires the demo data, and nothing demo is left on the public pages", async ({ page }) => {
    const at = (address: string) => `${demo!.origin}${address}`;
    await page.goto(at("/"));
    await expect(page.locator(".govuk-phase-banner")).toContainText("Demo");
    await expect(page.getByRole("link", { name: /Find out if you can apply/ })).toHaveCount(2);

    await page.goto(linkIn(await demo!.adminCreate("--email", "going.live@luton.example", "--name", "Sam Reyes")));
    await ready(page);
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Save password and sign in" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Before you go live");
    const demoItem = page.locator(".govuk-task-list__item").filter({ hasText: "Demo data" });
    await expect(demoItem).toContainText("6 demo accounts are open, with a known password, and 3 demo rounds are on the public pages.");
    await demoItem.getByRole("link", { name: "Demo data" }).click();

    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Retire the demo data");
    await expect(page.getByRole("main")).toContainText("closes the 6 demo accounts");
    await expect(page.getByRole("main")).toContainText("archives the 3 demo rounds");
    await expect(page.getByRole("main")).toContainText("Amira Khan (demo applicant) (applicant@demo.test)");
    await expectAccessible(page);
    await ready(page);
    await page.getByRole("button", { name: "Retire the demo data" }).click();
    await expect(page.getByText("The demo data has been retired: the demo accounts are closed and the demo rounds are archived.")).toBeVisible();
    await expect(demoItem.locator(".govuk-task-list__status")).toHaveText("Ready");
    await expectAccessible(page);

    // Pressed again: nothing left to retire.
    await page.goto(at("/admin/go-live/retire-demo"));
    await expect(page.getByText("There is no demo data left to retire")).toBeVisible();
    await expect(page.getByRole("button", { name: "Retire the demo data" })).toHaveCount(0);

    // The public pages: no demo round, no demo project, no "Demo" banner.
    await page.goto(at("/"));
    await expect(page.getByRole("link", { name: /Find out if you can apply/ })).toHaveCount(0);
    await expect(page.locator(".govuk-phase-banner")).not.toContainText("Demo");
    await expectAccessible(page);
    await page.goto(at("/funded-projects"));
    await expect(page.getByRole("main")).not.toContainText("(demo)");
    await expectAccessible(page);

    // The demo people cannot sign in any more.
    await page.request.post(at("/sign-out"), { maxRedirects: 0 });
    await page.goto(at("/sign-in"));
    await ready(page);
    await page.getByLabel("Email address").fill("admin@demo.test");
    await page.getByLabel("Password").fill("demo-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator(".govuk-error-summary")).toContainText("This account has been closed");
  });
});
