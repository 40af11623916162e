// Case studies on the public page of funded projects: the organisation's members are told when
// staff publish their story (with the public link, and how to withdraw consent) and when staff
// take it off again (with the reason); staff are told when an organisation withdraws consent,
// as the story may be used elsewhere (the Annual Public Health Report, the microsite).
import { button, inset, p, type Email } from "./render";

export type CaseStudyPublished = {
  name: string;
  organisationName: string;
  projectTitle: string;
  returnTitle: string;
  publicUrl: string;
  publicationUrl: string;
};

export function caseStudyPublished(d: CaseStudyPublished): Email {
  return {
    subject: `Your case study is published: ${d.projectTitle}`,
    body: [
      p(`Hello ${d.name},`),
      p(`Thank you for sharing ${d.organisationName}'s story. We have approved the story from your ${d.returnTitle.toLowerCase()}, and it is now on the public page of funded projects, with your project.`),
      button("See your story on the public page", d.publicUrl),
      p("You can withdraw your consent to publish at any time. The story is then taken off the public page straight away."),
      button("Your story on the public page", d.publicationUrl),
    ],
  };
}

export type CaseStudyUnpublished = {
  name: string;
  organisationName: string;
  projectTitle: string;
  reason: string;
  publicationUrl: string;
};

export function caseStudyUnpublished(d: CaseStudyUnpublished): Email {
  return {
    subject: `Your case study is no longer published: ${d.projectTitle}`,
    body: [
      p(`Hello ${d.name},`),
      p(`We have taken ${d.organisationName}'s story off the public page of funded projects. Your project is still listed there.`),
      p("The reason we gave:"),
      inset(d.reason),
      p("If you have questions about this, contact the public health team."),
      button("Your story on the public page", d.publicationUrl),
    ],
  };
}

export type CaseStudyConsentWithdrawn = {
  organisationName: string;
  reference: string;
  projectTitle: string;
  /** Whether the story was on the public page until now. */
  wasPublic: boolean;
  staffUrl: string;
};

export function caseStudyConsentWithdrawn(d: CaseStudyConsentWithdrawn): Email {
  const project = [d.reference, d.projectTitle].filter(Boolean).join(": ");
  return {
    subject: `Consent to publish withdrawn: ${d.reference || d.organisationName}`,
    body: [
      p(`${d.organisationName} has withdrawn consent to publish the story of ${project || "its project"}.`),
      p(
        d.wasPublic
          ? "The story has been taken off the public page of funded projects. If you use it anywhere else, such as a report or the microsite, remove it there too."
          : "The story was not on the public page. Do not publish it anywhere else.",
      ),
      button("See the case study page", d.staffUrl),
    ],
  };
}
