import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Button, Choices, ErrorSummary, TextInput } from "~/components/govuk/form";
import { getWard, listNeighbourhoods, updateWard } from "~/models/place.server";
import { wardSchema } from "~/schemas/place";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { withNotice } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: { to: "/staff/wards", text: "Back to wards" } };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(data ? `Change ${data.ward.name} ward` : "Change ward", matches);

function wardOf(params: { wardId?: string }) {
  const ward = getWard(idParam(params.wardId));
  if (!ward) throw notFound();
  return ward;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const ward = wardOf(params);
  return json({
    ward: { id: ward.id, name: ward.name, code: ward.code, parentId: ward.parentId },
    neighbourhoods: listNeighbourhoods().map((n) => ({ id: n.id, name: n.name })),
  });
}

const PROBLEMS = {
  code_taken: { code: "Another area already has this ONS code" },
  no_neighbourhood: { neighbourhoodId: "Select the ward's neighbourhood, or 'Not set yet'" },
} as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "staff");
  const ward = wardOf(params);
  const parsed = await parseForm(request, wardSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const result = updateWard(user, ward.id, parsed.data);
  if (!result.ok) {
    if (result.problem === "not_found") throw notFound();
    return invalid(context, { errors: PROBLEMS[result.problem], values: typedValues(parsed.formData) });
  }
  return redirect(withNotice("/staff/wards", "ward-updated"));
}

export default function ChangeWard() {
  const { ward, neighbourhoods } = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(wardSchema, {
    fields: ["neighbourhoodId", "code"],
    defaults: { code: ward.code ?? "", neighbourhoodId: ward.parentId ? String(ward.parentId) : "none" },
  });
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary items={summary} />
          <span className="govuk-caption-l">Wards and neighbourhoods</span>
          <h1 className="govuk-heading-l">{ward.name} ward</h1>
          <Form method="post" noValidate onSubmit={onSubmit}>
            <Choices
              type="radio"
              name="neighbourhoodId"
              legend="Which neighbourhood is this ward in?"
              legendSize="m"
              error={errors.neighbourhoodId}
              checked={[values.neighbourhoodId ?? ""]}
              items={[
                ...neighbourhoods.map((n) => ({ value: String(n.id), text: n.name })),
                { value: "none", text: "Not set yet" },
              ]}
              inputProps={register("neighbourhoodId")}
            />
            <TextInput
              label="ONS ward code (optional)"
              labelSize="m"
              hint="9 characters starting E05, from the Office for National Statistics. Used to match published data to this ward."
              width="10"
              spellCheck={false}
              autoComplete="off"
              error={errors.code}
              defaultValue={values.code}
              {...register("code")}
            />
            <Button>Save</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
