// People reached: the total, by ward (the application's wards first; any other ward of the place
// can be added), by group, and the activities delivered. "Add ward" saves what is typed and
// comes back with a box for the ward chosen (carried in the address, `?add=`, until it is saved
// with a number in it), so the page works without JavaScript.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { WordCountTextarea } from "~/components/application";
import { Button, Fieldset, Select, TextInput } from "~/components/govuk/form";
import { ReturnForm } from "~/components/returns";
import { listWards } from "~/models/place.server";
import { RETURN_PAGE_SHOWN, returnPath, saveReturnSection, type ReturnFile } from "~/models/returns.server";
import { reachSchema, RETURN_LIMITS } from "~/schemas/return";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { requireEditableReturn, respondReturn, returnPageState } from "~/utils/return-page.server";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/returns/${params.returnId}`, text: "Back to your return" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("People reached", matches);

/** The wards on the page: those of the return, and any added with "Add ward" (real wards only). */
function wardsOnPage(request: Request, file: ReturnFile) {
  const all = listWards();
  const shown = new Set(file.wards.map((w) => w.id));
  const asked = (new URL(request.url).searchParams.get("add") ?? "").split(",").filter((v) => /^\d{1,9}$/.test(v)).map(Number);
  const added = all.filter((w) => asked.includes(w.id) && !shown.has(w.id)).map((w) => ({ id: w.id, name: w.name, planned: false }));
  const onPage = [...file.wards, ...added];
  const onPageIds = new Set(onPage.map((w) => w.id));
  return { onPage, added, others: all.filter((w) => !onPageIds.has(w.id)).map((w) => ({ id: w.id, name: w.name })) };
}

const text = (n: number | undefined | null) => (n === undefined || n === null ? "" : String(n));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableReturn(request, params);
  const wards = wardsOnPage(request, file);
  return json({
    page: returnPageState(file, RETURN_PAGE_SHOWN.reach),
    wards: wards.onPage,
    others: wards.others,
    groups: file.groups,
    values: {
      peopleReached: text(file.ret.peopleReached),
      activitiesDelivered: file.ret.activitiesDelivered ?? "",
      ...Object.fromEntries(file.wards.map((w) => [`ward_${w.id}`, text(file.reachByArea[w.id])])),
      ...Object.fromEntries(file.groups.map((g) => [`group_${g.id}`, text(file.reachByGroup[g.id])])),
    } as Record<string, string>,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableReturn(request, params);
  const wards = wardsOnPage(request, file);
  const parsed = await parseForm(request, reachSchema({ wards: wards.onPage, groups: file.groups }));
  if (!parsed.ok) return invalid(context, parsed.failure);
  const data = parsed.data as Record<string, unknown>;
  const adding = data.intent === "add-ward";
  const typed = typedValues(parsed.formData);
  let redirectTo: string | undefined;
  if (adding) {
    const ward = wards.others.find((w) => w.id === Number(data.addWard));
    if (!ward) return invalid(context, { errors: { addWard: "Select a ward from the list" }, values: typed });
    const keep = [...wards.added.map((w) => w.id), ward.id];
    redirectTo = `${returnPath(file.ret.id, "reach")}?add=${keep.join(",")}#ward_${ward.id}`;
  }
  const outcome = saveReturnSection(
    user,
    file.ret.id,
    {
      section: "reach",
      peopleReached: data.peopleReached as number | null,
      activitiesDelivered: data.activitiesDelivered as string,
      wards: Object.fromEntries(wards.onPage.map((w) => [w.id, data[`ward_${w.id}`] as number | null])),
      groups: Object.fromEntries(file.groups.map((g) => [g.id, data[`group_${g.id}`] as number | null])),
    },
    { intent: adding ? "later" : data.intent === "later" ? "later" : "continue", seen: String(parsed.formData.get("seen") ?? ""), redirectTo },
  );
  return respondReturn(context, outcome, file.ret.id, typed);
}

export default function Reach() {
  const d = useLoaderData<typeof loader>();
  const fields = ["peopleReached", ...d.wards.map((w) => `ward_${w.id}`), "addWard", ...d.groups.map((g) => `group_${g.id}`), "activitiesDelivered"];
  const { register, errors, summary, values, onSubmit } = useGovukForm(reachSchema({ wards: d.wards, groups: d.groups }), { fields, defaults: d.values });
  const number = (name: string, label: string, hint?: string, labelSize?: "m") => (
    <TextInput
      key={name}
      label={label}
      labelSize={labelSize}
      hint={hint}
      inputMode="numeric"
      width="5"
      spellCheck={false}
      autoComplete="off"
      error={errors[name]}
      defaultValue={values[name]}
      {...register(name)}
    />
  );
  return (
    <ReturnForm
      page={d.page}
      heading="People reached"
      summary={summary}
      onSubmit={onSubmit}
      after={
        d.others.length ? (
          <div id="add-ward">
            <h2 className="govuk-heading-m">Add another ward</h2>
            <Select
              label="Ward"
              hint="If you reached people in a ward your application did not name. What you have typed is saved too."
              error={errors.addWard}
              defaultValue={values.addWard ?? ""}
              options={[{ value: "", text: "Choose a ward" }, ...d.others.map((w) => ({ value: String(w.id), text: w.name }))]}
              {...register("addWard")}
            />
            <Button name="intent" value="add-ward" variant="secondary">
              Add ward
            </Button>
          </div>
        ) : null
      }
    >
      {number("peopleReached", "Total people reached", "Count each person once, however many sessions they came to", "m")}

      <Fieldset legend="People reached by ward" legendSize="m">
        <p className="govuk-body">
          Count each person in the ward where they live. Enter 0 where you reached nobody. People from outside the area count in the total only.
        </p>
        {d.others.length ? (
          <p className="govuk-body">
            Reached people in another ward? <a className="govuk-link" href="#add-ward">Add another ward</a> at the end of this page.
          </p>
        ) : null}
        {d.wards.map((w) => number(`ward_${w.id}`, `People reached in ${w.name}`, w.planned ? undefined : "Added by you: leave it empty to take it off"))}
      </Fieldset>
      {d.groups.length ? (
        <Fieldset legend="People reached by group" legendSize="m">
          <p className="govuk-body">The groups your application said the project is for. A person can be in more than one group. Enter 0 where you reached nobody.</p>
          {d.groups.map((g) => number(`group_${g.id}`, `People reached: ${g.name}`))}
        </Fieldset>
      ) : null}

      <WordCountTextarea
        name="activitiesDelivered"
        label="Activities delivered"
        labelSize="m"
        hint="What you did, with numbers where you can: for example, 24 cooking sessions, 2 trips and a celebration meal"
        maxWords={RETURN_LIMITS.activitiesWords}
        rows={4}
        error={errors.activitiesDelivered}
        defaultValue={values.activitiesDelivered}
        inputProps={register("activitiesDelivered")}
      />
    </ReturnForm>
  );
}
