// Form handling shared by the browser and the server: one zod schema per form, errors keyed by
// field name in the GOV.UK way (first problem per field, in the order of the form).
import type { z } from "zod";

export type FieldErrors = Record<string, string>;

/** What an action returns when the form was not right: the errors and what was typed. */
export type FormFailure = { errors: FieldErrors; values: Record<string, string> };

export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "form";
    if (!(key in errors)) errors[key] = issue.message;
  }
  return errors;
}

/** Everything typed, as strings, to put back in the form. Passwords are never sent back. */
export function typedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value !== "string" || /password/i.test(key)) continue;
    values[key] = key in values ? `${values[key]},${value}` : value;
  }
  return values;
}

/** The id of a field's input, so an error summary link lands on it. */
export const fieldId = (name: string) => name.replace(/\./g, "-");

/** Error summary items, in the order the fields appear on the page. */
export function summaryItems(errors: FieldErrors, order: readonly string[] = []) {
  const keys = Object.keys(errors).sort((a, b) => rank(order, a) - rank(order, b));
  return keys.map((key) => ({ href: `#${fieldId(key)}`, text: errors[key]! }));
}

function rank(order: readonly string[], key: string) {
  const i = order.indexOf(key);
  return i === -1 ? order.length : i;
}

/** A checkbox group's typed values come back joined with commas (see typedValues). */
export const listValue = (value: string | undefined): string[] => (value ? value.split(",") : []);
