// The account forms' schemas, used by the page (react-hook-form) and the server alike.
// Messages follow the GOV.UK Design System's wording for each kind of error.
import { z } from "zod";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export const email = z
  .string({ error: "Enter your email address" })
  .trim()
  .min(1, "Enter your email address")
  .max(254, "Email address must be 254 characters or fewer")
  .pipe(z.email("Enter an email address in the correct format, like name@example.com"));

const newPassword = z
  .string({ error: "Enter a password" })
  .min(1, "Enter a password")
  .min(PASSWORD_MIN, `Password must be ${PASSWORD_MIN} characters or more`)
  .max(PASSWORD_MAX, `Password must be ${PASSWORD_MAX} characters or fewer`);

export const signInSchema = z.object({
  email,
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(PASSWORD_MAX, "Enter your password"),
  redirectTo: z.string().optional(),
});

export const signUpSchema = z.object({
  name: z
    .string({ error: "Enter your full name" })
    .trim()
    .min(1, "Enter your full name")
    .max(100, "Full name must be 100 characters or fewer"),
  email,
  password: newPassword,
});

export const forgotPasswordSchema = z.object({ email });

export const resetPasswordSchema = z.object({
  token: z.string().min(20).max(100),
  password: newPassword,
});

export const resendConfirmationSchema = z.object({ email });

export const changePasswordSchema = z.object({
  currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(PASSWORD_MAX, "Enter your current password"),
  password: newPassword,
});

export const confirmEmailSchema = z.object({
  token: z.string().min(20).max(100),
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(PASSWORD_MAX, "Enter your password"),
});

/** The page a one-time link from `npm run admin:create` opens: the person chooses a password. */
export const setPasswordSchema = z.object({
  token: z.string().min(20).max(100),
  password: newPassword,
});

/** `npm run admin:create -- --email … [--name …]`: checked as a form would be. */
export const adminCreateSchema = z.object({
  email,
  name: z.string().trim().max(100, "The name must be 100 characters or fewer").optional(),
});
