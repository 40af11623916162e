// The place file loads Luton's facts as the seed documents state them, invents nothing, and
// loading it again changes nothing.
import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_PEOPLE } from "~db/seed/demo";
import { hasDemoAccounts, isNewDatabase, seedDatabase } from "~db/seed/index";
import { sortablePeriod } from "~db/seed/place";
import { checkSignIn } from "~/models/accounts.server";
import { publicProjects, publishedCaseStudy } from "~/models/funded-projects.server";
import { listNeighbourhoods } from "~/models/place.server";
import { isOpen } from "~/models/programmes.server";
import { db, schema } from "~/utils/db.server";

beforeAll(async () => {
  await seedDatabase({ demo: true });
});

const areasOf = (kind: (typeof schema.AREA_KINDS)[number]) =>
  db.select().from(schema.areas).where(eq(schema.areas.kind, kind)).all();

function valueOf(indicatorName: string, areaName: string, filter: { sex?: string; categoryType?: string } = {}) {
  return db
    .select({ value: schema.indicatorValues.value, period: schema.indicatorValues.period, source: schema.indicatorValues.source })
    .from(schema.indicatorValues)
    .innerJoin(schema.indicators, eq(schema.indicators.id, schema.indicatorValues.indicatorId))
    .innerJoin(schema.areas, eq(schema.areas.id, schema.indicatorValues.areaId))
    .where(
      and(
        eq(schema.indicators.name, indicatorName),
        eq(schema.areas.name, areaName),
        eq(schema.indicatorValues.sex, filter.sex ?? "Persons"),
        eq(schema.indicatorValues.categoryType, filter.categoryType ?? ""),
      ),
    )
    .all();
}

describe("Luton's place data", () => {
  it("has the 20 wards, with no ONS code and no neighbourhood (the seeds give neither)", () => {
    const wards = areasOf("ward");
    expect(wards.map((w) => w.name).sort()).toEqual(
      ["Barnfield", "Beech Hill", "Biscot", "Bramingham", "Central", "Challney", "Dallow", "Farley", "High Town", "Leagrave", "Lewsey", "Northwell", "Poets", "Round Green", "Saints", "South", "Stopsley", "Sundon Park", "Vauxhall", "Wigmore"],
    );
    expect(wards.every((w) => w.code === null && w.parentId === null)).toBe(true);
  });

  it("has the 5 neighbourhoods", () => {
    expect(listNeighbourhoods().map((n) => n.name)).toEqual(["West Luton", "North Luton", "East Luton", "South and Town Centre", "West Central"]);
  });

  it("has each ward's Social Progress Index and mean gross disposable income from APHR 2024 Table 1", () => {
    const table1: [string, number, number][] = [
      ["Barnfield", 68.16, 45.11], ["Biscot", 45.47, 34.99], ["Beech Hill", 46.29, 34.53], ["Bramingham", 70.17, 39.42],
      ["Central", 39.48, 26.72], ["Challney", 54.07, 36.56], ["Dallow", 44.72, 33.77], ["Farley", 46.92, 31.77],
      ["High Town", 56.08, 33.17], ["Leagrave", 55.8, 32.23], ["Lewsey", 52.82, 31.84], ["Northwell", 56.08, 33.86],
      ["Poets", 53.58, 36.19], ["Round Green", 61.03, 36.57], ["Saints", 52.6, 36.64], ["South", 40.85, 31.12],
      ["Stopsley", 67.43, 37.41], ["Sundon Park", 62.26, 34.06], ["Wigmore", 66.71, 40.32], ["Vauxhall", 62.92, 37.33],
    ];
    for (const [ward, spi, income] of table1) {
      expect(valueOf("Social Progress Index score", ward).map((v) => v.value)).toEqual([spi]);
      expect(valueOf("Mean gross disposable income", ward).map((v) => v.value)).toEqual([income]);
    }
  });

  it("has the comparator areas with the codes the standards give", () => {
    const byName = Object.fromEntries(db.select().from(schema.areas).all().map((a) => [a.name, a]));
    expect(byName["England"]).toMatchObject({ kind: "country", code: "E92000001" });
    expect(byName["East of England"]).toMatchObject({ kind: "region", code: "E12000006" });
    expect(byName["Luton"]).toMatchObject({ kind: "local_authority", code: "E06000032" });
    expect(byName["Luton's statistical neighbours"]).toMatchObject({ kind: "comparator_group", code: null });
  });

  it("has the eight Marmot principles in the strategy's order", () => {
    const principles = db.select().from(schema.principles).orderBy(schema.principles.number).all();
    expect(principles.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(principles[0]!.title).toBe("Give every child the best start in life");
    expect(principles[6]!.title).toBe("Tackle discrimination, racism and their outcomes");
  });

  it("groups the Table 4 indicators by principle, with none yet for principles 7 and 8", () => {
    const rows = db
      .select({ number: schema.principles.number, name: schema.indicators.name })
      .from(schema.indicatorPrinciples)
      .innerJoin(schema.principles, eq(schema.principles.id, schema.indicatorPrinciples.principleId))
      .innerJoin(schema.indicators, eq(schema.indicators.id, schema.indicatorPrinciples.indicatorId))
      .all();
    const count = (n: number) => rows.filter((r) => r.number === n).length;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(count)).toEqual([10, 10, 4, 2, 1, 3, 0, 0]);
    const overarching = db.select().from(schema.indicators).where(eq(schema.indicators.kind, "overarching")).all();
    expect(overarching.map((i) => i.name)).toEqual(["Life expectancy", "Healthy life expectancy"]);
  });

  it("has the values the seeds state, e.g. healthy life expectancy for males: Luton 59.2, England 63.1", () => {
    expect(valueOf("Healthy life expectancy", "Luton", { sex: "Male" }).map((v) => v.value)).toEqual([59.2]);
    expect(valueOf("Healthy life expectancy", "England", { sex: "Male" }).map((v) => v.value)).toEqual([63.1]);
    expect(valueOf("Healthy life expectancy", "Luton", { sex: "Female" }).map((v) => v.value)).toEqual([60]);
    expect(valueOf("Life expectancy", "Dallow", { sex: "Male" })).toEqual([
      { value: 71.03, period: "2020-2022", source: expect.stringContaining("Figure 13") },
    ]);
    expect(valueOf("Unemployment claimant count (% of working age residents)", "Central").map((v) => v.value)).toEqual([17.11]);
  });

  it("stores no value it was not given: an indicator without data has no rows, never zeros", () => {
    const empty = db
      .select({ id: schema.indicators.id })
      .from(schema.indicators)
      .where(eq(schema.indicators.name, "Infant mortality rate (deaths under 1 year rate per 1000 live births)"))
      .get()!;
    expect(db.select().from(schema.indicatorValues).where(eq(schema.indicatorValues.indicatorId, empty.id)).all()).toEqual([]);
    expect(db.select().from(schema.indicatorValues).where(eq(schema.indicatorValues.value, 0)).all()).toEqual([]);
  });

  it("has both programmes, each with an open demo cycle", () => {
    const programmes = db.select().from(schema.programmes).all();
    expect(programmes.map((p) => p.name)).toEqual(["Collaboration Fund", "Director of Public Health – Health Equity Town Prize"]);
    for (const programme of programmes) {
      const cycles = db.select().from(schema.cycles).where(eq(schema.cycles.programmeId, programme.id)).all();
      expect(cycles.filter((c) => isOpen(c))).toHaveLength(1);
    }
  });

  it("has the four demo people, who can sign in with the demo password", async () => {
    for (const person of DEMO_PEOPLE) {
      expect((await checkSignIn(person.email, "demo-password")).ok).toBe(true);
    }
  });

  it("has last year's decided round with three accepted awards within its budget: a published story and a return to review", () => {
    const round = db.select().from(schema.cycles).where(like(schema.cycles.name, "%(demo round, decided)")).get()!;
    const awards = db
      .select({ award: schema.awards, organisation: schema.organisations.name, organisationId: schema.organisations.id })
      .from(schema.awards)
      .innerJoin(schema.applications, eq(schema.applications.id, schema.awards.applicationId))
      .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
      .where(eq(schema.applications.cycleId, round.id))
      .orderBy(schema.applications.reference)
      .all();
    expect(awards.map((a) => [a.organisation, a.award.status, a.award.amountPence])).toEqual([
      ["Sunrise Community Kitchen (demo)", "accepted", 6_000_00],
      ["Lewsey Walking Friends (demo)", "accepted", 4_500_00],
      ["Farley Youth Boxing Club (demo)", "accepted", 7_500_00],
    ]);
    expect(awards.reduce((sum, a) => sum + a.award.amountPence, 0)).toBeLessThanOrEqual(round.budgetPence);
    const [, walkers, boxers] = awards;
    // Each new organisation has one member (who cannot sign in: there is no password).
    for (const a of [walkers!, boxers!]) {
      expect(db.select().from(schema.organisationMembers).where(eq(schema.organisationMembers.organisationId, a.organisationId)).all()).toHaveLength(1);
    }
    const returnsOf = (awardId: number) => db.select().from(schema.evaluationReturns).where(eq(schema.evaluationReturns.awardId, awardId)).orderBy(schema.evaluationReturns.dueDate).all();
    const paymentsOf = (awardId: number) => db.select().from(schema.payments).where(eq(schema.payments.awardId, awardId)).orderBy(schema.payments.instalment).all();

    // Lewsey: interim accepted with consent, both instalments paid, its story on the public page.
    const [walkersInterim, walkersFinal] = returnsOf(walkers!.award.id);
    expect([walkersInterim!.status, walkersInterim!.consentToPublish, walkersFinal!.status]).toEqual(["accepted", true, "not_started"]);
    expect(paymentsOf(walkers!.award.id).map((p) => [p.status, p.paidAmountPence])).toEqual([
      ["paid", 2_250_00],
      ["paid", 2_250_00],
    ]);
    expect(walkers!.award.caseStudyReturnId).toBe(walkersInterim!.id);
    expect(publishedCaseStudy(walkers!.award.id)?.projectTitle).toBe("Walk and talk in Lewsey (demo story)");

    // Farley: interim submitted and waiting for review; instalment 2 not paid; no story published.
    const [boxersInterim] = returnsOf(boxers!.award.id);
    expect([boxersInterim!.status, boxersInterim!.submittedAt !== null]).toEqual(["submitted", true]);
    expect(paymentsOf(boxers!.award.id).map((p) => p.status)).toEqual(["paid", "scheduled"]);
    expect(publishedCaseStudy(boxers!.award.id)).toBeNull();

    // All three are on the public page; only Lewsey has a case study.
    const listed = publicProjects().projects.filter((p) => awards.some((a) => a.award.id === p.awardId));
    expect(listed.map((p) => [p.organisationName, p.hasCaseStudy])).toEqual(
      expect.arrayContaining([
        ["Sunrise Community Kitchen (demo)", false],
        ["Lewsey Walking Friends (demo)", true],
        ["Farley Youth Boxing Club (demo)", false],
      ]),
    );
    expect(listed).toHaveLength(3);
  });

  it("orders periods by their first year, and gives an undated value no date", () => {
    expect(sortablePeriod("2022-2023")).toBe(20220000);
    expect(sortablePeriod("2018-20")).toBe(20180000);
    expect(sortablePeriod("January 2025")).toBe(20250100);
    expect(sortablePeriod("Not stated (APHR 2024)")).toBeNull();
    const undated = db.select().from(schema.indicatorValues).where(eq(schema.indicatorValues.period, "Not stated (APHR 2024)")).all();
    expect(undated.length).toBeGreaterThan(40);
    expect(undated.every((v) => v.periodSortable === null)).toBe(true);
  });

  it("knows the database is no longer new, and that it holds the demo accounts", () => {
    expect(isNewDatabase()).toBe(false);
    expect(hasDemoAccounts()).toBe(true);
  });

  it("adds nothing when loaded again, and keeps what staff changed", async () => {
    const [central] = areasOf("ward").filter((w) => w.name === "Central");
    const [town] = areasOf("neighbourhood").filter((n) => n.name === "South and Town Centre");
    db.update(schema.areas).set({ parentId: town!.id }).where(eq(schema.areas.id, central!.id)).run();
    const before = db.select().from(schema.indicatorValues).all().length;

    const again = await seedDatabase({ demo: true });

    expect(Object.values(again.place).every((n) => n === 0)).toBe(true);
    expect(again.demo).toBe(false);
    expect(db.select().from(schema.indicatorValues).all()).toHaveLength(before);
    expect(areasOf("ward").find((w) => w.name === "Central")!.parentId).toBe(town!.id);
  });
});
