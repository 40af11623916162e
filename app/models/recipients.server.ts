// Who a letter that matters reaches. A decision letter, and any email that makes or sends an
// offer, goes to every member of the organisation with an account that is not disabled AND to
// the organisation's contact email: a group whose only account holder has left still hears of
// its award. Each address once, however it is written (case is ignored), and each with a
// dedupe key of its own, so that sending twice sends nothing twice. An organisation with neither
// has nobody to write to: sending its letter is refused until staff give it a contact email.
import { eq, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { schema, type DbOrTx } from "~/utils/db.server";
import { membersOf } from "./applications.server";

export type Recipient = {
  /** The address as stored (a member's, or the organisation's contact email). */
  email: string;
  /** Who the letter greets: the member, or the organisation's contact (else the organisation). */
  name: string;
  /** The address in lower case: what makes two addresses one, and each letter's dedupe key. */
  key: string;
  /** A member's own account, or the organisation's contact email. */
  kind: "member" | "contact";
};

/** The people a letter to this organisation goes to: its active members, then its contact email, each address once. */
export function letterRecipients(tx: DbOrTx, organisationId: number): Recipient[] {
  const organisation = tx
    .select({ name: schema.organisations.name, contactName: schema.organisations.contactName, contactEmail: schema.organisations.contactEmail })
    .from(schema.organisations)
    .where(eq(schema.organisations.id, organisationId))
    .get();
  const all: Recipient[] = membersOf(tx, organisationId).map((m) => ({ email: m.email, name: m.name, key: m.email.trim().toLowerCase(), kind: "member" }));
  const contact = organisation?.contactEmail?.trim();
  if (contact) all.push({ email: contact, name: organisation!.contactName?.trim() || organisation!.name, key: contact.toLowerCase(), kind: "contact" });
  const seen = new Set<string>();
  return all.filter((r) => (seen.has(r.key) ? false : (seen.add(r.key), true)));
}

/**
 * An SQL condition on an organisation id (a column such as `applications.organisation_id`): true
 * when its organisation has nobody to write to, no member with an active account and no contact
 * email. Subqueries on indexed keys, so a round's list is one query.
 */
export function nobodyToWriteTo(organisationId: SQLWrapper): SQL {
  return sql`(not exists (select 1 from ${schema.organisationMembers} as "om" inner join ${schema.users} as "u" on "u"."id" = "om"."user_id" where "om"."organisation_id" = ${organisationId} and "u"."disabled_at" is null) and coalesce((select trim("o"."contact_email") from ${schema.organisations} as "o" where "o"."id" = ${organisationId}), '') = '')`;
}
