// For the impact tests: a released round whose awards have principles, wards, payments and
// accepted returns with people reached by ward and results against targets, written straight
// into the test database (the pages that make them are tested in the awards and returns tests).
// `PORTFOLIO` is the plain description the tests compute their expected sums from, by hand.
import { and, eq } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import { awardedRound, type AwardedRound } from "./awards";

export type PortfolioAward = {
  amountPence: number;
  /** Principle numbers; the first is the main one. */
  principles: number[];
  /** Ward names the application named. */
  wards: string[];
  paidPence: number;
  /** The accepted return, if any: people reached in total and by ward, and results. */
  reported?: {
    peopleReached: number;
    byWard: Record<string, number>;
    results: { kind: "output" | "outcome"; target: number | null; actual: number | null }[];
  };
  withdrawn?: boolean;
};

export const PORTFOLIO: PortfolioAward[] = [
  {
    amountPence: 6_000_00,
    principles: [1, 2],
    wards: ["Biscot", "Dallow"],
    paidPence: 3_000_00,
    reported: {
      peopleReached: 130,
      byWard: { Biscot: 90, Dallow: 30 },
      results: [
        { kind: "outcome", target: 50, actual: 60 },
        { kind: "output", target: 10, actual: 8 },
      ],
    },
  },
  { amountPence: 4_500_00, principles: [6], wards: ["High Town"], paidPence: 0 },
  {
    amountPence: 7_500_00,
    principles: [1, 3],
    wards: ["Farley", "Northwell", "Biscot"],
    paidPence: 7_500_00,
    reported: { peopleReached: 40, byWard: { Farley: 40, Northwell: 0 }, results: [{ kind: "outcome", target: 20, actual: null }] },
  },
  { amountPence: 2_000_00, principles: [6], wards: ["Dallow"], paidPence: 0, withdrawn: true },
];

export type Portfolio = AwardedRound & { wardIds: Record<string, number>; principleIds: Record<number, number> };

/** The portfolio as a released round; every test file may make several (each its own round). */
export function fundedPortfolio(portfolio: PortfolioAward[] = PORTFOLIO, options: { programme?: "collaboration-fund" | "health-equity-town-prize" } = {}): Portfolio {
  const round = awardedRound({ programme: options.programme, amounts: portfolio.map((p) => p.amountPence) });
  const wardIds = Object.fromEntries(
    db.select().from(schema.areas).where(eq(schema.areas.kind, "ward")).all().map((w) => [w.name, w.id]),
  ) as Record<string, number>;
  const principleIds = Object.fromEntries(db.select().from(schema.principles).all().map((p) => [p.number, p.id])) as Record<number, number>;
  const now = new Date();
  db.transaction((tx) => {
    portfolio.forEach((p, i) => {
      const { applicationId, awardId } = round.awards[i]!;
      p.principles.forEach((n, k) =>
        tx.insert(schema.applicationPrinciples).values({ applicationId, principleId: principleIds[n]!, isPrimary: k === 0 }).run(),
      );
      for (const w of p.wards) tx.insert(schema.applicationAreas).values({ applicationId, areaId: wardIds[w]! }).run();
      tx.update(schema.awards).set({ status: p.withdrawn ? "withdrawn" : "accepted", withdrawnAt: p.withdrawn ? now : null }).where(eq(schema.awards.id, awardId)).run();
      if (p.paidPence) {
        const first = tx.select().from(schema.payments).where(and(eq(schema.payments.awardId, awardId), eq(schema.payments.instalment, 1))).get()!;
        tx.update(schema.payments)
          .set({ amountPence: p.paidPence, status: "paid", paidOn: "2026-05-01", paidAmountPence: p.paidPence, remittanceReference: `R-${awardId}` })
          .where(eq(schema.payments.id, first.id))
          .run();
      }
      if (p.reported) {
        const interim = tx
          .select()
          .from(schema.evaluationReturns)
          .where(and(eq(schema.evaluationReturns.awardId, awardId), eq(schema.evaluationReturns.kind, "interim")))
          .get()!;
        tx.update(schema.evaluationReturns)
          .set({ status: "accepted", peopleReached: p.reported.peopleReached, submittedAt: now, acceptedAt: now })
          .where(eq(schema.evaluationReturns.id, interim.id))
          .run();
        for (const [w, people] of Object.entries(p.reported.byWard))
          tx.insert(schema.returnReachByArea).values({ returnId: interim.id, areaId: wardIds[w]!, people }).run();
        p.reported.results.forEach((r, k) => {
          const item = tx
            .insert(schema.logicModelItems)
            .values({ applicationId, kind: r.kind, description: `${r.kind} ${k + 1}`, measure: "people", target: r.target, sortOrder: k })
            .returning()
            .get();
          tx.insert(schema.returnResults).values({ returnId: interim.id, logicModelItemId: item.id, actual: r.actual }).run();
        });
      }
    });
  });
  return { ...round, wardIds, principleIds };
}
