// Partners confirming by an emailed link, and colleagues invited to an organisation, at the
// model level: tokens stored only as hashes, an answer recorded once, and every refusal.
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "~db/seed/index";
import { loadApplication, sectionProblems, startApplication } from "~/models/applications.server";
import { acceptInvitation, checkInvitation, inviteColleague, pendingInvitations } from "~/models/invitations.server";
import { addPartner, answerPartnerRequest, partnerRequest, removePartner, resendPartnerRequest } from "~/models/partners.server";
import { db, schema } from "~/utils/db.server";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

const emailsTo = (to: string) =>
  db.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.toAddress, to)).orderBy(schema.outboxMessages.id).all();

function lastToken(to: string, path: string) {
  const last = emailsTo(to).at(-1);
  const match = last?.text.match(new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`));
  if (!match) throw new Error(`No ${path} link emailed to ${to}`);
  return match[1]!;
}

let n = 0;
function person(email = `person-${++n}@example.test`) {
  const user = db
    .insert(schema.users)
    .values({ email, name: `Person ${n}`, passwordHash: "not used", emailConfirmedAt: new Date() })
    .returning()
    .get();
  return { ...user, organisationIds: [] as number[] };
}

function organisationWith(user: { id: number; organisationIds: number[] }, name = `Group ${++n}`) {
  const org = db.insert(schema.organisations).values({ name, type: "community_or_faith_group", createdById: user.id }).returning().get();
  db.insert(schema.organisationMembers).values({ organisationId: org.id, userId: user.id, role: "owner" }).run();
  user.organisationIds.push(org.id);
  return org;
}

let cfCycleId = 0;

/** A person with an organisation and a draft Collaboration Fund application. */
function draft() {
  const user = person();
  const org = organisationWith(user);
  const started = startApplication(user, cfCycleId, org.id);
  if (!started.ok) throw new Error(started.message);
  return { user, org, applicationId: started.applicationId };
}

const partner = (email: string, name = "Luton Food Bank") => ({ name, contactName: "Jo Bloggs", contactEmail: email, role: "Refers families to the sessions" });

beforeAll(async () => {
  await seedDatabase({ demo: true });
  const cf = db
    .select({ id: schema.cycles.id })
    .from(schema.cycles)
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
    .where(and(eq(schema.programmes.slug, "collaboration-fund"), eq(schema.cycles.isDemo, true)))
    .get();
  cfCycleId = cf!.id;
});

describe("partners", () => {
  it("stores only the hash of the link's token, and emails the link", () => {
    const { user, applicationId } = draft();
    expect(addPartner(user, applicationId, partner("jo@foodbank.example"))).toMatchObject({ ok: true });
    const token = lastToken("jo@foodbank.example", "/partners/confirm");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    const row = db.select().from(schema.applicationPartners).where(eq(schema.applicationPartners.applicationId, applicationId)).get()!;
    expect(row.confirmationTokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const email = emailsTo("jo@foodbank.example").at(-1)!;
    expect(email.template).toBe("partner-confirmation");
    expect(email.text).toContain("http://portal.test/partners/confirm?token=");
    expect(email.text).toContain("Refers families to the sessions");
  });

  it("refuses the same contact email twice on one application", () => {
    const { user, applicationId } = draft();
    expect(addPartner(user, applicationId, partner("same@example.test")).ok).toBe(true);
    expect(addPartner(user, applicationId, partner("SAME@example.test", "Another name"))).toEqual({
      ok: false,
      kind: "invalid",
      errors: { contactEmail: "You have already added a partner with this email address" },
    });
    expect(loadApplication(applicationId)!.partners).toHaveLength(1);
  });

  it("shows the request, then records a confirmation once", () => {
    const { user, org, applicationId } = draft();
    addPartner(user, applicationId, partner("confirm@example.test", "Confirming Trust"));
    const token = lastToken("confirm@example.test", "/partners/confirm");
    expect(partnerRequest(token)).toMatchObject({ partnerName: "Confirming Trust", leadName: org.name, projectTitle: null, status: "waiting" });

    const first = answerPartnerRequest(token, "confirm");
    expect(first).toMatchObject({ ok: true, answer: "confirmed", already: false });
    // A second answer (a double click, or a change of mind) does not change the first.
    const second = answerPartnerRequest(token, "decline");
    expect(second).toMatchObject({ ok: true, answer: "confirmed", already: true });
    const row = loadApplication(applicationId)!.partners[0]!;
    expect(row.confirmedAt).not.toBeNull();
    expect(row.declinedAt).toBeNull();

    const events = db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.entityId, applicationId), eq(schema.auditEvents.action, "application.partner_confirmed")))
      .all();
    expect(events).toHaveLength(1);
    expect(events[0]!.actorUserId).toBeNull();
  });

  it("records a decline, and a declined partner does not count", () => {
    const { user, applicationId } = draft();
    addPartner(user, applicationId, partner("decline@example.test"));
    expect(sectionProblems(loadApplication(applicationId)!, "partners")).toEqual([]);
    const token = lastToken("decline@example.test", "/partners/confirm");
    expect(answerPartnerRequest(token, "decline")).toMatchObject({ ok: true, answer: "declined", already: false });
    expect(partnerRequest(token)).toMatchObject({ status: "declined" });
    expect(loadApplication(applicationId)!.partners[0]!.declinedAt).not.toBeNull();
    expect(sectionProblems(loadApplication(applicationId)!, "partners").map((p) => p.text)).toEqual(["Add at least one partner organisation"]);
    expect(
      db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.entityId, applicationId), eq(schema.auditEvents.action, "application.partner_declined"))).all(),
    ).toHaveLength(1);
  });

  it("treats an unknown or garbled token as not valid", () => {
    for (const token of ["", "short", "x".repeat(43), "not a token at all!", "a".repeat(500)]) {
      expect(partnerRequest(token)).toBeNull();
      expect(answerPartnerRequest(token, "confirm")).toEqual({ ok: false, kind: "invalid" });
    }
  });

  it("sends the request again at most once in 10 minutes, and the old link stops working", () => {
    const { user, applicationId } = draft();
    // The demo round is open now: the times used stay inside it.
    const now = new Date();
    addPartner(user, applicationId, partner("again@example.test"), now);
    const id = loadApplication(applicationId)!.partners[0]!.id;
    const first = lastToken("again@example.test", "/partners/confirm");
    const tooSoon = resendPartnerRequest(user, applicationId, id, now);
    expect(tooSoon).toMatchObject({ ok: false, kind: "not_sent" });
    expect(emailsTo("again@example.test")).toHaveLength(1);

    // Nine minutes on is still too soon; eleven is not.
    expect(resendPartnerRequest(user, applicationId, id, new Date(now.getTime() + 9 * 60 * 1000))).toMatchObject({ ok: false, kind: "not_sent" });
    const later = new Date(now.getTime() + 11 * 60 * 1000);
    expect(resendPartnerRequest(user, applicationId, id, later)).toMatchObject({ ok: true });
    const second = lastToken("again@example.test", "/partners/confirm");
    expect(second).not.toBe(first);
    expect(partnerRequest(first)).toBeNull();
    expect(partnerRequest(second)).not.toBeNull();
    // Once answered, there is nothing to send.
    answerPartnerRequest(second, "confirm");
    expect(resendPartnerRequest(user, applicationId, id, new Date(later.getTime() + 60 * 60 * 1000))).toMatchObject({
      ok: false,
      message: expect.stringContaining("has already confirmed"),
    });
  });

  it("refuses a partner of another application, non-members, submitted applications and closed rounds", () => {
    const mine = draft();
    const theirs = draft();
    addPartner(theirs.user, theirs.applicationId, partner("theirs@example.test"));
    const theirPartner = loadApplication(theirs.applicationId)!.partners[0]!;
    expect(removePartner(mine.user, mine.applicationId, theirPartner.id)).toEqual({ ok: false, kind: "not_found" });
    expect(resendPartnerRequest(mine.user, mine.applicationId, theirPartner.id)).toEqual({ ok: false, kind: "not_found" });
    expect(loadApplication(theirs.applicationId)!.partners).toHaveLength(1);

    // Not a member of the application's organisation.
    expect(removePartner(mine.user, theirs.applicationId, theirPartner.id)).toMatchObject({ ok: false, kind: "refused" });
    expect(addPartner(mine.user, theirs.applicationId, partner("sneaky@example.test"))).toMatchObject({ ok: false, kind: "refused" });

    // After the round closes.
    const closed = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
    expect(addPartner(mine.user, mine.applicationId, partner("late@example.test"), closed)).toMatchObject({
      ok: false,
      kind: "refused",
      message: expect.stringContaining("This round closed"),
    });

    // Once submitted.
    db.update(schema.applications).set({ status: "submitted" }).where(eq(schema.applications.id, mine.applicationId)).run();
    expect(addPartner(mine.user, mine.applicationId, partner("after@example.test"))).toMatchObject({ ok: false, kind: "refused" });
    expect(emailsTo("sneaky@example.test")).toHaveLength(0);
    expect(emailsTo("late@example.test")).toHaveLength(0);
    expect(emailsTo("after@example.test")).toHaveLength(0);
  });

  it("removes a partner, and its link stops working; a second remove is harmless", () => {
    const { user, applicationId } = draft();
    addPartner(user, applicationId, partner("gone@example.test"));
    const token = lastToken("gone@example.test", "/partners/confirm");
    const id = loadApplication(applicationId)!.partners[0]!.id;
    expect(removePartner(user, applicationId, id)).toMatchObject({ ok: true });
    expect(removePartner(user, applicationId, id)).toMatchObject({ ok: true });
    expect(loadApplication(applicationId)!.partners).toHaveLength(0);
    expect(partnerRequest(token)).toBeNull();
  });
});

describe("inviting colleagues", () => {
  it("stores only the hash, emails a 7-day link, and lists the invitation as pending", () => {
    const inviter = person();
    const org = organisationWith(inviter, "Inviting Group");
    expect(inviteColleague(inviter, org.id, " Colleague@Example.TEST ")).toEqual({ ok: true });
    const token = lastToken("colleague@example.test", "/invitations/accept");
    const row = db.select().from(schema.organisationInvitations).where(eq(schema.organisationInvitations.organisationId, org.id)).get()!;
    expect(row.email).toBe("colleague@example.test");
    expect(row.tokenHash).toBe(sha256(token));
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(7 * 24 * 60 * 60 * 1000);
    expect(emailsTo("colleague@example.test").at(-1)!.text).toContain("Inviting Group");
    expect(pendingInvitations(org.id).map((i) => i.email)).toEqual(["colleague@example.test"]);
  });

  it("replaces an older pending invitation to the same address", () => {
    const inviter = person();
    const org = organisationWith(inviter);
    inviteColleague(inviter, org.id, "twice@example.test");
    const first = lastToken("twice@example.test", "/invitations/accept");
    inviteColleague(inviter, org.id, "twice@example.test");
    const second = lastToken("twice@example.test", "/invitations/accept");
    expect(pendingInvitations(org.id)).toHaveLength(1);
    const invitee = person("twice@example.test");
    expect(acceptInvitation(invitee, first)).toEqual({ ok: false, problem: "invalid" });
    expect(acceptInvitation(invitee, second)).toMatchObject({ ok: true, organisationId: org.id });
  });

  it("refuses inviting someone already a member, and refuses non-members", () => {
    const inviter = person();
    const org = organisationWith(inviter);
    expect(inviteColleague(inviter, org.id, inviter.email.toUpperCase())).toMatchObject({ ok: false, kind: "invalid" });
    const stranger = person();
    expect(inviteColleague(stranger, org.id, "someone@example.test")).toMatchObject({ ok: false, kind: "refused" });
    expect(emailsTo("someone@example.test")).toHaveLength(0);
  });

  it("lets only the invited address accept, and adds them as a member once", () => {
    const inviter = person();
    const org = organisationWith(inviter);
    inviteColleague(inviter, org.id, "invited@example.test");
    const token = lastToken("invited@example.test", "/invitations/accept");

    const wrong = person();
    expect(checkInvitation(token, wrong)).toMatchObject({ problem: "wrong_email", email: "invited@example.test" });
    expect(acceptInvitation(wrong, token)).toEqual({ ok: false, problem: "wrong_email", email: "invited@example.test" });

    const invited = person("invited@example.test");
    expect(checkInvitation(token, invited)).toMatchObject({ problem: null, organisationName: org.name });
    expect(acceptInvitation(invited, token)).toMatchObject({ ok: true, organisationId: org.id });
    // A second click is fine; someone else using the link afterwards is not.
    expect(acceptInvitation(invited, token)).toMatchObject({ ok: true });
    expect(acceptInvitation(wrong, token)).toMatchObject({ ok: false, problem: "accepted" });

    const members = db.select().from(schema.organisationMembers).where(eq(schema.organisationMembers.organisationId, org.id)).all();
    expect(members.map((m) => [m.userId, m.role]).sort()).toEqual([[inviter.id, "owner"], [invited.id, "member"]].sort());
    expect(pendingInvitations(org.id)).toHaveLength(0);
    expect(
      db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.entityId, org.id), eq(schema.auditEvents.action, "organisation.member_joined"))).all(),
    ).toHaveLength(1);
  });

  it("refuses an expired invitation, and an unknown token", () => {
    const inviter = person();
    const org = organisationWith(inviter);
    inviteColleague(inviter, org.id, "slow@example.test");
    const token = lastToken("slow@example.test", "/invitations/accept");
    const slow = person("slow@example.test");
    const eightDaysOn = new Date(Date.now() + 8 * 24 * 60 * 60 * 1000);
    expect(acceptInvitation(slow, token, eightDaysOn)).toMatchObject({ ok: false, problem: "expired" });
    expect(pendingInvitations(org.id, eightDaysOn)).toHaveLength(0);
    expect(acceptInvitation(slow, "not-a-real-token-at-all-but-long")).toEqual({ ok: false, problem: "invalid" });
    expect(acceptInvitation(slow, "")).toEqual({ ok: false, problem: "invalid" });
    expect(db.select().from(schema.organisationMembers).where(eq(schema.organisationMembers.userId, slow.id)).all()).toHaveLength(0);
  });
});
