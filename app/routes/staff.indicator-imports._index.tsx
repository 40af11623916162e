// Every import of indicator values: the place file at set-up, and each Fingertips file.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Table, Tag } from "~/components/govuk/content";
import { IMPORT_STATUS_LABELS } from "~/components/indicators";
import { listImports } from "~/models/fingertips.server";
import { requireRole } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { pageTitle, type RouteHandle } from "~/utils/meta";

export const handle: RouteHandle = { backLink: { to: "/staff/indicators", text: "Back to indicators" } };

export const meta: MetaFunction = () => pageTitle("Past imports");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  return json({ imports: listImports().map((i) => ({ ...i, createdAt: i.createdAt.toISOString() })) });
}

export default function PastImports() {
  const { imports } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">Indicators</span>
      <h1 className="govuk-heading-l">Past imports</h1>
      <p className="govuk-body">
        <Link className="govuk-link" to="/staff/indicators/import">
          Import a Fingertips file
        </Link>
      </p>
      {imports.length ? (
        <div className="app-table-scroll">
          <Table
            caption="The latest 100, newest first"
            captionSize="s"
            firstCellIsHeader
            columns={[
              { header: "File" },
              { header: "Source" },
              { header: "Status" },
              { header: "Uploaded" },
              { header: "Rows read", numeric: true },
              { header: "Stored", numeric: true },
              { header: "Unchanged", numeric: true },
              { header: "Skipped", numeric: true },
            ]}
            rows={imports.map((i) => {
              const status = IMPORT_STATUS_LABELS[i.status];
              return [
                <Link className="govuk-link app-wrap-anywhere" to={`/staff/indicator-imports/${i.id}`} key="f">
                  {i.fileName ?? `Import ${i.id}`}
                </Link>,
                i.source,
                <Tag colour={status.colour} key="s">
                  {status.text}
                </Tag>,
                `${formatDateTime(i.createdAt)}${i.importerName ? ` by ${i.importerName}` : ""}`,
                i.rowsRead,
                i.rowsStored,
                i.rowsUnchanged,
                i.rowsSkipped,
              ];
            })}
          />
        </div>
      ) : (
        <p className="govuk-body">Nothing has been imported yet.</p>
      )}
    </>
  );
}
