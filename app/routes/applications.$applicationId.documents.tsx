// Documents: the files the application needs (the documents the round names, each by name;
// or, where it names none, a constitution and a safeguarding policy, a business only the
// policy) and any others. A GOV.UK file upload in a multipart form that
// works without JavaScript; with it, the same form is sent through Remix. What each file is,
// is checked on the server from its content. Each Remove button is a small form of its own.
import {
  json,
  MaxPartSizeExceededError,
  redirect,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ApplicationForm } from "~/components/application";
import { SuccessBanner, Tag } from "~/components/govuk/content";
import { Button, Choices, ErrorMessage, Hint } from "~/components/govuk/form";
import { addApplicationAttachment, documentChoices, removeAttachment } from "~/models/attachments.server";
import { ATTACHMENT_KIND_LABELS, attachmentLabel, requiredDocuments, savePage } from "~/models/applications.server";
import { chosenFile, documentsSchemaFor, MAX_UPLOAD_BYTES, UPLOAD_MESSAGES } from "~/schemas/application";
import { pageState, requireEditableApplication, respond, type PageFailure } from "~/utils/application-page.server";
import { fieldErrors } from "~/utils/forms";
import { invalid } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";
import { useFreshFormKey, useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/applications/${params.applicationId}`, text: "Back to your application" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Documents", matches);

const FIELDS = ["documents", "kind", "file"] as const;
const ACCEPT = ".pdf,.docx,.odt,.xlsx,.ods,.jpg,.jpeg,.png";

/** "2.4 MB", "35 KB": sizes as people read them. */
function formatSize(bytes: number) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableApplication(request, params);
  const id = file.application.id;
  const asked = file.requestedDocuments;
  const named = (d: (typeof asked)[number]) => ({ text: d.name, uploaded: file.attachments.some((a) => a.requestedDocumentId === d.id) });
  return json({
    page: pageState(file),
    version: file.application.version,
    documents: file.attachments.map((a) => ({
      id: a.id,
      kind: attachmentLabel(file, a),
      name: a.originalName,
      size: formatSize(a.sizeBytes),
      href: `/applications/${id}/documents/${a.id}`,
    })),
    // The round's own list, where it has one; otherwise the usual documents.
    byName: asked.length > 0,
    required: asked.length
      ? asked.filter((d) => d.required).map(named)
      : requiredDocuments(file).map((kind) => ({ text: ATTACHMENT_KIND_LABELS[kind]!, uploaded: file.attachments.some((a) => a.kind === kind) })),
    optional: asked.filter((d) => !d.required).map(named),
    kinds: documentChoices(file).map((value) => {
      const requested = asked.find((d) => `document-${d.id}` === value);
      return { value, text: requested?.name ?? ATTACHMENT_KIND_LABELS[value] ?? value, hint: requested?.hint ?? undefined };
    }),
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
  });
}

/**
 * Reads the posted form. A multipart one holds at most one file, of at most 10MB, kept in
 * memory; every other part is small. The text fields read before a problem are kept, so the
 * page can come back with them.
 */
async function readForm(request: Request): Promise<{ ok: true; formData: FormData } | { ok: false; message: string; values: Record<string, string> }> {
  if (!/^multipart\/form-data/i.test(request.headers.get("content-type") ?? "")) return { ok: true, formData: await request.formData() };
  const values: Record<string, string> = {};
  let files = 0;
  const parts = unstable_composeUploadHandlers(
    unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES, filter: ({ name, filename }) => name === "file" && filename !== undefined && files++ === 0 }),
    unstable_createMemoryUploadHandler({ maxPartSize: 10_000 }),
  );
  try {
    const formData = await unstable_parseMultipartFormData(request, async (part) => {
      const value = await parts(part);
      if (typeof value === "string") values[part.name] = value;
      return value;
    });
    return { ok: true, formData };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, message: UPLOAD_MESSAGES.tooLarge, values };
    throw new Response("The form could not be read. Go back and try again.", { status: 400 });
  }
}

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : undefined);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableApplication(request, params);
  const applicationId = file.application.id;
  const here = `/applications/${applicationId}/documents`;
  const form = await readForm(request);
  if (!form.ok) return invalid(context, { errors: { file: form.message }, values: form.values });
  const formData = form.formData;
  const typed = { kind: text(formData.get("kind")) ?? "" };

  if (formData.get("intent") === "remove") {
    const attachmentId = text(formData.get("attachmentId")) ?? "";
    if (!/^\d{1,9}$/.test(attachmentId)) return invalid(context, { errors: { documents: "Select a document to remove" } });
    // Another application's document, or one removed already (a second click): nothing changes.
    const outcome = removeAttachment(user, applicationId, Number(attachmentId));
    return outcome.ok ? redirect(withNotice(here, "document-removed")) : respond(context, outcome, applicationId, {});
  }

  const parsed = documentsSchemaFor(documentChoices(file)).safeParse({ intent: text(formData.get("intent")), kind: text(formData.get("kind")), file: formData.get("file") ?? undefined });
  if (!parsed.success) return invalid(context, { errors: fieldErrors(parsed.error), values: typed });
  const { intent, kind } = parsed.data;
  const chosen = chosenFile(parsed.data.file) as File | null;
  if (!chosen) {
    // Nothing to upload: "Save and continue" checks the required documents are there.
    const outcome = savePage({ user, applicationId, page: "documents", intent: intent === "upload" ? "later" : intent, seen: null, write: () => undefined });
    return respond(context, outcome, applicationId, typed);
  }
  const outcome = await addApplicationAttachment(user, applicationId, kind ?? "", chosen, { intent: intent === "upload" ? "later" : intent });
  if (!outcome.ok && outcome.kind === "invalid") return invalid(context, { errors: outcome.errors, values: typed });
  if (outcome.ok && intent === "upload") return redirect(withNotice(here, "document-uploaded"));
  return respond(context, outcome, applicationId, typed);
}

export default function Documents() {
  // A new start after each upload or removal (the page redirects to itself), so the file input
  // is empty again with JavaScript too. Not keyed on the application's version: "Save and
  // continue" with a document missing saves the page (a new version) and answers with errors,
  // and the page's data reloads a moment later; rebuilding the form then would drop the file
  // the person has just chosen.
  return <DocumentsPage key={useFreshFormKey()} />;
}

function DocumentsPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<PageFailure>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(documentsSchemaFor(data.kinds.map((k) => k.value)), { fields: FIELDS, defaults: { kind: "" } });
  const fileDescribedBy = ["file-hint", errors.file ? "file-error" : null].filter(Boolean).join(" ");
  return (
    <>
      {data.notice && !failure ? <SuccessBanner text={data.notice} /> : null}
      <ApplicationForm page={data.page} summary={summary} onSubmit={onSubmit} encType="multipart/form-data">
        <h1 className="govuk-heading-l">Documents</h1>
        {data.required.length ? (
          <>
            <p className="govuk-body">You must upload:</p>
            <DocumentList items={data.required} />
          </>
        ) : null}
        {data.byName ? (
          <>
            {data.optional.length ? (
              <>
                <p className="govuk-body">If you have them, also upload:</p>
                <DocumentList items={data.optional} />
              </>
            ) : null}
            <p className="govuk-body">You can also upload photos or other documents that support your application.</p>
          </>
        ) : (
          <p className="govuk-body">You can also upload your latest accounts or a bank statement, photos, or other documents that support your application.</p>
        )}

        <div id="documents" tabIndex={-1} className={errors.documents ? "govuk-form-group govuk-form-group--error" : undefined}>
          {errors.documents ? <ErrorMessage id="documents-error">{errors.documents}</ErrorMessage> : null}
          {data.documents.length ? (
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--m">Documents you have uploaded</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Document
                  </th>
                  <th scope="col" className="govuk-table__header">
                    File
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Size
                  </th>
                  <th scope="col" className="govuk-table__header">
                    <span className="govuk-visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {data.documents.map((d) => (
                  <tr className="govuk-table__row" key={d.id}>
                    <td className="govuk-table__cell">{d.kind}</td>
                    <td className="govuk-table__cell app-wrap-anywhere">
                      {/* A download, not a page: Remix must not try to route it. */}
                      <Link className="govuk-link" to={d.href} reloadDocument>
                        {d.name}
                      </Link>
                    </td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{d.size}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">
                      {/* Submits its own small form (below), not this page's form. */}
                      <button type="submit" form={`remove-${d.id}`} className="app-link-button">
                        Remove<span className="govuk-visually-hidden"> {d.name}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="govuk-body">You have not uploaded any documents yet.</p>
          )}
        </div>

        <h2 className="govuk-heading-m">Upload a document</h2>
        <Choices
          type="radio"
          name="kind"
          legend="What is this document?"
          legendSize="s"
          items={data.kinds}
          error={errors.kind}
          checked={values.kind ? [values.kind] : []}
          small
          inputProps={register("kind")}
        />
        <div className={errors.file ? "govuk-form-group govuk-form-group--error" : "govuk-form-group"}>
          <label className="govuk-label govuk-label--s" htmlFor="file">
            Upload a file
          </label>
          <Hint id="file-hint">PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX), OpenDocument spreadsheet (ODS), JPG or PNG, smaller than 10MB</Hint>
          {errors.file ? <ErrorMessage id="file-error">{errors.file}</ErrorMessage> : null}
          <input
            className={errors.file ? "govuk-file-upload govuk-file-upload--error" : "govuk-file-upload"}
            id="file"
            type="file"
            accept={ACCEPT}
            aria-describedby={fileDescribedBy}
            {...register("file")}
          />
        </div>
        <Button name="intent" value="upload" variant="secondary">
          Upload file
        </Button>
      </ApplicationForm>
      {data.documents.map((d) => (
        <Form method="post" id={`remove-${d.id}`} key={d.id} className="app-inline-form">
          <input type="hidden" name="intent" value="remove" />
          <input type="hidden" name="attachmentId" value={d.id} />
        </Form>
      ))}
    </>
  );
}

function DocumentList({ items }: { items: { text: string; uploaded: boolean }[] }) {
  return (
    <ul className="govuk-list govuk-list--bullet">
      {items.map((r) => (
        <li key={r.text}>
          {r.text} {r.uploaded ? <Tag colour="green">Uploaded</Tag> : <Tag colour="grey">Not uploaded</Tag>}
        </li>
      ))}
    </ul>
  );
}
