// The email a grantee's members get when staff record a payment: the amount, the date it was
// paid and the remittance reference, to match against their bank statement. Never bank
// details: the portal does not hold them.
import { formatDate, formatMoney } from "~/utils/format";
import { button, inset, p, type Email } from "./render";

export type PaymentMade = {
  name: string;
  reference: string;
  title: string;
  organisationName: string;
  instalment: number;
  amountPence: number;
  /** YYYY-MM-DD */
  paidOn: string;
  remittanceReference: string | null;
  awardUrl: string;
};

export function paymentMade(d: PaymentMade): Email {
  const project = d.title ? ` (${d.title})` : "";
  return {
    subject: `Payment of ${formatMoney(d.amountPence)} for ${d.reference}`,
    body: [
      p(`Hello ${d.name},`),
      p(`We have paid instalment ${d.instalment} of ${d.organisationName}'s award ${d.reference}${project}.`),
      inset(
        [
          `Amount: ${formatMoney(d.amountPence)}`,
          `Date paid: ${formatDate(d.paidOn)}`,
          `Remittance reference: ${d.remittanceReference ?? "none given"}`,
        ].join("\n")
      ),
      p("The money should reach your account within a few working days. The remittance reference is how the payment appears on your bank statement."),
      p("Your award's page shows every payment made and the ones still to come."),
      button("View your award", d.awardUrl),
      p(`Use your reference, ${d.reference}, if you contact us.`),
    ],
  };
}
