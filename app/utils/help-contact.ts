// Which "Get help" contact the page frame shows, worked out from the page's routes (shared by the
// browser and the server, and unit-tested). The convention: a route's loader data may carry
// `helpContact` (a round's contact, from `helpContactFor` in contacts.server); the application
// pages carry it in their `page` state. The deepest route that gives one wins; otherwise the
// place's contact email; otherwise nothing. Staff, admin and panel pages show none.
import type { HelpContactView } from "~/components/contact";

const STAFF_AREAS = /^\/(staff|admin|panel)(\/|$)/;

const isContact = (value: unknown): value is HelpContactView =>
  typeof value === "object" && value !== null && typeof (value as HelpContactView).email === "string" && (value as HelpContactView).email !== "";

export function pageHelpContact(matches: readonly { data?: unknown }[], pathname: string, placeEmail: string | null): HelpContactView | null {
  if (STAFF_AREAS.test(pathname)) return null;
  for (const match of [...matches].reverse()) {
    const data = match.data as { helpContact?: unknown; page?: unknown } | null | undefined;
    if (typeof data !== "object" || data === null) continue;
    const page = typeof data.page === "object" && data.page !== null ? (data.page as { helpContact?: unknown }) : null;
    const given = data.helpContact ?? page?.helpContact;
    if (isContact(given)) return { name: typeof given.name === "string" && given.name ? given.name : null, email: given.email };
  }
  return placeEmail ? { name: null, email: placeEmail } : null;
}
