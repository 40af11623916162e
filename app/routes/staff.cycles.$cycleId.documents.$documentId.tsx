// Change or remove one document a round asks for. Once applications have started, only its name
// and hint can change (the model refuses making it required or not, and removing it, whatever is
// posted), so nothing already uploaded loses its place. A change saved meanwhile by someone else
// is not overwritten: the form carries a fingerprint of the document as shown.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, SummaryList } from "~/components/govuk/content";
import { Button, ErrorSummary, Textarea, TextInput } from "~/components/govuk/form";
import { RequestedDocumentFields } from "~/components/requested-document-fields";
import { getCycle } from "~/models/intake.server";
import {
  changeRequestedDocument,
  documentFingerprint,
  documentOf,
  documentsLockedMessage,
  removeRequestedDocument,
  type RoundResult,
} from "~/models/round-questions.server";
import { requestedDocumentSchema } from "~/schemas/questions";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { typedValues, type FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}/documents`, text: "Back to the documents" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Change the document “${data.saved.name}”` : "Change the document", matches);

function documentFrom(params: { cycleId?: string; documentId?: string }) {
  const found = getCycle(idParam(params.cycleId));
  const document = found ? documentOf(found.cycle.id, idParam(params.documentId)) : undefined;
  if (!found || !document) throw notFound();
  return { cycle: found.cycle, document };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const { cycle, document } = documentFrom(params);
  return json({
    cycle: { id: cycle.id, name: cycle.name },
    locked: documentsLockedMessage(cycle.id),
    shown: documentFingerprint(document),
    saved: { name: document.name, hint: document.hint ?? "", required: document.required ? "yes" : "no" },
  });
}

type Failure = FormFailure & { stale?: boolean };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const { cycle, document } = documentFrom(params);
  const back = `/staff/cycles/${cycle.id}/documents`;
  const form = await request.clone().formData();
  const refuse = (result: Extract<RoundResult, { ok: false }>, values: Record<string, string>) => {
    if (result.status === 404) throw notFound();
    context.formHasErrors = true;
    return json<Failure>({ errors: result.errors ?? { form: result.message }, values, stale: result.stale }, { status: result.status });
  };
  if (form.get("intent") === "remove") {
    const result = removeRequestedDocument(user, cycle.id, document.id);
    return result.ok ? redirect(withNotice(back, "round-document-removed")) : refuse(result, {});
  }
  if (form.get("intent") === "save") {
    const parsed = await parseForm(request, requestedDocumentSchema);
    if (!parsed.ok) return invalid(context, parsed.failure);
    const result = changeRequestedDocument(user, cycle.id, document.id, parsed.data, String(form.get("shown") ?? ""));
    return result.ok ? redirect(withNotice(back, "round-document-saved")) : refuse(result, typedValues(parsed.formData));
  }
  throw new Response("Choose whether to save or remove the document.", { status: 400 });
}

export default function ChangeDocument() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(requestedDocumentSchema, { fields: ["form", "name", "hint", "required"], defaults: d.saved });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary.map((i) => (i.href === "#form" ? { ...i, href: "#document" } : i))} />
        <span className="govuk-caption-l">{d.cycle.name}</span>
        <h1 className="govuk-heading-l" id="document" tabIndex={-1}>
          Change the document
        </h1>
        {d.locked ? <InsetText>{d.locked}</InsetText> : null}
        {failure?.stale ? (
          <>
            <h2 className="govuk-heading-m">The document as it is saved now</h2>
            <SummaryList
              rows={[
                { key: "Name", value: d.saved.name },
                { key: "Hint", value: d.saved.hint || "None" },
                { key: "Required", value: d.saved.required === "yes" ? "Yes" : "No" },
              ]}
            />
          </>
        ) : null}
        <Form method="post" noValidate onSubmit={onSubmit}>
          <input type="hidden" name="shown" value={d.shown} />
          {d.locked ? (
            <>
              <TextInput label="Name of the document" labelSize="s" error={errors.name} defaultValue={values.name} spellCheck {...register("name")} />
              <Textarea label="Hint (optional)" labelSize="s" rows={2} error={errors.hint} defaultValue={values.hint} spellCheck {...register("hint")} />
              <p className="govuk-body">
                {d.saved.required === "yes" ? "Every applicant must upload it." : "It is optional."} That cannot change now.
              </p>
              <input type="hidden" value={d.saved.required} {...register("required")} />
            </>
          ) : (
            <RequestedDocumentFields errors={errors} values={values} register={register} />
          )}
          <Button name="intent" value="save">
            Save document
          </Button>
        </Form>
        {d.locked ? null : (
          <>
            <h2 className="govuk-heading-m">Remove this document</h2>
            <p className="govuk-body">Applicants will no longer be asked for it.</p>
            <Form method="post">
              <Button name="intent" value="remove" variant="warning">
                Remove document
              </Button>
            </Form>
          </>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/staff/cycles/${d.cycle.id}/documents`}>
            Back to the documents
          </Link>
        </p>
      </div>
    </div>
  );
}
