// A cycle's rules, as staff set them: who may apply, the amount range and the sections it
// asks. One schema for the browser and the server.
import { z } from "zod";
import { APPLICATION_SECTIONS, ORGANISATION_TYPES, type ApplicationSection } from "~db/schema";
import { pounds as poundsLike } from "./application";

// The rules page suggests round-sized amounts in its messages.
const pounds = (empty: string, label: string) => poundsLike(empty, label, "5000");

/** Every cycle asks these; staff cannot turn them off. */
export const ALWAYS_ASKED: readonly ApplicationSection[] = ["about", "declarations"];
export const OPTIONAL_SECTIONS = APPLICATION_SECTIONS.filter((s) => !ALWAYS_ASKED.includes(s));

const list = z
  .union([z.string(), z.array(z.string())])
  .nullish()
  .transform((v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]).filter((s) => s !== ""));

const yesNo = (message: string) => z.enum(["yes", "no"], { error: message });

export const cycleRulesSchema = z
  .object({
    organisationTypes: list
      .refine((v) => v.every((t) => (ORGANISATION_TYPES as readonly string[]).includes(t)), "Select types of organisation from the list")
      .refine((v) => v.length > 0, "Select at least one type of organisation that may apply"),
    mustServePlace: yesNo("Select yes if organisations must work with local residents"),
    requiresPartner: yesNo("Select yes if applicants need at least one partner organisation"),
    minAmount: pounds("Enter the smallest amount applicants may ask for", "Minimum amount"),
    maxAmount: pounds("Enter the largest amount applicants may ask for", "Maximum amount").refine(
      (p) => p > 0,
      "Maximum amount must be more than £0",
    ),
    sections: list.refine(
      (v) => v.every((s) => (OPTIONAL_SECTIONS as readonly string[]).includes(s)),
      "Select sections from the list",
    ),
  })
  .superRefine((v, ctx) => {
    if (v.maxAmount < v.minAmount) {
      ctx.addIssue({ code: "custom", path: ["maxAmount"], message: "Maximum amount must be the same as or more than the minimum amount" });
    }
    if (v.requiresPartner === "yes" && !v.sections.includes("partners")) {
      ctx.addIssue({ code: "custom", path: ["sections"], message: "Select 'Partners' when applicants need a partner organisation" });
    }
  })
  .transform((v) => ({
    eligibility: {
      organisationTypes: ORGANISATION_TYPES.filter((t) => v.organisationTypes.includes(t)),
      mustServePlace: v.mustServePlace === "yes",
      requiresPartner: v.requiresPartner === "yes",
    },
    minRequestPence: v.minAmount,
    maxRequestPence: v.maxAmount,
    // In the standard order, with the sections every cycle asks.
    sections: APPLICATION_SECTIONS.filter((s) => ALWAYS_ASKED.includes(s) || v.sections.includes(s)),
  }));

export type CycleRules = z.output<typeof cycleRulesSchema>;
