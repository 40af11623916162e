// Demo data, for trying the portal out: four demo people (README lists them), a demo
// organisation, an open demo cycle for each programme, a demo panel, and last year's decided
// demo round with awards under way (one with its story on the public page of funded projects,
// one with a return waiting for staff review). Amounts and dates here
// are for the demo only; they are not facts about any real funding round.
import { and, eq, sql } from "drizzle-orm";
import { APPLICATION_SECTIONS, ORGANISATION_TYPES } from "~db/schema";
import { createOffer, ensureRoundSchedule } from "~/models/awards.server";
import { RETURN_SECTIONS } from "~/models/returns.server";
import { hashPassword } from "~/utils/crypto.server";
import { schema, transaction, type Tx } from "~/utils/db.server";
import { formatMoney, ukDate, ukTime } from "~/utils/format";

export const DEMO_PASSWORD = "demo-password";

export const DEMO_PEOPLE = [
  { email: "applicant@demo.test", name: "Amira Khan (demo applicant)", role: "user", staffTeam: null },
  { email: "panel@demo.test", name: "Peter Owusu (demo panel member)", role: "user", staffTeam: null },
  { email: "staff@demo.test", name: "Sam Patel (demo public health officer)", role: "staff", staffTeam: "public_health" },
  { email: "admin@demo.test", name: "Alex Morgan (demo administrator)", role: "admin", staffTeam: "public_health" },
] as const;

/** What a round's start page says to applicants, for the demo rounds. */
const DEMO_GUIDANCE =
  "This is a demo round: try applying, but nothing here is real funding.\n\nThe panel looks for projects that reach the people and wards with the poorest health, that say clearly which of the Marmot principles they work towards, and that will share what they learn.";

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
        guidance: DEMO_GUIDANCE,
        decisionsExpectedOn: ukDate(120, now),
        publishedAt: opensAt,
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
        guidance: DEMO_GUIDANCE,
        decisionsExpectedOn: ukDate(120, now),
        publishedAt: opensAt,
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

    submittedPrizeApplication(tx, prizeCycle, users["staff@demo.test"]!, now);
    awardedDemoRound(tx, { organisationId: organisation.id, applicant: users["applicant@demo.test"]!, staff: users["staff@demo.test"]!, now });
    // Every demo round has the stage gate that rounds made through the pages have: the panel sees
    // an application once staff have passed its eligibility check (each demo application the
    // panel sees has one, recorded by the demo staff person).
    tx.update(schema.cycles).set({ panelAfterEligibility: true }).where(eq(schema.cycles.isDemo, true)).run();

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
function submittedPrizeApplication(tx: Tx, cycle: typeof schema.cycles.$inferSelect, staff: { id: number }, now: Date) {
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
  // Checked and passed the day after it came in, so the Prize panel can score it now.
  passedEligibilityCheck(tx, application.id, staff.id, new Date(submittedAt.getTime() + 24 * 3600 * 1000), "A Luton business with a project in High Town; the amount is within the round's limits.");
}

/** A passed eligibility check, as `recordEligibilityCheck` records it: the review, the gate opened, the audit event. */
function passedEligibilityCheck(tx: Tx, applicationId: number, staffId: number, at: Date, reason: string) {
  tx.insert(schema.eligibilityReviews).values({ applicationId, passed: true, reason, reviewedById: staffId, createdAt: at }).run();
  tx.update(schema.applications).set({ eligibilityPassedAt: at }).where(eq(schema.applications.id, applicationId)).run();
  tx.insert(schema.auditEvents)
    .values({ at, actorUserId: staffId, action: "application.eligibility_passed", entityType: "application", entityId: applicationId, summary: reason })
    .run();
}

/**
 * Last year's Collaboration Fund demo round, decided: the demo applicant's organisation has an
 * award it accepted five months ago, with its first instalment paid and its interim return due
 * in about a month, so the demo shows payments and returns at once. The offer is made by the
 * portal's own `createOffer`, as a release would. Two more demo organisations have accepted
 * awards in the same round: Lewsey Walking Friends (interim return accepted, both instalments
 * paid, its story approved for the public page) and Farley Youth Boxing Club (interim return
 * submitted, waiting for staff to review it).
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
      guidance: DEMO_GUIDANCE,
      decisionsExpectedOn: ukDate(-210, now),
      publishedAt: ukTime(ukDate(-300, now), 9),
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
  passedEligibilityCheck(tx, application.id, o.staff.id, ukTime(ukDate(-238, now), 11), "A Luton community group working with two partners in Biscot; the amount is within the round's limits.");
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
  // Two more grantees in the same round: one whose story is on the public page, one whose
  // interim return is waiting for staff to review it.
  const round = { cycle, decidedAt, releasedAt, acceptedAt, year, staff: o.staff, now };
  const walkers = demoGrantee(tx, round, LEWSEY_WALKERS);
  publishedDemoStory(tx, round, walkers);
  const boxers = demoGrantee(tx, round, FARLEY_BOXERS);
  submittedDemoReturn(tx, round, boxers);
}

type DemoRound = {
  cycle: typeof schema.cycles.$inferSelect;
  decidedAt: Date;
  releasedAt: Date;
  acceptedAt: Date;
  year: number;
  staff: { id: number };
  now: Date;
};

type DemoGranteePlan = {
  number: number;
  organisation: { name: string; ward: string; address: string; postcode: string };
  person: { name: string; email: string };
  title: string;
  summary: string;
  description: string;
  amountPence: number;
  peopleReached: number;
  /** Principle numbers and how the project works towards each; the first is the main one. */
  principles: [number, string][];
  wards: string[];
  groups: string[];
  budget: [string, number][];
  output: { description: string; measure: string; target: number };
  outcome: { description: string; measure: string; target: number };
  reasons: string;
};

const LEWSEY_WALKERS: DemoGranteePlan = {
  number: 2,
  organisation: { name: "Lewsey Walking Friends (demo)", ward: "Lewsey", address: "3 Demo Close", postcode: "LU4 0AA" },
  person: { name: "Pat Green (demo grantee)", email: "walking@demo.test" },
  title: "Walk and talk: weekly health walks in Lewsey (demo)",
  summary: "Free, friendly walks every week for older people and people with long-term conditions, led by trained volunteers, with a cup of tea after.",
  description:
    "Many older people in Lewsey and Leagrave are lonely and do not get much exercise. We will train volunteer walk leaders and run two gentle walks a week " +
    "from the community centre, with a longer walk once a month. After each walk we have tea together, and a nurse from the health centre joins us once a month.",
  amountPence: 4_500_00,
  peopleReached: 60,
  principles: [
    [6, "Regular walking lowers the risk of heart disease and falls, and brings people to a health check."],
    [5, "Walkers get to know their neighbours and the green spaces near them."],
  ],
  wards: ["Lewsey", "Leagrave"],
  groups: ["Older people", "People with long-term health conditions"],
  budget: [
    ["Walk leader training and first aid", 900_00],
    ["Walk leaders' sessional fees", 2_400_00],
    ["Tea and room hire after walks", 900_00],
    ["Leaflets and posters", 300_00],
  ],
  output: { description: "Walks led", measure: "Number of walks", target: 90 },
  outcome: { description: "Walkers more active", measure: "Walkers who say they are active for 150 minutes a week", target: 30 },
  reasons: "Low cost, reaches isolated older people in Lewsey, with a clear plan for volunteers.",
};

const FARLEY_BOXERS: DemoGranteePlan = {
  number: 3,
  organisation: { name: "Farley Youth Boxing Club (demo)", ward: "Farley", address: "4 Demo Road", postcode: "LU1 5AA" },
  person: { name: "Marcus Reid (demo grantee)", email: "boxing@demo.test" },
  title: "Box clever: boxing and mentoring for young people in Farley (demo)",
  summary: "Free boxing training three evenings a week for young people aged 11 to 18, each with a trained mentor.",
  description:
    "Young people in Farley and South have few safe places to go in the evening. Our club will open three evenings a week for free, non-contact " +
    "boxing training, with a volunteer mentor for each young person and homework space before the session.",
  amountPence: 7_500_00,
  peopleReached: 80,
  principles: [
    [2, "Young people build confidence, discipline and goals, with a mentor who listens."],
    [6, "Regular exercise and talks on healthy eating, sleep and vaping."],
  ],
  wards: ["Farley", "South"],
  groups: ["Children and young people"],
  budget: [
    ["Coaches' sessional fees", 4_200_00],
    ["Mentor training, safeguarding and DBS checks", 1_300_00],
    ["Gloves, pads and mats", 1_500_00],
    ["End-of-year event", 500_00],
  ],
  output: { description: "Sessions run", measure: "Number of sessions", target: 120 },
  outcome: { description: "Young people with a mentor", measure: "Young people who met their mentor at least 6 times", target: 40 },
  reasons: "Strong need in Farley, a safe club with good safeguarding, and mentoring built in.",
};

type DemoGranteeMade = {
  award: typeof schema.awards.$inferSelect;
  application: typeof schema.applications.$inferSelect;
  member: typeof schema.users.$inferSelect;
  budgetLines: (typeof schema.budgetLines.$inferSelect)[];
  output: typeof schema.logicModelItems.$inferSelect;
  outcome: typeof schema.logicModelItems.$inferSelect;
  interim: typeof schema.evaluationReturns.$inferSelect;
  wards: { id: number; name: string }[];
  groups: { id: number; name: string }[];
};

/**
 * A demo organisation (one member, who cannot sign in: no password) with an application to the
 * decided round, its award made by the portal's own `createOffer` and accepted, and its first
 * instalment paid.
 */
function demoGrantee(tx: Tx, round: DemoRound, plan: DemoGranteePlan): DemoGranteeMade {
  const { cycle, now } = round;
  const member = tx
    .insert(schema.users)
    .values({ email: plan.person.email, name: plan.person.name, passwordHash: "!no-sign-in", role: "user", emailConfirmedAt: now })
    .returning()
    .get();
  const organisation = tx
    .insert(schema.organisations)
    .values({
      name: plan.organisation.name,
      type: "community_or_faith_group",
      addressLine1: plan.organisation.address,
      town: "Luton",
      postcode: plan.organisation.postcode,
      contactPhone: "01582 000000",
      wardId: ward(tx, plan.organisation.ward),
      contactName: member.name,
      contactEmail: member.email,
      createdById: member.id,
    })
    .returning()
    .get();
  tx.insert(schema.organisationMembers).values({ organisationId: organisation.id, userId: member.id, role: "owner" }).run();
  const application = tx
    .insert(schema.applications)
    .values({
      cycleId: cycle.id,
      organisationId: organisation.id,
      reference: `CF-${round.year}-${String(plan.number).padStart(4, "0")}`,
      status: "awarded",
      title: plan.title,
      summary: plan.summary,
      description: plan.description,
      startDate: ukDate(-150, now),
      endDate: ukDate(215, now),
      peopleReached: plan.peopleReached,
      amountRequestedPence: plan.amountPence,
      completedSections: [...APPLICATION_SECTIONS],
      declarationsAcceptedAt: ukTime(ukDate(-250 + plan.number, now), 10),
      submittedAt: ukTime(ukDate(-250 + plan.number, now), 10),
      createdById: member.id,
    })
    .returning()
    .get();
  passedEligibilityCheck(tx, application.id, round.staff.id, ukTime(ukDate(-238, now), 11 + plan.number), `A Luton community group working in ${plan.wards.join(" and ")}; the amount is within the round's limits.`);
  const principleId = (n: number) => tx.select({ id: schema.principles.id }).from(schema.principles).where(eq(schema.principles.number, n)).get()!.id;
  tx.insert(schema.applicationPrinciples)
    .values(plan.principles.map(([n, how], i) => ({ applicationId: application.id, principleId: principleId(n), isPrimary: i === 0, how })))
    .run();
  const wards = plan.wards.map((name) => ({ id: ward(tx, name), name })).filter((w): w is { id: number; name: string } => w.id !== null);
  if (wards.length) tx.insert(schema.applicationAreas).values(wards.map((w) => ({ applicationId: application.id, areaId: w.id }))).run();
  const groups = plan.groups
    .map((name) => ({ id: tx.select({ id: schema.beneficiaryGroups.id }).from(schema.beneficiaryGroups).where(eq(schema.beneficiaryGroups.name, name)).get()?.id, name }))
    .filter((g): g is { id: number; name: string } => g.id !== undefined);
  if (groups.length) tx.insert(schema.applicationBeneficiaryGroups).values(groups.map((g) => ({ applicationId: application.id, groupId: g.id }))).run();
  const budgetLines = tx
    .insert(schema.budgetLines)
    .values(plan.budget.map(([item, costPence], sortOrder) => ({ applicationId: application.id, item, costPence, sortOrder })))
    .returning()
    .all();
  tx.insert(schema.logicModelItems).values({ applicationId: application.id, kind: "activity", description: plan.summary, sortOrder: 0 }).run();
  const output = tx.insert(schema.logicModelItems).values({ applicationId: application.id, kind: "output", ...plan.output, sortOrder: 1 }).returning().get();
  const outcome = tx.insert(schema.logicModelItems).values({ applicationId: application.id, kind: "outcome", ...plan.outcome, sortOrder: 2 }).returning().get();
  const decision = tx
    .insert(schema.decisions)
    .values({
      applicationId: application.id,
      outcome: "award",
      amountPence: plan.amountPence,
      conditions: null,
      reasons: plan.reasons,
      decidedById: round.staff.id,
      decidedAt: round.decidedAt,
      releasedAt: round.releasedAt,
    })
    .returning()
    .get();
  const offered = createOffer(tx, { decision, application, cycle, actorUserId: round.staff.id, now: round.releasedAt });
  const acceptedAt = new Date(round.acceptedAt.getTime() + plan.number * 3600 * 1000);
  const award = tx
    .update(schema.awards)
    .set({ status: "accepted", respondedAt: acceptedAt, respondedById: member.id, acceptedTermsId: offered.grantTermsId, version: 2 })
    .where(eq(schema.awards.id, offered.id))
    .returning()
    .get();
  const first = tx
    .update(schema.payments)
    .set({
      status: "paid",
      paidOn: application.startDate,
      paidAmountPence: sql`${schema.payments.amountPence}`,
      remittanceReference: `DEMO-REMIT-${plan.number}01`,
      recordedById: round.staff.id,
      recordedAt: ukTime(application.startDate!, 11),
    })
    .where(and(eq(schema.payments.awardId, award.id), eq(schema.payments.instalment, 1)))
    .returning()
    .get();
  tx.insert(schema.auditEvents)
    .values([
      { at: acceptedAt, actorUserId: member.id, action: "award.accepted", entityType: "award", entityId: award.id, summary: "Offer accepted", details: { grantTermsId: award.acceptedTermsId } },
      { at: first.recordedAt!, actorUserId: round.staff.id, action: "payment.recorded", entityType: "award", entityId: award.id, summary: `Instalment 1 paid: ${formatMoney(first.amountPence)}` },
    ])
    .run();
  const interim = tx
    .select()
    .from(schema.evaluationReturns)
    .where(and(eq(schema.evaluationReturns.awardId, award.id), eq(schema.evaluationReturns.kind, "interim")))
    .get()!;
  return { award, application, member, budgetLines, output, outcome, interim, wards, groups };
}

/** Fills in a return's numbers, by ward, group, budget line and result, and submits it. */
function submitDemoReturn(
  tx: Tx,
  made: DemoGranteeMade,
  o: {
    submittedAt: Date;
    activitiesDelivered: string;
    reach: number[];
    groups: number[];
    spent: number[];
    results: [number, string][];
    story: Partial<typeof schema.evaluationReturns.$inferInsert>;
  },
) {
  const returnId = made.interim.id;
  if (made.wards.length) {
    tx.insert(schema.returnReachByArea).values(made.wards.map((w, i) => ({ returnId, areaId: w.id, people: o.reach[i] ?? 0 }))).run();
  }
  if (made.groups.length) {
    tx.insert(schema.returnReachByGroup).values(made.groups.map((g, i) => ({ returnId, groupId: g.id, people: o.groups[i] ?? 0 }))).run();
  }
  tx.insert(schema.returnSpend).values(made.budgetLines.map((l, i) => ({ returnId, budgetLineId: l.id, spentPence: o.spent[i] ?? 0 }))).run();
  tx.insert(schema.returnResults)
    .values([
      { returnId, logicModelItemId: made.output.id, actual: o.results[0]![0], note: o.results[0]![1] },
      { returnId, logicModelItemId: made.outcome.id, actual: o.results[1]![0], note: o.results[1]![1] },
    ])
    .run();
  tx.update(schema.evaluationReturns)
    .set({
      status: "submitted",
      peopleReached: o.reach.reduce((sum, n) => sum + n, 0),
      activitiesDelivered: o.activitiesDelivered,
      ...o.story,
      consentToPublish: true,
      completedSections: [...RETURN_SECTIONS],
      version: 12,
      submittedAt: o.submittedAt,
      submittedById: made.member.id,
      updatedAt: o.submittedAt,
    })
    .where(eq(schema.evaluationReturns.id, returnId))
    .run();
  tx.insert(schema.auditEvents)
    .values({ at: o.submittedAt, actorUserId: made.member.id, action: "return.submitted", entityType: "return", entityId: returnId, summary: `${made.interim.title} submitted` })
    .run();
}

/**
 * Lewsey Walking Friends: the interim return was sent early, staff accepted it, paid the second
 * instalment and approved its story for the public page, where it shows at once.
 */
function publishedDemoStory(tx: Tx, round: DemoRound, made: DemoGranteeMade) {
  const { now, staff } = round;
  const day = 24 * 3600 * 1000;
  const submittedAt = new Date(now.getTime() - 21 * day);
  const acceptedAt = new Date(now.getTime() - 14 * day);
  const approvedAt = new Date(now.getTime() - 12 * day);
  const paidOn = ukDate(-10, now);
  submitDemoReturn(tx, made, {
    submittedAt,
    activitiesDelivered: "38 walks of about 45 minutes, 4 longer Saturday walks to Wardown Park, and 4 health checks with the practice nurse after a walk.",
    reach: [46, 18],
    groups: [41, 23],
    spent: [900_00, 1_150_00, 420_00, 300_00],
    results: [
      [42, "Two walks were cancelled for snow."],
      [19, "From a short survey of 31 regular walkers."],
    ],
    story: {
      projectTitle: "Walk and talk in Lewsey (demo story)",
      authors: "Pat Green and the walk leaders of Lewsey Walking Friends (demo)",
      aboutProject:
        "This is a demo story, written to show how case studies look. Walk and talk is a free walking group for older people in Lewsey and Leagrave. " +
        "Many of our walkers live alone, and some had not been out for a walk in years because of their health or worry about falling.",
      whatDidYouDo:
        "We trained eight volunteers as walk leaders, with first aid. Since the spring we have walked twice a week from the community centre, at an easy pace, " +
        "with a shorter route for anyone who needs it. Every walk ends with tea. Once a month the practice nurse joins us and offers a blood pressure check.",
      whatAchieved:
        "64 people have come on at least one walk, and about 30 come every week. 19 walkers told us they are now active for at least 150 minutes a week. " +
        "Four people had their blood pressure checked and were asked to see their doctor. Several walkers now meet up on other days too.",
      whatLearnt:
        "Tea after the walk matters as much as the walk: it is where friendships start. A shorter route meant people with breathing problems could join in. " +
        "Word of mouth brought more people than our posters did.",
      acknowledgements: "Thank you to Lewsey community centre for the room, and to the practice nurse team for their time.",
      whatsNext:
        "We are training four more walk leaders so we can add a Saturday walk, and we will start a walk for people who care for someone at home.",
    },
  });
  const returnId = made.interim.id;
  tx.update(schema.evaluationReturns).set({ status: "accepted", acceptedAt, updatedAt: acceptedAt }).where(eq(schema.evaluationReturns.id, returnId)).run();
  tx.insert(schema.returnReviews)
    .values({ returnId, outcome: "accepted", comments: "Thank you: a clear return and a lovely story. We will pay the second instalment.", reviewedById: staff.id, createdAt: acceptedAt })
    .run();
  const second = tx
    .update(schema.payments)
    .set({
      status: "paid",
      paidOn,
      paidAmountPence: sql`${schema.payments.amountPence}`,
      remittanceReference: `DEMO-REMIT-${LEWSEY_WALKERS.number}02`,
      recordedById: staff.id,
      recordedAt: ukTime(paidOn, 11),
    })
    .where(and(eq(schema.payments.awardId, made.award.id), eq(schema.payments.instalment, 2)))
    .returning()
    .get();
  tx.update(schema.awards)
    .set({ caseStudyApprovedAt: approvedAt, caseStudyReturnId: returnId, version: made.award.version + 1, updatedAt: approvedAt })
    .where(eq(schema.awards.id, made.award.id))
    .run();
  tx.insert(schema.auditEvents)
    .values([
      { at: acceptedAt, actorUserId: staff.id, action: "return.accepted", entityType: "return", entityId: returnId, summary: `${made.interim.title} accepted` },
      {
        at: approvedAt,
        actorUserId: staff.id,
        action: "award.case_study_approved",
        entityType: "award",
        entityId: made.award.id,
        summary: `Case study from the ${made.interim.title.toLowerCase()} approved for the public page`,
        details: { returnId },
      },
      ...(second
        ? [{ at: second.recordedAt!, actorUserId: staff.id, action: "payment.recorded", entityType: "award", entityId: made.award.id, summary: `Instalment 2 paid: ${formatMoney(second.amountPence)}` }]
        : []),
    ])
    .run();
}

/** Farley Youth Boxing Club: the interim return is submitted and waiting for staff to review it. */
function submittedDemoReturn(tx: Tx, round: DemoRound, made: DemoGranteeMade) {
  submitDemoReturn(tx, made, {
    submittedAt: new Date(round.now.getTime() - 3 * 24 * 3600 * 1000),
    activitiesDelivered: "62 evening sessions, a homework club before each session, and a trip to a regional boxing event.",
    reach: [31, 17],
    groups: [48],
    spent: [2_050_00, 1_300_00, 1_420_00, 0],
    results: [
      [62, "We added a Friday session from month 3."],
      [22, "The others have met their mentor fewer than six times so far."],
    ],
    story: {
      projectTitle: "Box clever (demo story)",
      authors: "Marcus Reid, head coach (demo)",
      aboutProject:
        "This is a demo story. Box clever offers free, non-contact boxing training and a mentor to young people in Farley and South, three evenings a week.",
      whatDidYouDo:
        "We trained 12 volunteer mentors, with safeguarding training and DBS checks, and bought new gloves and mats. Each session starts with homework time.",
      whatAchieved: "48 young people have trained with us. 22 have met their mentor at least six times, and several have joined the club's junior committee.",
      whatLearnt: "Young people come for the boxing and stay for the mentors. Parents wanted to know more, so we now hold a monthly open evening.",
      acknowledgements: null,
      whatsNext: "We want to train some of the older young people as junior coaches, with a sports leadership qualification.",
    },
  });
}

function ward(tx: Tx, name: string): number | null {
  return tx.select({ id: schema.areas.id }).from(schema.areas).where(eq(schema.areas.name, name)).get()?.id ?? null;
}

function programme(tx: Tx, slug: string): number {
  const row = tx.select({ id: schema.programmes.id }).from(schema.programmes).where(eq(schema.programmes.slug, slug)).get();
  if (!row) throw new Error(`The demo needs the programme "${slug}" from the place file`);
  return row.id;
}
