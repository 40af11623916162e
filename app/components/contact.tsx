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
