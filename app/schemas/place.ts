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
