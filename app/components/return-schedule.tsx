// The fields of a return schedule (each return's title, kind and months after the start), shared
// by a round's schedule and a programme's usual one, and the banner that lists what someone typed
// when a colleague saved first. The form is `returnScheduleSchema`'s: row N has id_N, title_N,
// kind_N, months_N and remove_N.
import type { FieldValues, UseFormRegister } from "react-hook-form";
import { NotificationBanner, SummaryList } from "~/components/govuk/content";
import { Fieldset, Select, TextInput } from "~/components/govuk/form";
import { RETURN_KIND_LABELS, SCHEDULE_LIMITS } from "~/schemas/return";
import { RETURN_KINDS } from "~db/schema";

export type ScheduleRow = {
  /** Blank for the empty row that adds a return. */
  id: string;
  title: string;
  kind: string;
  months: string;
  /** A line about the row, e.g. how many awards have this return. */
  note?: string | null;
  /** Why it cannot be removed; null when it can. */
  blockedBy?: string | null;
};

export type TypedScheduleRow = { title: string; kind: string; months: string; removed: boolean };

/** The rows as form fields and their values, for `useGovukForm`. */
export function scheduleForm(rows: ScheduleRow[]) {
  return {
    fields: ["form", ...rows.flatMap((_, n) => [`title_${n}`, `kind_${n}`, `months_${n}`])],
    defaults: Object.fromEntries(rows.flatMap((r, n) => [[`id_${n}`, r.id], [`title_${n}`, r.title], [`kind_${n}`, r.kind], [`months_${n}`, r.months]])),
  };
}

/** What was typed, read back from a refused post, to list above the form as it is now. */
export function typedScheduleRows(formData: FormData): TypedScheduleRow[] {
  const rows = [...new Set([...formData.keys()].flatMap((k) => /^title_(\d+)$/.exec(k)?.[1] ?? []))];
  return rows
    .map((n) => ({
      title: String(formData.get(`title_${n}`) ?? ""),
      kind: String(formData.get(`kind_${n}`) ?? ""),
      months: String(formData.get(`months_${n}`) ?? ""),
      removed: formData.has(`remove_${n}`),
    }))
    .filter((r) => r.title || r.kind || r.months);
}

export function TypedScheduleBanner({ refused, typed }: { refused?: string; typed: TypedScheduleRow[] }) {
  return (
    <NotificationBanner title="Your changes were not saved">
      <p className="govuk-notification-banner__heading">{refused}</p>
      <p className="govuk-body">The form below shows the schedule as it is now. This is what you entered:</p>
      <SummaryList
        rows={typed.map((t) => ({
          key: t.title || "Untitled",
          value: `${RETURN_KIND_LABELS[t.kind as keyof typeof RETURN_KIND_LABELS] ?? "No kind"}, ${t.months || "?"} months after the start${t.removed ? " (to remove)" : ""}`,
        }))}
      />
    </NotificationBanner>
  );
}

export function ReturnScheduleFields({
  rows,
  form,
}: {
  rows: ScheduleRow[];
  form: { register: UseFormRegister<FieldValues>; errors: Record<string, string | undefined>; values: Record<string, string | undefined> };
}) {
  const kinds = [{ value: "", text: "Choose a kind" }, ...RETURN_KINDS.map((k) => ({ value: k, text: RETURN_KIND_LABELS[k] }))];
  return (
    <>
      {rows.map((r, n) => {
        const isNew = !r.id;
        return (
          <Fieldset key={`${n}-${r.id}`} legend={isNew && !r.title ? "Add a return (optional)" : r.title || "New return"} legendSize="m">
            <input type="hidden" {...form.register(`id_${n}`)} value={r.id} />
            {r.note ? <p className="govuk-body">{r.note}</p> : null}
            <TextInput
              label="Title"
              hint="As grantees will see it, for example Interim return"
              error={form.errors[`title_${n}`]}
              defaultValue={form.values[`title_${n}`]}
              {...form.register(`title_${n}`)}
            />
            <Select
              label="Kind of return"
              options={kinds}
              error={form.errors[`kind_${n}`]}
              defaultValue={form.values[`kind_${n}`] ?? ""}
              {...form.register(`kind_${n}`)}
            />
            <TextInput
              label="Months after the project starts"
              hint={`A whole number from 1 to ${SCHEDULE_LIMITS.maxMonths}`}
              inputMode="numeric"
              width="3"
              error={form.errors[`months_${n}`]}
              defaultValue={form.values[`months_${n}`]}
              {...form.register(`months_${n}`)}
            />
            {r.id ? (
              r.blockedBy ? (
                <p className="govuk-body">{r.blockedBy}</p>
              ) : (
                <div className="govuk-form-group">
                  <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                    <div className="govuk-checkboxes__item">
                      <input
                        className="govuk-checkboxes__input"
                        id={`remove_${n}`}
                        type="checkbox"
                        value="yes"
                        defaultChecked={form.values[`remove_${n}`] === "yes"}
                        {...form.register(`remove_${n}`)}
                      />
                      <label className="govuk-label govuk-checkboxes__label" htmlFor={`remove_${n}`}>
                        Remove this return
                      </label>
                    </div>
                  </div>
                </div>
              )
            ) : null}
          </Fieldset>
        );
      })}
    </>
  );
}
