// Staff keep the indicators current: adding and changing indicators (with the refusals), archiving,
// and entering or correcting values by hand (a blank value is missing, with a note, never 0).
import { and, eq, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createIndicator, enterValue, getIndicator, listIndicatorGroups, setArchived, updateIndicator } from "~/models/indicators.server";
import { indicatorSchema, valueSchema } from "~/schemas/indicator";
import { db, schema } from "~/utils/db.server";
import { loader as listLoader } from "~/routes/staff.indicators._index";
import { action as createAction } from "~/routes/staff.indicators.new";
import { action as valueAction } from "~/routes/staff.indicators.$indicatorId_.values.new";
import { args, makeUser, postAs, requestAs, seeded, type Person } from "../support/awards";

let staff: Person;
let applicant: Person;
const form = (fields: Record<string, unknown>) => indicatorSchema.safeParse({ polarity: "higher_is_better", ...fields });
const input = (fields: Record<string, unknown>) => {
  const parsed = form(fields);
  if (!parsed.success) throw new Error(parsed.error.message);
  return parsed.data;
};
const areaId = (name: string) => db.select().from(schema.areas).where(eq(schema.areas.name, name)).get()!.id;
const errorsOf = (result: unknown) => (result as { errors?: Record<string, string> }).errors;

beforeAll(async () => {
  await seeded();
  staff = makeUser("staff", "Indicator Officer");
  applicant = makeUser("user", "Not Staff");
});

describe("the list", () => {
  it("groups indicators as staff think of them, with the latest Luton and England values", () => {
    const { groups } = listIndicatorGroups();
    expect(groups.map((g) => g.key)).toEqual(["overarching", ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `principle-${n}`), "context"]);
    expect(groups.find((g) => g.key === "principle-7")!.indicators).toEqual([]);
    expect(groups.find((g) => g.key === "principle-8")!.indicators).toEqual([]);
    // Seeded: smoking 2011 (22.2) and 2021 (14.1) for Luton, persons: the latest by period is 2021.
    const smoking = groups.find((g) => g.key === "principle-6")!.indicators.find((i) => i.name.startsWith("Smoking"))!;
    expect(smoking.place).toEqual([{ value: 14.1, period: "2021", breakdown: null, valueNote: "As reported from the census", newerMissing: null }]);
    // Seeded: Luton's life expectancy only by sex AND deprivation group (wards by sex aside): no
    // headline figure, never a subgroup shown as Luton's.
    const life = groups.find((g) => g.key === "overarching")!.indicators.find((i) => i.name === "Life expectancy")!;
    expect(life.place).toEqual([]);
    expect(smoking.england).toBeNull();
    expect(groups.find((g) => g.key === "context")!.indicators.map((i) => i.name)).toContain("Resident population");
  });
});

describe("adding and changing an indicator", () => {
  it("adds an indicator for principle 7, and refuses what would clash", () => {
    const created = createIndicator(staff, input({ name: "Hate crimes reported", kind: "principle", principles: ["7"], unit: "per 1,000", fingertipsId: "123456", polarity: "no_judgement" }));
    if (!created.ok) throw new Error(JSON.stringify(created));
    const found = getIndicator(created.id)!;
    expect(found.principles.map((p) => p.number)).toEqual([7]);
    expect(found.indicator).toMatchObject({ kind: "principle", fingertipsId: 123456, unit: "per 1,000", isPopulation: false });
    expect(listIndicatorGroups().groups.find((g) => g.key === "principle-7")!.indicators.map((i) => i.name)).toEqual(["Hate crimes reported"]);

    // The same name (any case), the same Fingertips ID.
    expect(errorsOf(createIndicator(staff, input({ name: "hate crimes REPORTED", kind: "context" })))).toEqual({ name: "There is already an indicator with this name" });
    expect(errorsOf(createIndicator(staff, input({ name: "Another", kind: "context", fingertipsId: "123456" })))).toEqual({
      fingertipsId: '"Hate crimes reported" already has this Fingertips indicator ID',
    });
    // A second resident population.
    expect(errorsOf(createIndicator(staff, input({ name: "Population again", kind: "context", isPopulation: "yes" })))).toEqual({
      isPopulation: '"Resident population" is already the resident population of each ward. Only one indicator can be: change that one first',
    });
    const audit = db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.entityType, "indicator"), eq(schema.auditEvents.entityId, created.id))).all();
    expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([["indicator.created", staff.id]]);
  });

  it("checks the form: a principle's indicator needs a principle, the population is a context measure, IDs are whole numbers", () => {
    const errors = (fields: Record<string, unknown>) => {
      const parsed = form(fields);
      return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
    };
    expect(errors({ name: "X", kind: "principle" })).toEqual({ principles: "Select at least one principle the indicator belongs to" });
    expect(errors({ name: "X", kind: "overarching", isPopulation: "yes" })).toEqual({ isPopulation: "Only a context measure can be the resident population of each ward" });
    expect(errors({ name: "X", kind: "context", fingertipsId: "12a" })).toEqual({ fingertipsId: "Fingertips indicator ID must be a whole number, like 90366" });
    expect(errors({ name: "X", kind: "context", fingertipsId: "0" })).toEqual({ fingertipsId: "Fingertips indicator ID must be 1 or more" });
    expect(errors({ name: " ", kind: "nonsense" })).toMatchObject({ name: "Enter the indicator's name", kind: "Select what kind of indicator it is" });
    // Principles are kept only for a principle's indicator.
    expect(input({ name: "X", kind: "context", principles: ["3"] }).principles).toEqual([]);
  });

  it("changes an indicator, refusing another's name or Fingertips ID, and archives it", () => {
    const first = createIndicator(staff, input({ name: "Climate measure", kind: "principle", principles: ["8"], fingertipsId: "777001" }));
    const second = createIndicator(staff, input({ name: "Second climate measure", kind: "principle", principles: ["8"] }));
    if (!first.ok || !second.ok) throw new Error("not created");
    expect(errorsOf(updateIndicator(staff, second.id, input({ name: "Climate measure", kind: "principle", principles: ["8"] })))).toEqual({ name: "There is already an indicator with this name" });
    expect(errorsOf(updateIndicator(staff, second.id, input({ name: "Second climate measure", kind: "principle", principles: ["8"], fingertipsId: "777001" })))).toMatchObject({
      fingertipsId: expect.stringContaining("Climate measure"),
    });
    // Its own name and ID are fine; principles are replaced.
    expect(updateIndicator(staff, first.id, input({ name: "Climate measure", kind: "principle", principles: ["5", "8"], fingertipsId: "777001", unit: "%" }))).toEqual({ ok: true });
    expect(getIndicator(first.id)!.principles.map((p) => p.number)).toEqual([5, 8]);
    expect(updateIndicator(staff, 999999, input({ name: "Nothing", kind: "context" }))).toEqual({ ok: false, notFound: true });

    expect(setArchived(staff, first.id, true)).toEqual({ ok: true, changed: true });
    expect(setArchived(staff, first.id, true)).toEqual({ ok: true, changed: false });
    const list = listIndicatorGroups();
    expect(list.groups.flatMap((g) => g.indicators).map((i) => i.id)).not.toContain(first.id);
    expect(list.archived.map((i) => i.id)).toContain(first.id);
    expect(setArchived(staff, first.id, false)).toEqual({ ok: true, changed: true });
    const actions = db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.entityType, "indicator"), eq(schema.auditEvents.entityId, first.id))).all().map((a) => a.action);
    expect(actions).toEqual(["indicator.created", "indicator.updated", "indicator.archived", "indicator.unarchived"]);
  });
});

describe("entering values by hand", () => {
  it("needs a note for a blank value, stores it as missing (never 0), and corrects by the same area, period and sex", () => {
    const created = createIndicator(staff, input({ name: "Hand-entered measure", kind: "context", unit: "%" }));
    if (!created.ok) throw new Error("not created");
    const value = (fields: Record<string, string>) => valueSchema.safeParse({ sex: "Persons", source: "Ward profile 2023, table 2", ...fields });

    const blank = value({ areaId: String(areaId("Biscot")), period: "2021-23", value: "" });
    expect(blank.success).toBe(false);
    expect(blank.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["valueNote", "Say why there is no value, or enter the value"]]);
    expect(value({ areaId: String(areaId("Biscot")), period: "2021-23", value: "lots" }).error!.issues[0]!.message).toBe(
      "Value must be a number, like 72.5, or left blank if it is missing",
    );

    const missing = value({ areaId: String(areaId("Biscot")), period: "2021-23", value: " ", valueNote: "Not published for this ward" });
    expect(enterValue(staff, created.id, missing.data!)).toMatchObject({ ok: true, replaced: false });
    const zero = value({ areaId: String(areaId("England")), period: "2022", value: "0", periodSortable: "2022" });
    expect(enterValue(staff, created.id, zero.data!)).toMatchObject({ ok: true });

    const rows = () =>
      db
        .select({ area: schema.areas.name, period: schema.indicatorValues.period, periodSortable: schema.indicatorValues.periodSortable, sex: schema.indicatorValues.sex, value: schema.indicatorValues.value, valueNote: schema.indicatorValues.valueNote, source: schema.indicatorValues.source })
        .from(schema.indicatorValues)
        .innerJoin(schema.areas, eq(schema.areas.id, schema.indicatorValues.areaId))
        .where(eq(schema.indicatorValues.indicatorId, created.id))
        .orderBy(schema.areas.name)
        .all();
    expect(rows()).toEqual([
      { area: "Biscot", period: "2021-23", periodSortable: 20210000, sex: "Persons", value: null, valueNote: "Not published for this ward", source: "Ward profile 2023, table 2" },
      { area: "England", period: "2022", periodSortable: 20220000, sex: "Persons", value: 0, valueNote: null, source: "Ward profile 2023, table 2" },
    ]);

    // A correction: the same area, period and sex replaces the value.
    const corrected = value({ areaId: String(areaId("Biscot")), period: "2021-23", value: "1,234.5", source: "Ward profile 2024" });
    expect(enterValue(staff, created.id, corrected.data!)).toMatchObject({ ok: true, replaced: true });
    expect(rows()[0]).toEqual({ area: "Biscot", period: "2021-23", periodSortable: 20210000, sex: "Persons", value: 1234.5, valueNote: null, source: "Ward profile 2024" });
    expect(enterValue(staff, created.id, { ...corrected.data!, areaId: 999999 })).toEqual({ ok: false, errors: { areaId: "Select the area from the list" } });
    const audit = db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.entityType, "indicator"), eq(schema.auditEvents.entityId, created.id))).all();
    expect(audit.map((a) => a.action)).toEqual(["indicator.created", "indicator_value.entered", "indicator_value.entered", "indicator_value.corrected"]);
    expect(audit[3]!.summary).toBe("Hand-entered measure, Biscot, 2021-23, Persons: missing → 1234.5");

    // A correction of a value that is not there, or is another indicator's, is refused: never made a new value.
    const count = rows().length;
    expect(enterValue(staff, created.id, { ...corrected.data!, valueId: 999999 })).toEqual({ ok: false, notFound: true });
    const otherIndicatorValue = db.select().from(schema.indicatorValues).where(ne(schema.indicatorValues.indicatorId, created.id)).get()!;
    expect(enterValue(staff, created.id, { ...corrected.data!, valueId: otherIndicatorValue.id })).toEqual({ ok: false, notFound: true });
    expect(rows()).toHaveLength(count);
  });

  it("shows the latest period with a value in the list, saying when a newer one has none", () => {
    const created = createIndicator(staff, input({ name: "Measure with a gap", kind: "context", unit: "%" }));
    if (!created.ok) throw new Error("not created");
    const luton = areaId("Luton");
    const enter = (period: string, value: number | null, valueNote: string | null = null) =>
      enterValue(staff, created.id, { areaId: luton, period, periodSortable: null, sex: "Persons", value, valueNote, source: "Test", valueId: null });
    enter("2021", 10);
    enter("2022", 12.5);
    enter("2023", null, "Not published yet");
    const row = listIndicatorGroups().groups.find((g) => g.key === "context")!.indicators.find((i) => i.id === created.id)!;
    expect(row.place).toEqual([{ value: 12.5, period: "2022", breakdown: null, valueNote: null, newerMissing: { period: "2023", valueNote: "Not published yet" } }]);
  });

  it("shows one headline figure per sex for an indicator published only by sex", () => {
    const created = createIndicator(staff, input({ name: "Measure by sex", kind: "context", unit: "years" }));
    if (!created.ok) throw new Error("not created");
    const luton = areaId("Luton");
    const enter = (sex: "Male" | "Female", period: string, value: number) =>
      enterValue(staff, created.id, { areaId: luton, period, periodSortable: null, sex, value, valueNote: null, source: "Test", valueId: null });
    enter("Male", "2021", 78.1);
    enter("Female", "2021", 82.3);
    enter("Female", "2022", 82.6);
    const row = listIndicatorGroups().groups.find((g) => g.key === "context")!.indicators.find((i) => i.id === created.id)!;
    expect(row.place).toEqual([
      { value: 82.6, period: "2022", breakdown: "Female", valueNote: null, newerMissing: null },
      { value: 78.1, period: "2021", breakdown: "Male", valueNote: null, newerMissing: null },
    ]);
  });
});

describe("only staff", () => {
  it("refuses people who are not staff, in the loader and the actions", async () => {
    const refused = async (call: Promise<unknown>) => {
      try {
        await call;
        return null;
      } catch (thrown) {
        return (thrown as Response).status;
      }
    };
    expect(await refused(listLoader(args(await requestAs(applicant, "/staff/indicators"), {}) as never))).toBe(403);
    const post = await postAs(applicant, "/staff/indicators/new", { name: "Sneaky", kind: "context", polarity: "no_judgement" });
    expect(await refused(createAction(args(post, {}) as never))).toBe(403);
    const value = await postAs(applicant, "/staff/indicators/1/values/new", { areaId: "1", period: "2020", sex: "Persons", value: "1", source: "x" });
    expect(await refused(valueAction(args(value, { indicatorId: "1" }) as never))).toBe(403);
    expect(db.select().from(schema.indicators).where(eq(schema.indicators.name, "Sneaky")).get()).toBeUndefined();

    // Staff through the route: a refusal comes back as a 409 with the field's message.
    const clash = await postAs(staff, "/staff/indicators/new", { name: "Resident population", kind: "context", polarity: "no_judgement" });
    const response = (await createAction(args(clash, {}) as never)) as Response;
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ errors: { name: "There is already an indicator with this name" } });
  });
});
