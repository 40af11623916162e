// The decision letter, one per member of the applicant organisation, sent when staff release
// the round's decisions. It says the outcome and what happens next: for an award the amount and
// any conditions, for a decline the panel's feedback. Never scores, panel members' names or
// comments, or the reasons recorded for the Board.
import { formatMoney } from "~/utils/format";
import { button, h, inset, p, type Email } from "./render";

export type DecisionLetter = {
  name: string;
  reference: string;
  title: string;
  organisationName: string;
  programmeName: string;
  cycleName: string;
  outcome: "award" | "decline" | "reserve";
  amountPence: number | null;
  conditions: string | null;
  feedback: string | null;
  viewUrl: string;
};

export function decisionLetter(d: DecisionLetter): Email {
  const project = d.title ? ` (${d.title})` : "";
  const opening = [p(`Hello ${d.name},`)];
  switch (d.outcome) {
    case "award":
      return {
        subject: `Your application ${d.reference} has been awarded funding`,
        body: [
          ...opening,
          p(`We are pleased to tell you that ${d.organisationName}'s application ${d.reference}${project} to the ${d.programmeName} (${d.cycleName}) has been awarded funding.`),
          inset(`Amount awarded: ${formatMoney(d.amountPence ?? 0)}`),
          ...(d.conditions ? [h("Conditions of the award"), p("The award is made on these conditions:"), inset(d.conditions)] : []),
          h("What happens next"),
          p("Your offer is waiting in the portal, with the payment schedule, the returns we will ask for and the grant terms. Read them, then accept the offer there (or decline it). We pay the award once it is accepted."),
          button("View your offer", d.viewUrl),
          p(`Use your reference, ${d.reference}, if you contact us.`),
        ],
      };
    case "decline":
      return {
        subject: `Decision on your application ${d.reference}`,
        body: [
          ...opening,
          p(`Thank you for applying to the ${d.programmeName} (${d.cycleName}). We are sorry to tell you that ${d.organisationName}'s application ${d.reference}${project} has not been funded this time.`),
          p("We received more good applications than we could fund. This is not a judgement on the value of your work in the community."),
          h("Feedback from the panel"),
          inset(d.feedback ?? ""),
          h("What you can do next"),
          p("You are welcome to apply to other funding rounds. The portal lists every round that is open, and the feedback above may help your next application."),
          button("View your application", d.viewUrl),
          p(`Use your reference, ${d.reference}, if you contact us.`),
        ],
      };
    case "reserve":
      return {
        subject: `Your application ${d.reference} is on the reserve list`,
        body: [
          ...opening,
          p(`Thank you for applying to the ${d.programmeName} (${d.cycleName}). The panel has put ${d.organisationName}'s application ${d.reference}${project} on the reserve list.`),
          h("What this means"),
          p("Your application was not funded now, but it could be if money becomes available in this round: for example if another project does not go ahead. You do not need to do anything."),
          p("If your application is funded from the reserve list, we will email you with the offer."),
          button("View your application", d.viewUrl),
          p(`Use your reference, ${d.reference}, if you contact us.`),
        ],
      };
  }
}
