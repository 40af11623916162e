// What a panel member does: sees the applications of their round, declares any conflict of
// interest on each before reading it, reads the bid, and scores it against the round's criteria.
// Who may see what is decided by panel-access.server (one rule for every page); this module
// adds the member's own state and the rules of declaring and scoring:
// - a declaration is made once; "no" may become "yes" (a conflict found while reading), never
//   the other way: only staff can clear a conflict;
// - a scorecard is saved as a draft (partial is fine) or submitted (complete), only while
//   scoring is open; once submitted it is read-only until staff reopen it;
// - each save names the version it edited, so a second tab cannot silently overwrite the first,
//   and a repeated identical submit is the same submit;
// - other members' scores show only once the viewer's own are submitted.
import { and, asc, eq } from "drizzle-orm";
import { commentField, scorecardSchema, scoreField, type DeclarationInput, type ScorecardInput } from "~/schemas/scoring";
import { db, schema, transaction, type DbOrTx } from "~/utils/db.server";
import { formatDeadline } from "~/utils/format";
import { fieldErrors, type FieldErrors } from "~/utils/forms";
import { recordAudit } from "./audit.server";
import { answerGroups, answersBesideDocuments, ownQuestionRows, attachmentLabel, loadApplication, organisationRows, type Refusal } from "./applications.server";
import {
  activeSeat,
  conflictedPairs,
  criteriaOf,
  isRefusal,
  pairKey,
  panelAccess,
  panelApplications,
  scoringWindow,
  type Criterion,
  type Cycle,
  type ModelResult,
  type PanelAccess,
  type ScoringWindow,
} from "./panel-access.server";
import { weightedTotal } from "./scores";

type Person = { id: number };

export type Scorecard = typeof schema.scorecards.$inferSelect;

/** A scorecard's weighted total (null while any criterion is unscored): one way for saved and posted scores. */
const totalOf = (criteria: readonly Criterion[], scores: readonly { criterionId: number; score: number | null }[]) =>
  weightedTotal(criteria, new Map(scores.map((s) => [s.criterionId, s.score])));

// ---------------------------------------------------------------------------------------------
// The scoring window, in words
// ---------------------------------------------------------------------------------------------

/** "Scoring is open until 5pm on 30 June 2027", for the round's page. */
export function windowText(cycle: Pick<Cycle, "scoringOpensAt" | "scoringClosesAt" | "decisionsReleasedAt">, now = new Date()): string {
  switch (scoringWindow(cycle, now)) {
    case "not_set":
      return "Staff have not set the dates for scoring yet. You can declare any conflict of interest now.";
    case "not_open":
      return `Scoring opens at ${formatDeadline(cycle.scoringOpensAt!)}. You can declare any conflict of interest before then.`;
    case "open":
      return `Scoring is open until ${formatDeadline(cycle.scoringClosesAt!)}.`;
    case "closed":
      return cycle.decisionsReleasedAt
        ? "Scoring has closed: decisions on this round have been released."
        : `Scoring closed at ${formatDeadline(cycle.scoringClosesAt!)}.`;
  }
}

/** Why scores cannot be saved now, or null while scoring is open. */
export function whyScoringClosed(cycle: Cycle, now = new Date()): string | null {
  const window = scoringWindow(cycle, now);
  if (window === "open") return null;
  if (window === "not_set") return "Scoring has not opened yet: staff have not set the dates for scoring.";
  if (window === "not_open") return `Scoring has not opened yet. It opens at ${formatDeadline(cycle.scoringOpensAt!)}.`;
  if (cycle.decisionsReleasedAt) return "Scoring has closed: decisions on this round have been released. Scores can no longer be changed.";
  return `Scoring closed at ${formatDeadline(cycle.scoringClosesAt!)}. Scores can no longer be changed.`;
}

// ---------------------------------------------------------------------------------------------
// The member's list of applications
// ---------------------------------------------------------------------------------------------

/** "conflict": declared one; "member": a member of the applicant organisation (conflicted without declaring). */
export type PanelState = "declare" | "conflict" | "member" | "not_started" | "draft" | "submitted";

export type PanelRow = {
  id: number;
  reference: string | null;
  title: string | null;
  /** Null when the round hides applicants' names from the panel. */
  organisationName: string | null;
  state: PanelState;
};

export type PanelList = { cycle: Cycle; window: ScoringWindow; hideNames: boolean; rows: PanelRow[] };

/**
 * The applications this person is expected to see on this round's panel: every application at
 * the panel stage, or, where staff assign subsets, those assigned to them. Refused without an
 * active seat on this round.
 */
export function panelListFor(user: Person, cycleId: number, now = new Date(), tx: DbOrTx = db): PanelList | Refusal {
  const seat = activeSeat(user.id, cycleId, tx);
  if (!seat) return { status: 403, message: "You are not on the panel for this funding round." };
  const cycle = tx.select().from(schema.cycles).where(eq(schema.cycles.id, cycleId)).get();
  if (!cycle) return { status: 404, message: "Page not found." };
  let applications = panelApplications(cycleId, tx);
  if (!cycle.everyoneScoresEverything) {
    const assigned = new Set(
      tx
        .select({ id: schema.panelAssignments.applicationId })
        .from(schema.panelAssignments)
        .where(eq(schema.panelAssignments.panelMemberId, seat.id))
        .all()
        .map((r) => r.id),
    );
    applications = applications.filter((a) => assigned.has(a.id));
  }
  const declarations = new Map(
    tx
      .select()
      .from(schema.conflictDeclarations)
      .where(eq(schema.conflictDeclarations.panelMemberId, seat.id))
      .all()
      .map((d) => [d.applicationId, d]),
  );
  const cards = new Map(
    tx
      .select({ applicationId: schema.scorecards.applicationId, status: schema.scorecards.status })
      .from(schema.scorecards)
      .where(eq(schema.scorecards.panelMemberId, seat.id))
      .all()
      .map((c) => [c.applicationId, c.status]),
  );
  const memberOf = new Set(
    tx
      .select({ id: schema.organisationMembers.organisationId })
      .from(schema.organisationMembers)
      .where(eq(schema.organisationMembers.userId, user.id))
      .all()
      .map((r) => r.id),
  );
  const hideNames = cycle.anonymiseApplicants;
  const rows = applications.map((a): PanelRow => {
    const declaration = declarations.get(a.id);
    const card = cards.get(a.id);
    const state: PanelState = declaration?.hasConflict
      ? "conflict"
      : memberOf.has(a.organisationId)
        ? "member"
        : !declaration
          ? "declare"
          : card === "submitted"
            ? "submitted"
            : card
              ? "draft"
              : "not_started";
    return { id: a.id, reference: a.reference, title: a.title, organisationName: hideNames ? null : a.organisationName, state };
  });
  return { cycle, window: scoringWindow(cycle, now), hideNames, rows };
}

/** For the panel home page: what is left to do on one round. */
export function panelCounts(user: Person, cycleId: number, now = new Date()) {
  const list = panelListFor(user, cycleId, now);
  if (isRefusal(list)) return { toDeclare: 0, toScore: 0, submitted: 0 };
  const count = (...states: PanelState[]) => list.rows.filter((r) => states.includes(r.state)).length;
  return { toDeclare: count("declare"), toScore: count("not_started", "draft"), submitted: count("submitted") };
}

// ---------------------------------------------------------------------------------------------
// Declaring a conflict of interest
// ---------------------------------------------------------------------------------------------

/** Why declarations can no longer be made on this round, or null while they can. */
export const whyDeclarationsClosed = (cycle: Pick<Cycle, "decisionsReleasedAt">): string | null =>
  cycle.decisionsReleasedAt
    ? "Decisions on this round have been released, so conflicts of interest can no longer be declared. If you need to tell us about one, contact the staff who run the panel."
    : null;

/**
 * Records this member's declaration on one application. The same answer again (a double click)
 * changes nothing. "No" may become "yes": a conflict found while reading the bid; from then on
 * its content is hidden. "Yes" never becomes "no" here: only staff can clear a conflict. A
 * member of the applying organisation has a conflict whatever they say. Once decision letters
 * are out, the record of who scored what stands: nothing more can be declared.
 */
export function declareConflict(user: Person, cycleId: number, applicationId: number, input: DeclarationInput, now = new Date()): ModelResult {
  return transaction((tx): ModelResult => {
    const access = panelAccess(user, cycleId, applicationId, now, tx);
    if (isRefusal(access)) return { ok: false, ...access };
    const closed = whyDeclarationsClosed(access.cycle);
    if (closed) return { ok: false, status: 409, message: closed };
    if (!input.hasConflict && access.belongsToApplicant) {
      return { ok: false, status: 409, message: "You are a member of the organisation that made this application, so you have a conflict of interest." };
    }
    if (input.hasConflict && !input.nature) return { ok: false, status: 409, message: "Describe the conflict of interest." };
    const before = access.declaration;
    const audit = (action: string, summary: string, declarationId: number) =>
      recordAudit(tx, {
        actorUserId: user.id,
        action,
        entityType: "conflict_declaration",
        entityId: declarationId,
        summary,
        details: { applicationId, cycleId, panelMemberId: access.seat.id, hasConflict: input.hasConflict, nature: input.nature },
      });
    if (!before) {
      const created = tx
        .insert(schema.conflictDeclarations)
        .values({ applicationId, panelMemberId: access.seat.id, hasConflict: input.hasConflict, nature: input.nature, declaredAt: now })
        .onConflictDoNothing()
        .returning({ id: schema.conflictDeclarations.id })
        .get();
      // Someone else's write got there first (the form sent twice): that one stands.
      if (!created) return { ok: true, changed: false };
      audit("conflict.declared", input.hasConflict ? "Declared a conflict of interest" : "Declared no conflict of interest", created.id);
      return { ok: true, changed: true };
    }
    if (before.hasConflict === input.hasConflict) return { ok: true, changed: false };
    if (before.hasConflict) {
      return { ok: false, status: 409, message: "You have declared a conflict of interest on this application. Only staff can clear a conflict of interest." };
    }
    tx.update(schema.conflictDeclarations)
      .set({ hasConflict: true, nature: input.nature, declaredAt: now })
      .where(eq(schema.conflictDeclarations.id, before.id))
      .run();
    audit("conflict.declared", "Declared a conflict of interest after declaring none", before.id);
    return { ok: true, changed: true };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading one application
// ---------------------------------------------------------------------------------------------

/**
 * What the panel's pages say of an application: no organisation id (nor status), which would
 * link two bids of one organisation where names are hidden; its name only where they are not.
 */
type Headline = { id: number; reference: string | null; title: string | null; organisationName: string | null };

/** `name` is null where the round hides applicants' names: a file's name may name its author. */
export type DocumentLink = { id: number; kind: string; name: string | null; size: string; href: string };

export type ApplicationView =
  | { kind: "declare"; application: Headline; hideNames: boolean; declarationsClosed: string | null }
  | {
      kind: "conflict";
      application: Headline;
      hideNames: boolean;
      /** Why: their own declaration, or membership of the applying organisation. */
      reason: "declared" | "member";
      nature: string | null;
      declaredAt: Date | null;
    }
  | {
      kind: "content";
      application: Headline;
      hideNames: boolean;
      organisation: { question: string; answer: string }[] | null;
      groups: { section: string; title: string; rows: { question: string; answer: string; page: string }[] }[];
      asksDocuments: boolean;
      documents: DocumentLink[];
      /** Why a conflict found while reading can no longer be declared, or null. */
      declarationsClosed: string | null;
      scorecardStatus: "draft" | "submitted" | null;
      window: ScoringWindow;
      windowText: string;
    };

function formatSize(bytes: number) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * One application as this panel member may see it: its title only until they declare; never
 * more with a conflict; the whole bid (less the applicant's name where the round hides names)
 * once they have declared none.
 */
export function applicationForPanel(user: Person, cycleId: number, applicationId: number, now = new Date()): ApplicationView | Refusal {
  const access = panelAccess(user, cycleId, applicationId, now);
  if (isRefusal(access)) return access;
  const hideNames = access.cycle.anonymiseApplicants;
  const organisationName = hideNames
    ? null
    : (db.select({ name: schema.organisations.name }).from(schema.organisations).where(eq(schema.organisations.id, access.application.organisationId)).get()?.name ?? null);
  const { id, reference, title } = access.application;
  const application: Headline = { id, reference, title, organisationName };
  const declarationsClosed = whyDeclarationsClosed(access.cycle);
  if (access.conflicted) {
    return {
      kind: "conflict",
      application,
      hideNames,
      reason: access.declaration?.hasConflict ? "declared" : "member",
      nature: access.declaration?.hasConflict ? access.declaration.nature : null,
      declaredAt: access.declaration?.hasConflict ? access.declaration.declaredAt : null,
    };
  }
  if (!access.canSeeContent) return { kind: "declare", application, hideNames, declarationsClosed };
  const file = loadApplication(applicationId)!;
  // Never the answers to the round's questions that only staff may read.
  const groups = answersBesideDocuments(answerGroups(file, "panel")).map((g) =>
    hideNames && g.section === "partners"
      ? {
          ...g,
          // The partners' names and contacts would name the applicant's circle: only their roles
          // (and the round's own questions asked there).
          rows: file.partners.length
            ? [...file.partners.map((p, i) => ({ question: `Partner ${i + 1}`, answer: p.role, page: "partners" })), ...ownQuestionRows(g.rows)]
            : g.rows,
        }
      : g,
  );
  const card = ownScorecard(applicationId, access.seat.id);
  return {
    kind: "content",
    application,
    hideNames,
    organisation: hideNames ? null : organisationRows(file),
    groups,
    asksDocuments: file.cycle.sections.includes("documents"),
    documents: file.attachments.map((d) => {
      return {
        id: d.id,
        kind: attachmentLabel(file, d),
        name: hideNames ? null : d.originalName,
        size: formatSize(d.sizeBytes),
        href: `/applications/${applicationId}/documents/${d.id}`,
      };
    }),
    declarationsClosed,
    scorecardStatus: card?.status ?? null,
    window: access.window,
    windowText: windowText(access.cycle, now),
  };
}

/**
 * May this person download this application's documents as a panel member? The same rule as
 * reading the bid: an active seat on its round, given it, and declared no conflict.
 */
export function panelMayDownload(user: Person, cycleId: number, applicationId: number, now = new Date()): boolean {
  const access = panelAccess(user, cycleId, applicationId, now);
  return !isRefusal(access) && access.canSeeContent;
}

// ---------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------

function ownScorecard(applicationId: number, panelMemberId: number, tx: DbOrTx = db): Scorecard | undefined {
  return tx
    .select()
    .from(schema.scorecards)
    .where(and(eq(schema.scorecards.applicationId, applicationId), eq(schema.scorecards.panelMemberId, panelMemberId)))
    .get();
}

export type SavedScores = {
  status: "draft" | "submitted";
  version: number;
  overallComment: string;
  /** Per criterion id. */
  scores: Record<number, { score: number | null; comment: string }>;
  total: number | null;
};

function savedScores(card: Scorecard, criteria: readonly Criterion[], tx: DbOrTx): SavedScores {
  const rows = tx.select().from(schema.criterionScores).where(eq(schema.criterionScores.scorecardId, card.id)).all();
  const byCriterion = new Map(rows.map((r) => [r.criterionId, r]));
  const scores: SavedScores["scores"] = {};
  for (const c of criteria) {
    const row = byCriterion.get(c.id);
    scores[c.id] = { score: row?.score ?? null, comment: row?.comment ?? "" };
  }
  return {
    status: card.status,
    version: card.version,
    overallComment: card.overallComment ?? "",
    scores,
    total: totalOf(criteria, rows),
  };
}

const sameContent = (saved: SavedScores, input: ScorecardInput) =>
  saved.overallComment === input.overallComment &&
  input.scores.every((s) => saved.scores[s.criterionId]?.score === s.score && (saved.scores[s.criterionId]?.comment ?? "") === s.comment);

/** Why this member may not score this application, when they can see it at all. */
function whyCannotScore(access: PanelAccess): Refusal | null {
  if (access.belongsToApplicant) {
    return { status: 403, message: "You are a member of the organisation that made this application, so you have a conflict of interest and cannot score it." };
  }
  if (access.conflicted) return { status: 403, message: "You have declared a conflict of interest on this application, so you cannot see or score it." };
  if (!access.canSeeContent) return { status: 403, message: "Declare whether you have a conflict of interest before you score this application." };
  return null;
}

export type OtherScorecard = {
  name: string;
  affiliation: string | null;
  total: number | null;
  overallComment: string;
  scores: { criterionId: number; score: number | null; comment: string }[];
};

export type ScoringPage = {
  access: PanelAccess;
  hideNames: boolean;
  criteria: Criterion[];
  own: (SavedScores & { submittedAt: Date | null; reopenedAt: Date | null; reopenedReason: string | null }) | null;
  /** The form's starting version: the scorecard's, or 0 before there is one. */
  version: number;
  canEdit: boolean;
  /** Why the form is not shown, when it is not. */
  whyReadOnly: string | null;
  /** Other members' submitted scores: null (not shown) until this member's own are submitted. */
  others: OtherScorecard[] | null;
};

/** The scoring page of one application for this member, or why they may not see it. */
export function scoringPage(user: Person, cycleId: number, applicationId: number, now = new Date(), tx: DbOrTx = db): ScoringPage | Refusal {
  const access = panelAccess(user, cycleId, applicationId, now, tx);
  if (isRefusal(access)) return access;
  const refused = whyCannotScore(access);
  if (refused) return refused;
  const criteria = criteriaOf(cycleId, tx);
  const card = ownScorecard(applicationId, access.seat.id, tx);
  const own = card
    ? { ...savedScores(card, criteria, tx), submittedAt: card.submittedAt, reopenedAt: card.reopenedAt, reopenedReason: card.reopenedReason }
    : null;
  const closed = whyScoringClosed(access.cycle, now);
  const whyReadOnly = !criteria.length
    ? "Staff have not set the scoring criteria for this round yet."
    : own?.status === "submitted"
      ? "Only staff can reopen submitted scores."
      : closed;
  return {
    access,
    hideNames: access.cycle.anonymiseApplicants,
    criteria,
    own,
    version: card?.version ?? 0,
    canEdit: whyReadOnly === null,
    whyReadOnly,
    others: own?.status === "submitted" ? otherScorecards(cycleId, applicationId, access.seat.id, criteria, tx) : null,
  };
}

/**
 * Every other submitted scorecard on this application, from active panel members who have no
 * conflict on it (the same scorecards the moderation matrix counts).
 */
function otherScorecards(cycleId: number, applicationId: number, panelMemberId: number, criteria: readonly Criterion[], tx: DbOrTx): OtherScorecard[] {
  const conflicted = conflictedPairs(cycleId, tx);
  const cards = tx
    .select({ card: schema.scorecards, member: schema.panelMembers })
    .from(schema.scorecards)
    .innerJoin(schema.panelMembers, eq(schema.panelMembers.id, schema.scorecards.panelMemberId))
    .where(and(eq(schema.scorecards.applicationId, applicationId), eq(schema.scorecards.status, "submitted"), eq(schema.panelMembers.status, "active")))
    .orderBy(asc(schema.scorecards.submittedAt), asc(schema.scorecards.id))
    .all()
    .filter((r) => r.member.id !== panelMemberId && !conflicted.has(pairKey(applicationId, r.member.id)));
  return cards
    .map(({ card, member }) => {
      const saved = savedScores(card, criteria, tx);
      return {
        name: member.name,
        affiliation: member.affiliation,
        total: saved.total,
        overallComment: saved.overallComment,
        scores: criteria.map((c) => ({ criterionId: c.id, ...saved.scores[c.id]! })),
      };
    });
}

export type SaveScoresOutcome =
  | { ok: true; status: "draft" | "submitted"; changed: boolean }
  | ({ ok: false; kind: "refused" } & Refusal)
  | { ok: false; kind: "invalid"; errors: FieldErrors }
  | { ok: false; kind: "conflict"; saved: SavedScores };

/**
 * Saves this member's scorecard on one application: a draft, or submitted. `form` is what the
 * page posted (field names as the form has them); it is checked here, against the round's
 * criteria, whatever the browser checked.
 *
 * Nothing is lost: the form names the version it edited. If the scorecard has moved on since
 * (another tab saved), nothing is written and the saved scores come back beside what was typed.
 * A submit of what is already submitted (a double click) is the same submit, not a conflict.
 */
export function saveScorecard(user: Person, cycleId: number, applicationId: number, form: Record<string, unknown>, now = new Date()): SaveScoresOutcome {
  return transaction((tx): SaveScoresOutcome => {
    const access = panelAccess(user, cycleId, applicationId, now, tx);
    if (isRefusal(access)) return { ok: false, kind: "refused", ...access };
    const refused = whyCannotScore(access);
    if (refused) return { ok: false, kind: "refused", ...refused };
    const criteria = criteriaOf(cycleId, tx);
    if (!criteria.length) return { ok: false, kind: "refused", status: 409, message: "Staff have not set the scoring criteria for this round yet." };
    const parsed = scorecardSchema(criteria).safeParse(form);
    if (!parsed.success) return { ok: false, kind: "invalid", errors: fieldErrors(parsed.error) };
    const input = parsed.data;

    const card = ownScorecard(applicationId, access.seat.id, tx);
    const saved = card ? savedScores(card, criteria, tx) : null;
    if (card && saved && card.status === "submitted") {
      if (input.intent === "submit" && sameContent(saved, input)) return { ok: true, status: "submitted", changed: false };
      return { ok: false, kind: "refused", status: 409, message: "You have submitted your scores, so they cannot be changed. Only staff can reopen submitted scores." };
    }
    const closed = whyScoringClosed(access.cycle, now);
    if (closed) return { ok: false, kind: "refused", status: 409, message: closed };
    if (input.version !== (card?.version ?? 0)) {
      // The same draft saved twice: nothing to write, nothing lost.
      if (saved && input.intent === "draft" && sameContent(saved, input)) return { ok: true, status: "draft", changed: false };
      if (saved) return { ok: false, kind: "conflict", saved };
      return { ok: false, kind: "refused", status: 409, message: "Your scores were changed in another tab or window. Reload the page and try again." };
    }
    if (saved && input.intent === "draft" && sameContent(saved, input)) return { ok: true, status: "draft", changed: false };

    const status = input.intent === "submit" ? ("submitted" as const) : ("draft" as const);
    const values = { status, overallComment: input.overallComment || null, submittedAt: status === "submitted" ? now : null, updatedAt: now };
    let scorecardId: number;
    let version: number;
    if (!card) {
      // One scorecard per member and application (a unique index): a second writer finds it made.
      const created = tx
        .insert(schema.scorecards)
        .values({ applicationId, panelMemberId: access.seat.id, version: 1, ...values })
        .onConflictDoNothing()
        .returning({ id: schema.scorecards.id })
        .get();
      if (!created) {
        const other = ownScorecard(applicationId, access.seat.id, tx)!;
        return { ok: false, kind: "conflict", saved: savedScores(other, criteria, tx) };
      }
      scorecardId = created.id;
      version = 1;
    } else {
      const updated = tx
        .update(schema.scorecards)
        .set({ ...values, version: card.version + 1 })
        .where(and(eq(schema.scorecards.id, card.id), eq(schema.scorecards.version, card.version)))
        .returning({ id: schema.scorecards.id })
        .get();
      if (!updated) return { ok: false, kind: "conflict", saved: saved! };
      scorecardId = card.id;
      version = card.version + 1;
    }
    tx.delete(schema.criterionScores).where(eq(schema.criterionScores.scorecardId, scorecardId)).run();
    const rows = input.scores.filter((s) => s.score !== null || s.comment);
    if (rows.length) {
      tx.insert(schema.criterionScores)
        .values(rows.map((s) => ({ scorecardId, criterionId: s.criterionId, score: s.score, comment: s.comment || null })))
        .run();
    }
    const total = totalOf(criteria, input.scores);
    recordAudit(tx, {
      actorUserId: user.id,
      action: status === "submitted" ? "scorecard.submitted" : "scorecard.saved",
      entityType: "scorecard",
      entityId: scorecardId,
      summary: status === "submitted" ? "Scores submitted" : "Scores saved as a draft",
      details: {
        applicationId,
        cycleId,
        panelMemberId: access.seat.id,
        version,
        total,
        scores: Object.fromEntries(input.scores.map((s) => [s.criterionId, s.score])),
      },
    });
    return { ok: true, status, changed: true };
  });
}

/** The typed values of a scorecard as the form's fields, to put saved scores back in a form. */
export function formValues(saved: Pick<SavedScores, "overallComment" | "scores">): Record<string, string> {
  const values: Record<string, string> = { overallComment: saved.overallComment };
  for (const [id, s] of Object.entries(saved.scores)) {
    values[scoreField(Number(id))] = s.score === null ? "" : String(s.score);
    values[commentField(Number(id))] = s.comment;
  }
  return values;
}
