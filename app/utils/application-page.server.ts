// What every application page does on the server: find the application for this person,
// send them to the read-only view when it can no longer change, and turn a save's outcome
// into a redirect or a page that comes back with errors, a conflict or a refusal.
import { json, redirect, type AppLoadContext } from "@remix-run/node";
import type { Params } from "@remix-run/react";
import {
  applicationFor,
  isEditable,
  pageFingerprint,
  type ApplicationFile,
  type SaveOutcome,
} from "~/models/applications.server";
import { helpContactFor } from "~/models/contacts.server";
import { idParam, requireUser, type CurrentUser } from "./auth.server";
import type { FormFailure } from "./forms";

export type PageFailure = FormFailure & {
  conflict?: { saved: { question: string; answer: string }[]; fingerprint: string };
  /** Problems on other pages of the section, linked to them. */
  problems?: { href: string; text: string }[];
  refused?: string;
};

/** The application, if the signed-in person is a member of its organisation (else 403/404). */
export async function requireApplication(request: Request, params: Params): Promise<{ user: CurrentUser; file: ApplicationFile }> {
  const user = await requireUser(request);
  const file = applicationFor(user, idParam(params.applicationId));
  if ("message" in file) throw new Response(file.message, { status: file.status });
  return { user, file };
}

/**
 * For a page that changes the application: opening one that is submitted or closed goes to its
 * read-only view. A post is let through, for `savePage` to refuse with what was typed kept.
 */
export async function requireEditableApplication(request: Request, params: Params) {
  const found = await requireApplication(request, params);
  if (request.method === "GET" && !isEditable(found.file)) throw redirect(`/applications/${found.file.application.id}`);
  return found;
}

export function pageState(file: ApplicationFile, shown?: (file: ApplicationFile) => { question: string; answer: string }[]) {
  return {
    id: file.application.id,
    title: file.application.title,
    organisationName: file.organisation.name,
    seen: shown ? pageFingerprint(shown(file)) : null,
    // Who to ask for help on this page: the round's contact, else the place's (the page frame shows it).
    helpContact: helpContactFor(file.cycle),
  };
}

export function intentOf(formData: FormData): "continue" | "later" {
  return formData.get("intent") === "later" ? "later" : "continue";
}

/** Turns a save's outcome into the response. */
export function respond(context: AppLoadContext, outcome: SaveOutcome, applicationId: number, typed: Record<string, string>) {
  if (outcome.ok) return redirect(outcome.redirectTo);
  context.formHasErrors = true;
  switch (outcome.kind) {
    case "conflict":
      return json<PageFailure>({ errors: {}, values: typed, conflict: { saved: outcome.saved, fingerprint: outcome.fingerprint } }, { status: 409 });
    case "refused":
      return json<PageFailure>({ errors: {}, values: typed, refused: outcome.message }, { status: 409 });
    case "incomplete":
      return json<PageFailure>(
        {
          errors: {},
          values: typed,
          problems: outcome.problems.map((p) => ({ href: `/applications/${applicationId}/${p.page}${p.field ? `#${p.field.replace(/\./g, "-")}` : ""}`, text: p.text })),
        },
        { status: 400 },
      );
  }
}
