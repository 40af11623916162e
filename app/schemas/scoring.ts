// What a panel member sends: a declaration of any conflict of interest on one application, and a scorecard.
// One schema per form, for the browser (react-hook-form) and the server (the scoring model).
// The scorecard's schema is built from the round's criteria, since each criterion has its own
// scale and its own field names ("score-12", "comment-12").
import { z } from "zod";
import { commentRequired } from "~/models/scores";
import { countWords } from "./application";

export const SCORING_LIMITS = {
  natureWords: 150,
  commentWords: 200,
  overallWords: 400,
} as const;

const text = () =>
  z
    .string()
    .nullish()
    .transform((v) => (v ?? "").trim());

const withinWords = (limit: number, label: string) => text().refine((v) => countWords(v) <= limit, `${label} must be ${limit} words or fewer`);

export const declarationSchema = z
  .object({
    // Not z.enum: a missing answer would stop the check of the description from running.
    conflict: text().refine((v) => v === "yes" || v === "no", "Select whether you have a conflict of interest"),
    nature: withinWords(SCORING_LIMITS.natureWords, "The description of the conflict"),
  })
  .superRefine((v, ctx) => {
    if (v.conflict === "yes" && !v.nature) ctx.addIssue({ code: "custom", path: ["nature"], message: "Describe the conflict of interest" });
  })
  .transform((v) => ({ hasConflict: v.conflict === "yes", nature: v.conflict === "yes" ? v.nature : null }));

export type DeclarationInput = z.output<typeof declarationSchema>;

/** What the scorecard form needs to know of each criterion. */
export type CriterionForForm = { id: number; title: string; scaleMin: number; scaleMax: number };

export const scoreField = (criterionId: number) => `score-${criterionId}`;
export const commentField = (criterionId: number) => `comment-${criterionId}`;

/** The form's fields in page order, for the error summary. */
/**
 * A version that is not a number: the page was changed or is broken. It has no field on the
 * page, so the error summary shows it for the whole form (see STALE_FORM_FIELD).
 */
export const STALE_FORM_MESSAGE = "This page is out of date. Reload the page and try again.";
/** The key of that error, which the page shows in its summary and links to the form. */
export const STALE_FORM_FIELD = "version";

export const scorecardFields = (criteria: readonly CriterionForForm[]) => [
  ...criteria.flatMap((c) => [scoreField(c.id), commentField(c.id)]),
  "overallComment",
];

export type ScorecardInput = {
  intent: "draft" | "submit";
  /** The version of the scorecard the form showed: 0 when there was none yet. */
  version: number;
  overallComment: string;
  scores: { criterionId: number; score: number | null; comment: string }[];
};

/**
 * A scorecard. A draft may be partial, but what is there must be well formed: a score on its
 * criterion's scale, comments within their length. Submitting needs every criterion scored, a
 * comment where the score is at either end of the scale, and an overall comment.
 */
export function scorecardSchema(criteria: readonly CriterionForForm[]) {
  const shape: Record<string, z.ZodType> = {
    intent: text().transform((v) => (v === "submit" ? "submit" : "draft")),
    version: text().transform((v) => (v === "" ? 0 : /^\d{1,9}$/.test(v) ? Number(v) : -1)),
    overallComment: withinWords(SCORING_LIMITS.overallWords, "Your overall comment"),
  };
  for (const c of criteria) {
    shape[scoreField(c.id)] = text();
    shape[commentField(c.id)] = withinWords(SCORING_LIMITS.commentWords, `Your comment on ${c.title}`);
  }
  return z
    .object(shape)
    .superRefine((raw, ctx) => {
      const v = raw as Record<string, string | number>;
      if (v.version === -1) ctx.addIssue({ code: "custom", path: [STALE_FORM_FIELD], message: STALE_FORM_MESSAGE });
      const submitting = v.intent === "submit";
      for (const c of criteria) {
        const typed = v[scoreField(c.id)] as string;
        const score = scoreOf(typed);
        if (typed !== "" && (score === null || score < c.scaleMin || score > c.scaleMax)) {
          ctx.addIssue({ code: "custom", path: [scoreField(c.id)], message: `Select a score for ${c.title} from ${c.scaleMin} to ${c.scaleMax}` });
          continue;
        }
        if (score === null) {
          if (submitting) ctx.addIssue({ code: "custom", path: [scoreField(c.id)], message: `Select a score for ${c.title}` });
          continue;
        }
        if (submitting && commentRequired(c, score) && !v[commentField(c.id)]) {
          const end = score === c.scaleMax ? "highest" : "lowest";
          ctx.addIssue({ code: "custom", path: [commentField(c.id)], message: `Say why you gave ${score}, the ${end} score, for ${c.title}` });
        }
      }
      if (submitting && !v.overallComment) ctx.addIssue({ code: "custom", path: ["overallComment"], message: "Enter your overall comment" });
    })
    .transform((raw): ScorecardInput => {
      const v = raw as Record<string, string | number>;
      return {
        intent: v.intent as "draft" | "submit",
        version: v.version as number,
        overallComment: v.overallComment as string,
        scores: criteria.map((c) => ({
          criterionId: c.id,
          score: scoreOf(v[scoreField(c.id)] as string),
          comment: v[commentField(c.id)] as string,
        })),
      };
    });
}

function scoreOf(typed: string): number | null {
  if (typed === "") return null;
  return /^-?\d{1,4}$/.test(typed) ? Number(typed) : null;
}
