// The accessibility statement, in the shape of GOV.UK's model statement.
import { json, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TeamContact } from "~/components/contact";
import { getPlaceContact } from "~/models/place.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = () => pageTitle("Accessibility statement");

export const loader = () => json(getPlaceContact());

export default function Accessibility() {
  const { council, contactEmail } = useLoaderData<typeof loader>();
  const contact = <TeamContact council={council} contactEmail={contactEmail} />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement for the Health Equity Funding Portal</h1>
        <p className="govuk-body">
          This statement applies to the Health Equity Funding Portal, the website where community groups and businesses
          apply for health equity funding, panels score applications and staff run funding rounds. It is run by {council}.
        </p>
        <p className="govuk-body">We want as many people as possible to be able to use this website. You should be able to:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>change colours, contrast levels and fonts using your browser or device settings</li>
          <li>zoom in up to 400% without the text spilling off the screen</li>
          <li>navigate the whole website using just a keyboard</li>
          <li>navigate the whole website using speech recognition software</li>
          <li>listen to the whole website using a screen reader</li>
          <li>use every form with JavaScript turned off</li>
          <li>use the website on a mobile phone</li>
        </ul>
        <p className="govuk-body">We have also made the text as simple as we can, because many people who use it do not speak English as their first language.</p>
        <p className="govuk-body">
          <a className="govuk-link" href="https://mcmw.abilitynet.org.uk/" rel="noreferrer">
            AbilityNet has advice on making your device easier to use
          </a>{" "}
          if you have a disability.
        </p>

        <h2 className="govuk-heading-m">How accessible this website is</h2>
        <p className="govuk-body">
          The website is built with the GOV.UK Design System, whose components are tested with assistive technologies. We
          check every page with an automated accessibility scanner (axe) and with JavaScript turned off each time the
          portal changes.
        </p>
        <p className="govuk-body">Automated checks find only some problems. We know of these:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>the website has not yet been tested by disabled people or by an independent accessibility auditor</li>
          <li>on the email outbox page for staff, the preview of each email is shown in a frame, and the text version is shown beside it for people who find the frame hard to use</li>
        </ul>

        <h2 className="govuk-heading-m">Feedback and contact information</h2>
        <p className="govuk-body">
          If you need information on this website in a different format, like large print, easy read, audio or another
          language, or you need help to apply, contact {contact}. Tell us what you need and we will reply within 5 working
          days.
        </p>

        <h2 className="govuk-heading-m">Reporting accessibility problems with this website</h2>
        <p className="govuk-body">
          We are always looking to improve the accessibility of this website. If you find any problems not listed on this
          page or think we are not meeting accessibility requirements, contact {contact}.
        </p>

        <h2 className="govuk-heading-m">Enforcement procedure</h2>
        <p className="govuk-body">
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and
          Mobile Applications) (No. 2) Accessibility Regulations 2018 (the "accessibility regulations"). If you are not happy
          with how we respond to your complaint,{" "}
          <a className="govuk-link" href="https://www.equalityadvisoryservice.com/" rel="noreferrer">
            contact the Equality Advisory and Support Service (EASS)
          </a>
          .
        </p>

        <h2 className="govuk-heading-m">Technical information about this website's accessibility</h2>
        <p className="govuk-body">
          {council} is committed to making its website accessible, in accordance with the accessibility regulations.
        </p>
        <h3 className="govuk-heading-s">Compliance status</h3>
        <p className="govuk-body">
          This website is partially compliant with the{" "}
          <a className="govuk-link" href="https://www.w3.org/TR/WCAG22/" rel="noreferrer">
            Web Content Accessibility Guidelines version 2.2
          </a>{" "}
          AA standard, because it has not yet been fully audited. We aim for full compliance and will list any problem an
          audit finds on this page, with when we will fix it.
        </p>

        <h2 className="govuk-heading-m">Preparation of this accessibility statement</h2>
        <p className="govuk-body">
          This statement was prepared on 23 November 2026. The website was last tested on 23 November 2026, by the team that
          builds it, using automated checks of every page and by hand with a keyboard and with JavaScript turned off.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/">
            Go to the start page
          </Link>
        </p>
      </div>
    </div>
  );
}
