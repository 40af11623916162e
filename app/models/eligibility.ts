// The eligibility check before anyone creates anything: one question per page, from the
// cycle's rules (set by staff), then "you can apply" or "you cannot apply, because …".
// Plain module: the pages, the start of an application and the tests all use it.
import { z } from "zod";
import { ORGANISATION_TYPES, type EligibilityRules, type OrganisationType } from "~db/schema";
import { formatMoney } from "~/utils/format";
import { ORGANISATION_TYPE_LABELS } from "~/utils/labels";

export type EligibilityCycle = {
  eligibility: EligibilityRules;
  minRequestPence: number;
  maxRequestPence: number;
  placeName: string;
};

export const ELIGIBILITY_QUESTIONS = ["type", "place", "amount", "partner"] as const;
export type EligibilityQuestion = (typeof ELIGIBILITY_QUESTIONS)[number];

export type EligibilityAnswers = Partial<{ type: OrganisationType; place: "yes" | "no"; amount: "yes" | "no"; partner: "yes" | "no" }>;

/** The questions this cycle asks, in order. */
export function questionsFor(cycle: EligibilityCycle): EligibilityQuestion[] {
  return ELIGIBILITY_QUESTIONS.filter((q) => {
    if (q === "place") return cycle.eligibility.mustServePlace;
    if (q === "partner") return cycle.eligibility.requiresPartner;
    return true;
  });
}

export function questionText(q: EligibilityQuestion, cycle: EligibilityCycle): { legend: string; hint?: string } {
  switch (q) {
    case "type":
      return { legend: "What type of organisation are you?" };
    case "place":
      return {
        legend: `Does your organisation work with people who live in ${cycle.placeName}?`,
        hint: "Your organisation can be based elsewhere, but the project must be for local residents.",
      };
    case "amount":
      return {
        legend: `Will you ask for between ${formatMoney(cycle.minRequestPence)} and ${formatMoney(cycle.maxRequestPence)}?`,
        hint: "You will give the exact amount and a budget in your application.",
      };
    case "partner":
      return {
        legend: "Will you run the project with at least one partner organisation?",
        hint: "For example another community group, a school, a faith group or a health service. Each partner confirms by email.",
      };
  }
}

export const answerSchemas = {
  type: z.enum(ORGANISATION_TYPES, { error: "Select the type of organisation" }),
  place: z.enum(["yes", "no"], { error: "Select yes if your organisation works with local residents" }),
  amount: z.enum(["yes", "no"], { error: "Select yes if you will ask for an amount in this range" }),
  partner: z.enum(["yes", "no"], { error: "Select yes if you will work with a partner organisation" }),
} satisfies Record<EligibilityQuestion, z.ZodType>;

/** Answers carried in the address (no account is needed to check). Anything unexpected is dropped. */
export function readAnswers(params: URLSearchParams): EligibilityAnswers {
  const answers: EligibilityAnswers = {};
  for (const q of ELIGIBILITY_QUESTIONS) {
    const parsed = answerSchemas[q].safeParse(params.get(q));
    if (parsed.success) (answers as Record<string, string>)[q] = parsed.data;
  }
  return answers;
}

export function answersQuery(answers: EligibilityAnswers): string {
  const params = new URLSearchParams();
  for (const q of ELIGIBILITY_QUESTIONS) if (answers[q]) params.set(q, answers[q]!);
  return params.toString();
}

/** The first question not yet answered, or null when all are. */
export function nextQuestion(cycle: EligibilityCycle, answers: EligibilityAnswers): EligibilityQuestion | null {
  return questionsFor(cycle).find((q) => !answers[q]) ?? null;
}

export type EligibilityResult = { eligible: true } | { eligible: false; reasons: string[] };

export function checkEligibility(cycle: EligibilityCycle, answers: EligibilityAnswers): EligibilityResult {
  const reasons: string[] = [];
  const rules = cycle.eligibility;
  if (answers.type && !rules.organisationTypes.includes(answers.type)) {
    const label = ORGANISATION_TYPE_LABELS[answers.type]?.toLowerCase() ?? answers.type;
    reasons.push(`this round is not open to a ${label}`);
  }
  if (rules.mustServePlace && answers.place === "no") {
    reasons.push(`the project must be for people who live in ${cycle.placeName}`);
  }
  if (answers.amount === "no") {
    reasons.push(
      `this round gives between ${formatMoney(cycle.minRequestPence)} and ${formatMoney(cycle.maxRequestPence)}`,
    );
  }
  if (rules.requiresPartner && answers.partner === "no") {
    reasons.push("this round is for organisations that work with at least one partner organisation");
  }
  return reasons.length ? { eligible: false, reasons } : { eligible: true };
}

/** Whether an organisation of this type may apply to the cycle (checked again on the server when starting). */
export function typeAllowed(rules: EligibilityRules, type: OrganisationType) {
  return rules.organisationTypes.includes(type);
}
