// Success messages shown after a redirect, named in the URL (`?notice=…`) so they work without
// JavaScript or cookies. Only these fixed texts can be shown: the URL cannot inject words.
const NOTICES = {
  "signed-out": "You have signed out.",
  "email-confirmed": "Your email address is confirmed. Welcome to the Health Equity Funding Portal.",
  "password-reset": "Your password has been changed. Sign in with your new password.",
  "password-changed": "Your password has been changed. You have been signed out on your other devices.",
  "sessions-ended": "You have been signed out on your other devices.",
  "access-updated": "The account has been updated.",
  "user-signed-out": "The person has been signed out on every device.",
  "ward-updated": "The ward has been updated.",
  "message-retried": "The email has been put back in the queue.",
  "contact-updated": "The contact email has been saved.",
  "place-updated": "The place settings have been saved.",
  "rules-updated": "The round's rules have been saved.",
  // The round's own questions and the documents it asks for (staff).
  "question-added": "The question has been added.",
  "question-saved": "The question has been saved.",
  "question-unchanged": "Nothing was changed: the question is as it was.",
  "question-moved": "The question has been moved.",
  "question-removed": "The question has been removed.",
  "round-document-added": "The document has been added to the round's list.",
  "round-document-saved": "The document has been saved.",
  "round-document-moved": "The document has been moved.",
  "round-document-removed": "The document has been removed from the round's list.",
  "eligibility-recorded": "The eligibility check has been recorded.",
  "returned-for-changes": "The application has been returned for changes. We have emailed everyone in the organisation.",
  "partner-added": "The partner has been added. We have emailed them to ask them to confirm.",
  "partner-removed": "The partner has been removed.",
  "partner-request-sent": "We have emailed the partner again. The link in any earlier email no longer works.",
  "invitation-sent": "Your colleague has been invited. The link in the email works for 7 days.",
  "invitation-accepted": "You have joined the organisation. You can now work on its applications.",
  // Panel set-up (staff) and joining a panel.
  "panel-settings-saved": "The panel settings have been saved.",
  "panel-member-invited": "The invitation has been sent. The link in the email works for 14 days.",
  "panel-invitation-resent": "The invitation has been sent again. The link in any earlier email no longer works.",
  "panel-invitation-recent": "The invitation was sent again a moment ago, so it has not been sent again now. The link in the newest email works.",
  "panel-member-removed": "The person has been removed from the panel. They can no longer see the round's applications.",
  "scoring-closed": "Scoring has closed. Panel members can no longer change their scores.",
  "reminders-sent": "Scoring reminders have been sent.",
  "criterion-added": "The criterion has been added.",
  "criterion-saved": "The criterion has been saved.",
  "criterion-removed": "The criterion has been removed.",
  "assignments-saved": "Who scores what has been saved.",
  "panel-joined": "You have joined the panel. Before you see each application, you will be asked about conflicts of interest.",
  "organisation-updated": "Your organisation's details have been saved.",
  "session-ended": "You were signed out, so what you typed has not been saved yet. Sign in again and it will be put back on the page.",
  "saved": "Your answers have been saved. You can come back to them at any time before the round closes.",
  "already-started": "Your organisation had already started an application to this round. Here it is.",
  "withdrawn": "Your application has been withdrawn.",
  "item-added": "The item has been added.",
  "item-removed": "The item has been removed.",
  "document-uploaded": "The document has been uploaded.",
  "document-removed": "The document has been removed.",
  // Evaluation returns (grantee and staff).
  "return-saved": "Your answers have been saved. You can come back to them at any time before you submit the return.",
  "return-submitted": "Return submitted. We have emailed a copy to everyone in your organisation. Staff will read it and tell you if anything needs changing.",
  "return-file-uploaded": "The file has been uploaded.",
  "return-file-removed": "The file has been removed.",
  "return-reviewed-accepted": "The return has been accepted. We have emailed the grantee.",
  "return-reviewed-changes": "You have asked for changes. We have emailed the grantee, and the return is open for them to change.",
  "return-schedule-saved": "The return schedule has been saved.",
  // Awards: the grantee's answer to an offer, and staff changes.
  "offer-accepted": "You have accepted the offer. We have emailed everyone in your organisation to confirm it.",
  "offer-declined": "You have declined the offer. We have emailed everyone in your organisation to confirm it.",
  "award-varied": "The variation has been saved. We have emailed the grantee's members what changed and why.",
  "award-withdrawn": "The award has been withdrawn. We have emailed the grantee's members.",
  "condition-met": "The condition has been marked as met.",
  "condition-not-met": "The condition has been marked as not met.",
  "terms-published": "The new version of the grant terms has been published. Offers still waiting for an answer are now accepted on it.",
  // Case studies on the public page of funded projects.
  "case-study-approved": "The story is approved and is now on the public page. We have emailed the organisation.",
  "case-study-already-approved": "This story was already approved for the public page. Nothing has changed.",
  "case-study-approval-withdrawn": "Approval has been withdrawn. The story is no longer on the public page.",
  "consent-withdrawn": "You have withdrawn consent to publish. Your story is no longer on the public page.",
  // An award's payments (staff).
  "payment-recorded": "Payment recorded. We have emailed the organisation's members to tell them it has been paid.",
  "instalment-added": "The instalment has been added to the payment schedule.",
  "instalment-changed": "The instalment has been changed.",
  "instalment-unchanged": "Nothing was changed: the instalment is as it was.",
  "instalment-cancelled": "The instalment has been cancelled. It stays in the schedule, marked cancelled.",
  // Indicators and Fingertips imports (staff).
  "indicator-added": "The indicator has been added.",
  "indicator-saved": "The indicator has been saved.",
  "indicator-archived": "The indicator has been archived. Its values are kept.",
  "indicator-unarchived": "The indicator is back in the list.",
  "value-saved": "The value has been saved.",
  "import-done": "The values have been imported.",
  "import-already-done": "This file had already been imported. Nothing was imported twice.",
  "import-discarded": "The file has been discarded. Nothing was imported.",
} as const;

export type NoticeKey = keyof typeof NOTICES;

export function noticeText(key: string | null): string | null {
  return key && key in NOTICES ? NOTICES[key as NoticeKey] : null;
}

export const withNotice = (path: string, key: NoticeKey) => `${path}${path.includes("?") ? "&" : "?"}notice=${key}`;
