// What every page of an evaluation return does on the server: find the return for a member of
// the award's organisation (staff and everyone else are refused), send them to the return's
// own page when it cannot change now, and turn a save's outcome into a redirect or a page that
// comes back with errors, a conflict or a refusal, with everything typed kept.
import { json, redirect, type AppLoadContext } from "@remix-run/node";
import type { Params } from "@remix-run/react";
import type { SaveOutcome } from "~/models/applications.server";
import { granteeReturn, periodText, returnPageFingerprint, returnPath, whyReturnNotEditable, type ReturnFile } from "~/models/returns.server";
import type { PageFailure } from "./application-page.server";
import { idParam, requireUser, type CurrentUser } from "./auth.server";

export type { PageFailure };

/** The return, if the signed-in person is a member of the award's organisation (else 403/404). */
export async function requireReturn(request: Request, params: Params): Promise<{ user: CurrentUser; file: ReturnFile }> {
  const user = await requireUser(request);
  const file = granteeReturn(user, idParam(params.returnId));
  if ("status" in file && "message" in file) throw new Response(file.message, { status: file.status });
  return { user, file: file as ReturnFile };
}

/**
 * For a page that changes the return: opening one that cannot change now goes to the return's
 * page, which says why. A post is let through, for the model to refuse with what was typed kept.
 */
export async function requireEditableReturn(request: Request, params: Params) {
  const found = await requireReturn(request, params);
  if (request.method === "GET" && whyReturnNotEditable(found.file)) throw redirect(returnPath(found.file.ret.id));
  return found;
}

/** What the frame of every page of the return shows. */
export function returnPageState(file: ReturnFile, shown?: (file: ReturnFile) => { question: string; answer: string }[]) {
  return {
    id: file.ret.id,
    title: file.ret.title,
    reference: file.award.application.reference ?? "",
    projectTitle: file.award.application.title ?? "",
    period: periodText(file.ret.kind),
    seen: shown ? returnPageFingerprint(shown(file)) : null,
  };
}

export type ReturnPageState = ReturnType<typeof returnPageState>;

export function intentOf(formData: FormData): "continue" | "later" {
  return formData.get("intent") === "later" ? "later" : "continue";
}

/** Turns a save's outcome into the response. */
export function respondReturn(context: AppLoadContext, outcome: SaveOutcome, returnId: number, typed: Record<string, string>) {
  if (outcome.ok) return redirect(outcome.redirectTo);
  context.formHasErrors = true;
  switch (outcome.kind) {
    case "conflict":
      return json<PageFailure>({ errors: {}, values: typed, conflict: { saved: outcome.saved, fingerprint: outcome.fingerprint } }, { status: 409 });
    case "refused":
      return json<PageFailure>({ errors: {}, values: typed, refused: outcome.message }, { status: 409 });
    case "incomplete": {
      // Each section is one page: what is missing is on this page. A problem with a field is
      // shown by that field (the first for each field), and the error summary links to it; the
      // rest are listed in the summary only.
      const errors: Record<string, string> = {};
      const problems: { href: string; text: string }[] = [];
      for (const p of outcome.problems) {
        if (p.field && !(p.field in errors)) errors[p.field] = p.text;
        else problems.push({ href: p.field ? `#${p.field}` : returnPath(returnId, p.page), text: p.text });
      }
      return json<PageFailure>({ errors, values: typed, problems }, { status: 400 });
    }
  }
}
