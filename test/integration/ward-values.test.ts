// The ward values the need page ranks and divides by follow the one latest-value rule
// (indicator-values.ts): All ages over age bands; an older value when the newest is blank.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createIndicator } from "~/models/indicators.server";
import { needMeasures } from "~/models/need.server";
import { latestWardValues } from "~/models/place.server";
import { indicatorSchema } from "~/schemas/indicator";
import { db, schema } from "~/utils/db.server";
import { makeUser, seeded, type Person } from "../support/awards";

let staff: Person;
const ward = (name: string) => db.select().from(schema.areas).where(eq(schema.areas.name, name)).get()!.id;
function addIndicator(name: string) {
  const result = createIndicator(staff, indicatorSchema.parse({ name, kind: "context", polarity: "lower_is_better", unit: "" }));
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.id;
}
const put = (indicatorId: number, areaId: number, period: string, value: number | null, more: { age?: string; valueNote?: string } = {}) =>
  db
    .insert(schema.indicatorValues)
    .values({ indicatorId, areaId, period, periodSortable: Number(period) * 10000, value, sex: "Persons", age: more.age ?? "All ages", valueNote: more.valueNote ?? null })
    .run();

beforeAll(async () => {
  await seeded();
  staff = makeUser("staff", "Ward Values Officer");
});

describe("latest ward values", () => {
  it("uses All ages, not whichever age band was stored first", () => {
    const people = addIndicator("Residents by age (ward values test)");
    put(people, ward("Biscot"), "2021", 2100, { age: "0-15 yrs" });
    put(people, ward("Biscot"), "2021", 9000, { age: "16-64 yrs" });
    put(people, ward("Biscot"), "2021", 14000);
    expect(latestWardValues().get(people)!.get(ward("Biscot"))).toMatchObject({ value: 14000, period: "2021", newerMissing: null });
  });

  it("keeps a ward whose newest value is blank, with its older value, and says the newer one is missing", () => {
    const spi = addIndicator("Progress index (ward values test)");
    put(spi, ward("Dallow"), "2022", 55.5);
    put(spi, ward("Dallow"), "2023", null, { valueNote: "Not published" });
    expect(latestWardValues().get(spi)!.get(ward("Dallow"))).toMatchObject({
      value: 55.5,
      period: "2022",
      newerMissing: { period: "2023", valueNote: "Not published" },
    });
    // It stays among the measures of need (its newest rows are all blank, its older ones are not).
    expect(needMeasures().measures.map((m) => m.id)).toContain(spi);
  });
});
