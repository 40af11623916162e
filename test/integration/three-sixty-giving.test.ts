// Open data out: the awards as a 360Giving data package, validated here against the official
// schemas by an Ajv instance of the test's own (not the model's validator), with the grants
// checked field by field against the portfolio written by hand; the spreadsheet; the command;
// the schema copies; the admin's place settings; who may download.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { grantsCsv, threeSixtyGivingExport, validateGrantPackage, type GrantPackage } from "~/models/three-sixty-giving.server";
import { action as placeAction, loader as placePage } from "~/routes/admin.place";
import { loader as csvRoute } from "~/routes/staff.open-data.360giving[.]csv";
import { loader as jsonRoute } from "~/routes/staff.open-data.360giving[.]json";
import { loader as openDataPage } from "~/routes/staff.open-data._index";
import { db, schema } from "~/utils/db.server";
import { main as exportCommand } from "../../scripts/export-360giving";
import { args, makeUser, postAs, requestAs, seeded } from "../support/awards";
import { fundedPortfolio, PORTFOLIO, type Portfolio } from "../support/impact";

const STANDARD = path.resolve("app/standards/360giving");
const SHARED = path.resolve("../shared/standards/360giving");
const FILES = ["360-giving-schema.json", "360-giving-package-schema.json"];
const PREFIX = "test-prefix";
const FUNDER = "GB-LAE-TST";

/** The test's own validator, straight from the schema files. */
function officialValidator() {
  const grant = JSON.parse(fs.readFileSync(path.join(STANDARD, "360-giving-schema.json"), "utf8"));
  const pkg = JSON.parse(fs.readFileSync(path.join(STANDARD, "360-giving-package-schema.json"), "utf8"));
  const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(grant);
  ajv.addSchema({ ...grant, $id: "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json" });
  return ajv.compile(pkg);
}
const validate = officialValidator();
const expectValid = (data: unknown) => {
  const ok = validate(data);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
};

let round: Portfolio;
let demo: Portfolio;
let principleTitles: Record<number, string>;
const status = async (p: Promise<unknown>) => {
  try {
    const r = await p;
    return r instanceof Response ? r.status : 200;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
};

beforeAll(async () => {
  await seeded();
  round = fundedPortfolio();
  // The second award is an offer not yet accepted; the third is completed; the fourth withdrawn.
  db.update(schema.awards).set({ status: "offered" }).where(eq(schema.awards.id, round.awards[1]!.awardId)).run();
  db.update(schema.awards).set({ status: "completed" }).where(eq(schema.awards.id, round.awards[2]!.awardId)).run();
  // The first grantee is a registered charity; Biscot has its ONS code, Dallow has none.
  db.update(schema.organisations)
    .set({ charityNumber: "1234567", town: "Luton", postcode: "lu1 2ab", contactName: "Private Person", contactEmail: "private@example.test" })
    .where(eq(schema.organisations.id, round.awards[0]!.organisationId))
    .run();
  // The third is an unregistered group, whose postcode may be a volunteer's home.
  db.update(schema.organisations).set({ town: "Luton", postcode: "LU4 9ZZ" }).where(eq(schema.organisations.id, round.awards[2]!.organisationId)).run();
  // The third award's main principle is 3, not 1: the higher number, so it must be moved first.
  const third = round.awards[2]!.applicationId;
  db.update(schema.applicationPrinciples).set({ isPrimary: false }).where(eq(schema.applicationPrinciples.applicationId, third)).run();
  db.update(schema.applicationPrinciples)
    .set({ isPrimary: true })
    .where(and(eq(schema.applicationPrinciples.applicationId, third), eq(schema.applicationPrinciples.principleId, principleIdOf(3))))
    .run();
  db.update(schema.areas).set({ code: "E05999991" }).where(eq(schema.areas.id, round.wardIds.Biscot!)).run();
  db.update(schema.applications).set({ summary: "Cooking together in Biscot and Dallow." }).where(eq(schema.applications.id, round.awards[0]!.applicationId)).run();
  db.update(schema.place).set({ grantIdPrefix: PREFIX, funderOrgId: FUNDER }).where(eq(schema.place.id, 1)).run();
  // A demo round with one accepted award.
  demo = fundedPortfolio([{ amountPence: 1_234_00, principles: [4], wards: ["Saints"], paidPence: 0 }]);
  db.update(schema.cycles).set({ isDemo: true }).where(eq(schema.cycles.id, demo.cycleId)).run();
  principleTitles = Object.fromEntries(db.select().from(schema.principles).all().map((p) => [p.number, p.title]));
});

function principleIdOf(number: number): number {
  return db.select().from(schema.principles).where(eq(schema.principles.number, number)).get()!.id;
}

function exported(includeDemo = false): GrantPackage {
  const result = threeSixtyGivingExport({ includeDemo });
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.package;
}

describe("the 360Giving data package", () => {
  it("validates against the official schemas", () => {
    const pkg = exported();
    expectValid(pkg);
    expect(pkg).toMatchObject({ version: "1.4", license: "https://creativecommons.org/licenses/by/4.0/", publisher: { name: "Luton Borough Council", identifier: FUNDER } });
    expectValid(exported(true));
  });

  it("holds exactly the accepted and completed awards, with identifiers, amounts in pounds, funder and programme", () => {
    const pkg = exported();
    // By hand: award 1 accepted, award 2 offered (left out), award 3 completed, award 4 withdrawn (left out).
    const published = [0, 2];
    expect(pkg.grants.map((g) => g.id)).toEqual(published.map((i) => `360G-${PREFIX}-${round.awards[i]!.reference}`));
    expect(pkg.grants.map((g) => g.amountAwarded)).toEqual(published.map((i) => PORTFOLIO[i]!.amountPence / 100));
    expect(pkg.grants.map((g) => g.amountDisbursed)).toEqual(published.map((i) => PORTFOLIO[i]!.paidPence / 100));
    expect(pkg.grants.map((g) => g.amountAppliedFor)).toEqual([6000, 7500]);
    expect(pkg.grants.map((g) => g.currency)).toEqual(["GBP", "GBP"]);
    const [first, third] = pkg.grants as [GrantPackage["grants"][number], GrantPackage["grants"][number]];
    expect(first.description).toBe("Cooking together in Biscot and Dallow.");
    // No summary: the title stands in, never an empty description.
    expect(third.description).toBe(third.title);
    expect(first.recipientOrganization).toEqual([
      { id: "GB-CHC-1234567", name: `Grantee ${round.awards[0]!.reference}`, charityNumber: "1234567", addressLocality: "Luton", postalCode: "LU1 2AB" },
    ]);
    // No personal data anywhere in the file.
    expect(JSON.stringify(pkg)).not.toMatch(/Private Person|private@example\.test/);
    expect(third.recipientOrganization[0]!.id).toBe(`HEFP-LUTON-${round.awards[2]!.organisationId}`);
    // An unregistered group's postcode is published as its outward part only.
    expect(third.recipientOrganization[0]!.postalCode).toBe("LU4");
    expect(JSON.stringify(pkg)).not.toContain("LU4 9ZZ");
    expect(first.fundingOrganization).toEqual([{ id: FUNDER, name: "Luton Borough Council" }]);
    expect(first.grantProgramme).toHaveLength(1);
    expect(first.grantProgramme[0]!.title).toContain("Collaboration Fund");
    expect(first.plannedDates).toEqual([{ startDate: "3001-04-01", endDate: "3002-03-31" }]);
    expect(first.url).toBe(`http://portal.test/funded-projects/${round.awards[0]!.awardId}`);
    expect(first.dateModified).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("gives the wards as beneficiary locations (with ONS codes where set) and the principles as classifications, main principle first", () => {
    const [first, third] = exported().grants;
    expect(first!.beneficiaryLocation).toEqual([
      { name: "Biscot", geoCode: "E05999991", geoCodeType: "WD", countryCode: "GB" },
      { name: "Dallow", countryCode: "GB" },
    ]);
    expect(third!.beneficiaryLocation!.map((l) => l.name).sort()).toEqual(["Biscot", "Farley", "Northwell"]);
    const vocabulary = "Marmot principles (Marmot Places)";
    expect(first!.classifications).toEqual([
      { vocabulary, code: "MP1", title: principleTitles[1], description: "Main principle" },
      { vocabulary, code: "MP2", title: principleTitles[2], description: "Also works towards this principle" },
    ]);
    // By hand: the third award is tagged 1 and 3 with 3 as its main principle (set above).
    expect(third!.classifications!.map((c) => [c.code, c.description])).toEqual([
      ["MP3", "Main principle"],
      ["MP1", "Also works towards this principle"],
    ]);
  });

  it("refuses a broken package with the validator's messages", () => {
    const pkg = structuredClone(exported()) as unknown as { grants: Record<string, unknown>[] };
    delete pkg.grants[0]!.amountAwarded;
    const checked = validateGrantPackage(pkg);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors.join("\n")).toMatch(/amountAwarded/);
    expect(validateGrantPackage({ grants: [] }).ok).toBe(false);
    expect(validate(pkg)).toBe(false);
  });

  it("leaves demo rounds out unless asked, and warns when they are in", () => {
    const demoRef = `360G-${PREFIX}-${demo.awards[0]!.reference}`;
    expect(exported().grants.map((g) => g.id)).not.toContain(demoRef);
    const withDemo = threeSixtyGivingExport({ includeDemo: true });
    expect(withDemo.ok && withDemo.package.grants.map((g) => g.id)).toContain(demoRef);
    expect(withDemo.warnings.map((w) => w.key)).toContain("demo");
    const without = threeSixtyGivingExport();
    expect(without.counts).toMatchObject({ grants: 2, offersNotAccepted: 1, declinedOrWithdrawn: 1, demoLeftOut: 1, demoIncluded: 0 });
    // Wards without ONS codes are named in a warning; the prefix and funder id are set.
    expect(without.warnings.map((w) => w.key)).toEqual(expect.arrayContaining(["ward-codes"]));
    expect(without.warnings.map((w) => w.key)).not.toContain("provisional-prefix");
    expect(without.warnings.find((w) => w.key === "ward-codes")!.text).toContain("Dallow");
  });

  it("writes the spreadsheet with 360Giving's column titles, one row per grant", () => {
    const pkg = exported();
    const rows = parse(grantsCsv(pkg.grants), { bom: true }) as string[][];
    const [header, ...body] = rows;
    expect(header).toEqual(
      expect.arrayContaining([
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Awarded",
        "Amount Disbursed",
        "Award Date",
        "Recipient Org:Identifier",
        "Recipient Org:Name",
        "Recipient Org:Charity Number",
        "Recipient Org:Postal Code",
        "Funding Org:Identifier",
        "Funding Org:Name",
        "Grant Programme:Title",
        "Planned Dates:Start Date",
        "Beneficiary Location:0:Name",
        "Beneficiary Location:0:Geographic Code",
        "Beneficiary Location:2:Name",
        "Classifications:0:Code",
        "Classifications:1:Title",
        "Classifications:0:Description",
      ]),
    );
    // The widest grant serves three wards: no fourth set of columns.
    expect(header).not.toContain("Beneficiary Location:3:Name");
    expect(body).toHaveLength(2);
    const col = (title: string) => header!.indexOf(title);
    expect(body.map((r) => r[col("Identifier")])).toEqual(pkg.grants.map((g) => g.id));
    expect(body.map((r) => r[col("Amount Awarded")])).toEqual(["6000", "7500"]);
    expect(body[0]![col("Beneficiary Location:0:Geographic Code")]).toBe("E05999991");
    expect(body[0]![col("Classifications:1:Code")]).toBe("MP2");
    expect(body[1]![col("Classifications:0:Code")]).toBe("MP3");
    expect(body[1]![col("Classifications:0:Description")]).toBe("Main principle");
  });
});

describe("the command", () => {
  it("writes a valid package and the spreadsheet", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "export-360-"));
    const lines: string[] = [];
    const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
    const code = await exportCommand([path.join(dir, "grants.json"), "--csv", path.join(dir, "grants.csv")], out);
    expect(code).toBe(0);
    const written = JSON.parse(fs.readFileSync(path.join(dir, "grants.json"), "utf8"));
    expectValid(written);
    expect(written.grants).toHaveLength(2);
    expect(lines.join("\n")).toContain("Wrote 2 grants");
    expect(fs.readFileSync(path.join(dir, "grants.csv"), "utf8")).toContain("Recipient Org:Identifier");
    const withDemo = await exportCommand([path.join(dir, "demo.json"), "--include-demo"], out);
    expect(withDemo).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "demo.json"), "utf8")).grants).toHaveLength(3);
  });

  it("exits 1 without a file, and with the validator's messages when the data is not valid (writing nothing)", async () => {
    const lines: string[] = [];
    const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
    expect(await exportCommand([], out)).toBe(1);
    expect(lines.join("\n")).toContain("Usage: npm run export:360giving");
    // A date the schema refuses: the whole package is refused, never written half-right.
    const awardId = round.awards[0]!.awardId;
    const original = db.select().from(schema.awards).where(eq(schema.awards.id, awardId)).get()!.awardDate;
    db.update(schema.awards).set({ awardDate: "22/06/2026" }).where(eq(schema.awards.id, awardId)).run();
    try {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "export-360-"));
      lines.length = 0;
      expect(await exportCommand([path.join(dir, "bad.json")], out)).toBe(1);
      expect(fs.existsSync(path.join(dir, "bad.json"))).toBe(false);
      expect(lines.join("\n")).toMatch(/awardDate/);
      const staff = makeUser("staff");
      const refused = await jsonRoute(args(await requestAs(staff, "/staff/open-data/360giving.json"), {}));
      expect(refused.status).toBe(422);
      expect(await refused.text()).toMatch(/not valid[\s\S]*awardDate/);
    } finally {
      db.update(schema.awards).set({ awardDate: original }).where(eq(schema.awards.id, awardId)).run();
    }
  });
});

describe("the official schemas", () => {
  it.skipIf(!fs.existsSync(SHARED))("are copied unchanged from ../shared/standards/360giving", () => {
    for (const file of FILES) expect(fs.readFileSync(path.join(STANDARD, file)).equals(fs.readFileSync(path.join(SHARED, file)))).toBe(true);
  });
});

describe("the pages", () => {
  it("lets staff download the JSON and the CSV, and no one else", async () => {
    const staff = makeUser("staff");
    const applicant = makeUser("user");
    for (const [route, p] of [
      [jsonRoute, "/staff/open-data/360giving.json"],
      [csvRoute, "/staff/open-data/360giving.csv"],
      [openDataPage, "/staff/open-data"],
    ] as const) {
      expect(await status(route(args(await requestAs(applicant, p), {})))).toBe(403);
    }
    const file = await jsonRoute(args(await requestAs(staff, "/staff/open-data/360giving.json?demo=include"), {}));
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="360giving-grants-with-demo-rounds-\d{4}-\d\d-\d\d\.json"$/);
    expectValid(await file.json());
    const csv = await csvRoute(args(await requestAs(staff, "/staff/open-data/360giving.csv?demo=nonsense"), {}));
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(parse(await csv.text(), { bom: true })).toHaveLength(3);
    const page = await (await openDataPage(args(await requestAs(staff, "/staff/open-data?demo=include"), {}))).json();
    expect(page).toMatchObject({ includeDemo: true, errors: null, counts: { grants: 3, demoIncluded: 1 } });
  });

  it("lets an admin set the 360Giving prefix and funder identifier, refusing bad formats and keeping what was typed", async () => {
    const admin = makeUser("admin");
    const staff = makeUser("staff");
    expect(await status(placePage(args(await requestAs(staff, "/admin/place"), {})))).toBe(403);
    expect(await status(placeAction(args(await postAs(staff, "/admin/place", { contactEmail: "", grantIdPrefix: "x", funderOrgId: "" }), {})))).toBe(403);

    const bad = (await placeAction(args(await postAs(admin, "/admin/place", { contactEmail: "", grantIdPrefix: "bad prefix!", funderOrgId: "LUTON" }), {}))) as Response;
    expect(bad.status).toBe(400);
    const failure = await bad.json();
    expect(failure.errors).toEqual({
      grantIdPrefix: "Enter the 360Giving prefix using letters, digits and dashes only, like 360G-lbc",
      funderOrgId: "Enter the funder organisation identifier in the org-id.guide format, like GB-CHC-1234567",
    });
    expect(failure.values).toMatchObject({ grantIdPrefix: "bad prefix!", funderOrgId: "LUTON" });
    expect(db.select().from(schema.place).get()).toMatchObject({ grantIdPrefix: PREFIX, funderOrgId: FUNDER });

    const good = (await placeAction(args(await postAs(admin, "/admin/place", { contactEmail: "", grantIdPrefix: "360G-lbc-test", funderOrgId: " gb-lae-ABC " }), {}))) as Response;
    expect(good.status).toBe(302);
    expect(good.headers.get("location")).toBe("/admin?notice=place-updated");
    expect(db.select().from(schema.place).get()).toMatchObject({ grantIdPrefix: "lbc-test", funderOrgId: "GB-LAE-ABC" });
    const audits = db.select().from(schema.auditEvents).where(eq(schema.auditEvents.entityType, "place")).all().map((a) => a.action);
    expect(audits).toEqual(expect.arrayContaining(["place.grant_id_prefix_changed", "place.funder_org_id_changed"]));
    expect(exported().grants[0]!.id).toBe(`360G-lbc-test-${round.awards[0]!.reference}`);

    // Emptied again: the export falls back to provisional identifiers and says so.
    await placeAction(args(await postAs(admin, "/admin/place", { contactEmail: "", grantIdPrefix: "", funderOrgId: "" }), {}));
    const provisional = threeSixtyGivingExport();
    expect(provisional.ok && provisional.package.grants[0]!.id).toBe(`360G-HEFP-LUTON-${round.awards[0]!.reference}`);
    expect(provisional.ok && provisional.package.grants[0]!.fundingOrganization[0]!.id).toBe("HEFP-LUTON-FUNDER");
    expect(provisional.warnings.map((w) => w.key)).toEqual(expect.arrayContaining(["provisional-prefix", "funder-id"]));
    if (provisional.ok) expectValid(provisional.package);
    db.update(schema.place).set({ grantIdPrefix: PREFIX, funderOrgId: FUNDER }).where(eq(schema.place.id, 1)).run();
  });
});
