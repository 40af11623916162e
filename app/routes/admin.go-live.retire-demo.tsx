// "Retire the demo data" (admins): what it closes and archives, then one button. A real service
// that began as a demo keeps its records, but no demo account can sign in and no demo round is
// on the public pages any more. Refused to a demo admin, who would be closing their own account.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText, WarningText } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { isDemoEmail } from "~/models/demo-data.server";
import { demoDataToRetire, retireDemoData } from "~/models/go-live.server";
import { retireDemoSchema } from "~/schemas/admin";
import { requireRole } from "~/utils/auth.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";

export const handle: RouteHandle = { backLink: { to: "/admin/go-live", text: "Back to before you go live" } };

export const meta: MetaFunction = ({ matches }) => pageTitle("Retire the demo data", matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const { accounts, rounds } = demoDataToRetire();
  return json({ accounts, rounds, youAreDemo: isDemoEmail(admin.email), you: admin.email });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const parsed = await parseForm(request, retireDemoSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = retireDemoData(admin);
  if (!result.ok) {
    if (result.status === 403) throw new Response(result.message, { status: 403 });
    context.formHasErrors = true;
    return json({ errors: { form: result.message }, values: {} }, { status: result.status });
  }
  const changed = result.closedAccounts + result.archivedRounds > 0;
  return redirect(withNotice("/admin/go-live", changed ? "demo-retired" : "demo-already-retired"));
}

export default function RetireDemo() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const refused = failure && "errors" in failure ? (failure.errors as Record<string, string>) : {};
  const nothingLeft = d.accounts.length === 0 && d.rounds.length === 0;
  const summary = Object.values(refused).map((text) => ({ href: "#retire", text }));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <span className="govuk-caption-l">Before you go live</span>
        <h1 className="govuk-heading-l">Retire the demo data</h1>
        {nothingLeft ? (
          <InsetText>
            There is no demo data left to retire: no demo account is open and no demo round is on the public pages.{" "}
            <Link className="govuk-link" to="/admin/go-live">
              Go back to before you go live
            </Link>
          </InsetText>
        ) : (
          <>
            <p className="govuk-body">Retiring the demo data:</p>
            <ul className="govuk-list govuk-list--bullet">
              <li>
                closes {d.accounts.length === 1 ? "the 1 demo account" : `the ${d.accounts.length} demo accounts`} (addresses ending @demo.test) and
                signs them out everywhere: nobody can sign in with the demo password any more;
              </li>
              <li>
                archives {d.rounds.length === 1 ? "the 1 demo round" : `the ${d.rounds.length} demo rounds`}: they leave the start page, the
                funded projects page and every list of rounds, and nobody can apply to them;
              </li>
              <li>stops any email to a demo address that is still waiting to be sent.</li>
            </ul>
            <p className="govuk-body">
              Nothing is deleted: the demo rounds, their applications and awards stay in the records, marked as demo, and the audit trail says who
              retired them and when. Staff can still include demo rounds in the impact figures if they tick &ldquo;Include demo rounds&rdquo;.
            </p>
            {d.rounds.length ? (
              <>
                <h2 className="govuk-heading-m">Demo rounds</h2>
                <ul className="govuk-list govuk-list--bullet">
                  {d.rounds.map((r) => (
                    <li key={r.id}>{r.name}</li>
                  ))}
                </ul>
              </>
            ) : null}
            {d.accounts.length ? (
              <>
                <h2 className="govuk-heading-m">Demo accounts</h2>
                <ul className="govuk-list govuk-list--bullet">
                  {d.accounts.map((a) => (
                    <li key={a.id} className="app-wrap-anywhere">
                      {a.name} ({a.email})
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {d.youAreDemo ? (
              <WarningText>
                You are signed in as {d.you}, a demo account, so you cannot retire the demo data: it would close your own account. Make a real
                administrator with npm run admin:create and sign in as them.
              </WarningText>
            ) : (
              <WarningText>Archived demo rounds cannot be brought back from the portal.</WarningText>
            )}
            <div id="retire" tabIndex={-1}>
              <Form method="post">
                <input type="hidden" name="confirm" value="yes" />
                <div className="govuk-button-group">
                  <Button variant="warning" data-prevent-double-click="true">
                    Retire the demo data
                  </Button>
                  <Link className="govuk-link" to="/admin/go-live">
                    Cancel
                  </Link>
                </div>
              </Form>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
