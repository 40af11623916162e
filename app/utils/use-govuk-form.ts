// react-hook-form on top of a plain HTML form. Without JavaScript the form posts as usual and
// the server answers with the errors (same zod schema). With JavaScript, the schema is checked
// on submit in the browser first, then the form is posted through Remix. Either way the page
// shows the GOV.UK error summary and messages, and keeps what was typed.
import { zodResolver } from "@hookform/resolvers/zod";
import { useActionData, useLocation, useNavigation, useRouteLoaderData, useSubmit } from "@remix-run/react";
import { useEffect, useRef, type FormEvent } from "react";
import { useForm, type FieldErrors as HookErrors, type FieldValues, type Resolver } from "react-hook-form";
import type { z } from "zod";
import { listValue, summaryItems, type FieldErrors, type FormFailure } from "./forms";

function flatten(errors: HookErrors, prefix = ""): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, value] of Object.entries(errors)) {
    if (!value) continue;
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value.message === "string") out[name] = value.message;
    else if (typeof value === "object") Object.assign(out, flatten(value as HookErrors, name));
  }
  return out;
}

export function useGovukForm<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
  options: { fields: readonly string[]; defaults?: Record<string, string | undefined>; lists?: Record<string, string[]> },
) {
  const actionData = useActionData<FormFailure>();
  // After signing in again, what was typed before the session ended counts as typed here.
  const restored = (useRouteLoaderData("root") as { restoredForm?: Record<string, string> | null } | undefined)?.restoredForm;
  const failure = actionData ?? (restored ? { errors: {}, values: restored } : undefined);
  const submit = useSubmit();
  const values: Record<string, string | undefined> = { ...options.defaults, ...failure?.values };
  // Checkbox groups: react-hook-form wants an array, or it unticks every box.
  const lists: Record<string, string[]> = {};
  for (const [name, saved] of Object.entries(options.lists ?? {})) {
    // Posted with nothing ticked, the group is missing from the values: it stays unticked.
    lists[name] = failure?.values ? listValue(failure.values[name]) : saved;
  }
  const form = useForm({
    resolver: zodResolver(schema as never) as unknown as Resolver<FieldValues>,
    mode: "onSubmit",
    reValidateMode: "onSubmit", // GOV.UK: check answers when the form is sent, not while typing
    defaultValues: { ...values, ...lists },
  });
  const clientErrors = flatten(form.formState.errors);
  // Browser errors after a failed check here; otherwise what the server said.
  const errors: FieldErrors = Object.keys(clientErrors).length ? clientErrors : (failure?.errors ?? {});

  // A second click while the first is being checked or sent does nothing.
  const sending = useRef(false);
  const navigation = useNavigation();
  useEffect(() => {
    if (navigation.state === "idle") sending.current = false;
  }, [navigation.state]);
  // The server's errors arrive while the page's data is still reloading: the form is live again.
  useEffect(() => {
    sending.current = false;
  }, [actionData]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (sending.current) {
      event.preventDefault();
      return;
    }
    const formElement = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    sending.current = true;
    // "Save and continue" or "Save and come back later": the schema checks more for the first.
    if (submitter?.name) form.setValue(submitter.name, submitter.value);
    void form.handleSubmit(
      () => submit(submitter ?? formElement),
      () => {
        sending.current = false;
      },
    )(event);
  };

  return {
    register: form.register,
    errors,
    summary: summaryItems(errors, options.fields),
    values,
    /** The ticked boxes of each checkbox group named in `lists`. */
    lists,
    onSubmit,
  };
}

/**
 * A key for a page's forms that changes when the person arrives afresh (after a change is saved
 * and the page redirects to itself), and not when the server answers a post with errors. Keyed
 * on every location, the form would be rebuilt a moment after the errors show, taking away what
 * the person typed meanwhile.
 */
export function useFreshFormKey() {
  const location = useLocation();
  const actionData = useActionData();
  const key = useRef(location.key);
  if (actionData === undefined) key.current = location.key;
  return key.current;
}
