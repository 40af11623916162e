// Load the wards' boundaries for the ward map on "Did the money follow need?": staff upload the
// ONS GeoJSON file; the page says which wards it matched, which of the place's wards it has no
// boundary for, and how many features for wards elsewhere it ignored. Works without JavaScript.
// The reading, matching and simplifying are in app/models/boundaries.server.ts.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { NotificationBanner, SuccessBanner } from "~/components/govuk/content";
import { Button, ErrorMessage, ErrorSummary, Hint } from "~/components/govuk/form";
import { boundaryStatus, clearBoundaries, importBoundaries, type BoundaryImportResult } from "~/models/boundaries.server";
import { BOUNDARY_MESSAGES, MAX_BOUNDARY_BYTES } from "~/schemas/boundaries";
import { oneFileSchema } from "~/schemas/upload";
import { requireRole } from "~/utils/auth.server";
import { invalid } from "~/utils/forms.server";
import { readUploadedFile } from "~/utils/uploads.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: { to: "/staff/wards", text: "Back to wards" } };

export const meta: MetaFunction = ({ matches }) => pageTitle("Ward boundaries", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  return json(boundaryStatus());
}

/** In the browser: a file is chosen and not too big. The server checks again, and reads it. */
const uploadSchema = oneFileSchema(BOUNDARY_MESSAGES, MAX_BOUNDARY_BYTES);

const fail = (context: Parameters<typeof invalid>[0], message: string) => invalid(context, { errors: { file: message } });

type Done = { errors: Record<string, never>; values: Record<string, never>; result?: BoundaryImportResult; cleared?: number };
const done = (data: Omit<Done, "errors" | "values">) => json<Done>({ errors: {}, values: {}, ...data });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const type = request.headers.get("content-type") ?? "";
  if (/^application\/x-www-form-urlencoded/i.test(type)) {
    const form = await request.formData();
    if (form.get("intent") === "clear") return done({ cleared: clearBoundaries(user) });
    return fail(context, BOUNDARY_MESSAGES.choose);
  }
  const upload = await readUploadedFile(request, MAX_BOUNDARY_BYTES);
  if (!upload.ok) return fail(context, BOUNDARY_MESSAGES[upload.problem]);
  const { file } = upload;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(await file.arrayBuffer()));
  } catch {
    return fail(context, BOUNDARY_MESSAGES.notText);
  }
  if (text.includes("\u0000")) return fail(context, BOUNDARY_MESSAGES.notText);
  const imported = importBoundaries(user, text);
  if (!imported.ok) return fail(context, imported.message);
  return done({ result: imported.result });
}

const wardsText = (n: number) => `${n} ${n === 1 ? "ward" : "wards"}`;

function ImportResult({ result }: { result: BoundaryImportResult }) {
  return (
    <NotificationBanner success title="Boundaries loaded">
      <p className="govuk-notification-banner__heading" id="boundaries-result">
        {wardsText(result.matched)} matched
        {result.matched ? ` (${result.changed ? `${result.changed} new or changed` : "no change: the same boundaries were already loaded"})` : ""}.
      </p>
      <p className="govuk-body">
        {result.ignored} {result.ignored === 1 ? "feature" : "features"} for wards elsewhere ignored.
      </p>
      {result.withoutBoundary.length ? (
        <p className="govuk-body" id="boundaries-missing">
          No boundary in this file for {wardsText(result.withoutBoundary.length)}: {result.withoutBoundary.join(", ")}.
        </p>
      ) : null}
      {result.ambiguous.length ? (
        <p className="govuk-body" id="boundaries-ambiguous">
          Found more than once in the file, so not loaded: {result.ambiguous.join(", ")}. Give{" "}
          {result.ambiguous.length === 1 ? "this ward its" : "these wards their"} ONS code on the wards page and upload the file again.
        </p>
      ) : null}
    </NotificationBanner>
  );
}

export default function WardBoundaries() {
  const { wards, withBoundary } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>() as Partial<Done> | undefined;
  const { register, errors, summary, onSubmit } = useGovukForm(uploadSchema, { fields: ["file"] });
  const without = wards.filter((w) => !w.hasBoundary).map((w) => w.name);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        {done?.result ? <ImportResult result={done.result} /> : null}
        {done?.cleared !== undefined ? <SuccessBanner text={`Boundaries removed from ${wardsText(done.cleared)}.`} /> : null}
        <span className="govuk-caption-l">Wards</span>
        <h1 className="govuk-heading-l">Ward boundaries</h1>
        <p className="govuk-body">
          With the wards&rsquo; boundaries loaded, &ldquo;Did the money follow need?&rdquo; shows a map of the money awarded in each ward.
        </p>
        <p className="govuk-body" id="boundaries-status">
          {withBoundary === 0
            ? `No ward has a boundary yet.`
            : withBoundary === wards.length
              ? `All ${wards.length} wards have a boundary.`
              : `${withBoundary} of ${wards.length} wards have a boundary. Without one: ${without.join(", ")}.`}
        </p>

        <h2 className="govuk-heading-m">Where to get the file</h2>
        <ol className="govuk-list govuk-list--number">
          <li>
            Go to the ONS Open Geography Portal (geoportal.statistics.gov.uk) and search for &ldquo;Wards Boundaries UK BGC&rdquo;, for example
            &ldquo;Wards (May 2024) Boundaries UK BGC&rdquo;. Choose the year the portal&rsquo;s ward names and codes are from.
          </li>
          <li>Download it as GeoJSON. It must be in longitude and latitude (WGS84), not British National Grid.</li>
          <li>
            Upload it here. The file covers the whole country: only this place&rsquo;s wards are kept, the others are counted and ignored. If the
            file is bigger than 50MB, filter the data to your wards on the portal before downloading it.
          </li>
        </ol>
        <p className="govuk-body">
          Wards are matched by their ONS code where they have one, otherwise by name. Uploading the same file again changes nothing.
          Boundaries are simplified to about 10 metres before they are saved, so pages stay small.
        </p>

        <Form method="post" encType="multipart/form-data" noValidate onSubmit={onSubmit}>
          <div className={errors.file ? "govuk-form-group govuk-form-group--error" : "govuk-form-group"}>
            <label className="govuk-label govuk-label--s" htmlFor="file">
              Upload a GeoJSON file of ward boundaries
            </label>
            <Hint id="file-hint">A .geojson or .json file, smaller than 50MB</Hint>
            {errors.file ? <ErrorMessage id="file-error">{errors.file}</ErrorMessage> : null}
            <input
              className={errors.file ? "govuk-file-upload govuk-file-upload--error" : "govuk-file-upload"}
              id="file"
              type="file"
              accept=".geojson,.json,application/geo+json,application/json"
              aria-describedby={["file-hint", errors.file ? "file-error" : null].filter(Boolean).join(" ")}
              {...register("file")}
            />
          </div>
          <Button data-prevent-double-click="true">Upload boundaries</Button>
        </Form>

        {withBoundary > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="clear" />
            <p className="govuk-body">Remove every ward&rsquo;s boundary, for example to load a different year&rsquo;s file. The map goes until you load one again.</p>
            <Button variant="secondary">Remove all ward boundaries</Button>
          </Form>
        ) : null}

        <p className="govuk-body">
          <Link className="govuk-link" to="/staff/impact/wards">
            Did the money follow need? Funding by ward
          </Link>
        </p>
      </div>
    </div>
  );
}
