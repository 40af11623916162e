// Upload a Fingertips CSV export. Nothing is written to the indicators yet: the file is kept as a
// preview, and the next page shows what importing it would do.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button, ErrorMessage, ErrorSummary, Hint } from "~/components/govuk/form";
import { decodeCsv, storePreview } from "~/models/fingertips.server";
import { FINGERTIPS_MESSAGES, MAX_FINGERTIPS_BYTES, REQUIRED_COLUMNS } from "~/schemas/indicator";
import { oneFileSchema } from "~/schemas/upload";
import { requireRole } from "~/utils/auth.server";
import { invalid } from "~/utils/forms.server";
import { readUploadedFile } from "~/utils/uploads.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: { to: "/staff/indicators", text: "Back to indicators" } };

export const meta: MetaFunction = ({ matches }) => pageTitle("Import a Fingertips file", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  return json({ required: REQUIRED_COLUMNS });
}

/** In the browser: a file is chosen and not too big. The server checks again, and reads it. */
const uploadSchema = oneFileSchema(FINGERTIPS_MESSAGES, MAX_FINGERTIPS_BYTES);

const fail = (context: Parameters<typeof invalid>[0], message: string) => invalid(context, { errors: { file: message } });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const upload = await readUploadedFile(request, MAX_FINGERTIPS_BYTES);
  if (!upload.ok) return fail(context, FINGERTIPS_MESSAGES[upload.problem]);
  const { file } = upload;
  const decoded = decodeCsv(new Uint8Array(await file.arrayBuffer()));
  if (!decoded.ok) return fail(context, decoded.message);
  const name = (file.name || "fingertips.csv").slice(0, 200);
  const stored = storePreview(user, { fileName: name, text: decoded.text });
  if (!stored.ok) return fail(context, stored.message);
  return redirect(`/staff/indicator-imports/${stored.importId}`);
}

export default function ImportFingertips() {
  const { required } = useLoaderData<typeof loader>();
  const { register, errors, summary, onSubmit } = useGovukForm(uploadSchema, { fields: ["file"] });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <span className="govuk-caption-l">Indicators</span>
        <h1 className="govuk-heading-l">Import a Fingertips file</h1>
        <p className="govuk-body">
          Download the data of one or more indicators from OHID Fingertips as a CSV file, and upload it here. You will see what it
          would change before anything is saved.
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>Rows are matched to indicators by their Fingertips indicator ID: give each indicator its ID first.</li>
          <li>
            Areas are matched by their ONS code (England, the region, the place, and wards that have one), then wards by name, then
            the statistical neighbours group by name. Rows for other areas are listed, not imported.
          </li>
          <li>A blank value is kept as missing, with Fingertips&apos; note, never as 0.</li>
          <li>Importing the same file again changes nothing.</li>
          <li>The file needs these columns, in any order: {required.join(", ")}.</li>
        </ul>
        <Form method="post" encType="multipart/form-data" noValidate onSubmit={onSubmit}>
          <div className={errors.file ? "govuk-form-group govuk-form-group--error" : "govuk-form-group"}>
            <label className="govuk-label govuk-label--s" htmlFor="file">
              Upload a Fingertips file
            </label>
            <Hint id="file-hint">A CSV file, smaller than 20MB</Hint>
            {errors.file ? <ErrorMessage id="file-error">{errors.file}</ErrorMessage> : null}
            <input
              className={errors.file ? "govuk-file-upload govuk-file-upload--error" : "govuk-file-upload"}
              id="file"
              type="file"
              accept=".csv,text/csv"
              aria-describedby={["file-hint", errors.file ? "file-error" : null].filter(Boolean).join(" ")}
              {...register("file")}
            />
          </div>
          <Button data-prevent-double-click="true">Upload and preview</Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to="/staff/indicator-imports">
            Past imports
          </Link>
        </p>
      </div>
    </div>
  );
}
