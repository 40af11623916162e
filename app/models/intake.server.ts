// Staff intake: each cycle's applications, filtered and paged, and as a CSV export; the cycle's
// rules; one application as staff see it. Staff never see drafts: an application that has not
// been submitted is the applicant's own work (a draft withdrawn before submitting stays hidden too).
import { and, asc, count, desc, eq, inArray, isNotNull, ne, sql, type SQL } from "drizzle-orm";
import { groupBy } from "~/utils/collections";
import { alias } from "drizzle-orm/sqlite-core";
import { APPLICATION_STATUSES, ORGANISATION_TYPES, type ApplicationStatus, type OrganisationType } from "~db/schema";
import { db, schema, transaction } from "~/utils/db.server";
import { toCsv } from "~/utils/csv";
import { formatDate, formatMoney } from "~/utils/format";
import { APPLICATION_STATUS, ORGANISATION_TYPE_LABELS } from "~/utils/labels";
import { organisationIdentifier } from "~/schemas/organisation";
import type { CycleRules } from "~/schemas/cycle";
import { loadApplication, type ApplicationFile } from "./applications.server";
import { recordAudit } from "./audit.server";
import { waitingForEligibilityCheck } from "./panel-access.server";
import { getPlace } from "./place.server";
import { formatAnswer, inAskedOrder, isAnswered, isAsked, type Answers } from "./questions";

export const INTAKE_PAGE_SIZE = 50;

/** Every status staff may see, in the order of the application's life. */
export const INTAKE_STATUSES = APPLICATION_STATUSES.filter((s) => s !== "draft");
export type IntakeStatus = Exclude<ApplicationStatus, "draft">;

export type IntakeFilters = {
  status?: IntakeStatus;
  principleId?: number;
  /** Only applications whose main principle it is (otherwise any tag). */
  primaryOnly?: boolean;
  /** Applications that serve this ward (application_areas), not the ward the organisation is in. */
  wardId?: number;
  organisationType?: OrganisationType;
};

const positiveId = (v: string | null) => (v && /^\d{1,9}$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

/** Filters from the address; anything unexpected is ignored, so a bad link shows everything. */
export function readIntakeFilters(params: URLSearchParams): IntakeFilters {
  const status = params.get("status");
  const type = params.get("type");
  const principleId = positiveId(params.get("principle"));
  return {
    status: INTAKE_STATUSES.find((s) => s === status),
    principleId,
    primaryOnly: principleId !== undefined && params.get("primary") === "yes",
    wardId: positiveId(params.get("ward")),
    organisationType: ORGANISATION_TYPES.find((t) => t === type),
  };
}

export function intakeQuery(filters: IntakeFilters, page?: number): string {
  const params = new URLSearchParams();
  if (filters.status) params.set("status", filters.status);
  if (filters.principleId) params.set("principle", String(filters.principleId));
  if (filters.principleId && filters.primaryOnly) params.set("primary", "yes");
  if (filters.wardId) params.set("ward", String(filters.wardId));
  if (filters.organisationType) params.set("type", filters.organisationType);
  if (page && page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : "";
}

export function readPage(params: URLSearchParams): number {
  return Math.max(1, Math.min(100_000, Number.parseInt(params.get("page") ?? "1", 10) || 1));
}

const a = schema.applications;
const o = schema.organisations;

/**
 * The WHERE of every intake query. Each part has its index: applications(cycle_id, status),
 * application_principles(principle_id), application_areas(area_id). Expects `organisations`
 * to be joined (for the type).
 */
function whereOf(cycleId: number, filters: IntakeFilters, options: { withStatus?: boolean } = {}): SQL {
  const parts: (SQL | undefined)[] = [eq(a.cycleId, cycleId), ne(a.status, "draft"), isNotNull(a.submittedAt)];
  if (filters.status && options.withStatus !== false) parts.push(eq(a.status, filters.status));
  if (filters.principleId) {
    const ap = schema.applicationPrinciples;
    parts.push(
      inArray(
        a.id,
        db
          .select({ id: ap.applicationId })
          .from(ap)
          .where(and(eq(ap.principleId, filters.principleId), filters.primaryOnly ? eq(ap.isPrimary, true) : undefined)),
      ),
    );
  }
  if (filters.wardId) {
    const aa = schema.applicationAreas;
    parts.push(inArray(a.id, db.select({ id: aa.applicationId }).from(aa).where(eq(aa.areaId, filters.wardId))));
  }
  if (filters.organisationType) parts.push(eq(o.type, filters.organisationType));
  return and(...parts)!;
}

const primaryTag = alias(schema.applicationPrinciples, "primary_tag");
const primaryPrinciple = alias(schema.principles, "primary_principle");

/** The query behind one page of the list (exported so a test can read its query plan). */
export function intakeRowsQuery(cycleId: number, filters: IntakeFilters, page: number) {
  return db
    .select({
      id: a.id,
      reference: a.reference,
      title: a.title,
      status: a.status,
      submittedAt: a.submittedAt,
      amountRequestedPence: a.amountRequestedPence,
      organisationName: o.name,
      organisationType: o.type,
      primaryNumber: primaryPrinciple.number,
      primaryTitle: primaryPrinciple.title,
      /** In a round whose panel waits for the eligibility check, and not passed yet: the panel cannot see it. */
      waitingForCheck: sql<number>`${waitingForEligibilityCheck(a)}`.mapWith(Boolean),
    })
    .from(a)
    .innerJoin(o, eq(o.id, a.organisationId))
    .leftJoin(primaryTag, and(eq(primaryTag.applicationId, a.id), eq(primaryTag.isPrimary, true)))
    .leftJoin(primaryPrinciple, eq(primaryPrinciple.id, primaryTag.principleId))
    .where(whereOf(cycleId, filters))
    .orderBy(asc(a.reference), asc(a.id))
    .limit(INTAKE_PAGE_SIZE)
    .offset((page - 1) * INTAKE_PAGE_SIZE);
}

/** One page of a cycle's applications, sorted by reference, with the count of each status. */
export function listApplications(cycleId: number, filters: IntakeFilters, page = 1) {
  const total =
    db.select({ n: count() }).from(a).innerJoin(o, eq(o.id, a.organisationId)).where(whereOf(cycleId, filters)).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / INTAKE_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = intakeRowsQuery(cycleId, filters, current).all();
  // Counts for the status filter: every other filter applies, the status one does not.
  const counts = Object.fromEntries(INTAKE_STATUSES.map((s) => [s, 0])) as Record<IntakeStatus, number>;
  for (const row of db
    .select({ status: a.status, n: count() })
    .from(a)
    .innerJoin(o, eq(o.id, a.organisationId))
    .where(whereOf(cycleId, filters, { withStatus: false }))
    .groupBy(a.status)
    .all()) {
    counts[row.status as IntakeStatus] = row.n;
  }
  return { rows, total, page: current, pageCount, counts };
}

/** The choices of the filter form. */
export function filterChoices() {
  return {
    principles: db
      .select({ id: schema.principles.id, number: schema.principles.number, title: schema.principles.title })
      .from(schema.principles)
      .orderBy(asc(schema.principles.number))
      .all(),
    wards: db
      .select({ id: schema.areas.id, name: schema.areas.name })
      .from(schema.areas)
      .where(eq(schema.areas.kind, "ward"))
      .orderBy(asc(schema.areas.name))
      .all(),
  };
}

// ---------------------------------------------------------------------------------------------
// The CSV export
// ---------------------------------------------------------------------------------------------

export const CSV_COLUMNS = [
  "Reference",
  "Status",
  "Submitted at",
  "Organisation",
  "Organisation type",
  "Charity number",
  "Company number",
  "360Giving organisation identifier",
  "Organisation ward",
  "Project title",
  "Summary",
  "Amount requested (£)",
  "Budget total (£)",
  "Main principle",
  "Other principles",
  "Areas served",
  "Groups reached",
  "People reached",
  "Partners",
  "Latest eligibility check",
] as const;

const ZONE = "Europe/London";
const stamp = new Intl.DateTimeFormat("sv-SE", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

/** "2026-05-01 14:03", UK time: a spreadsheet sorts it and reads it as a date and time. */
export const csvTime = (date: Date) => stamp.format(date);
/** Pounds as a plain number with pence, so the spreadsheet can add them up. */
const pounds = (pence: number | null) => (pence === null ? null : (pence / 100).toFixed(2));

const byApplication = <T extends { applicationId: number }>(rows: T[]) => groupBy(rows, (row) => row.applicationId);

/**
 * Every application of the cycle that matches the filters, as a CSV file safe to open in a
 * spreadsheet: the standard columns, then a column for each of the round's own questions, in
 * the order asked, headed by the question (blank where it was not asked or not answered).
 */
export function applicationsCsv(cycleId: number, filters: IntakeFilters): string {
  const where = whereOf(cycleId, filters);
  const ids = db.select({ id: a.id }).from(a).innerJoin(o, eq(o.id, a.organisationId)).where(where);
  const orgWard = alias(schema.areas, "org_ward");
  const prefix = getPlace().localOrgIdPrefix;
  const main = db
    .select({ application: a, organisation: o, wardName: orgWard.name })
    .from(a)
    .innerJoin(o, eq(o.id, a.organisationId))
    .leftJoin(orgWard, eq(orgWard.id, o.wardId))
    .where(where)
    .orderBy(asc(a.reference), asc(a.id))
    .all();

  const ap = schema.applicationPrinciples;
  const principles = byApplication(
    db
      .select({ applicationId: ap.applicationId, number: schema.principles.number, title: schema.principles.title, isPrimary: ap.isPrimary })
      .from(ap)
      .innerJoin(schema.principles, eq(schema.principles.id, ap.principleId))
      .where(inArray(ap.applicationId, ids))
      .orderBy(asc(schema.principles.number))
      .all(),
  );
  const aa = schema.applicationAreas;
  const areas = byApplication(
    db
      .select({ applicationId: aa.applicationId, name: schema.areas.name })
      .from(aa)
      .innerJoin(schema.areas, eq(schema.areas.id, aa.areaId))
      .where(inArray(aa.applicationId, ids))
      .orderBy(asc(schema.areas.kind), asc(schema.areas.name))
      .all(),
  );
  const ag = schema.applicationBeneficiaryGroups;
  const groups = byApplication(
    db
      .select({ applicationId: ag.applicationId, name: schema.beneficiaryGroups.name })
      .from(ag)
      .innerJoin(schema.beneficiaryGroups, eq(schema.beneficiaryGroups.id, ag.groupId))
      .where(inArray(ag.applicationId, ids))
      .orderBy(asc(schema.beneficiaryGroups.sortOrder))
      .all(),
  );
  const budget = new Map(
    db
      .select({ applicationId: schema.budgetLines.applicationId, total: sql<number>`sum(${schema.budgetLines.costPence})` })
      .from(schema.budgetLines)
      .where(inArray(schema.budgetLines.applicationId, ids))
      .groupBy(schema.budgetLines.applicationId)
      .all()
      .map((r) => [r.applicationId, Number(r.total)]),
  );
  const pt = schema.applicationPartners;
  const partners = new Map(
    db
      .select({
        applicationId: pt.applicationId,
        total: count(),
        confirmed: sql<number>`sum(${pt.confirmedAt} is not null)`,
        declined: sql<number>`sum(${pt.declinedAt} is not null)`,
      })
      .from(pt)
      .where(inArray(pt.applicationId, ids))
      .groupBy(pt.applicationId)
      .all()
      .map((r) => [r.applicationId, r]),
  );
  const checks = new Map<number, { passed: boolean; reason: string; at: Date; by: string }>();
  for (const c of db
    .select({
      applicationId: schema.eligibilityReviews.applicationId,
      passed: schema.eligibilityReviews.passed,
      reason: schema.eligibilityReviews.reason,
      at: schema.eligibilityReviews.createdAt,
      by: schema.users.name,
    })
    .from(schema.eligibilityReviews)
    .innerJoin(schema.users, eq(schema.users.id, schema.eligibilityReviews.reviewedById))
    .where(inArray(schema.eligibilityReviews.applicationId, ids))
    .orderBy(desc(schema.eligibilityReviews.createdAt), desc(schema.eligibilityReviews.id))
    .all()) {
    if (!checks.has(c.applicationId)) checks.set(c.applicationId, c);
  }

  const sections = db.select({ sections: schema.cycles.sections }).from(schema.cycles).where(eq(schema.cycles.id, cycleId)).get()?.sections ?? [];
  const questions = inAskedOrder(
    sections,
    db.select().from(schema.cycleQuestions).where(eq(schema.cycleQuestions.cycleId, cycleId)).all(),
  );
  const byQuestion = new Map(questions.map((q) => [q.id, q]));
  const answers = new Map<number, Answers>();
  if (questions.length) {
    const answered = schema.applicationAnswers;
    for (const r of db.select().from(answered).where(inArray(answered.applicationId, ids)).all()) {
      const own = answers.get(r.applicationId) ?? {};
      own[r.questionId] = r.value;
      answers.set(r.applicationId, own);
    }
  }
  /** A number stays a number the spreadsheet can add up; everything else as people read it. */
  const answerCell = (applicationId: number, q: (typeof questions)[number]) => {
    const own = answers.get(applicationId) ?? {};
    const value = own[q.id];
    if (!isAsked(q, byQuestion, own) || !isAnswered(q, value)) return null;
    return q.kind === "number" ? Number(value) : formatAnswer(q, value, { listSeparator: "; " });
  };

  const rows = main.map(({ application: app, organisation: org, wardName }) => {
    const tags = principles.get(app.id) ?? [];
    const primary = tags.find((p) => p.isPrimary);
    const partner = partners.get(app.id);
    const check = checks.get(app.id);
    return [
      app.reference,
      APPLICATION_STATUS[app.status]?.text ?? app.status,
      app.submittedAt ? csvTime(app.submittedAt) : null,
      org.name,
      ORGANISATION_TYPE_LABELS[org.type] ?? org.type,
      org.charityNumber,
      org.companyNumber,
      organisationIdentifier(org, prefix),
      wardName ?? "Outside the area",
      app.title,
      app.summary,
      pounds(app.amountRequestedPence),
      pounds(budget.get(app.id) ?? 0),
      primary ? `${primary.number}. ${primary.title}` : null,
      tags
        .filter((p) => !p.isPrimary)
        .map((p) => `${p.number}. ${p.title}`)
        .join("; "),
      (areas.get(app.id) ?? []).map((x) => x.name).join("; "),
      (groups.get(app.id) ?? []).map((g) => g.name).join("; "),
      app.peopleReached,
      // Words, not "1/2": a spreadsheet would turn that into a date.
      partner
        ? `${partner.confirmed} of ${partner.total} confirmed${partner.declined ? `, ${partner.declined} declined` : ""}`
        : "None",
      check ? `${check.passed ? "Passed" : "Did not pass"} on ${formatDate(check.at)} (${check.by}): ${check.reason}` : "Not checked yet",
      ...questions.map((q) => answerCell(app.id, q)),
    ];
  });
  return toCsv([...CSV_COLUMNS, ...questions.map((q) => q.label)], rows);
}

// ---------------------------------------------------------------------------------------------
// The cycle, its counts and its rules
// ---------------------------------------------------------------------------------------------

export function getCycle(cycleId: number) {
  return (
    db
      .select({ cycle: schema.cycles, programme: schema.programmes })
      .from(schema.cycles)
      .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
      .where(eq(schema.cycles.id, cycleId))
      .get() ?? null
  );
}

/** Applications of each status, drafts included (a number only: staff do not read drafts). */
export function cycleStatusCounts(cycleId: number): Record<ApplicationStatus, number> {
  const counts = Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0])) as Record<ApplicationStatus, number>;
  for (const row of db
    .select({ status: a.status, submitted: sql<number>`${a.submittedAt} is not null`, n: count() })
    .from(a)
    .where(eq(a.cycleId, cycleId))
    .groupBy(a.status, sql`${a.submittedAt} is not null`)
    .all()) {
    // A draft withdrawn before it was ever submitted counts as a draft: staff never saw it.
    const status = row.status === "withdrawn" && !row.submitted ? "draft" : row.status;
    counts[status] += row.n;
  }
  return counts;
}

export type RulesResult = { ok: true } | { ok: false; field: "maxAmount" | "organisationTypes"; message: string } | { ok: false; notFound: true };

/** Staff change who may apply, the amount range and the sections asked; the change is audited. */
export function updateCycleRules(actor: { id: number }, cycleId: number, rules: CycleRules): RulesResult {
  return transaction((tx): RulesResult => {
    const cycle = tx.select().from(schema.cycles).where(eq(schema.cycles.id, cycleId)).get();
    if (!cycle) return { ok: false, notFound: true };
    // Shown against the first question of the page.
    if (cycle.closedOutAt) return { ok: false, field: "organisationTypes", message: "The round has been closed out, so its rules no longer change" };
    if (rules.maxRequestPence > cycle.budgetPence) {
      return { ok: false, field: "maxAmount", message: `Maximum amount must not be more than the round's budget, ${formatMoney(cycle.budgetPence)}` };
    }
    const before = {
      eligibility: cycle.eligibility,
      minRequestPence: cycle.minRequestPence,
      maxRequestPence: cycle.maxRequestPence,
      sections: cycle.sections,
    };
    tx.update(schema.cycles).set({ ...rules, updatedAt: new Date() }).where(eq(schema.cycles.id, cycleId)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "cycle.rules_changed",
      entityType: "cycle",
      entityId: cycleId,
      summary: "Changed who may apply, the amounts or the sections asked",
      details: { before, after: rules },
    });
    return { ok: true };
  });
}

// ---------------------------------------------------------------------------------------------
// One application, as staff see it
// ---------------------------------------------------------------------------------------------

/** The application, unless it has never been submitted (then staff may not read it). */
export function applicationForStaff(applicationId: number): ApplicationFile | null {
  const file = loadApplication(applicationId);
  if (!file || file.application.status === "draft" || !file.application.submittedAt) return null;
  return file;
}

export function eligibilityChecks(applicationId: number) {
  return db
    .select({
      id: schema.eligibilityReviews.id,
      passed: schema.eligibilityReviews.passed,
      reason: schema.eligibilityReviews.reason,
      at: schema.eligibilityReviews.createdAt,
      by: schema.users.name,
    })
    .from(schema.eligibilityReviews)
    .innerJoin(schema.users, eq(schema.users.id, schema.eligibilityReviews.reviewedById))
    .where(eq(schema.eligibilityReviews.applicationId, applicationId))
    .orderBy(desc(schema.eligibilityReviews.createdAt), desc(schema.eligibilityReviews.id))
    .all();
}

/** What staff may do to it now; the model refuses the rest anyway (these only decide what the page offers). */
export const CHECKABLE_STATUSES: readonly ApplicationStatus[] = ["submitted", "ineligible", "in_review"];
export const RETURNABLE_STATUSES: readonly ApplicationStatus[] = ["submitted", "in_review"];
