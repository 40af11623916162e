// Consent to publish the story: yes or no, with a plain account of what is published, where,
// and how to change one's mind. Required before the return can be submitted.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Choices } from "~/components/govuk/form";
import { ReturnForm } from "~/components/returns";
import { RETURN_PAGE_SHOWN, saveReturnSection } from "~/models/returns.server";
import { consentSchema } from "~/schemas/return";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { intentOf, requireEditableReturn, respondReturn, returnPageState } from "~/utils/return-page.server";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/returns/${params.returnId}`, text: "Back to your return" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Consent to publish", matches);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requireEditableReturn(request, params);
  const consent = file.ret.consentToPublish;
  return json({
    page: returnPageState(file, RETURN_PAGE_SHOWN.consent),
    awardId: file.award.award.id,
    consent: consent === null ? "" : consent ? "yes" : "no",
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requireEditableReturn(request, params);
  const parsed = await parseForm(request, consentSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const outcome = saveReturnSection(
    user,
    file.ret.id,
    { section: "consent", consent: parsed.data.consent },
    { intent: intentOf(parsed.formData), seen: String(parsed.formData.get("seen") ?? "") },
  );
  return respondReturn(context, outcome, file.ret.id, typedValues(parsed.formData));
}

export default function Consent() {
  const d = useLoaderData<typeof loader>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(consentSchema, { fields: ["consent"], defaults: { consent: d.consent } });
  return (
    <ReturnForm page={d.page} heading="Consent to publish" summary={summary} onSubmit={onSubmit} showPeriod={false}>
      <p className="govuk-body">We would like to share your story so that others can learn from your project.</p>
      <h2 className="govuk-heading-s">What we would publish</h2>
      <ul className="govuk-list govuk-list--bullet">
        <li>the answers on the &ldquo;Your story&rdquo; page: the project title, the authors&rsquo; names and every answer there</li>
        <li>your organisation&rsquo;s name, which is already published with every award, with the amount and the wards you work in</li>
        <li>the photos you upload with this return, each with its description</li>
      </ul>
      <h2 className="govuk-heading-s">Where</h2>
      <p className="govuk-body">
        On this portal&rsquo;s public page of funded projects, and in reports such as the Annual Public Health Report. We do not publish your
        numbers by ward or group, your spending, or anyone&rsquo;s contact details.
      </p>
      <h2 className="govuk-heading-s">Before anything is published</h2>
      <p className="govuk-body">
        If you say yes here, staff read your story first. If they approve it, your story and the photos you upload with this return are published,
        each photo with its description. Only upload photos you are happy for anyone to see.
      </p>
      <p className="govuk-body">
        You can change your mind at any time:{" "}
        <a className="govuk-link" href={`/awards/${d.awardId}/publication`}>
          withdraw your consent to publish
        </a>{" "}
        and we will take your story and photos off the public page.
      </p>
      <Choices
        type="radio"
        name="consent"
        legend="May we publish your story?"
        legendSize="m"
        error={errors.consent}
        checked={values.consent ? [values.consent] : []}
        items={[
          { value: "yes", text: "Yes, you may publish our story" },
          { value: "no", text: "No, do not publish our story" },
        ]}
        inputProps={register("consent")}
      />
    </ReturnForm>
  );
}
