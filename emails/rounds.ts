// Emails about a round's dates, to organisations with an application not yet submitted: the
// round extended, a reminder before it closes, and more time for one application.
import { formatDeadline } from "~/utils/format";
import { button, inset, p, type Email } from "./render";

type Drafter = { organisationName: string; cycleName: string; programmeName: string; viewUrl: string; contact: string | null };

const help = (contact: string | null) => (contact ? [p(`If you need help, email ${contact}.`)] : []);

export function roundExtended(d: Drafter & { closesAt: string; ownDeadline: string | null }): Email {
  return {
    subject: `More time to apply: ${d.cycleName} now closes at ${formatDeadline(d.closesAt)}`,
    body: [
      p("Hello,"),
      p(`The ${d.programmeName} round "${d.cycleName}" now closes later than planned, at ${formatDeadline(d.closesAt)}.`),
      d.ownDeadline
        ? inset(`${d.organisationName} has been given its own deadline, which is later still: ${formatDeadline(d.ownDeadline)}.`)
        : inset(`${d.organisationName} has an application in this round that has not been submitted yet. You now have until ${formatDeadline(d.closesAt)} to submit it.`),
      button("Continue your application", d.viewUrl),
      ...help(d.contact),
    ],
  };
}

export function closingReminder(d: Drafter & { deadline: string; days: number }): Email {
  const when = d.days <= 1 ? "in less than 2 days" : `in ${d.days} days`;
  return {
    subject: `Reminder: your application to ${d.cycleName} must be submitted by ${formatDeadline(d.deadline)}`,
    body: [
      p("Hello,"),
      p(`${d.organisationName} has started an application to the ${d.programmeName} round "${d.cycleName}" but has not submitted it yet.`),
      inset(`The deadline is ${formatDeadline(d.deadline)}, ${when}. An application that is not submitted by then cannot be considered.`),
      p("Your answers so far are saved. Check that every section is complete, then check your answers and submit."),
      button("Continue your application", d.viewUrl),
      ...help(d.contact),
      p("If you have decided not to apply, you can withdraw the application from its page, and we will stop reminding you."),
    ],
  };
}

export function applicationDeadlineChanged(d: Drafter & { deadline: string | null; roundClosesAt: string }): Email {
  return d.deadline
    ? {
        subject: `More time for your application to ${d.cycleName}`,
        body: [
          p("Hello,"),
          p(`We have given ${d.organisationName}'s application to the ${d.programmeName} round "${d.cycleName}" more time.`),
          inset(`Your deadline is now ${formatDeadline(d.deadline)}.`),
          button("Continue your application", d.viewUrl),
          ...help(d.contact),
        ],
      }
    : {
        subject: `Your deadline for ${d.cycleName} is the round's closing time again`,
        body: [
          p("Hello,"),
          p(`The extra time we gave ${d.organisationName}'s application to the ${d.programmeName} round "${d.cycleName}" has been removed.`),
          inset(`Your deadline is the round's closing time: ${formatDeadline(d.roundClosesAt)}.`),
          button("Continue your application", d.viewUrl),
          ...help(d.contact),
        ],
      };
}
