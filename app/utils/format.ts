// Dates, times and money as GOV.UK writes them: "23 November 2026", "12pm on 20 February 2027",
// "£10,000". Times are shown in UK time whatever the server's zone.
const ZONE = "Europe/London";

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: ZONE });
// h12, not hour12: en-GB with hour12 counts 0 to 11 and calls midday "0pm".
const timeParts = new Intl.DateTimeFormat("en-GB", { hour: "numeric", minute: "2-digit", hourCycle: "h12", timeZone: ZONE });

export function formatDate(value: Date | string | number): string {
  return dateFormat.format(new Date(value));
}

/** "12pm", "9:30am", "midnight", "midday". */
export function formatTime(value: Date | string | number): string {
  const parts = timeParts.formatToParts(new Date(value));
  const hour = Number(parts.find((p) => p.type === "hour")?.value);
  const minute = parts.find((p) => p.type === "minute")?.value ?? "00";
  const period = (parts.find((p) => p.type === "dayPeriod")?.value ?? "").toLowerCase().replace(/\./g, "");
  if (minute === "00" && hour === 12) return period === "am" ? "midnight" : "midday";
  return `${hour}${minute === "00" ? "" : `:${minute}`}${period}`;
}

/** "12pm on 20 February 2027" (for deadlines), or "23 November 2026 at 4:05pm" (for events). */
export function formatDeadline(value: Date | string | number): string {
  return `${formatTime(value)} on ${formatDate(value)}`;
}

export function formatDateTime(value: Date | string | number): string {
  return `${formatDate(value)} at ${formatTime(value)}`;
}

/** Whole pounds without pence: "£10,000"; otherwise "£1,234.50". */
export function formatMoney(pence: number): string {
  const pounds = pence / 100;
  return pounds.toLocaleString("en-GB", {
    style: "currency",
    currency: "GBP",
    minimumFractionDigits: pence % 100 === 0 ? 0 : 2,
    maximumFractionDigits: 2,
  });
}

/**
 * Pence as people type pounds in an amount box: 450000 → "4500", 450050 → "4500.50", nothing
 * (null or undefined) → "". No £ sign and no commas, so that it parses back to the same pence.
 */
export function poundsText(pence: number | null | undefined): string {
  if (pence === null || pence === undefined) return "";
  const sign = pence < 0 ? "-" : "";
  const whole = Math.abs(Math.round(pence));
  const pounds = Math.floor(whole / 100);
  const rest = whole % 100;
  return `${sign}${pounds}${rest ? `.${String(rest).padStart(2, "0")}` : ""}`;
}

/** The instant of a UK wall-clock time, e.g. ukTime("2027-02-20", 12) for midday on that day. */
export function ukTime(isoDate: string, hour: number, minute = 0): Date {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, hour, minute);
  const offset = new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, timeZoneName: "shortOffset" })
    .formatToParts(new Date(guess))
    .find((p) => p.type === "timeZoneName")?.value; // "GMT" or "GMT+1"
  const hours = Number(offset?.replace("GMT", "") || 0);
  return new Date(guess - hours * 3600 * 1000);
}

/** Today's date in the UK as YYYY-MM-DD, shifted by a number of days. */
export function ukDate(daysFromToday = 0, now = new Date()): string {
  const shifted = new Date(now.getTime() + daysFromToday * 24 * 3600 * 1000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(shifted);
}

/**
 * A date (YYYY-MM-DD) some whole months later, kept to the month's last day where the day does
 * not exist: 31 August plus 6 months is 28 (or 29) February.
 */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12; // 0-based
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(year, 4)}-${pad(month + 1)}-${pad(Math.min(d, lastDay))}`;
}

/** A UK date and time as the boxes of a date and time field show it: day, month, year and "5:30pm". */
export function ukDateTimeParts(value: Date | string | number): { day: string; month: string; year: string; time: string } {
  const date = ukDate(0, new Date(value));
  const [year, month, day] = date.split("-") as [string, string, string];
  return { day: String(Number(day)), month: String(Number(month)), year, time: formatTime(value) };
}

/** A calendar date's boxes: "2027-06-30" → 30, 6, 2027. */
export function dateParts(isoDate: string | null | undefined): { day: string; month: string; year: string } {
  if (!isoDate) return { day: "", month: "", year: "" };
  const [year, month, day] = isoDate.split("-") as [string, string, string];
  return { day: String(Number(day)), month: String(Number(month)), year };
}
