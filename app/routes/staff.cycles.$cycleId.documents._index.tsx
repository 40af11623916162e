// The documents a round asks applicants for, by name (latest accounts, safeguarding policy,
// constitution…), each required or optional, with a hint: the list in the order applicants see
// it, moving one up or down, and a form to add one. Where a round lists none, applicants are
// asked for the usual documents (a constitution and a safeguarding policy). Once applications
// have started, a document can only be added as optional and renamed (the model refuses more).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, SuccessBanner } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { RequestedDocumentFields } from "~/components/requested-document-fields";
import { getCycle } from "~/models/intake.server";
import { addRequestedDocument, applicationsStarted, documentsLockedMessage, moveRequestedDocument, roundDocuments } from "~/models/round-questions.server";
import { moveSchema, requestedDocumentSchema } from "~/schemas/questions";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { typedValues, type FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";
import { useFreshFormKey, useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Documents for ${data.cycle.name}` : "Documents the round asks for", matches);

function cycleOf(params: { cycleId?: string }) {
  const found = getCycle(idParam(params.cycleId));
  if (!found) throw notFound();
  return found.cycle;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const cycle = cycleOf(params);
  return json({
    cycle: { id: cycle.id, name: cycle.name, asksDocuments: cycle.sections.includes("documents") },
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    locked: documentsLockedMessage(cycle.id),
    optionalOnly: applicationsStarted(cycle.id),
    documents: roundDocuments(cycle.id).map((d) => ({ id: d.id, name: d.name, hint: d.hint, required: d.required })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const cycle = cycleOf(params);
  const here = `/staff/cycles/${cycle.id}/documents`;
  const intent = (await request.clone().formData()).get("intent");
  if (intent === "move") {
    const parsed = await parseForm(request, moveSchema);
    if (!parsed.ok) return invalid(context, parsed.failure);
    const result = moveRequestedDocument(user, cycle.id, parsed.data.id, parsed.data.direction);
    if (!result.ok) {
      if (result.status === 404) throw notFound();
      return invalid(context, { errors: { list: result.message } }, result.status);
    }
    return redirect(withNotice(here, "round-document-moved"));
  }
  const parsed = await parseForm(request, requestedDocumentSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = addRequestedDocument(user, cycle.id, parsed.data);
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    return invalid(context, { errors: result.errors ?? { form: result.message }, values: typedValues(parsed.formData) }, result.status);
  }
  return redirect(withNotice(here, "round-document-added"));
}

export default function RoundDocumentsPage() {
  // A fresh form after each document added; what was typed stays after an error.
  return <RoundDocuments key={useFreshFormKey()} />;
}

function RoundDocuments() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(requestedDocumentSchema, {
    fields: ["list", "form", "name", "hint", "required"],
    defaults: d.optionalOnly ? { required: "no" } : {},
  });
  const base = `/staff/cycles/${d.cycle.id}`;
  const items = summary.map((i) => (i.href === "#form" ? { ...i, href: "#add-document" } : i.href === "#list" ? { ...i, href: "#documents" } : i));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.notice && !failure ? <SuccessBanner text={d.notice} /> : null}
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">{d.cycle.name}</span>
        <h1 className="govuk-heading-l" id="documents" tabIndex={-1}>
          Documents the round asks for
        </h1>
        {d.cycle.asksDocuments ? null : (
          <InsetText>This round does not ask for documents: the Documents section is turned off in its rules. Turn it on for applicants to be asked for these.</InsetText>
        )}
        <p className="govuk-body">
          Applicants are asked for each of these by name, in this order, and cannot submit without the required ones. If the round lists none, they are
          asked for the usual documents: a constitution or governing document (except businesses) and a safeguarding policy.
        </p>
        {d.locked ? <InsetText>{d.locked}</InsetText> : null}
        {d.documents.length ? (
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">The documents asked for</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Document
                </th>
                <th scope="col" className="govuk-table__header">
                  Required
                </th>
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {d.documents.map((doc, i) => (
                <tr className="govuk-table__row" key={doc.id}>
                  <td className="govuk-table__cell">
                    {doc.name}
                    {doc.hint ? <span className="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">{doc.hint}</span> : null}
                  </td>
                  <td className="govuk-table__cell">{doc.required ? "Required" : "Optional"}</td>
                  <td className="govuk-table__cell">
                    <ul className="govuk-list govuk-!-margin-bottom-0">
                      <li>
                        <Link className="govuk-link" to={`${base}/documents/${doc.id}`}>
                          Change<span className="govuk-visually-hidden"> {doc.name}</span>
                        </Link>
                      </li>
                      {d.locked
                        ? null
                        : (["up", "down"] as const)
                            .filter((direction) => (direction === "up" ? i > 0 : i < d.documents.length - 1))
                            .map((direction) => (
                              <li key={direction}>
                                <Form method="post" className="app-inline-form">
                                  <input type="hidden" name="intent" value="move" />
                                  <input type="hidden" name="id" value={doc.id} />
                                  <input type="hidden" name="direction" value={direction} />
                                  <button type="submit" className="app-link-button">
                                    Move {direction}
                                    <span className="govuk-visually-hidden"> {doc.name}</span>
                                  </button>
                                </Form>
                              </li>
                            ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="govuk-body">This round lists no documents of its own yet.</p>
        )}
        <h2 className="govuk-heading-m" id="add-document" tabIndex={-1}>
          Ask for a document
        </h2>
        <Form method="post" noValidate onSubmit={onSubmit}>
          <RequestedDocumentFields errors={errors} values={values} register={register} optionalOnly={d.optionalOnly} />
          <Button name="intent" value="add">
            Add document
          </Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to={`${base}/questions`}>
            The round's own questions
          </Link>
        </p>
      </div>
    </div>
  );
}
