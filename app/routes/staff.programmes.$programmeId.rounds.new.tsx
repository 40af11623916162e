// "Create a round" on a programme: its details, as a draft. Rules, questions, documents, the
// panel and the return schedule are set on the round's own pages afterwards.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ROUND_DETAIL_FIELDS, RoundDetailsFields, roundFormValues } from "~/components/round-details";
import { Button, ErrorSummary } from "~/components/govuk/form";
import { getPlace } from "~/models/place.server";
import { getProgramme } from "~/models/programmes.server";
import { createRound } from "~/models/rounds.server";
import { roundDetailsSchema } from "~/schemas/round";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { refused, type RoundFailure } from "~/utils/round-page.server";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/programmes/${params.programmeId}`, text: "Back to the programme" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Create a round of the ${data.programme.name}` : "Create a round", matches);

const schema = roundDetailsSchema({ withAmounts: true });

async function programmeOf(request: Request, programmeId: string | undefined) {
  const user = await requireRole(request, "staff");
  const programme = getProgramme(idParam(programmeId));
  if (!programme) throw notFound();
  return { user, programme };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { programme } = await programmeOf(request, params.programmeId);
  const year = new Date().getFullYear() + 1;
  const values = roundFormValues({
    name: `${programme.name} ${year} to ${year + 1}`,
    summary: null,
    guidance: null,
    opensAt: null,
    closesAt: null,
    budgetPence: 0,
    minRequestPence: 0,
    maxRequestPence: 0,
    referenceYear: year,
    decisionsExpectedOn: null,
    contactName: null,
    contactEmail: null,
  });
  return json({
    programme: { id: programme.id, name: programme.name, retired: Boolean(programme.archivedAt) },
    placeContact: getPlace().contactEmail,
    defaults: { ...values, budget: "", minAmount: "", maxAmount: "" },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, programme } = await programmeOf(request, params.programmeId);
  const parsed = await parseForm(request, schema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const d = parsed.data;
  const result = createRound(user, programme.id, { ...d, minRequestPence: d.minRequestPence!, maxRequestPence: d.maxRequestPence! });
  if (!result.ok) return refused(context, result, typedValues(parsed.formData));
  return redirect(withNotice(`/staff/cycles/${result.cycleId}`, "round-created"));
}

export default function CreateRound() {
  const { programme, placeContact, defaults } = useLoaderData<typeof loader>();
  const failure = useActionData<RoundFailure>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(schema, { fields: ROUND_DETAIL_FIELDS, defaults });
  const items = failure?.refused ? [{ href: "#main-content", text: failure.refused }, ...summary] : summary;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={items} />
        <span className="govuk-caption-l">{programme.name}</span>
        <h1 className="govuk-heading-l">Create a round</h1>
        <p className="govuk-body">
          The round starts as a draft: applicants cannot see it until you publish it. After this you choose who may apply,
          add the round's own questions and the documents it asks for, set up the panel, preview it and publish it.
        </p>
        <p className="govuk-body">
          To start from an earlier round, with its rules, questions and scoring criteria, open that round and choose "Copy
          this round" instead.
        </p>
        <Form method="post" noValidate onSubmit={onSubmit}>
          <RoundDetailsFields register={register} errors={errors} values={values} withAmounts placeContact={placeContact} />
          <Button>Create the round as a draft</Button>
        </Form>
      </div>
    </div>
  );
}
