import { z } from "zod";
import { STAFF_TEAMS, USER_ROLES } from "~db/schema";

export const accessSchema = z
  .object({
    role: z.enum(USER_ROLES, { error: "Select what this person can do" }),
    staffTeam: z.enum(STAFF_TEAMS, { error: "Select which team they work for" }).nullish(),
    disabled: z.enum(["yes", "no"], { error: "Select whether the account is open or closed" }),
  })
  .refine((v) => v.role === "user" || v.staffTeam, {
    path: ["staffTeam"],
    message: "Select which team they work for",
  });

/** A page's one-time key, so that a form sent twice does its work once. */
export const REQUEST_KEY = /^[A-Za-z0-9_-]{20,64}$/;

/** "Send a test email" on "Before you go live". */
export const testEmailSchema = z.object({
  to: z
    .string({ error: "Enter the email address to send the test email to" })
    .trim()
    .min(1, "Enter the email address to send the test email to")
    .max(254, "Email address must be 254 characters or fewer")
    .pipe(z.email("Enter an email address in the correct format, like name@example.com"))
    .transform((v) => v.toLowerCase()),
  requestKey: z.string({ error: "This form has expired. Open the page again to send a test email." }).regex(REQUEST_KEY, "This form has expired. Open the page again to send a test email."),
});

/** "Retire the demo data": the confirm page's one button. */
export const retireDemoSchema = z.object({
  confirm: z.literal("yes", { error: "Confirm that you want to retire the demo data" }),
});
