// Emails about applications: the receipt with a copy of the answers, returned for changes,
// a partner's request to confirm, and an invitation to join an organisation.
import { formatDate, formatDeadline, formatTime } from "~/utils/format";
import { answers, button, h, inset, p, type Email } from "./render";

type Rows = { question: string; answer: string }[];

export function applicationReceived(d: {
  name: string;
  reference: string;
  programmeName: string;
  cycleName: string;
  organisationName: string;
  submittedAt: string;
  viewUrl: string;
  resubmitted: boolean;
  /** When the round expects to decide (YYYY-MM-DD), and who to ask for help. */
  decisionsExpectedOn?: string | null;
  contact?: string | null;
  groups: { title: string; rows: Rows }[];
}): Email {
  return {
    subject: `${d.resubmitted ? "Changes received" : "Application received"}: ${d.reference}`,
    body: [
      p(`Hello ${d.name},`),
      p(
        `${d.organisationName}'s application to the ${d.programmeName} (${d.cycleName}) was ${d.resubmitted ? "sent again with changes" : "submitted"} at ${formatTime(d.submittedAt)} on ${formatDate(d.submittedAt)}.`,
      ),
      inset(`Your reference is ${d.reference}. Use it if you contact us.`),
      h("What happens next"),
      p(
        `Staff will check that your application can be considered, then a panel will score it. ${d.decisionsExpectedOn ? `We aim to tell you our decision by ${formatDate(d.decisionsExpectedOn)}.` : "We will email you when there is a decision."}`,
      ),
      ...(d.contact ? [p(`If you have a question, email ${d.contact} and give your reference.`)] : []),
      button("View your application", d.viewUrl),
      p("A copy of your answers follows."),
      ...d.groups.flatMap((g) => [h(g.title), answers(g.rows)]),
    ],
  };
}

export function applicationReturned(d: { name: string; reference: string; title: string; message: string; viewUrl: string; closesAt: string }): Email {
  return {
    subject: `Your application ${d.reference} needs changes`,
    body: [
      p(`Hello ${d.name},`),
      p(`Staff have returned your application ${d.reference}${d.title ? ` (${d.title})` : ""} so that you can change it. They said:`),
      inset(d.message),
      p(`Make the changes, then submit it again before the round closes at ${formatDeadline(d.closesAt)}.`),
      button("Change your application", d.viewUrl),
    ],
  };
}

export function partnerConfirmation(d: {
  contactName: string;
  leadName: string;
  projectTitle: string;
  programmeName: string;
  role: string;
  confirmUrl: string;
}): Email {
  return {
    subject: `Please confirm your partnership with ${d.leadName}`,
    body: [
      p(`Hello ${d.contactName},`),
      p(
        `${d.leadName} is applying to the ${d.programmeName}${d.projectTitle ? ` for "${d.projectTitle}"` : ""} and has named your organisation as a partner. They describe your role as:`,
      ),
      inset(d.role),
      p("Please confirm that your organisation is a partner in this project, or tell us it is not. You do not need an account."),
      button("Confirm or decline the partnership", d.confirmUrl),
      p("If you were not expecting this email, you can decline or ignore it."),
    ],
  };
}

export function organisationInvitation(d: { inviterName: string; organisationName: string; acceptUrl: string; days: number }): Email {
  return {
    subject: `Join ${d.organisationName} on the Health Equity Funding Portal`,
    body: [
      p(`${d.inviterName} has invited you to join ${d.organisationName} on the Health Equity Funding Portal, so that you can work on its funding applications.`),
      button("Accept the invitation", d.acceptUrl),
      p(`The link works for ${d.days} days. You will need to sign in, or create an account with this email address.`),
      p("If you were not expecting this, you can ignore this email."),
    ],
  };
}
