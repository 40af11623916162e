// The offer, made when a round's decisions are released: the award and its conditions, the
// round's returns (the programme's usual schedule when the round has none), the usual two
// instalments, the current grant terms, the letter linking to the offer; and who may see it.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { awardFor, loadAward, usualInstalments } from "~/models/awards.server";
import { db, schema } from "~/utils/db.server";
import { addMonths } from "~/utils/format";
import { awardedRound, makeUser, seeded } from "../support/awards";

beforeAll(seeded);

describe("releasing a round's decisions", () => {
  it("makes each award's offer: conditions, returns on the programme's usual schedule, two instalments and the current terms", () => {
    const round = awardedRound({ amounts: [5_000_01, 3_000_00] });
    const file = loadAward(round.awards[0]!.awardId)!;
    expect(file.award).toMatchObject({ status: "offered", amountPence: 5_000_01, startDate: "3001-04-01", endDate: "3002-03-31" });
    expect(file.conditions.map((c) => c.text)).toEqual(["Send us your safeguarding policy"]);
    expect(file.returns.map((r) => [r.kind, r.title, r.dueDate, r.status])).toEqual([
      ["interim", "Interim return", "3001-10-01", "not_started"],
      ["final", "Final return", "3002-04-01", "not_started"],
    ]);
    expect(file.payments.map((p) => [p.instalment, p.dueDate, p.amountPence, p.condition, p.conditionReturnId, p.status])).toEqual([
      [1, "3001-04-01", 2_500_01, null, null, "scheduled"],
      [2, "3001-10-01", 2_500_00, "After the interim return is accepted", file.returns[0]!.id, "scheduled"],
    ]);
    const terms = db.select().from(schema.grantTerms).where(eq(schema.grantTerms.programmeId, round.programmeId)).all();
    expect(terms).toHaveLength(1);
    expect(file.award.grantTermsId).toBe(terms[0]!.id);
    expect(file.terms?.title).toBe("Collaboration Fund grant terms");

    // The round took the programme's usual schedule, and says so in its audit trail.
    const schedule = db.select().from(schema.returnScheduleItems).where(eq(schema.returnScheduleItems.cycleId, round.cycleId)).all();
    expect(schedule.map((s) => [s.kind, s.dueMonthsAfterStart])).toEqual([
      ["interim", 6],
      ["final", 12],
    ]);
    const events = db.select().from(schema.auditEvents).where(eq(schema.auditEvents.entityType, "award")).all();
    expect(events.filter((e) => e.action === "award.offered" && e.entityId === file.award.id)).toHaveLength(1);

    // The letter links to the offer.
    const letter = db.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.toAddress, round.awards[0]!.members[0]!.email)).get()!;
    expect(letter.text).toContain(`http://portal.test/awards/${file.award.id}`);
  });

  it("gives the Prize its showcase as well", () => {
    const round = awardedRound({ programme: "health-equity-town-prize", amounts: [2_000_00], startDate: "3001-01-31" });
    const file = loadAward(round.awards[0]!.awardId)!;
    expect(file.returns.map((r) => [r.kind, r.dueDate])).toEqual([
      ["interim", "3001-07-31"],
      ["showcase", "3001-11-30"],
      ["final", "3002-01-31"],
    ]);
  });
});

describe("who may see an award", () => {
  it("lets staff and the grantee's members in, and refuses anyone else (403) and a wrong id (404)", () => {
    const round = awardedRound({ amounts: [1_000_00, 2_000_00] });
    const [mine, theirs] = round.awards as [(typeof round.awards)[0], (typeof round.awards)[0]];
    const member = { id: mine.members[0]!.id, organisationIds: [mine.organisationId], isStaff: false };
    expect("award" in awardFor(member, mine.awardId)).toBe(true);
    expect(awardFor(member, theirs.awardId)).toMatchObject({ status: 403 });
    expect(awardFor(member, 999_999)).toMatchObject({ status: 404 });
    const staff = makeUser("staff");
    expect("award" in awardFor({ id: staff.id, organisationIds: [], isStaff: true }, theirs.awardId)).toBe(true);
  });
});

describe("dates and instalments", () => {
  it("adds months, keeping to the end of a shorter month", () => {
    expect(addMonths("2026-08-31", 6)).toBe("2027-02-28");
    expect(addMonths("2027-08-31", 6)).toBe("2028-02-29");
    expect(addMonths("2026-11-15", 2)).toBe("2027-01-15");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
  });

  it("splits an award in two where there is an interim return, else pays it in one", () => {
    expect(usualInstalments(1_001, "3001-01-01", undefined)).toEqual([{ dueDate: "3001-01-01", amountPence: 1_001, condition: null, conditionReturnId: null }]);
    const two = usualInstalments(1_001, "3001-01-01", { id: 7, dueDate: "3001-07-01", title: "Interim return" });
    expect(two.map((p) => p.amountPence)).toEqual([501, 500]);
    expect(two[1]).toMatchObject({ conditionReturnId: 7, dueDate: "3001-07-01" });
  });
});
