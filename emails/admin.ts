// Emails about running the portal itself, for its administrators.
import { p, type Email } from "./render";

/** Sent from "Before you go live" to check that email leaves the portal and arrives. */
export function testEmail(d: { sentBy: string; portalUrl: string }): Email {
  return {
    subject: "Test email from the Health Equity Funding Portal",
    body: [
      p(`${d.sentBy} sent this test email from the "Before you go live" page of the portal at ${d.portalUrl}.`),
      p("It arrived, so the portal can send email to this address. You do not need to do anything."),
      p("If it went to a spam or junk folder, ask whoever runs your mail to let the portal's emails through, so applicants receive theirs."),
    ],
  };
}
