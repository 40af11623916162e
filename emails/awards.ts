// The emails of an award's life: to each member of the grantee organisation when the offer is
// accepted or declined (a confirmation), when staff vary the award (what changed and why) or
// withdraw it; and a note to the place's contact address when a grantee answers an offer, so
// staff know. Plain English; never bank details.
import { formatDate, formatMoney } from "~/utils/format";
import { button, h, inset, list, p, type Email } from "./render";

type AwardEmail = {
  name: string;
  reference: string;
  title: string;
  organisationName: string;
  viewUrl: string;
};

const project = (d: { reference: string; title: string }) => `${d.reference}${d.title ? ` (${d.title})` : ""}`;

export type AwardAccepted = AwardEmail & {
  amountPence: number;
  termsTitle: string;
  termsVersion: number;
  acceptedBy: string;
  acceptedAt: string;
};

export function awardAccepted(d: AwardAccepted): Email {
  return {
    subject: `You have accepted the offer for ${d.reference}`,
    body: [
      p(`Hello ${d.name},`),
      p(`${d.acceptedBy} accepted the offer of a grant for ${d.organisationName}'s project ${project(d)} on ${formatDate(d.acceptedAt)}.`),
      inset(`Amount: ${formatMoney(d.amountPence)}\nGrant terms: ${d.termsTitle}, version ${d.termsVersion}`),
      h("What happens next"),
      p("We pay the grant in the instalments shown on your award. An instalment with a condition is paid once the condition is met. Our finance team confirms your bank details with you separately: we never ask for them by email or in the portal."),
      p("Your award page lists the returns we will ask for and when they are due. We will remind you before each one."),
      button("View your award", d.viewUrl),
      p(`Use your reference, ${d.reference}, if you contact us.`),
    ],
  };
}

export type AwardDeclined = AwardEmail & { amountPence: number; reason: string; declinedBy: string };

export function awardDeclined(d: AwardDeclined): Email {
  return {
    subject: `You have declined the offer for ${d.reference}`,
    body: [
      p(`Hello ${d.name},`),
      p(`${d.declinedBy} declined the offer of ${formatMoney(d.amountPence)} for ${d.organisationName}'s project ${project(d)}. The reason given was:`),
      inset(d.reason),
      p("The offer is now closed, and no money will be paid. If this was a mistake, contact us as soon as you can, quoting your reference."),
      button("View the offer", d.viewUrl),
      p(`Your reference is ${d.reference}.`),
    ],
  };
}

export type AwardVaried = AwardEmail & {
  /** Each change in words, e.g. "Amount: £5,000 → £4,500". */
  changes: string[];
  reason: string;
  /** An open offer changes before it is accepted: the grantee answers the new one. */
  offered: boolean;
};

export function awardVaried(d: AwardVaried): Email {
  return {
    subject: d.offered ? `Your offer for ${d.reference} has changed` : `Your award ${d.reference} has changed`,
    body: [
      p(`Hello ${d.name},`),
      p(`We have changed ${d.offered ? "the offer" : "the award"} for ${d.organisationName}'s project ${project(d)}.`),
      h("What changed"),
      list(d.changes.length ? d.changes : ["Nothing you can see on the award: the record was updated."]),
      h("Why"),
      inset(d.reason),
      d.offered
        ? p("Read the changed offer in the portal, then accept it (or decline it). If you had the offer open already, it will ask you to read it again.")
        : p("Your award page shows the award as it is now, with its payments and returns."),
      button(d.offered ? "View your offer" : "View your award", d.viewUrl),
      p(`Use your reference, ${d.reference}, if you have a question about the change.`),
    ],
  };
}

export type AwardWithdrawn = AwardEmail & { reason: string; paidPence: number; offered: boolean };

export function awardWithdrawn(d: AwardWithdrawn): Email {
  return {
    subject: d.offered ? `The offer for ${d.reference} has been withdrawn` : `Your award ${d.reference} has been withdrawn`,
    body: [
      p(`Hello ${d.name},`),
      p(`We have withdrawn ${d.offered ? "the offer of a grant" : "the grant"} for ${d.organisationName}'s project ${project(d)}. The reason is:`),
      inset(d.reason),
      h("What this means"),
      p("No more payments will be made, and we will not ask for the returns you have not sent yet."),
      ...(d.paidPence > 0
        ? [p(`${formatMoney(d.paidPence)} has already been paid. We will contact you separately about it: nothing is taken back through the portal.`)]
        : []),
      button(d.offered ? "View the offer" : "View the award", d.viewUrl),
      p(`If you have a question, contact us quoting your reference, ${d.reference}.`),
    ],
  };
}

export type AwardCompleted = AwardEmail & { paidPence: number };

/** Every return accepted and every instalment paid: the award is completed. */
export function awardCompleted(d: AwardCompleted): Email {
  return {
    subject: `Your award ${d.reference} is completed`,
    body: [
      p(`Hello ${d.name},`),
      p(`Thank you. We have accepted every return for ${d.organisationName}'s project ${project(d)}, and made the last payment (${formatMoney(d.paidPence)} paid in all). The award is now completed: there is nothing more you need to do.`),
      p("Thank you for the work you have done, and for telling us about it."),
      button("View your award", d.viewUrl),
      p(`Your reference is ${d.reference}.`),
    ],
  };
}

export type AwardResponseForStaff = {
  reference: string;
  title: string;
  organisationName: string;
  outcome: "accepted" | "declined";
  amountPence: number;
  by: string;
  reason: string | null;
  termsTitle: string | null;
  termsVersion: number | null;
  staffUrl: string;
};

/** To the place's contact address: a grantee answered an offer. */
export function awardResponseForStaff(d: AwardResponseForStaff): Email {
  return {
    subject: `Offer ${d.outcome}: ${d.reference}`,
    body: [
      p(`${d.organisationName} has ${d.outcome} the offer of ${formatMoney(d.amountPence)} for ${project(d)}. ${d.by} answered for them.`),
      ...(d.outcome === "accepted" && d.termsTitle ? [p(`They accepted ${d.termsTitle}, version ${d.termsVersion}.`)] : []),
      ...(d.outcome === "declined" && d.reason ? [h("Their reason"), inset(d.reason)] : []),
      button("View the award", d.staffUrl),
    ],
  };
}
