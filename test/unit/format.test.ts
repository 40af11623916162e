import { describe, expect, it } from "vitest";
import { formatDate, formatDeadline, formatMoney, formatTime, ukDate, ukTime } from "~/utils/format";

describe("formatting as GOV.UK writes it", () => {
  it("writes money in pounds, with pence only when there are some", () => {
    expect(formatMoney(1_000_000)).toBe("£10,000");
    expect(formatMoney(123_450)).toBe("£1,234.50");
    expect(formatMoney(0)).toBe("£0");
  });

  it("writes UK dates and times, in UK time whatever the server's zone", () => {
    expect(formatDate("2026-11-23T23:30:00Z")).toBe("23 November 2026");
    expect(formatDate("2026-06-30T23:30:00Z")).toBe("1 July 2026"); // BST
    expect(formatTime("2027-02-20T12:00:00Z")).toBe("midday");
    expect(formatTime("2026-07-01T08:30:00Z")).toBe("9:30am");
    expect(formatTime("2026-11-23T00:00:00Z")).toBe("midnight");
    expect(formatDeadline("2026-11-23T16:00:00Z")).toBe("4pm on 23 November 2026");
  });

  it("turns a UK wall-clock time into the right instant in winter and in summer", () => {
    expect(ukTime("2027-02-20", 12).toISOString()).toBe("2027-02-20T12:00:00.000Z");
    expect(ukTime("2026-07-01", 12).toISOString()).toBe("2026-07-01T11:00:00.000Z");
    expect(ukDate(0, new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
  });
});

describe("poundsText", () => {
  it("writes pence as pounds are typed in an amount box", async () => {
    const { poundsText } = await import("~/utils/format");
    expect(poundsText(450000)).toBe("4500");
    expect(poundsText(450050)).toBe("4500.50");
    expect(poundsText(450005)).toBe("4500.05");
    expect(poundsText(1)).toBe("0.01");
    expect(poundsText(0)).toBe("0");
    expect(poundsText(null)).toBe("");
    expect(poundsText(undefined)).toBe("");
    // Floating point would write 1234567.89 * 100 wrongly; integer arithmetic does not.
    expect(poundsText(123456789)).toBe("1234567.89");
    expect(poundsText(-250)).toBe("-2.50");
  });
});
