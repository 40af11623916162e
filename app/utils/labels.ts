// The words people see for the portal's states and types, in one place.
import type { TagColour } from "~/components/govuk/content";

export const ORGANISATION_TYPE_LABELS: Record<string, string> = {
  registered_charity: "Registered charity",
  cio: "Charitable incorporated organisation (CIO)",
  cic: "Community interest company (CIC)",
  company_limited_by_guarantee: "Company limited by guarantee",
  community_or_faith_group: "Community or faith group",
  social_enterprise: "Social enterprise",
  business: "Business",
};

/** The kinds of a round's own questions, as staff read them. */
export const QUESTION_KIND_LABELS: Record<string, string> = {
  text: "Short text",
  textarea: "Long text",
  number: "A number",
  money: "An amount of money",
  yes_no: "Yes or no",
  one_of: "One of a list",
  several_of: "Several of a list",
  date: "A date",
};

export const APPLICATION_STATUS: Record<string, { text: string; colour: TagColour }> = {
  draft: { text: "Draft", colour: "grey" },
  submitted: { text: "Submitted", colour: "blue" },
  returned: { text: "Returned for changes", colour: "orange" },
  withdrawn: { text: "Withdrawn", colour: "grey" },
  ineligible: { text: "Not eligible", colour: "red" },
  in_review: { text: "Being assessed", colour: "light-blue" },
  awarded: { text: "Awarded", colour: "green" },
  declined: { text: "Not funded", colour: "red" },
  reserve: { text: "Reserve list", colour: "yellow" },
};

export const OUTBOX_STATUS: Record<string, { text: string; colour: TagColour }> = {
  pending: { text: "Waiting", colour: "yellow" },
  sending: { text: "Sending", colour: "blue" },
  sent: { text: "Sent", colour: "green" },
  failed: { text: "Failed", colour: "red" },
};

export const ROLE_LABELS: Record<string, string> = {
  user: "Applicant or panel member",
  staff: "Staff",
  admin: "Admin",
};

export const STAFF_TEAM_LABELS: Record<string, string> = {
  public_health: "Public health",
  blcf: "Bedfordshire & Luton Community Foundation (BLCF)",
};

/**
 * A decision's outcome, as staff see it (the applicant sees the status once it is released).
 * The decline is "Do not fund" as the choice on the decision form, "Not funded" everywhere else.
 */
export const DECISION_OUTCOME: Record<string, { text: string; colour: TagColour }> = {
  award: { text: "Award", colour: "green" },
  decline: { text: "Not funded", colour: "red" },
  reserve: { text: "Reserve list", colour: "yellow" },
};

/** An award's state on a tag (the same words as AWARD_STATUS_TEXT in awards.server). */
export const AWARD_STATUS_TAG: Record<string, { text: string; colour: TagColour }> = {
  offered: { text: "Offer waiting for an answer", colour: "blue" },
  accepted: { text: "Accepted", colour: "green" },
  declined: { text: "Offer declined", colour: "grey" },
  withdrawn: { text: "Withdrawn", colour: "red" },
  completed: { text: "Completed", colour: "turquoise" },
};

/** An evaluation return's state on a tag (the same words as RETURN_STATUS_TEXT in awards.server). */
export const RETURN_STATUS_TAG: Record<string, { text: string; colour: TagColour }> = {
  not_started: { text: "Not started", colour: "grey" },
  draft: { text: "In progress", colour: "light-blue" },
  submitted: { text: "Submitted", colour: "blue" },
  changes_requested: { text: "Changes asked for", colour: "orange" },
  accepted: { text: "Accepted", colour: "green" },
};

/** An instalment's state on a tag. */
export const PAYMENT_STATUS_TAG: Record<string, { text: string; colour: TagColour }> = {
  scheduled: { text: "Not paid yet", colour: "grey" },
  paid: { text: "Paid", colour: "green" },
  cancelled: { text: "Cancelled", colour: "red" },
};
