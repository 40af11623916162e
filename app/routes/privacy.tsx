// The privacy notice: what the portal keeps about people, why, who sees it, and for how long.
import { json, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TeamContact } from "~/components/contact";
import { getPlaceContact } from "~/models/place.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = () => pageTitle("Privacy notice");

export const loader = () => json(getPlaceContact());

export default function Privacy() {
  const { council, contactEmail } = useLoaderData<typeof loader>();
  const contact = <TeamContact council={council} contactEmail={contactEmail} />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Privacy notice</h1>
        <p className="govuk-body">
          This notice explains what information the Health Equity Funding Portal keeps about you, why, who can see it and
          what your rights are. {council} is the data controller for the portal.
        </p>

        <h2 className="govuk-heading-m">What we keep</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>your account: your name, email address, and a scrambled form of your password that cannot be turned back into it</li>
          <li>when you sign in, and the type of browser you use, so that you can see where you are signed in</li>
          <li>your organisation's details, and the applications, documents and evaluation returns you send</li>
          <li>if you are on a panel: your declarations of interest, scores and comments</li>
          <li>the emails the portal sends you</li>
          <li>a record of what was done in the portal, by whom and when, so that every funding decision can be checked</li>
        </ul>
        <p className="govuk-body">
          Applications may include information about the people a project helps, such as how many people of each group it
          reaches. Do not send us names or other details of individual people who use your project unless we ask for them.
        </p>

        <h2 className="govuk-heading-m">Why we keep it</h2>
        <p className="govuk-body">
          We use your information to run the funding programmes: to decide on applications fairly, make and pay awards,
          follow how funded projects go, and report what the funding achieved. The law that lets us do this is that it is
          part of the council's public task of improving the health of local people (UK GDPR Article 6(1)(e)).
        </p>

        <h2 className="govuk-heading-m">Who can see it</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>public health and Bedfordshire & Luton Community Foundation staff who run the funding programmes</li>
          <li>panel members, who see the applications they score, only after declaring any conflict of interest</li>
          <li>other members of your organisation, who can see and work on its applications</li>
        </ul>
        <p className="govuk-body">
          If you are awarded funding, we publish the award (your organisation's name, the amount, the project title and the
          areas it serves) as open data. We publish your project's story only if you agree.
        </p>

        <h2 className="govuk-heading-m">How long we keep it</h2>
        <p className="govuk-body">
          We keep applications, decisions and awards for as long as the council's records policy requires for grants,
          because they are financial records. You can ask us to close your account at any time; your organisation's
          applications are kept.
        </p>

        <h2 className="govuk-heading-m">Cookies</h2>
        <p className="govuk-body">
          The portal uses one cookie, <code>portal_session</code>, to keep you signed in. It is essential for the portal to
          work, so we do not ask for your consent. It is deleted when you sign out, or after 14 days. We do not use
          analytics or advertising cookies.
        </p>

        <h2 className="govuk-heading-m">Your rights</h2>
        <p className="govuk-body">
          You can ask to see the information we keep about you, ask us to correct it, or object to how we use it. Contact{" "}
          {contact}. If you are unhappy with how we have used your information, you can complain to the Information
          Commissioner's Office at{" "}
          <a className="govuk-link" href="https://ico.org.uk/make-a-complaint/" rel="noreferrer">
            ico.org.uk
          </a>
          .
        </p>
      </div>
    </div>
  );
}
