// The link in the "please confirm your partnership" email. No account is needed: the token is
// the credential. Opening the link only shows the request; the answer is a form post, so mail
// systems that open links to scan them cannot answer for the partner.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Panel, SummaryList } from "~/components/govuk/content";
import { Button, ButtonGroup } from "~/components/govuk/form";
import { answerPartnerRequest, partnerRequest } from "~/models/partners.server";
import { partnerAnswerSchema } from "~/schemas/application";
import { formatDate } from "~/utils/format";
import { pageTitle } from "~/utils/meta";

type PartnerRequest = NonNullable<ReturnType<typeof partnerRequest>>;
type Shown =
  | { state: "invalid" }
  | { state: "withdrawn"; leadName: string }
  | { state: "ask"; token: string; request: Omit<PartnerRequest, "answeredAt"> }
  | { state: "answered"; answer: "confirmed" | "declined"; already: boolean; at: string; partnerName: string; leadName: string };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const titles: Record<Shown["state"], string> = {
    invalid: "This link is not valid",
    withdrawn: "This application has been withdrawn",
    ask: "Confirm your partnership",
    answered: "Your answer",
  };
  return pageTitle(titles[(data as Shown | undefined)?.state ?? "invalid"], matches);
};

function shownFor(token: string): { shown: Shown; status: number } {
  const found = partnerRequest(token);
  if (!found) return { shown: { state: "invalid" }, status: 404 };
  if (found.status !== "waiting") {
    return {
      shown: { state: "answered", answer: found.status, already: true, at: found.answeredAt!.toISOString(), partnerName: found.partnerName, leadName: found.leadName },
      status: 200,
    };
  }
  if (found.withdrawn) return { shown: { state: "withdrawn", leadName: found.leadName }, status: 200 };
  const { answeredAt: _answeredAt, ...request } = found;
  return { shown: { state: "ask", token, request }, status: 200 };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { shown, status } = shownFor(new URL(request.url).searchParams.get("token") ?? "");
  return json<Shown>(shown, { status });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = partnerAnswerSchema.safeParse({ token: form.get("token") ?? undefined, answer: form.get("answer") ?? undefined });
  // Only the page's own two buttons send this; anything else is shown the request again.
  if (!parsed.success) {
    const { shown, status } = shownFor(String(form.get("token") ?? ""));
    return json<Shown>(shown, { status: status === 200 ? 400 : status });
  }
  const found = partnerRequest(parsed.data.token);
  const result = answerPartnerRequest(parsed.data.token, parsed.data.answer);
  if (!found || (!result.ok && result.kind === "invalid")) return json<Shown>({ state: "invalid" }, { status: 404 });
  if (!result.ok) return json<Shown>({ state: "withdrawn", leadName: found.leadName }, { status: 409 });
  return json<Shown>({
    state: "answered",
    answer: result.answer,
    already: result.already,
    at: result.at.toISOString(),
    partnerName: found.partnerName,
    leadName: found.leadName,
  });
}

export default function ConfirmPartnership() {
  const loaded = useLoaderData<typeof loader>() as Shown;
  const posted = useActionData<typeof action>() as Shown | undefined;
  const shown = posted ?? loaded;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Content shown={shown} />
      </div>
    </div>
  );
}

function Content({ shown }: { shown: Shown }) {
  switch (shown.state) {
    case "invalid":
      return (
        <>
          <h1 className="govuk-heading-l">This link is not valid</h1>
          <p className="govuk-body">If you copied the link from the email, check you copied all of it.</p>
          <p className="govuk-body">
            If you have had more than one email about this partnership, use the link in the newest one: each new email
            replaces the link in the ones before it.
          </p>
          <p className="govuk-body">
            If you still need to answer, ask the organisation that named you as a partner to send the request again.
          </p>
        </>
      );
    case "withdrawn":
      return (
        <>
          <h1 className="govuk-heading-l">This application has been withdrawn</h1>
          <p className="govuk-body">{shown.leadName} has withdrawn the application, so there is nothing to confirm.</p>
        </>
      );
    case "answered": {
      const confirmed = shown.answer === "confirmed";
      if (shown.already) {
        return (
          <>
            <h1 className="govuk-heading-l">You have already answered</h1>
            <p className="govuk-body">
              On {formatDate(shown.at)} you told us that {shown.partnerName} {confirmed ? "is" : "is not"} a partner in
              this project. Your answer has not changed.
            </p>
            <p className="govuk-body">If that answer is wrong, contact {shown.leadName}.</p>
          </>
        );
      }
      return (
        <>
          <Panel title={confirmed ? "Partnership confirmed" : "Partnership declined"}>
            {confirmed ? `${shown.partnerName} is a partner in this project` : `${shown.partnerName} is not a partner in this project`}
          </Panel>
          <p className="govuk-body">
            Thank you. We have recorded your answer, and {shown.leadName} can see it with their application. Staff and the
            panel will see it too.
          </p>
          <p className="govuk-body">You can close this page.</p>
        </>
      );
    }
    case "ask": {
      const r = shown.request;
      return (
        <>
          <h1 className="govuk-heading-l">Confirm your partnership</h1>
          <p className="govuk-body">
            {r.leadName} is applying to the {r.programmeName} and has named {r.partnerName} as a partner in their project.
          </p>
          <SummaryList
            rows={[
              { key: "Lead organisation", value: r.leadName },
              { key: "Project", value: r.projectTitle || "Not named yet" },
              { key: "Programme", value: r.programmeName },
              { key: "Partner", value: r.partnerName },
              { key: "Partner's role, as they describe it", value: <span className="app-pre-line">{r.role}</span> },
            ]}
          />
          <h2 className="govuk-heading-m">Is {r.partnerName} a partner in this project?</h2>
          <p className="govuk-body">If anything above is wrong, contact {r.leadName} before you answer. You can only answer once.</p>
          <Form method="post">
            <input type="hidden" name="token" value={shown.token} />
            <ButtonGroup>
              <Button name="answer" value="confirm">
                Confirm we are a partner
              </Button>
              <Button name="answer" value="decline" variant="secondary">
                We are not a partner
              </Button>
            </ButtonGroup>
          </Form>
        </>
      );
    }
  }
}
