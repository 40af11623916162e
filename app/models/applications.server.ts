// Applications: starting one, reading it whole, saving its pages, checking what is missing,
// submitting, withdrawing and returning it for changes. Routes call these; every rule about
// who may do what, and when, is enforced here on the server.
import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray, like, ne, sql } from "drizzle-orm";
import type { ApplicationSection, ApplicationStatus, QuestionSection } from "~db/schema";
import { db, schema, transaction, type DbOrTx, type Tx } from "~/utils/db.server";
import { formatDate, formatDeadline, formatMoney } from "~/utils/format";
import { ORGANISATION_TYPE_LABELS } from "~/utils/labels";
import { DECLARATIONS, lowerFirst } from "~/schemas/application";
import { recordAudit } from "./audit.server";
import { typeAllowed } from "./eligibility";
import { helpContactFor } from "./contacts.server";
import { askedQuestions, formatAnswer, isAnswered, taskSections, whereAsked, type Answers } from "./questions";
import { enqueueEmail } from "./outbox.server";
import { deadlineOf, isOpen, isOpenFor } from "./programmes.server";
import { getSettings } from "~/utils/settings.server";

// ---------------------------------------------------------------------------------------------
// Sections and their pages
// ---------------------------------------------------------------------------------------------

export const SECTION_TITLES: Record<QuestionSection, string> = {
  about: "About the project",
  principles: "Marmot principles",
  who_and_where: "Who and where",
  partners: "Partners",
  budget: "Budget",
  logic_model: "What will change",
  documents: "Documents",
  declarations: "Declarations",
  // The round's own questions that belong to no section it asks (see questions.ts).
  other: "Other questions",
};

/** The pages of each section, in order; each is a route under /applications/:id/. */
export const SECTION_PAGES: Record<ApplicationSection, readonly string[]> = {
  about: ["about", "description", "dates"],
  principles: ["principles", "principles-how"],
  who_and_where: ["areas", "groups"],
  partners: ["partners"],
  budget: ["budget", "other-funding", "amount"],
  logic_model: ["outcomes"],
  documents: ["documents"],
  declarations: ["declarations"],
};

export type ApplicationPage = (typeof SECTION_PAGES)[ApplicationSection][number];

export const EDITABLE_STATUSES: readonly ApplicationStatus[] = ["draft", "returned"];

// ---------------------------------------------------------------------------------------------
// Reading an application whole
// ---------------------------------------------------------------------------------------------

export function loadApplication(id: number, tx: DbOrTx = db) {
  const row = tx
    .select({ application: schema.applications, cycle: schema.cycles, programme: schema.programmes, organisation: schema.organisations })
    .from(schema.applications)
    .innerJoin(schema.cycles, eq(schema.cycles.id, schema.applications.cycleId))
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.cycles.programmeId))
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
    .where(eq(schema.applications.id, id))
    .get();
  if (!row) return null;
  const { application, cycle, programme, organisation } = row;
  const byApp = <T extends { applicationId: unknown }>(t: T) => eq(t.applicationId as never, id);
  const organisationWard = organisation.wardId
    ? (tx.select({ name: schema.areas.name }).from(schema.areas).where(eq(schema.areas.id, organisation.wardId)).get()?.name ?? null)
    : null;
  return {
    application,
    cycle,
    programme,
    organisation: { ...organisation, wardName: organisationWard },
    principles: tx
      .select({ id: schema.principles.id, number: schema.principles.number, name: schema.principles.title, isPrimary: schema.applicationPrinciples.isPrimary, how: schema.applicationPrinciples.how })
      .from(schema.applicationPrinciples)
      .innerJoin(schema.principles, eq(schema.principles.id, schema.applicationPrinciples.principleId))
      .where(byApp(schema.applicationPrinciples))
      .orderBy(desc(schema.applicationPrinciples.isPrimary), asc(schema.principles.number))
      .all(),
    areas: tx
      .select({ id: schema.areas.id, name: schema.areas.name, kind: schema.areas.kind })
      .from(schema.applicationAreas)
      .innerJoin(schema.areas, eq(schema.areas.id, schema.applicationAreas.areaId))
      .where(byApp(schema.applicationAreas))
      .orderBy(asc(schema.areas.kind), asc(schema.areas.name))
      .all(),
    groups: tx
      .select({ id: schema.beneficiaryGroups.id, name: schema.beneficiaryGroups.name })
      .from(schema.applicationBeneficiaryGroups)
      .innerJoin(schema.beneficiaryGroups, eq(schema.beneficiaryGroups.id, schema.applicationBeneficiaryGroups.groupId))
      .where(byApp(schema.applicationBeneficiaryGroups))
      .orderBy(asc(schema.beneficiaryGroups.sortOrder))
      .all(),
    partners: tx.select().from(schema.applicationPartners).where(byApp(schema.applicationPartners)).orderBy(asc(schema.applicationPartners.id)).all(),
    budgetLines: tx.select().from(schema.budgetLines).where(byApp(schema.budgetLines)).orderBy(asc(schema.budgetLines.sortOrder), asc(schema.budgetLines.id)).all(),
    otherFunding: tx.select().from(schema.otherFunding).where(byApp(schema.otherFunding)).orderBy(asc(schema.otherFunding.id)).all(),
    logicModel: tx
      .select({ item: schema.logicModelItems, indicatorName: schema.indicators.name })
      .from(schema.logicModelItems)
      .leftJoin(schema.indicators, eq(schema.indicators.id, schema.logicModelItems.indicatorId))
      .where(byApp(schema.logicModelItems))
      .orderBy(asc(schema.logicModelItems.sortOrder), asc(schema.logicModelItems.id))
      .all()
      .map((r) => ({ ...r.item, indicatorName: r.indicatorName })),
    attachments: tx
      .select()
      .from(schema.attachments)
      .where(and(byApp(schema.attachments), sql`${schema.attachments.deletedAt} is null`))
      .orderBy(asc(schema.attachments.id))
      .all(),
    /** The round's own questions, in the order staff set (askedQuestions puts them in the order asked). */
    questions: tx
      .select()
      .from(schema.cycleQuestions)
      .where(eq(schema.cycleQuestions.cycleId, cycle.id))
      .orderBy(asc(schema.cycleQuestions.sortOrder), asc(schema.cycleQuestions.id))
      .all(),
    /** This application's answers to them, by question id. */
    answers: Object.fromEntries(
      tx
        .select({ questionId: schema.applicationAnswers.questionId, value: schema.applicationAnswers.value })
        .from(schema.applicationAnswers)
        .where(byApp(schema.applicationAnswers))
        .all()
        .map((r) => [r.questionId, r.value]),
    ) as Answers,
    /** The documents the round asks for by name; none: the usual documents (requiredDocuments). */
    requestedDocuments: tx
      .select()
      .from(schema.cycleDocuments)
      .where(eq(schema.cycleDocuments.cycleId, cycle.id))
      .orderBy(asc(schema.cycleDocuments.sortOrder), asc(schema.cycleDocuments.id))
      .all(),
  };
}

export type ApplicationFile = NonNullable<ReturnType<typeof loadApplication>>;

/** The round's own questions asked of this application now (conditions applied), in order. */
export const questionsAsked = (file: ApplicationFile) => askedQuestions(file.cycle.sections, file.questions, file.answers);

/** The application's tasks: the round's sections, and "Other questions" when any is asked there. */
export const sectionsOf = (file: ApplicationFile): QuestionSection[] => taskSections(file.cycle.sections, questionsAsked(file));

/** Has the person marked this section complete? ("other" is kept in the same list.) */
const marked = (file: ApplicationFile, section: QuestionSection) => (file.application.completedSections as string[]).includes(section);

export const budgetTotal = (file: ApplicationFile) => file.budgetLines.reduce((sum, l) => sum + l.costPence, 0);

/** Documents every applicant must give; businesses have no constitution. */
export function requiredDocuments(file: ApplicationFile) {
  return file.organisation.type === "business" ? (["safeguarding_policy"] as const) : (["constitution", "safeguarding_policy"] as const);
}

export const ATTACHMENT_KIND_LABELS: Record<string, string> = {
  constitution: "Constitution or governing document",
  safeguarding_policy: "Safeguarding policy",
  accounts: "Latest accounts or bank statement",
  photo: "Photo",
  other: "Other document",
};

/** What a document is, in words: the name of the round's document it answers, or its kind. */
export function attachmentLabel(file: Pick<ApplicationFile, "requestedDocuments">, attachment: { kind: string; requestedDocumentId: number | null }) {
  const requested = attachment.requestedDocumentId === null ? undefined : file.requestedDocuments.find((d) => d.id === attachment.requestedDocumentId);
  return requested?.name ?? ATTACHMENT_KIND_LABELS[attachment.kind] ?? attachment.kind;
}

/** "latest accounts", but "DBS certificate" stays as it is: a name in the middle of a sentence. */
export const inSentence = (name: string) => (/^\p{Lu}{2}/u.test(name) ? name : lowerFirst(name));

/** The page of one of the round's own questions, under /applications/:id/. */
export const questionPage = (questionId: number) => `questions/${questionId}`;

// ---------------------------------------------------------------------------------------------
// What is missing: one list of problems per section, each naming the page that fixes it
// ---------------------------------------------------------------------------------------------

export type Problem = { page: string; field?: string; text: string };

export function sectionProblems(file: ApplicationFile, section: QuestionSection): Problem[] {
  const a = file.application;
  const out: Problem[] = [];
  const need = (ok: unknown, page: string, text: string, field?: string) => {
    if (!ok) out.push({ page, text, field });
  };
  switch (section) {
    case "about":
      need(a.title, "about", "Enter your project's title", "title");
      need(a.summary, "about", "Enter a summary of your project", "summary");
      need(a.description, "description", "Describe your project", "description");
      need(a.startDate, "dates", "Enter the date your project will start", "startDay");
      need(a.endDate, "dates", "Enter the date your project will end", "endDay");
      break;
    case "principles": {
      need(file.principles.some((p) => p.isPrimary), "principles", "Select the principle your project does most for", "primary");
      for (const p of file.principles) need(p.how, "principles-how", `Say how your project will ${lowerFirst(p.name)}`, `how_${p.id}`);
      break;
    }
    case "who_and_where":
      need(file.areas.length, "areas", "Select at least one area your project serves", "areas");
      need(file.groups.length, "groups", "Select at least one group your project reaches", "groups");
      need(a.peopleReached, "groups", "Enter how many people your project will reach", "peopleReached");
      break;
    case "partners":
      if (file.cycle.eligibility.requiresPartner) {
        need(file.partners.filter((p) => !p.declinedAt).length, "partners", "Add at least one partner organisation", "name");
      }
      break;
    case "budget": {
      need(file.budgetLines.length, "budget", "Add at least one item to your budget", "item");
      need(a.amountRequestedPence !== null, "amount", "Enter the amount you are asking for", "amount");
      if (a.amountRequestedPence !== null) {
        const { minRequestPence: min, maxRequestPence: max } = file.cycle;
        need(
          a.amountRequestedPence >= min && a.amountRequestedPence <= max,
          "amount",
          `Amount must be between ${formatMoney(min)} and ${formatMoney(max)}`,
          "amount",
        );
        need(
          a.amountRequestedPence <= budgetTotal(file),
          "amount",
          `The amount you ask for must not be more than your budget's total, ${formatMoney(budgetTotal(file))}`,
          "amount",
        );
      }
      break;
    }
    case "logic_model":
      for (const [kind, text] of [
        ["activity", "Add at least one activity"],
        ["output", "Add at least one output"],
        ["outcome", "Add at least one outcome"],
      ] as const) {
        need(file.logicModel.some((i) => i.kind === kind), "outcomes", text, "description");
      }
      break;
    case "documents":
      if (file.requestedDocuments.length) {
        // The round names the documents it asks for: each required one, by name.
        for (const d of file.requestedDocuments.filter((d) => d.required)) {
          need(file.attachments.some((x) => x.requestedDocumentId === d.id), "documents", `Upload your ${inSentence(d.name)}`, "file");
        }
      } else {
        for (const kind of requiredDocuments(file)) {
          need(file.attachments.some((d) => d.kind === kind), "documents", `Upload your ${ATTACHMENT_KIND_LABELS[kind]!.toLowerCase()}`, "file");
        }
      }
      break;
    case "declarations":
      need(a.declarationsAcceptedAt, "declarations", "Confirm every statement to make the declaration", "confirm");
      break;
    case "other":
      break;
  }
  // The round's own questions asked in this section: each required one needs an answer.
  for (const q of questionsAsked(file)) {
    if (!q.required || whereAsked(q, file.cycle.sections) !== section) continue;
    need(isAnswered(q, file.answers[q.id]), questionPage(q.id), `Answer “${q.label}”`, q.kind === "date" ? "answerDay" : "answer");
  }
  return out;
}

export type SectionStatus = "completed" | "in_progress" | "not_started";

function hasAnything(file: ApplicationFile, section: QuestionSection): boolean {
  const a = file.application;
  const answered = questionsAsked(file).some((q) => whereAsked(q, file.cycle.sections) === section && isAnswered(q, file.answers[q.id]));
  if (answered) return true;
  switch (section) {
    case "about":
      return Boolean(a.title || a.summary || a.description || a.startDate || a.endDate);
    case "principles":
      return file.principles.length > 0;
    case "who_and_where":
      return file.areas.length > 0 || file.groups.length > 0 || a.peopleReached !== null;
    case "partners":
      return file.partners.length > 0;
    case "budget":
      return file.budgetLines.length > 0 || file.otherFunding.length > 0 || a.amountRequestedPence !== null;
    case "logic_model":
      return file.logicModel.length > 0;
    case "documents":
      return file.attachments.length > 0;
    case "declarations":
    case "other":
      return false;
  }
}

/** Completed when the person said so (Save and continue at the end) and nothing is missing. */
export function sectionStatus(file: ApplicationFile, section: QuestionSection): SectionStatus {
  const problems = sectionProblems(file, section);
  if (marked(file, section) && problems.length === 0) return "completed";
  if (hasAnything(file, section) || marked(file, section)) return "in_progress";
  return "not_started";
}

/**
 * An optional task: "Other questions" when every question asked there is optional. Submitting
 * does not wait for it (so an optional question added once applications have started never
 * stops someone who had finished from submitting).
 */
export function isOptionalTask(file: ApplicationFile, section: QuestionSection): boolean {
  return section === "other" && questionsAsked(file).every((q) => !q.required || whereAsked(q, file.cycle.sections) !== "other");
}

export function allProblems(file: ApplicationFile) {
  return sectionsOf(file).flatMap((section) => {
    const problems = sectionProblems(file, section);
    if (!problems.length && !marked(file, section) && !isOptionalTask(file, section)) {
      problems.push({ page: pagesOf(file, section)[0] ?? SECTION_PAGES.about[0]!, text: `Complete the "${SECTION_TITLES[section]}" section` });
    }
    return problems.map((p) => ({ ...p, section }));
  });
}

/**
 * The pages of a section, in order: its standard pages, then the round's own questions asked
 * there now (a conditional one only while its condition holds).
 */
export function pagesOf(file: ApplicationFile, section: QuestionSection): string[] {
  const standard: readonly string[] = section === "other" ? [] : SECTION_PAGES[section];
  const questions = questionsAsked(file).filter((q) => whereAsked(q, file.cycle.sections) === section);
  return [...standard, ...questions.map((q) => questionPage(q.id))];
}

/** The section a page belongs to; for one of the round's questions, the section it is asked in. */
export function sectionOfPage(page: string, file?: ApplicationFile): QuestionSection | null {
  const question = /^questions\/(\d+)$/.exec(page);
  if (question) {
    const q = file?.questions.find((x) => x.id === Number(question[1]));
    return q && file ? whereAsked(q, file.cycle.sections) : null;
  }
  for (const [section, pages] of Object.entries(SECTION_PAGES)) if (pages.includes(page)) return section as ApplicationSection;
  return null;
}

/** Where "Save and continue" goes: the section's next page asked now, or back to the task list. */
export function pathAfter(file: ApplicationFile, page: string, intent: "continue" | "later"): string {
  const base = `/applications/${file.application.id}`;
  if (intent === "later") return `${base}?notice=saved`;
  const section = sectionOfPage(page, file);
  const pages = section ? pagesOf(file, section) : [];
  const at = pages.indexOf(page);
  const next = at === -1 ? undefined : pages[at + 1];
  return next ? `${base}/${next}` : base;
}

// ---------------------------------------------------------------------------------------------
// Who may see and change it
// ---------------------------------------------------------------------------------------------

export function isEditable(file: ApplicationFile, now = new Date()) {
  return EDITABLE_STATUSES.includes(file.application.status) && isOpenFor(file.cycle, file.application, now);
}

export type Refusal = { status: 403 | 404 | 409; message: string };

/** The application, if this person is a member of its organisation. */
export function applicationFor(user: { organisationIds: number[] }, id: number, tx: DbOrTx = db): ApplicationFile | Refusal {
  const file = loadApplication(id, tx);
  if (!file) return { status: 404, message: "Page not found." };
  if (!user.organisationIds.includes(file.application.organisationId)) {
    return { status: 403, message: "Only members of the organisation that made this application can see it." };
  }
  return file;
}

export function whyNotEditable(file: ApplicationFile, now = new Date()): string | null {
  if (!EDITABLE_STATUSES.includes(file.application.status)) {
    return "This application has been submitted, so it cannot be changed. If staff return it to you for changes, you can change it again.";
  }
  if (!isOpenFor(file.cycle, file.application, now)) return closedMessage(file, now);
  return null;
}

export function closedMessage(file: { cycle: ApplicationFile["cycle"]; application?: Pick<ApplicationFile["application"], "deadlineOverride"> }, now = new Date()) {
  const { cycle } = file;
  if (now < cycle.opensAt) return `This round opens on ${formatDate(cycle.opensAt)}.`;
  if (file.application?.deadlineOverride && file.application.deadlineOverride > cycle.closesAt) {
    return `The deadline for this application was ${formatDeadline(file.application.deadlineOverride)}. It can no longer be changed or submitted.`;
  }
  return `This round closed at ${formatDeadline(cycle.closesAt)}. Applications can no longer be changed or submitted.`;
}

/** The application's deadline: the round's closing time, or its own later one. */
export const applicationDeadline = (file: Pick<ApplicationFile, "cycle" | "application">) => deadlineOf(file.cycle, file.application);

// ---------------------------------------------------------------------------------------------
// Starting an application
// ---------------------------------------------------------------------------------------------

export type StartResult = { ok: true; applicationId: number; existing: boolean } | { ok: false; message: string };

/** Starts an application, or finds the one this organisation already has for the cycle. */
export function startApplication(user: { id: number; organisationIds: number[] }, cycleId: number, organisationId: number, now = new Date()): StartResult {
  if (!user.organisationIds.includes(organisationId)) return { ok: false, message: "You can only apply for an organisation you are a member of." };
  return transaction((tx) => {
    const cycle = tx.select().from(schema.cycles).where(eq(schema.cycles.id, cycleId)).get();
    if (!cycle || cycle.status === "draft") return { ok: false, message: "This funding round was not found." };
    const existing = tx
      .select({ id: schema.applications.id })
      .from(schema.applications)
      .where(and(eq(schema.applications.cycleId, cycleId), eq(schema.applications.organisationId, organisationId), ne(schema.applications.status, "withdrawn")))
      .get();
    if (existing) return { ok: true, applicationId: existing.id, existing: true };
    if (!isOpen(cycle, now)) return { ok: false, message: closedMessage({ cycle }, now) };
    const org = tx.select().from(schema.organisations).where(eq(schema.organisations.id, organisationId)).get()!;
    if (!typeAllowed(cycle.eligibility, org.type)) {
      return { ok: false, message: `This round is not open to a ${ORGANISATION_TYPE_LABELS[org.type]!.toLowerCase()}.` };
    }
    const created = tx
      .insert(schema.applications)
      .values({ cycleId, organisationId, createdById: user.id })
      .returning({ id: schema.applications.id })
      .get();
    recordAudit(tx, { actorUserId: user.id, action: "application.started", entityType: "application", entityId: created.id, summary: "Application started" });
    return { ok: true, applicationId: created.id, existing: false };
  });
}

// ---------------------------------------------------------------------------------------------
// Saving a page, safely when two people (or two tabs) edit at once
// ---------------------------------------------------------------------------------------------

/** A short hash of what a page showed; a save names it, and a changed answer is noticed. */
export function fingerprint(values: Record<string, unknown>): string {
  return createHash("sha256").update(JSON.stringify(values)).digest("hex").slice(0, 16);
}

/** What the page's hidden `seen` field carries: the fingerprint of the answers it showed. */
export const pageFingerprint = (saved: { question: string; answer: string }[]) => fingerprint({ saved });

export type SaveOutcome =
  | { ok: true; redirectTo: string }
  | { ok: false; kind: "conflict"; saved: { question: string; answer: string }[]; fingerprint: string }
  | { ok: false; kind: "refused"; message: string }
  | { ok: false; kind: "incomplete"; problems: Problem[] };

/**
 * Saves one page in one transaction. `shown` gives the page's saved answers (as people read
 * them); if they differ from what the person's page showed (`seen`, a fingerprint), someone
 * else changed them meanwhile: nothing is written, and the page shows both versions.
 */
export function savePage(options: {
  user: { id: number; organisationIds: number[] };
  applicationId: number;
  page: string;
  intent: "continue" | "later";
  seen: string | null;
  shown?: (file: ApplicationFile) => { question: string; answer: string }[];
  write: (tx: Tx, file: ApplicationFile) => void;
  /** A reason this page cannot be saved now, checked in the transaction (e.g. a question no longer asked). */
  refuse?: (file: ApplicationFile) => string | null;
  now?: Date;
}): SaveOutcome {
  const now = options.now ?? new Date();
  return transaction((tx) => {
    const file = applicationFor(options.user, options.applicationId, tx);
    if ("status" in file && "message" in file) return { ok: false, kind: "refused", message: file.message };
    const why = whyNotEditable(file, now) ?? options.refuse?.(file) ?? null;
    if (why) return { ok: false, kind: "refused", message: why };
    if (options.shown) {
      const saved = options.shown(file);
      const current = pageFingerprint(saved);
      if (options.seen !== current) return { ok: false, kind: "conflict", saved, fingerprint: current };
    }
    options.write(tx, file);
    const after = loadApplication(file.application.id, tx)!;
    const section = sectionOfPage(options.page, after)!;
    // "other" is kept in the same list as the sections (a JSON column typed with the sections).
    let completed = (after.application.completedSections as QuestionSection[]).filter((s) => s !== section);
    // The last page asked now: an answer saved on this page may have made a later question asked, or not.
    const lastPage = pagesOf(after, section).at(-1) === options.page;
    if (lastPage && options.intent === "continue") {
      const problems = sectionProblems(after, section);
      if (problems.length) {
        // The page itself is saved; the section is not complete yet. Say what is missing.
        tx.update(schema.applications)
          .set({ completedSections: completed as ApplicationSection[], version: sql`${schema.applications.version} + 1`, updatedAt: now })
          .where(eq(schema.applications.id, file.application.id))
          .run();
        return { ok: false, kind: "incomplete", problems };
      }
      completed = [...completed, section];
    } else if (marked(file, section)) {
      completed = sectionProblems(after, section).length ? completed : [...completed, section];
    }
    tx.update(schema.applications)
      .set({ completedSections: completed as ApplicationSection[], version: sql`${schema.applications.version} + 1`, updatedAt: now })
      .where(eq(schema.applications.id, file.application.id))
      .run();
    return { ok: true, redirectTo: pathAfter(after, options.page, options.intent) };
  });
}

/** Replaces an application's rows in a child table (areas, groups …). */
export function replaceRows<T extends { applicationId: number }>(
  tx: Tx,
  table: typeof schema.applicationAreas | typeof schema.applicationBeneficiaryGroups,
  applicationId: number,
  rows: T[],
) {
  tx.delete(table).where(eq(table.applicationId, applicationId)).run();
  if (rows.length) tx.insert(table).values(rows as never).run();
}

// ---------------------------------------------------------------------------------------------
// The answers, as people read them: check answers, the read-only view, staff, the receipt
// ---------------------------------------------------------------------------------------------

/** `staffOnly`: an answer to one of the round's questions that only staff may read (marked on staff's page). */
export type AnswerRow = { question: string; answer: string; page: string; staffOnly?: boolean };
export type AnswerGroup = { section: QuestionSection; title: string; rows: AnswerRow[] };

/**
 * Who is reading: the applicant (every answer: check your answers, the receipt, the read-only
 * view), staff (every answer, those only staff may read marked) or the panel (never those).
 */
export type AnswerReader = "applicant" | "staff" | "panel";

export function answerGroups(file: ApplicationFile, reader: AnswerReader = "applicant"): AnswerGroup[] {
  const a = file.application;
  const dash = (v: string | null | undefined) => v || "Not answered";
  const groups: Record<QuestionSection, () => AnswerGroup["rows"]> = {
    about: () => [
      { question: "Project title", answer: dash(a.title), page: "about" },
      { question: "Summary", answer: dash(a.summary), page: "about" },
      { question: "Description", answer: dash(a.description), page: "description" },
      { question: "Start date", answer: a.startDate ? formatDate(a.startDate) : "Not answered", page: "dates" },
      { question: "End date", answer: a.endDate ? formatDate(a.endDate) : "Not answered", page: "dates" },
    ],
    principles: () => [
      {
        question: "Main principle",
        answer: file.principles.filter((p) => p.isPrimary).map((p) => `${p.number}. ${p.name}`).join("") || "Not answered",
        page: "principles",
      },
      {
        question: "Other principles",
        answer: file.principles.filter((p) => !p.isPrimary).map((p) => `${p.number}. ${p.name}`).join("\n") || "None",
        page: "principles",
      },
      ...file.principles.map((p) => ({ question: `How it will ${lowerFirst(p.name)}`, answer: dash(p.how), page: "principles-how" })),
    ],
    who_and_where: () => [
      { question: "Areas it serves", answer: file.areas.map((x) => x.name).join("\n") || "Not answered", page: "areas" },
      { question: "Groups it reaches", answer: file.groups.map((g) => g.name).join("\n") || "Not answered", page: "groups" },
      { question: "People it will reach", answer: a.peopleReached === null ? "Not answered" : a.peopleReached.toLocaleString("en-GB"), page: "groups" },
    ],
    partners: () =>
      file.partners.length
        ? file.partners.map((p) => ({
            question: p.name,
            answer: `${p.role}\nContact: ${p.contactName ?? ""} (${p.contactEmail})\n${p.confirmedAt ? "Confirmed" : p.declinedAt ? "Declined" : "Waiting for the partner to confirm"}`,
            page: "partners",
          }))
        : [{ question: "Partners", answer: "None", page: "partners" }],
    budget: () => [
      ...file.budgetLines.map((l) => ({ question: l.item, answer: formatMoney(l.costPence), page: "budget" })),
      { question: "Total budget", answer: formatMoney(budgetTotal(file)), page: "budget" },
      {
        question: "Other funding",
        answer:
          file.otherFunding.map((f) => `${f.source}: ${formatMoney(f.amountPence)} (${f.status === "secured" ? "secured" : "applied for"})`).join("\n") ||
          "None",
        page: "other-funding",
      },
      { question: "Amount requested", answer: a.amountRequestedPence === null ? "Not answered" : formatMoney(a.amountRequestedPence), page: "amount" },
    ],
    logic_model: () =>
      file.logicModel.length
        ? file.logicModel.map((i) => ({
            question: i.kind === "activity" ? "Activity" : i.kind === "output" ? "Output" : "Outcome",
            answer: [
              i.description,
              i.measure ? `Measure: ${i.measure}` : null,
              i.target !== null ? `Target: ${i.target.toLocaleString("en-GB")}` : null,
              i.indicatorName ? `Indicator: ${i.indicatorName}` : null,
            ]
              .filter(Boolean)
              .join("\n"),
            page: "outcomes",
          }))
        : [{ question: "Activities, outputs and outcomes", answer: "Not answered", page: "outcomes" }],
    documents: () =>
      file.attachments.length
        ? file.attachments.map((d) => ({ question: attachmentLabel(file, d), answer: d.originalName, page: "documents" }))
        : [{ question: "Documents", answer: "None uploaded", page: "documents" }],
    declarations: () => [
      {
        question: "Declaration",
        answer: a.declarationsAcceptedAt ? `Made on ${formatDate(a.declarationsAcceptedAt)}:\n${DECLARATIONS.join("\n")}` : "Not made",
        page: "declarations",
      },
    ],
    other: () => [],
  };
  // The round's own questions asked now, after the section's standard answers; the panel never reads staff's.
  const asked = questionsAsked(file).filter((q) => reader !== "panel" || q.audience !== "staff");
  const own = (section: QuestionSection): AnswerRow[] =>
    asked
      .filter((q) => whereAsked(q, file.cycle.sections) === section)
      .map((q) => ({
        question: q.label,
        answer: formatAnswer(q, file.answers[q.id]),
        page: questionPage(q.id),
        ...(reader === "staff" && q.audience === "staff" ? { staffOnly: true } : {}),
      }));
  return sectionsOf(file)
    .map((section) => ({ section, title: SECTION_TITLES[section], rows: [...groups[section](), ...own(section)] }))
    .filter((g) => g.rows.length > 0);
}

/** The round's own questions' rows of a group (as opposed to its standard answers). */
export const ownQuestionRows = (rows: AnswerGroup["rows"]) => rows.filter((r) => r.page.startsWith("questions/"));

/**
 * The answers for a page that lists the documents on their own (staff, the panel): the
 * Documents section keeps only the round's own questions asked there.
 */
export function answersBesideDocuments(groups: AnswerGroup[]): AnswerGroup[] {
  return groups
    .map((g) => (g.section === "documents" ? { ...g, rows: ownQuestionRows(g.rows) } : g))
    .filter((g) => g.rows.length > 0);
}

export function organisationRows(file: ApplicationFile) {
  const o = file.organisation;
  return [
    { question: "Organisation", answer: o.name },
    { question: "Type", answer: ORGANISATION_TYPE_LABELS[o.type] ?? o.type },
    ...(o.charityNumber ? [{ question: "Charity number", answer: o.charityNumber }] : []),
    ...(o.companyNumber ? [{ question: "Company number", answer: o.companyNumber }] : []),
    { question: "Address", answer: [o.addressLine1, o.addressLine2, o.town, o.postcode].filter(Boolean).join("\n") || "Not given" },
    { question: "Ward", answer: o.wardName ?? "Outside the area" },
  ];
}

// ---------------------------------------------------------------------------------------------
// Submitting, withdrawing, returning
// ---------------------------------------------------------------------------------------------

export type SubmitResult =
  | { ok: true; reference: string; already: boolean }
  | { ok: false; kind: "refused" | "closed"; message: string }
  | { ok: false; kind: "incomplete"; problems: (Problem & { section: QuestionSection })[] };

export function submitApplication(user: { id: number; organisationIds: number[] }, applicationId: number, now = new Date()): SubmitResult {
  return transaction((tx) => {
    const file = applicationFor(user, applicationId, tx);
    if ("message" in file) return { ok: false, kind: "refused", message: file.message };
    const a = file.application;
    // A second click, or the same form sent twice: the first submission stands.
    if (a.status === "submitted" && a.reference) return { ok: true, reference: a.reference, already: true };
    if (!EDITABLE_STATUSES.includes(a.status)) {
      return { ok: false, kind: "refused", message: "This application cannot be submitted now." };
    }
    if (!isOpenFor(file.cycle, a, now)) return { ok: false, kind: "closed", message: closedMessage(file, now) };
    // The organisation's type may have changed since it started (or staff narrowed the rules).
    if (!typeAllowed(file.cycle.eligibility, file.organisation.type)) {
      const type = ORGANISATION_TYPE_LABELS[file.organisation.type]!.toLowerCase();
      return { ok: false, kind: "refused", message: `This round is not open to a ${type}, so this application cannot be submitted.` };
    }
    const problems = allProblems(file);
    if (problems.length) return { ok: false, kind: "incomplete", problems };

    const reference = a.reference ?? nextReference(tx, file);
    const resubmitted = a.status === "returned";
    tx.update(schema.applications)
      .set({ status: "submitted", reference, submittedAt: now, version: sql`${schema.applications.version} + 1`, updatedAt: now })
      .where(eq(schema.applications.id, a.id))
      .run();
    recordAudit(tx, {
      actorUserId: user.id,
      action: resubmitted ? "application.resubmitted" : "application.submitted",
      entityType: "application",
      entityId: a.id,
      summary: resubmitted ? "Sent back with changes" : "Submitted",
      details: { reference },
    });
    const submitted = loadApplication(a.id, tx)!;
    const appUrl = getSettings().appUrl;
    for (const member of membersOf(tx, file.organisation.id)) {
      enqueueEmail(tx, {
        to: member.email,
        template: "application-received",
        data: {
          name: member.name,
          reference,
          programmeName: file.programme.name,
          cycleName: file.cycle.name,
          organisationName: file.organisation.name,
          submittedAt: now.toISOString(),
          viewUrl: `${appUrl}/applications/${a.id}`,
          resubmitted,
          decisionsExpectedOn: file.cycle.decisionsExpectedOn,
          contact: helpContactFor(file.cycle)?.email ?? null,
          groups: [{ title: "Your organisation", rows: organisationRows(submitted) }, ...answerGroups(submitted)],
        },
        dedupeKey: `application-received:${a.id}:${member.id}:${now.getTime()}`,
      });
    }
    return { ok: true, reference, already: false };
  });
}

/** CF-2026-0007: the programme's prefix, the cycle's year, and the next number in that series. */
function nextReference(tx: Tx, file: ApplicationFile): string {
  const prefix = `${file.programme.referencePrefix}-${file.cycle.referenceYear}-`;
  const last = tx
    .select({ reference: schema.applications.reference })
    .from(schema.applications)
    .where(like(schema.applications.reference, `${prefix}%`))
    .orderBy(desc(schema.applications.reference))
    .limit(1)
    .get();
  const n = last?.reference ? Number(last.reference.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(n).padStart(4, "0")}`;
}

export function membersOf(tx: DbOrTx, organisationId: number) {
  return tx
    .select({ id: schema.users.id, email: schema.users.email, name: schema.users.name })
    .from(schema.organisationMembers)
    .innerJoin(schema.users, eq(schema.users.id, schema.organisationMembers.userId))
    .where(and(eq(schema.organisationMembers.organisationId, organisationId), sql`${schema.users.disabledAt} is null`))
    .all();
}

const WITHDRAWABLE: readonly ApplicationStatus[] = ["draft", "submitted", "returned", "in_review"];

export function withdrawApplication(user: { id: number; organisationIds: number[] }, applicationId: number, reason: string, now = new Date()) {
  return transaction((tx): { ok: true } | { ok: false; message: string } => {
    const file = applicationFor(user, applicationId, tx);
    if ("message" in file) return { ok: false, message: file.message };
    if (file.application.status === "withdrawn") return { ok: true };
    if (!WITHDRAWABLE.includes(file.application.status)) {
      return { ok: false, message: "A decision has been made on this application, so it cannot be withdrawn here. Contact us instead." };
    }
    tx.update(schema.applications)
      .set({ status: "withdrawn", withdrawnAt: now, withdrawnReason: reason, version: sql`${schema.applications.version} + 1`, updatedAt: now })
      .where(eq(schema.applications.id, applicationId))
      .run();
    recordAudit(tx, { actorUserId: user.id, action: "application.withdrawn", entityType: "application", entityId: applicationId, summary: reason });
    return { ok: true };
  });
}

/** Staff send a submitted application back for changes, with a message: it reopens. */
export function returnForChanges(staff: { id: number; isStaff: boolean }, applicationId: number, message: string, now = new Date()) {
  if (!staff.isStaff) return { ok: false as const, message: "Only staff can return an application." };
  return transaction((tx): { ok: true } | { ok: false; message: string } => {
    const file = loadApplication(applicationId, tx);
    if (!file) return { ok: false, message: "Page not found." };
    if (!["submitted", "in_review"].includes(file.application.status)) {
      return { ok: false, message: "Only a submitted application can be returned for changes." };
    }
    if (!isOpenFor(file.cycle, file.application, now)) {
      return { ok: false, message: "The round has closed, so the applicant could not change and resubmit it. Record the eligibility check instead." };
    }
    tx.update(schema.applications)
      // Its answers will change: a round's stage gate waits for a check of the bid sent back.
      .set({ status: "returned", eligibilityPassedAt: null, version: sql`${schema.applications.version} + 1`, updatedAt: now })
      .where(eq(schema.applications.id, applicationId))
      .run();
    recordAudit(tx, { actorUserId: staff.id, action: "application.returned", entityType: "application", entityId: applicationId, summary: message });
    const appUrl = getSettings().appUrl;
    for (const member of membersOf(tx, file.organisation.id)) {
      enqueueEmail(tx, {
        to: member.email,
        template: "application-returned",
        data: { name: member.name, reference: file.application.reference ?? "", title: file.application.title ?? "", message, viewUrl: `${appUrl}/applications/${applicationId}`, closesAt: applicationDeadline(file).toISOString() },
        dedupeKey: `application-returned:${applicationId}:${member.id}:${now.getTime()}`,
      });
    }
    return { ok: true };
  });
}

/**
 * Staff record the eligibility check: passed, or failed (the application becomes "not eligible").
 * A pass sets `eligibilityPassedAt`, which lets the panel see it in a round that waits for the
 * check (`atPanelStage`); a fail clears it.
 */
export function recordEligibilityCheck(staff: { id: number; isStaff: boolean }, applicationId: number, passed: boolean, reason: string, now = new Date()) {
  if (!staff.isStaff) return { ok: false as const, message: "Only staff can check eligibility." };
  return transaction((tx): { ok: true } | { ok: false; message: string } => {
    const file = loadApplication(applicationId, tx);
    if (!file) return { ok: false, message: "Page not found." };
    if (!["submitted", "ineligible", "in_review"].includes(file.application.status)) {
      return { ok: false, message: "Only a submitted application can be checked for eligibility." };
    }
    tx.insert(schema.eligibilityReviews).values({ applicationId, passed, reason, reviewedById: staff.id, createdAt: now }).run();
    tx.update(schema.applications)
      .set({
        status: passed ? (file.application.status === "ineligible" ? "submitted" : file.application.status) : "ineligible",
        // The panel's stage gate (in a round that has one): open on a pass, shut again on a fail.
        eligibilityPassedAt: passed ? now : null,
        version: sql`${schema.applications.version} + 1`,
        updatedAt: now,
      })
      .where(eq(schema.applications.id, applicationId))
      .run();
    recordAudit(tx, {
      actorUserId: staff.id,
      action: passed ? "application.eligibility_passed" : "application.eligibility_failed",
      entityType: "application",
      entityId: applicationId,
      summary: reason,
    });
    return { ok: true };
  });
}

// ---------------------------------------------------------------------------------------------
// The status timeline, read from the audit trail
// ---------------------------------------------------------------------------------------------

const TIMELINE: Record<string, { title: string; showMessage: "applicant" | "staff" | "never" }> = {
  "application.started": { title: "Started", showMessage: "never" },
  "application.submitted": { title: "Submitted", showMessage: "never" },
  "application.resubmitted": { title: "Submitted again with changes", showMessage: "never" },
  "application.returned": { title: "Returned for changes", showMessage: "applicant" },
  "application.withdrawn": { title: "Withdrawn", showMessage: "applicant" },
  "application.eligibility_passed": { title: "Passed the eligibility check", showMessage: "staff" },
  "application.eligibility_failed": { title: "Did not pass the eligibility check", showMessage: "applicant" },
  "application.decision_released": { title: "Decision sent", showMessage: "applicant" },
  "application.deadline_extended": { title: "Given more time", showMessage: "never" },
  "application.deadline_removed": { title: "Extra time taken away", showMessage: "never" },
};

export function timeline(applicationId: number, audience: "applicant" | "staff") {
  return db
    .select({ at: schema.auditEvents.at, action: schema.auditEvents.action, summary: schema.auditEvents.summary, by: schema.users.name })
    .from(schema.auditEvents)
    .leftJoin(schema.users, eq(schema.users.id, schema.auditEvents.actorUserId))
    .where(and(eq(schema.auditEvents.entityType, "application"), eq(schema.auditEvents.entityId, applicationId), inArray(schema.auditEvents.action, Object.keys(TIMELINE))))
    .orderBy(desc(schema.auditEvents.at), desc(schema.auditEvents.id))
    .all()
    .map((e) => {
      const kind = TIMELINE[e.action]!;
      const message = kind.showMessage === "applicant" || (kind.showMessage === "staff" && audience === "staff") ? e.summary : null;
      return { at: e.at.toISOString(), title: kind.title, by: e.by, message };
    });
}
