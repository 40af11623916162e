// A programme's words, as staff add and change them: its name, reference prefix (admins only),
// summary, description, who runs it and its funder. Shared by the page and the server.
import { z } from "zod";
import { funderOrgIdField } from "./place";

export const PROGRAMME_LIMITS = { name: 100, summary: 500, description: 5000, runBy: 300, funderName: 200 } as const;

/** 2 to 6 capital letters: CF gives application references like CF-2027-0001. */
export const REFERENCE_PREFIX = /^[A-Z]{2,6}$/;

const required = (what: string, label: string, max: number) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${label} must be ${max} characters or fewer`);

// A field left out of the post counts as empty; empty is stored as nothing.
const optional = (label: string, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .pipe(z.string().max(max, `${label} must be ${max} characters or fewer`))
    .transform((v) => (v === "" ? null : v));

const referencePrefix = z
  .string({ error: "Enter the reference prefix" })
  .trim()
  .toUpperCase()
  .min(1, "Enter the reference prefix")
  .regex(REFERENCE_PREFIX, "The reference prefix must be 2 to 6 letters, like CF");

const words = {
  name: required("the programme's name", "The name", PROGRAMME_LIMITS.name),
  summary: required("a summary", "The summary", PROGRAMME_LIMITS.summary),
  description: optional("The description", PROGRAMME_LIMITS.description),
  runBy: optional("Who runs it", PROGRAMME_LIMITS.runBy),
  funderName: optional("The funder's name", PROGRAMME_LIMITS.funderName),
  funderOrgId: funderOrgIdField(),
};

/** Adding a programme (admins): every field, the reference prefix included. */
export const newProgrammeSchema = z.object({ ...words, referencePrefix });

/**
 * Changing a programme: the words, and the reference prefix only where the page offered it (an
 * admin, before the programme has an application). Left out, the prefix stays as it is.
 */
export const editProgrammeSchema = z.object({
  ...words,
  referencePrefix: referencePrefix.optional(),
});

export type ProgrammeWords = z.output<typeof newProgrammeSchema>;

export const PROGRAMME_FIELDS = ["name", "referencePrefix", "summary", "description", "runBy", "funderName", "funderOrgId"] as const;

/** Retire a programme, or bring it back. */
export const programmeStateSchema = z.object({
  intent: z.enum(["retire", "restore"], { error: "Choose whether to retire the programme or bring it back" }),
});
