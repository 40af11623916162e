// Who may open what: every route of the portal, asked by every role, over HTTP. The server
// decides, whatever the pages show. A route added without a line here fails the first test.
import fs from "node:fs";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { DEMO, expect, signInAs, test, waitForEmail } from "./fixtures";

type Role = "anonymous" | "applicant" | "panel" | "staff" | "admin";
const ROLES: Role[] = ["anonymous", "applicant", "panel", "staff", "admin"];

/** An expected answer: a status, or a redirect to sign in ("sign-in"), or elsewhere ("away"). */
type Outcome = number | "sign-in" | "away";

type Check = { method?: "GET" | "POST"; path: string | (() => string); form?: Record<string, string> } & Record<Role, Outcome>;

const everyone = (outcome: Outcome) => ({ anonymous: outcome, applicant: outcome, panel: outcome, staff: outcome, admin: outcome });
const signedIn = (outcome: Outcome) => ({ anonymous: "sign-in" as const, applicant: outcome, panel: outcome, staff: outcome, admin: outcome });
const staffOnly = (staff: Outcome = 200) => ({ anonymous: "sign-in" as const, applicant: 403, panel: 403, staff, admin: staff });
const adminOnly = (admin: Outcome = 200) => ({ anonymous: "sign-in" as const, applicant: 403, panel: 403, staff: 403, admin });
const signedOutOnly = { anonymous: 200, applicant: "away", panel: "away", staff: "away", admin: "away" } as const;

let messageId = 0;
let applicantId = 0;
let wardId = 0;

/** Every route file, with what each role gets. */
const ROUTES: Record<string, Check[]> = {
  _index: [{ path: "/", ...everyone(200) }],
  $: [{ path: "/no-such-page", ...everyone(404) }],
  healthz: [{ path: "/healthz", ...everyone(200) }],
  accessibility: [{ path: "/accessibility", ...everyone(200) }],
  privacy: [{ path: "/privacy", ...everyone(200) }],
  "sign-in": [{ path: "/sign-in", ...signedOutOnly }],
  "sign-up": [{ path: "/sign-up", ...signedOutOnly }],
  "check-your-email": [{ path: "/check-your-email?email=a%40example.test", ...everyone(200) }],
  "confirm-email": [
    { path: "/confirm-email?token=not-a-token", ...everyone(200) },
    { method: "POST", path: "/confirm-email", form: { token: "not-a-token-but-long-enough", password: "whatever" }, ...everyone("away") },
    { method: "POST", path: "/confirm-email", form: { token: "short" }, ...everyone(400) },
  ],
  "forgot-password": [{ path: "/forgot-password", ...everyone(200) }],
  "reset-password": [
    { path: "/reset-password?token=not-a-token", ...everyone(200) },
    { method: "POST", path: "/reset-password", form: { token: "not-a-token-but-long-enough", password: "long enough pass" }, ...everyone("away") },
  ],
  "sign-out": [
    { path: "/sign-out", ...everyone("away") },
    { method: "POST", path: "/sign-out", ...everyone("away") },
  ],
  home: [{ path: "/home", ...signedIn("away") }],
  applicant: [{ path: "/applicant", ...signedIn(200) }],
  panel: [{ path: "/panel", anonymous: "sign-in", applicant: 403, panel: 200, staff: 403, admin: 403 }],
  // Its POST signs the person out on their other devices: tested on an account of its own
  // (account.spec.ts), as here it would sign the demo people out of every other test.
  "account._index": [{ path: "/account", ...signedIn(200) }],
  "account.password": [
    { path: "/account/password", ...signedIn(200) },
    { method: "POST", path: "/account/password", form: { currentPassword: "wrong", password: "x" }, ...signedIn(400) },
  ],
  "staff._index": [{ path: "/staff", ...staffOnly() }],
  "staff.outbox._index": [{ path: "/staff/outbox", ...staffOnly() }],
  "staff.outbox.$messageId": [
    { path: () => `/staff/outbox/${messageId}`, ...staffOnly() },
    { path: "/staff/outbox/999999", ...staffOnly(404) },
    // Retrying a message that has not failed is refused even for staff.
    { method: "POST", path: () => `/staff/outbox/${messageId}`, ...staffOnly(409) },
  ],
  "staff.outbox.$messageId_.body": [{ path: () => `/staff/outbox/${messageId}/body`, ...staffOnly() }],
  "staff.wards._index": [{ path: "/staff/wards", ...staffOnly() }],
  "staff.wards.$wardId": [
    { path: () => `/staff/wards/${wardId}`, ...staffOnly() },
    { method: "POST", path: () => `/staff/wards/${wardId}`, form: { code: "not a code", neighbourhoodId: "none" }, ...staffOnly(400) },
  ],
  "admin._index": [{ path: "/admin", ...adminOnly() }],
  "admin.place": [
    { path: "/admin/place", ...adminOnly() },
    { method: "POST", path: "/admin/place", form: { contactEmail: "not an email" }, ...adminOnly(400) },
  ],
  "admin.users.$userId": [
    { path: () => `/admin/users/${applicantId}`, ...adminOnly() },
    { method: "POST", path: () => `/admin/users/${applicantId}`, form: { role: "nonsense" }, ...adminOnly(400) },
  ],
};

test("every route file has its line in the table", () => {
  const files = fs
    .readdirSync(path.resolve("app/routes"))
    .map((f) => f.replace(/\.(tsx|ts)$/, ""))
    .sort();
  expect(files).toEqual(Object.keys(ROUTES).sort());
});

test.describe("each role at each route", () => {
  test.describe.configure({ mode: "serial" });
  const contexts = {} as Record<Role, APIRequestContext>;

  test.beforeAll(async ({ baseURL }) => {
    for (const role of ROLES) {
      contexts[role] = await playwrightRequest.newContext({ baseURL });
      if (role !== "anonymous") await signInAs(contexts[role], DEMO[role]);
    }
    // An email staff may read (not a sign-in link), and the ids the table needs.
    await contexts.anonymous.post("/sign-up", {
      form: { name: "Someone", email: DEMO.applicant, password: "a long enough password" },
      maxRedirects: 0,
    });
    await waitForEmail(DEMO.applicant, "You already have an account");
    const outbox = await (await contexts.staff.get("/staff/outbox")).text();
    const subjectLink = outbox.match(/href="\/staff\/outbox\/(\d+)"[^>]*>You already have an account/);
    messageId = Number(subjectLink?.[1]);
    const people = await (await contexts.admin.get("/admin")).text();
    applicantId = Number(people.match(/applicant@demo\.test[\s\S]*?href="\/admin\/users\/(\d+)"/)?.[1]);
    const wards = await (await contexts.staff.get("/staff/wards")).text();
    wardId = Number(wards.match(/href="\/staff\/wards\/(\d+)"/)?.[1]);
    expect(messageId && applicantId && wardId).toBeTruthy();
  });

  test.afterAll(async () => {
    // Sign-out checks come last in the table, but each context is thrown away here anyway.
    for (const role of ROLES) await contexts[role]?.dispose();
  });

  for (const [file, checks] of Object.entries(ROUTES)) {
    // Signing out would end the session the other checks use: do those with a fresh sign-in.
    test(`${file}`, async ({ baseURL }) => {
      for (const check of checks) {
        for (const role of ROLES) {
          let context = contexts[role];
          const ownContext = check.method === "POST" && file === "sign-out";
          if (ownContext) {
            context = await playwrightRequest.newContext({ baseURL });
            if (role !== "anonymous") await signInAs(context, DEMO[role]);
          }
          const target = typeof check.path === "function" ? check.path() : check.path;
          const response =
            check.method === "POST"
              ? await context.post(target, { form: check.form ?? {}, maxRedirects: 0 })
              : await context.get(target, { maxRedirects: 0 });
          const expected = check[role];
          const where = `${role} ${check.method ?? "GET"} ${target}`;
          if (expected === "sign-in") {
            expect(response.status(), where).toBe(302);
            expect(response.headers()["location"], where).toMatch(/^\/sign-in/);
          } else if (expected === "away") {
            expect(response.status(), where).toBe(302);
            expect(response.headers()["location"], where).not.toMatch(/^\/sign-in\?redirectTo/);
          } else {
            expect(response.status(), where).toBe(expected);
          }
          if (ownContext) await context.dispose();
        }
      }
    });
  }
});

test("a form posted from another site, or a sandboxed frame, is refused", async ({ request }) => {
  for (const origin of ["https://evil.example", "null", "not a url"]) {
    const response = await request.post("/sign-in", {
      form: { email: DEMO.staff, password: "demo-password" },
      headers: { Origin: origin },
      maxRedirects: 0,
    });
    expect(response.status(), origin).toBe(403);
  }
});

test("after signing in, only addresses on this site are followed", async ({ request }) => {
  await signInAs(request, DEMO.applicant);
  // Browsers drop a tab from an address, which would turn "/\t/evil.example" into "//evil.example".
  for (const target of ["/%09/evil.example", "//evil.example", "https://evil.example/", "/%5Cevil.example"]) {
    const response = await request.get(`/sign-in?redirectTo=${encodeURIComponent(decodeURIComponent(target))}`, { maxRedirects: 0 });
    expect(response.status(), target).toBe(302);
    expect(response.headers()["location"], target).toBe("/applicant");
  }
});

test("pages carry a content security policy and no framing", async ({ request }) => {
  const response = await request.get("/");
  const policy = response.headers()["content-security-policy"];
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
});
