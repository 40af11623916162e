// Starting an application: choose which of your organisations is applying, or set one up.
// Starting twice (a double click, a second tab) finds the application already started.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button, Choices, ErrorSummary } from "~/components/govuk/form";
import { startApplication } from "~/models/applications.server";
import { readAnswers, typeAllowed } from "~/models/eligibility";
import { organisationsOf } from "~/models/homes.server";
import { getPublicCycle, isOpen } from "~/models/programmes.server";
import { idParam, notFound, requireUser } from "~/utils/auth.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { ORGANISATION_TYPE_LABELS } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/apply/${params.cycleId}`, text: "Back to the round" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Which organisation is applying?", matches);

const startSchema = z.object({
  organisation: z.string({ error: "Select the organisation that is applying" }).regex(/^(new|\d{1,9})$/, "Select the organisation that is applying"),
});

function load(params: { cycleId?: string }) {
  const found = getPublicCycle(idParam(params.cycleId));
  if (!found) throw notFound();
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { cycle } = load(params);
  const type = readAnswers(new URL(request.url).searchParams).type ?? null;
  const organisations = organisationsOf(user.id).map((o) => ({ ...o, allowed: typeAllowed(cycle.eligibility, o.type) }));
  return json({
    cycleId: cycle.id,
    cycleName: cycle.name,
    open: isOpen(cycle),
    newPath: `/organisations/new?cycle=${cycle.id}${type ? `&type=${type}` : ""}`,
    organisations,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { cycle } = load(params);
  const parsed = await parseForm(request, startSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  if (parsed.data.organisation === "new") return redirect(`/organisations/new?cycle=${cycle.id}`);
  const result = startApplication(user, cycle.id, Number(parsed.data.organisation));
  if (!result.ok) return invalid(context, { errors: { organisation: result.message }, values: { organisation: parsed.data.organisation } });
  return redirect(`/applications/${result.applicationId}${result.existing ? "?notice=already-started" : ""}`);
}

export default function StartApplication() {
  const d = useLoaderData<typeof loader>();
  const allowed = d.organisations.filter((o) => o.allowed);
  const { register, errors, summary, values, onSubmit } = useGovukForm(startSchema, {
    fields: ["organisation"],
    defaults: { organisation: allowed.length === 1 ? String(allowed[0]!.id) : undefined },
  });
  if (!d.open) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">This round is not open for applications</h1>
          <p className="govuk-body">
            <Link className="govuk-link" to="/">See the funding that is open</Link>
          </p>
        </div>
      </div>
    );
  }
  if (!d.organisations.length) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{d.cycleName}</span>
          <h1 className="govuk-heading-l">Tell us about your organisation</h1>
          <p className="govuk-body">
            Before you start, give your organisation's details. You only do this once: you and your colleagues can use them for every
            application.
          </p>
          <p className="govuk-body">You will need its address, and its charity or company number if it has one.</p>
          <Link to={d.newPath} role="button" draggable="false" className="govuk-button" data-module="govuk-button">
            Continue
          </Link>
          <p className="govuk-body">If a colleague has already set it up, ask them to invite you instead.</p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <span className="govuk-caption-l">{d.cycleName}</span>
        <Form method="post" noValidate onSubmit={onSubmit}>
          <Choices
            type="radio"
            name="organisation"
            legend="Which organisation is applying?"
            isPageHeading
            error={errors.organisation}
            checked={values.organisation ? [values.organisation] : []}
            items={[
              ...allowed.map((o) => ({ value: String(o.id), text: o.name, hint: ORGANISATION_TYPE_LABELS[o.type] })),
              { value: "new", text: "Another organisation", hint: "You will give its details next" },
            ]}
            inputProps={register("organisation")}
          />
          {d.organisations.length > allowed.length ? (
            <p className="govuk-body">
              Not listed: {d.organisations.filter((o) => !o.allowed).map((o) => o.name).join(", ")}, because this round is not open to that
              type of organisation.
            </p>
          ) : null}
          <Button>Start application</Button>
        </Form>
      </div>
    </div>
  );
}
