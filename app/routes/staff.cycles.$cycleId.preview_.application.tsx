// Staff preview the application this round will ask for, before anyone applies: the task list
// applicants will see (the round's sections, and "Other questions" when it has any), the round's
// own questions under the task each is asked in, each linked to its page as applicants will see
// it, and the documents asked for. Reads only: nothing is stored in applicants' tables.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { InsetText, Tag } from "~/components/govuk/content";
import { SECTION_PAGES, SECTION_TITLES } from "~/models/applications.server";
import { helpContactFor } from "~/models/contacts.server";
import { getCycle } from "~/models/intake.server";
import { conditionText, inAskedOrder, taskSections, whereAsked } from "~/models/questions";
import { roundDocuments, roundQuestions } from "~/models/round-questions.server";
import { idParam, notFound, requireRole } from "~/utils/auth.server";
import { formatMoney } from "~/utils/format";
import { pageTitle, type RouteHandle } from "~/utils/meta";

export const handle: RouteHandle = {
  backLink: ({ params }) => ({ to: `/staff/cycles/${params.cycleId}`, text: "Back to the round" }),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(data ? `Preview: the application for ${data.cycle.name}` : "Preview the application", matches);

/** The usual pages of each section, by their titles. */
const PAGE_NAMES: Record<string, string> = {
  about: "About your project",
  description: "Describe your project",
  dates: "When will your project run?",
  principles: "Marmot principles",
  "principles-how": "How your project will do this",
  areas: "Where your project works",
  groups: "Who your project reaches",
  partners: "Partners",
  budget: "Your budget",
  "other-funding": "Other funding for your project",
  amount: "How much are you asking for?",
  outcomes: "What will change",
  documents: "Documents",
  declarations: "Declarations",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const found = getCycle(idParam(params.cycleId));
  if (!found) throw notFound();
  const { cycle } = found;
  const questions = inAskedOrder(cycle.sections, roundQuestions(cycle.id));
  const byId = new Map(questions.map((q) => [q.id, q]));
  const documents = roundDocuments(cycle.id);
  // Every question, conditional ones too: a person may be asked any of them.
  const tasks = taskSections(cycle.sections, questions).map((section) => ({
    section,
    title: SECTION_TITLES[section],
    pages: section === "other" ? [] : SECTION_PAGES[section].map((p) => PAGE_NAMES[p] ?? p),
    questions: questions
      .filter((q) => whereAsked(q, cycle.sections) === section)
      .map((q) => ({ id: q.id, label: q.label, required: q.required, staffOnly: q.audience === "staff", condition: conditionText(q, byId) })),
  }));
  return json({
    cycle: { id: cycle.id, name: cycle.name, status: cycle.status, range: `${formatMoney(cycle.minRequestPence)} to ${formatMoney(cycle.maxRequestPence)}` },
    tasks,
    asksDocuments: cycle.sections.includes("documents"),
    documents: documents.length
      ? documents.map((d) => ({ name: d.name, hint: d.hint, required: d.required }))
      : null,
    helpContact: helpContactFor(cycle),
  });
}

export default function PreviewApplication() {
  const d = useLoaderData<typeof loader>();
  const base = `/staff/cycles/${d.cycle.id}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">Preview: {d.cycle.name}</span>
        <h1 className="govuk-heading-l">The application applicants will fill in</h1>
        <InsetText>
          This is the task list an applicant will see for this round, with the round's own questions under the task each is asked in. Open a question
          to see its page and try an answer. Nothing you do here is saved.
        </InsetText>
        <p className="govuk-body">
          <Link className="govuk-link" to={`${base}/preview`}>
            Preview the start page and the eligibility check
          </Link>
        </p>
        <p className="govuk-body">Applicants ask for {d.cycle.range}.</p>
        <ul className="govuk-task-list">
          <li className="govuk-task-list__item">
            <div className="govuk-task-list__name-and-hint">Your organisation</div>
            <div className="govuk-task-list__status">
              <Tag colour="blue">Not yet started</Tag>
            </div>
          </li>
          {d.tasks.map((t) => (
            <li className="govuk-task-list__item" key={t.section}>
              <div className="govuk-task-list__name-and-hint">
                {t.title}
                {t.questions.length ? (
                  <div className="govuk-task-list__hint">
                    {t.questions.length} {t.questions.length === 1 ? "question" : "questions"} of this round's own
                  </div>
                ) : null}
              </div>
              <div className="govuk-task-list__status">
                <Tag colour="blue">Not yet started</Tag>
              </div>
            </li>
          ))}
          <li className="govuk-task-list__item">
            <div className="govuk-task-list__name-and-hint">Check your answers and submit</div>
            <div className="govuk-task-list__status govuk-task-list__status--cannot-start-yet">Cannot start yet</div>
          </li>
        </ul>

        <h2 className="govuk-heading-l">What each task asks</h2>
        {d.tasks.map((t) => (
          <section key={t.section} aria-labelledby={`task-${t.section}`}>
            <h3 className="govuk-heading-m" id={`task-${t.section}`}>
              {t.title}
            </h3>
            {t.pages.length ? (
              <>
                <p className="govuk-body">The usual pages:</p>
                <ul className="govuk-list govuk-list--bullet">
                  {t.pages.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </>
            ) : null}
            {t.questions.length ? (
              <>
                <p className="govuk-body">{t.pages.length ? "Then the round's own questions, one on each page:" : "The round's own questions, one on each page:"}</p>
                <ol className="govuk-list govuk-list--number">
                  {t.questions.map((q) => (
                    <li key={q.id}>
                      <Link className="govuk-link" to={`${base}/preview/questions/${q.id}`}>
                        {q.label}
                      </Link>
                      <span className="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">
                        {[q.required ? "Must be answered" : "Optional", q.staffOnly ? "Only staff read the answers" : null, q.condition].filter(Boolean).join(". ")}
                      </span>
                    </li>
                  ))}
                </ol>
              </>
            ) : null}
            {t.section === "documents" ? (
              d.documents ? (
                <>
                  <p className="govuk-body">The documents asked for:</p>
                  <ul className="govuk-list govuk-list--bullet">
                    {d.documents.map((doc) => (
                      <li key={doc.name}>
                        {doc.name} ({doc.required ? "required" : "optional"}){doc.hint ? `: ${doc.hint}` : ""}
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p className="govuk-body">
                  This round names no documents, so applicants are asked for the usual ones: a constitution or governing document (not a business) and a
                  safeguarding policy.
                </p>
              )
            ) : null}
          </section>
        ))}
        {!d.asksDocuments && d.documents ? (
          <InsetText>This round lists documents, but does not ask the Documents section, so applicants will not be asked for them.</InsetText>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to={`${base}/questions`}>
            Change the round's questions
          </Link>
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to={`${base}/documents`}>
            Change the documents the round asks for
          </Link>
        </p>
      </div>
    </div>
  );
}
