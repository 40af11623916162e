// Staff setting up a round's panel: its settings, the scoring criteria, inviting a member and
// who scores what. One schema per form, for the browser and the server.
import { z } from "zod";
import { ukTime } from "~/utils/format";
import { isoFromParts } from "./application";

export const PANEL_LIMITS = {
  nameChars: 100,
  affiliationChars: 100,
  titleChars: 120,
  guidanceChars: 1000,
  descriptorChars: 200,
  maxScorers: 20,
} as const;

/** Scoring opens at 9am and closes at 5pm, UK time, on the days staff give. */
export const SCORING_OPENS_HOUR = 9;
export const SCORING_CLOSES_HOUR = 17;

const text = () =>
  z
    .string()
    .optional()
    .default("")
    .transform((v) => v.trim());

/** A radio answer. Not z.enum: a missing answer would stop the date checks below from running. */
const oneOf = <T extends string>(values: readonly T[], message: string) =>
  text()
    .refine((v) => (values as readonly string[]).includes(v), message)
    .transform((v) => v as T);

const wholeNumber = (label: string, min: number, max: number, empty: string) =>
  text()
    .refine((v) => v !== "", empty)
    .refine((v) => v === "" || /^-?\d+$/.test(v), `${label} must be a whole number, like ${Math.min(max, Math.max(min, 3))}`)
    .transform((v) => Number(v))
    .refine((v) => Number.isNaN(v) || (v >= min && v <= max), `${label} must be between ${min} and ${max}`);

export const panelSettingsSchema = z
  .object({
    opensDay: text(),
    opensMonth: text(),
    opensYear: text(),
    closesDay: text(),
    closesMonth: text(),
    closesYear: text(),
    anonymise: oneOf(["yes", "no"], "Select yes if applicants' names should be hidden from the panel"),
    gate: oneOf(["yes", "no"], "Select yes if the panel should see an application only after staff have passed its eligibility check"),
    assignment: oneOf(["everyone", "staff"], "Select who scores what"),
    minScorers: wholeNumber("Minimum number of scorers", 1, PANEL_LIMITS.maxScorers, "Enter the minimum number of scorers for each application"),
    threshold: text()
      .refine((v) => v !== "", "Enter how far apart scores can be before they are flagged")
      .refine((v) => v === "" || /^\d{1,3}(\.\d)?$/.test(v), "The disagreement threshold must be a number, like 20")
      .transform((v) => Number(v))
      .refine((v) => v >= 0 && v <= 100, "The disagreement threshold must be between 0 and 100"),
  })
  .superRefine((v, ctx) => {
    const opens = isoFromParts(v.opensDay, v.opensMonth, v.opensYear);
    const closes = isoFromParts(v.closesDay, v.closesMonth, v.closesYear);
    if (opens === "invalid")
      ctx.addIssue({ code: "custom", path: ["opensDay"], message: "The day scoring opens must be a real date, like 1 6 2027" });
    if (closes === "invalid")
      ctx.addIssue({ code: "custom", path: ["closesDay"], message: "The day scoring closes must be a real date, like 30 6 2027" });
    if (opens === null && closes !== null) ctx.addIssue({ code: "custom", path: ["opensDay"], message: "Enter the day scoring opens" });
    if (closes === null && opens !== null) ctx.addIssue({ code: "custom", path: ["closesDay"], message: "Enter the day scoring closes" });
    if (opens && closes && opens !== "invalid" && closes !== "invalid" && closes < opens) {
      ctx.addIssue({ code: "custom", path: ["closesDay"], message: "The day scoring closes must be the same as or after the day it opens" });
    }
  })
  .transform((v) => {
    const opens = isoFromParts(v.opensDay, v.opensMonth, v.opensYear) as string | null;
    const closes = isoFromParts(v.closesDay, v.closesMonth, v.closesYear) as string | null;
    return {
      scoringOpensAt: opens ? ukTime(opens, SCORING_OPENS_HOUR) : null,
      scoringClosesAt: closes ? ukTime(closes, SCORING_CLOSES_HOUR) : null,
      anonymiseApplicants: v.anonymise === "yes",
      panelAfterEligibility: v.gate === "yes",
      everyoneScoresEverything: v.assignment === "everyone",
      minScorersPerApplication: v.minScorers,
      disagreementThreshold: v.threshold,
    };
  });

export type PanelSettings = z.output<typeof panelSettingsSchema>;

export const panelInviteSchema = z.object({
  name: text()
    .refine((v) => v !== "", "Enter the panel member's full name")
    .refine((v) => v.length <= PANEL_LIMITS.nameChars, `Full name must be ${PANEL_LIMITS.nameChars} characters or fewer`),
  email: z
    .string({ error: "Enter the panel member's email address" })
    .trim()
    .toLowerCase()
    .min(1, "Enter the panel member's email address")
    .max(254, "Email address must be 254 characters or fewer")
    .pipe(z.email("Enter an email address in the correct format, like name@example.com")),
  affiliation: text().refine(
    (v) => v.length <= PANEL_LIMITS.affiliationChars,
    `Who they represent must be ${PANEL_LIMITS.affiliationChars} characters or fewer`,
  ),
});

export type PanelInvite = z.output<typeof panelInviteSchema>;

/** The lines typed in "What each score means", blank lines left out. */
export const descriptorLines = (value: string) =>
  value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");

export const criterionSchema = z
  .object({
    title: text()
      .refine((v) => v !== "", "Enter the criterion's title")
      .refine((v) => v.length <= PANEL_LIMITS.titleChars, `Title must be ${PANEL_LIMITS.titleChars} characters or fewer`),
    guidance: text()
      .refine((v) => v !== "", "Enter guidance for the panel")
      .refine((v) => v.length <= PANEL_LIMITS.guidanceChars, `Guidance must be ${PANEL_LIMITS.guidanceChars} characters or fewer`),
    weight: wholeNumber("Weight", 1, 100, "Enter the criterion's weight"),
    scaleMin: wholeNumber("Lowest score", 0, 10, "Enter the lowest score"),
    scaleMax: wholeNumber("Highest score", 1, 10, "Enter the highest score"),
    descriptors: text().refine((v) => v !== "", "Enter what each score means, one line for each score"),
  })
  .superRefine((v, ctx) => {
    const scaleOk = Number.isInteger(v.scaleMin) && Number.isInteger(v.scaleMax) && v.scaleMin >= 0 && v.scaleMax <= 10;
    if (!scaleOk) return;
    if (v.scaleMax <= v.scaleMin) {
      ctx.addIssue({ code: "custom", path: ["scaleMax"], message: "The highest score must be more than the lowest score" });
      return;
    }
    if (v.descriptors === "") return;
    const lines = descriptorLines(v.descriptors);
    const points = v.scaleMax - v.scaleMin + 1;
    if (lines.length !== points) {
      ctx.addIssue({
        code: "custom",
        path: ["descriptors"],
        message: `Give ${points} descriptions, one for each score from ${v.scaleMin} to ${v.scaleMax}. You gave ${lines.length}.`,
      });
    }
    const long = lines.findIndex((line) => line.length > PANEL_LIMITS.descriptorChars);
    if (long !== -1) {
      ctx.addIssue({
        code: "custom",
        path: ["descriptors"],
        message: `The description of score ${v.scaleMin + long} must be ${PANEL_LIMITS.descriptorChars} characters or fewer`,
      });
    }
  })
  .transform((v) => ({
    title: v.title,
    guidance: v.guidance,
    weight: v.weight,
    scaleMin: v.scaleMin,
    scaleMax: v.scaleMax,
    descriptors: Object.fromEntries(descriptorLines(v.descriptors).map((line, i) => [String(v.scaleMin + i), line])),
  }));

export type CriterionInput = z.output<typeof criterionSchema>;

/**
 * What a page showed, as a fingerprint in a hidden field (who scores what; a criterion's values):
 * the server refuses the save if what is stored no longer matches, rather than overwrite someone
 * else's change unseen.
 */
const shown = () =>
  z
    .string()
    .optional()
    .default("")
    .transform((v) => v.trim())
    .refine((v) => v === "" || /^[0-9a-f]{64}$/.test(v), "Open the page again and make your change there");

/** The boxes ticked on the "who scores what" table: "<applicationId>:<panelMemberId>". */
export const assignmentsSchema = z.object({
  shown: shown(),
  assign: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((s) => s !== ""))
    .refine((v) => v.every((s) => /^\d{1,9}:\d{1,9}$/.test(s)), "Select who scores what from the table")
    .refine((v) => v.length <= 10_000, "Too many boxes were ticked")
    .transform((v) =>
      [...new Set(v)].map((s) => {
        const [applicationId, panelMemberId] = s.split(":").map(Number) as [number, number];
        return { applicationId, panelMemberId };
      }),
    ),
});

/** Changing a criterion (save or remove) on its page: which button, and the fingerprint of the criterion as the page showed it. */
export const criterionActionSchema = z.object({
  intent: z.enum(["save", "remove"], { error: "Choose whether to save or remove the criterion" }),
  shown: shown(),
});

/** The buttons of the staff panel page. */
export const PANEL_INTENTS = ["invite", "resend", "remove", "close", "remind"] as const;
export const panelIntentSchema = z.object({ intent: z.enum(PANEL_INTENTS, { error: "Choose what to do with the panel." }) });

/** The member a "Send the invitation again" or "Remove" button is for. */
export const panelMemberIdSchema = z.object({
  memberId: z
    .string({ error: "Choose a panel member from the list." })
    .regex(/^\d{1,9}$/, "Choose a panel member from the list.")
    .transform(Number)
    .refine((v) => v > 0, "Choose a panel member from the list."),
});

/** An invitation link's token, as newToken makes them (base64url). */
export const INVITATION_TOKEN = /^[A-Za-z0-9_-]{20,100}$/;
export const invitationTokenSchema = z.object({ token: z.string().trim().regex(INVITATION_TOKEN) });
