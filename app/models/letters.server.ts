// Letter previews: before sending a round's decision letters, staff read each kind (an award,
// not funded, the reserve list) filled in for one application of the round at the panel stage,
// with the people it would go to. The wording is the outbox's own: the same template, the same
// data (`decisionLetterData`) and the same rendering (`renderTemplate`), so what staff read is
// what the letter says. Nothing is stored or sent.
import { eq } from "drizzle-orm";
import { DECISION_OUTCOMES } from "~db/schema";
import type { DecisionOutcome } from "~/schemas/decision";
import { db, schema } from "~/utils/db.server";
import { getSettings } from "~/utils/settings.server";
import { cycleDecisions, decisionLetterData } from "./decisions.server";
import { renderTemplate } from "./outbox.server";
import { letterRecipients, type Recipient } from "./recipients.server";

export const LETTER_OUTCOMES: readonly DecisionOutcome[] = DECISION_OUTCOMES;

/** Shown where the chosen application has no decision of this kind, so there is no feedback to show. */
export const FEEDBACK_STAND_IN = "(The panel's feedback for this application goes here: you write it when you record the decision.)";

type Row = NonNullable<ReturnType<typeof cycleDecisions>>["rows"][number];

export type LetterChoice = { id: number; reference: string | null; title: string | null; outcome: DecisionOutcome | null };

export type LetterPreview = {
  outcome: DecisionOutcome;
  /** The round's applications at the panel stage: those decided this way first, then other decided ones, then the rest. */
  choices: LetterChoice[];
  /** The application the letter is filled in for, or null when the round has none at the panel stage. */
  chosen: {
    id: number;
    reference: string | null;
    organisationName: string;
    /** "decision": its own decision of this kind; "stand-in": it has none, so the page says what is filled in instead. */
    filledFrom: "decision" | "stand-in";
    recipients: Pick<Recipient, "email" | "name" | "kind">[];
    /** An award letter links to its offer, made when the letters are sent: until then the preview links to the application. */
    offerNotMadeYet: boolean;
    subject: string;
    text: string;
    html: string;
  } | null;
};

/** The order of the choices for one kind of letter: decided this way first, then decided otherwise, then undecided. */
function ordered(rows: readonly Row[], outcome: DecisionOutcome): Row[] {
  const rank = (r: Row) => (r.decision?.outcome === outcome ? 0 : r.decision ? 1 : 2);
  return [...rows].sort((a, b) => rank(a) - rank(b));
}

/**
 * The three kinds of decision letter for a round, each filled in for the application chosen
 * (`chosen[outcome]`, if it is one of the round's applications at the panel stage; otherwise the
 * first choice). Null for a round that does not exist.
 */
export function letterPreviews(cycleId: number, chosen: Partial<Record<DecisionOutcome, number>> = {}): { cycle: { id: number; name: string; releasedAt: Date | null }; previews: LetterPreview[] } | null {
  const found = cycleDecisions(cycleId);
  if (!found) return null;
  const { cycle, rows } = found;
  const programme = db.select({ name: schema.programmes.name }).from(schema.programmes).where(eq(schema.programmes.id, cycle.programmeId)).get()!;
  const appUrl = getSettings().appUrl;
  const previews = LETTER_OUTCOMES.map((outcome): LetterPreview => {
    const choices = ordered(rows, outcome);
    const row = choices.find((r) => r.id === chosen[outcome]) ?? choices[0];
    const list = choices.map((r) => ({ id: r.id, reference: r.reference, title: r.title, outcome: r.decision?.outcome ?? null }));
    if (!row) return { outcome, choices: list, chosen: null };
    const own = row.decision?.outcome === outcome ? row.decision : null;
    // With no decision of this kind: the amount it asked for, no conditions, a marked place for the feedback.
    const decision = own ?? {
      outcome,
      amountPence: outcome === "award" ? (row.amountRequestedPence ?? 0) : null,
      conditions: null,
      feedback: outcome === "decline" ? FEEDBACK_STAND_IN : null,
    };
    const recipients = letterRecipients(db, row.organisationId);
    const award = outcome === "award" ? db.select({ id: schema.awards.id }).from(schema.awards).where(eq(schema.awards.applicationId, row.id)).get() : undefined;
    const data = decisionLetterData({
      name: recipients[0]?.name ?? row.organisationName,
      application: row,
      organisationName: row.organisationName,
      programmeName: programme.name,
      cycleName: cycle.name,
      decision,
      viewUrl: award ? `${appUrl}/awards/${award.id}` : `${appUrl}/applications/${row.id}`,
    });
    const rendered = renderTemplate(db, "decision-letter", data);
    return {
      outcome,
      choices: list,
      chosen: {
        id: row.id,
        reference: row.reference,
        organisationName: row.organisationName,
        filledFrom: own ? "decision" : "stand-in",
        recipients: recipients.map((r) => ({ email: r.email, name: r.name, kind: r.kind })),
        offerNotMadeYet: outcome === "award" && !award,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
      },
    };
  });
  return { cycle: { id: cycle.id, name: cycle.name, releasedAt: cycle.decisionsReleasedAt }, previews };
}

/** One kind of letter for one application of the round, or null if that application is not one of its choices. */
export function letterPreview(cycleId: number, outcome: DecisionOutcome, applicationId: number): NonNullable<LetterPreview["chosen"]> | null {
  const found = letterPreviews(cycleId, { [outcome]: applicationId });
  const chosen = found?.previews.find((p) => p.outcome === outcome)?.chosen;
  return chosen && chosen.id === applicationId ? chosen : null;
}
