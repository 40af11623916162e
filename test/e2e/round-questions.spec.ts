// A round's own questions and the documents it asks for, in a real browser, JavaScript on and
// off, with an axe scan of each page: staff add questions of several kinds (one conditional, one
// staff-only) and a required document to a round of their own, and preview them; an applicant
// answers them (a wrong answer first), sees them on check your answers and submits; staff see
// them (the staff-only one marked) and in the CSV; the panel never sees the staff-only one.
// Then the lock: once an application has started, only a question's words can change.
import type { Page } from "@playwright/test";
import { DEMO, draftApplication, expect, expectAccessible, signInAs, test, waitForEmail } from "./fixtures";
import { PDF } from "./journey-sections";
import { EVERY_KIND, questionRound } from "./question-fixtures";

async function scanned(page: Page) {
  await page.waitForLoadState("load");
  await expectAccessible(page);
}

const saveAndContinue = (page: Page) => page.getByRole("button", { name: "Save and continue" }).click();
const group = (page: Page, name: string) => page.getByRole("group", { name });

/** Fills the add-a-question form as staff would, and adds it. */
async function addQuestion(
  page: Page,
  cycleId: number,
  q: { label: string; section: string; kind: string; required: boolean; staffOnly?: boolean; hint?: string; condition?: string; fill?: () => Promise<void> },
) {
  await page.goto(`/staff/cycles/${cycleId}/questions/new`);
  await expect(page.getByRole("heading", { name: "Add a question" })).toBeVisible();
  await page.getByLabel("The question", { exact: true }).fill(q.label);
  if (q.hint) await page.getByLabel("Hint (optional)").fill(q.hint);
  await group(page, "Where is it asked?").getByLabel(q.section, { exact: true }).check();
  await group(page, "What kind of answer?").getByLabel(q.kind, { exact: true }).check();
  await q.fill?.();
  await group(page, "Must it be answered?").getByLabel(q.required ? "Yes" : "No, it is optional").check();
  await group(page, "Who may read the answers?").getByLabel(q.staffOnly ? "Staff only" : "The panel and staff").check();
  if (q.condition) await page.getByLabel("When is it asked?").selectOption({ label: q.condition });
  await page.getByRole("button", { name: "Add question" }).click();
  await expect(page.getByText("The question has been added.")).toBeVisible();
}

test("staff add a round's own questions and a document; an applicant answers them; staff and the panel see what they may", async ({ page }) => {
  test.setTimeout(300_000);
  const round = questionRound("journey", { panelMemberEmail: DEMO.panel });
  const base = `/staff/cycles/${round.cycleId}`;

  // Staff: the round's questions, none yet.
  await signInAs(page.request, DEMO.staff);
  await page.goto(`${base}/questions`);
  await expect(page.getByRole("heading", { name: "The round's own questions" })).toBeVisible();
  await expect(page.getByText("This round asks no questions of its own yet.")).toBeVisible();
  await scanned(page);

  // A form sent empty says what is missing, field by field.
  await page.getByRole("link", { name: "Add a question" }).click();
  await scanned(page);
  await page.getByRole("button", { name: "Add question" }).click();
  await expect(page.getByRole("alert").getByRole("link", { name: "Enter the question" })).toBeVisible();
  await expect(page.getByRole("alert").getByRole("link", { name: "Select the kind of answer" })).toBeVisible();
  await scanned(page);

  await addQuestion(page, round.cycleId, { label: "Does your group have its own bank account?", section: "Other questions", kind: "Yes or no", required: true });
  await addQuestion(page, round.cycleId, {
    label: "How will you look after the money without one?",
    section: "Other questions",
    kind: "Long text, with a word limit",
    required: true,
    condition: "Only when “Does your group have its own bank account?” is answered “No”",
    fill: () => page.getByRole("textbox", { name: "Word limit" }).fill("20"),
  });
  await addQuestion(page, round.cycleId, {
    label: "What was your group's income last year?",
    section: "About the project",
    kind: "An amount of money",
    required: true,
    staffOnly: true,
    hint: "From your latest accounts.",
    fill: async () => {
      await page.getByLabel("Smallest amount allowed (optional)").fill("0");
      await page.getByLabel("Largest amount allowed (optional)").fill("250,000");
    },
  });
  await addQuestion(page, round.cycleId, {
    label: "Which days will you meet?",
    section: "Other questions",
    kind: "A choice from a list",
    required: false,
    fill: async () => {
      await group(page, "Can people choose more than one?").getByLabel("Yes, as many as apply").check();
      await page.getByLabel("The choices").fill("Monday\nSaturday, mornings\nmonday\nSunday");
    },
  });
  // The list: grouped by where each is asked, in the order asked.
  await expect(page.getByRole("heading", { name: "About the project", level: 2 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Other questions", level: 2 })).toBeVisible();
  const conditional = page.locator(".govuk-summary-card").filter({ hasText: "How will you look after the money without one?" });
  await expect(conditional).toContainText("Asked only when “Does your group have its own bank account?” is answered “No”");
  await expect(conditional).toContainText("Long text, up to 20 words");
  await expect(page.locator(".govuk-summary-card").filter({ hasText: "Which days will you meet?" })).toContainText(/Several of a list:\s*Monday\s*Saturday, mornings\s*Sunday/);
  await expect(page.locator(".govuk-summary-card").filter({ hasText: "What was your group's income last year?" })).toContainText("Staff only");
  await scanned(page);

  // A required document, by name.
  await page.getByRole("link", { name: "Documents the round asks for" }).click();
  await expect(page.getByRole("heading", { name: "Documents the round asks for" })).toBeVisible();
  await scanned(page);
  await page.getByLabel("Name of the document").fill("Latest accounts");
  await page.getByLabel("Hint (optional)").fill("Or 3 months of bank statements if you are a new group.");
  await group(page, "Must every applicant upload it?").getByLabel("Yes").check();
  await page.getByRole("button", { name: "Add document" }).click();
  await expect(page.getByText("The document has been added to the round's list.")).toBeVisible();
  await expect(page.getByRole("table", { name: "The documents asked for" })).toContainText("Latest accounts");
  await scanned(page);

  // The preview: the task list the application will have, and a question's own page, tried out.
  await page.goto(`${base}/preview/application`);
  await expect(page.getByRole("heading", { name: "The application applicants will fill in" })).toBeVisible();
  await expect(page.locator(".govuk-task-list")).toContainText("Other questions");
  await expect(page.getByText("Latest accounts (required)")).toBeVisible();
  await scanned(page);
  await page.getByRole("link", { name: "What was your group's income last year?" }).click();
  await expect(page.getByRole("heading", { name: "What was your group's income last year?" })).toBeVisible();
  await scanned(page);
  await page.getByLabel("What was your group's income last year?").fill("lots");
  await saveAndContinue(page);
  await expect(page.getByRole("alert").getByRole("link", { name: "Enter an amount in pounds, like 1250 or 1250.50" })).toBeVisible();
  await scanned(page);
  await page.getByLabel("What was your group's income last year?").fill("300000");
  await saveAndContinue(page);
  await expect(page.getByRole("alert").getByRole("link", { name: "Enter an amount between £0 and £250,000" })).toBeVisible();
  await page.getByLabel("What was your group's income last year?").fill("12,500");
  await saveAndContinue(page);
  await expect(page.getByText("This answer would be accepted. Nothing has been saved.")).toBeVisible();
  await scanned(page);

  // An applicant: a new account and group, with a draft on this round.
  const applicant = await draftApplication(page.request, "cf", { cycleId: round.cycleId });
  const app = `/applications/${applicant.applicationId}`;
  await page.goto(app);
  const tasks = page.locator(".govuk-task-list");
  await expect(tasks).toContainText("Other questions");
  await scanned(page);

  // About the project, then its own question (staff-only: the page says so).
  await page.getByRole("link", { name: "About the project" }).click();
  await page.getByLabel("What is your project called?").fill("Saturday breakfast club");
  await page.getByLabel("Summarise your project in a sentence or two").fill("A free breakfast and a chat for older people on their own.");
  await saveAndContinue(page);
  await page.getByLabel("Describe your project").fill("Volunteers cook breakfast every Saturday in the church hall.");
  await saveAndContinue(page);
  await group(page, "Start date").getByLabel("Day").fill("1");
  await group(page, "Start date").getByLabel("Month").fill("5");
  await group(page, "Start date").getByLabel("Year").fill("2031");
  await group(page, "End date").getByLabel("Day").fill("30");
  await group(page, "End date").getByLabel("Month").fill("4");
  await group(page, "End date").getByLabel("Year").fill("2032");
  await saveAndContinue(page);
  await expect(page.getByRole("heading", { name: "What was your group's income last year?", level: 1 })).toBeVisible();
  await expect(page.getByText("Only staff will read your answer.")).toBeVisible();
  await scanned(page);
  await page.getByLabel("What was your group's income last year?").fill("twelve thousand");
  await saveAndContinue(page);
  await expect(page.getByRole("alert").getByRole("link", { name: "Enter an amount in pounds, like 1250 or 1250.50" })).toBeVisible();
  await expect(page.getByLabel("What was your group's income last year?")).toHaveValue("twelve thousand");
  await scanned(page);
  await page.getByLabel("What was your group's income last year?").fill("12,500");
  await saveAndContinue(page);
  await expect(page).toHaveURL(new RegExp(`${app}$`));

  // Documents: asked for by name.
  await page.getByRole("link", { name: "Documents" }).click();
  await expect(page.getByRole("heading", { name: "Documents", level: 1 })).toBeVisible();
  await expect(page.getByText("Latest accounts Not uploaded")).toBeVisible();
  await scanned(page);
  await saveAndContinue(page);
  await expect(page.getByRole("alert").getByRole("link", { name: "Upload your latest accounts" })).toBeVisible();
  await page.getByLabel("Latest accounts", { exact: true }).check();
  await page.getByLabel("Upload a file").setInputFiles({ name: "accounts-2030.pdf", mimeType: "application/pdf", buffer: PDF });
  await page.getByRole("button", { name: "Upload file" }).click();
  await expect(page.getByRole("row").filter({ hasText: "accounts-2030.pdf" })).toContainText("Latest accounts");
  await expect(page.getByText("Latest accounts Uploaded")).toBeVisible();
  await scanned(page);
  await saveAndContinue(page);
  await expect(page).toHaveURL(new RegExp(`${app}$`));

  // Other questions: "No" brings the conditional question; too many words first.
  await page.getByRole("link", { name: "Other questions" }).click();
  await expect(page.getByRole("heading", { name: "Does your group have its own bank account?", level: 1 })).toBeVisible();
  await scanned(page);
  await saveAndContinue(page);
  await expect(page.getByRole("alert").getByRole("link", { name: "Select yes or no" })).toBeVisible();
  await scanned(page);
  await page.getByLabel("No", { exact: true }).check();
  await saveAndContinue(page);
  await expect(page.getByRole("heading", { name: "How will you look after the money without one?", level: 1 })).toBeVisible();
  await scanned(page);
  const textbox = page.getByLabel("How will you look after the money without one?");
  await textbox.fill("Our treasurer keeps every receipt and two of us sign for every payment from the account of our partner charity, who hold it for us.");
  await saveAndContinue(page);
  await expect(page.getByRole("alert").getByRole("link", { name: "Your answer must be 20 words or fewer" })).toBeVisible();
  await scanned(page);
  await textbox.fill("Our partner charity holds the money; two of us sign for every payment.");
  await saveAndContinue(page);
  await expect(page.getByRole("heading", { name: "Which days will you meet? (optional)", level: 1 })).toBeVisible();
  await scanned(page);
  await page.getByLabel("Saturday, mornings").check();
  await page.getByLabel("Sunday").check();
  await saveAndContinue(page);
  await expect(page).toHaveURL(new RegExp(`${app}$`));

  // The declaration, then check your answers: every answer, each with its Change link.
  await page.getByRole("link", { name: "Declarations" }).click();
  await expect(page.getByRole("checkbox").first()).toBeVisible();
  await scanned(page);
  for (const box of await page.getByRole("checkbox").all()) await box.check();
  await saveAndContinue(page);
  await expect(page.getByText("Application complete")).toBeVisible();
  await page.getByRole("link", { name: "Check your answers and submit" }).click();
  await expect(page.getByRole("heading", { name: "Check your answers before submitting your application" })).toBeVisible();
  await scanned(page);
  const other = page.locator(".govuk-summary-card").filter({ has: page.getByRole("heading", { name: "Other questions" }) });
  await expect(other.locator(".govuk-summary-list__row").filter({ hasText: "Does your group have its own bank account?" })).toContainText("No");
  await expect(other).toContainText("Our partner charity holds the money; two of us sign for every payment.");
  await expect(other).toContainText("Saturday, mornings");
  await expect(page.locator(".govuk-summary-card").filter({ has: page.getByRole("heading", { name: "About the project" }) })).toContainText("£12,500");
  await expect(page.getByRole("link", { name: "Change does your group have its own bank account?" })).toHaveAttribute("href", /\/questions\/\d+$/);
  await page.getByRole("button", { name: "Submit application" }).click();
  await expect(page.getByRole("heading", { name: "Application submitted" })).toBeVisible();
  const reference = (await page.locator(".govuk-panel__body strong").textContent())!.trim();

  // The receipt has the answers.
  const receipt = await waitForEmail(applicant.email, `Application received: ${reference}`);
  expect(receipt.text).toContain("How will you look after the money without one?");
  expect(receipt.text).toContain("Our partner charity holds the money");

  // Staff: every answer, the staff-only one marked; and a column each in the CSV.
  await signInAs(page.request, DEMO.staff);
  await page.goto(`/staff/applications/${applicant.applicationId}`);
  const income = page.locator(".govuk-summary-list__row").filter({ hasText: "What was your group's income last year?" });
  await expect(income).toContainText("Staff only");
  await expect(income).toContainText("£12,500");
  await expect(page.getByText("Our partner charity holds the money; two of us sign for every payment.")).toBeVisible();
  await expect(page.getByText("Latest accounts:")).toBeVisible();
  await scanned(page);
  const csv = await (await page.request.get(`${base}/applications.csv`)).text();
  const [header, row] = csv.slice(1).split("\r\n");
  expect(header).toContain(
    "What was your group's income last year?,Does your group have its own bank account?,How will you look after the money without one?,Which days will you meet?",
  );
  expect(row).toContain(`"£12,500",No,Our partner charity holds the money; two of us sign for every payment.,"Saturday, mornings; Sunday"`);

  // The panel: the bid, but never the staff-only answer.
  await signInAs(page.request, DEMO.panel);
  await page.goto(`/panel/cycles/${round.cycleId}/applications/${applicant.applicationId}`);
  await page.getByLabel("No, I have no conflict of interest").check();
  await page.getByRole("button", { name: "Confirm declaration" }).click();
  await expect(page.getByRole("heading", { name: "Saturday breakfast club", level: 1 })).toBeVisible();
  await expect(page.getByText("Our partner charity holds the money; two of us sign for every payment.")).toBeVisible();
  await expect(page.getByText("Does your group have its own bank account?")).toBeVisible();
  await expect(page.getByText("What was your group's income last year?")).toHaveCount(0);
  await expect(page.getByText("£12,500")).toHaveCount(0);
  await scanned(page);
});

test("once an application has started, a question's words can be clarified, and nothing else changes", async ({ page }) => {
  const round = questionRound("lock", { withQuestion: true });
  const base = `/staff/cycles/${round.cycleId}`;
  // An applicant starts: the questions are locked from now on.
  const applicant = await draftApplication(page.request, "cf", { cycleId: round.cycleId });
  const answerPage = `/applications/${applicant.applicationId}/questions/${round.questionId}`;
  await page.goto(answerPage);
  await page.getByLabel("How many volunteers help run your group?").fill("12");
  await page.getByRole("button", { name: "Save and come back later" }).click();
  await expect(page.getByText("Your answers have been saved.")).toBeVisible();

  await signInAs(page.request, DEMO.staff);
  await page.goto(`${base}/questions`);
  await expect(page.getByText(/Applications have been started in this round, so its questions can only be clarified/)).toBeVisible();
  await expect(page.getByRole("button", { name: /Move/ })).toHaveCount(0);
  await page.getByRole("link", { name: "Change “How many volunteers help run your group?”" }).click();
  await expect(page.getByRole("heading", { name: "Change the question" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Remove question" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "What cannot change now" })).toBeVisible();
  await scanned(page);
  await page.getByLabel("The question").fill("How many volunteers help to run your group?");
  await page.getByLabel("Hint (optional)").fill("Count everyone who gave time in the last year.");
  await page.getByRole("button", { name: "Save the words" }).click();
  await expect(page.getByText("The question has been saved.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "How many volunteers help to run your group?" })).toBeVisible();

  // Whatever is posted, the kind, the place and removing it are refused, with the reason.
  const edit = await (await page.request.get(`${base}/questions/${round.questionId}`)).text();
  const shown = edit.match(/name="shown" value="([^"]+)"/)![1]!;
  const changed = await page.request.post(`${base}/questions/${round.questionId}`, {
    form: { intent: "save", shown, label: "How many volunteers help to run your group?", section: "about", kind: "text", required: "yes", audience: "panel", condition: "" },
    maxRedirects: 0,
  });
  expect(changed.status()).toBe(409);
  expect(await changed.text()).toContain("Questions cannot be removed, moved, or changed in kind");
  const removed = await page.request.post(`${base}/questions/${round.questionId}`, { form: { intent: "remove" }, maxRedirects: 0 });
  expect(removed.status()).toBe(409);
  // A new required question is refused; an optional one is added.
  await page.goto(`${base}/questions/new`);
  await expect(page.getByText("Applications have been started in this round, so a new question must be optional.").first()).toBeVisible();
  await scanned(page);
  const required = await page.request.post(`${base}/questions/new`, {
    form: { label: "A new required question", section: "other", kind: "text", required: "yes", audience: "panel", condition: "" },
    maxRedirects: 0,
  });
  expect(required.status()).toBe(409);
  await page.getByLabel("The question", { exact: true }).fill("Anything else you would like us to know?");
  await group(page, "Where is it asked?").getByLabel("Other questions").check();
  await group(page, "What kind of answer?").getByLabel("Short text").check();
  await group(page, "Who may read the answers?").getByLabel("The panel and staff").check();
  await page.getByRole("button", { name: "Add question" }).click();
  await expect(page.getByText("The question has been added.")).toBeVisible();
  await expect(page.locator(".govuk-summary-card").filter({ hasText: "Anything else you would like us to know?" })).toContainText("No, it is optional");

  // The applicant's answer is still there, under the clarified words.
  await signInAs(page.request, applicant.email, applicant.password);
  await page.goto(answerPage);
  await expect(page.getByRole("heading", { name: "How many volunteers help to run your group?" })).toBeVisible();
  await expect(page.getByLabel("How many volunteers help to run your group?")).toHaveValue("12");
  await expect(page.getByText("Count everyone who gave time in the last year.")).toBeVisible();
  await scanned(page);
});

test("each kind of question is its own GOV.UK page, and the preview checks an answer as the applicant's page does", async ({ page }) => {
  test.setTimeout(180_000);
  const round = questionRound("kinds", { everyKind: true });
  await signInAs(page.request, DEMO.staff);
  await page.goto(`/staff/cycles/${round.cycleId}/preview/application`);
  await expect(page.getByText("8 questions of this round's own")).toBeVisible();
  /** A wrong answer for each kind, typed or chosen, and the message it gets. */
  const wrong: Record<string, { enter: () => Promise<void>; message: string }> = {
    text: { enter: () => page.getByRole("textbox").fill("x".repeat(201)), message: "Your answer must be 200 characters or fewer" },
    textarea: { enter: () => page.getByRole("textbox").fill("word ".repeat(31)), message: "Your answer must be 30 words or fewer" },
    number: { enter: () => page.getByRole("textbox").fill("53"), message: "Enter a number between 1 and 52" },
    money: { enter: () => page.getByRole("textbox").fill("£12.345"), message: "Enter an amount in pounds, like 1250 or 1250.50" },
    yes_no: { enter: async () => undefined, message: "Select yes or no" },
    one_of: { enter: async () => undefined, message: "Select an answer" },
    several_of: { enter: async () => undefined, message: "Select at least one answer" },
    date: {
      enter: async () => {
        await page.getByLabel("Day").fill("31");
        await page.getByLabel("Month").fill("2");
        await page.getByLabel("Year").fill("2031");
      },
      message: "Enter a real date, like 27 3 2027",
    },
  };
  for (const [i, q] of EVERY_KIND.entries()) {
    const required = i % 2 === 0;
    await page.goto(`/staff/cycles/${round.cycleId}/preview/application`);
    await page.getByRole("link", { name: q.label }).click();
    // The question is the page's heading: a label, or a group's legend.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(required ? q.label : `${q.label} (optional)`);
    await scanned(page);
    await wrong[q.kind]!.enter();
    await saveAndContinue(page);
    if (required || !["yes_no", "one_of", "several_of"].includes(q.kind)) {
      await expect(page.getByRole("alert").getByRole("link", { name: wrong[q.kind]!.message }), q.kind).toBeVisible();
      await scanned(page);
    } else {
      // Optional, and nothing chosen: that is an answer too.
      await expect(page.getByText("This answer would be accepted. Nothing has been saved."), q.kind).toBeVisible();
    }
  }
  // A list's choices come back whole, a comma and all.
  await page.goto(`/staff/cycles/${round.cycleId}/preview/application`);
  await page.getByRole("link", { name: "Where will most sessions happen?" }).click();
  await page.getByLabel("Outdoors, in a park").check();
  await saveAndContinue(page);
  await expect(page.getByText("This answer would be accepted. Nothing has been saved.")).toBeVisible();
  await expect(page.getByLabel("Outdoors, in a park")).toBeChecked();
  await scanned(page);
});
