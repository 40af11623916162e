// What the staff pages of a round do on the server: find the round (404 if there is none) for
// staff only, and turn a refusal from the rounds model into the page's answer.
import { json, type AppLoadContext } from "@remix-run/node";
import type { Params } from "@remix-run/react";
import { getCycle } from "~/models/intake.server";
import type { RoundResult } from "~/models/rounds.server";
import { forbidden, idParam, notFound, requireRole, type CurrentUser } from "./auth.server";
import type { FormFailure } from "./forms";

export type RoundFailure = FormFailure & { refused?: string; problems?: { text: string; href: string }[] };

/** The round in the address, for staff; anyone else is refused, an unknown round is a 404. */
export async function requireRound(request: Request, params: Params): Promise<{ user: CurrentUser } & NonNullable<ReturnType<typeof getCycle>>> {
  const user = await requireRole(request, "staff");
  const found = getCycle(idParam(params.cycleId));
  if (!found) throw notFound();
  return { user, ...found };
}

/** A refusal as the page shows it: beside its field, or above the form with its list of problems. */
export function refused(context: AppLoadContext, result: Extract<RoundResult, { ok: false }>, typed: Record<string, string> = {}) {
  if (result.status === 404) throw notFound();
  if (result.status === 403) throw forbidden();
  context.formHasErrors = true;
  const body: RoundFailure = result.field
    ? { errors: { [result.field]: result.message }, values: typed }
    : { errors: {}, values: typed, refused: result.message, problems: result.problems };
  return json(body, { status: result.status });
}
