// Indicators and their values, as staff enter them. One schema for the browser and the server.
import { z } from "zod";
import { INDICATOR_KINDS, POLARITIES } from "~db/schema";

export const KIND_LABELS: Record<(typeof INDICATOR_KINDS)[number], string> = {
  overarching: "Overarching",
  principle: "A Marmot principle's indicator",
  context: "Context or need measure",
};

export const POLARITY_LABELS: Record<(typeof POLARITIES)[number], string> = {
  higher_is_better: "Higher is better",
  lower_is_better: "Lower is better",
  no_judgement: "No judgement",
};

export const SEXES = ["Persons", "Male", "Female"] as const;

const list = z
  .union([z.string(), z.array(z.string())])
  .nullish()
  .transform((v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]).filter((s) => s !== ""));

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : null));

export const indicatorSchema = z
  .object({
    name: z
      .string({ error: "Enter the indicator's name" })
      .trim()
      .min(1, "Enter the indicator's name")
      .max(200, "Name must be 200 characters or fewer"),
    kind: z.enum(INDICATOR_KINDS, { error: "Select what kind of indicator it is" }),
    principles: list.refine((v) => v.every((p) => /^[1-9]\d?$/.test(p)), "Select principles from the list"),
    unit: z
      .string()
      .trim()
      .max(40, "Unit must be 40 characters or fewer")
      .optional()
      .transform((v) => v ?? ""),
    polarity: z.enum(POLARITIES, { error: "Select whether a higher value is better, a lower one, or neither" }),
    fingertipsId: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || /^\d{1,9}$/.test(v), "Fingertips indicator ID must be a whole number, like 90366")
      .refine((v) => !v || !/^\d+$/.test(v) || Number(v) > 0, "Fingertips indicator ID must be 1 or more")
      .transform((v) => (v ? Number(v) : null)),
    definition: optionalText(2000, "Definition"),
    source: optionalText(500, "Source"),
    // One checkbox: the browser's form library gives "yes" or false, a posted form "yes" or nothing.
    isPopulation: z
      .union([z.string(), z.boolean(), z.array(z.string())])
      .nullish()
      .transform((v) => v === "yes" || v === true || (Array.isArray(v) && v.includes("yes"))),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "principle" && v.principles.length === 0) {
      ctx.addIssue({ code: "custom", path: ["principles"], message: "Select at least one principle the indicator belongs to" });
    }
    if (v.isPopulation && v.kind !== "context") {
      ctx.addIssue({ code: "custom", path: ["isPopulation"], message: "Only a context measure can be the resident population of each ward" });
    }
  })
  .transform((v) => ({ ...v, principles: v.kind === "principle" ? v.principles.map(Number) : [] }));

export type IndicatorInput = z.output<typeof indicatorSchema>;

export const archiveSchema = z.object({ intent: z.enum(["archive", "unarchive"], { error: "Choose archive or unarchive" }) });

export const valueSchema = z
  .object({
    areaId: z.string({ error: "Select the area" }).regex(/^\d{1,9}$/, "Select the area").transform(Number),
    period: z
      .string({ error: "Enter the time period" })
      .trim()
      .min(1, "Enter the time period, like 2021-23")
      .max(40, "Time period must be 40 characters or fewer"),
    periodSortable: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || /^\d{4}(\d{4})?$/.test(v), "Period for ordering must be a year, like 2023")
      .transform((v) => (!v ? null : v.length === 4 ? Number(v) * 10000 : Number(v))),
    sex: z.enum(SEXES, { error: "Select who the value is for" }),
    value: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ?? "").replace(/,/g, ""))
      .refine((v) => v === "" || /^[-+]?(\d+\.?\d*|\.\d+)$/.test(v), "Value must be a number, like 72.5, or left blank if it is missing")
      .transform((v) => (v === "" ? null : Number(v))),
    valueNote: optionalText(500, "Note"),
    /** "Change" on a stored value: its age and category breakdown are kept. */
    valueId: z
      .string()
      .optional()
      .transform((v) => (v && /^\d{1,9}$/.test(v) ? Number(v) : null)),
    source: z
      .string({ error: "Enter where the value comes from" })
      .trim()
      .min(1, "Enter where the value comes from, like the report and table it is in")
      .max(500, "Source must be 500 characters or fewer"),
  })
  .superRefine((v, ctx) => {
    if (v.value === null && !v.valueNote) {
      ctx.addIssue({ code: "custom", path: ["valueNote"], message: "Say why there is no value, or enter the value" });
    }
  });

export type ValueInput = z.output<typeof valueSchema>;

// Fingertips uploads: the limits and messages the browser checks too (the server reads the file).
/** Large enough for a full export of several indicators for every ward in England. */
export const MAX_FINGERTIPS_BYTES = 20 * 1024 * 1024;
export const FINGERTIPS_MESSAGES = {
  choose: "Select a Fingertips CSV file",
  tooLarge: "The selected file must be smaller than 20MB",
  empty: "The selected file is empty",
  notText: "The selected file must be a CSV file saved from Fingertips (text, UTF-8)",
} as const;

export const REQUIRED_COLUMNS = [
  "Indicator ID",
  "Indicator Name",
  "Area Code",
  "Area Name",
  "Area Type",
  "Sex",
  "Age",
  "Time period",
  "Value",
  "Time period Sortable",
] as const;
