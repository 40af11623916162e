// For the browser tests: a real SMTP server the portal sends to, and a small HTTP API that
// tests read received mail from. Started by Playwright beside the portal.
import http from "node:http";
import { startSmtpServer } from "./smtp";

const smtpPort = Number(process.env.MAIL_SINK_SMTP_PORT ?? 2526);
const apiPort = Number(process.env.MAIL_SINK_API_PORT ?? 2527);

const smtp = await startSmtpServer({ port: smtpPort });

http
  .createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/health") {
      res.writeHead(200).end("ok");
      return;
    }
    if (url.pathname === "/messages") {
      const to = url.searchParams.get("to")?.toLowerCase();
      const messages = smtp.received
        .filter((m) => !to || m.envelopeTo.includes(to))
        .map((m) => ({
          to: m.envelopeTo,
          subject: m.parsed.subject ?? "",
          text: m.parsed.text ?? "",
          html: typeof m.parsed.html === "string" ? m.parsed.html : "",
          date: m.parsed.date?.toISOString() ?? null,
        }));
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(messages));
      return;
    }
    res.writeHead(404).end();
  })
  .listen(apiPort, "127.0.0.1", () => {
    console.log(`Mail sink: SMTP on 127.0.0.1:${smtpPort}, messages at http://127.0.0.1:${apiPort}/messages`);
  });
