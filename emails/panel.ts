// Emails to the panel: the invitation to join a round's panel, and the reminder before the
// scoring deadline to those with applications still to score.
import { formatDeadline } from "~/utils/format";
import { button, list, p, type Email } from "./render";

export function panelInvitation(d: {
  name: string;
  email: string;
  inviterName: string;
  cycleName: string;
  programmeName: string;
  scoringOpensAt: string | null;
  scoringClosesAt: string | null;
  acceptUrl: string;
  days: number;
  /** Whether an account with this email address already exists. */
  hasAccount: boolean;
}): Email {
  return {
    subject: `You are invited to join the panel for ${d.cycleName}`,
    body: [
      p(`Hello ${d.name},`),
      p(`${d.inviterName} has invited you to join the panel that scores applications to the ${d.programmeName}, ${d.cycleName}.`),
      d.scoringOpensAt && d.scoringClosesAt
        ? p(`Scoring opens at ${formatDeadline(d.scoringOpensAt)} and closes at ${formatDeadline(d.scoringClosesAt)}.`)
        : p("Staff have not set the scoring dates yet. We will tell you when applications are ready to score."),
      p("As a panel member you will:"),
      list([
        "say, for each application, whether you have a conflict of interest, before you see it",
        "score each application you are given against the round's criteria, on your own, with a comment where the guidance asks for one",
        "submit your scores before scoring closes; you see other panel members' scores only after submitting your own",
      ]),
      button("Join the panel", d.acceptUrl),
      d.hasAccount
        ? p(`You already have an account with ${d.email}. Sign in with it to join the panel.`)
        : p(`You do not have an account yet. When the link asks you to sign in, choose "Create an account" and use this email address, ${d.email}.`),
      p(`The link works for ${d.days} days. If you were not expecting this, you can ignore this email.`),
    ],
  };
}

export function scoringReminder(d: { name: string; cycleName: string; closesAt: string; outstanding: number; scoreUrl: string }): Email {
  const applications = d.outstanding === 1 ? "1 application" : `${d.outstanding} applications`;
  return {
    subject: `Reminder: applications to score by ${formatDeadline(d.closesAt)}`,
    body: [
      p(`Hello ${d.name},`),
      p(`You have ${applications} still to score for ${d.cycleName}. Scoring closes at ${formatDeadline(d.closesAt)}.`),
      p("Scores you have saved as a draft do not count until you submit them."),
      button("Score applications", d.scoreUrl),
      p("If you have a conflict of interest with an application, declare it on the application's page and you will not be asked to score it."),
    ],
  };
}
