// The shared counting rules of the impact views: which awards count, their paid money, their
// latest accepted return, and how a project is shared between wards.
import { beforeAll, describe, expect, it } from "vitest";
import { fundedAwards, readImpactFilters, shareByWard, impactQuery, financialYearOf, financialYearLabel } from "~/models/impact.server";
import { seeded } from "../support/awards";
import { fundedPortfolio, PORTFOLIO, type Portfolio } from "../support/impact";

let round: Portfolio;
beforeAll(async () => {
  await seeded();
  round = fundedPortfolio();
});

describe("funded awards", () => {
  it("counts live awards only, with what was paid and the latest accepted return", () => {
    const awards = fundedAwards({ cycleId: round.cycleId });
    const live = PORTFOLIO.filter((p) => !p.withdrawn);
    expect(awards.map((a) => a.amountPence)).toEqual(live.map((p) => p.amountPence));
    expect(awards.map((a) => a.paidPence)).toEqual(live.map((p) => p.paidPence));
    expect(awards.map((a) => a.peopleReached)).toEqual(live.map((p) => p.reported?.peopleReached ?? null));
    expect(awards[0]!.primaryPrincipleId).toBe(round.principleIds[1]);
    expect(awards[0]!.results.map((r) => [r.target, r.actual])).toEqual([[50, 60], [10, 8]]);
  });

  it("shares a project between wards by people reached, else equally between named wards", () => {
    const [first, second, third] = fundedAwards({ cycleId: round.cycleId });
    const w = round.wardIds;
    expect(first!.shareBasis).toBe("reach");
    expect(first!.wardShares).toEqual({ [w.Biscot!]: 90 / 120, [w.Dallow!]: 30 / 120 });
    expect(second!.shareBasis).toBe("planned");
    expect(second!.wardShares).toEqual({ [w["High Town"]!]: 1 });
    // Reached people in Farley only (Northwell 0): all of it to Farley.
    expect(third!.wardShares).toEqual({ [w.Farley!]: 1 });
    expect(shareByWard({}, [])).toEqual({ shares: {}, basis: "none" });
  });

  it("keeps only the ward's share of each project under a ward filter", () => {
    const biscot = fundedAwards({ cycleId: round.cycleId, wardId: round.wardIds.Biscot });
    expect(biscot.map((a) => a.share)).toEqual([0.75]);
    expect(fundedAwards({ cycleId: round.cycleId, principleId: round.principleIds[6] })).toHaveLength(1);
  });

  it("reads filters from a query string, ignoring anything that is not a number", () => {
    const filters = readImpactFilters(new URLSearchParams("programme=2&year=2025&ward=abc&cycle=-1&principle=1e3"));
    expect(filters).toEqual({ programmeId: 2, year: 2025, principleId: 1000 });
    expect(impactQuery({ year: 2025, wardId: 3 })).toBe("?year=2025&ward=3");
    expect(financialYearOf("2026-03-31")).toBe(2025);
    expect(financialYearOf("2026-04-01")).toBe(2026);
    expect(financialYearLabel(2025)).toBe("2025/26");
  });
});
