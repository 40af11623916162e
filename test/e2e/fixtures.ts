// Shared helpers for the browser tests: sign in as a demo person, read mail that reached the
// SMTP sink, create a fresh confirmed account, and scan a page for accessibility problems.
import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { MAIL_API } from "../../playwright.config";

export const DEMO = {
  applicant: "applicant@demo.test",
  panel: "panel@demo.test",
  staff: "staff@demo.test",
  admin: "admin@demo.test",
} as const;
export type DemoRole = keyof typeof DEMO;
export const DEMO_PASSWORD = "demo-password";

export type Mail = { to: string[]; subject: string; text: string; html: string };

/** Waits for an email to reach the SMTP sink. */
export async function waitForEmail(to: string, subject: string | RegExp, options: { after?: number } = {}): Promise<Mail> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${MAIL_API}/messages?to=${encodeURIComponent(to)}`);
    const messages = (await response.json()) as Mail[];
    const found = messages
      .slice(options.after ?? 0)
      .find((m) => (typeof subject === "string" ? m.subject === subject : subject.test(m.subject)));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`No email "${subject}" reached ${to}`);
}

export async function emailCount(to: string): Promise<number> {
  const response = await fetch(`${MAIL_API}/messages?to=${encodeURIComponent(to)}`);
  return ((await response.json()) as Mail[]).length;
}

export function linkIn(mail: Mail, path: string): string {
  const match = mail.text.match(new RegExp(`https?://[^\\s]+${path.replace(/[?]/g, "\\?")}[^\\s]*`));
  if (!match) throw new Error(`No ${path} link in "${mail.subject}"`);
  return match[0];
}

export const uniqueEmail = (label: string) =>
  `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`;

/** Signs in through the HTTP form (no clicking), sharing cookies with the page. */
export async function signInAs(request: APIRequestContext, email: string, password = DEMO_PASSWORD) {
  const response = await request.post("/sign-in", { form: { email, password }, maxRedirects: 0 });
  expect(response.status(), `sign in as ${email}`).toBe(302);
}

/** A new person with a confirmed account, made through the real sign-up and email link. */
export async function createConfirmedAccount(request: APIRequestContext, name = "Test Person") {
  const email = uniqueEmail("person");
  const password = "a long enough password";
  await request.post("/sign-up", { form: { name, email, password }, maxRedirects: 0 });
  const mail = await waitForEmail(email, "Confirm your email address");
  const token = new URL(linkIn(mail, "/confirm-email")).searchParams.get("token")!;
  const confirmed = await request.post("/confirm-email", { form: { token, password }, maxRedirects: 0 });
  expect(confirmed.status()).toBe(302);
  // That signed this request context in; sign it out again so callers start clean.
  await request.post("/sign-out", { maxRedirects: 0 });
  return { email, password, name };
}

/**
 * Zero WCAG 2.2 A and AA violations (and axe's best practices) on the page as it stands.
 * axe runs as a script, which a page with JavaScript off cannot: then the exact HTML that page
 * shows is served again at its address to a scripted page whose own scripts are blocked (one
 * such page per browser, reused, so that each scan does not pay for a new browser context).
 */
export async function expectAccessible(page: Page, options: { exclude?: string[] } = {}) {
  const jsOff = test.info().project.use.javaScriptEnabled === false;
  let target = page;
  if (jsOff) {
    const copy = await scannerFor(page.context().browser()!);
    const url = page.url().replace(/#.*$/, "");
    copy.show(url, await page.content());
    // Away first, so that scanning the same address twice still loads the new copy.
    await copy.page.goto("about:blank");
    await copy.page.goto(url);
    target = copy.page;
  }
  await scan(target, options.exclude ?? []);
}

type Scanner = { page: Page; show: (url: string, html: string) => void };
const scanners = new WeakMap<Browser, Promise<Scanner>>();

/** The browser's page for scanning copies of JavaScript-off pages: it serves the copy, blocks scripts. */
function scannerFor(browser: Browser): Promise<Scanner> {
  let scanner = scanners.get(browser);
  if (!scanner) {
    scanner = (async () => {
      const context = await browser.newContext({ javaScriptEnabled: true });
      let shown = { url: "", html: "" };
      await context.route("**/*", (route) => {
        const request = route.request();
        if (request.url() === shown.url && request.resourceType() === "document") return route.fulfill({ body: shown.html, contentType: "text/html; charset=utf-8" });
        if (request.resourceType() === "script") return route.abort();
        return route.continue();
      });
      const page = await context.newPage();
      return { page, show: (url: string, html: string) => (shown = { url, html }) };
    })();
    scanners.set(browser, scanner);
  }
  return scanner;
}

/**
 * Zero WCAG 2.2 A and AA violations in an email's HTML. (axe's page best practices, such as
 * a <main> landmark, are for web pages, not emails.)
 */
export async function expectEmailAccessible(page: Page, html: string) {
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: true });
  try {
    const copy = await context.newPage();
    await copy.setContent(html);
    await scan(copy, [], WCAG);
  } finally {
    await context.close();
  }
}

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

async function scan(page: Page, exclude: string[], tags = [...WCAG, "best-practice"]) {
  let builder = new AxeBuilder({ page });
  for (const selector of exclude) builder = builder.exclude(selector);
  const results = await builder.withTags(tags).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary, `accessibility problems on ${page.url()}`).toEqual([]);
}

/** With JavaScript on, wait until the page has hydrated so the browser-side checks run. */
export async function ready(page: Page) {
  await page.waitForLoadState("networkidle");
}

export const test = base;
export { expect };

export type Programme = "cf" | "prize";

/** The id of the open demo round of a programme, read from the start page. */
export async function demoCycleId(request: APIRequestContext, programme: Programme): Promise<number> {
  const html = await (await request.get("/")).text();
  const name = programme === "cf" ? "Collaboration Fund" : "Health Equity Town Prize";
  // The demo round itself, not another round of the programme that a test has opened.
  const match = html.match(new RegExp(`href="/apply/(\\d+)"[^>]*>Find out if you can apply<span class="govuk-visually-hidden"> to (?:<!-- -->)?${name}[^<]*\\(demo round\\)</span>`));
  if (!match) throw new Error(`No open ${name} round on the start page`);
  return Number(match[1]);
}

/**
 * A fresh confirmed account with its own organisation (complete details) and a draft
 * application on the demo round of the programme (or on the round `options.cycleId`), made
 * through the portal's own forms. Leaves `request` signed in as that person.
 */
export async function draftApplication(request: APIRequestContext, programme: Programme, options: { cycleId?: number } = {}) {
  const { email, password, name } = await createConfirmedAccount(request, "Applicant Person");
  await signInAs(request, email, password);
  const cycleId = options.cycleId ?? (await demoCycleId(request, programme));
  const type = programme === "cf" ? "community_or_faith_group" : "business";
  const created = await request.post(`/organisations/new?cycle=${cycleId}`, {
    form: { name: `Test Group ${Math.random().toString(36).slice(2, 8)}`, type, charityNumber: "", companyNumber: programme === "prize" ? "01234567" : "" },
    maxRedirects: 0,
  });
  expect(created.status(), "organisation created").toBe(302);
  const organisationId = Number(created.headers()["location"]!.match(/\/organisations\/(\d+)\//)![1]);
  const address = await request.post(`/organisations/${organisationId}/address?cycle=${cycleId}`, {
    form: { addressLine1: "2 Test Road", addressLine2: "", town: "Luton", postcode: "LU2 7AB", wardId: "outside" },
    maxRedirects: 0,
  });
  expect(address.status(), "organisation address").toBe(302);
  const contact = await request.post(`/organisations/${organisationId}/contact?cycle=${cycleId}`, {
    form: { contactName: name, contactEmail: email, contactPhone: "01582 123456", website: "" },
    maxRedirects: 0,
  });
  expect(contact.status(), "organisation contact").toBe(302);
  const started = await request.post(`/apply/${cycleId}/start`, { form: { organisation: String(organisationId) }, maxRedirects: 0 });
  expect(started.status(), "application started").toBe(302);
  const applicationId = Number(started.headers()["location"]!.match(/\/applications\/(\d+)/)![1]);
  return { applicationId, email, password, name, organisationId, cycleId };
}
