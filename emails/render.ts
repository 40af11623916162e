// One source, two renderings: every email is a list of blocks, rendered to plain text and to
// simple, accessible HTML (in the spirit of GOV.UK Notify: one column, Arial, blue links).

export type Block =
  | { type: "paragraph"; text: string }
  | { type: "heading"; text: string }
  | { type: "button"; text: string; href: string }
  | { type: "list"; items: string[] }
  | { type: "inset"; text: string }
  /** Question-and-answer rows, e.g. a copy of an application's answers. */
  | { type: "answers"; rows: { question: string; answer: string }[] };

export type Email = { subject: string; body: Block[] };

export const p = (text: string): Block => ({ type: "paragraph", text });
export const h = (text: string): Block => ({ type: "heading", text });
export const button = (text: string, href: string): Block => ({ type: "button", text, href });
export const list = (items: string[]): Block => ({ type: "list", items });
export const inset = (text: string): Block => ({ type: "inset", text });
export const answers = (rows: { question: string; answer: string }[]): Block => ({ type: "answers", rows });

export type Branding = { serviceName: string; placeName: string; appUrl: string };

export type RenderedEmail = { subject: string; html: string; text: string };

export function renderEmail(email: Email, brand: Branding): RenderedEmail {
  return { subject: email.subject, html: toHtml(email, brand), text: toText(email, brand) };
}

function toText(email: Email, brand: Branding): string {
  const parts = email.body.map((block) => {
    switch (block.type) {
      case "paragraph":
        return block.text;
      case "heading":
        return `${block.text}\n${"-".repeat(Math.min(block.text.length, 60))}`;
      case "button":
        return `${block.text}:\n${block.href}`;
      case "list":
        return block.items.map((item) => `* ${item}`).join("\n");
      case "inset":
        return `> ${block.text.split("\n").join("\n> ")}`;
      case "answers":
        return block.rows.map((r) => `${r.question}\n${r.answer || "(not answered)"}`).join("\n\n");
    }
  });
  const footer = `${brand.serviceName}, ${brand.placeName}\n${brand.appUrl}`;
  return [...parts, "---", footer].join("\n\n") + "\n";
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Line breaks in text become <br>; everything else is escaped. */
const textHtml = (s: string) => escapeHtml(s).replace(/\n/g, "<br>");

const FONT = "font-family: Arial, sans-serif; font-size: 19px; line-height: 1.32; color: #0b0c0c;";

function toHtml(email: Email, brand: Branding): string {
  const body = email.body
    .map((block) => {
      switch (block.type) {
        case "paragraph":
          return `<p style="${FONT} margin: 0 0 20px 0;">${textHtml(block.text)}</p>`;
        case "heading":
          return `<h2 style="${FONT} font-size: 24px; font-weight: 700; margin: 0 0 15px 0;">${textHtml(block.text)}</h2>`;
        case "button":
          return `<p style="${FONT} margin: 0 0 20px 0;"><a href="${escapeHtml(block.href)}" style="display: inline-block; background: #00703c; color: #ffffff; font-weight: 700; padding: 8px 12px; text-decoration: none;">${escapeHtml(block.text)}</a></p>
<p style="${FONT} font-size: 16px; margin: 0 0 20px 0;">Or copy this link into your browser:<br><a href="${escapeHtml(block.href)}" style="color: #1d70b8; word-break: break-all;">${escapeHtml(block.href)}</a></p>`;
        case "list":
          return `<ul style="${FONT} margin: 0 0 20px 0; padding-left: 20px;">${block.items
            .map((item) => `<li style="margin: 5px 0;">${textHtml(item)}</li>`)
            .join("")}</ul>`;
        case "inset":
          return `<blockquote style="${FONT} border-left: 10px solid #b1b4b6; margin: 0 0 20px 0; padding: 15px 0 15px 15px;">${textHtml(block.text)}</blockquote>`;
        case "answers":
          return `<dl style="${FONT} margin: 0 0 20px 0;">${block.rows
            .map(
              (r) =>
                `<dt style="font-weight: 700; margin-top: 15px;">${textHtml(r.question)}</dt><dd style="margin: 0;">${textHtml(r.answer || "(not answered)")}</dd>`,
            )
            .join("")}</dl>`;
      }
    })
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(email.subject)}</title></head>
<body style="margin: 0; padding: 0; background: #ffffff;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse: collapse;">
<tr><td style="background: #1d70b8; padding: 15px 20px;"><span style="${FONT} color: #ffffff; font-weight: 700;">${escapeHtml(brand.serviceName)}</span> <span style="${FONT} color: #ffffff;">${escapeHtml(brand.placeName)}</span></td></tr>
<tr><td style="padding: 20px; max-width: 580px;">
${body}
</td></tr>
<tr><td style="padding: 0 20px 20px 20px;"><p style="${FONT} font-size: 16px; color: #505a5f; margin: 0;">${escapeHtml(brand.serviceName)}, ${escapeHtml(brand.placeName)}<br><a href="${escapeHtml(brand.appUrl)}" style="color: #1d70b8;">${escapeHtml(brand.appUrl)}</a></p></td></tr>
</table>
</body>
</html>
`;
}
