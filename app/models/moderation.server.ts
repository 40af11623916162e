// Moderation, for staff: the matrix of a round's panel applications × its panel members, each
// application's mean and spread with the disagreement flags, the ranking with its running total
// against the budget ("fund down the list"), the balance of the portfolio within the budget,
// one application's scorecards whole, reopening a submitted scorecard, the moderated score, and
// the CSV of every submitted scorecard. The arithmetic is app/models/scores.ts, and which
// submitted scorecards count in an application's mean is decided once (`countedAs`, on the
// scorecards `submittedScorecards` reads), so the matrix, one application's page and the CSV
// agree to the decimal in front of the Board.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { groupBy } from "~/utils/collections";
import type { DecisionOutcome } from "~/schemas/decision";
import { db, schema, transaction, type DbOrTx } from "~/utils/db.server";
import { toCsv } from "~/utils/csv";
import { formatDeadline } from "~/utils/format";
import { disagrees, summarise, weightedTotal, type ScoredCriterion, type Summary } from "./scores";
import { recordAudit } from "./audit.server";
import { csvTime } from "./intake.server";
import {
  atPanelStage,
  conflictedPairs,
  criteriaOf,
  expectedScorers,
  pairKey,
  scoringWindow,
  type Criterion,
  type Cycle,
  type ModelResult,
  type Staff,
} from "./panel-access.server";

/** A scorecard's weighted total from its criterion scores (null while any criterion is unscored). */
export function totalOf(criteria: readonly ScoredCriterion[], scores: readonly { criterionId: number; score: number | null }[]) {
  return weightedTotal(criteria, new Map(scores.map((s) => [s.criterionId, s.score])));
}

// ---------------------------------------------------------------------------------------------
// Which submitted scorecards count in the mean: one rule for the matrix, the page and the CSV
// ---------------------------------------------------------------------------------------------

/**
 * Whether a submitted scorecard counts in its application's mean: not if its panel member is
 * conflicted on the application (declared later, or a member of the applicant), not if they are
 * no longer on the panel, and not if a criterion is unscored (a criterion added since).
 */
export type CountedAs = "yes" | "conflict" | "removed" | "incomplete";

/** The words of the CSV's "Counted in the mean" column, and of the application's scores page. */
export const COUNTED_IN_MEAN: Record<CountedAs, string> = {
  yes: "Yes",
  conflict: "No: conflict of interest",
  removed: "No: no longer on the panel",
  incomplete: "No: not every criterion is scored",
};

export function countedAs(card: { memberStatus: string; conflicted: boolean; total: number | null }): CountedAs {
  if (card.conflicted) return "conflict";
  if (card.memberStatus !== "active") return "removed";
  if (card.total === null) return "incomplete";
  return "yes";
}

export type SubmittedScorecard = ReturnType<typeof submittedScorecards>[number];

/**
 * Every submitted scorecard of the round's panel applications (of one application, if given),
 * whoever made it, with its total and whether it counts in the mean.
 */
export function submittedScorecards(cycleId: number, criteria: readonly Criterion[], tx: DbOrTx = db, applicationId?: number) {
  const conflicted = conflictedPairs(cycleId, tx);
  const cards = tx
    .select({
      id: schema.scorecards.id,
      applicationId: schema.scorecards.applicationId,
      panelMemberId: schema.scorecards.panelMemberId,
      overallComment: schema.scorecards.overallComment,
      submittedAt: schema.scorecards.submittedAt,
      reference: schema.applications.reference,
      title: schema.applications.title,
      organisationName: schema.organisations.name,
      memberName: schema.panelMembers.name,
      memberStatus: schema.panelMembers.status,
    })
    .from(schema.scorecards)
    .innerJoin(schema.applications, eq(schema.applications.id, schema.scorecards.applicationId))
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
    .innerJoin(schema.panelMembers, eq(schema.panelMembers.id, schema.scorecards.panelMemberId))
    .where(
      and(
        eq(schema.applications.cycleId, cycleId),
        eq(schema.panelMembers.cycleId, cycleId),
        atPanelStage(),
        eq(schema.scorecards.status, "submitted"),
        applicationId === undefined ? undefined : eq(schema.applications.id, applicationId),
      ),
    )
    .orderBy(asc(schema.applications.reference), asc(schema.panelMembers.name), asc(schema.scorecards.id))
    .all();
  // The same scorecards' scores, through a subquery rather than a list of ids (a large round has
  // thousands) or a join (drizzle maps joined rows several times slower: see scripts/bench-panel.ts).
  const cardIds = tx
    .select({ id: schema.scorecards.id })
    .from(schema.scorecards)
    .innerJoin(schema.applications, eq(schema.applications.id, schema.scorecards.applicationId))
    .where(
      and(
        eq(schema.applications.cycleId, cycleId),
        eq(schema.scorecards.status, "submitted"),
        applicationId === undefined ? undefined : eq(schema.applications.id, applicationId),
      ),
    );
  const scores = groupBy(tx.select().from(schema.criterionScores).where(inArray(schema.criterionScores.scorecardId, cardIds)).all(), (s) => s.scorecardId);
  return cards.map((card) => {
    const own = scores.get(card.id) ?? [];
    const total = totalOf(criteria, own);
    const conflict = conflicted.has(pairKey(card.applicationId, card.panelMemberId));
    return { ...card, scores: own, total, counted: countedAs({ memberStatus: card.memberStatus, conflicted: conflict, total }) };
  });
}

/** The totals that make an application's mean and spread. */
const countedTotals = (cards: readonly SubmittedScorecard[]) => cards.flatMap((c) => (c.counted === "yes" && c.total !== null ? [c.total] : []));

// ---------------------------------------------------------------------------------------------
// The matrix and the ranking
// ---------------------------------------------------------------------------------------------

/** What one panel member has done on one application, as the matrix shows it. */
export type Cell =
  | { kind: "conflict" }
  | { kind: "not_expected" }
  | { kind: "not_started" }
  | { kind: "draft" }
  /** Submitted; `total` is null only if a criterion was left unscored (it then counts for nothing). */
  | { kind: "submitted"; total: number | null };

/**
 * Within the budget; the first row whose running total crosses it; rows after that; rows that
 * take nothing from the budget (not funded, or on the reserve list); unscored rows (not ranked).
 */
export type BudgetMark = "within" | "crosses" | "over" | "declined" | "reserve" | "unscored";

export type BoardRow = {
  id: number;
  reference: string | null;
  title: string | null;
  organisationName: string;
  status: string;
  amountRequestedPence: number | null;
  mainPrinciple: { number: number; title: string } | null;
  otherPrinciples: { number: number; title: string }[];
  areas: { id: number; name: string; kind: string }[];
  /** One cell per panel member, in the order of `members`. */
  cells: Cell[];
  summary: Summary;
  disagree: boolean;
  tooFew: boolean;
  moderated: { score: number; rationale: string } | null;
  /** The moderated score where the panel agreed one, else the mean; null when unscored. */
  rankScore: number | null;
  decision: { outcome: DecisionOutcome; amountPence: number | null; released: boolean } | null;
  /** Position in the ranking (1 = top; equal scores share a rank: 1, 2, 2, 4); null when unscored. */
  rank: number | null;
  /** The amount the application is for: the decided award for an award, else the amount requested. */
  amountPence: number;
  /** What it takes from the budget: `amountPence`, or nothing when not funded or on the reserve list. */
  countedPence: number;
  /** Running total down the ranking, up to and including this row (null for rows not counted). */
  runningPence: number | null;
  mark: BudgetMark;
};

export type Board = NonNullable<ReturnType<typeof moderationBoard>>;

/**
 * Everything the moderation page shows for one round, or null when there is no such round.
 * Rows come ranked: by the rank score (moderated, else mean), highest first; unscored last; ties
 * by reference, sharing their rank. Funding goes down the list until the budget is used up: an
 * application not funded or on the reserve list takes nothing from the budget, an unscored one
 * cannot be funded by rank.
 */
export function moderationBoard(cycleId: number, tx: DbOrTx = db) {
  const cycle = tx.select().from(schema.cycles).where(eq(schema.cycles.id, cycleId)).get();
  if (!cycle) return null;
  const criteria = criteriaOf(cycleId, tx);
  const members = tx
    .select({ id: schema.panelMembers.id, name: schema.panelMembers.name, affiliation: schema.panelMembers.affiliation, userId: schema.panelMembers.userId })
    .from(schema.panelMembers)
    .where(and(eq(schema.panelMembers.cycleId, cycleId), eq(schema.panelMembers.status, "active")))
    .orderBy(asc(schema.panelMembers.name), asc(schema.panelMembers.id))
    .all();
  const a = schema.applications;
  const apps = tx
    .select({
      id: a.id,
      reference: a.reference,
      title: a.title,
      status: a.status,
      organisationId: a.organisationId,
      amountRequestedPence: a.amountRequestedPence,
      organisationName: schema.organisations.name,
    })
    .from(a)
    .innerJoin(schema.organisations, eq(schema.organisations.id, a.organisationId))
    .where(and(eq(a.cycleId, cycleId), atPanelStage(a)))
    .orderBy(asc(a.reference), asc(a.id))
    .all();
  const ids = apps.map((x) => x.id);
  const memberIds = members.map((m) => m.id);
  const none = ids.length === 0;

  const principles = none
    ? []
    : tx
        .select({
          applicationId: schema.applicationPrinciples.applicationId,
          isPrimary: schema.applicationPrinciples.isPrimary,
          number: schema.principles.number,
          title: schema.principles.title,
        })
        .from(schema.applicationPrinciples)
        .innerJoin(schema.principles, eq(schema.principles.id, schema.applicationPrinciples.principleId))
        .where(inArray(schema.applicationPrinciples.applicationId, ids))
        .orderBy(asc(schema.principles.number))
        .all();
  const areas = none
    ? []
    : tx
        .select({ applicationId: schema.applicationAreas.applicationId, id: schema.areas.id, name: schema.areas.name, kind: schema.areas.kind })
        .from(schema.applicationAreas)
        .innerJoin(schema.areas, eq(schema.areas.id, schema.applicationAreas.areaId))
        .where(inArray(schema.applicationAreas.applicationId, ids))
        .orderBy(asc(schema.areas.kind), asc(schema.areas.name))
        .all();
  const submitted = none ? [] : submittedScorecards(cycleId, criteria, tx);
  const drafts = new Set(
    none || memberIds.length === 0
      ? []
      : tx
          .select({ a: schema.scorecards.applicationId, m: schema.scorecards.panelMemberId })
          .from(schema.scorecards)
          .where(and(inArray(schema.scorecards.applicationId, ids), inArray(schema.scorecards.panelMemberId, memberIds), eq(schema.scorecards.status, "draft")))
          .all()
          .map((r) => pairKey(r.a, r.m)),
  );
  const conflicted = conflictedPairs(cycleId, tx);
  const expected = expectedScorers(cycleId, tx);
  const moderations = new Map(
    none
      ? []
      : tx
          .select()
          .from(schema.moderations)
          .where(inArray(schema.moderations.applicationId, ids))
          .all()
          .map((m) => [m.applicationId, m]),
  );
  const decisions = new Map(
    none
      ? []
      : tx
          .select()
          .from(schema.decisions)
          .where(inArray(schema.decisions.applicationId, ids))
          .all()
          .map((d) => [d.applicationId, d]),
  );
  const submittedOf = new Map(submitted.map((c) => [pairKey(c.applicationId, c.panelMemberId), c]));
  const submittedByApplication = groupBy(submitted, (c) => c.applicationId);
  const principlesOf = groupBy(principles, (p) => p.applicationId);
  const areasOf = groupBy(areas, (x) => x.applicationId);

  const rows: BoardRow[] = apps.map((app) => {
    const tags = principlesOf.get(app.id) ?? [];
    const main = tags.find((p) => p.isPrimary);
    const expectedHere = new Set(expected.get(app.id) ?? []);
    const cells: Cell[] = members.map((m) => {
      const key = pairKey(app.id, m.id);
      if (conflicted.has(key)) return { kind: "conflict" };
      const card = submittedOf.get(key);
      // A scorecard made counts even if staff have since changed who scores what.
      if (card) return { kind: "submitted", total: card.total };
      if (drafts.has(key)) return { kind: "draft" };
      return expectedHere.has(m.id) ? { kind: "not_started" } : { kind: "not_expected" };
    });
    const summary = summarise(countedTotals(submittedByApplication.get(app.id) ?? []));
    const moderation = moderations.get(app.id);
    const decision = decisions.get(app.id);
    const rankScore = moderation ? moderation.moderatedScore : summary.mean;
    const amountPence = decision?.outcome === "award" && decision.amountPence !== null ? decision.amountPence : (app.amountRequestedPence ?? 0);
    return {
      id: app.id,
      reference: app.reference,
      title: app.title,
      organisationName: app.organisationName,
      status: app.status,
      amountRequestedPence: app.amountRequestedPence,
      mainPrinciple: main ? { number: main.number, title: main.title } : null,
      otherPrinciples: tags.filter((p) => !p.isPrimary).map((p) => ({ number: p.number, title: p.title })),
      areas: (areasOf.get(app.id) ?? []).map(({ id, name, kind }) => ({ id, name, kind })),
      cells,
      summary,
      disagree: disagrees(summary, cycle.disagreementThreshold),
      tooFew: summary.n < cycle.minScorersPerApplication,
      moderated: moderation ? { score: moderation.moderatedScore, rationale: moderation.rationale } : null,
      rankScore,
      decision: decision ? { outcome: decision.outcome, amountPence: decision.amountPence, released: decision.releasedAt !== null } : null,
      rank: null,
      amountPence,
      countedPence: decision?.outcome === "decline" || decision?.outcome === "reserve" ? 0 : amountPence,
      runningPence: null,
      mark: "unscored",
    };
  });

  rows.sort(compareRows);
  let running = 0;
  let crossed = false;
  let above: BoardRow | null = null;
  rows.forEach((row, i) => {
    if (row.rankScore === null) return;
    // Unscored rows sort last, so i + 1 counts the scored rows above; an equal score shares their rank.
    row.rank = above && sameScore(above.rankScore!, row.rankScore) ? above.rank : i + 1;
    above = row;
    if (row.decision?.outcome === "decline" || row.decision?.outcome === "reserve") {
      row.mark = row.decision.outcome === "decline" ? "declined" : "reserve";
      return;
    }
    running += row.countedPence;
    row.runningPence = running;
    if (running <= cycle.budgetPence && !crossed) row.mark = "within";
    else if (!crossed) {
      crossed = true;
      row.mark = "crosses";
    } else row.mark = "over";
  });

  const within = rows.filter((r) => r.mark === "within");
  return {
    cycle,
    criteria,
    members,
    rows,
    window: scoringWindow(cycle),
    budgetPence: cycle.budgetPence,
    withinPence: within.reduce((sum, r) => sum + r.countedPence, 0),
    balance: portfolioBalance(within, tx),
  };
}

/** Scores that differ only by the rounding of the arithmetic are the same score. */
const sameScore = (x: number, y: number) => Math.abs(x - y) < 1e-9;

/** Highest rank score first; unscored last; then by reference (and id), so the order never wobbles. */
export function compareRows(x: Pick<BoardRow, "rankScore" | "reference" | "id">, y: Pick<BoardRow, "rankScore" | "reference" | "id">) {
  if (x.rankScore === null && y.rankScore !== null) return 1;
  if (y.rankScore === null && x.rankScore !== null) return -1;
  if (x.rankScore !== null && y.rankScore !== null && !sameScore(x.rankScore, y.rankScore)) return y.rankScore - x.rankScore;
  const byReference = (x.reference ?? "").localeCompare(y.reference ?? "");
  return byReference || x.id - y.id;
}

/**
 * The balance of the applications within the budget: how many have each principle as their
 * main one (all eight listed, zero included, so a gap shows), how many name it at all, and which
 * of the place's wards they reach (a neighbourhood served reaches each of its wards).
 */
export function portfolioBalance(rows: readonly Pick<BoardRow, "id" | "mainPrinciple" | "otherPrinciples" | "areas">[], tx: DbOrTx = db) {
  const principles = tx.select().from(schema.principles).orderBy(asc(schema.principles.number)).all();
  const wards = tx
    .select({ id: schema.areas.id, name: schema.areas.name, parentId: schema.areas.parentId })
    .from(schema.areas)
    .where(eq(schema.areas.kind, "ward"))
    .orderBy(asc(schema.areas.name))
    .all();
  const reached = new Map<number, number>();
  for (const row of rows) {
    const here = new Set<number>();
    for (const area of row.areas) {
      if (area.kind === "ward") here.add(area.id);
      if (area.kind === "neighbourhood") for (const w of wards) if (w.parentId === area.id) here.add(w.id);
    }
    for (const id of here) reached.set(id, (reached.get(id) ?? 0) + 1);
  }
  return {
    principles: principles.map((p) => ({
      number: p.number,
      title: p.title,
      main: rows.filter((r) => r.mainPrinciple?.number === p.number).length,
      any: rows.filter((r) => r.mainPrinciple?.number === p.number || r.otherPrinciples.some((o) => o.number === p.number)).length,
    })),
    wardsReached: wards.filter((w) => reached.has(w.id)).map((w) => ({ name: w.name, applications: reached.get(w.id)! })),
    wardsNotReached: wards.filter((w) => !reached.has(w.id)).map((w) => w.name),
    wardCount: wards.length,
  };
}

// ---------------------------------------------------------------------------------------------
// One application's scores, whole
// ---------------------------------------------------------------------------------------------

/** A panel application of a round, as the moderation pages need it (null if not at the panel stage). */
export function panelApplication(applicationId: number, tx: DbOrTx = db) {
  const row = tx
    .select({ application: schema.applications, cycle: schema.cycles, organisationName: schema.organisations.name })
    .from(schema.applications)
    .innerJoin(schema.cycles, eq(schema.cycles.id, schema.applications.cycleId))
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
    .where(and(eq(schema.applications.id, applicationId), atPanelStage()))
    .get();
  return row ?? null;
}

/**
 * Every panel member's scorecard on one application (staff see everything, drafts included),
 * the declarations, the reopening history and the moderated score.
 */
export function applicationScores(applicationId: number, tx: DbOrTx = db, now = new Date()) {
  const found = panelApplication(applicationId, tx);
  if (!found) return null;
  const { application, cycle } = found;
  const criteria = criteriaOf(cycle.id, tx);
  const members = tx.select().from(schema.panelMembers).where(eq(schema.panelMembers.cycleId, cycle.id)).orderBy(asc(schema.panelMembers.name), asc(schema.panelMembers.id)).all();
  const cards = tx.select().from(schema.scorecards).where(eq(schema.scorecards.applicationId, applicationId)).all();
  const cardIds = cards.map((c) => c.id);
  const scores = cardIds.length ? tx.select().from(schema.criterionScores).where(inArray(schema.criterionScores.scorecardId, cardIds)).all() : [];
  const declarations = tx.select().from(schema.conflictDeclarations).where(eq(schema.conflictDeclarations.applicationId, applicationId)).all();
  const history = cardIds.length
    ? tx
        .select({ at: schema.auditEvents.at, entityId: schema.auditEvents.entityId, summary: schema.auditEvents.summary, by: schema.users.name })
        .from(schema.auditEvents)
        .leftJoin(schema.users, eq(schema.users.id, schema.auditEvents.actorUserId))
        .where(and(eq(schema.auditEvents.entityType, "scorecard"), eq(schema.auditEvents.action, "scorecard.reopened"), inArray(schema.auditEvents.entityId, cardIds)))
        .orderBy(desc(schema.auditEvents.at), desc(schema.auditEvents.id))
        .all()
    : [];
  const expected = new Set(expectedScorers(cycle.id, tx).get(applicationId) ?? []);
  const conflicted = conflictedPairs(cycle.id, tx);
  // The same submitted scorecards, with the same rule for what counts, as the matrix and the CSV.
  const submitted = submittedScorecards(cycle.id, criteria, tx, applicationId);
  const moderation =
    tx
      .select({ score: schema.moderations.moderatedScore, rationale: schema.moderations.rationale, at: schema.moderations.updatedAt, by: schema.users.name })
      .from(schema.moderations)
      .innerJoin(schema.users, eq(schema.users.id, schema.moderations.moderatedById))
      .where(eq(schema.moderations.applicationId, applicationId))
      .get() ?? null;
  const memberOfApplicant = new Set(
    tx
      .select({ u: schema.organisationMembers.userId })
      .from(schema.organisationMembers)
      .where(eq(schema.organisationMembers.organisationId, application.organisationId))
      .all()
      .map((r) => r.u),
  );

  const scorecards = members
    // Removed members leave the list unless they scored it (their scores stay on the record).
    .filter((m) => m.status === "active" || cards.some((c) => c.panelMemberId === m.id))
    .map((m) => {
      const card = cards.find((c) => c.panelMemberId === m.id) ?? null;
      const declaration = declarations.find((d) => d.panelMemberId === m.id) ?? null;
      const own = scores.filter((s) => s.scorecardId === card?.id);
      const belongs = m.userId !== null && memberOfApplicant.has(m.userId);
      const counted = submitted.find((s) => s.id === card?.id)?.counted ?? null;
      return {
        member: { id: m.id, name: m.name, affiliation: m.affiliation, status: m.status },
        declaration: declaration ? { hasConflict: declaration.hasConflict, nature: declaration.nature, at: declaration.declaredAt } : null,
        belongsToApplicant: belongs,
        conflicted: conflicted.has(pairKey(applicationId, m.id)),
        expected: expected.has(m.id),
        card: card
          ? {
              id: card.id,
              status: card.status,
              version: card.version,
              overallComment: card.overallComment,
              submittedAt: card.submittedAt,
              total: card.status === "submitted" || own.length ? totalOf(criteria, own) : null,
              /** For a submitted scorecard: whether it counts in the mean, and if not why. */
              counted,
              scores: criteria.map((c) => {
                const s = own.find((x) => x.criterionId === c.id);
                const score = s?.score ?? null;
                return { criterionId: c.id, title: c.title, score, descriptor: score === null ? null : (c.descriptors[String(score)] ?? null), comment: s?.comment ?? null, scaleMin: c.scaleMin, scaleMax: c.scaleMax };
              }),
              reopened: history.filter((h) => h.entityId === card.id).map((h) => ({ at: h.at, by: h.by, reason: h.summary })),
            }
          : null,
      };
    });
  const summary = summarise(countedTotals(submitted));
  return {
    application,
    cycle,
    organisationName: found.organisationName,
    criteria,
    scorecards,
    summary,
    disagree: disagrees(summary, cycle.disagreementThreshold),
    tooFew: summary.n < cycle.minScorersPerApplication,
    moderation,
    window: scoringWindow(cycle, now),
    whyNotReopen: whyNotReopenable(cycle, now),
  };
}

// ---------------------------------------------------------------------------------------------
// Reopening a submitted scorecard, and the moderated score
// ---------------------------------------------------------------------------------------------

/**
 * Why a submitted scorecard cannot be reopened now, or null while it can: only while scoring is
 * open, so that the panel member can change the draft and submit it again; never once the
 * decision letters have gone.
 */
export function whyNotReopenable(cycle: Pick<Cycle, "scoringOpensAt" | "scoringClosesAt" | "decisionsReleasedAt">, now = new Date()): string | null {
  if (cycle.decisionsReleasedAt) return "Decision letters have been sent for this round, so scores can no longer be reopened.";
  switch (scoringWindow(cycle, now)) {
    case "open":
      return null;
    case "closed":
      return `Scoring closed at ${formatDeadline(cycle.scoringClosesAt!)}, so scores cannot be reopened: the panel member could not change them or submit them again. To reopen scores, first change the scoring dates in the panel settings so that scoring is open.`;
    case "not_open":
      return `Scoring opens at ${formatDeadline(cycle.scoringOpensAt!)}. Scores can be reopened only while scoring is open, so that the panel member can submit them again.`;
    case "not_set":
      return "The round has no scoring dates. Scores can be reopened only while scoring is open, so that the panel member can submit them again.";
  }
}

/**
 * Staff send a submitted scorecard back to its panel member as a draft, with a reason, while
 * scoring is open; its version goes up, so a tab still open on the old one cannot submit over it.
 * With the version the page showed, a second click (or the form sent twice) finds it reopened
 * already and is fine.
 */
export function reopenScorecard(staff: Staff, scorecardId: number, reason: string, now = new Date(), expect: { applicationId?: number; version?: number } = {}): ModelResult {
  if (!staff.isStaff) return { ok: false, status: 403, message: "Only staff can reopen scores." };
  return transaction((tx): ModelResult => {
    const card = tx.select().from(schema.scorecards).where(eq(schema.scorecards.id, scorecardId)).get();
    if (!card || (expect.applicationId !== undefined && card.applicationId !== expect.applicationId)) return { ok: false, status: 404, message: "Page not found." };
    const cycle = tx
      .select({
        id: schema.cycles.id,
        scoringOpensAt: schema.cycles.scoringOpensAt,
        scoringClosesAt: schema.cycles.scoringClosesAt,
        decisionsReleasedAt: schema.cycles.decisionsReleasedAt,
      })
      .from(schema.applications)
      .innerJoin(schema.cycles, eq(schema.cycles.id, schema.applications.cycleId))
      .where(eq(schema.applications.id, card.applicationId))
      .get();
    if (!cycle) return { ok: false, status: 404, message: "Page not found." };
    const released = tx.select({ id: schema.decisions.id }).from(schema.decisions).where(and(eq(schema.decisions.applicationId, card.applicationId), sql`${schema.decisions.releasedAt} is not null`)).get();
    const why = whyNotReopenable(released ? { ...cycle, decisionsReleasedAt: cycle.decisionsReleasedAt ?? now } : cycle, now);
    if (why) return { ok: false, status: 409, message: why };
    // Reopened, they could not be scored again: the member has no seat, or may not see the application.
    const member = tx.select({ status: schema.panelMembers.status }).from(schema.panelMembers).where(eq(schema.panelMembers.id, card.panelMemberId)).get();
    if (member?.status !== "active") {
      return { ok: false, status: 409, message: "This panel member is no longer on the panel, so their scores cannot be reopened." };
    }
    if (conflictedPairs(cycle.id, tx).has(pairKey(card.applicationId, card.panelMemberId))) {
      return { ok: false, status: 409, message: "This panel member has a conflict of interest on this application, so their scores cannot be reopened." };
    }
    if (card.status !== "submitted") {
      if (expect.version !== undefined && card.version === expect.version + 1 && card.reopenedById === staff.id) return { ok: true, changed: false };
      return { ok: false, status: 409, message: "These scores are not submitted, so there is nothing to reopen. They may have been reopened already." };
    }
    if (expect.version !== undefined && card.version !== expect.version) {
      return { ok: false, status: 409, message: "These scores have changed since you opened this page. Check them again before reopening." };
    }
    tx.update(schema.scorecards)
      .set({ status: "draft", reopenedAt: now, reopenedById: staff.id, reopenedReason: reason, version: card.version + 1, updatedAt: now })
      .where(eq(schema.scorecards.id, card.id))
      .run();
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "scorecard.reopened",
      entityType: "scorecard",
      entityId: card.id,
      summary: reason,
      details: { applicationId: card.applicationId, panelMemberId: card.panelMemberId, version: card.version + 1, submittedAt: card.submittedAt?.toISOString() ?? null },
    });
    return { ok: true, changed: true };
  });
}

/** The token of the moderated score a page showed ("" for none), so a save can tell it changed meanwhile. */
export const moderationToken = (moderation: { at: Date } | { updatedAt: Date } | null | undefined) =>
  moderation ? ("at" in moderation ? moderation.at : moderation.updatedAt).toISOString() : "";

/**
 * Staff save the moderated score the panel agreed, with its rationale; saving the same again
 * changes nothing. With the token of the moderated score the page showed (`moderationToken`), a
 * save is refused if someone else saved one since, rather than silently replacing it.
 */
export function saveModeration(staff: Staff, applicationId: number, input: { moderatedScore: number; rationale: string }, now = new Date(), expect: { token?: string } = {}): ModelResult {
  if (!staff.isStaff) return { ok: false, status: 403, message: "Only staff can moderate scores." };
  return transaction((tx): ModelResult => {
    const found = panelApplication(applicationId, tx);
    if (!found) return { ok: false, status: 404, message: "Page not found." };
    if (found.cycle.decisionsReleasedAt) {
      return { ok: false, status: 409, message: "Decision letters have been sent for this round, so the moderated score can no longer change." };
    }
    const before = tx.select().from(schema.moderations).where(eq(schema.moderations.applicationId, applicationId)).get();
    if (before && before.moderatedScore === input.moderatedScore && before.rationale === input.rationale) return { ok: true, changed: false };
    if (expect.token !== undefined && expect.token !== moderationToken(before)) {
      return {
        ok: false,
        status: 409,
        message: before
          ? "Someone else saved a moderated score for this application after you opened this page. Check the score saved now, then save yours again if it should replace it."
          : "The moderated score for this application was removed after you opened this page. Check the page, then save yours again.",
      };
    }
    tx.insert(schema.moderations)
      .values({ applicationId, moderatedScore: input.moderatedScore, rationale: input.rationale, moderatedById: staff.id, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: schema.moderations.applicationId,
        set: { moderatedScore: input.moderatedScore, rationale: input.rationale, moderatedById: staff.id, updatedAt: now },
      })
      .run();
    recordAudit(tx, {
      actorUserId: staff.id,
      action: "moderation.saved",
      entityType: "application",
      entityId: applicationId,
      summary: `Moderated score ${input.moderatedScore}: ${input.rationale}`,
      details: {
        before: before ? { moderatedScore: before.moderatedScore, rationale: before.rationale } : null,
        after: { moderatedScore: input.moderatedScore, rationale: input.rationale },
      },
    });
    return { ok: true, changed: true };
  });
}

// ---------------------------------------------------------------------------------------------
// The scores export
// ---------------------------------------------------------------------------------------------

/**
 * Every submitted scorecard of the round's panel applications, one row each, safe to open in a
 * spreadsheet; with whether it counts in the application's mean (and if not, why), by the same
 * rule as the moderation pages, so the CSV and the pages agree in front of the Board.
 */
export function scoresCsv(cycle: Pick<Cycle, "id">, tx: DbOrTx = db): string {
  const criteria = criteriaOf(cycle.id, tx);
  const header = [
    "Reference",
    "Project title",
    "Organisation",
    "Panel member",
    ...criteria.flatMap((c) => [`${c.title}: score (${c.scaleMin} to ${c.scaleMax})`, `${c.title}: comment`]),
    "Overall comment",
    "Weighted total (out of 100)",
    "Counted in the mean",
    "Submitted at",
  ];
  const rows = submittedScorecards(cycle.id, criteria, tx).map((card) => [
    card.reference,
    card.title,
    card.organisationName,
    card.memberName,
    ...criteria.flatMap((c) => {
      const s = card.scores.find((x) => x.criterionId === c.id);
      return [s?.score ?? null, s?.comment ?? null];
    }),
    card.overallComment,
    card.total === null ? null : (Math.round(card.total * 10) / 10).toFixed(1),
    COUNTED_IN_MEAN[card.counted],
    card.submittedAt ? csvTime(card.submittedAt) : null,
  ]);
  return toCsv(header, rows);
}
