// How to reach the people who run the portal: the place's contact email, or its team by name.
export function TeamContact({ council, contactEmail }: { council: string; contactEmail: string | null }) {
  return contactEmail ? (
    <a className="govuk-link" href={`mailto:${contactEmail}`}>
      {contactEmail}
    </a>
  ) : (
    <>{council}'s public health team</>
  );
}

/** Who to ask for help: a round's own contact (a name, perhaps) or the place's contact email. */
export type HelpContactView = { name: string | null; email: string };

/**
 * "Get help", at the foot of every page an applicant or the public sees (the page frame puts it
 * there, from the page's `helpContact` or the place's contact email). Nothing when neither is set.
 */
export function HelpContact({ contact }: { contact: HelpContactView }) {
  return (
    <div className="govuk-!-margin-top-8" data-testid="help-contact">
      <hr className="govuk-section-break govuk-section-break--m govuk-section-break--visible" />
      <h2 className="govuk-heading-m">Get help</h2>
      <p className="govuk-body">
        If you have a question or need help, {contact.name ? `contact ${contact.name} at ` : "email "}
        <a className="govuk-link app-wrap-anywhere" href={`mailto:${contact.email}`}>
          {contact.email}
        </a>
        .
      </p>
    </div>
  );
}
