// Programmes as staff run them: adding one (admins), its prefix unique and fixed once it has an
// application, its words changed by staff, retiring refused while a round is open, and its usual
// return schedule stored on the programme and read back where a round takes it. Each change audited.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureRoundSchedule, placeFileReturnSchedule, returnSchedule, usualReturnSchedule } from "~/models/awards.server";
import {
  addProgramme,
  listProgrammesForStaff,
  programmeForStaff,
  saveUsualReturnSchedule,
  setProgrammeRetired,
  slugFor,
  updateProgramme,
  whyNoNewRound,
  whyPrefixFixed,
} from "~/models/programmes-admin.server";
import { editProgrammeSchema, newProgrammeSchema } from "~/schemas/programme";
import { usualReturnScheduleSchema } from "~/schemas/return";
import { db, schema, transaction } from "~/utils/db.server";
import { makeUser, seeded } from "../support/awards";

const DAY = 24 * 3600 * 1000;

let admin: { id: number; isStaff: boolean; isAdmin: boolean };
let staff: { id: number; isStaff: boolean; isAdmin: boolean };
const applicant = { id: 0, isStaff: false, isAdmin: false };

beforeAll(async () => {
  await seeded();
  admin = { id: makeUser("admin").id, isStaff: true, isAdmin: true };
  staff = { id: makeUser("staff").id, isStaff: true, isAdmin: false };
  applicant.id = makeUser("user").id;
});

const words = (over: Partial<Record<string, string>> = {}) =>
  newProgrammeSchema.parse({ name: "Healthy Homes Fund", referencePrefix: "hhf", summary: "Grants to keep homes warm and dry.", ...over });

const programmeRow = (id: number) => db.select().from(schema.programmes).where(eq(schema.programmes.id, id)).get()!;
const auditOf = (id: number) =>
  db
    .select()
    .from(schema.auditEvents)
    .where(and(eq(schema.auditEvents.entityType, "programme"), eq(schema.auditEvents.entityId, id)))
    .orderBy(schema.auditEvents.id)
    .all();

function round(programmeId: number, o: { status?: "draft" | "published" | "archived"; opensIn?: number; closesIn: number }) {
  const now = Date.now();
  return db
    .insert(schema.cycles)
    .values({
      programmeId,
      name: `Round ${Math.random().toString(36).slice(2, 7)}`,
      referenceYear: 4000,
      status: o.status ?? "published",
      opensAt: new Date(now + (o.opensIn ?? o.closesIn - 30) * DAY),
      closesAt: new Date(now + o.closesIn * DAY),
      budgetPence: 10_000_00,
      maxRequestPence: 1_000_00,
      eligibility: { organisationTypes: ["cic"], mustServePlace: true, requiresPartner: false },
      sections: ["about"],
    })
    .returning()
    .get();
}

describe("the forms' rules", () => {
  it("takes a prefix of 2 to 6 letters, in capitals, and an org-id.guide funder identifier", () => {
    expect(words().referencePrefix).toBe("HHF");
    const bad = (over: Record<string, string>) => newProgrammeSchema.safeParse({ name: "A", referencePrefix: "AB", summary: "S", ...over });
    expect(bad({ referencePrefix: "A" }).success).toBe(false);
    expect(bad({ referencePrefix: "ABCDEFG" }).success).toBe(false);
    expect(bad({ referencePrefix: "C1" }).error?.issues[0]?.message).toBe("The reference prefix must be 2 to 6 letters, like CF");
    expect(bad({ referencePrefix: "" }).error?.issues[0]?.message).toBe("Enter the reference prefix");
    expect(bad({ name: " " }).error?.issues[0]?.message).toBe("Enter the programme's name");
    expect(bad({ funderOrgId: "not an id" }).error?.issues[0]?.message).toBe("Enter the funder organisation identifier in the org-id.guide format, like GB-CHC-1234567");
    expect(bad({ funderOrgId: "gb-chc-1164021" }).data?.funderOrgId).toBe("GB-CHC-1164021");
    expect(bad({ description: "  " }).data?.description).toBeNull();
    // Changing a programme: the prefix only when the page sent one.
    expect(editProgrammeSchema.parse({ name: "A", summary: "S" }).referencePrefix).toBeUndefined();
  });

  it("makes a slug from the name, unique", () => {
    const taken = new Set(["collaboration-fund", "collaboration-fund-2"]);
    expect(slugFor("Collaboration Fund", (s) => taken.has(s))).toBe("collaboration-fund-3");
    expect(slugFor("Director of Public Health – Health Equity Town Prize", () => false)).toBe("director-of-public-health-health-equity-town-prize");
    expect(slugFor("Café & Culture", () => false)).toBe("cafe-and-culture");
    expect(slugFor("!!!", () => false)).toBe("programme");
  });
});

describe("adding a programme", () => {
  it("is for admins only", () => {
    expect(addProgramme(staff, words())).toMatchObject({ ok: false, status: 403 });
    expect(addProgramme(applicant, words())).toMatchObject({ ok: false, status: 403 });
    expect(db.select().from(schema.programmes).where(eq(schema.programmes.name, "Healthy Homes Fund")).all()).toHaveLength(0);
  });

  it("adds it with a unique slug, last in order, audited with what it was given", () => {
    const result = addProgramme(admin, words({ funderName: "BLCF", funderOrgId: "GB-CHC-1164021" }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const row = programmeRow(result.id);
    expect(row).toMatchObject({ slug: "healthy-homes-fund", referencePrefix: "HHF", funderName: "BLCF", funderOrgId: "GB-CHC-1164021", archivedAt: null, returnSchedule: null });
    expect(listProgrammesForStaff().map((p) => p.name)).toEqual(["Collaboration Fund", "Director of Public Health – Health Equity Town Prize", "Healthy Homes Fund"]);
    const [created] = auditOf(result.id);
    expect(created).toMatchObject({ action: "programme.created", actorUserId: admin.id });
    expect(created!.details).toMatchObject({ before: null, after: { name: "Healthy Homes Fund", referencePrefix: "HHF", slug: "healthy-homes-fund" } });
    // A programme staff added has no usual returns until they set some.
    expect(usualReturnSchedule("healthy-homes-fund")).toEqual([]);
  });

  it("refuses a prefix another programme uses, and gives a second programme of the same name its own slug", () => {
    expect(addProgramme(admin, words({ referencePrefix: "CF" }))).toMatchObject({ ok: false, status: 409, field: "referencePrefix", message: "Collaboration Fund already uses the reference prefix CF. Choose another." });
    const second = addProgramme(admin, words({ referencePrefix: "HHFB" }));
    expect(second.ok && programmeRow(second.id).slug).toBe("healthy-homes-fund-2");
  });
});

describe("changing a programme", () => {
  let id = 0;
  beforeAll(() => {
    const added = addProgramme(admin, words({ name: "Change Me", referencePrefix: "CHG" }));
    if (!added.ok) throw new Error(added.message);
    id = added.id;
  });

  it("lets staff change the words, audited with before and after, and nothing when nothing changed", () => {
    const input = editProgrammeSchema.parse({ name: "Change Me", summary: "A new summary.", runBy: "Public health" });
    expect(updateProgramme(applicant, id, input)).toMatchObject({ ok: false, status: 403 });
    expect(updateProgramme(staff, id, input)).toEqual({ ok: true, changed: true });
    expect(programmeRow(id)).toMatchObject({ summary: "A new summary.", runBy: "Public health", referencePrefix: "CHG" });
    const updated = auditOf(id).at(-1)!;
    expect(updated).toMatchObject({ action: "programme.updated", actorUserId: staff.id, summary: "Changed the summary, who runs it" });
    expect(updated.details).toEqual({ before: { summary: "Grants to keep homes warm and dry.", runBy: null }, after: { summary: "A new summary.", runBy: "Public health" } });
    const before = auditOf(id).length;
    expect(updateProgramme(staff, id, input)).toEqual({ ok: true, changed: false });
    expect(auditOf(id)).toHaveLength(before);
  });

  it("lets only an admin change the prefix, and refuses one another programme uses", () => {
    const input = editProgrammeSchema.parse({ name: "Change Me", summary: "A new summary.", runBy: "Public health", referencePrefix: "CHX" });
    expect(whyPrefixFixed(staff, id)).toBe("Only an admin can change the reference prefix.");
    expect(updateProgramme(staff, id, input)).toMatchObject({ ok: false, status: 403, field: "referencePrefix" });
    expect(programmeRow(id).referencePrefix).toBe("CHG");
    expect(updateProgramme(admin, id, { ...input, referencePrefix: "HETP" })).toMatchObject({ ok: false, status: 409, field: "referencePrefix" });
    expect(whyPrefixFixed(admin, id)).toBeNull();
    expect(updateProgramme(admin, id, input)).toEqual({ ok: true, changed: true });
    expect(programmeRow(id).referencePrefix).toBe("CHX");
    expect(auditOf(id).at(-1)!.details).toEqual({ before: { referencePrefix: "CHG" }, after: { referencePrefix: "CHX" } });
  });

  it("fixes the prefix once the programme has an application, whoever asks", () => {
    const r = round(id, { status: "published", closesIn: -1, opensIn: -30 });
    const organisation = db.insert(schema.organisations).values({ name: "Applicant group", type: "cic" }).returning().get();
    db.insert(schema.applications).values({ cycleId: r.id, organisationId: organisation.id, status: "draft" }).run();
    expect(whyPrefixFixed(admin, id)).toBe("The reference prefix cannot change: the programme has an application, and its reference carries it.");
    const input = editProgrammeSchema.parse({ name: "Change Me", summary: "A new summary.", runBy: "Public health", referencePrefix: "CHZ" });
    expect(updateProgramme(admin, id, input)).toMatchObject({ ok: false, status: 409, field: "referencePrefix" });
    expect(programmeRow(id).referencePrefix).toBe("CHX");
    // The words still change, with the prefix as it is.
    expect(updateProgramme(staff, id, { ...input, referencePrefix: "CHX", summary: "Later words." })).toEqual({ ok: true, changed: true });
  });
});

describe("retiring a programme", () => {
  it("is refused while a round of it is published and not closed, then retires and comes back, audited", () => {
    const added = addProgramme(admin, words({ name: "Retire Me", referencePrefix: "RTM" }));
    if (!added.ok) throw new Error(added.message);
    const id = added.id;
    round(id, { status: "draft", closesIn: 60 });
    round(id, { status: "published", closesIn: -5 });
    const scheduled = round(id, { status: "published", opensIn: 10, closesIn: 40 });
    const refused = setProgrammeRetired(staff, id, true);
    expect(refused).toMatchObject({ ok: false, status: 409 });
    expect(!refused.ok && refused.message).toContain(`${scheduled.name} opens on`);
    expect(programmeRow(id).archivedAt).toBeNull();
    expect(setProgrammeRetired(applicant, id, true)).toMatchObject({ ok: false, status: 403 });

    // Once that round has closed (here: it never opened, and is archived), it can be retired.
    db.update(schema.cycles).set({ status: "archived" }).where(eq(schema.cycles.id, scheduled.id)).run();
    expect(setProgrammeRetired(staff, id, true)).toEqual({ ok: true, changed: true });
    expect(programmeRow(id).archivedAt).toBeInstanceOf(Date);
    expect(setProgrammeRetired(staff, id, true)).toEqual({ ok: true, changed: false });
    expect(whyNoNewRound(id)).toBe("The programme is retired: bring it back before creating a round in it.");
    expect(listProgrammesForStaff().at(-1)).toMatchObject({ name: "Retire Me", rounds: 3 });

    expect(setProgrammeRetired(staff, id, false)).toEqual({ ok: true, changed: true });
    expect(whyNoNewRound(id)).toBeNull();
    expect(auditOf(id).map((a) => a.action)).toEqual(["programme.created", "programme.retired", "programme.restored"]);
    expect(auditOf(id)[1]!.details).toMatchObject({ before: { archivedAt: null }, after: { archivedAt: expect.any(String) } });
  });

  it("counts the rounds open now and opening later in the list", () => {
    const added = addProgramme(admin, words({ name: "Counted", referencePrefix: "CNT" }));
    if (!added.ok) throw new Error(added.message);
    round(added.id, { status: "published", opensIn: -1, closesIn: 10 });
    round(added.id, { status: "published", opensIn: 20, closesIn: 50 });
    round(added.id, { status: "draft", closesIn: 50 });
    expect(listProgrammesForStaff().find((p) => p.id === added.id)).toMatchObject({ rounds: 3, open: 1, scheduled: 1, drafts: 1 });
  });
});

describe("a programme's usual return schedule", () => {
  const cf = () => db.select().from(schema.programmes).where(eq(schema.programmes.slug, "collaboration-fund")).get()!;
  const form = (rows: [string, string, string][], seen: string) =>
    usualReturnScheduleSchema.parse({ seen, ...Object.fromEntries(rows.flatMap(([title, kind, months], n) => [[`title_${n}`, title], [`kind_${n}`, kind], [`months_${n}`, months]])) });

  it("is the place file's until staff save one; then that one is read back, and a round takes it", () => {
    expect(usualReturnSchedule("collaboration-fund")).toEqual(placeFileReturnSchedule("collaboration-fund"));
    expect(usualReturnSchedule("collaboration-fund").map((i) => i.dueMonthsAfterStart)).toEqual([6, 12]);
    const page = programmeForStaff(cf().id)!;
    expect(page.schedule.own).toBe(false);

    const input = form([["Final report", "final", "18"], ["Six-month check-in", "interim", "6"], ["Summer showcase", "showcase", "9"]], page.schedule.seen);
    expect(saveUsualReturnSchedule(applicant, cf().id, input)).toMatchObject({ ok: false, status: 403 });
    expect(saveUsualReturnSchedule(staff, cf().id, input)).toEqual({ ok: true, changed: true });
    const expected = [
      { kind: "interim", title: "Six-month check-in", dueMonthsAfterStart: 6 },
      { kind: "showcase", title: "Summer showcase", dueMonthsAfterStart: 9 },
      { kind: "final", title: "Final report", dueMonthsAfterStart: 18 },
    ];
    expect(cf().returnSchedule).toEqual(expected);
    expect(usualReturnSchedule("collaboration-fund")).toEqual(expected);
    expect(programmeForStaff(cf().id)!.schedule.own).toBe(true);
    const audit = auditOf(cf().id).at(-1)!;
    expect(audit).toMatchObject({ action: "programme.return_schedule_changed", actorUserId: staff.id });
    expect(audit.details).toEqual({ before: { placeFile: placeFileReturnSchedule("collaboration-fund") }, after: expected });

    // A round with no schedule of its own takes the programme's, when its decisions are released.
    const r = round(cf().id, { status: "published", closesIn: -10, opensIn: -40 });
    transaction((tx) => ensureRoundSchedule(tx, r.id, "collaboration-fund", staff.id));
    expect(returnSchedule(r.id).map((i) => [i.title, i.dueMonthsAfterStart])).toEqual([["Six-month check-in", 6], ["Summer showcase", 9], ["Final report", 18]]);
  });

  it("refuses a save over a colleague's change, and changes nothing when saved as it is", () => {
    const stale = programmeForStaff(cf().id)!.schedule.seen;
    const again = form([["Six-month check-in", "interim", "6"], ["Summer showcase", "showcase", "9"], ["Final report", "final", "18"]], stale);
    expect(saveUsualReturnSchedule(staff, cf().id, again)).toEqual({ ok: true, changed: false });
    expect(saveUsualReturnSchedule(staff, cf().id, form([["Final report", "final", "12"]], stale))).toEqual({ ok: true, changed: true });
    const late = saveUsualReturnSchedule(staff, cf().id, form([["Final report", "final", "24"]], stale));
    expect(late).toMatchObject({ ok: false, status: 409, conflict: true });
    expect(usualReturnSchedule("collaboration-fund")).toEqual([{ kind: "final", title: "Final report", dueMonthsAfterStart: 12 }]);
  });

  it("says 'programme' in its messages", () => {
    const parsed = usualReturnScheduleSchema.safeParse({ seen: "", title_0: "Report", kind_0: "final", months_0: "6", title_1: "report", kind_1: "final", months_1: "12" });
    expect(parsed.error?.issues[0]?.message).toBe('The programme already has a return called "report"');
  });
});
