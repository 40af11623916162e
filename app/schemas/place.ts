import { z } from "zod";

export const wardSchema = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => v === "" || /^E05\d{6}$/.test(v), "Enter an ONS ward code in the correct format, like E05000001")
    .transform((v) => (v === "" ? null : v)),
  neighbourhoodId: z
    .string({ error: "Select the ward's neighbourhood, or 'Not set yet'" })
    .regex(/^(none|\d+)$/, "Select the ward's neighbourhood, or 'Not set yet'")
    .transform((v) => (v === "none" ? null : Number(v))),
});

export const placeContactSchema = z.object({
  contactEmail: z
    .string()
    .trim()
    .max(254, "Email address must be 254 characters or fewer")
    .refine((v) => v === "" || z.email().safeParse(v).success, "Enter an email address in the correct format, like name@example.com")
    .transform((v) => (v === "" ? null : v.toLowerCase())),
});

/** A 360Giving publisher prefix, stored without "360G-": letters and digits, with dashes between. */
export const GRANT_ID_PREFIX = /^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/;
/** An org-id.guide identifier: list code (country and list, e.g. GB-CHC, GB-LAE), then the id. */
export const ORG_ID = /^[A-Z]{2,}-[A-Z]{2,}-[A-Za-z0-9][A-Za-z0-9.\-/]*$/;

// A field left out of the post counts as empty (a browser always sends it).
const optionalText = <T extends z.ZodType<unknown, string>>(inner: T) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .pipe(inner);

/** A funder's org-id.guide identifier, optional: the place's (on /admin/place) and a programme's. */
export function funderOrgIdField() {
  return optionalText(
    z
      .string()
      .max(100, "The funder organisation identifier must be 100 characters or fewer")
      // The list code in capitals (gb-chc-123 is GB-CHC-123); the identifier itself as typed.
      .transform((v) => v.replace(/^([A-Za-z]+)-([A-Za-z]+)-/, (code) => code.toUpperCase()))
      .refine((v) => v === "" || ORG_ID.test(v), "Enter the funder organisation identifier in the org-id.guide format, like GB-CHC-1234567")
      .transform((v) => (v === "" ? null : v)),
  );
}

/** The place settings on /admin/place: contact email and the two 360Giving identifiers. */
export const placeSettingsSchema = placeContactSchema.extend({
  grantIdPrefix: optionalText(
    z
      .string()
      .max(60, "The 360Giving prefix must be 60 characters or fewer")
      .transform((v) => v.replace(/^360G-(?=.)/i, ""))
      .refine((v) => v === "" || GRANT_ID_PREFIX.test(v), "Enter the 360Giving prefix using letters, digits and dashes only, like 360G-lbc")
      .transform((v) => (v === "" ? null : v)),
  ),
  funderOrgId: funderOrgIdField(),
});
