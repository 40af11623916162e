// Who an applicant can ask for help: the round's own contact where it names one, otherwise the
// place's contact email (set by an admin). Pages about one round put `helpContact` in their
// loader data; the page frame shows the deepest one, or the place's.
import type { schema } from "~/utils/db.server";
import { getPlace } from "./place.server";

export type HelpContact = { name: string | null; email: string };

type RoundContact = Pick<typeof schema.cycles.$inferSelect, "contactName" | "contactEmail">;

/** The round's contact, else the place's; null when neither is set. */
export function helpContactFor(cycle?: RoundContact | null): HelpContact | null {
  if (cycle?.contactEmail) return { name: cycle.contactName ?? null, email: cycle.contactEmail };
  const email = getPlace().contactEmail;
  return email ? { name: null, email } : null;
}
