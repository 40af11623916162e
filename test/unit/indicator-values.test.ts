// The one rule for an indicator's latest value (indicator-values.ts): age bands, a blank latest
// period, undated values, categories and sexes.
import { describe, expect, it } from "vitest";
import { headlineRows, headlineSexes, latestHeadline, pickLatest, type ValueCandidate } from "~/models/indicator-values";

let nextId = 1;
const v = (period: string, value: number | null, more: Partial<ValueCandidate> & { valueNote?: string | null } = {}) => ({
  id: nextId++,
  sex: "Persons",
  age: "All ages",
  categoryType: "",
  category: "",
  period,
  periodSortable: /^\d{4}$/.test(period) ? Number(period) * 10000 : null,
  value,
  valueNote: null as string | null,
  ...more,
});

describe("the headline rows", () => {
  it("takes All ages over age bands in the same period, whatever order they were stored in", () => {
    // A population file with the bands first: per-resident figures must divide by All ages.
    const rows = [v("2021", 2100, { age: "0-15 yrs" }), v("2021", 9000, { age: "16-64 yrs" }), v("2021", 14000), v("2021", 2900, { age: "65+ yrs" })];
    expect(headlineRows(rows).map((r) => r.value)).toEqual([14000]);
    expect(latestHeadline(rows)?.row?.value).toBe(14000);
  });

  it("uses a period's only age, and no figure where several bands and no All ages", () => {
    expect(latestHeadline([v("2022", 15.3, { age: "18+ yrs" })])?.row?.value).toBe(15.3);
    const bandsOnly = [v("2022", 2100, { age: "0-15 yrs" }), v("2022", 9000, { age: "16-64 yrs" })];
    expect(headlineRows(bandsOnly)).toEqual([]);
    expect(latestHeadline(bandsOnly)).toBeNull();
    // An older period with All ages is then the latest.
    expect(latestHeadline([...bandsOnly, v("2021", 13800)])?.row).toMatchObject({ period: "2021", value: 13800 });
  });

  it("leaves out categories and other sexes; shows by sex only when there is no Persons", () => {
    const rows = [v("2022", 1, { categoryType: "Deprivation", category: "Most deprived" }), v("2021", 2), v("2022", 3, { sex: "Female" })];
    expect(latestHeadline(rows)?.row?.value).toBe(2);
    expect(latestHeadline(rows, "Female")?.row?.value).toBe(3);
    expect(headlineSexes(rows)).toEqual(["Persons"]);
    expect(headlineSexes([v("2022", 1, { sex: "Male" }), v("2022", 2, { sex: "Female" })])).toEqual(["Female", "Male"]);
  });
});

describe("the latest value", () => {
  it("skips a blank latest period, saying so", () => {
    const rows = [v("2021", 40), v("2023", null, { valueNote: "Suppressed" }), v("2022", 42)];
    const pick = latestHeadline(rows)!;
    expect(pick.row).toMatchObject({ period: "2022", value: 42 });
    expect(pick.newerMissing).toMatchObject({ period: "2023", valueNote: "Suppressed" });
  });

  it("says nothing of an older blank period", () => {
    const pick = pickLatest([v("2021", null), v("2022", 42)])!;
    expect(pick.row?.period).toBe("2022");
    expect(pick.newerMissing).toBeNull();
  });

  it("has no value when every period is blank, and carries the newest blank", () => {
    const pick = pickLatest([v("2021", null), v("2022", null, { valueNote: "Not published" })])!;
    expect(pick.row).toBeNull();
    expect(pick.newerMissing).toMatchObject({ period: "2022", valueNote: "Not published" });
  });

  it("uses an undated value only when there is no dated one", () => {
    expect(pickLatest([v("Latest census", 7), v("2019", 5)])!.row).toMatchObject({ period: "2019", value: 5 });
    expect(pickLatest([v("Latest census", 7)])!.row).toMatchObject({ period: "Latest census", value: 7 });
    // An undated value with a dated period whose value is missing: the undated figure, and the blank said.
    const pick = pickLatest([v("Latest census", 7), v("2019", null)])!;
    expect(pick.row?.value).toBe(7);
    expect(pick.newerMissing?.period).toBe("2019");
  });

  it("is null with no rows at all", () => {
    expect(pickLatest([])).toBeNull();
    expect(latestHeadline([])).toBeNull();
  });
});
