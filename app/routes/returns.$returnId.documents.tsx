// Photos and documents of a return: a GOV.UK file upload in a multipart form that works without
// JavaScript. A photo needs a short description (read out to people who cannot see it). What
// each file is, is checked on the server from its content. Each Remove button is a small form
// of its own.
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
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { SuccessBanner } from "~/components/govuk/content";
import { Button, Choices, ErrorMessage, Hint, TextInput } from "~/components/govuk/form";
import { DocumentsTable, formatSize, ReturnForm } from "~/components/returns";
import { addReturnAttachment, removeReturnAttachment, returnPath, saveReturnPage } from "~/models/returns.server";
import { chosenFile, MAX_UPLOAD_BYTES, UPLOAD_MESSAGES } from "~/schemas/application";
import { RETURN_LIMITS, returnDocumentsSchema } from "~/schemas/return";
import { fieldErrors } from "~/utils/forms";
import { invalid } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice } from "~/utils/notices";
import { requireEditableReturn, respondReturn, returnPageState, type PageFailure } from "~/utils/return-page.server";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/returns/${params.returnId}`, text: "Back to your return" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Photos and documents", matches);

const FIELDS = ["documents", "kind", "description", "file"] as const;
const ACCEPT = ".pdf,.docx,.odt,.xlsx,.ods,.jpg,.jpeg,.png";
const KIND_TEXT = { photo: "Photo", other: "Document" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableReturn(request, params);
  return json({
    page: returnPageState(file),
    version: file.ret.version,
    documents: file.documents.map((d) => ({
      id: d.id,
      kind: KIND_TEXT[d.kind],
      name: d.name,
      description: d.description,
      size: formatSize(d.sizeBytes),
      href: returnPath(file.ret.id, `documents/${d.id}`),
    })),
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
  });
}

/**
 * Reads the posted form. A multipart one holds at most one file, of at most 10MB, kept in
 * memory; every other part is small. The text fields read before a problem are kept.
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
  const { user, file } = await requireEditableReturn(request, params);
  const returnId = file.ret.id;
  const here = returnPath(returnId, "documents");
  const form = await readForm(request);
  if (!form.ok) return invalid(context, { errors: { file: form.message }, values: form.values });
  const formData = form.formData;
  const typed = { kind: text(formData.get("kind")) ?? "", description: text(formData.get("description")) ?? "" };

  if (formData.get("intent") === "remove") {
    const attachmentId = text(formData.get("attachmentId")) ?? "";
    if (!/^\d{1,9}$/.test(attachmentId)) return invalid(context, { errors: { documents: "Select a file to remove" } });
    // Another return's file, or one removed already (a second click): nothing changes.
    const outcome = removeReturnAttachment(user, returnId, Number(attachmentId));
    return outcome.ok ? redirect(withNotice(here, "return-file-removed")) : respondReturn(context, outcome, returnId, {});
  }

  const parsed = returnDocumentsSchema.safeParse({
    intent: text(formData.get("intent")),
    kind: text(formData.get("kind")),
    description: text(formData.get("description")),
    file: formData.get("file") ?? undefined,
  });
  if (!parsed.success) return invalid(context, { errors: fieldErrors(parsed.error), values: typed });
  const { intent } = parsed.data;
  const chosen = chosenFile(parsed.data.file) as File | null;
  if (!chosen) {
    // Nothing to upload: the section is saved (and, with "Save and continue", complete).
    const outcome = saveReturnPage({ user, returnId, section: "documents", intent: intent === "upload" ? "later" : intent, seen: null, write: () => undefined });
    return respondReturn(context, outcome, returnId, typed);
  }
  const outcome = await addReturnAttachment(
    user,
    returnId,
    { kind: parsed.data.kind ?? "", description: parsed.data.description, file: chosen },
    { intent: intent === "upload" ? "later" : intent },
  );
  if (!outcome.ok && outcome.kind === "invalid") return invalid(context, { errors: outcome.errors, values: typed });
  if (outcome.ok && intent === "upload") return redirect(withNotice(here, "return-file-uploaded"));
  return respondReturn(context, outcome, returnId, typed);
}

export default function Documents() {
  const data = useLoaderData<typeof loader>();
  // A new start after each save, so the file input is empty again with JavaScript too.
  return <DocumentsPage key={data.version} />;
}

function DocumentsPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<PageFailure>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(returnDocumentsSchema, { fields: FIELDS, defaults: { kind: "", description: "" } });
  const fileDescribedBy = ["file-hint", errors.file ? "file-error" : null].filter(Boolean).join(" ");
  return (
    <>
      {data.notice && !failure ? <SuccessBanner text={data.notice} /> : null}
      <ReturnForm page={data.page} heading="Photos and documents" summary={summary} onSubmit={onSubmit} encType="multipart/form-data" showPeriod={false}>
        <p className="govuk-body">
          Photos of your project and any documents that show what it did, such as a report, a leaflet or feedback from people who took part. You do not
          have to upload anything: if you have nothing to add, select &ldquo;Save and continue&rdquo;.
        </p>
        <p className="govuk-body">Only upload photos of people who have agreed to be in them (and, for children, whose parents or carers have agreed).</p>

        <div id="documents" tabIndex={-1} className={errors.documents ? "govuk-form-group govuk-form-group--error" : undefined}>
          {errors.documents ? <ErrorMessage id="documents-error">{errors.documents}</ErrorMessage> : null}
          {data.documents.length ? (
            <DocumentsTable documents={data.documents} caption="Files you have uploaded" remove />
          ) : (
            <p className="govuk-body">You have not uploaded any photos or documents yet.</p>
          )}
        </div>

        <h2 className="govuk-heading-m">Upload a file</h2>
        <Choices
          type="radio"
          name="kind"
          legend="What is it?"
          legendSize="s"
          items={[
            { value: "photo", text: "A photo", hint: "JPG or PNG" },
            { value: "other", text: "Another document" },
          ]}
          error={errors.kind}
          checked={values.kind ? [values.kind] : []}
          small
          inputProps={register("kind")}
        />
        <TextInput
          label="Description"
          labelSize="s"
          hint={`For a photo, say what it shows, for people who cannot see it: for example, "Parents and children cooking together". Up to ${RETURN_LIMITS.descriptionChars} characters.`}
          error={errors.description}
          defaultValue={values.description}
          {...register("description")}
        />
        <div className={errors.file ? "govuk-form-group govuk-form-group--error" : "govuk-form-group"}>
          <label className="govuk-label govuk-label--s" htmlFor="file">
            Upload a file
          </label>
          <Hint id="file-hint">A photo (JPG or PNG), or a PDF, Word (DOCX), OpenDocument (ODT or ODS) or Excel (XLSX) document, smaller than 10MB</Hint>
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
      </ReturnForm>
      {data.documents.map((d) => (
        <Form method="post" id={`remove-${d.id}`} key={d.id} className="app-inline-form">
          <input type="hidden" name="intent" value="remove" />
          <input type="hidden" name="attachmentId" value={d.id} />
        </Form>
      ))}
    </>
  );
}
