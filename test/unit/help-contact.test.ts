// Whose "Get help" contact the page frame shows: the deepest route's `helpContact` (or its
// `page.helpContact`, on the application pages), else the place's; never on staff, admin or panel pages.
import { describe, expect, it } from "vitest";
import { pageHelpContact } from "~/utils/help-contact";

const round = { name: "Sam Lee", email: "round@luton.example" };
const root = { data: { user: null, contact: { contactEmail: "place@luton.example" } } };

describe("the page frame's help contact", () => {
  it("is the place's contact email when the page names none, and nothing when there is none", () => {
    expect(pageHelpContact([root, { data: { programmes: [] } }], "/", "place@luton.example")).toEqual({ name: null, email: "place@luton.example" });
    expect(pageHelpContact([root, { data: { programmes: [] } }], "/", null)).toBeNull();
    expect(pageHelpContact([root, { data: undefined }], "/no-such-page", null)).toBeNull();
  });

  it("is the round's contact where the page gives one, at the top of its data or in its page state", () => {
    expect(pageHelpContact([root, { data: { helpContact: round } }], "/apply/3", "place@luton.example")).toEqual(round);
    expect(pageHelpContact([root, { data: { page: { id: 7, helpContact: round } } }], "/applications/7/about", null)).toEqual(round);
    // A round with no contact of its own: helpContactFor gave the place's, or null.
    expect(pageHelpContact([root, { data: { page: { id: 7, helpContact: null } } }], "/applications/7/about", "place@luton.example")).toEqual({
      name: null,
      email: "place@luton.example",
    });
    // A page number is not a page state.
    expect(pageHelpContact([root, { data: { page: 2 } }], "/funded-projects", null)).toBeNull();
  });

  it("takes the deepest route's contact", () => {
    const outer = { data: { helpContact: { name: null, email: "outer@luton.example" } } };
    expect(pageHelpContact([root, outer, { data: { helpContact: round } }], "/apply/3/start", null)).toEqual(round);
    expect(pageHelpContact([root, outer, { data: {} }], "/apply/3/start", null)).toEqual({ name: null, email: "outer@luton.example" });
  });

  it("ignores what is not a contact", () => {
    expect(pageHelpContact([root, { data: { helpContact: { email: "" } } }], "/", null)).toBeNull();
    expect(pageHelpContact([root, { data: { helpContact: "someone@luton.example" } }], "/", null)).toBeNull();
  });

  it("is never on staff, admin or panel pages", () => {
    for (const path of ["/staff", "/staff/cycles/1", "/admin", "/admin/go-live", "/panel", "/panel/cycles/2"]) {
      expect(pageHelpContact([root, { data: { helpContact: round } }], path, "place@luton.example"), path).toBeNull();
    }
    // Only those areas: a page whose address merely starts with the same letters keeps it.
    expect(pageHelpContact([root], "/staffing", "place@luton.example")).not.toBeNull();
  });
});
