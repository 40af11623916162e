// Decisions at the model level: what recordDecision refuses (not staff, wrong state, scoring
// still open, already released, a colleague's save since the page was opened), the audit trail,
// and releaseDecisions: all at once or not at all (every application decided, the decisions the
// page showed), one letter per member of each applicant organisation, statuses set, a second
// release sending nothing, nothing decided after it. And what the applicant sees: nothing before
// the release; after it the decision, never a score or the reasons (read through the page's loader).
import { and, eq, inArray, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "~db/seed/index";
import { timeline } from "~/models/applications.server";
import { cycleDecisions, decisionFor, decisionToken, outcomeWords, recordDecision, releaseDecisions, releasedDecisionFor } from "~/models/decisions.server";
import { decisionLetter } from "../../emails/decisions";
import { DECISION_OUTCOME } from "~/utils/labels";
import { decisionSchema, releaseSchema, type DecisionInput } from "~/schemas/decision";
import { db, schema } from "~/utils/db.server";
import { sessionCookie, startSession } from "~/utils/session.server";
import { loader as applicantPage } from "~/routes/applications.$applicationId._index";
import { action as saveDecisionAction, loader as decisionPage } from "~/routes/staff.applications.$applicationId_.decision";
import { action as sendLettersAction } from "~/routes/staff.cycles.$cycleId.decisions";
import { loader as decisionsPage } from "~/routes/staff.cycles.$cycleId.decisions";
import { loader as moderationPage } from "~/routes/staff.cycles.$cycleId.moderation";
import { loader as scoresPage } from "~/routes/staff.applications.$applicationId_.scores";
import { loader as scoresCsvRoute } from "~/routes/staff.cycles.$cycleId.scores[.]csv";

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;
let seq = 0;
let programmeId = 0;
let staffUser: typeof schema.users.$inferSelect;
let staff: { id: number; isStaff: true };

function makeUser(role: "user" | "staff" = "user", name?: string) {
  seq++;
  return db
    .insert(schema.users)
    .values({ email: `decisions-${seq}@example.test`, name: name ?? `Person ${seq}`, passwordHash: "not-a-hash", role, emailConfirmedAt: new Date() })
    .returning()
    .get();
}

function makeCycle(scoring: "open" | "closed" | "not_set" = "closed", budgetPence = 20_000_00) {
  seq++;
  const now = Date.now();
  return db
    .insert(schema.cycles)
    .values({
      programmeId,
      name: `Decision round ${seq}`,
      referenceYear: 5000 + seq,
      status: "published",
      opensAt: new Date(now - 60 * DAY),
      closesAt: new Date(now - 30 * DAY),
      budgetPence,
      maxRequestPence: 10_000_00,
      eligibility: { organisationTypes: ["community_or_faith_group"], mustServePlace: true, requiresPartner: false },
      sections: [...schema.APPLICATION_SECTIONS],
      scoringOpensAt: scoring === "not_set" ? null : new Date(now - 20 * DAY),
      scoringClosesAt: scoring === "not_set" ? null : scoring === "closed" ? new Date(now - HOUR) : new Date(now + 10 * DAY),
      minScorersPerApplication: 1,
    })
    .returning()
    .get();
}

type Cycle = ReturnType<typeof makeCycle>;

function makeApplication(cycle: Cycle, reference: string, o: { members?: number; status?: typeof schema.applications.$inferInsert.status; amountPence?: number } = {}) {
  const org = db.insert(schema.organisations).values({ name: `Organisation of ${reference}`, type: "community_or_faith_group" }).returning().get();
  const people = Array.from({ length: o.members ?? 2 }, () => {
    const user = makeUser();
    db.insert(schema.organisationMembers).values({ organisationId: org.id, userId: user.id }).run();
    return user;
  });
  const app = db
    .insert(schema.applications)
    .values({
      cycleId: cycle.id,
      organisationId: org.id,
      reference,
      status: o.status ?? "submitted",
      title: `Project ${reference}`,
      amountRequestedPence: o.amountPence ?? 5_000_00,
      submittedAt: new Date(Date.now() - 40 * DAY),
    })
    .returning()
    .get();
  return { ...app, people };
}

/** A panel member's submitted score on the application, so that scores exist to be kept from applicants. */
function scoreIt(cycle: Cycle, app: { id: number }) {
  let criterion = db.select().from(schema.criteria).where(eq(schema.criteria.cycleId, cycle.id)).get();
  criterion ??= db
    .insert(schema.criteria)
    .values({ cycleId: cycle.id, title: "Reaches need", weight: 1, scaleMin: 0, scaleMax: 4, descriptors: { "0": "None", "4": "Strong" } })
    .returning()
    .get();
  let member = db.select().from(schema.panelMembers).where(eq(schema.panelMembers.cycleId, cycle.id)).get();
  member ??= db
    .insert(schema.panelMembers)
    .values({ cycleId: cycle.id, userId: makeUser().id, email: `panellist-${seq++}@example.test`, name: "Pat Panellist", status: "active", invitedAt: new Date(), acceptedAt: new Date() })
    .returning()
    .get();
  const card = db
    .insert(schema.scorecards)
    .values({ applicationId: app.id, panelMemberId: member.id, status: "submitted", overallComment: "PANEL-COMMENT-SECRET", submittedAt: new Date() })
    .returning()
    .get();
  db.insert(schema.criterionScores).values({ scorecardId: card.id, criterionId: criterion.id, score: 3, comment: "CRITERION-COMMENT-SECRET" }).run();
}

const award = (amountPence: number, conditions: string | null = null): DecisionInput => ({ outcome: "award", amountPence, conditions, feedback: null, reasons: "REASONS-SECRET: strong on need" });
const decline = (feedback = "Say more about who you will reach."): DecisionInput => ({ outcome: "decline", amountPence: null, conditions: null, feedback, reasons: "REASONS-SECRET: weak plan" });
const reserve = (): DecisionInput => ({ outcome: "reserve", amountPence: null, conditions: null, feedback: null, reasons: "REASONS-SECRET: next in line" });

/** Sends the letters as the page does: with the fingerprint of the decisions the page showed. */
const release = (cycleId: number, now = new Date()) => releaseDecisions(staff, cycleId, cycleDecisions(cycleId)!.fingerprint, now);

const statusOf = (id: number) => db.select().from(schema.applications).where(eq(schema.applications.id, id)).get()!.status;
const lettersTo = (emails: string[]) =>
  db.select().from(schema.outboxMessages).where(and(eq(schema.outboxMessages.template, "decision-letter"), inArray(schema.outboxMessages.toAddress, emails))).all();

async function requestAs(user: { id: number }, path: string) {
  const token = startSession(db, user.id, new Request("http://portal.test/"));
  const cookie = (await sessionCookie(token)).split(";")[0]!;
  return new Request(`http://portal.test${path}`, { headers: { cookie } });
}

async function postAs(user: { id: number }, path: string, form: Record<string, string>) {
  const token = startSession(db, user.id, new Request("http://portal.test/"));
  const cookie = (await sessionCookie(token)).split(";")[0]!;
  return new Request(`http://portal.test${path}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

async function statusOfLoader(run: () => Promise<unknown>) {
  try {
    const response = (await run()) as Response;
    return response.status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

beforeAll(async () => {
  await seedDatabase({ demo: true });
  programmeId = db.select().from(schema.programmes).where(eq(schema.programmes.slug, "collaboration-fund")).get()!.id;
  staffUser = makeUser("staff", "Sam Staff");
  staff = { id: staffUser.id, isStaff: true };
});

describe("recording a decision", () => {
  it("keeps one decision per application with who and when, audited as decision.recorded with the old and new", () => {
    const cycle = makeCycle();
    const app = makeApplication(cycle, "DEC-1");
    const at = new Date("2031-05-01T09:00:00Z");
    expect(recordDecision(staff, app.id, award(4_000_00, "Report at six months"), at)).toEqual({ ok: true, changed: true });
    // The same again (a double click) changes nothing.
    expect(recordDecision(staff, app.id, award(4_000_00, "Report at six months"), at)).toEqual({ ok: true, changed: false });
    expect(recordDecision(staff, app.id, decline("More detail, please"))).toEqual({ ok: true, changed: true });
    const rows = db.select().from(schema.decisions).where(eq(schema.decisions.applicationId, app.id)).all();
    expect(rows).toHaveLength(1);
    // A decline keeps no amount or conditions.
    expect(rows[0]).toMatchObject({ outcome: "decline", amountPence: null, conditions: null, feedback: "More detail, please", decidedById: staff.id, releasedAt: null });
    const audit = db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.entityType, "application"), eq(schema.auditEvents.entityId, app.id)))
      .orderBy(schema.auditEvents.id)
      .all();
    expect(audit.map((e) => e.action)).toEqual(["decision.recorded", "decision.recorded"]);
    expect(audit[0]!.details).toEqual({
      before: null,
      after: { outcome: "award", amountPence: 4_000_00, conditions: "Report at six months", feedback: null, reasons: "REASONS-SECRET: strong on need" },
    });
    expect((audit[1]!.details as { before: { outcome: string } }).before.outcome).toBe("award");
    // Nothing of it on the applicant's timeline, and nothing for the applicant to see yet.
    expect(timeline(app.id, "applicant")).toEqual([]);
    expect(releasedDecisionFor(app.id)).toBeNull();
    // The application keeps its status until the letters go.
    expect(statusOf(app.id)).toBe("submitted");
  });

  it("is refused to anyone but staff", () => {
    const cycle = makeCycle();
    const app = makeApplication(cycle, "DEC-2");
    expect(recordDecision({ id: app.people[0]!.id, isStaff: false }, app.id, award(1_000_00))).toMatchObject({ ok: false, status: 403 });
    expect(recordDecision(staff, 999_999, award(1_000_00))).toMatchObject({ ok: false, status: 404 });
    expect(db.select().from(schema.decisions).where(eq(schema.decisions.applicationId, app.id)).get()).toBeUndefined();
  });

  it("is refused on an application that is not with the panel", () => {
    const cycle = makeCycle();
    for (const status of ["draft", "returned", "withdrawn", "ineligible"] as const) {
      const app = makeApplication(cycle, `DEC-3-${status}`, { status });
      const result = recordDecision(staff, app.id, award(1_000_00));
      expect(result, status).toMatchObject({ ok: false, status: 409, message: "This application is not with the panel, so no decision can be recorded on it." });
    }
  });

  it("is refused while scoring is open or before it has dates, saying decisions come once scoring has closed", () => {
    const open = makeCycle("open");
    const app = makeApplication(open, "DEC-4");
    const result = recordDecision(staff, app.id, award(1_000_00));
    expect(result).toMatchObject({ ok: false, status: 409 });
    expect((result as { message: string }).message).toMatch(/^Scoring is open until .*\. Decisions can be made once scoring has closed\.$/);
    const unset = makeCycle("not_set");
    const other = makeApplication(unset, "DEC-5");
    expect((recordDecision(staff, other.id, reserve()) as { message: string }).message).toMatch(/once the panel has scored and scoring has closed/);
    expect(db.select().from(schema.decisions).where(inArray(schema.decisions.applicationId, [app.id, other.id])).all()).toEqual([]);
  });

  it("is refused once its letter has been sent: a change is a variation", () => {
    const cycle = makeCycle();
    const app = makeApplication(cycle, "DEC-6");
    recordDecision(staff, app.id, award(3_000_00));
    expect(release(cycle.id)).toMatchObject({ ok: true, released: 1 });
    const result = recordDecision(staff, app.id, award(3_500_00));
    expect(result).toMatchObject({ ok: false, status: 409 });
    expect((result as { message: string }).message).toMatch(/letter for this application has been sent.*variation/);
    expect(db.select().from(schema.decisions).where(eq(schema.decisions.applicationId, app.id)).get()!.amountPence).toBe(3_000_00);
  });
});

describe("two people deciding at once", () => {
  it("refuses a save over a decision someone else saved after the page was opened, and keeps everything typed", async () => {
    const cycle = makeCycle();
    const app = makeApplication(cycle, "STL-1");
    const colleague = { id: makeUser("staff", "Cat Colleague").id, isStaff: true };
    // Both open the page before any decision; the colleague saves first.
    const shown = decisionToken(decisionFor(app.id)?.decision);
    expect(shown).toBe("");
    expect(recordDecision(colleague, app.id, decline("Colleague's feedback"), new Date(), { token: shown })).toEqual({ ok: true, changed: true });
    const refused = recordDecision(staff, app.id, award(2_000_00), new Date(), { token: shown });
    expect(refused).toEqual({
      ok: false,
      status: 409,
      message: "Someone else saved a decision on this application after you opened this page. Check the decision saved now, then save yours again if it should replace it.",
    });
    expect(db.select().from(schema.decisions).where(eq(schema.decisions.applicationId, app.id)).get()).toMatchObject({ outcome: "decline", decidedById: colleague.id });
    // The same as what is saved is no conflict (the second of a double click).
    expect(recordDecision(staff, app.id, decline("Colleague's feedback"), new Date(), { token: shown })).toEqual({ ok: true, changed: false });

    // Through the page: a 409 with the message and everything typed, to put back in the form.
    const form = { token: shown, outcome: "award", amount: "2000", conditions: "Report at six months", feedback: "", reasons: "My reasons" };
    const path = `/staff/applications/${app.id}/decision`;
    const response = (await saveDecisionAction({ request: await postAs(staffUser, path, form), params: { applicationId: String(app.id) }, context: { cspNonce: "" } })) as Response;
    expect(response.status).toBe(409);
    const body = await response.json();
    expect(body.refused).toMatch(/^Someone else saved a decision/);
    expect(body.values).toMatchObject({ outcome: "award", amount: "2000", conditions: "Report at six months", reasons: "My reasons" });
    expect(db.select().from(schema.decisions).where(eq(schema.decisions.applicationId, app.id)).get()!.outcome).toBe("decline");

    // The page, shown again, carries the colleague's decision: saving now replaces it, knowingly.
    const page = (await (
      (await decisionPage({ request: await requestAs(staffUser, path), params: { applicationId: String(app.id) }, context: { cspNonce: "" } })) as Response
    ).json()) as { token: string };
    expect(page.token).toBe(decisionToken(decisionFor(app.id)!.decision));
    const saved = (await saveDecisionAction({
      request: await postAs(staffUser, path, { ...form, token: page.token }),
      params: { applicationId: String(app.id) },
      context: { cspNonce: "" },
    })) as Response;
    expect(saved.status).toBe(302);
    expect(db.select().from(schema.decisions).where(eq(schema.decisions.applicationId, app.id)).get()).toMatchObject({ outcome: "award", amountPence: 2_000_00, decidedById: staff.id });
  });

  it("sends no letters from a page that showed other decisions", async () => {
    const cycle = makeCycle();
    const app = makeApplication(cycle, "STL-2", { members: 1 });
    recordDecision(staff, app.id, reserve());
    const shown = cycleDecisions(cycle.id)!.fingerprint;
    recordDecision(staff, app.id, award(1_500_00), new Date(Date.now() + 1000));
    const path = `/staff/cycles/${cycle.id}/decisions`;
    const response = (await sendLettersAction({
      request: await postAs(staffUser, path, { confirm: "yes", fingerprint: shown }),
      params: { cycleId: String(cycle.id) },
      context: { cspNonce: "" },
    })) as Response;
    expect(response.status).toBe(409);
    expect((await response.json()).refused).toBe("The decisions have changed since you opened this page: check them and send again");
    expect(lettersTo(app.people.map((p) => p.email))).toEqual([]);
    const sent = (await sendLettersAction({
      request: await postAs(staffUser, path, { confirm: "yes", fingerprint: cycleDecisions(cycle.id)!.fingerprint }),
      params: { cycleId: String(cycle.id) },
      context: { cspNonce: "" },
    })) as Response;
    expect(sent.status).toBe(302);
    expect(lettersTo(app.people.map((p) => p.email)).map((l) => l.subject)).toEqual(["Your application STL-2 has been awarded funding"]);
  });
});

describe("the words", () => {
  it("call the decline \"Do not fund\" as the choice and \"Not funded\" as the outcome, and promise nothing about the reserve list closing", () => {
    expect(DECISION_OUTCOME.decline!.text).toBe("Not funded");
    expect(outcomeWords("decline", null)).toBe("not funded");
    const letter = decisionLetter({
      name: "Ann",
      reference: "R-1",
      title: "Project",
      organisationName: "Group",
      programmeName: "Fund",
      cycleName: "Round",
      outcome: "reserve",
      amountPence: null,
      conditions: null,
      feedback: null,
      viewUrl: "http://portal.test/applications/1",
    });
    const text = JSON.stringify(letter.body);
    expect(text).toContain("If your application is funded from the reserve list, we will email you with the offer.");
    expect(text).not.toMatch(/reserve list closes/);
  });
});

describe("the decision form", () => {
  const parse = (form: Record<string, string>) => decisionSchema.safeParse(form);
  const errors = (form: Record<string, string>) => {
    const r = parse(form);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  it("needs a choice and the reasons, all reported at once", () => {
    expect(errors({})).toEqual({ outcome: "Select the decision", reasons: "Give the reasons for the decision" });
  });

  it("needs an amount above £0 for an award, which may differ from the amount requested", () => {
    expect(errors({ outcome: "award", reasons: "Good" })).toEqual({ amount: "Enter the amount to award" });
    expect(errors({ outcome: "award", amount: "lots", reasons: "Good" })).toEqual({ amount: "Amount to award must be an amount in pounds, like 5000 or 5000.50" });
    expect(errors({ outcome: "award", amount: "0", reasons: "Good" })).toEqual({ amount: "Amount to award must be more than £0" });
    expect(parse({ outcome: "award", amount: "£3,250.50", conditions: " Quarterly reports ", feedback: "ignored", reasons: " Good " }).data).toEqual({
      outcome: "award",
      amountPence: 3_250_50,
      conditions: "Quarterly reports",
      feedback: null,
      reasons: "Good",
    });
  });

  it("needs feedback for a decline, and nothing more for the reserve list", () => {
    expect(errors({ outcome: "decline", amount: "nonsense", reasons: "Weak" })).toEqual({ feedback: "Give feedback for the applicant" });
    expect(parse({ outcome: "reserve", amount: "nonsense", reasons: "Next" }).data).toEqual({ outcome: "reserve", amountPence: null, conditions: null, feedback: null, reasons: "Next" });
    expect(errors({ outcome: "maybe", reasons: "x" })).toEqual({ outcome: "Select the decision" });
  });

  it("sends the letters only when the person confirms", () => {
    expect(releaseSchema.safeParse({}).success).toBe(false);
    expect(releaseSchema.safeParse({ confirm: "no" }).success).toBe(false);
    expect(releaseSchema.safeParse({ confirm: "yes" }).success).toBe(true);
  });
});

describe("sending the decision letters", () => {
  it("releases every decision at once, only when every application has one: statuses, audit, one letter per member, and never twice", () => {
    const cycle = makeCycle();
    const a = makeApplication(cycle, "REL-1", { members: 2 });
    const b = makeApplication(cycle, "REL-2", { members: 1 });
    const c = makeApplication(cycle, "REL-3", { members: 3 });
    const d = makeApplication(cycle, "REL-4", { members: 1 });
    for (const app of [a, b, c, d]) scoreIt(cycle, app);
    recordDecision(staff, a.id, award(4_500_00, "Spend it in Luton"));
    recordDecision(staff, b.id, decline("A clearer budget would help."));
    recordDecision(staff, c.id, reserve());
    expect(cycleDecisions(cycle.id)).toMatchObject({ awardedPence: 4_500_00, counts: { award: 1, decline: 1, reserve: 1 }, unreleased: 3, released: 0 });
    expect(cycleDecisions(cycle.id)!.undecided.map((r) => r.reference)).toEqual(["REL-4"]);

    // Not while one application has no decision: the letters go all at once, not one by one.
    expect(release(cycle.id)).toEqual({
      ok: false,
      alreadySent: false,
      status: 409,
      message: "Decision letters go to every applicant at once, so every application needs a decision first. This application has no decision yet: REL-4.",
    });
    expect([a, b, c, d].map((x) => statusOf(x.id))).toEqual(["submitted", "submitted", "submitted", "submitted"]);
    expect(lettersTo([a, b, c, d].flatMap((x) => x.people.map((p) => p.email)))).toEqual([]);
    expect(db.select().from(schema.cycles).where(eq(schema.cycles.id, cycle.id)).get()!.decisionsReleasedAt).toBeNull();

    recordDecision(staff, d.id, award(2_000_00));
    const at = new Date();
    expect(release(cycle.id, at)).toEqual({ ok: true, released: 4, letters: 7 });
    expect([a, b, c, d].map((x) => statusOf(x.id))).toEqual(["awarded", "declined", "reserve", "awarded"]);
    const decisions = db.select().from(schema.decisions).where(inArray(schema.decisions.applicationId, [a.id, b.id, c.id, d.id])).all();
    expect(decisions.every((d) => d.releasedAt?.getTime() === at.getTime())).toBe(true);
    expect(db.select().from(schema.cycles).where(eq(schema.cycles.id, cycle.id)).get()!.decisionsReleasedAt?.getTime()).toBe(at.getTime());

    // One letter to each member, to nobody else.
    for (const app of [a, b, c, d]) {
      const letters = lettersTo(app.people.map((p) => p.email));
      expect(letters.map((l) => l.toAddress).sort()).toEqual(app.people.map((p) => p.email).sort());
    }
    const [awardLetter] = lettersTo([a.people[0]!.email]);
    expect(awardLetter!.subject).toBe("Your application REL-1 has been awarded funding");
    expect(awardLetter!.text).toContain("£4,500");
    expect(awardLetter!.text).toContain("Spend it in Luton");
    expect(awardLetter!.text).toMatch(/Your offer is waiting in the portal/);
    const [declineLetter] = lettersTo([b.people[0]!.email]);
    expect(declineLetter!.subject).toBe("Decision on your application REL-2");
    expect(declineLetter!.text).toContain("A clearer budget would help.");
    expect(declineLetter!.text).toMatch(/other funding rounds/);
    const [reserveLetter] = lettersTo([c.people[0]!.email]);
    expect(reserveLetter!.subject).toBe("Your application REL-3 is on the reserve list");
    // It promises nothing the portal does not do: no word of the reserve list closing.
    expect(reserveLetter!.text).not.toMatch(/reserve list closes/);
    // Never a score, a panel member, their comments or the reasons.
    for (const letter of lettersTo([...a.people, ...b.people, ...c.people].map((p) => p.email))) {
      for (const secret of ["REASONS-SECRET", "PANEL-COMMENT-SECRET", "CRITERION-COMMENT-SECRET", "Pat Panellist", "out of 100"]) {
        expect(letter.text, letter.subject).not.toContain(secret);
        expect(letter.html, letter.subject).not.toContain(secret);
      }
    }

    // The audit trail: one event per application (on its timeline) and one for the round.
    const released = db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.action, "application.decision_released"), inArray(schema.auditEvents.entityId, [a.id, b.id, c.id, d.id]))).all();
    expect(released).toHaveLength(4);
    expect(released.every((e) => e.entityType === "application" && e.actorUserId === staff.id)).toBe(true);
    const round = db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.action, "cycle.decisions_released"), eq(schema.auditEvents.entityId, cycle.id))).all();
    expect(round).toHaveLength(1);
    expect(round[0]!.summary).toBe("Sent 4 decisions (2 awarded, 1 not funded, 1 on the reserve list) in 7 letters");
    const events = timeline(a.id, "applicant");
    expect(events.map((e) => e.title)).toEqual(["Decision sent"]);
    expect(events[0]!.message).toBe("Awarded £4,500. The offer, with its grant terms, is waiting for your answer in the portal.");

    // A second click finds the round released, and sends nothing, whatever fingerprint it carries.
    const before = db.select().from(schema.outboxMessages).where(like(schema.outboxMessages.template, "decision-letter")).all().length;
    for (const fingerprint of [cycleDecisions(cycle.id)!.fingerprint, "stale", ""]) {
      expect(releaseDecisions(staff, cycle.id, fingerprint)).toEqual({
        ok: false,
        alreadySent: true,
        status: 409,
        message: "Decision letters have already been sent for this round, so nothing was sent again.",
      });
    }
    expect(db.select().from(schema.outboxMessages).where(like(schema.outboxMessages.template, "decision-letter")).all()).toHaveLength(before);

    // The round's release is the one release: nothing is decided after it, even on an
    // application that came back to the panel since.
    const late = makeApplication(cycle, "REL-8", { members: 1 });
    expect(recordDecision(staff, late.id, award(1_000_00))).toEqual({
      ok: false,
      status: 409,
      message: "Decision letters have been sent for this round, so no more decisions can be recorded here.",
    });
    expect(db.select().from(schema.cycles).where(eq(schema.cycles.id, cycle.id)).get()!.decisionsReleasedAt?.getTime()).toBe(at.getTime());
  });

  it("sends nothing if the decisions changed after the page was opened: check them and send again", () => {
    const cycle = makeCycle();
    const a = makeApplication(cycle, "FPR-1", { members: 1 });
    const b = makeApplication(cycle, "FPR-2", { members: 1 });
    recordDecision(staff, a.id, award(1_000_00));
    recordDecision(staff, b.id, reserve());
    // The page is shown; then a colleague changes B's decision.
    const shown = cycleDecisions(cycle.id)!.fingerprint;
    expect(cycleDecisions(cycle.id)!.fingerprint).toBe(shown);
    const colleague = { id: makeUser("staff").id, isStaff: true };
    expect(recordDecision(colleague, b.id, decline("Not this time."), new Date(Date.now() + 1000))).toEqual({ ok: true, changed: true });
    const refused = { ok: false, alreadySent: false, status: 409, message: "The decisions have changed since you opened this page: check them and send again" };
    expect(releaseDecisions(staff, cycle.id, shown)).toEqual(refused);
    // Without a fingerprint (a form from elsewhere), nothing is sent either.
    expect(releaseDecisions(staff, cycle.id, "")).toEqual(refused);
    expect([a, b].map((x) => statusOf(x.id))).toEqual(["submitted", "submitted"]);
    expect(lettersTo([...a.people, ...b.people].map((p) => p.email))).toEqual([]);
    expect(db.select().from(schema.cycles).where(eq(schema.cycles.id, cycle.id)).get()!.decisionsReleasedAt).toBeNull();
    // The page, shown again, sends what it shows.
    expect(release(cycle.id)).toEqual({ ok: true, released: 2, letters: 2 });
    expect(lettersTo(b.people.map((p) => p.email))[0]!.subject).toBe("Decision on your application FPR-2");
  });

  it("is refused to anyone but staff, while scoring is open, and with no decisions at all", () => {
    const open = makeCycle("open");
    const app = makeApplication(open, "REL-5");
    // Written straight in: the model would not record it while scoring is open.
    db.insert(schema.decisions).values({ applicationId: app.id, outcome: "award", amountPence: 1_000_00, reasons: "x", decidedById: staff.id, decidedAt: new Date() }).run();
    expect(releaseDecisions({ id: app.people[0]!.id, isStaff: false }, open.id, cycleDecisions(open.id)!.fingerprint)).toMatchObject({ ok: false, status: 403 });
    const result = release(open.id);
    expect(result).toMatchObject({ ok: false, alreadySent: false, status: 409 });
    expect((result as { message: string }).message).toMatch(/Decision letters can be sent once scoring has closed/);
    expect(statusOf(app.id)).toBe("submitted");
    expect(lettersTo(app.people.map((p) => p.email))).toEqual([]);

    const empty = makeCycle();
    makeApplication(empty, "REL-6");
    makeApplication(empty, "REL-6B");
    expect(release(empty.id)).toMatchObject({
      ok: false,
      alreadySent: false,
      status: 409,
      message: "Decision letters go to every applicant at once, so every application needs a decision first. These 2 applications have no decision yet: REL-6, REL-6B.",
    });
    const nothing = makeCycle();
    expect(release(nothing.id)).toMatchObject({ ok: false, alreadySent: false, status: 409, message: "There are no decisions to send: no application of this round is with the panel." });
    expect(releaseDecisions(staff, 999_999, "")).toMatchObject({ ok: false, status: 404 });
  });

  it("leaves out a decision on an application withdrawn since", () => {
    const cycle = makeCycle();
    const app = makeApplication(cycle, "REL-7");
    recordDecision(staff, app.id, award(1_000_00));
    db.update(schema.applications).set({ status: "withdrawn" }).where(eq(schema.applications.id, app.id)).run();
    expect(release(cycle.id)).toMatchObject({ ok: false, alreadySent: false });
    expect(statusOf(app.id)).toBe("withdrawn");
    expect(db.select().from(schema.decisions).where(eq(schema.decisions.applicationId, app.id)).get()!.releasedAt).toBeNull();
  });
});

describe("what the applicant sees", () => {
  it("nothing of the decision before its letter; then the decision, but never a score, a panel member or the reasons", async () => {
    const cycle = makeCycle();
    const app = makeApplication(cycle, "APP-1", { members: 1 });
    scoreIt(cycle, app);
    db.insert(schema.moderations).values({ applicationId: app.id, moderatedScore: 87.5, rationale: "MODERATION-SECRET", moderatedById: staff.id }).run();
    recordDecision(staff, app.id, decline("FEEDBACK: tell us more about the volunteers."));
    const member = app.people[0]!;

    const page = async () => {
      const response = (await applicantPage({ request: await requestAs(member, `/applications/${app.id}`), params: { applicationId: String(app.id) }, context: { cspNonce: "" } })) as Response;
      return { status: response.status, body: await response.text() };
    };
    let seen = await page();
    expect(seen.status).toBe(200);
    expect(JSON.parse(seen.body).decision).toBeNull();
    expect(seen.body).not.toContain("FEEDBACK");

    expect(release(cycle.id)).toMatchObject({ ok: true });
    seen = await page();
    const data = JSON.parse(seen.body);
    expect(data.status).toBe("declined");
    expect(data.decision).toMatchObject({ outcome: "decline", amountPence: null, feedback: "FEEDBACK: tell us more about the volunteers." });
    expect(data.events.map((e: { title: string }) => e.title)).toContain("Decision sent");
    for (const secret of ["REASONS-SECRET", "MODERATION-SECRET", "PANEL-COMMENT-SECRET", "CRITERION-COMMENT-SECRET", "Pat Panellist", "87.5", "moderat", "score"]) {
      expect(seen.body).not.toContain(secret);
    }
  });
});

describe("the staff pages refuse everyone but staff", () => {
  it("answers 403 to an applicant and a panel member, 404 to staff for what does not exist", async () => {
    const cycle = makeCycle();
    const app = makeApplication(cycle, "PG-1", { members: 1 });
    const applicant = app.people[0]!;
    const panellist = makeUser();
    db.insert(schema.panelMembers).values({ cycleId: cycle.id, userId: panellist.id, email: panellist.email, name: panellist.name, status: "active", invitedAt: new Date() }).run();
    const pages = [
      { run: moderationPage, path: `/staff/cycles/${cycle.id}/moderation`, params: { cycleId: String(cycle.id) } },
      { run: decisionsPage, path: `/staff/cycles/${cycle.id}/decisions`, params: { cycleId: String(cycle.id) } },
      { run: scoresCsvRoute, path: `/staff/cycles/${cycle.id}/scores.csv`, params: { cycleId: String(cycle.id) } },
      { run: scoresPage, path: `/staff/applications/${app.id}/scores`, params: { applicationId: String(app.id) } },
      { run: decisionPage, path: `/staff/applications/${app.id}/decision`, params: { applicationId: String(app.id) } },
    ];
    for (const page of pages) {
      for (const [who, user, expected] of [
        ["applicant", applicant, 403],
        ["panel member", panellist, 403],
        ["staff", staffUser, 200],
      ] as const) {
        const status = await statusOfLoader(async () => page.run({ request: await requestAs(user, page.path), params: page.params, context: { cspNonce: "" } }));
        expect(status, `${who} at ${page.path}`).toBe(expected);
      }
      const missing = "cycleId" in page.params ? { cycleId: "999999" } : { applicationId: "999999" };
      const status = await statusOfLoader(async () => page.run({ request: await requestAs(staffUser, page.path), params: missing, context: { cspNonce: "" } }));
      expect(status, `missing at ${page.path}`).toBe(404);
    }
  });
});
