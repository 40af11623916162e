// A programme's grant terms, for staff: the current version in full, the earlier versions, and
// publishing a new version. Offers still open are accepted on the newest version; accepted awards
// keep the version they accepted. The form carries the version the page showed: if a colleague
// published another since, nothing is published and what was typed is kept.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { TermsText } from "~/components/award";
import { InsetText, SuccessBanner, Table } from "~/components/govuk/content";
import { Button, ErrorSummary, Textarea, TextInput } from "~/components/govuk/form";
import { openOffers, publishTerms, termsVersions } from "~/models/award-offers.server";
import { AWARD_LIMITS, hiddenId, termsSchema } from "~/schemas/award";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { db, schema } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { typedValues, type FormFailure } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText } from "~/utils/notices";
import { useFreshFormKey, useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/programmes/${params.programmeId}`, text: "Back to the programme" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Grant terms: ${data.programme.name}` : "Grant terms", matches);

function programmeOf(params: { programmeId?: string }) {
  const programme = db.select({ id: schema.programmes.id, name: schema.programmes.name }).from(schema.programmes).where(eq(schema.programmes.id, idParam(params.programmeId))).get();
  if (!programme) throw notFound();
  return programme;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const programme = programmeOf(params);
  const versions = termsVersions(programme.id);
  const current = versions[0] ?? null;
  return json({
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    programme,
    current: current ? { id: current.id, version: current.version, title: current.title, body: current.body, createdAt: current.createdAt.toISOString() } : null,
    earlier: versions.slice(1).map((v) => ({ id: v.id, version: v.version, title: v.title, createdAt: v.createdAt.toISOString() })),
    openOffers: openOffers(programme.id),
  });
}

type Failure = FormFailure & { refused?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const programme = programmeOf(params);
  const parsed = await parseForm(request, termsSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = publishTerms(user, programme.id, parsed.data, hiddenId(parsed.formData.get("seenVersion")));
  if (result.ok) return redirect(`/staff/programmes/${programme.id}/terms?notice=terms-published`);
  if (result.status === 403 || result.status === 404) throw new Response(result.message, { status: result.status });
  context.formHasErrors = true;
  return json<Failure>(
    { errors: result.field ? { [result.field]: result.message } : {}, values: typedValues(parsed.formData), refused: result.field ? undefined : result.message },
    { status: result.status },
  );
}

export default function GrantTerms() {
  const d = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const formKey = useFreshFormKey();
  const form = useGovukForm(termsSchema, { fields: ["title", "body"], defaults: { title: d.current?.title ?? "", body: d.current?.body ?? "" } });
  const items = [...(failure?.refused ? [{ href: "#publish", text: failure.refused }] : []), ...form.summary];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.notice ? <SuccessBanner text={d.notice} /> : null}
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">{d.programme.name}</span>
        <h1 className="govuk-heading-l">Grant terms</h1>
        {d.current ? (
          <>
            <h2 className="govuk-heading-m">
              Current version: {d.current.title}, version {d.current.version}
            </h2>
            <p className="govuk-body">Published on {formatDate(d.current.createdAt)}.</p>
            <TermsText terms={d.current} />
          </>
        ) : (
          <p className="govuk-body">No grant terms have been published for this programme yet. Offers cannot be accepted until there are some.</p>
        )}
        {d.earlier.length ? (
          <Table
            caption="Earlier versions"
            captionSize="s"
            columns={[{ header: "Version", numeric: true }, { header: "Title" }, { header: "Published" }]}
            rows={d.earlier.map((v) => [String(v.version), v.title, formatDate(v.createdAt)])}
          />
        ) : null}

        <h2 className="govuk-heading-m" id="publish" tabIndex={-1}>
          Publish a new version
        </h2>
        <InsetText>
          {d.openOffers === 0
            ? "No offer of this programme is waiting for an answer."
            : `${d.openOffers === 1 ? "1 offer is" : `${d.openOffers} offers are`} waiting for an answer: once you publish, ${d.openOffers === 1 ? "it is" : "they are"} accepted on the new version.`}{" "}
          Awards already accepted keep the version they accepted.
        </InsetText>
        <Form method="post" noValidate onSubmit={form.onSubmit} key={formKey}>
          {/* The version this page showed: refused if a colleague published another since. */}
          <input type="hidden" name="seenVersion" value={d.current?.version ?? 0} />
          <TextInput
            label="Title"
            hint="For example, Collaboration Fund grant terms"
            error={form.errors.title}
            defaultValue={form.values.title}
            maxLength={AWARD_LIMITS.termsTitleChars + 50}
            {...form.register("title")}
          />
          <Textarea
            label="Terms"
            hint="The full text the grantee reads and accepts. Leave a blank line between paragraphs."
            rows={20}
            error={form.errors.body}
            defaultValue={form.values.body}
            {...form.register("body")}
          />
          <Button>Publish new version</Button>
        </Form>
      </div>
    </div>
  );
}
