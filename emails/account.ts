// Emails about a person's account. Plain English; say what happened and what to do next.
import { button, inset, p, type Email } from "./render";

export function confirmEmail(d: { name: string; confirmUrl: string; hours: number }): Email {
  return {
    subject: "Confirm your email address",
    body: [
      p(`Hello ${d.name},`),
      p("You created an account on the Health Equity Funding Portal. Confirm your email address to start using it: select the link, then enter the password you chose."),
      button("Confirm your email address", d.confirmUrl),
      p(`The link works for ${d.hours} hours and only once.`),
      p("If you did not create an account, you can ignore this email. Nobody can use the account without confirming it."),
    ],
  };
}

export function accountAlreadyExists(d: { signInUrl: string; resetUrl: string }): Email {
  return {
    subject: "You already have an account",
    body: [
      p("Someone tried to create an account on the Health Equity Funding Portal with this email address. You already have an account."),
      button("Sign in", d.signInUrl),
      p(`If you have forgotten your password, you can reset it: ${d.resetUrl}`),
      p("If this was not you, you can ignore this email. Your account has not changed."),
    ],
  };
}

export function resetPassword(d: { name: string; resetUrl: string; minutes: number }): Email {
  return {
    subject: "Reset your password",
    body: [
      p(`Hello ${d.name},`),
      p("We received a request to reset the password for your Health Equity Funding Portal account."),
      button("Reset your password", d.resetUrl),
      p(`The link works for ${d.minutes} minutes and only once.`),
      inset("If you did not ask to reset your password, ignore this email. Your password will not change."),
    ],
  };
}

export function passwordChanged(d: {
  name: string;
  signInUrl: string;
  contactEmail: string;
  signedOut: "everywhere" | "elsewhere";
}): Email {
  return {
    subject: "Your password has been changed",
    body: [
      p(`Hello ${d.name},`),
      p(
        `The password for your Health Equity Funding Portal account has been changed. ${
          d.signedOut === "everywhere"
            ? "You have been signed out on every device."
            : "You have been signed out on every device except the one you changed it on."
        }`,
      ),
      button("Sign in", d.signInUrl),
      p(`If you did not change your password, contact us now at ${d.contactEmail}.`),
    ],
  };
}
