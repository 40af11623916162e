// Letters that reach someone: who a decision letter (and a changed offer) goes to, each address
// once; sending refused, with the list, while an application has nobody to write to; staff
// giving an organisation a contact email from an application, audited; what the decisions page
// says was sent; and the letter previews, which say what the letters sent then say.
import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "~db/seed/index";
import { varyAward, type VaryInput } from "~/models/award-offers.server";
import { loadAward } from "~/models/awards.server";
import { cycleDecisions, recordDecision, releaseDecisions } from "~/models/decisions.server";
import { FEEDBACK_STAND_IN, letterPreview, letterPreviews } from "~/models/letters.server";
import { setContactEmailByStaff } from "~/models/organisations.server";
import { letterRecipients } from "~/models/recipients.server";
import type { DecisionInput } from "~/schemas/decision";
import { staffContactEmailSchema } from "~/schemas/organisation";
import { db, schema } from "~/utils/db.server";
import { sessionCookie, startSession } from "~/utils/session.server";
import { action as contactAction, loader as contactPage } from "~/routes/staff.applications.$applicationId_.contact";
import { loader as decisionsPage, action as sendLettersAction } from "~/routes/staff.cycles.$cycleId.decisions";
import { loader as lettersPage } from "~/routes/staff.cycles.$cycleId.letters";
import { loader as letterBody } from "~/routes/staff.cycles.$cycleId.letters_.$applicationId.$outcome";

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;
let seq = 0;
let programmeId = 0;
let staffUser: typeof schema.users.$inferSelect;
let staff: { id: number; isStaff: true };

function makeUser(role: "user" | "staff" = "user", email?: string) {
  seq++;
  return db
    .insert(schema.users)
    .values({ email: email ?? `letters-${seq}@example.test`, name: `Person ${seq}`, passwordHash: "not-a-hash", role, emailConfirmedAt: new Date() })
    .returning()
    .get();
}

function makeCycle() {
  seq++;
  const now = Date.now();
  return db
    .insert(schema.cycles)
    .values({
      programmeId,
      name: `Letters round ${seq}`,
      referenceYear: 7000 + seq,
      status: "published",
      opensAt: new Date(now - 60 * DAY),
      closesAt: new Date(now - 30 * DAY),
      budgetPence: 50_000_00,
      maxRequestPence: 10_000_00,
      eligibility: { organisationTypes: ["community_or_faith_group"], mustServePlace: true, requiresPartner: false },
      sections: [...schema.APPLICATION_SECTIONS],
      scoringOpensAt: new Date(now - 20 * DAY),
      scoringClosesAt: new Date(now - HOUR),
    })
    .returning()
    .get();
}

type Cycle = ReturnType<typeof makeCycle>;

/** An application from a new organisation with the given members (emails) and contact email. */
function makeApplication(cycle: Cycle, reference: string, o: { members?: string[]; disabled?: string[]; contactEmail?: string | null; contactName?: string } = {}) {
  const org = db
    .insert(schema.organisations)
    .values({ name: `Organisation of ${reference}`, type: "community_or_faith_group", contactEmail: o.contactEmail ?? null, contactName: o.contactName ?? null })
    .returning()
    .get();
  const people = [...(o.members ?? []), ...(o.disabled ?? [])].map((email) => {
    const user = makeUser("user", email);
    if (o.disabled?.includes(email)) db.update(schema.users).set({ disabledAt: new Date() }).where(eq(schema.users.id, user.id)).run();
    db.insert(schema.organisationMembers).values({ organisationId: org.id, userId: user.id }).run();
    return user;
  });
  const app = db
    .insert(schema.applications)
    .values({
      cycleId: cycle.id,
      organisationId: org.id,
      reference,
      status: "submitted",
      title: `Project ${reference}`,
      amountRequestedPence: 4_000_00,
      startDate: "3001-04-01",
      endDate: "3002-03-31",
      submittedAt: new Date(Date.now() - 40 * DAY),
    })
    .returning()
    .get();
  return { ...app, org, people };
}

const award = (amountPence: number, conditions: string | null = null): DecisionInput => ({ outcome: "award", amountPence, conditions, feedback: null, reasons: "REASONS: strong" });
const decline = (feedback = "Tell us more about who you will reach."): DecisionInput => ({ outcome: "decline", amountPence: null, conditions: null, feedback, reasons: "REASONS: weak" });
const reserve = (): DecisionInput => ({ outcome: "reserve", amountPence: null, conditions: null, feedback: null, reasons: "REASONS: next" });

const release = (cycleId: number) => releaseDecisions(staff, cycleId, cycleDecisions(cycleId)!.fingerprint);
const outbox = (template: string, applicationRef?: string) =>
  db
    .select()
    .from(schema.outboxMessages)
    .where(and(eq(schema.outboxMessages.template, template), applicationRef ? like(schema.outboxMessages.subject, `%${applicationRef}%`) : undefined))
    .all();

async function requestAs(user: { id: number }, path: string, form?: Record<string, string>) {
  const token = startSession(db, user.id, new Request("http://portal.test/"));
  const cookie = (await sessionCookie(token)).split(";")[0]!;
  if (!form) return new Request(`http://portal.test${path}`, { headers: { cookie } });
  return new Request(`http://portal.test${path}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

async function outcomeOf(run: () => Promise<unknown>) {
  try {
    return (await run()) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const ctx = () => ({ cspNonce: "" }) as { cspNonce: string; formHasErrors?: boolean };

beforeAll(async () => {
  await seedDatabase({ demo: true });
  programmeId = db.select().from(schema.programmes).where(eq(schema.programmes.slug, "collaboration-fund")).get()!.id;
  staffUser = makeUser("staff");
  staff = { id: staffUser.id, isStaff: true };
});

describe("who a letter goes to", () => {
  it("every active member and the contact email, each address once whatever its case; disabled accounts left out", () => {
    const cycle = makeCycle();
    const app = makeApplication(cycle, "REC-1", {
      members: ["ann@example.test", "bob@example.test"],
      disabled: ["gone@example.test"],
      contactEmail: " ANN@Example.test ",
    });
    expect(letterRecipients(db, app.org.id).map((r) => [r.email, r.kind, r.key])).toEqual([
      ["ann@example.test", "member", "ann@example.test"],
      ["bob@example.test", "member", "bob@example.test"],
    ]);
    const other = makeApplication(cycle, "REC-2", { members: ["cat@example.test"], disabled: ["dan@example.test"], contactEmail: "office@group.example", contactName: "Office" });
    expect(letterRecipients(db, other.org.id)).toEqual([
      { email: "cat@example.test", name: expect.any(String), key: "cat@example.test", kind: "member" },
      { email: "office@group.example", name: "Office", key: "office@group.example", kind: "contact" },
    ]);
    // Only a contact email: greeted by the organisation's name when no contact name is given.
    const lone = makeApplication(cycle, "REC-3", { disabled: ["eve@example.test"], contactEmail: "lone@group.example" });
    expect(letterRecipients(db, lone.org.id)).toEqual([{ email: "lone@group.example", name: "Organisation of REC-3", key: "lone@group.example", kind: "contact" }]);
    const none = makeApplication(cycle, "REC-4", { disabled: ["fay@example.test"], contactEmail: "   " });
    expect(letterRecipients(db, none.org.id)).toEqual([]);
  });

  it("sends each decision letter to members and the contact email, one per address with a key of its own, and a double release sends nothing twice", async () => {
    const cycle = makeCycle();
    const a = makeApplication(cycle, "REC-10", { members: ["rec10-a@example.test", "rec10-b@example.test"], contactEmail: "REC10-A@example.test" });
    const b = makeApplication(cycle, "REC-11", { members: ["rec11@example.test"], disabled: ["rec11-old@example.test"], contactEmail: "hello@rec11.example" });
    const c = makeApplication(cycle, "REC-12", { disabled: ["rec12-old@example.test"], contactEmail: "only@rec12.example", contactName: "Rita" });
    recordDecision(staff, a.id, award(3_000_00));
    recordDecision(staff, b.id, decline());
    recordDecision(staff, c.id, reserve());
    expect(cycleDecisions(cycle.id)!.nobodyToWriteTo).toEqual([]);
    expect(release(cycle.id)).toEqual({ ok: true, released: 3, letters: 5 });
    const letters = outbox("decision-letter").filter((m) => /REC-1[012]/.test(m.subject));
    expect(letters.map((l) => l.toAddress).sort()).toEqual(["hello@rec11.example", "only@rec12.example", "rec10-a@example.test", "rec10-b@example.test", "rec11@example.test"]);
    expect(new Set(letters.map((l) => l.dedupeKey)).size).toBe(5);
    expect(letters.find((l) => l.toAddress === "only@rec12.example")!.text).toMatch(/^Hello Rita,/);
    // The decisions page says what went, from the round's own record.
    const page = (await (
      (await decisionsPage({ request: await requestAs(staffUser, `/staff/cycles/${cycle.id}/decisions?done=sent`), params: { cycleId: String(cycle.id) }, context: ctx() })) as Response
    ).json()) as { notice: { text: string }; sent: string };
    expect(page.notice.text).toBe("The decision letters have been sent. 3 decisions went out in 5 emails, to the organisations' members and contact emails.");
    expect(page.sent).toBe("3 decisions went out in 5 emails, to the organisations' members and contact emails");
    // Twice: nothing more in the outbox.
    const before = outbox("decision-letter").length;
    expect(release(cycle.id)).toMatchObject({ ok: false, alreadySent: true });
    expect(outbox("decision-letter")).toHaveLength(before);
  });

  it("refuses to send while an application has nobody to write to, listing it, until staff give the organisation a contact email", async () => {
    const cycle = makeCycle();
    const fine = makeApplication(cycle, "REC-20", { members: ["rec20@example.test"] });
    const lost = makeApplication(cycle, "REC-21", { disabled: ["rec21-old@example.test"] });
    const lost2 = makeApplication(cycle, "REC-22");
    recordDecision(staff, fine.id, award(1_000_00));
    recordDecision(staff, lost.id, decline());
    recordDecision(staff, lost2.id, reserve());
    expect(cycleDecisions(cycle.id)!.nobodyToWriteTo.map((r) => r.reference)).toEqual(["REC-21", "REC-22"]);
    const refused = {
      ok: false,
      alreadySent: false,
      status: 409,
      message:
        "Nobody would get the letter for these 2 applications: REC-21, REC-22. Nobody in the organisation has an account and it has no contact email. Give each organisation a contact email on the application's page, then send the letters.",
    };
    expect(release(cycle.id)).toEqual(refused);
    // Through the page: the same refusal, nothing sent, nothing released.
    const path = `/staff/cycles/${cycle.id}/decisions`;
    const response = (await sendLettersAction({
      request: await requestAs(staffUser, path, { confirm: "yes", fingerprint: cycleDecisions(cycle.id)!.fingerprint }),
      params: { cycleId: String(cycle.id) },
      context: ctx(),
    })) as Response;
    expect(response.status).toBe(409);
    expect((await response.json()).refused).toBe(refused.message);
    expect(outbox("decision-letter", "REC-2")).toEqual([]);
    expect(db.select().from(schema.applications).where(eq(schema.applications.id, fine.id)).get()!.status).toBe("submitted");

    // Staff give the first a contact email through its page: refused when not an email, saved and audited when it is.
    const contactPath = `/staff/applications/${lost.id}/contact`;
    const bad = (await contactAction({ request: await requestAs(staffUser, contactPath, { contactEmail: "not an email" }), params: { applicationId: String(lost.id) }, context: ctx() })) as Response;
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: { contactEmail: "Enter an email address in the correct format, like name@example.com" }, values: { contactEmail: "not an email" } });
    const saved = (await contactAction({ request: await requestAs(staffUser, contactPath, { contactEmail: " Help@Rec21.example " }), params: { applicationId: String(lost.id) }, context: ctx() })) as Response;
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/staff/applications/${lost.id}?notice=contact-updated`);
    expect(db.select().from(schema.organisations).where(eq(schema.organisations.id, lost.org.id)).get()!.contactEmail).toBe("help@rec21.example");
    const audit = db.select().from(schema.auditEvents).where(eq(schema.auditEvents.action, "organisation.contact_email_changed")).all();
    expect(audit.filter((e) => e.entityType === "organisation" && e.entityId === lost.org.id)).toHaveLength(1);
    const onApplication = audit.filter((e) => e.entityType === "application" && e.entityId === lost.id);
    expect(onApplication).toHaveLength(1);
    expect(onApplication[0]!).toMatchObject({ actorUserId: staff.id, details: { before: null, after: "help@rec21.example" } });
    // The same address again changes nothing.
    expect(setContactEmailByStaff(staff, lost.id, "help@rec21.example")).toEqual({ ok: true, changed: false });

    expect(release(cycle.id)).toMatchObject({ ok: false, message: expect.stringMatching(/^Nobody would get the letter for this application: REC-22\./) });
    expect(setContactEmailByStaff(staff, lost2.id, "team@rec22.example")).toEqual({ ok: true, changed: true });
    expect(release(cycle.id)).toEqual({ ok: true, released: 3, letters: 3 });
    expect(outbox("decision-letter", "REC-21").map((m) => m.toAddress)).toEqual(["help@rec21.example"]);
  });

  it("lets only staff set the contact email, and not on a draft", async () => {
    const cycle = makeCycle();
    const app = makeApplication(cycle, "REC-30", { members: ["rec30@example.test"] });
    const member = app.people[0]!;
    expect(setContactEmailByStaff({ id: member.id, isStaff: false }, app.id, "x@example.test")).toMatchObject({ ok: false, status: 403 });
    const forbidden = await outcomeOf(async () => contactAction({ request: await requestAs(member, `/staff/applications/${app.id}/contact`, { contactEmail: "x@example.test" }), params: { applicationId: String(app.id) }, context: ctx() }));
    expect(forbidden.status).toBe(403);
    const page = await outcomeOf(async () => contactPage({ request: await requestAs(member, `/staff/applications/${app.id}/contact`), params: { applicationId: String(app.id) }, context: ctx() }));
    expect(page.status).toBe(403);
    db.update(schema.applications).set({ status: "draft" }).where(eq(schema.applications.id, app.id)).run();
    expect(setContactEmailByStaff(staff, app.id, "x@example.test")).toMatchObject({ ok: false, status: 404 });
    expect(db.select().from(schema.organisations).where(eq(schema.organisations.id, app.org.id)).get()!.contactEmail).toBeNull();
    expect(staffContactEmailSchema.safeParse({ contactEmail: "" }).error?.issues[0]?.message).toBe("Enter the organisation's contact email address");
  });

  it("sends a changed offer to the contact email too; a change to an accepted award goes to the members", () => {
    const cycle = makeCycle();
    const app = makeApplication(cycle, "REC-40", { members: ["rec40@example.test"], contactEmail: "office@rec40.example" });
    recordDecision(staff, app.id, award(5_000_00));
    expect(release(cycle.id)).toMatchObject({ ok: true, letters: 2 });
    const awardId = db.select().from(schema.awards).where(eq(schema.awards.applicationId, app.id)).get()!.id;
    const variation = (amountPence: number): VaryInput => {
      const file = loadAward(awardId)!;
      return { version: file.award.version, amountPence, startDate: file.award.startDate!, endDate: file.award.endDate!, conditions: [], reason: "Less spend on food" };
    };
    expect(varyAward(staff, awardId, variation(4_500_00))).toMatchObject({ ok: true, changed: true });
    expect(outbox("award-varied", "REC-40").map((m) => m.toAddress).sort()).toEqual(["office@rec40.example", "rec40@example.test"]);
    db.update(schema.awards).set({ status: "accepted" }).where(eq(schema.awards.id, awardId)).run();
    expect(varyAward(staff, awardId, variation(4_000_00))).toMatchObject({ ok: true, changed: true });
    expect(outbox("award-varied", "REC-40").map((m) => m.toAddress).sort()).toEqual(["office@rec40.example", "rec40@example.test", "rec40@example.test"]);
  });
});

describe("letter previews", () => {
  it("fill each kind of letter in for an application, decided ones first, and say what the letter sent then says", async () => {
    const cycle = makeCycle();
    const a = makeApplication(cycle, "PRE-1", { members: ["pre1@example.test"] });
    const b = makeApplication(cycle, "PRE-2", { members: ["pre2@example.test"], contactEmail: "office@pre2.example" });
    const c = makeApplication(cycle, "PRE-3", { members: ["pre3@example.test"] });
    const d = makeApplication(cycle, "PRE-4", { disabled: ["pre4@example.test"] });
    recordDecision(staff, b.id, award(3_250_00, "Send us your safeguarding policy"));
    recordDecision(staff, c.id, decline("A clearer budget would help."));
    const found = letterPreviews(cycle.id)!;
    const byOutcome = Object.fromEntries(found.previews.map((p) => [p.outcome, p]));
    // Decided that way first, then other decided ones, then the rest.
    expect(byOutcome.award!.choices.map((x) => x.reference)).toEqual(["PRE-2", "PRE-3", "PRE-1", "PRE-4"]);
    expect(byOutcome.decline!.choices.map((x) => x.reference)).toEqual(["PRE-3", "PRE-2", "PRE-1", "PRE-4"]);
    expect(byOutcome.reserve!.choices.map((x) => x.reference)).toEqual(["PRE-2", "PRE-3", "PRE-1", "PRE-4"]);
    const awardLetter = byOutcome.award!.chosen!;
    expect(awardLetter).toMatchObject({ id: b.id, filledFrom: "decision", offerNotMadeYet: true, subject: "Your application PRE-2 has been awarded funding" });
    expect(awardLetter.recipients.map((r) => [r.email, r.kind])).toEqual([
      ["pre2@example.test", "member"],
      ["office@pre2.example", "contact"],
    ]);
    expect(awardLetter.text).toContain("Amount awarded: £3,250");
    expect(awardLetter.text).toContain("Send us your safeguarding policy");
    expect(awardLetter.html).toContain("Send us your safeguarding policy");
    expect(byOutcome.decline!.chosen!).toMatchObject({ id: c.id, filledFrom: "decision", subject: "Decision on your application PRE-3" });
    expect(byOutcome.decline!.chosen!.text).toContain("A clearer budget would help.");
    // Nobody decided for the reserve list: it is filled in for the first choice, and says so.
    expect(byOutcome.reserve!.chosen!).toMatchObject({ id: b.id, filledFrom: "stand-in", subject: "Your application PRE-2 is on the reserve list" });
    // Another choice: an undecided application, with its amount requested and a marked place for feedback.
    const chosen = letterPreviews(cycle.id, { award: a.id, decline: d.id })!.previews;
    expect(chosen[0]!.chosen).toMatchObject({ id: a.id, filledFrom: "stand-in" });
    expect(chosen[0]!.chosen!.text).toContain("£4,000");
    expect(chosen[1]!.chosen).toMatchObject({ id: d.id, filledFrom: "stand-in", recipients: [] });
    expect(chosen[1]!.chosen!.text).toContain(FEEDBACK_STAND_IN);
    // An application of another round, or not there at all: the first choice instead.
    const elsewhere = makeApplication(makeCycle(), "PRE-9", { members: ["pre9@example.test"] });
    expect(letterPreviews(cycle.id, { award: elsewhere.id })!.previews[0]!.chosen!.id).toBe(b.id);
    expect(letterPreview(cycle.id, "award", elsewhere.id)).toBeNull();

    // Sent, the letters say what the previews said (but for the link to the offer, made on sending).
    recordDecision(staff, a.id, reserve());
    recordDecision(staff, d.id, reserve());
    db.update(schema.organisations).set({ contactEmail: "pre4@group.example" }).where(eq(schema.organisations.id, d.org.id)).run();
    const shown = letterPreviews(cycle.id)!.previews;
    expect(release(cycle.id)).toMatchObject({ ok: true });
    const awardId = db.select().from(schema.awards).where(eq(schema.awards.applicationId, b.id)).get()!.id;
    const sent = outbox("decision-letter", "PRE-2").find((m) => m.toAddress === "pre2@example.test")!;
    expect(sent.subject).toBe(shown[0]!.chosen!.subject);
    expect(sent.text).toBe(shown[0]!.chosen!.text.replace(`/applications/${b.id}`, `/awards/${awardId}`));
    const sentDecline = outbox("decision-letter", "PRE-3")[0]!;
    expect(sentDecline.text).toBe(shown[1]!.chosen!.text);
    expect(sentDecline.html).toBe(shown[1]!.chosen!.html);
    // After sending, an award's preview links to its offer.
    expect(letterPreviews(cycle.id)!.previews[0]!.chosen!).toMatchObject({ offerNotMadeYet: false });
    expect(letterPreviews(cycle.id)!.previews[0]!.chosen!.text).toBe(sent.text);
  });

  it("are for staff only; the page and the framed letter are served for the round's own applications, the letter with its own strict policy", async () => {
    const cycle = makeCycle();
    const app = makeApplication(cycle, "PRE-20", { members: ["pre20@example.test"] });
    recordDecision(staff, app.id, award(2_000_00));
    const applicant = app.people[0]!;
    const pagePath = `/staff/cycles/${cycle.id}/letters?award=${app.id}&decline=junk`;
    const page = (await lettersPage({ request: await requestAs(staffUser, pagePath), params: { cycleId: String(cycle.id) }, context: ctx() })) as Response;
    const data = (await page.json()) as { previews: { outcome: string; chosen: { id: number; html?: string; subject: string } | null }[] };
    expect(data.previews.map((p) => [p.outcome, p.chosen?.id])).toEqual([
      ["award", app.id],
      ["decline", app.id],
      ["reserve", app.id],
    ]);
    // The page's data never carries the HTML: the frame fetches it from its own address.
    expect(data.previews.every((p) => p.chosen && p.chosen.html === undefined)).toBe(true);
    const body = (outcome: string, applicationId: number, user = staffUser, cycleId = cycle.id) =>
      outcomeOf(async () =>
        letterBody({
          request: await requestAs(user, `/staff/cycles/${cycleId}/letters/${applicationId}/${outcome}`),
          params: { cycleId: String(cycleId), applicationId: String(applicationId), outcome },
          context: ctx(),
        }),
      );
    const html = await body("award", app.id);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-security-policy")).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox");
    expect(html.headers.get("cache-control")).toBe("no-store");
    expect(await html.text()).toContain("Your application PRE-20 has been awarded funding");
    expect((await body("maybe", app.id)).status).toBe(404);
    const otherRound = makeCycle();
    expect((await body("award", app.id, staffUser, otherRound.id)).status).toBe(404);
    expect((await body("award", app.id, applicant)).status).toBe(403);
    const refused = await outcomeOf(async () => lettersPage({ request: await requestAs(applicant, pagePath), params: { cycleId: String(cycle.id) }, context: ctx() }));
    expect(refused.status).toBe(403);
    const missing = await outcomeOf(async () => lettersPage({ request: await requestAs(staffUser, "/staff/cycles/999999/letters"), params: { cycleId: "999999" }, context: ctx() }));
    expect(missing.status).toBe(404);
  });
});
