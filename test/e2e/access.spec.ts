// Who may open what: every route of the portal, asked by every role, over HTTP. The server
// decides, whatever the pages show. A route added without a line here fails the first test.
import fs from "node:fs";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import Database from "better-sqlite3";
import { DEMO, demoCycleId, expect, signInAs, test, waitForEmail } from "./fixtures";
import { questionRound, type QuestionRound } from "./question-fixtures";

type Role = "anonymous" | "applicant" | "panel" | "staff" | "admin";
const ROLES: Role[] = ["anonymous", "applicant", "panel", "staff", "admin"];

/** An expected answer: a status, or a redirect to sign in ("sign-in"), or elsewhere ("away"). */
type Outcome = number | "sign-in" | "away";

type Check = { method?: "GET" | "POST"; path: string | (() => string); form?: Record<string, string> | (() => Record<string, string>) } & Record<Role, Outcome>;

const everyone = (outcome: Outcome) => ({ anonymous: outcome, applicant: outcome, panel: outcome, staff: outcome, admin: outcome });
const signedIn = (outcome: Outcome) => ({ anonymous: "sign-in" as const, applicant: outcome, panel: outcome, staff: outcome, admin: outcome });
const staffOnly = (staff: Outcome = 200) => ({ anonymous: "sign-in" as const, applicant: 403, panel: 403, staff, admin: staff });
const adminOnly = (admin: Outcome = 200) => ({ anonymous: "sign-in" as const, applicant: 403, panel: 403, staff: 403, admin });
/** A draft round's applicant pages: staff see a preview, nobody else sees anything. */
const draftPreview = { anonymous: 404, applicant: 404, panel: 404, staff: 200, admin: 200 } as const;
/** Only panel members of the round; applicants, staff and admins are refused. */
const panelOnly = (panel: Outcome = 200) => ({ anonymous: "sign-in" as const, applicant: 403, panel, staff: 403, admin: 403 });
const signedOutOnly = { anonymous: 200, applicant: "away", panel: "away", staff: "away", admin: "away" } as const;

let messageId = 0;
let applicantId = 0;
let wardId = 0;
/** The Prize demo round and its submitted demo application (staff intake). */
let prizeCycleId = 0;
let submittedId = 0;
/** The demo applicant's organisation, a draft application of theirs, and the open demo round. */
let organisationId = 0;
let applicationId = 0;
let cycleId = 0;
/** A draft round made by staff for these checks (incomplete: it cannot be published). */
let draftCycleId = 0;
/** A scoring criterion of the open Collaboration Fund demo round. */
let criterionId = 0;
/**
 * A round of its own with one question and one requested document, and a draft of the demo
 * applicant's organisation in it (so its questions are locked: every change is refused).
 */
let asked: QuestionRound = { cycleId: 0, cycleName: "", questionId: null, documentId: null, applicationId: null };
const askedRound = (page = "") => () => `/staff/cycles/${asked.cycleId}${page ? `/${page}` : ""}`;
/** Demo awards (last year's decided round): the demo applicant's, and Lewsey Walking Friends' (its story is published). */
let granteeAwardId = 0;
let caseStudyAwardId = 0;

/** A demo award's id, read from the browser tests' database (for addresses only). */
function demoAwardId(titleStart: string): number {
  const sqlite = new Database("test-results/e2e-db/portal.sqlite", { readonly: true });
  try {
    const row = sqlite
      .prepare("select a.id from awards a join applications p on p.id = a.application_id where p.title like ? order by a.id limit 1")
      .get(`${titleStart}%`) as { id: number } | undefined;
    if (!row) throw new Error(`No demo award "${titleStart}"`);
    return row.id;
  } finally {
    sqlite.close();
  }
}
/** The demo applicant's accepted award, its (decided) demo round and its programme. */
let awardId = 0;
let awardCycleId = 0;
let awardProgrammeId = 0;
/** The demo award's scheduled instalment (instalment 2, waiting for the interim return), from staff's payments page. */
let demoInstalmentId = 0;

/** An indicator (from staff's list) and the place file's import of indicator values (from the browser tests' database). */
let indicatorId = 0;
let placeImportId = 0;
function firstImportId(): number {
  const sqlite = new Database("test-results/e2e-db/portal.sqlite", { readonly: true });
  try {
    const row = sqlite.prepare("select id from indicator_imports where source = 'place file' order by id limit 1").get() as { id: number } | undefined;
    if (!row) throw new Error("No place file import");
    return row.id;
  } finally {
    sqlite.close();
  }
}

/** The demo applicant's interim return (not started, in the demo data), read from the browser tests' database. */
let demoReturnId = 0;
function demoInterimReturnId(): number {
  const sqlite = new Database("test-results/e2e-db/portal.sqlite", { readonly: true });
  try {
    const row = sqlite
      .prepare(
        "select r.id from evaluation_returns r join awards a on a.id = r.award_id join applications p on p.id = a.application_id where p.title like 'Cook and eat together%' and r.kind = 'interim' order by r.id limit 1",
      )
      .get() as { id: number } | undefined;
    if (!row) throw new Error("No demo interim return");
    return row.id;
  } finally {
    sqlite.close();
  }
}
const ret = (page = "") => () => `/returns/${demoReturnId}${page ? `/${page}` : ""}`;

/** Only the members of the organisation: everyone else is refused, whatever their role. */
const membersOnly = (member: Outcome = 200) => ({ anonymous: "sign-in" as const, applicant: member, panel: 403, staff: 403, admin: 403 });
const app = (page = "") => () => `/applications/${applicationId}${page ? `/${page}` : ""}`;

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
  // The link `npm run admin:create` prints: a token that is not one gets the plain "problem with the link" page.
  "set-password": [
    { path: "/set-password?token=not-a-token", ...everyone(200) },
    { path: "/set-password", ...everyone(200) },
    { method: "POST", path: "/set-password", form: { token: "not-a-token-but-long-enough", password: "long enough pass" }, ...everyone("away") },
    { method: "POST", path: "/set-password", form: { token: "short", password: "x" }, ...everyone(400) },
  ],
  "sign-out": [
    { path: "/sign-out", ...everyone("away") },
    { method: "POST", path: "/sign-out", ...everyone("away") },
  ],
  home: [{ path: "/home", ...signedIn("away") }],
  applicant: [{ path: "/applicant", ...signedIn(200) }],
  "panel._index": [{ path: "/panel", anonymous: "sign-in", applicant: 403, panel: 200, staff: 403, admin: 403 }],
  // The demo panel member sits on both demo rounds; nobody else does (staff are not panel members
  // by role). A round with no seat, or an application of another round, opens nothing.
  "panel.cycles.$cycleId._index": [
    { path: () => `/panel/cycles/${prizeCycleId}`, ...panelOnly() },
    { path: "/panel/cycles/999999", ...signedIn(403) },
  ],
  // The Prize demo application, not declared on by the demo panel member: the declaration form.
  "panel.cycles.$cycleId.applications.$applicationId._index": [
    { path: () => `/panel/cycles/${prizeCycleId}/applications/${submittedId}`, ...panelOnly() },
    { path: () => `/panel/cycles/${cycleId}/applications/${submittedId}`, ...panelOnly(404) },
    { path: () => `/panel/cycles/${prizeCycleId}/applications/${applicationId}`, ...panelOnly(404) },
    // A declaration with no answer: refused before anything is stored.
    { method: "POST", path: () => `/panel/cycles/${prizeCycleId}/applications/${submittedId}`, form: { conflict: "" }, ...panelOnly(400) },
  ],
  // Not declared yet: no scoring (403), whatever is posted.
  "panel.cycles.$cycleId.applications.$applicationId.score": [
    { path: () => `/panel/cycles/${prizeCycleId}/applications/${submittedId}/score`, ...panelOnly(403) },
    { path: () => `/panel/cycles/${cycleId}/applications/${submittedId}/score`, ...panelOnly(404) },
    { method: "POST", path: () => `/panel/cycles/${prizeCycleId}/applications/${submittedId}/score`, form: { intent: "draft", version: "0" }, ...panelOnly(403) },
  ],
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
  "staff.wards.boundaries": [
    { path: "/staff/wards/boundaries", ...staffOnly() },
    // No file: refused, nothing changed.
    { method: "POST", path: "/staff/wards/boundaries", form: { file: "not a file" }, ...staffOnly(400) },
  ],
  // Indicators and Fingertips imports (staff).
  "staff.indicators._index": [{ path: "/staff/indicators", ...staffOnly() }],
  "staff.indicators.new": [
    { path: "/staff/indicators/new", ...staffOnly() },
    { path: "/staff/indicators/new?principle=<nonsense>", ...staffOnly() },
    { method: "POST", path: "/staff/indicators/new", form: { name: "", kind: "nonsense" }, ...staffOnly(400) },
  ],
  "staff.indicators.import": [
    { path: "/staff/indicators/import", ...staffOnly() },
    // Not a file upload: refused, nothing kept.
    { method: "POST", path: "/staff/indicators/import", form: { file: "not a file" }, ...staffOnly(400) },
  ],
  "staff.indicators.$indicatorId._index": [
    { path: () => `/staff/indicators/${indicatorId}`, ...staffOnly() },
    { path: "/staff/indicators/999999", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/indicators/${indicatorId}`, form: { intent: "delete-everything" }, ...staffOnly(400) },
  ],
  "staff.indicators.$indicatorId_.edit": [
    { path: () => `/staff/indicators/${indicatorId}/edit`, ...staffOnly() },
    { path: "/staff/indicators/999999/edit", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/indicators/${indicatorId}/edit`, form: { name: "", kind: "principle", fingertipsId: "x" }, ...staffOnly(400) },
  ],
  "staff.indicators.$indicatorId_.values.new": [
    { path: () => `/staff/indicators/${indicatorId}/values/new`, ...staffOnly() },
    { path: () => `/staff/indicators/${indicatorId}/values/new?value=1%20or%201=1`, ...staffOnly() },
    { path: "/staff/indicators/999999/values/new", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/indicators/${indicatorId}/values/new`, form: { areaId: "", period: "", value: "" }, ...staffOnly(400) },
  ],
  "staff.indicator-imports._index": [{ path: "/staff/indicator-imports", ...staffOnly() }],
  // The place file's import (made when the database was set up): a report, not a preview.
  "staff.indicator-imports.$importId": [
    { path: () => `/staff/indicator-imports/${placeImportId}`, ...staffOnly() },
    { path: "/staff/indicator-imports/999999", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/indicator-imports/${placeImportId}`, form: { intent: "nonsense" }, ...staffOnly(400) },
    { method: "POST", path: () => `/staff/indicator-imports/${placeImportId}`, form: { intent: "import" }, ...staffOnly(404) },
  ],
  "staff.impact._index": [
    { path: "/staff/impact", ...staffOnly() },
    // Filters that are not plain numbers are ignored, never trusted; unknown ids show nothing.
    { path: "/staff/impact?cycle=x&principle=1e3&ward=-1&year=1%20or%201=1", ...staffOnly() },
    { path: "/staff/impact?principle=999999&ward=999999", ...staffOnly() },
    // Demo rounds only with demo=include; any other value is ignored.
    { path: "/staff/impact?demo=include", ...staffOnly() },
    { path: "/staff/impact?demo=%3Cscript%3E", ...staffOnly() },
  ],
  "staff.impact.principles[.]csv": [
    { path: "/staff/impact/principles.csv", ...staffOnly() },
    { path: "/staff/impact/principles.csv?cycle=nonsense&neighbourhood=-5", ...staffOnly() },
  ],
  "staff.impact.wards._index": [
    { path: "/staff/impact/wards", ...staffOnly() },
    // Filters that are not numbers are ignored; an unknown measure of need falls back to the default with a note.
    { path: "/staff/impact/wards?cycle=x&ward=-1&need=1%20or%201=1", ...staffOnly() },
  ],
  "staff.impact.wards[.]csv": [
    { path: "/staff/impact/wards.csv", ...staffOnly() },
    { path: "/staff/impact/wards.csv?need=999999&year=nonsense", ...staffOnly() },
    { path: "/staff/impact/wards.csv?demo=include", ...staffOnly() },
  ],
  "staff.open-data._index": [
    { path: "/staff/open-data", ...staffOnly() },
    { path: "/staff/open-data?demo=nonsense", ...staffOnly() },
  ],
  // With demo rounds: the demo data always has grants (without them the file may have none: 422).
  "staff.open-data.360giving[.]json": [{ path: "/staff/open-data/360giving.json?demo=include", ...staffOnly() }],
  "staff.open-data.360giving[.]csv": [{ path: "/staff/open-data/360giving.csv?demo=include", ...staffOnly() }],
  "staff.wards.$wardId": [
    { path: () => `/staff/wards/${wardId}`, ...staffOnly() },
    { method: "POST", path: () => `/staff/wards/${wardId}`, form: { code: "not a code", neighbourhoodId: "none" }, ...staffOnly(400) },
  ],
  // Nobody here is a member of application 999999 (it does not exist): 404 for everyone signed in.
  "apply.$cycleId._index": [
    { path: () => `/apply/${cycleId}`, ...everyone(200) },
    { path: "/apply/999999", ...everyone(404) },
    // A draft round: only staff, as a preview.
    { path: () => `/apply/${draftCycleId}`, ...draftPreview },
  ],
  "apply.$cycleId.check.$question": [
    { path: () => `/apply/${cycleId}/check/type`, ...everyone(200) },
    { path: () => `/apply/${draftCycleId}/check/type`, ...draftPreview },
    { path: () => `/apply/${cycleId}/check/nonsense`, ...everyone(404) },
    { method: "POST", path: () => `/apply/${cycleId}/check/type`, form: { answer: "spaceship" }, ...everyone(400) },
  ],
  "apply.$cycleId.result": [
    { path: () => `/apply/${cycleId}/result?type=cic&place=yes&amount=yes&partner=yes`, ...everyone(200) },
    { path: () => `/apply/${draftCycleId}/result?type=cic&place=yes&amount=yes&partner=yes`, ...draftPreview },
  ],
  "apply.$cycleId.start": [
    { path: () => `/apply/${cycleId}/start`, ...signedIn(200) },
    // Nothing is ever started in a draft round, not even by staff.
    { path: () => `/apply/${draftCycleId}/start`, ...signedIn(404) },
    // Applying for an organisation you are not a member of is refused.
    { method: "POST", path: () => `/apply/${cycleId}/start`, form: { organisation: "999999" }, ...signedIn(400) },
  ],
  "organisations.new": [
    { path: "/organisations/new", ...signedIn(200) },
    { method: "POST", path: "/organisations/new", form: { name: "", type: "spaceship" }, ...signedIn(400) },
  ],
  "organisations.$organisationId._index": [
    { path: () => `/organisations/${organisationId}`, ...membersOnly() },
    { path: "/organisations/999999", ...signedIn(403) },
  ],
  "organisations.$organisationId.details": [
    { path: () => `/organisations/${organisationId}/details`, ...membersOnly() },
    { method: "POST", path: () => `/organisations/${organisationId}/details`, form: { name: "", type: "registered_charity" }, ...membersOnly(400) },
  ],
  "organisations.$organisationId.address": [
    { path: () => `/organisations/${organisationId}/address`, ...membersOnly() },
    { method: "POST", path: () => `/organisations/${organisationId}/address`, form: { postcode: "not a postcode" }, ...membersOnly(400) },
  ],
  "organisations.$organisationId.members": [
    { path: () => `/organisations/${organisationId}/members`, ...membersOnly() },
    { path: "/organisations/999999/members", ...signedIn(403) },
    { method: "POST", path: () => `/organisations/${organisationId}/members`, form: { email: "not an email" }, ...membersOnly(400) },
  ],
  // The emailed links: a token that is not one is "not valid" (404), never a crash.
  "partners.confirm": [
    { path: "/partners/confirm?token=not-a-real-token-but-long-enough", ...everyone(404) },
    { path: "/partners/confirm", ...everyone(404) },
    { method: "POST", path: "/partners/confirm", form: { token: "not-a-real-token-but-long-enough", answer: "confirm" }, ...everyone(404) },
  ],
  "invitations.accept": [
    { path: "/invitations/accept?token=not-a-real-token-but-long-enough", ...signedIn(404) },
    { method: "POST", path: "/invitations/accept", form: { token: "not-a-real-token-but-long-enough" }, ...signedIn(404) },
  ],
  "organisations.$organisationId.contact": [
    { path: () => `/organisations/${organisationId}/contact`, ...membersOnly() },
    { method: "POST", path: () => `/organisations/${organisationId}/contact`, form: { contactEmail: "not an email" }, ...membersOnly(400) },
  ],
  "applications.$applicationId._index": [
    { path: app(), ...membersOnly() },
    { path: "/applications/999999", ...signedIn(404) },
  ],
  "applications.$applicationId.about": [
    { path: app("about"), ...membersOnly() },
    { method: "POST", path: app("about"), form: { title: "x".repeat(101), intent: "later" }, ...membersOnly(400) },
  ],
  "applications.$applicationId.description": [
    { path: app("description"), ...membersOnly() },
    { method: "POST", path: app("description"), form: { description: "word ".repeat(501), intent: "later" }, ...membersOnly(400) },
  ],
  "applications.$applicationId.dates": [
    { path: app("dates"), ...membersOnly() },
    { method: "POST", path: app("dates"), form: { startDay: "31", startMonth: "2", startYear: "2027", intent: "later" }, ...membersOnly(400) },
  ],
  "applications.$applicationId.principles": [
    { path: app("principles"), ...membersOnly() },
    { method: "POST", path: app("principles"), form: { primary: "not a number", intent: "later" }, ...membersOnly(400) },
  ],
  // With no principle chosen yet, the "how" page sends the person to choose first.
  "applications.$applicationId.principles-how": [{ path: app("principles-how"), ...membersOnly("away") }],
  "applications.$applicationId.areas": [
    { path: app("areas"), ...membersOnly() },
    { method: "POST", path: app("areas"), form: { areas: "999999", intent: "later" }, ...membersOnly(400) },
  ],
  "applications.$applicationId.groups": [
    { path: app("groups"), ...membersOnly() },
    { method: "POST", path: app("groups"), form: { peopleReached: "lots", intent: "later" }, ...membersOnly(400) },
  ],
  "applications.$applicationId.partners": [
    { path: app("partners"), ...membersOnly() },
    { method: "POST", path: app("partners"), form: { intent: "add", name: "", contactEmail: "not an email" }, ...membersOnly(400) },
    // Someone else's partner, or none: refused.
    { method: "POST", path: app("partners"), form: { intent: "remove", partnerId: "not a number" }, ...membersOnly(404) },
  ],
  "applications.$applicationId.declarations": [{ path: app("declarations"), ...membersOnly() }],
  "applications.$applicationId.check": [
    { path: app("check"), ...membersOnly() },
    // Incomplete: refused.
    { method: "POST", path: app("check"), ...membersOnly(400) },
  ],
  // Not submitted yet: back to the application.
  "applications.$applicationId.submitted": [{ path: app("submitted"), ...membersOnly("away") }],
  "applications.$applicationId.withdraw": [
    { path: app("withdraw"), ...membersOnly() },
    { method: "POST", path: app("withdraw"), form: { reason: "" }, ...membersOnly(400) },
  ],
  // The POSTs here only fail their checks, so the shared draft is never changed.
  "applications.$applicationId.budget": [
    { path: app("budget"), ...membersOnly() },
    { method: "POST", path: app("budget"), form: { intent: "add", item: "Room hire", cost: "abc" }, ...membersOnly(400) },
    { method: "POST", path: app("budget"), form: { intent: "remove", lineId: "not a number" }, ...membersOnly(400) },
    { path: "/applications/999999/budget", ...signedIn(404) },
  ],
  "applications.$applicationId.other-funding": [
    { path: app("other-funding"), ...membersOnly() },
    { method: "POST", path: app("other-funding"), form: { intent: "add", source: "", amount: "1" }, ...membersOnly(400) },
  ],
  "applications.$applicationId.amount": [
    { path: app("amount"), ...membersOnly() },
    { method: "POST", path: app("amount"), form: { intent: "later", amount: "abc" }, ...membersOnly(400) },
  ],
  "applications.$applicationId.outcomes": [
    { path: app("outcomes"), ...membersOnly() },
    { method: "POST", path: app("outcomes"), form: { intent: "add", kind: "nonsense", description: "x" }, ...membersOnly(400) },
    { method: "POST", path: app("outcomes"), form: { intent: "remove", itemId: "not a number" }, ...membersOnly(400) },
  ],
  "applications.$applicationId.documents": [
    { path: app("documents"), ...membersOnly() },
    { method: "POST", path: app("documents"), form: { intent: "remove", attachmentId: "not a number" }, ...membersOnly(400) },
    { method: "POST", path: app("documents"), form: { intent: "upload" }, ...membersOnly(400) },
    { path: "/applications/999999/documents", ...signedIn(404) },
  ],
  // One of the round's own questions, on the demo applicant's draft in the questions round.
  "applications.$applicationId.questions.$questionId": [
    { path: () => `/applications/${asked.applicationId}/questions/${asked.questionId}`, ...membersOnly() },
    { path: () => `/applications/${asked.applicationId}/questions/999999`, ...membersOnly(404) },
    // Another round's question, asked of the draft on the demo round: not found.
    { path: () => `/applications/${applicationId}/questions/${asked.questionId}`, ...membersOnly(404) },
    { method: "POST", path: () => `/applications/${asked.applicationId}/questions/${asked.questionId}`, form: { answer: "lots", intent: "later" }, ...membersOnly(400) },
  ],
  // Members and staff may download an application's documents (this one has none: 404); others may not.
  "applications.$applicationId.documents.$attachmentId": [
    { path: app("documents/999999"), anonymous: "sign-in", applicant: 404, panel: 403, staff: 404, admin: 404 },
    { path: "/applications/999999/documents/1", ...signedIn(404) },
  ],
  "staff.cycles.$cycleId._index": [
    { path: () => `/staff/cycles/${prizeCycleId}`, ...staffOnly() },
    { path: "/staff/cycles/999999", ...staffOnly(404) },
  ],
  // A round's life. Every POST here is refused before anything changes (the demo rounds stay as they are).
  "staff.programmes.$programmeId.rounds.new": [
    { path: () => `/staff/programmes/${awardProgrammeId}/rounds/new`, ...staffOnly() },
    { path: "/staff/programmes/999999/rounds/new", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/programmes/${awardProgrammeId}/rounds/new`, form: { name: "", opensDay: "31", opensMonth: "2" }, ...staffOnly(400) },
  ],
  "staff.cycles.$cycleId.copy": [
    { path: () => `/staff/cycles/${prizeCycleId}/copy`, ...staffOnly() },
    { path: "/staff/cycles/999999/copy", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/cycles/${prizeCycleId}/copy`, form: { name: "" }, ...staffOnly(400) },
  ],
  "staff.cycles.$cycleId.details": [
    { path: () => `/staff/cycles/${prizeCycleId}/details`, ...staffOnly() },
    { method: "POST", path: () => `/staff/cycles/${prizeCycleId}/details`, form: { name: "", budget: "lots" }, ...staffOnly(400) },
  ],
  // Publishing an incomplete draft is refused with its reasons (it has no summary or decision date).
  "staff.cycles.$cycleId.publish": [
    { path: () => `/staff/cycles/${draftCycleId}/publish`, ...staffOnly() },
    { method: "POST", path: () => `/staff/cycles/${draftCycleId}/publish`, form: { intent: "publish" }, ...staffOnly(409) },
    { method: "POST", path: () => `/staff/cycles/${draftCycleId}/publish`, form: { intent: "nonsense" }, ...staffOnly(400) },
  ],
  "staff.cycles.$cycleId.preview._index": [
    { path: () => `/staff/cycles/${draftCycleId}/preview`, ...staffOnly() },
    { path: "/staff/cycles/999999/preview", ...staffOnly(404) },
  ],
  // A closing time is never brought forward.
  "staff.cycles.$cycleId.extend": [
    { path: () => `/staff/cycles/${prizeCycleId}/extend`, ...staffOnly() },
    {
      method: "POST",
      path: () => `/staff/cycles/${prizeCycleId}/extend`,
      form: { closesDay: "1", closesMonth: "1", closesYear: "2001", closesTime: "9am", reason: "Bring it forward" },
      ...staffOnly(400),
    },
  ],
  "staff.cycles.$cycleId.close": [
    { path: () => `/staff/cycles/${prizeCycleId}/close`, ...staffOnly() },
    { method: "POST", path: () => `/staff/cycles/${prizeCycleId}/close`, form: { reason: "" }, ...staffOnly(400) },
  ],
  "staff.cycles.$cycleId.deadlines._index": [
    { path: () => `/staff/cycles/${cycleId}/deadlines`, ...staffOnly() },
    { path: "/staff/cycles/999999/deadlines", ...staffOnly(404) },
  ],
  // The demo applicant's draft; an application of another round is not found here.
  "staff.cycles.$cycleId.deadlines.$applicationId": [
    { path: () => `/staff/cycles/${cycleId}/deadlines/${applicationId}`, ...staffOnly() },
    { path: () => `/staff/cycles/${prizeCycleId}/deadlines/${applicationId}`, ...staffOnly(404) },
    { method: "POST", path: () => `/staff/cycles/${cycleId}/deadlines/${applicationId}`, form: { deadlineDay: "", reason: "" }, ...staffOnly(400) },
  ],
  "staff.cycles.$cycleId.history": [
    { path: () => `/staff/cycles/${prizeCycleId}/history`, ...staffOnly() },
    { path: () => `/staff/cycles/${prizeCycleId}/history?page=-1`, ...staffOnly() },
  ],
  "staff.cycles.$cycleId.close-out": [
    { path: () => `/staff/cycles/${awardCycleId}/close-out`, ...staffOnly() },
    { method: "POST", path: () => `/staff/cycles/${awardCycleId}/close-out`, form: {}, ...staffOnly(400) },
  ],
  // Only a draft nobody applied to can be deleted: an open round is refused.
  "staff.cycles.$cycleId.delete": [
    { path: () => `/staff/cycles/${prizeCycleId}/delete`, ...staffOnly() },
    { method: "POST", path: () => `/staff/cycles/${prizeCycleId}/delete`, ...staffOnly(409) },
  ],
  "staff.cycles.$cycleId.rules": [
    { path: () => `/staff/cycles/${prizeCycleId}/rules`, ...staffOnly() },
    // Refused before anything is saved: the demo round's rules stay as they are.
    { method: "POST", path: () => `/staff/cycles/${prizeCycleId}/rules`, form: { minAmount: "900", maxAmount: "100" }, ...staffOnly(400) },
  ],
  // The round's own questions and the documents it asks for (staff), on the questions round: an
  // application has started there, so each change is refused (409), or fails its checks (400).
  "staff.cycles.$cycleId.questions._index": [
    { path: askedRound("questions"), ...staffOnly() },
    { path: "/staff/cycles/999999/questions", ...staffOnly(404) },
    { method: "POST", path: askedRound("questions"), form: { id: "1 or 1=1", direction: "up" }, ...staffOnly(400) },
    { method: "POST", path: askedRound("questions"), form: { id: "999999", direction: "up" }, ...staffOnly(404) },
    { method: "POST", path: askedRound("questions"), form: () => ({ id: String(asked.questionId), direction: "down" }), ...staffOnly(409) },
  ],
  "staff.cycles.$cycleId.questions.new": [
    { path: askedRound("questions/new"), ...staffOnly() },
    { path: "/staff/cycles/999999/questions/new", ...staffOnly(404) },
    { method: "POST", path: askedRound("questions/new"), form: { label: "", kind: "spaceship" }, ...staffOnly(400) },
    // Required, once an application has started: refused.
    { method: "POST", path: askedRound("questions/new"), form: { label: "A required question", section: "other", kind: "text", required: "yes", audience: "panel" }, ...staffOnly(409) },
  ],
  "staff.cycles.$cycleId.questions.$questionId": [
    { path: () => `/staff/cycles/${asked.cycleId}/questions/${asked.questionId}`, ...staffOnly() },
    { path: () => `/staff/cycles/${prizeCycleId}/questions/${asked.questionId}`, ...staffOnly(404) },
    { method: "POST", path: () => `/staff/cycles/${asked.cycleId}/questions/${asked.questionId}`, form: { intent: "remove" }, ...staffOnly(409) },
    { method: "POST", path: () => `/staff/cycles/${asked.cycleId}/questions/${asked.questionId}`, form: { intent: "save", label: "" }, ...staffOnly(400) },
    { method: "POST", path: () => `/staff/cycles/${asked.cycleId}/questions/${asked.questionId}`, form: { intent: "delete-everything" }, ...staffOnly(400) },
  ],
  "staff.cycles.$cycleId.documents._index": [
    { path: askedRound("documents"), ...staffOnly() },
    { path: "/staff/cycles/999999/documents", ...staffOnly(404) },
    { method: "POST", path: askedRound("documents"), form: { intent: "add", name: "", required: "maybe" }, ...staffOnly(400) },
    { method: "POST", path: askedRound("documents"), form: () => ({ intent: "move", id: String(asked.documentId), direction: "down" }), ...staffOnly(409) },
  ],
  "staff.cycles.$cycleId.documents.$documentId": [
    { path: () => `/staff/cycles/${asked.cycleId}/documents/${asked.documentId}`, ...staffOnly() },
    { path: () => `/staff/cycles/${prizeCycleId}/documents/${asked.documentId}`, ...staffOnly(404) },
    { method: "POST", path: () => `/staff/cycles/${asked.cycleId}/documents/${asked.documentId}`, form: { intent: "remove" }, ...staffOnly(409) },
    { method: "POST", path: () => `/staff/cycles/${asked.cycleId}/documents/${asked.documentId}`, form: { intent: "save", name: "" }, ...staffOnly(400) },
  ],
  // Previews read only: a posted answer is checked (400 when wrong), never stored.
  "staff.cycles.$cycleId.preview_.application": [
    { path: askedRound("preview/application"), ...staffOnly() },
    { path: "/staff/cycles/999999/preview/application", ...staffOnly(404) },
  ],
  "staff.cycles.$cycleId.preview_.questions.$questionId": [
    { path: () => `/staff/cycles/${asked.cycleId}/preview/questions/${asked.questionId}`, ...staffOnly() },
    { path: () => `/staff/cycles/${prizeCycleId}/preview/questions/${asked.questionId}`, ...staffOnly(404) },
    { method: "POST", path: () => `/staff/cycles/${asked.cycleId}/preview/questions/${asked.questionId}`, form: { intent: "continue", answer: "lots" }, ...staffOnly(400) },
    { method: "POST", path: () => `/staff/cycles/${asked.cycleId}/preview/questions/${asked.questionId}`, form: { intent: "continue", answer: "12" }, ...staffOnly(200) },
  ],
  "staff.cycles.$cycleId.applications": [
    { path: () => `/staff/cycles/${prizeCycleId}/applications`, ...staffOnly() },
    { path: () => `/staff/cycles/${prizeCycleId}/applications?status=nonsense&ward=x&page=-3`, ...staffOnly() },
    { path: "/staff/cycles/999999/applications", ...staffOnly(404) },
  ],
  // Panel set-up (staff). The POSTs here are refused before anything changes.
  "staff.cycles.$cycleId.panel._index": [
    { path: () => `/staff/cycles/${prizeCycleId}/panel`, ...staffOnly() },
    { path: "/staff/cycles/999999/panel", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/cycles/${prizeCycleId}/panel`, form: { intent: "invite", name: "", email: "not an email" }, ...staffOnly(400) },
    // A member of no round (or of another round) cannot be removed from this one.
    { method: "POST", path: () => `/staff/cycles/${prizeCycleId}/panel`, form: { intent: "remove", memberId: "999999" }, ...staffOnly(404) },
    // A button or member id that is not one: refused before the model sees it.
    { method: "POST", path: () => `/staff/cycles/${prizeCycleId}/panel`, form: { intent: "remove", memberId: "1 or 1=1" }, ...staffOnly(400) },
    { method: "POST", path: () => `/staff/cycles/${prizeCycleId}/panel`, form: { intent: "delete-the-panel" }, ...staffOnly(400) },
  ],
  "staff.cycles.$cycleId.panel.settings": [
    { path: () => `/staff/cycles/${prizeCycleId}/panel/settings`, ...staffOnly() },
    { path: "/staff/cycles/999999/panel/settings", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/cycles/${prizeCycleId}/panel/settings`, form: { minScorers: "0", threshold: "500" }, ...staffOnly(400) },
  ],
  "staff.cycles.$cycleId.criteria._index": [
    { path: () => `/staff/cycles/${cycleId}/criteria`, ...staffOnly() },
    { path: "/staff/cycles/999999/criteria", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/cycles/${cycleId}/criteria`, form: { title: "", weight: "0" }, ...staffOnly(400) },
  ],
  // A criterion of the Collaboration Fund demo round (nobody scores it yet); asked under another round: not found.
  "staff.cycles.$cycleId.criteria.$criterionId": [
    { path: () => `/staff/cycles/${cycleId}/criteria/${criterionId}`, ...staffOnly() },
    { path: () => `/staff/cycles/${prizeCycleId}/criteria/${criterionId}`, ...staffOnly(404) },
    { method: "POST", path: () => `/staff/cycles/${prizeCycleId}/criteria/${criterionId}`, form: { intent: "remove" }, ...staffOnly(404) },
    { method: "POST", path: () => `/staff/cycles/${cycleId}/criteria/${criterionId}`, form: { intent: "save", title: "" }, ...staffOnly(400) },
  ],
  "staff.cycles.$cycleId.assignments": [
    { path: () => `/staff/cycles/${prizeCycleId}/assignments`, ...staffOnly() },
    { path: "/staff/cycles/999999/assignments", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/cycles/${prizeCycleId}/assignments`, form: { assign: "nonsense" }, ...staffOnly(400) },
    // Everyone scores everything in the demo round: choosing is refused.
    { method: "POST", path: () => `/staff/cycles/${prizeCycleId}/assignments`, form: { assign: `${999999}:${999999}` }, ...staffOnly(409) },
  ],
  // The emailed link to join a panel: a token that is not one is "not valid" (404).
  "panel.invitations.accept": [
    { path: "/panel/invitations/accept?token=not-a-real-token-but-long-enough", ...signedIn(404) },
    { path: "/panel/invitations/accept", ...signedIn(404) },
    { method: "POST", path: "/panel/invitations/accept", form: { token: "not-a-real-token-but-long-enough" }, ...signedIn(404) },
  ],
  "staff.cycles.$cycleId.applications[.]csv": [
    { path: () => `/staff/cycles/${prizeCycleId}/applications.csv`, ...staffOnly() },
    { path: "/staff/cycles/999999/applications.csv", ...staffOnly(404) },
  ],
  "staff.applications.$applicationId": [
    { path: () => `/staff/applications/${submittedId}`, ...staffOnly() },
    // Staff do not read drafts.
    { path: () => `/staff/applications/${applicationId}`, ...staffOnly(404) },
    { path: "/staff/applications/999999", ...staffOnly(404) },
    // Blank forms are refused before anything changes.
    { method: "POST", path: () => `/staff/applications/${submittedId}`, form: { intent: "eligibility" }, ...staffOnly(400) },
    { method: "POST", path: () => `/staff/applications/${submittedId}`, form: { intent: "return", message: " " }, ...staffOnly(400) },
  ],
  // Staff give the applicant organisation a contact email (for its letters). Not an email: refused, nothing saved.
  "staff.applications.$applicationId_.contact": [
    { path: () => `/staff/applications/${submittedId}/contact`, ...staffOnly() },
    { path: () => `/staff/applications/${applicationId}/contact`, ...staffOnly(404) },
    { path: "/staff/applications/999999/contact", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/applications/${submittedId}/contact`, form: { contactEmail: "not an email" }, ...staffOnly(400) },
  ],
  // Moderation and decisions (staff), on the Prize demo round and its submitted application.
  // Every POST here fails its checks, so nothing is moderated, decided or sent.
  "staff.cycles.$cycleId.moderation": [
    { path: () => `/staff/cycles/${prizeCycleId}/moderation`, ...staffOnly() },
    { path: "/staff/cycles/999999/moderation", ...staffOnly(404) },
  ],
  "staff.cycles.$cycleId.scores[.]csv": [
    { path: () => `/staff/cycles/${prizeCycleId}/scores.csv`, ...staffOnly() },
    { path: "/staff/cycles/999999/scores.csv", ...staffOnly(404) },
  ],
  "staff.cycles.$cycleId.decisions": [
    { path: () => `/staff/cycles/${prizeCycleId}/decisions`, ...staffOnly() },
    { path: "/staff/cycles/999999/decisions", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/cycles/${prizeCycleId}/decisions`, form: {}, ...staffOnly(400) },
  ],
  // The decision letters as they will read (nothing is sent); choices that are not the round's applications are ignored.
  "staff.cycles.$cycleId.letters": [
    { path: () => `/staff/cycles/${prizeCycleId}/letters`, ...staffOnly() },
    { path: () => `/staff/cycles/${prizeCycleId}/letters?award=${applicationId}&decline=nonsense&reserve=-1`, ...staffOnly() },
    { path: "/staff/cycles/999999/letters", ...staffOnly(404) },
  ],
  // One letter's HTML, for the frame: only an application of that round, only a kind of decision.
  "staff.cycles.$cycleId.letters_.$applicationId.$outcome": [
    { path: () => `/staff/cycles/${prizeCycleId}/letters/${submittedId}/award`, ...staffOnly() },
    { path: () => `/staff/cycles/${prizeCycleId}/letters/${submittedId}/maybe`, ...staffOnly(404) },
    { path: () => `/staff/cycles/${cycleId}/letters/${submittedId}/decline`, ...staffOnly(404) },
    { path: () => `/staff/cycles/${prizeCycleId}/letters/${applicationId}/reserve`, ...staffOnly(404) },
  ],
  "staff.applications.$applicationId_.scores": [
    { path: () => `/staff/applications/${submittedId}/scores`, ...staffOnly() },
    // A draft is not with the panel.
    { path: () => `/staff/applications/${applicationId}/scores`, ...staffOnly(404) },
    { path: "/staff/applications/999999/scores", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/applications/${submittedId}/scores`, form: { intent: "moderate", moderatedScore: "101", rationale: "" }, ...staffOnly(400) },
    { method: "POST", path: () => `/staff/applications/${submittedId}/scores`, form: { intent: "reopen", scorecardId: "999999", reason: " " }, ...staffOnly(400) },
  ],
  "staff.applications.$applicationId_.decision": [
    { path: () => `/staff/applications/${submittedId}/decision`, ...staffOnly() },
    { path: () => `/staff/applications/${applicationId}/decision`, ...staffOnly(404) },
    { method: "POST", path: () => `/staff/applications/${submittedId}/decision`, form: { outcome: "award", amount: "0", reasons: "" }, ...staffOnly(400) },
  ],
  // The demo applicant's accepted award (demo data): its members only, staff included in the refusal.
  "awards.$awardId._index": [
    { path: () => `/awards/${awardId}`, ...membersOnly() },
    { path: "/awards/999999", ...signedIn(404) },
  ],
  // Already accepted: the page says so; accepting again is refused (409), nothing changes.
  "awards.$awardId.accept": [
    { path: () => `/awards/${awardId}/accept`, ...membersOnly() },
    { method: "POST", path: () => `/awards/${awardId}/accept`, form: {}, ...membersOnly(409) },
  ],
  "awards.$awardId.decline": [
    { path: () => `/awards/${awardId}/decline`, ...membersOnly() },
    { method: "POST", path: () => `/awards/${awardId}/decline`, form: { reason: " " }, ...membersOnly(400) },
  ],
  "staff.cycles.$cycleId.awards": [
    { path: () => `/staff/cycles/${awardCycleId}/awards`, ...staffOnly() },
    { path: "/staff/cycles/999999/awards", ...staffOnly(404) },
  ],
  // Payments (staff), on the demo award: every POST here fails its checks, so nothing is paid or changed.
  "staff.awards.$awardId.payments._index": [
    { path: () => `/staff/awards/${awardId}/payments`, ...staffOnly() },
    { path: "/staff/awards/999999/payments", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/awards/${awardId}/payments`, form: { dueDay: "31", dueMonth: "2", dueYear: "3001", amount: "lots" }, ...staffOnly(400) },
  ],
  // Instalment 2 waits for the interim return: the record page says so (200); a post is refused.
  "staff.awards.$awardId.payments.$paymentId": [
    { path: () => `/staff/awards/${awardId}/payments/${demoInstalmentId}`, ...staffOnly() },
    { path: () => `/staff/awards/${awardId}/payments/${demoInstalmentId}?change`, ...staffOnly() },
    { path: () => `/staff/awards/${awardId}/payments/${demoInstalmentId}?cancel`, ...staffOnly() },
    // Another award's instalment, or none: not found.
    { path: () => `/staff/awards/999999/payments/${demoInstalmentId}`, ...staffOnly(404) },
    { path: () => `/staff/awards/${awardId}/payments/999999`, ...staffOnly(404) },
    // Without the page's request key, nothing is recorded; with one, the waiting instalment is refused (and £1 is not its amount).
    { method: "POST", path: () => `/staff/awards/${awardId}/payments/${demoInstalmentId}`, form: { intent: "record" }, ...staffOnly(400) },
    { method: "POST", path: () => `/staff/awards/${awardId}/payments/${demoInstalmentId}`, form: { intent: "record", requestKey: "access-spec-request-key-0123456789", paidDay: "1", paidMonth: "1", paidYear: "2020", amountPaid: "1" }, ...staffOnly(409) },
    { method: "POST", path: () => `/staff/awards/${awardId}/payments/${demoInstalmentId}?cancel`, form: { intent: "cancel", reason: " " }, ...staffOnly(400) },
  ],
  "staff.cycles.$cycleId.budget": [
    { path: () => `/staff/cycles/${awardCycleId}/budget`, ...staffOnly() },
    { path: "/staff/cycles/999999/budget", ...staffOnly(404) },
  ],
  "staff.cycles.$cycleId.budget[.]csv": [
    { path: () => `/staff/cycles/${awardCycleId}/budget.csv`, ...staffOnly() },
    { path: "/staff/cycles/999999/budget.csv", ...staffOnly(404) },
  ],
  "staff.awards.$awardId._index": [
    { path: () => `/staff/awards/${awardId}`, ...staffOnly() },
    { path: "/staff/awards/999999", ...staffOnly(404) },
  ],
  // The POSTs fail their checks: the demo award is never varied or withdrawn here.
  "staff.awards.$awardId.vary": [
    { path: () => `/staff/awards/${awardId}/vary`, ...staffOnly() },
    { path: "/staff/awards/999999/vary", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/awards/${awardId}/vary`, form: { amount: "lots", reason: "" }, ...staffOnly(400) },
  ],
  "staff.awards.$awardId.withdraw": [
    { path: () => `/staff/awards/${awardId}/withdraw`, ...staffOnly() },
    { method: "POST", path: () => `/staff/awards/${awardId}/withdraw`, form: { reason: "" }, ...staffOnly(400) },
  ],
  // Programmes (staff; adding one, and changing a prefix, for admins). Every POST here is refused before anything changes.
  "staff.programmes._index": [{ path: "/staff/programmes", ...staffOnly() }],
  "staff.programmes.new": [
    { path: "/staff/programmes/new", ...adminOnly() },
    { method: "POST", path: "/staff/programmes/new", form: { name: "", referencePrefix: "x1", summary: "" }, ...adminOnly(400) },
  ],
  "staff.programmes.$programmeId._index": [
    { path: () => `/staff/programmes/${awardProgrammeId}`, ...staffOnly() },
    { path: "/staff/programmes/999999", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/programmes/${awardProgrammeId}`, form: { intent: "delete" }, ...staffOnly(400) },
    // The Collaboration Fund has the open demo round: it cannot be retired.
    { method: "POST", path: () => `/staff/programmes/${awardProgrammeId}`, form: { intent: "retire" }, ...staffOnly(409) },
  ],
  "staff.programmes.$programmeId.edit": [
    { path: () => `/staff/programmes/${awardProgrammeId}/edit`, ...staffOnly() },
    { path: "/staff/programmes/999999/edit", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/programmes/${awardProgrammeId}/edit`, form: { name: "", summary: "" }, ...staffOnly(400) },
    // A new prefix: staff may never change it (403); the demo programme has applications, so not even an admin (409).
    {
      method: "POST",
      path: () => `/staff/programmes/${awardProgrammeId}/edit`,
      form: { name: "Collaboration Fund", summary: "Refused before it is saved", referencePrefix: "ZZ" },
      anonymous: "sign-in",
      applicant: 403,
      panel: 403,
      staff: 403,
      admin: 409,
    },
  ],
  "staff.programmes.$programmeId.return-schedule": [
    { path: () => `/staff/programmes/${awardProgrammeId}/return-schedule`, ...staffOnly() },
    { path: "/staff/programmes/999999/return-schedule", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/programmes/${awardProgrammeId}/return-schedule`, form: { seen: "x", title_0: "", kind_0: "nonsense", months_0: "0" }, ...staffOnly(400) },
  ],
  "staff.programmes.$programmeId.terms": [
    { path: () => `/staff/programmes/${awardProgrammeId}/terms`, ...staffOnly() },
    { path: "/staff/programmes/999999/terms", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/programmes/${awardProgrammeId}/terms`, form: { title: "", body: "" }, ...staffOnly(400) },
  ],
  // The public page of funded projects: no sign-in. An award that is not public is 404 for everyone.
  "funded-projects._index": [
    { path: "/funded-projects", ...everyone(200) },
    { path: "/funded-projects?programme=collaboration-fund&principle=6&ward=1&page=2", ...everyone(200) },
    { path: "/funded-projects?programme=<nonsense>&principle=-1&ward=x&page=-3", ...everyone(200) },
  ],
  "funded-projects.$awardId": [
    { path: () => `/funded-projects/${caseStudyAwardId}`, ...everyone(200) },
    { path: "/funded-projects/999999", ...everyone(404) },
    { path: "/funded-projects/not-a-number", ...everyone(404) },
  ],
  // Only a photo of the published story is served (the demo story has none): anything else is not found.
  "funded-projects.$awardId.photos.$attachmentId": [
    { path: () => `/funded-projects/${caseStudyAwardId}/photos/999999`, ...everyone(404) },
    { path: "/funded-projects/999999/photos/1", ...everyone(404) },
  ],
  // The case study of the demo award whose story is published. Every POST here is refused before anything changes.
  "staff.awards.$awardId.case-study": [
    { path: () => `/staff/awards/${caseStudyAwardId}/case-study`, ...staffOnly() },
    { path: "/staff/awards/999999/case-study", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/awards/${caseStudyAwardId}/case-study`, form: { intent: "approve", returnId: "999999", version: "1" }, ...staffOnly(404) },
    { method: "POST", path: () => `/staff/awards/${caseStudyAwardId}/case-study`, form: { intent: "withdraw", reason: " ", version: "1" }, ...staffOnly(400) },
    { method: "POST", path: () => `/staff/awards/${caseStudyAwardId}/case-study`, form: { intent: "nonsense" }, ...staffOnly(400) },
  ],
  // The demo applicant's own award: members only (staff have their own page); a stray post does nothing.
  "awards.$awardId.publication": [
    { path: () => `/awards/${granteeAwardId}/publication`, ...membersOnly() },
    { path: () => `/awards/${caseStudyAwardId}/publication`, ...signedIn(403) },
    { path: "/awards/999999/publication", ...signedIn(404) },
    { method: "POST", path: () => `/awards/${granteeAwardId}/publication`, form: { intent: "nonsense" }, ...membersOnly(400) },
    { method: "POST", path: () => `/awards/${caseStudyAwardId}/publication`, form: { intent: "withdraw-consent" }, ...signedIn(403) },
  ],
  // Evaluation returns: the demo applicant's interim return, not started. Its members only (staff have
  // their own page). Every POST here fails its checks, so the demo return stays as it is.
  "returns.$returnId._index": [
    { path: ret(), ...membersOnly() },
    { path: "/returns/999999", ...signedIn(404) },
  ],
  "returns.$returnId.reach": [
    { path: ret("reach"), ...membersOnly() },
    { path: () => `/returns/${demoReturnId}/reach?add=nonsense,999999`, ...membersOnly() },
    { method: "POST", path: ret("reach"), form: { intent: "continue", peopleReached: "lots" }, ...membersOnly(400) },
    { method: "POST", path: ret("reach"), form: { intent: "add-ward", addWard: "999999" }, ...membersOnly(400) },
  ],
  "returns.$returnId.spend": [
    { path: ret("spend"), ...membersOnly() },
    { method: "POST", path: ret("spend"), form: { intent: "continue" }, ...membersOnly(400) },
  ],
  "returns.$returnId.results": [
    { path: ret("results"), ...membersOnly() },
    { method: "POST", path: ret("results"), form: { intent: "continue" }, ...membersOnly(400) },
  ],
  "returns.$returnId.story": [
    { path: ret("story"), ...membersOnly() },
    { method: "POST", path: ret("story"), form: { intent: "continue", projectTitle: "" }, ...membersOnly(400) },
  ],
  "returns.$returnId.documents": [
    { path: ret("documents"), ...membersOnly() },
    { method: "POST", path: ret("documents"), form: { intent: "upload" }, ...membersOnly(400) },
    { method: "POST", path: ret("documents"), form: { intent: "remove", attachmentId: "not a number" }, ...membersOnly(400) },
  ],
  "returns.$returnId.consent": [
    { path: ret("consent"), ...membersOnly() },
    { method: "POST", path: ret("consent"), form: { intent: "later", consent: "maybe" }, ...membersOnly(400) },
  ],
  // Not complete: submitting is refused, and says what is missing.
  "returns.$returnId.check": [
    { path: ret("check"), ...membersOnly() },
    { method: "POST", path: ret("check"), form: {}, ...membersOnly(400) },
  ],
  // Members may download the return's files (it has none: 404); staff only once it is submitted (it is not: 404).
  "returns.$returnId.documents.$attachmentId": [
    { path: ret("documents/999999"), anonymous: "sign-in", applicant: 404, panel: 403, staff: 404, admin: 404 },
    { path: "/returns/999999/documents/1", ...signedIn(404) },
  ],
  "staff.returns._index": [
    { path: "/staff/returns", ...staffOnly() },
    { path: "/staff/returns?show=all", ...staffOnly() },
    { path: "/staff/returns?show=<nonsense>", ...staffOnly() },
  ],
  // Not submitted: nothing to review (a blank review is refused before that).
  "staff.returns.$returnId": [
    { path: () => `/staff/returns/${demoReturnId}`, ...staffOnly() },
    { path: "/staff/returns/999999", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/returns/${demoReturnId}`, form: { outcome: "" }, ...staffOnly(400) },
    { method: "POST", path: () => `/staff/returns/${demoReturnId}`, form: { outcome: "accepted", version: "1" }, ...staffOnly(409) },
  ],
  "staff.cycles.$cycleId.return-schedule": [
    { path: () => `/staff/cycles/${prizeCycleId}/return-schedule`, ...staffOnly() },
    { path: "/staff/cycles/999999/return-schedule", ...staffOnly(404) },
    { method: "POST", path: () => `/staff/cycles/${prizeCycleId}/return-schedule`, form: { seen: "x", title_0: "", kind_0: "nonsense", months_0: "0" }, ...staffOnly(400) },
  ],
  "admin._index": [{ path: "/admin", ...adminOnly() }],
  "admin.place": [
    { path: "/admin/place", ...adminOnly() },
    { method: "POST", path: "/admin/place", form: { contactEmail: "not an email" }, ...adminOnly(400) },
  ],
  "admin.go-live._index": [
    { path: "/admin/go-live", ...adminOnly() },
    { method: "POST", path: "/admin/go-live", form: { to: "not an email", requestKey: "access-spec-request-key-0123456789" }, ...adminOnly(400) },
  ],
  "admin.go-live.retire-demo": [
    { path: "/admin/go-live/retire-demo", ...adminOnly() },
    { method: "POST", path: "/admin/go-live/retire-demo", form: {}, ...adminOnly(400) },
    // The demo admin cannot retire the demo data (it would close their own account): refused, nothing changes.
    { method: "POST", path: "/admin/go-live/retire-demo", form: { confirm: "yes" }, ...adminOnly(409) },
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
    // The demo applicant's draft on the open Collaboration Fund round (starting is idempotent).
    cycleId = await demoCycleId(contexts.anonymous, "cf");
    const home = await (await contexts.applicant.get("/applicant")).text();
    organisationId = Number(home.match(/href="\/organisations\/(\d+)"/)?.[1]);
    const started = await contexts.applicant.post(`/apply/${cycleId}/start`, { form: { organisation: String(organisationId) }, maxRedirects: 0 });
    applicationId = Number(started.headers()["location"]?.match(/\/applications\/(\d+)/)?.[1]);
    expect(organisationId && applicationId).toBeTruthy();
    asked = questionRound("access", { withQuestion: true, draftBy: organisationId });
    const wards = await (await contexts.staff.get("/staff/wards")).text();
    wardId = Number(wards.match(/href="\/staff\/wards\/(\d+)"/)?.[1]);
    prizeCycleId = await demoCycleId(contexts.anonymous, "prize");
    const intake = await (await contexts.staff.get(`/staff/cycles/${prizeCycleId}/applications?status=submitted`)).text();
    submittedId = Number(intake.match(/href="\/staff\/applications\/(\d+)"/)?.[1]);
    expect(prizeCycleId && submittedId).toBeTruthy();
    const criteria = await (await contexts.staff.get(`/staff/cycles/${cycleId}/criteria`)).text();
    criterionId = Number(criteria.match(new RegExp(`href="/staff/cycles/${cycleId}/criteria/(\\d+)"`))?.[1]);
    expect(criterionId).toBeTruthy();
    // The demo applicant's accepted award, from their home page; its round and programme from staff's page.
    awardId = Number(home.match(/href="\/awards\/(\d+)"/)?.[1]);
    const staffAward = await (await contexts.staff.get(`/staff/awards/${awardId}`)).text();
    awardCycleId = Number(staffAward.match(/href="\/staff\/cycles\/(\d+)\/awards"/)?.[1]);
    awardProgrammeId = Number(staffAward.match(/href="\/staff\/programmes\/(\d+)\/terms"/)?.[1]);
    expect(awardId && awardCycleId && awardProgrammeId).toBeTruthy();
    const draft = await contexts.staff.post(`/staff/programmes/${awardProgrammeId}/rounds/new`, {
      form: {
        name: `Access check draft ${Date.now()}`,
        ...{ opensDay: "1", opensMonth: "4", opensYear: "2031", opensTime: "9am" },
        ...{ closesDay: "30", closesMonth: "5", closesYear: "2031", closesTime: "12pm" },
        ...{ budget: "50000", minAmount: "500", maxAmount: "5000", referenceYear: "2031" },
      },
      maxRedirects: 0,
    });
    draftCycleId = Number(draft.headers()["location"]?.match(/\/staff\/cycles\/(\d+)/)?.[1]);
    expect(draftCycleId).toBeTruthy();
    const payments = await (await contexts.staff.get(`/staff/awards/${awardId}/payments`)).text();
    demoInstalmentId = Number(payments.match(new RegExp(`href="/staff/awards/${awardId}/payments/(\\d+)"`))?.[1]);
    expect(demoInstalmentId).toBeTruthy();
    granteeAwardId = demoAwardId("Cook and eat together");
    caseStudyAwardId = demoAwardId("Walk and talk");
    demoReturnId = demoInterimReturnId();
    const indicators = await (await contexts.staff.get("/staff/indicators")).text();
    indicatorId = Number(indicators.match(/href="\/staff\/indicators\/(\d+)"/)?.[1]);
    placeImportId = firstImportId();
    expect(indicatorId && placeImportId).toBeTruthy();
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
              ? await context.post(target, { form: (typeof check.form === "function" ? check.form() : check.form) ?? {}, maxRedirects: 0 })
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
  for (const target of ["/%09/evil.example", "//evil.example", "https://evil.example/", "/%5Cevil.example", "/.//evil.example", "/%2e%2e//evil.example"]) {
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
