// Every email the portal sends, by name. The outbox stores the name with each message.
import { accountAlreadyExists, confirmEmail, passwordChanged, resetPassword } from "./account";
import { testEmail } from "./admin";
import { applicationReceived, applicationReturned, organisationInvitation, partnerConfirmation } from "./applications";
import { panelInvitation, scoringReminder } from "./panel";
import { applicationDeadlineChanged, closingReminder, roundExtended } from "./rounds";
import { decisionLetter } from "./decisions";
import { returnReminder, returnReviewed, returnSubmitted, returnSubmittedStaff } from "./returns";
import { caseStudyConsentWithdrawn, caseStudyPublished, caseStudyUnpublished } from "./case-studies";
import { paymentMade } from "./payments";
import { awardAccepted, awardCompleted, awardDeclined, awardResponseForStaff, awardVaried, awardWithdrawn } from "./awards";
import type { Email } from "./render";

export const templates = {
  "confirm-email": confirmEmail,
  "account-already-exists": accountAlreadyExists,
  "reset-password": resetPassword,
  "password-changed": passwordChanged,
  "test-email": testEmail,
  "application-received": applicationReceived,
  "application-returned": applicationReturned,
  "partner-confirmation": partnerConfirmation,
  "organisation-invitation": organisationInvitation,
  "round-extended": roundExtended,
  "closing-reminder": closingReminder,
  "application-deadline-changed": applicationDeadlineChanged,
  "decision-letter": decisionLetter,
  "return-reminder": returnReminder,
  "return-submitted": returnSubmitted,
  "return-submitted-staff": returnSubmittedStaff,
  "return-reviewed": returnReviewed,
  "case-study-published": caseStudyPublished,
  "case-study-unpublished": caseStudyUnpublished,
  "case-study-consent-withdrawn": caseStudyConsentWithdrawn,
  "payment-made": paymentMade,
  "panel-invitation": panelInvitation,
  "scoring-reminder": scoringReminder,
  "award-accepted": awardAccepted,
  "award-declined": awardDeclined,
  "award-varied": awardVaried,
  "award-withdrawn": awardWithdrawn,
  "award-response-staff": awardResponseForStaff,
  "award-completed": awardCompleted,
} satisfies Record<string, (data: never) => Email>;

export type TemplateName = keyof typeof templates;
export type TemplateData<K extends TemplateName> = Parameters<(typeof templates)[K]>[0];

/** Messages that carry a sign-in or reset link: their body is not shown on the outbox page when real mail is on. */
export const SENSITIVE_TEMPLATES: ReadonlySet<TemplateName> = new Set([
  "confirm-email",
  "reset-password",
  "partner-confirmation",
  "organisation-invitation",
  "panel-invitation",
]);

export { renderEmail, type Branding, type RenderedEmail } from "./render";
