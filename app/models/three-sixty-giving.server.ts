// Open data out: the awards as a 360Giving data package (JSON) and the same grants as a
// spreadsheet with 360Giving's column titles (CSV). Built on `fundedAwards()` so that the money,
// what was paid and the wards are the numbers every other impact view shows. The rules:
// - published: awards the grantee accepted, and completed ones. An offer not yet accepted is not
//   a grant yet; declined and withdrawn awards are never published. Demo rounds are left out
//   unless asked for (to try the portal only: never to publish);
// - no personal data: organisations only (the portal makes no grants to individuals), with their
//   public identifiers, name, town and postcode; no people's names, emails, phones or street
//   addresses; nothing of the application beyond its title and summary;
// - identifiers: `360G-<prefix>-<application reference>`, where the prefix is the one 360Giving
//   issued (`place.grant_id_prefix`); until it is set, the portal's own local prefix stands in
//   and the page warns that the identifiers will change. The funder is the programme's funder if
//   it names one, else the council; with no org-id.guide identifier set for it, a provisional
//   local identifier is used and the page warns (none is ever invented);
// - every package is checked against the official schemas (copied unchanged into
//   app/standards/360giving/) before it is served or written: an invalid one is refused with the
//   validator's messages, never served half-right.
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { and, count, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { organisationIdentifier } from "~/schemas/organisation";
import packageSchema from "~/standards/360giving/360-giving-package-schema.json";
import grantSchema from "~/standards/360giving/360-giving-schema.json";
import { toCsv, type CsvValue } from "~/utils/csv";
import { db, schema, type DbOrTx } from "~/utils/db.server";
import { getSettings } from "~/utils/settings.server";
import { PUBLIC_AWARD_STATUSES, isPublicAward } from "./funded-projects.server";
import { fundedAwards, type FundedAward } from "./impact.server";
import { getPlace } from "./place.server";

/** The statuses that make an award a published grant: accepted or completed. */
export const PUBLISHED_STATUSES = PUBLIC_AWARD_STATUSES;

export const CLASSIFICATION_VOCABULARY = "Marmot principles (Marmot Places)";
/** A classification's description: the award's main principle, or one it also works towards. */
export const MAIN_PRINCIPLE = "Main principle";
export const ALSO_PRINCIPLE = "Also works towards this principle";
export const LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/";
export const DATA_QUALITY_TOOL_URL = "https://dataquality.threesixtygiving.org/";
/** 360Giving's code for a ward in its geographic code type codelist. */
const WARD_GEOCODE_TYPE = "WD";

// ---------------------------------------------------------------------------------------------
// The shapes we write (field names and types as in the 360Giving schemas)
// ---------------------------------------------------------------------------------------------

export type GrantOrganisation = {
  id: string;
  name: string;
  charityNumber?: string;
  companyNumber?: string;
  addressLocality?: string;
  postalCode?: string;
  url?: string;
};

export type GrantLocation = { name: string; geoCode?: string; geoCodeType?: string; countryCode: "GB" };

export type Grant = {
  id: string;
  title: string;
  description: string;
  currency: "GBP";
  amountAppliedFor?: number;
  amountAwarded: number;
  amountDisbursed: number;
  awardDate: string;
  url?: string;
  plannedDates?: { startDate?: string; endDate?: string }[];
  recipientOrganization: GrantOrganisation[];
  fundingOrganization: GrantOrganisation[];
  grantProgramme: { code: string; title: string }[];
  fromOpenCall: "Yes";
  beneficiaryLocation?: GrantLocation[];
  classifications?: { vocabulary: string; code: string; title: string; description: string }[];
  dateModified: string;
};

export type GrantPackage = {
  grants: Grant[];
  version: string;
  title: string;
  description: string;
  issued: string;
  modified: string;
  publisher: { name: string; identifier?: string; website?: string };
  license: string;
};

export type OpenDataOptions = { includeDemo?: boolean; now?: Date };

export type OpenDataWarning = {
  key: "provisional-prefix" | "funder-id" | "ward-codes" | "local-org-ids" | "demo";
  text: string;
  /** Where it is put right: the admin's place settings, or the staff wards page. */
  fix: "place" | "wards" | null;
};

export type OpenDataCounts = {
  grants: number;
  amountAwardedPence: number;
  /** Offers not yet accepted: not grants yet, so left out. */
  offersNotAccepted: number;
  /** Declined or withdrawn awards: never published. */
  declinedOrWithdrawn: number;
  /** Accepted or completed awards of demo rounds, left out (0 when demo rounds are included). */
  demoLeftOut: number;
  /** Accepted or completed awards of demo rounds in the file (only when asked for). */
  demoIncluded: number;
};

export type OpenDataExport =
  | { ok: true; package: GrantPackage; counts: OpenDataCounts; warnings: OpenDataWarning[] }
  | { ok: false; errors: string[]; counts: OpenDataCounts; warnings: OpenDataWarning[] };

// ---------------------------------------------------------------------------------------------
// Validation against the official schemas
// ---------------------------------------------------------------------------------------------

/** The address the package schema uses for the grant schema (1.4.2, while the grant file says 1.4.3). */
const GRANT_SCHEMA_REF: string = packageSchema.properties.grants.items.$ref;

let validator: ValidateFunction | undefined;

function packageValidator(): ValidateFunction {
  if (validator) return validator;
  // validateSchema off: the schemas name an http:// meta-schema Ajv does not know. strict off:
  // 360Giving's own keywords (rollUp, codelist, openCodelist) are not JSON Schema keywords.
  const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(grantSchema); // under its own $id (1.4.3)
  if (GRANT_SCHEMA_REF !== grantSchema.$id) ajv.addSchema({ ...grantSchema, $id: GRANT_SCHEMA_REF });
  validator = ajv.compile(packageSchema);
  return validator;
}

function describeError(e: ErrorObject, data: unknown): string {
  const grant = /^\/grants\/(\d+)(\/.*)?$/.exec(e.instancePath);
  let where = e.instancePath || "the package";
  if (grant) {
    const id = (data as { grants?: { id?: unknown }[] })?.grants?.[Number(grant[1])]?.id;
    where = `grant ${Number(grant[1]) + 1}${typeof id === "string" ? ` (${id})` : ""}${grant[2] ? ` ${grant[2]}` : ""}`;
  }
  const extra =
    e.keyword === "enum" && Array.isArray(e.params.allowedValues) && e.params.allowedValues.length <= 5
      ? `: ${e.params.allowedValues.join(", ")}`
      : "";
  return `${where}: ${e.message ?? e.keyword}${extra}`;
}

/** Checks a data package against the official 360Giving schemas. */
export function validateGrantPackage(data: unknown): { ok: true } | { ok: false; errors: string[] } {
  const validate = packageValidator();
  if (validate(data)) return { ok: true };
  const errors = [...new Set((validate.errors ?? []).map((e) => describeError(e, data)))];
  return { ok: false, errors: errors.length ? errors : ["The data does not match the 360Giving schema."] };
}

// ---------------------------------------------------------------------------------------------
// Building the package
// ---------------------------------------------------------------------------------------------

const pounds = (pence: number) => Math.round(pence) / 100;

/** The 360Giving prefix in use, and whether it is the provisional stand-in. */
export function grantIdPrefix(tx: DbOrTx = db): { prefix: string; provisional: boolean } {
  const place = getPlace(tx);
  return place.grantIdPrefix ? { prefix: place.grantIdPrefix, provisional: false } : { prefix: place.localOrgIdPrefix, provisional: true };
}

/** The outward part of a UK postcode ("LU1 5AA" → "LU1"): the letters and digits before the last three. */
export const outwardCode = (postcode: string) => {
  const compact = postcode.replace(/\s+/g, "");
  return compact.length > 3 ? compact.slice(0, -3) : compact;
};

export const grantIdentifier = (prefix: string, award: Pick<FundedAward, "reference" | "awardId">) =>
  `360G-${prefix}-${award.reference ?? `award-${award.awardId}`}`;

const isWebAddress = (v: string | null) => !!v && /^https?:\/\/[^\s]+$/i.test(v);

/** Which awards are published: accepted or completed, demo rounds only when asked for. */
function published(award: FundedAward, includeDemo: boolean) {
  return (PUBLISHED_STATUSES as readonly string[]).includes(award.status) && (includeDemo || !award.isDemo);
}

/** The awards as a 360Giving data package, checked against the official schemas. */
export function threeSixtyGivingExport(options: OpenDataOptions = {}, tx: DbOrTx = db): OpenDataExport {
  const includeDemo = options.includeDemo ?? false;
  const now = options.now ?? new Date();
  const place = getPlace(tx);
  const { prefix, provisional } = grantIdPrefix(tx);
  const appUrl = getSettings().appUrl;

  const live = fundedAwards({ includeDemo: true }, tx);
  const awards = live.filter((a) => published(a, includeDemo));
  const declinedOrWithdrawn =
    tx
      .select({ n: count() })
      .from(schema.awards)
      .innerJoin(schema.applications, eq(schema.applications.id, schema.awards.applicationId))
      .innerJoin(schema.cycles, eq(schema.cycles.id, schema.applications.cycleId))
      .where(and(inArray(schema.awards.status, ["declined", "withdrawn"]), includeDemo ? undefined : eq(schema.cycles.isDemo, false)))
      .get()?.n ?? 0;
  const counts: OpenDataCounts = {
    grants: awards.length,
    amountAwardedPence: awards.reduce((sum, a) => sum + a.amountPence, 0),
    offersNotAccepted: live.filter((a) => a.status === "offered" && (includeDemo || !a.isDemo)).length,
    declinedOrWithdrawn,
    demoLeftOut: includeDemo ? 0 : live.filter((a) => a.isDemo && published(a, true)).length,
    demoIncluded: awards.filter((a) => a.isDemo).length,
  };

  // What the funded-award rows do not carry: organisations, programmes, wards, principles.
  const orgIds = [...new Set(awards.map((a) => a.organisationId))];
  const organisations = new Map(
    (orgIds.length ? tx.select().from(schema.organisations).where(inArray(schema.organisations.id, orgIds)).all() : []).map((o) => [o.id, o]),
  );
  const programmes = new Map(tx.select().from(schema.programmes).all().map((p) => [p.id, p]));
  const wards = new Map(
    tx
      .select({ id: schema.areas.id, name: schema.areas.name, code: schema.areas.code })
      .from(schema.areas)
      .where(eq(schema.areas.kind, "ward"))
      .all()
      .map((w) => [w.id, w]),
  );
  const principles = new Map(tx.select().from(schema.principles).all().map((p) => [p.id, p]));
  const awardIds = awards.map((a) => a.awardId);
  const modified = new Map<number, Date>();
  for (let i = 0; i < awardIds.length; i += 5000) {
    const part = awardIds.slice(i, i + 5000);
    for (const r of tx.select({ id: schema.awards.id, updatedAt: schema.awards.updatedAt }).from(schema.awards).where(inArray(schema.awards.id, part)).all())
      modified.set(r.id, r.updatedAt);
  }

  // The funder of each programme: its own, else the council; a provisional id when none is set.
  const funderMissing = new Set<string>();
  const funderOf = (programmeId: number): GrantOrganisation => {
    const p = programmes.get(programmeId);
    const councilName = place.councilName || place.name || "The council";
    if (p?.funderName || p?.funderOrgId) {
      const name = p.funderName || councilName;
      const id = p.funderOrgId ?? (name === councilName ? place.funderOrgId : null);
      if (id) return { id, name };
      funderMissing.add(name);
      return { id: `${place.localOrgIdPrefix}-FUNDER-${p.referencePrefix}`, name };
    }
    if (place.funderOrgId) return { id: place.funderOrgId, name: councilName };
    funderMissing.add(councilName);
    return { id: `${place.localOrgIdPrefix}-FUNDER`, name: councilName };
  };

  const wardsWithoutCode = new Set<string>();
  let localOrgIds = 0;
  const grants: Grant[] = awards.map((a) => {
    const org = organisations.get(a.organisationId);
    const recipient: GrantOrganisation = {
      id: organisationIdentifier({ id: a.organisationId, charityNumber: org?.charityNumber ?? null, companyNumber: org?.companyNumber ?? null }, place.localOrgIdPrefix),
      name: a.organisationName,
    };
    if (!org?.charityNumber && !org?.companyNumber) localOrgIds++;
    if (org?.charityNumber) recipient.charityNumber = org.charityNumber;
    if (org?.companyNumber) recipient.companyNumber = org.companyNumber;
    if (org?.town?.trim()) recipient.addressLocality = org.town.trim();
    // A small unregistered group's address is often a volunteer's home: publish its postcode's
    // outward part only ("LU1"), which places it without pointing at a house.
    const postcode = org?.postcode?.trim().toUpperCase();
    if (postcode) recipient.postalCode = org?.charityNumber || org?.companyNumber ? postcode : outwardCode(postcode);
    if (isWebAddress(org?.website ?? null)) recipient.url = org!.website!;

    const programme = programmes.get(a.programmeId);
    const grant: Grant = {
      id: grantIdentifier(prefix, a),
      title: a.title,
      description: a.description.trim() || a.title,
      currency: "GBP",
      ...(a.amountRequestedPence !== null ? { amountAppliedFor: pounds(a.amountRequestedPence) } : {}),
      amountAwarded: pounds(a.amountPence),
      amountDisbursed: pounds(a.paidPence),
      awardDate: a.awardDate,
      ...(isPublicAward(a) ? { url: `${appUrl}/funded-projects/${a.awardId}` } : {}),
      recipientOrganization: [recipient],
      fundingOrganization: [funderOf(a.programmeId)],
      grantProgramme: [
        {
          code: `${programme?.referencePrefix ?? "P"}-R${a.cycleId}`,
          title: a.cycleName.startsWith(a.programmeName) ? a.cycleName : `${a.programmeName}: ${a.cycleName}`,
        },
      ],
      fromOpenCall: "Yes",
      dateModified: (modified.get(a.awardId) ?? now).toISOString(),
    };
    if (a.startDate || a.endDate) {
      grant.plannedDates = [{ ...(a.startDate ? { startDate: a.startDate } : {}), ...(a.endDate ? { endDate: a.endDate } : {}) }];
    }
    const locations = a.plannedWardIds.flatMap((id) => {
      const w = wards.get(id);
      if (!w) return [];
      if (!w.code) wardsWithoutCode.add(w.name);
      return [w.code ? { name: w.name, geoCode: w.code, geoCodeType: WARD_GEOCODE_TYPE, countryCode: "GB" as const } : { name: w.name, countryCode: "GB" as const }];
    });
    if (locations.length) grant.beneficiaryLocation = locations;
    // The main principle first, then the others in number order; each says which it is.
    const classes = a.principleIds
      .map((id) => principles.get(id))
      .filter((p) => p !== undefined)
      .sort((x, y) => Number(y.id === a.primaryPrincipleId) - Number(x.id === a.primaryPrincipleId) || x.number - y.number)
      .map((p) => ({
        vocabulary: CLASSIFICATION_VOCABULARY,
        code: `MP${p.number}`,
        title: p.title,
        description: p.id === a.primaryPrincipleId ? MAIN_PRINCIPLE : ALSO_PRINCIPLE,
      }));
    if (classes.length) grant.classifications = classes;
    return grant;
  });

  // Every programme's funder, not only those in this file: the next grant may be from another.
  for (const id of programmes.keys()) funderOf(id);

  const warnings: OpenDataWarning[] = [];
  if (provisional)
    warnings.push({
      key: "provisional-prefix",
      text: `No 360Giving prefix is set, so the grant identifiers use the portal's provisional prefix (360G-${prefix}-…). They will change once 360Giving issues a prefix and an admin sets it: do not publish until then.`,
      fix: "place",
    });
  if (funderMissing.size)
    warnings.push({
      key: "funder-id",
      text: `No funder organisation identifier is set for ${[...funderMissing].join(", ")}, so the file uses a provisional local identifier (${place.localOrgIdPrefix}-FUNDER…). Set the funder's org-id.guide identifier, such as GB-LAE-… for a council, before you publish.`,
      fix: "place",
    });
  if (wardsWithoutCode.size)
    warnings.push({
      key: "ward-codes",
      text: `${wardsWithoutCode.size} ${wardsWithoutCode.size === 1 ? "ward has" : "wards have"} no ONS code (${[...wardsWithoutCode].sort().join(", ")}): their beneficiary locations have a name only. Add the codes on the wards page.`,
      fix: "wards",
    });
  if (localOrgIds)
    warnings.push({
      key: "local-org-ids",
      text: `${localOrgIds} ${localOrgIds === 1 ? "grant goes to an organisation" : "grants go to organisations"} with no charity or company number: their identifiers use the portal's own prefix (${place.localOrgIdPrefix}-…), which 360Giving's checker reports as not from a recognised register.`,
      fix: null,
    });
  if (includeDemo)
    warnings.push({
      key: "demo",
      text: "This file includes demo rounds. Demo data is for trying the portal only: never publish it.",
      fix: null,
    });

  if (!grants.length) {
    return { ok: false, errors: ["There are no accepted or completed awards to publish yet: a 360Giving file needs at least one grant."], counts, warnings };
  }

  const council = place.councilName || place.name || "The council";
  const pkg: GrantPackage = {
    grants,
    version: "1.4",
    title: `${place.title || council}: grants in 360Giving format${includeDemo ? " (including demo rounds: not for publication)" : ""}`,
    description: `Grants made through the ${place.title || "Health Equity Funding Portal"} (${[...new Set(awards.map((a) => a.programmeName))].join(", ")}): awards accepted by the grantee or completed.`,
    issued: now.toISOString(),
    modified: now.toISOString(),
    publisher: { name: council, ...(place.funderOrgId ? { identifier: place.funderOrgId } : {}), website: appUrl },
    license: LICENSE_URL,
  };
  const checked = validateGrantPackage(pkg);
  if (!checked.ok) return { ok: false, errors: checked.errors, counts, warnings };
  return { ok: true, package: pkg, counts, warnings };
}

// ---------------------------------------------------------------------------------------------
// The spreadsheet: 360Giving's column titles, as its flatten-tool writes them
// ---------------------------------------------------------------------------------------------

type SchemaNode = { title?: string; $ref?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode };
const grantNode = grantSchema as unknown as SchemaNode & { $defs: Record<string, SchemaNode> };

const defOf = (node: SchemaNode | undefined) => (node?.$ref ? grantNode.$defs[node.$ref.replace("#/$defs/", "")] : node);

/** A grant field's title in the schema (a field that is a `$ref` takes its definition's title). */
function fieldTitle(field: string): string {
  const node = grantNode.properties?.[field];
  const title = node?.title ?? defOf(node)?.title;
  if (!title) throw new Error(`The 360Giving schema has no title for ${field}`);
  return title;
}

/** The title of a field of the objects in a grant's array field. */
function itemFieldTitle(array: string, field: string): string {
  const item = defOf(grantNode.properties?.[array]?.items);
  const title = item?.properties?.[field]?.title;
  if (!title) throw new Error(`The 360Giving schema has no title for ${array}/${field}`);
  return title;
}

const SCALAR_FIELDS = [
  "id",
  "title",
  "description",
  "currency",
  "amountAppliedFor",
  "amountAwarded",
  "amountDisbursed",
  "awardDate",
  "url",
  "fromOpenCall",
  "dateModified",
] as const satisfies readonly (keyof Grant)[];

/**
 * Arrays of objects. `numbered`: always written as "Title:0:Field", "Title:1:Field", … (as many
 * as the widest grant needs); otherwise written in the rolled-up form "Title:Field" while every
 * grant has at most one (numbered if any has more).
 */
const ARRAY_FIELDS: { field: keyof Grant; fields: string[]; numbered: boolean }[] = [
  { field: "plannedDates", fields: ["startDate", "endDate"], numbered: false },
  { field: "recipientOrganization", fields: ["id", "name", "charityNumber", "companyNumber", "addressLocality", "postalCode", "url"], numbered: false },
  { field: "fundingOrganization", fields: ["id", "name"], numbered: false },
  { field: "grantProgramme", fields: ["code", "title"], numbered: false },
  { field: "beneficiaryLocation", fields: ["name", "geoCode", "geoCodeType", "countryCode"], numbered: true },
  { field: "classifications", fields: ["vocabulary", "code", "title", "description"], numbered: true },
];

/** The grants as a CSV file with 360Giving's column titles, one row per grant. */
export function grantsCsv(grants: readonly Grant[]): string {
  const header: string[] = SCALAR_FIELDS.map(fieldTitle);
  const getters: ((g: Grant) => CsvValue)[] = SCALAR_FIELDS.map((f) => (g) => g[f] as CsvValue);
  for (const spec of ARRAY_FIELDS) {
    const widest = Math.max(0, ...grants.map((g) => ((g[spec.field] as unknown[] | undefined) ?? []).length));
    const numbered = spec.numbered || widest > 1;
    for (let i = 0; i < (numbered ? widest : 1); i++) {
      for (const f of spec.fields) {
        header.push([fieldTitle(spec.field), ...(numbered ? [String(i)] : []), itemFieldTitle(spec.field, f)].join(":"));
        getters.push((g) => ((g[spec.field] as Record<string, CsvValue>[] | undefined)?.[i]?.[f] ?? null) as CsvValue);
      }
    }
  }
  return toCsv(
    header,
    grants.map((g) => getters.map((get) => get(g))),
  );
}

/** What a download answers when the package is not valid: the validator's messages, in words. */
export function refusalText(errors: string[]): string {
  return `The 360Giving data is not valid, so it was not downloaded:\n${errors.map((e) => `- ${e}`).join("\n")}\n`;
}

const demoParam = z.literal("include");

/** The choice in a query string: `?demo=include` includes demo rounds; anything else does not. */
export function readOpenDataOptions(params: URLSearchParams): OpenDataOptions {
  return { includeDemo: demoParam.safeParse(params.get("demo")).success };
}

/** A file name for a download: letters, digits and dashes, e.g. 360giving-grants-2026-11-24.json. */
export function exportFileName(extension: "json" | "csv", options: OpenDataOptions = {}): string {
  const day = (options.now ?? new Date()).toISOString().slice(0, 10);
  return `360giving-grants${options.includeDemo ? "-with-demo-rounds" : ""}-${day}.${extension}`;
}

/** What the staff page shows besides the warnings: the prefix and funder identifier in use. */
export function openDataSettings(tx: DbOrTx = db) {
  const place = getPlace(tx);
  return {
    grantIdPrefix: place.grantIdPrefix,
    funderOrgId: place.funderOrgId,
    provisionalPrefix: place.localOrgIdPrefix,
    councilName: place.councilName,
  };
}
