// What the award pages (the grantee's and staff's) need of an award, as plain data for the
// browser, and the loaders' shared refusals.
import { awardForGrantee, loadAward, paidPence, scheduledPence, type AwardFile, type GrantTerms } from "~/models/awards.server";
import { db, schema } from "~/utils/db.server";
import { and, desc, eq } from "drizzle-orm";
import { idParam, notFound, requireRole, requireUser } from "./auth.server";

const termsView = (t: GrantTerms | null) => (t ? { id: t.id, title: t.title, version: t.version, body: t.body } : null);

export function awardView(file: AwardFile) {
  const a = file.award;
  const respondedBy = a.respondedById ? (db.select({ name: schema.users.name }).from(schema.users).where(eq(schema.users.id, a.respondedById)).get()?.name ?? null) : null;
  // When it was completed: the award has no column for it, its audit trail has.
  const completedAt =
    a.status === "completed"
      ? (db
          .select({ at: schema.auditEvents.at })
          .from(schema.auditEvents)
          .where(and(eq(schema.auditEvents.entityType, "award"), eq(schema.auditEvents.entityId, a.id), eq(schema.auditEvents.action, "award.completed")))
          .orderBy(desc(schema.auditEvents.id))
          .limit(1)
          .get()
          ?.at.toISOString() ?? null)
      : null;
  return {
    id: a.id,
    status: a.status,
    completedAt,
    version: a.version,
    amountPence: a.amountPence,
    awardDate: a.awardDate,
    startDate: a.startDate,
    endDate: a.endDate,
    offeredAt: a.offeredAt.toISOString(),
    respondedAt: a.respondedAt?.toISOString() ?? null,
    respondedBy,
    declineReason: a.declineReason,
    withdrawnAt: a.withdrawnAt?.toISOString() ?? null,
    withdrawnReason: a.withdrawnReason,
    applicationId: file.application.id,
    reference: file.application.reference ?? "",
    title: file.application.title ?? "",
    organisationName: file.organisation.name,
    cycle: { id: file.cycle.id, name: file.cycle.name },
    programme: { id: file.programme.id, name: file.programme.name },
    conditions: file.conditions.map((c) => ({ id: c.id, text: c.text, metAt: c.metAt?.toISOString() ?? null })),
    payments: file.payments.map((p) => ({
      id: p.id,
      instalment: p.instalment,
      dueDate: p.dueDate,
      amountPence: p.amountPence,
      condition: p.condition,
      status: p.status,
      paidOn: p.paidOn,
      paidAmountPence: p.paidAmountPence,
    })),
    returns: file.returns.map((r) => ({ id: r.id, title: r.title, kind: r.kind, dueDate: r.dueDate, status: r.status })),
    /** The terms of the offer: the current version while it is open, else those accepted or offered. */
    terms: termsView(file.terms),
    acceptedTerms: termsView(file.acceptedTerms),
    paidPence: paidPence(file.payments),
    scheduledPence: scheduledPence(file.payments),
  };
}

export type AwardView = ReturnType<typeof awardView>;

/** A grantee page: a member of the organisation only (staff have their own pages: 403 here). */
export async function requireGranteeAward(request: Request, params: { awardId?: string }) {
  const user = await requireUser(request);
  const file = awardForGrantee(user, idParam(params.awardId));
  if ("status" in file) throw new Response(file.message, { status: file.status });
  return { user, file };
}

/** A staff page about one award. */
export async function requireStaffAward(request: Request, params: { awardId?: string }) {
  const user = await requireRole(request, "staff");
  const file = loadAward(idParam(params.awardId));
  if (!file) throw notFound();
  return { user, file };
}
