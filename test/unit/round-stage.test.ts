// A round's stage from its dates, the times staff type, and a copy's suggested name.
import { describe, expect, it } from "vitest";
import { nextName } from "~/components/round-details";
import { roundStage } from "~/models/round-stage";
import { parseTime } from "~/schemas/round";

const DAY = 24 * 3600 * 1000;
const now = new Date("2027-05-01T12:00:00Z");
const at = (days: number) => new Date(now.getTime() + days * DAY);
const round = (o: Partial<Parameters<typeof roundStage>[0]> = {}) => ({
  status: "published",
  opensAt: at(-10),
  closesAt: at(10),
  scoringOpensAt: null,
  decisionsReleasedAt: null,
  closedOutAt: null,
  ...o,
});

describe("roundStage", () => {
  it("follows a round from draft to closed out", () => {
    expect(roundStage(round({ status: "draft", opensAt: at(-10) }), now)).toBe("draft");
    expect(roundStage(round({ opensAt: at(2) }), now)).toBe("scheduled");
    expect(roundStage(round(), now)).toBe("open");
    expect(roundStage(round({ closesAt: at(-1) }), now)).toBe("closed");
    expect(roundStage(round({ closesAt: at(-1), scoringOpensAt: at(1) }), now)).toBe("closed");
    expect(roundStage(round({ closesAt: at(-5), scoringOpensAt: at(-1) }), now)).toBe("scoring");
    expect(roundStage(round({ closesAt: at(-5), scoringOpensAt: at(-4), decisionsReleasedAt: at(-1) }), now)).toBe("decided");
    expect(roundStage(round({ closesAt: at(-5), decisionsReleasedAt: at(-3), closedOutAt: at(-1) }), now)).toBe("closed_out");
    expect(roundStage(round({ status: "archived" }), now)).toBe("retired");
  });

  it("opens and closes to the second", () => {
    const r = round({ opensAt: now, closesAt: new Date(now.getTime() + 1000) });
    expect(roundStage(r, new Date(now.getTime() - 1))).toBe("scheduled");
    expect(roundStage(r, now)).toBe("open");
    expect(roundStage(r, new Date(now.getTime() + 1000))).toBe("closed");
  });
});

describe("parseTime", () => {
  it("reads times as people write them", () => {
    expect(parseTime("9am")).toEqual({ hour: 9, minute: 0 });
    expect(parseTime("9:30 AM")).toEqual({ hour: 9, minute: 30 });
    expect(parseTime("5.30pm")).toEqual({ hour: 17, minute: 30 });
    expect(parseTime("12pm")).toEqual({ hour: 12, minute: 0 });
    expect(parseTime("12am")).toEqual({ hour: 0, minute: 0 });
    expect(parseTime("midday")).toEqual({ hour: 12, minute: 0 });
    expect(parseTime("midnight")).toEqual({ hour: 0, minute: 0 });
    expect(parseTime("17:45")).toEqual({ hour: 17, minute: 45 });
    expect(parseTime("")).toBeNull();
  });

  it("refuses what is not a time", () => {
    for (const t of ["9", "25:00", "13pm", "0am", "9:75am", "noonish", "9:3", "-1:00"]) expect(parseTime(t)).toBe("invalid");
  });
});

describe("nextName", () => {
  it("moves every year on by one, or marks a copy", () => {
    expect(nextName("Collaboration Fund 2026 to 2027 (demo round)")).toBe("Collaboration Fund 2027 to 2028 (demo round)");
    expect(nextName("Spring round")).toBe("Spring round (copy)");
  });
});
