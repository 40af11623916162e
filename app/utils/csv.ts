// CSV as RFC 4180 writes it, made safe to open in a spreadsheet. Staff open exports in Excel,
// and applicants type the text: a cell like `=HYPERLINK(...)` must stay text, never a formula.
// Following OWASP's CSV injection advice, a text cell that begins with = + - @, a tab or a
// carriage return gets a single quote in front. Fields are quoted when they hold a comma, a
// quote or a line break (quotes doubled); lines end CRLF; a UTF-8 byte order mark comes first
// so that Excel reads accents and other scripts correctly.

/** Excel, LibreOffice and Google Sheets treat a cell starting with these as a formula. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/; // with the full-width =, +, - and @

export const CSV_BOM = "\uFEFF";
export const CSV_LINE_END = "\r\n";

export type CsvValue = string | number | boolean | null | undefined;

/** One field. Numbers are written as they are (a number cannot be a formula); text is neutralised. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "";
    text = String(value);
  } else if (typeof value === "boolean") {
    text = value ? "Yes" : "No";
  } else {
    text = FORMULA_START.test(value) ? `'${value}` : value;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvField).join(",");
}

/** A whole file: the byte order mark, the header, the rows, each line ended with CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return CSV_BOM + [header, ...rows].map((r) => csvRow(r) + CSV_LINE_END).join("");
}
