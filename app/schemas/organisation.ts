// The organisation's details, checked the same way in the browser and on the server.
// Formats follow the registers: Charity Commission (England and Wales) numbers are 6 to 8
// digits, OSCR's start "SC", the Charity Commission for Northern Ireland's "NIC"; Companies
// House numbers are 8 characters, digits or two letters then six digits (SC, NI, OC …).
import { z } from "zod";
import { ORGANISATION_TYPES, type OrganisationType } from "~db/schema";

const squash = (v: string) => v.replace(/\s+/g, "").toUpperCase();

export const CHARITY_NUMBER = /^(\d{6,8}|SC\d{6}|NIC\d{6})$/;
export const COMPANY_NUMBER = /^(\d{8}|[A-Z]{2}\d{6})$/;
/** UK postcodes, as Royal Mail formats them (outward code, space, inward code). */
export const POSTCODE = /^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$/;

/** Types that have a charity number, and types that have a company number. */
export const NEEDS_CHARITY_NUMBER: readonly OrganisationType[] = ["registered_charity", "cio"];
export const NEEDS_COMPANY_NUMBER: readonly OrganisationType[] = ["cic", "company_limited_by_guarantee"];

export function normaliseCompanyNumber(value: string) {
  const v = squash(value);
  // People often leave off the leading zeros: 1234567 is 01234567.
  return /^\d{1,7}$/.test(v) ? v.padStart(8, "0") : v;
}

export function normalisePostcode(value: string) {
  const v = squash(value);
  return v.length > 3 ? `${v.slice(0, -3)} ${v.slice(-3)}` : v;
}

export const organisationDetailsSchema = z
  .object({
    name: z
      .string({ error: "Enter your organisation's name" })
      .trim()
      .min(1, "Enter your organisation's name")
      .max(160, "Organisation name must be 160 characters or fewer"),
    type: z.enum(ORGANISATION_TYPES, { error: "Select the type of organisation" }),
    charityNumber: z
      .string()
      .optional()
      .default("")
      .transform(squash)
      .refine((v) => v === "" || CHARITY_NUMBER.test(v), "Enter a charity number in the correct format, like 1234567 or SC012345"),
    companyNumber: z
      .string()
      .optional()
      .default("")
      .transform(normaliseCompanyNumber)
      .refine((v) => v === "" || COMPANY_NUMBER.test(v), "Enter a company number in the correct format, like 01234567 or SC123456"),
  })
  .superRefine((v, ctx) => {
    if (NEEDS_CHARITY_NUMBER.includes(v.type) && !v.charityNumber) {
      ctx.addIssue({ code: "custom", path: ["charityNumber"], message: "Enter your charity number" });
    }
    if (NEEDS_COMPANY_NUMBER.includes(v.type) && !v.companyNumber) {
      ctx.addIssue({ code: "custom", path: ["companyNumber"], message: "Enter your company number" });
    }
  });

export const organisationAddressSchema = z.object({
  addressLine1: z
    .string({ error: "Enter the first line of the address" })
    .trim()
    .min(1, "Enter the first line of the address")
    .max(120, "Address line 1 must be 120 characters or fewer"),
  addressLine2: z.string().trim().max(120, "Address line 2 must be 120 characters or fewer").optional().default(""),
  town: z
    .string({ error: "Enter the town or city" })
    .trim()
    .min(1, "Enter the town or city")
    .max(60, "Town or city must be 60 characters or fewer"),
  postcode: z
    .string({ error: "Enter the postcode" })
    .trim()
    .min(1, "Enter the postcode")
    .transform(normalisePostcode)
    .refine((v) => POSTCODE.test(v), "Enter a full UK postcode, like LU1 2BQ"),
  wardId: z
    .string({ error: "Select the ward your organisation is based in, or 'Outside the area'" })
    .regex(/^(outside|\d{1,9})$/, "Select the ward your organisation is based in, or 'Outside the area'")
    .transform((v) => (v === "outside" ? null : Number(v))),
});

export const organisationContactSchema = z.object({
  contactName: z
    .string({ error: "Enter the name of the main contact" })
    .trim()
    .min(1, "Enter the name of the main contact")
    .max(120, "Name must be 120 characters or fewer"),
  contactEmail: z
    .string({ error: "Enter an email address" })
    .trim()
    .toLowerCase()
    .min(1, "Enter an email address")
    .max(254, "Email address must be 254 characters or fewer")
    .pipe(z.email("Enter an email address in the correct format, like name@example.com")),
  contactPhone: z
    .string({ error: "Enter a telephone number" })
    .trim()
    .min(1, "Enter a telephone number")
    .refine(
      (v) => /^\+?[\d ()-]{10,20}$/.test(v) && v.replace(/\D/g, "").length >= 10,
      "Enter a telephone number, like 01582 546000 or 07700 900982",
    ),
  website: z
    .string()
    .trim()
    .max(200, "Website must be 200 characters or fewer")
    .optional()
    .default("")
    .refine((v) => v === "" || /^(https?:\/\/)?[\w-]+(\.[\w-]+)+([/?#]\S*)?$/i.test(v), "Enter a website address, like www.example.org"),
});

/** Staff give an applicant organisation a contact email, so that its letters reach someone. */
export const staffContactEmailSchema = z.object({
  contactEmail: z
    .string({ error: "Enter the organisation's contact email address" })
    .trim()
    .toLowerCase()
    .min(1, "Enter the organisation's contact email address")
    .max(254, "Email address must be 254 characters or fewer")
    .pipe(z.email("Enter an email address in the correct format, like name@example.com")),
});

export const invitationSchema = z.object({
  email: z
    .string({ error: "Enter your colleague's email address" })
    .trim()
    .toLowerCase()
    .min(1, "Enter your colleague's email address")
    .max(254, "Email address must be 254 characters or fewer")
    .pipe(z.email("Enter an email address in the correct format, like name@example.com")),
});

/**
 * The organisation's 360Giving identifier (org-id.guide): its charity number, else its
 * company number, else the portal's own prefix with its id.
 */
export function organisationIdentifier(
  org: { id: number; charityNumber: string | null; companyNumber: string | null },
  localPrefix: string,
): string {
  const charity = org.charityNumber;
  if (charity) {
    if (charity.startsWith("SC")) return `GB-SC-${charity}`;
    if (charity.startsWith("NIC")) return `GB-NIC-${charity.slice(3)}`;
    return `GB-CHC-${charity}`;
  }
  if (org.companyNumber) return `GB-COH-${org.companyNumber}`;
  return `${localPrefix}-${org.id}`;
}
