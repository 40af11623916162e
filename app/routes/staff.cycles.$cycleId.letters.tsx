// The round's decision letters as they will read, for staff, before sending: an award, not
// funded and the reserve list, each filled in for an application of the round that staff choose
// (those decided that way first), with its subject, who it would go to and what it says, in
// plain text and as the email looks. A GET form, so it works without JavaScript and can be
// linked to. The words come from the outbox's own template (see letters.server).
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { InsetText, SummaryList } from "~/components/govuk/content";
import { Button, Select } from "~/components/govuk/form";
import { LETTER_OUTCOMES, letterPreviews } from "~/models/letters.server";
import type { DecisionOutcome } from "~/schemas/decision";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { DECISION_OUTCOME } from "~/utils/labels";
import { pageTitle, type RouteHandle } from "~/utils/meta";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}/decisions`, text: "Back to the decisions" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Decision letters: ${data.cycle.name}` : "Decision letters", matches);

const HEADINGS: Record<DecisionOutcome, string> = { award: "Award letter", decline: "Not funded letter", reserve: "Reserve list letter" };

/** An application id from the address; anything else is ignored (the first choice is shown). */
const chosenId = (v: string | null) => (v && /^\d{1,9}$/.test(v) ? Number(v) : undefined);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const search = new URL(request.url).searchParams;
  const found = letterPreviews(idParam(params.cycleId), Object.fromEntries(LETTER_OUTCOMES.map((o) => [o, chosenId(search.get(o))])));
  if (!found) throw notFound();
  return json({
    cycle: { id: found.cycle.id, name: found.cycle.name, released: found.cycle.releasedAt !== null },
    previews: found.previews.map((p) => ({
      outcome: p.outcome,
      choices: p.choices,
      // The HTML is shown in a frame from its own address, with its own strict policy: not here.
      chosen: p.chosen ? (({ html: _html, ...rest }) => rest)(p.chosen) : null,
    })),
  });
}

const choiceText = (c: { reference: string | null; title: string | null; outcome: DecisionOutcome | null }) =>
  `${c.reference ?? "No reference"}: ${c.title || "Untitled"} (${c.outcome ? DECISION_OUTCOME[c.outcome]!.text.toLowerCase() : "no decision yet"})`;

export default function Letters() {
  const d = useLoaderData<typeof loader>();
  const any = d.previews.some((p) => p.chosen);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{d.cycle.name}</span>
        <h1 className="govuk-heading-l">Decision letters</h1>
        <p className="govuk-body">
          Each kind of letter, filled in for an application of this round, as it {d.cycle.released ? "read when it was sent" : "will read when you send the letters"}.
          Each person gets their own copy, greeted by name. Nothing is sent from this page.
        </p>
        {!any ? (
          <InsetText>No application of this round has reached the panel yet, so there is none to fill the letters in for.</InsetText>
        ) : (
          <Form method="get" action={`/staff/cycles/${d.cycle.id}/letters`}>
            <h2 className="govuk-heading-m">Choose the applications</h2>
            {d.previews.map((p) => (
              <Select
                key={p.outcome}
                name={p.outcome}
                label={`Application for the ${HEADINGS[p.outcome].toLowerCase()}`}
                labelSize="s"
                className="govuk-!-width-full"
                defaultValue={p.chosen ? String(p.chosen.id) : ""}
                options={p.choices.map((c) => ({ value: String(c.id), text: choiceText(c) }))}
              />
            ))}
            <Button variant="secondary">Show these letters</Button>
          </Form>
        )}
        {d.previews.map((p) =>
          p.chosen ? (
            <section key={p.outcome} aria-labelledby={`letter-${p.outcome}`} data-testid={`letter-${p.outcome}`}>
              <h2 className="govuk-heading-m govuk-!-margin-top-6" id={`letter-${p.outcome}`}>
                {HEADINGS[p.outcome]}
              </h2>
              <SummaryList
                rows={[
                  { key: "Application", value: `${p.chosen.reference ?? "No reference"}, ${p.chosen.organisationName}` },
                  { key: "Subject", value: p.chosen.subject },
                  {
                    key: "Goes to",
                    value: p.chosen.recipients.length ? (
                      <ul className="govuk-list">
                        {p.chosen.recipients.map((r) => (
                          <li key={r.email} className="app-wrap-anywhere">
                            {r.name}, {r.email} ({r.kind === "member" ? "has an account" : "the organisation's contact email"})
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <>
                        <strong>Nobody</strong>: nobody in the organisation has an account, and it has no contact email.{" "}
                        <Link className="govuk-link" to={`/staff/applications/${p.chosen.id}/contact`}>
                          Give it a contact email
                        </Link>
                      </>
                    ),
                  },
                ]}
              />
              {p.chosen.filledFrom === "stand-in" ? (
                <InsetText>
                  This application has no decision of this kind, so the letter is filled in with{" "}
                  {p.outcome === "award"
                    ? "the amount it asked for and no conditions"
                    : p.outcome === "decline"
                      ? "a note where the panel's feedback will go"
                      : "what every reserve list letter says"}
                  .
                </InsetText>
              ) : null}
              {p.chosen.offerNotMadeYet ? (
                <InsetText>The button in the letter sent links to the offer, which is made when the letters are sent. Here it links to the application.</InsetText>
              ) : null}
              <h3 className="govuk-heading-s">What it says</h3>
              <div className="app-email-text" data-testid={`letter-text-${p.outcome}`}>
                {p.chosen.text}
              </div>
              <h3 className="govuk-heading-s govuk-!-margin-top-6">How it looks</h3>
              <iframe
                className="app-email-frame"
                title={`The ${HEADINGS[p.outcome].toLowerCase()} as its recipient sees it`}
                src={`/staff/cycles/${d.cycle.id}/letters/${p.chosen.id}/${p.outcome}`}
                sandbox=""
              />
            </section>
          ) : null,
        )}
      </div>
    </div>
  );
}
