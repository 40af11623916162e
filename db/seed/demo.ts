// Demo data, for trying the portal out: four demo people (README lists them), a demo
// organisation, an open demo cycle for each programme, a demo panel, and last year's decided
// demo round with an award under way. Amounts and dates here
// are for the demo only; they are not facts about any real funding round.
import { and, eq } from "drizzle-orm";
import { APPLICATION_SECTIONS, ORGANISATION_TYPES } from "~db/schema";
import { createOffer, ensureRoundSchedule } from "~/models/awards.server";
import { hashPassword } from "~/utils/crypto.server";
import { schema, transaction, type Tx } from "~/utils/db.server";
import { ukDate, ukTime } from "~/utils/format";

export const DEMO_PASSWORD = "demo-password";

export const DEMO_PEOPLE = [
  { email: "applicant@demo.test", name: "Amira Khan (demo applicant)", role: "user", staffTeam: null },
  { email: "panel@demo.test", name: "Peter Owusu (demo panel member)", role: "user", staffTeam: null },
  { email: "staff@demo.test", name: "Sam Patel (demo public health officer)", role: "staff", staffTeam: "public_health" },
  { email: "admin@demo.test", name: "Alex Morgan (demo administrator)", role: "admin", staffTeam: "public_health" },
] as const;

const EVIDENCE = { "0": "No evidence", "1": "Weak evidence", "2": "Some evidence", "3": "Good evidence", "4": "Strong evidence" };

/** Demo scoring criteria, on a 0–4 scale. A real round's panel agrees its own. */
export const DEMO_CRITERIA = [
  {
    title: "Reaches the greatest need",
    guidance: "Does the project reach the people and wards with the poorest health, in proportion to their need?",
    weight: 3,
    scaleMin: 0,
    scaleMax: 4,
    descriptors: EVIDENCE,
  },
  {
    title: "Fits the Marmot principles",
    guidance: "How clearly will the project change one or more of the building blocks of health it names?",
    weight: 2,
    scaleMin: 0,
    scaleMax: 4,
    descriptors: EVIDENCE,
  },
  {
    title: "Can be delivered, and is good value",
    guidance: "Is the plan realistic in the time, with a budget that adds up and people who can do it?",
    weight: 2,
    scaleMin: 0,
    scaleMax: 4,
    descriptors: EVIDENCE,
  },
  {
    title: "Measures what it achieves, and shares what it learns",
    guidance: "Are the outcomes measurable, and will others be able to learn from the project?",
    weight: 1,
    scaleMin: 0,
    scaleMax: 4,
    descriptors: EVIDENCE,
  },
];

export async function loadDemo(now = new Date()): Promise<{ added: boolean }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return transaction((tx) => {
    // Only into a database nobody uses yet: never add known passwords to a live service.
    if (tx.select({ id: schema.users.id }).from(schema.users).limit(1).get()) {
      return { added: false };
    }
    const users = Object.fromEntries(
      DEMO_PEOPLE.map((person) => [
        person.email,
        tx
          .insert(schema.users)
          .values({ ...person, passwordHash, emailConfirmedAt: now })
          .returning()
          .get(),
      ]),
    );

    const organisation = tx
      .insert(schema.organisations)
      .values({
        name: "Sunrise Community Kitchen (demo)",
        type: "community_or_faith_group",
        addressLine1: "1 Demo Street",
        town: "Luton",
        postcode: "LU1 1AA",
        contactPhone: "01582 000000",
        wardId: ward(tx, "Biscot"),
        contactName: users["applicant@demo.test"]!.name,
        contactEmail: "applicant@demo.test",
        createdById: users["applicant@demo.test"]!.id,
      })
      .returning()
      .get();
    tx.insert(schema.organisationMembers)
      .values({ organisationId: organisation.id, userId: users["applicant@demo.test"]!.id, role: "owner" })
      .run();

    const opensAt = ukTime(ukDate(-14, now), 9);
    const closesAt = ukTime(ukDate(90, now), 12);
    const year = Number(ukDate(0, now).slice(0, 4));
    const collaborationFund = programme(tx, "collaboration-fund");
    const prize = programme(tx, "health-equity-town-prize");

    const cf = tx
      .insert(schema.cycles)
      .values({
        programmeId: collaborationFund,
        name: `Collaboration Fund ${year} to ${year + 1} (demo round)`,
        referenceYear: year,
        status: "published",
        summary: "A demo round to try the portal. Groups apply in partnership.",
        opensAt,
        closesAt,
        budgetPence: 100_000_00,
        minRequestPence: 1_000_00,
        maxRequestPence: 10_000_00,
        eligibility: {
          organisationTypes: ORGANISATION_TYPES.filter((t) => t !== "business"),
          mustServePlace: true,
          requiresPartner: true,
        },
        sections: [...APPLICATION_SECTIONS],
        isDemo: true,
      })
      .returning()
      .get();
    const prizeCycle = tx
      .insert(schema.cycles)
      .values({
        programmeId: prize,
        name: `Health Equity Town Prize ${year + 1} (demo round)`,
        referenceYear: year + 1,
        status: "published",
        summary: "A demo round to try the portal. Open to businesses and VCSFE groups.",
        opensAt,
        closesAt,
        budgetPence: 15_000_00,
        minRequestPence: 500_00,
        maxRequestPence: 5_000_00,
        eligibility: { organisationTypes: [...ORGANISATION_TYPES], mustServePlace: true, requiresPartner: false },
        sections: APPLICATION_SECTIONS.filter((s) => s !== "partners"),
        isDemo: true,
      })
      .returning()
      .get();

    submittedPrizeApplication(tx, prizeCycle, now);
    awardedDemoRound(tx, { organisationId: organisation.id, applicant: users["applicant@demo.test"]!, staff: users["staff@demo.test"]!, now });

    // Scoring: the Collaboration Fund panel scores after the round closes; the Prize's demo
    // panel can score its one submitted application now, so the demo shows the whole flow.
    tx.update(schema.cycles)
      .set({ scoringOpensAt: ukTime(ukDate(91, now), 9), scoringClosesAt: ukTime(ukDate(112, now), 17) })
      .where(eq(schema.cycles.id, cf.id))
      .run();
    tx.update(schema.cycles)
      .set({ scoringOpensAt: ukTime(ukDate(-1, now), 9), scoringClosesAt: ukTime(ukDate(30, now), 17), minScorersPerApplication: 1 })
      .where(eq(schema.cycles.id, prizeCycle.id))
      .run();
    for (const cycle of [cf, prizeCycle]) {
      tx.insert(schema.criteria)
        .values(DEMO_CRITERIA.map((criterion, sortOrder) => ({ ...criterion, cycleId: cycle.id, sortOrder })))
        .run();
      tx.insert(schema.panelMembers)
        .values({
          cycleId: cycle.id,
          userId: users["panel@demo.test"]!.id,
          email: "panel@demo.test",
          name: users["panel@demo.test"]!.name,
          affiliation: "Fairness Taskforce (demo)",
          status: "active",
          invitedAt: now,
          acceptedAt: now,
        })
        .run();
    }
    return { added: true };
  });
}

/**
 * A submitted application on the Prize demo round, so that staff intake has something to show.
 * It is from a second demo organisation (a business with no members: the demo applicant's
 * organisation must not get it). It has no documents: there are no files behind a seed, so its
 * "Documents" section is not marked complete.
 */
function submittedPrizeApplication(tx: Tx, cycle: typeof schema.cycles.$inferSelect, now: Date) {
  const business = tx
    .insert(schema.organisations)
    .values({
      name: "Brightside Bakery Ltd (demo)",
      type: "business",
      // Companies House numbers are given in sequence and are nowhere near 99 million: no real company has this one.
      companyNumber: "99000001",
      addressLine1: "2 Demo Parade",
      town: "Luton",
      postcode: "LU1 2BQ",
      wardId: ward(tx, "High Town"),
      contactName: "Jo Baker (demo)",
      contactEmail: "bakery@demo.test",
      contactPhone: "01582 000000",
    })
    .returning()
    .get();
  const prefix = tx
    .select({ prefix: schema.programmes.referencePrefix })
    .from(schema.programmes)
    .where(eq(schema.programmes.id, cycle.programmeId))
    .get()!.prefix;
  const startedAt = new Date(now.getTime() - 10 * 24 * 3600 * 1000);
  const submittedAt = new Date(now.getTime() - 3 * 24 * 3600 * 1000);
  const reference = `${prefix}-${cycle.referenceYear}-0001`;
  const application = tx
    .insert(schema.applications)
    .values({
      cycleId: cycle.id,
      organisationId: business.id,
      reference,
      status: "submitted",
      title: "Bread and jobs: paid work for people with learning disabilities (demo)",
      summary:
        "We will train and employ six people with learning disabilities as paid bakers, with a job coach, and share what works with other Luton employers.",
      description:
        "Few people with learning disabilities in Luton have paid work. Our bakery in High Town will offer six paid trainee places a year. " +
        "Each trainee works alongside an experienced baker, with a job coach from a local supported employment service for the first three months. " +
        "We will adapt recipes and rotas so that tasks are clear and predictable. At the end of the year, we will hold an open morning for other " +
        "local employers to see how we did it, and publish a short guide.",
      startDate: ukDate(60, now),
      endDate: ukDate(60 + 365, now),
      peopleReached: 60,
      amountRequestedPence: 4_500_00,
      completedSections: cycle.sections.filter((s) => s !== "documents"),
      declarationsAcceptedAt: submittedAt,
      version: 12,
      submittedAt,
      createdAt: startedAt,
      updatedAt: submittedAt,
    })
    .returning()
    .get();
  const principleId = (n: number) =>
    tx.select({ id: schema.principles.id }).from(schema.principles).where(eq(schema.principles.number, n)).get()!.id;
  tx.insert(schema.applicationPrinciples)
    .values([
      {
        applicationId: application.id,
        principleId: principleId(3),
        isPrimary: true,
        how: "Six paid jobs a year, at the real living wage, for people who are usually shut out of work.",
      },
      {
        applicationId: application.id,
        principleId: principleId(2),
        isPrimary: false,
        how: "Trainees gain skills, confidence and a reference, and choose the tasks they want to learn.",
      },
    ])
    .run();
  const areaRows = ["High Town", "Central"].map((name) => ward(tx, name)).filter((id): id is number => id !== null);
  if (areaRows.length) tx.insert(schema.applicationAreas).values(areaRows.map((areaId) => ({ applicationId: application.id, areaId }))).run();
  const groupId = (name: string) =>
    tx.select({ id: schema.beneficiaryGroups.id }).from(schema.beneficiaryGroups).where(eq(schema.beneficiaryGroups.name, name)).get()?.id;
  const groupRows = ["People with learning disabilities", "Carers"].map(groupId).filter((id): id is number => id !== undefined);
  if (groupRows.length) {
    tx.insert(schema.applicationBeneficiaryGroups).values(groupRows.map((groupId) => ({ applicationId: application.id, groupId }))).run();
  }
  tx.insert(schema.budgetLines)
    .values([
      { applicationId: application.id, item: "Trainee wages (part of)", costPence: 3_000_00, sortOrder: 0 },
      { applicationId: application.id, item: "Job coach, 3 months", costPence: 1_500_00, sortOrder: 1 },
      { applicationId: application.id, item: "Open morning and guide for employers", costPence: 500_00, sortOrder: 2 },
    ])
    .run();
  tx.insert(schema.otherFunding)
    .values({ applicationId: application.id, source: "Brightside Bakery's own funds", amountPence: 2_000_00, status: "secured" })
    .run();
  tx.insert(schema.logicModelItems)
    .values([
      { applicationId: application.id, kind: "activity", description: "Paid trainee places with a job coach", sortOrder: 0 },
      { applicationId: application.id, kind: "output", description: "Trainees employed", measure: "Number of trainees", target: 6, sortOrder: 1 },
      {
        applicationId: application.id,
        kind: "outcome",
        description: "Trainees in paid work after the year",
        measure: "Number of trainees in paid work 3 months after finishing",
        target: 4,
        sortOrder: 2,
      },
    ])
    .run();
  tx.insert(schema.auditEvents)
    .values([
      { at: startedAt, actorUserId: null, action: "application.started", entityType: "application", entityId: application.id, summary: "Application started" },
      { at: submittedAt, actorUserId: null, action: "application.submitted", entityType: "application", entityId: application.id, summary: "Submitted", details: { reference } },
    ])
    .run();
}

/**
 * Last year's Collaboration Fund demo round, decided: the demo applicant's organisation has an
 * award it accepted five months ago, with its first instalment paid and its interim return due
 * in about a month, so the demo shows payments and returns at once. The offer is made by the
 * portal's own `createOffer`, as a release would.
 */
function awardedDemoRound(tx: Tx, o: { organisationId: number; applicant: { id: number }; staff: { id: number }; now: Date }) {
  const { now } = o;
  const day = 24 * 3600 * 1000;
  const decidedAt = new Date(now.getTime() - 160 * day);
  const releasedAt = new Date(now.getTime() - 155 * day);
  const acceptedAt = new Date(now.getTime() - 152 * day);
  const year = Number(ukDate(-365, now).slice(0, 4));
  const programmeId = programme(tx, "collaboration-fund");
  const cycle = tx
    .insert(schema.cycles)
    .values({
      programmeId,
      name: `Collaboration Fund ${year} to ${year + 1} (demo round, decided)`,
      referenceYear: year,
      status: "published",
      summary: "Last year's demo round: its decisions are made and its grants are under way.",
      opensAt: ukTime(ukDate(-300, now), 9),
      closesAt: ukTime(ukDate(-240, now), 12),
      budgetPence: 60_000_00,
      minRequestPence: 1_000_00,
      maxRequestPence: 10_000_00,
      eligibility: { organisationTypes: ORGANISATION_TYPES.filter((t) => t !== "business"), mustServePlace: true, requiresPartner: true },
      sections: [...APPLICATION_SECTIONS],
      scoringOpensAt: ukTime(ukDate(-230, now), 9),
      scoringClosesAt: ukTime(ukDate(-200, now), 17),
      decisionsReleasedAt: releasedAt,
      isDemo: true,
    })
    .returning()
    .get();
  const application = tx
    .insert(schema.applications)
    .values({
      cycleId: cycle.id,
      organisationId: o.organisationId,
      reference: `CF-${year}-0001`,
      status: "awarded",
      title: "Cook and eat together: community meals in Biscot (demo)",
      summary: "Weekly cook-and-eat sessions for families on low incomes, run with the mosque and the children's centre.",
      description:
        "Families cook a healthy meal together each week, learn to cook on a budget and eat together. " +
        "Our partners host the sessions and bring families who would not otherwise come.",
      startDate: ukDate(-150, now),
      endDate: ukDate(215, now),
      peopleReached: 120,
      amountRequestedPence: 6_000_00,
      completedSections: [...APPLICATION_SECTIONS],
      declarationsAcceptedAt: ukTime(ukDate(-250, now), 10),
      submittedAt: ukTime(ukDate(-250, now), 10),
      createdById: o.applicant.id,
    })
    .returning()
    .get();
  const principleId = tx.select({ id: schema.principles.id }).from(schema.principles).where(eq(schema.principles.number, 1)).get()!.id;
  tx.insert(schema.applicationPrinciples)
    .values({ applicationId: application.id, principleId, isPrimary: true, how: "Families with young children eat better and spend time together." })
    .run();
  const biscot = ward(tx, "Biscot");
  if (biscot) tx.insert(schema.applicationAreas).values({ applicationId: application.id, areaId: biscot }).run();
  tx.insert(schema.budgetLines)
    .values([
      { applicationId: application.id, item: "Food and ingredients", costPence: 3_000_00, sortOrder: 0 },
      { applicationId: application.id, item: "Session leader", costPence: 2_500_00, sortOrder: 1 },
      { applicationId: application.id, item: "Cooking equipment", costPence: 500_00, sortOrder: 2 },
    ])
    .run();
  tx.insert(schema.logicModelItems)
    .values([
      { applicationId: application.id, kind: "activity", description: "Weekly cook-and-eat sessions", sortOrder: 0 },
      { applicationId: application.id, kind: "output", description: "Sessions run", measure: "Number of sessions", target: 40, sortOrder: 1 },
      { applicationId: application.id, kind: "outcome", description: "Families cooking healthy meals at home", measure: "Families who say they cook from scratch more often", target: 30, sortOrder: 2 },
    ])
    .run();
  const decision = tx
    .insert(schema.decisions)
    .values({
      applicationId: application.id,
      outcome: "award",
      amountPence: 6_000_00,
      conditions: "Send us your food hygiene certificate before the first session.",
      reasons: "Strong partnership, reaching families in Biscot.",
      decidedById: o.staff.id,
      decidedAt,
      releasedAt,
    })
    .returning()
    .get();
  ensureRoundSchedule(tx, cycle.id, "collaboration-fund", o.staff.id);
  const award = createOffer(tx, { decision, application, cycle, actorUserId: o.staff.id, now: releasedAt });
  const terms = award.grantTermsId;
  tx.update(schema.awards)
    .set({ status: "accepted", respondedAt: acceptedAt, respondedById: o.applicant.id, acceptedTermsId: terms, version: 2 })
    .where(eq(schema.awards.id, award.id))
    .run();
  tx.update(schema.awardConditions).set({ metAt: acceptedAt }).where(eq(schema.awardConditions.awardId, award.id)).run();
  tx.update(schema.payments)
    .set({ status: "paid", paidOn: application.startDate, paidAmountPence: 3_000_00, remittanceReference: "DEMO-REMIT-0001", recordedById: o.staff.id, recordedAt: ukTime(application.startDate!, 11) })
    .where(and(eq(schema.payments.awardId, award.id), eq(schema.payments.instalment, 1)))
    .run();
  tx.insert(schema.auditEvents)
    .values([
      { at: acceptedAt, actorUserId: o.applicant.id, action: "award.accepted", entityType: "award", entityId: award.id, summary: "Offer accepted", details: { grantTermsId: terms } },
      { at: ukTime(application.startDate!, 11), actorUserId: o.staff.id, action: "payment.recorded", entityType: "award", entityId: award.id, summary: "Instalment 1 paid: £3,000.00" },
    ])
    .run();
}

function ward(tx: Tx, name: string): number | null {
  return tx.select({ id: schema.areas.id }).from(schema.areas).where(eq(schema.areas.name, name)).get()?.id ?? null;
}

function programme(tx: Tx, slug: string): number {
  const row = tx.select({ id: schema.programmes.id }).from(schema.programmes).where(eq(schema.programmes.slug, slug)).get();
  if (!row) throw new Error(`The demo needs the programme "${slug}" from the place file`);
  return row.id;
}
