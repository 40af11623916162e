// Check your return, then submit it. The server refuses unless every section is complete, the
// return can change now, and its answers are the ones this page showed (the form carries the
// return's version). Submitting twice makes one submission (and one set of emails).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AnswerCards } from "~/components/application";
import { InsetText, WarningText } from "~/components/govuk/content";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { ReturnCaption } from "~/components/returns";
import { allReturnProblems, returnAnswerGroups, returnPath, submitReturn, type ReturnFile } from "~/models/returns.server";
import { formatDate } from "~/utils/format";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { requireEditableReturn, requireReturn, returnPageState } from "~/utils/return-page.server";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/returns/${params.returnId}`, text: "Back to your return" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Check your return", matches);

type Missing = { href: string; text: string };

const missingOf = (file: ReturnFile): Missing[] =>
  allReturnProblems(file).map((p) => ({ href: `${returnPath(file.ret.id, p.page)}${p.field ? `#${p.field}` : ""}`, text: p.text }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableReturn(request, params);
  return json({
    page: returnPageState(file),
    version: file.ret.version,
    dueDate: file.ret.dueDate,
    resubmitting: file.ret.status === "changes_requested",
    missing: missingOf(file),
    groups: returnAnswerGroups(file),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireReturn(request, params);
  const done = withNotice(returnPath(file.ret.id), "return-submitted");
  // The version of the return this page showed: submitted only if nothing changed since. A
  // second click after the first went through shows the same confirmation, doing nothing again.
  const posted = String((await request.formData()).get("version") ?? "");
  const version = /^\d{1,9}$/.test(posted) ? Number(posted) : -1;
  const result = submitReturn(user, file.ret.id, { version });
  if (result.ok) return redirect(done);
  context.formHasErrors = true;
  if (result.kind === "incomplete") return json({ missing: missingOf(file), message: null as string | null }, { status: 400 });
  return json({ missing: [] as Missing[], message: result.message as string | null }, { status: result.status });
}

export default function CheckReturn() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const missing = failure?.missing?.length ? failure.missing : d.missing;
  const summary = failure?.message ? [{ href: "#submit", text: failure.message }] : failure ? missing : [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <ReturnCaption page={d.page} />
        <h1 className="govuk-heading-l">Check your return</h1>
        <InsetText>{d.page.period}</InsetText>
        {missing.length ? (
          <>
            <WarningText>You cannot submit yet. Some answers are missing.</WarningText>
            <ul className="govuk-list govuk-list--bullet">
              {missing.map((m) => (
                <li key={m.href + m.text}>
                  <Link className="govuk-link" to={m.href}>
                    {m.text}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <AnswerCards groups={d.groups} changeBase={`/returns/${d.page.id}`} />
        <h2 className="govuk-heading-m">Now send your return</h2>
        <p className="govuk-body">
          By submitting this return you confirm that, to the best of your knowledge, the numbers and the story are true. It is due on {formatDate(d.dueDate)}.
        </p>
        <InsetText>After you submit, you cannot change your answers unless staff ask you for changes.</InsetText>
        <Form method="post">
          {/* The answers this page showed: the return is not submitted if they changed since. */}
          <input type="hidden" name="version" value={d.version} />
          <Button id="submit" data-prevent-double-click="true">
            Submit return
          </Button>
        </Form>
      </div>
    </div>
  );
}
