// Application submitted: the confirmation panel with the reference.
import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Panel } from "~/components/govuk/content";
import { requireApplication } from "~/utils/application-page.server";
import { pageTitle } from "~/utils/meta";
import { helpContactFor } from "~/models/contacts.server";
import { formatDate } from "~/utils/format";

export const meta: MetaFunction = ({ matches }) => pageTitle("Application submitted", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireApplication(request, params);
  const a = file.application;
  if (!a.reference || a.status === "draft" || a.status === "returned") throw redirect(`/applications/${a.id}`);
  return json({
    id: a.id,
    reference: a.reference,
    programmeName: file.programme.name,
    email: file.organisation.name,
    decisionsExpectedOn: file.cycle.decisionsExpectedOn,
    helpContact: helpContactFor(file.cycle),
  });
}

export default function Submitted() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Panel title="Application submitted">
          Your reference number
          <br />
          <strong>{d.reference}</strong>
        </Panel>
        <p className="govuk-body">We have sent a copy of your answers by email to everyone in {d.email} who uses the portal.</p>
        <h2 className="govuk-heading-m">What happens next</h2>
        <p className="govuk-body">
          Staff will check that your application can be considered for the {d.programmeName}. Then a panel will score it.{" "}
          {d.decisionsExpectedOn ? `We aim to tell you our decision by ${formatDate(d.decisionsExpectedOn)}, by email.` : "We will email you when there is a decision."}
        </p>
        {d.helpContact ? (
          <p className="govuk-body">
            If you have a question, email{" "}
            <a className="govuk-link" href={`mailto:${d.helpContact.email}`}>
              {d.helpContact.email}
            </a>{" "}
            and give your reference, {d.reference}.
          </p>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/applications/${d.id}`}>
            View your application
          </Link>
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/applicant">
            Go to your applications
          </Link>
        </p>
      </div>
    </div>
  );
}
