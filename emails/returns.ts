// Emails about evaluation returns: the reminder (due soon, due today, overdue), the receipt with
// a copy of the answers, staff's review (accepted, or changes asked with their comments), and a
// note to the place's contact email that a return is waiting for review.
import { formatDate, formatDateTime } from "~/utils/format";
import { answers, button, h, inset, p, type Email } from "./render";

type AboutReturn = {
  returnTitle: string;
  reference: string;
  projectTitle: string;
  organisationName: string;
  /** YYYY-MM-DD */
  dueDate: string;
};

/** "interim return", for the middle of a sentence. */
const lower = (title: string) => title.charAt(0).toLowerCase() + title.slice(1);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const project = (d: AboutReturn) => (d.projectTitle ? `${d.reference} (${d.projectTitle})` : d.reference);

export function returnReminder(d: AboutReturn & { name: string; days: number; changesRequested: boolean; viewUrl: string }): Email {
  const what = lower(d.returnTitle);
  const due = formatDate(d.dueDate);
  const stillToDo = d.changesRequested
    ? p("Staff asked for changes to this return. Make the changes, then check your answers and submit it again.")
    : p("You can fill it in bit by bit: your answers are saved as you go. When every section is complete, check your answers and submit it.");
  if (d.days < 0) {
    return {
      subject: `Reminder: your ${what} for ${d.reference} is due on ${due}`,
      body: [
        p(`Hello ${d.name},`),
        p(`${d.organisationName}'s ${what} for ${project(d)} is due on ${due}, in ${plural(-d.days, "day", "days")}.`),
        stillToDo,
        button(`Go to your ${what}`, d.viewUrl),
        p("If you cannot send it on time, contact us before the due date."),
      ],
    };
  }
  if (d.days === 0) {
    return {
      subject: `Your ${what} for ${d.reference} is due today`,
      body: [
        p(`Hello ${d.name},`),
        p(`${d.organisationName}'s ${what} for ${project(d)} is due today, ${due}.`),
        stillToDo,
        button(`Go to your ${what}`, d.viewUrl),
        p("If you cannot send it today, contact us."),
      ],
    };
  }
  return {
    subject: `Your ${what} for ${d.reference} is overdue`,
    body: [
      p(`Hello ${d.name},`),
      p(`${d.organisationName}'s ${what} for ${project(d)} was due on ${due}, ${plural(d.days, "day", "days")} ago.`),
      stillToDo,
      button(`Go to your ${what}`, d.viewUrl),
      p("Some payments are made only after a return is accepted. If something is stopping you from sending it, contact us and we will help."),
    ],
  };
}

export function returnSubmitted(
  d: AboutReturn & {
    name: string;
    submittedAt: string;
    resubmitted: boolean;
    viewUrl: string;
    groups: { title: string; rows: { question: string; answer: string }[] }[];
  },
): Email {
  const what = lower(d.returnTitle);
  return {
    subject: `We have received your ${what} for ${d.reference}`,
    body: [
      p(`Hello ${d.name},`),
      p(
        `${d.organisationName}'s ${what} for ${project(d)} was ${d.resubmitted ? "submitted again with changes" : "submitted"} on ${formatDateTime(d.submittedAt)}. Thank you.`,
      ),
      h("What happens next"),
      p("Staff will read your return. We will email you when they accept it, or if they ask you to change anything."),
      button(`View your ${what}`, d.viewUrl),
      h("A copy of your answers"),
      ...d.groups.flatMap((g) => [h(g.title), answers(g.rows)]),
    ],
  };
}

export function returnReviewed(
  d: AboutReturn & { name: string; outcome: "accepted" | "changes_requested"; comments: string | null; viewUrl: string },
): Email {
  const what = lower(d.returnTitle);
  if (d.outcome === "accepted") {
    return {
      subject: `Your ${what} for ${d.reference} has been accepted`,
      body: [
        p(`Hello ${d.name},`),
        p(`Staff have accepted ${d.organisationName}'s ${what} for ${project(d)}. Thank you.`),
        ...(d.comments ? [p("They said:"), inset(d.comments)] : []),
        button(`View your ${what}`, d.viewUrl),
      ],
    };
  }
  return {
    subject: `Changes needed to your ${what} for ${d.reference}`,
    body: [
      p(`Hello ${d.name},`),
      p(`Staff have read ${d.organisationName}'s ${what} for ${project(d)} and ask you to change some things before they can accept it. They said:`),
      inset(d.comments ?? ""),
      p("Your return is open again. Make the changes, then check your answers and submit it again."),
      button(`Change your ${what}`, d.viewUrl),
    ],
  };
}

/** To the place's contact email: a return is waiting for review. */
export function returnSubmittedStaff(d: AboutReturn & { submittedAt: string; resubmitted: boolean; reviewUrl: string }): Email {
  return {
    subject: `${d.returnTitle} ${d.resubmitted ? "submitted again" : "submitted"}: ${d.reference}`,
    body: [
      p(`${d.organisationName} ${d.resubmitted ? "submitted their " + lower(d.returnTitle) + " again, with the changes asked for," : "submitted their " + lower(d.returnTitle)} for ${project(d)} on ${formatDateTime(d.submittedAt)}. It was due on ${formatDate(d.dueDate)}.`),
      p("Read it, then accept it or ask for changes."),
      button("Review the return", d.reviewUrl),
    ],
  };
}
