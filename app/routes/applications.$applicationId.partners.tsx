// Partners: the GOV.UK "add to a list" pattern on one page, as the budget page does it. The
// partners so far, each with a Remove button (and "Send the request again" while waiting) that
// submits a small form of its own (named by the button's `form` attribute, so no form is nested
// in another and it all works without JavaScript), then the fields to add one. "Save and
// continue" adds what was typed too, so nothing is lost, then goes back to the task list.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ApplicationForm, WordCountTextarea } from "~/components/application";
import { NotificationBanner, SuccessBanner, Tag } from "~/components/govuk/content";
import { Button, Fieldset, TextInput } from "~/components/govuk/form";
import { savePage } from "~/models/applications.server";
import { addPartner, partnerStatus, removePartner, resendPartnerRequest, type PartnerResult } from "~/models/partners.server";
import { addToListSchema, LIMITS, partnerSchema } from "~/schemas/application";
import { pageState, requireEditableApplication, respond, type PageFailure } from "~/utils/application-page.server";
import { notFound } from "~/utils/auth.server";
import { typedValues } from "~/utils/forms";
import { invalid, parseForm } from "~/utils/forms.server";
import { pageTitle, type RouteHandle } from "~/utils/meta";
import { noticeText, withNotice, type NoticeKey } from "~/utils/notices";
import { useGovukForm } from "~/utils/use-govuk-form";

export const handle: RouteHandle = { backLink: ({ params }) => ({ to: `/applications/${params.applicationId}`, text: "Back to your application" }) };

export const meta: MetaFunction = ({ matches }) => pageTitle("Partners", matches);

const FIELDS = ["name", "contactName", "contactEmail", "role"] as const;
const pageSchema = addToListSchema(partnerSchema, FIELDS);

const STATUS = {
  waiting: { text: "Waiting for confirmation", colour: "yellow" },
  confirmed: { text: "Confirmed", colour: "green" },
  declined: { text: "Declined", colour: "red" },
} as const;

async function requirePartnersPage(request: Request, params: LoaderFunctionArgs["params"]) {
  const found = await requireEditableApplication(request, params);
  // Only rounds that ask about partners (the Prize does not) have this page.
  if (!found.file.cycle.sections.includes("partners")) throw notFound();
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { file } = await requirePartnersPage(request, params);
  return json({
    page: pageState(file),
    version: file.application.version,
    requiresPartner: file.cycle.eligibility.requiresPartner,
    programmeName: file.programme.name,
    notice: noticeText(new URL(request.url).searchParams.get("notice")),
    partners: file.partners.map((p) => ({
      id: p.id,
      name: p.name,
      contactName: p.contactName,
      contactEmail: p.contactEmail,
      role: p.role,
      status: partnerStatus(p),
    })),
  });
}

type ActionData = PageFailure & { problem?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, file } = await requirePartnersPage(request, params);
  const id = file.application.id;
  const here = `/applications/${id}/partners`;

  const answer = (result: PartnerResult, notice: NoticeKey | null, values: Record<string, string> = {}) => {
    if (result.ok) return redirect(notice ? withNotice(here, notice) : result.redirectTo);
    switch (result.kind) {
      case "invalid":
        return invalid(context, { errors: result.errors, values });
      case "not_sent":
        return json<ActionData>({ errors: {}, values, problem: result.message }, { status: 429 });
      case "not_found":
        throw notFound();
      default:
        return respond(context, result, id, values);
    }
  };

  const posted = await request.clone().formData();
  const listIntent = String(posted.get("intent") ?? "");
  if (listIntent === "remove" || listIntent === "resend") {
    const partnerId = String(posted.get("partnerId") ?? "");
    if (!/^\d{1,12}$/.test(partnerId)) throw notFound();
    return listIntent === "remove"
      ? answer(removePartner(user, id, Number(partnerId)), "partner-removed")
      : answer(resendPartnerRequest(user, id, Number(partnerId)), "partner-request-sent");
  }

  const parsed = await parseForm(request, pageSchema);
  if (!parsed.ok) return invalid(context, parsed.failure);
  const { intent, entry } = parsed.data;
  const typed = typedValues(parsed.formData);
  const saveIntent = intent === "add" ? "later" : intent;
  if (entry) return answer(addPartner(user, id, entry, new Date(), saveIntent), intent === "add" ? "partner-added" : null, typed);
  // "Save and continue" (checks there is a partner, if the round needs one) or "come back later".
  const outcome = savePage({ user, applicationId: id, page: "partners", intent: saveIntent, seen: null, write: () => {} });
  return respond(context, outcome, id, typed);
}

export default function Partners() {
  // A new start after each save, so the "add" fields are empty again with JavaScript too.
  return <PartnersPage key={useLoaderData<typeof loader>().version} />;
}

function PartnersPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<ActionData>();
  const { register, errors, summary, values, onSubmit } = useGovukForm(pageSchema, {
    fields: FIELDS,
    defaults: { name: "", contactName: "", contactEmail: "", role: "" },
  });
  return (
    <>
      {failure?.problem ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <NotificationBanner title="The request was not sent">
              <p className="govuk-notification-banner__heading">{failure.problem}</p>
            </NotificationBanner>
          </div>
        </div>
      ) : data.notice && !failure ? (
        <SuccessBanner text={data.notice} />
      ) : null}
      <ApplicationForm page={data.page} summary={summary} onSubmit={onSubmit}>
        <h1 className="govuk-heading-l">Partners</h1>
        {data.requiresPartner ? (
          <p className="govuk-body">
            The {data.programmeName} funds groups that work together. Add at least one partner organisation and say what
            it will do in the project.
          </p>
        ) : (
          <p className="govuk-body">You do not need a partner for this round, but you can add any you have.</p>
        )}
        <p className="govuk-body">
          We email each partner's contact to ask them to confirm they are a partner. They do not need an account. You can
          submit your application before they answer.
        </p>

        {data.partners.length ? (
          data.partners.map((p) => (
            <div className="govuk-summary-card" key={p.id}>
              <div className="govuk-summary-card__title-wrapper">
                <h2 className="govuk-summary-card__title">{p.name}</h2>
                <ul className="govuk-summary-card__actions">
                  <li className="govuk-summary-card__action">
                    <button type="submit" form={`remove-partner-${p.id}`} className="app-link-button">
                      Remove<span className="govuk-visually-hidden"> {p.name}</span>
                    </button>
                  </li>
                </ul>
              </div>
              <div className="govuk-summary-card__content">
                <dl className="govuk-summary-list">
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Role</dt>
                    <dd className="govuk-summary-list__value app-pre-line">{p.role}</dd>
                  </div>
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Contact</dt>
                    <dd className="govuk-summary-list__value">
                      {p.contactName}
                      <br />
                      <span className="app-wrap-anywhere">{p.contactEmail}</span>
                    </dd>
                  </div>
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Status</dt>
                    <dd className="govuk-summary-list__value">
                      <Tag colour={STATUS[p.status].colour}>{STATUS[p.status].text}</Tag>
                    </dd>
                  </div>
                </dl>
                {p.status === "waiting" ? (
                  <Button form={`resend-partner-${p.id}`} variant="secondary" className="govuk-!-margin-bottom-0">
                    Send the request again<span className="govuk-visually-hidden"> to {p.name}</span>
                  </Button>
                ) : null}
              </div>
            </div>
          ))
        ) : (
          <p className="govuk-body">You have not added any partners yet.</p>
        )}

        <Fieldset legend={data.partners.length ? "Add another partner" : "Add a partner"} legendSize="m">
          <TextInput label="Organisation name" error={errors.name} defaultValue={values.name} autoComplete="organization" spellCheck={false} {...register("name")} />
          <TextInput label="Name of your contact there" error={errors.contactName} defaultValue={values.contactName} autoComplete="off" spellCheck={false} {...register("contactName")} />
          <TextInput
            label="Your contact's email address"
            hint="We will email them a link to confirm the partnership"
            type="email"
            autoComplete="off"
            spellCheck={false}
            error={errors.contactEmail}
            defaultValue={values.contactEmail}
            {...register("contactEmail")}
          />
          <WordCountTextarea
            name="role"
            label="What will the partner do in the project?"
            hint="For example, run the sessions at their centre, or refer people to the project"
            maxWords={LIMITS.roleWords}
            rows={3}
            error={errors.role}
            defaultValue={values.role}
            inputProps={register("role")}
          />
          <Button name="intent" value="add" variant="secondary">
            Add partner
          </Button>
        </Fieldset>
      </ApplicationForm>

      {/* The small forms that the Remove and "Send the request again" buttons above submit. */}
      {data.partners.map((p) => (
        <div key={p.id}>
          <Form method="post" id={`remove-partner-${p.id}`} className="app-inline-form">
            <input type="hidden" name="intent" value="remove" />
            <input type="hidden" name="partnerId" value={p.id} />
          </Form>
          {p.status === "waiting" ? (
            <Form method="post" id={`resend-partner-${p.id}`} className="app-inline-form">
              <input type="hidden" name="intent" value="resend" />
              <input type="hidden" name="partnerId" value={p.id} />
            </Form>
          ) : null}
        </div>
      ))}
    </>
  );
}
