// A round's stage in its life, worked out from its dates and what has happened in it, with the
// words staff see for it. Plain code (no database), so pages and the browser share it.
import type { TagColour } from "~/components/govuk/content";

export const ROUND_STAGES = ["draft", "scheduled", "open", "closed", "scoring", "decided", "closed_out", "retired"] as const;
export type RoundStage = (typeof ROUND_STAGES)[number];

type Instant = Date | string;
export type StagedRound = {
  status: string;
  opensAt: Instant;
  closesAt: Instant;
  scoringOpensAt: Instant | null;
  decisionsReleasedAt: Instant | null;
  closedOutAt: Instant | null;
};

const at = (v: Instant) => new Date(v).getTime();

/**
 * draft → scheduled (published, opening later) → open → closed (to applications) → scoring
 * (from the day scoring opens until the letters go) → decided (letters sent) → closed out
 * (every award finished). A retired demo round is "retired".
 */
export function roundStage(round: StagedRound, now: Date = new Date()): RoundStage {
  const t = now.getTime();
  if (round.closedOutAt) return "closed_out";
  if (round.status === "archived") return "retired";
  if (round.status === "draft") return "draft";
  if (round.decisionsReleasedAt) return "decided";
  if (t < at(round.opensAt)) return "scheduled";
  if (t < at(round.closesAt)) return "open";
  if (round.scoringOpensAt && t >= at(round.scoringOpensAt)) return "scoring";
  return "closed";
}

export const STAGE_TAGS: Record<RoundStage, { text: string; colour: TagColour }> = {
  draft: { text: "Draft", colour: "grey" },
  scheduled: { text: "Opens soon", colour: "blue" },
  open: { text: "Open", colour: "green" },
  closed: { text: "Closed to applications", colour: "purple" },
  scoring: { text: "Scoring and decisions", colour: "pink" },
  decided: { text: "Decided", colour: "turquoise" },
  closed_out: { text: "Closed out", colour: "grey" },
  retired: { text: "Retired", colour: "grey" },
};

/** The stages in order, as the round's page lists them (retired is not a stage a round goes through). */
export const STAGE_ORDER: readonly RoundStage[] = ["draft", "scheduled", "open", "closed", "scoring", "decided", "closed_out"];

/** Stages in which applicants can see the round. */
export const isPublicStage = (stage: RoundStage) => stage !== "draft" && stage !== "retired";

/** The words the history uses for each detail. */
export const DETAIL_WORDS: Record<string, string> = {
  name: "the name",
  summary: "the summary",
  guidance: "the guidance for applicants",
  opensAt: "the opening time",
  closesAt: "the closing time",
  budgetPence: "the budget",
  referenceYear: "the reference year",
  decisionsExpectedOn: "when decisions are expected",
  contactName: "the contact's name",
  contactEmail: "the contact's email",
};
