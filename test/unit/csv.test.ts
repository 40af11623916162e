import { describe, expect, it } from "vitest";
import { CSV_BOM, csvField, csvRow, toCsv } from "~/utils/csv";

describe("CSV fields (RFC 4180)", () => {
  it("leaves plain text and numbers as they are", () => {
    expect(csvField("Brightside Bakery")).toBe("Brightside Bakery");
    expect(csvField(4500)).toBe("4500");
    expect(csvField(4500.5)).toBe("4500.5");
    expect(csvField("")).toBe("");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
    expect(csvField(true)).toBe("Yes");
  });

  it("quotes a field with a comma, a quote or a line break, doubling the quotes", () => {
    expect(csvField("Luton, Bedfordshire")).toBe('"Luton, Bedfordshire"');
    expect(csvField('The "Hub"')).toBe('"The ""Hub"""');
    expect(csvField("line one\nline two")).toBe('"line one\nline two"');
    expect(csvField("line one\r\nline two")).toBe('"line one\r\nline two"');
  });

  it("keeps accents and other scripts", () => {
    expect(csvField("Café Zoë – ہیلتھ")).toBe("Café Zoë – ہیلتھ");
  });
});

describe("CSV injection (OWASP)", () => {
  it("puts a single quote before text that a spreadsheet would read as a formula", () => {
    expect(csvField("=1+2")).toBe("'=1+2");
    expect(csvField("+44 1582 546000")).toBe("'+44 1582 546000");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("@SUM(A1:A2)")).toBe("'@SUM(A1:A2)");
    expect(csvField("\t=1")).toBe("'\t=1");
    expect(csvField("\r=1")).toBe("\"'\r=1\"");
    expect(csvField("＝1+2")).toBe("'＝1+2");
  });

  it("quotes and escapes a formula that also carries quotes and commas", () => {
    expect(csvField('=HYPERLINK("http://evil.example","Click")')).toBe('"\'=HYPERLINK(""http://evil.example"",""Click"")"');
  });

  it("leaves a formula character alone when it is not the first", () => {
    expect(csvField("1+1=2")).toBe("1+1=2");
    expect(csvField("name@example.test")).toBe("name@example.test");
  });

  it("writes a negative number as a number (only text can carry a formula)", () => {
    expect(csvField(-5)).toBe("-5");
  });
});

describe("CSV files", () => {
  it("starts with a byte order mark and ends every line with CRLF", () => {
    const text = toCsv(["Reference", "Title"], [["CF-2026-0001", "Cooking, together"], ["CF-2026-0002", "=cmd"]]);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text.slice(1)).toBe('Reference,Title\r\nCF-2026-0001,"Cooking, together"\r\nCF-2026-0002,\'=cmd\r\n');
  });

  it("writes a row of mixed fields", () => {
    expect(csvRow(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"');
  });

  it("writes only the header when there are no rows", () => {
    expect(toCsv(["A", "B"], [])).toBe(`${CSV_BOM}A,B\r\n`);
  });
});
