import { describe, expect, it } from "vitest";
import { templates, renderEmail } from "~emails/index";
import { answers, button, inset, list, p } from "~emails/render";

const brand = { serviceName: "Health Equity Funding Portal", placeName: "Luton", appUrl: "http://portal.test" };

describe("emails from one source", () => {
  it("renders the same words to text and to escaped HTML", () => {
    const email = renderEmail(
      {
        subject: "Test",
        body: [p("Hello <b>you</b> & co"), button("Do it", "http://portal.test/x?a=1&b=2"), list(["one", "two"]), inset("Note"), answers([{ question: "Q?", answer: "" }])],
      },
      brand,
    );
    expect(email.text).toContain("Hello <b>you</b> & co");
    expect(email.text).toContain("Do it:\nhttp://portal.test/x?a=1&b=2");
    expect(email.text).toContain("* one\n* two");
    expect(email.text).toContain("Q?\n(not answered)");
    expect(email.html).toContain("Hello &lt;b&gt;you&lt;/b&gt; &amp; co");
    expect(email.html).toContain('href="http://portal.test/x?a=1&amp;b=2"');
    expect(email.html).toContain('<html lang="en">');
    expect(email.text).toContain("Health Equity Funding Portal, Luton");
  });

  it("has a subject and a link in every account email", () => {
    const rendered = [
      templates["confirm-email"]({ name: "A", confirmUrl: "http://portal.test/c", hours: 24 }),
      templates["reset-password"]({ name: "A", resetUrl: "http://portal.test/r", minutes: 60 }),
      templates["password-changed"]({ name: "A", signInUrl: "http://portal.test/s", contactEmail: "team@example.test", signedOut: "everywhere" }),
      templates["account-already-exists"]({ signInUrl: "http://portal.test/s", resetUrl: "http://portal.test/f" }),
    ].map((e) => renderEmail(e, brand));
    for (const email of rendered) {
      expect(email.subject.length).toBeGreaterThan(5);
      expect(email.text).toMatch(/http:\/\/portal\.test\/\w/);
    }
  });
});
