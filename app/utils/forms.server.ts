// Server half of form handling: parse a posted form with its zod schema, or answer 400 with
// the errors and what was typed so the page can come back with everything in place.
import { json, type AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { fieldErrors, typedValues, type FieldErrors, type FormFailure } from "./forms";

export async function parseForm<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<{ ok: true; data: z.output<S>; formData: FormData } | { ok: false; failure: FormFailure; formData: FormData }> {
  const formData = await request.formData();
  const raw: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = all.length > 1 || key.endsWith("[]") ? all : all[0];
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data, formData };
  return { ok: false, failure: { errors: fieldErrors(result.error), values: typedValues(formData) }, formData };
}

/**
 * The page did not validate. Marks the request so the root loader (which runs after the action
 * on a no-JavaScript post) can put "Error: " in the page title, then answers 400 (or the
 * status given, such as 409 when the model refused what was asked).
 */
export function invalid(context: AppLoadContext, failure: FormFailure | { errors: FieldErrors; values?: Record<string, string> }, status = 400) {
  context.formHasErrors = true;
  return json({ errors: failure.errors, values: failure.values ?? {} } satisfies FormFailure, { status });
}
