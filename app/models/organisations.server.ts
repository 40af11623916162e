// Organisations: the groups and businesses that apply. Anyone signed in may set one up (and
// becomes its owner); every member can change its details and work on its applications.
import { and, asc, eq, gt, ne } from "drizzle-orm";
import type { OrganisationType } from "~db/schema";
import { db, schema, transaction } from "~/utils/db.server";
import { recordAudit } from "./audit.server";

export type OrganisationDetails = { name: string; type: OrganisationType; charityNumber: string; companyNumber: string };
export type OrganisationAddress = { addressLine1: string; addressLine2: string; town: string; postcode: string; wardId: number | null };
export type OrganisationContact = { contactName: string; contactEmail: string; contactPhone: string; website: string };

export function getOrganisation(id: number) {
  return db.select().from(schema.organisations).where(eq(schema.organisations.id, id)).get() ?? null;
}

/** Details complete enough to apply: an address with a postcode, and a contact. */
export function organisationIsComplete(org: typeof schema.organisations.$inferSelect) {
  return Boolean(org.addressLine1 && org.town && org.postcode && org.contactName && org.contactEmail && org.contactPhone);
}

/** The next page of setting up an organisation that still needs answers, or null. */
export function nextOrganisationPage(org: typeof schema.organisations.$inferSelect): "address" | "contact" | null {
  if (!org.addressLine1 || !org.postcode) return "address";
  if (!org.contactName || !org.contactEmail || !org.contactPhone) return "contact";
  return null;
}

export function createOrganisation(user: { id: number }, details: OrganisationDetails) {
  return transaction((tx) => {
    // The same form sent twice (a double click with JavaScript off): one organisation.
    const recent = tx
      .select()
      .from(schema.organisations)
      .where(
        and(
          eq(schema.organisations.createdById, user.id),
          eq(schema.organisations.name, details.name),
          gt(schema.organisations.createdAt, new Date(Date.now() - 5 * 60_000)),
        ),
      )
      .get();
    if (recent) return recent;
    const org = tx
      .insert(schema.organisations)
      .values({
        name: details.name,
        type: details.type,
        charityNumber: details.charityNumber || null,
        companyNumber: details.companyNumber || null,
        createdById: user.id,
      })
      .returning()
      .get();
    tx.insert(schema.organisationMembers).values({ organisationId: org.id, userId: user.id, role: "owner" }).run();
    recordAudit(tx, { actorUserId: user.id, action: "organisation.created", entityType: "organisation", entityId: org.id, summary: details.name });
    return org;
  });
}

/** Changes an organisation's details; only a member may (checked again here, inside the transaction). */
export function updateOrganisation(
  user: { id: number },
  organisationId: number,
  patch: Partial<OrganisationDetails & OrganisationAddress & OrganisationContact>,
): boolean {
  return transaction((tx) => {
    const member = tx
      .select({ id: schema.organisationMembers.id })
      .from(schema.organisationMembers)
      .where(and(eq(schema.organisationMembers.organisationId, organisationId), eq(schema.organisationMembers.userId, user.id)))
      .get();
    if (!member) return false;
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(patch)) values[key] = value === "" ? null : value;
    if (patch.wardId !== undefined) {
      // Only a ward of this place, or none.
      const ward = patch.wardId === null ? null : tx.select().from(schema.areas).where(and(eq(schema.areas.id, patch.wardId), eq(schema.areas.kind, "ward"))).get();
      if (patch.wardId !== null && !ward) return false;
    }
    tx.update(schema.organisations).set(values).where(eq(schema.organisations.id, organisationId)).run();
    recordAudit(tx, { actorUserId: user.id, action: "organisation.updated", entityType: "organisation", entityId: organisationId, details: { fields: Object.keys(patch) } });
    return true;
  });
}

export function wardOptions() {
  return db
    .select({ id: schema.areas.id, name: schema.areas.name })
    .from(schema.areas)
    .where(eq(schema.areas.kind, "ward"))
    .orderBy(asc(schema.areas.name))
    .all();
}

export type ContactEmailResult = { ok: true; changed: boolean } | { ok: false; status: 403 | 404; message: string };

/**
 * Staff give an applicant organisation a contact email, from one of its applications (a group
 * whose only account holder left, say), so that its decision letter and offer reach someone.
 * Audited on the organisation and on the application, with the address before and after. The
 * same address again (in any case) changes nothing.
 */
export function setContactEmailByStaff(staff: { id: number; isStaff: boolean }, applicationId: number, contactEmail: string, now = new Date()): ContactEmailResult {
  if (!staff.isStaff) return { ok: false, status: 403, message: "Only staff can change an organisation's contact email here." };
  return transaction((tx): ContactEmailResult => {
    const found = tx
      .select({ application: schema.applications, organisation: schema.organisations })
      .from(schema.applications)
      .innerJoin(schema.organisations, eq(schema.organisations.id, schema.applications.organisationId))
      .where(and(eq(schema.applications.id, applicationId), ne(schema.applications.status, "draft")))
      .get();
    // Staff never see drafts: the applicant's own work.
    if (!found) return { ok: false, status: 404, message: "Page not found." };
    const before = found.organisation.contactEmail;
    if (before?.trim().toLowerCase() === contactEmail.toLowerCase()) return { ok: true, changed: false };
    tx.update(schema.organisations).set({ contactEmail, updatedAt: now }).where(eq(schema.organisations.id, found.organisation.id)).run();
    const summary = `Contact email ${before ?? "not set"} → ${contactEmail}`;
    const details = { before, after: contactEmail, organisationId: found.organisation.id, applicationId };
    recordAudit(tx, { actorUserId: staff.id, action: "organisation.contact_email_changed", entityType: "organisation", entityId: found.organisation.id, summary: `${summary} (by staff, from application ${found.application.reference ?? applicationId})`, details });
    recordAudit(tx, { actorUserId: staff.id, action: "organisation.contact_email_changed", entityType: "application", entityId: applicationId, summary: `The organisation's ${summary.charAt(0).toLowerCase()}${summary.slice(1)}`, details });
    return { ok: true, changed: true };
  });
}
