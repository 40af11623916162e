// Who is asking, and may they? Every loader and action starts with one of these helpers, and
// the server refuses whatever the UI would hide. Roles:
// - applicant: a member of an organisation (any signed-in person may start one);
// - panel member: on the panel of a cycle, by invitation;
// - staff: public health or BLCF officers; admin: staff who also manage accounts.
import { redirect } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { db, schema } from "./db.server";
import { keepDraft } from "./form-drafts.server";
import { readSession } from "./session.server";

export type CurrentUser = {
  id: number;
  email: string;
  name: string;
  role: "user" | "staff" | "admin";
  staffTeam: "public_health" | "blcf" | null;
  emailConfirmed: boolean;
  sessionId: number;
  /** Admins can do everything staff can. */
  isStaff: boolean;
  isAdmin: boolean;
  /** Cycles whose panel this person is an active member of. */
  panelCycleIds: number[];
  organisationIds: number[];
};

export type Role = "applicant" | "panel" | "staff" | "admin";

const cache = new WeakMap<Request, Promise<CurrentUser | null>>();

/** The signed-in person, or null. Read once per request. */
export function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  let pending = cache.get(request);
  if (!pending) {
    pending = loadCurrentUser(request);
    cache.set(request, pending);
  }
  return pending;
}

async function loadCurrentUser(request: Request): Promise<CurrentUser | null> {
  const session = await readSession(request);
  if (!session) return null;
  const user = db.select().from(schema.users).where(eq(schema.users.id, session.userId)).get();
  if (!user || user.disabledAt || !user.emailConfirmedAt) return null;
  const panelCycleIds = db
    .select({ cycleId: schema.panelMembers.cycleId })
    .from(schema.panelMembers)
    .where(and(eq(schema.panelMembers.userId, user.id), eq(schema.panelMembers.status, "active")))
    .all()
    .map((r) => r.cycleId);
  const organisationIds = db
    .select({ organisationId: schema.organisationMembers.organisationId })
    .from(schema.organisationMembers)
    .where(eq(schema.organisationMembers.userId, user.id))
    .all()
    .map((r) => r.organisationId);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    staffTeam: user.staffTeam,
    emailConfirmed: Boolean(user.emailConfirmedAt),
    sessionId: session.id,
    isStaff: user.role === "staff" || user.role === "admin",
    isAdmin: user.role === "admin",
    panelCycleIds,
    organisationIds,
  };
}

/**
 * A path on this site to come back to after signing in; anything else becomes null. Browsers
 * drop tabs and newlines from addresses, so "/\t/evil.example" would become "//evil.example":
 * control characters and backslashes are refused before the path is checked.
 */
export function safeRedirectPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 2000) return null;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return null;
  if (!value.startsWith("/") || value.startsWith("//")) return null;
  const base = "http://portal.invalid";
  const url = new URL(value, base);
  if (url.origin !== base) return null;
  // "/.//evil.example" normalises to "//evil.example": another site.
  if (url.pathname.startsWith("//")) return null;
  return url.pathname + url.search + url.hash;
}

/** The signed-in person, or a redirect to sign in that comes back here afterwards. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (user) return user;
  const url = new URL(request.url);
  // After signing in, come back to the page (a GET), not to a form's action.
  const back = request.method === "GET" ? url.pathname + url.search : (request.headers.get("referer") ?? "");
  const path = safeRedirectPath(back.replace(/^https?:\/\/[^/]+/, ""));
  // What they had typed is kept, to come back on that page after signing in.
  const kept = path ? await keepDraft(request, new URL(path, url).pathname) : null;
  const notice = kept ? "&notice=session-ended" : "";
  throw redirect(path && path !== "/" ? `/sign-in?redirectTo=${encodeURIComponent(path)}${notice}` : "/sign-in", {
    headers: kept ? { "Set-Cookie": kept } : undefined,
  });
}

export function hasRole(user: CurrentUser, role: Role): boolean {
  switch (role) {
    case "admin":
      return user.isAdmin;
    case "staff":
      return user.isStaff;
    case "panel":
      return user.panelCycleIds.length > 0;
    case "applicant":
      return true; // anyone signed in may apply; membership gives access to an organisation
  }
}

/** Refuses with 403 unless the signed-in person has the role. */
export async function requireRole(request: Request, role: Role): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!hasRole(user, role)) throw forbidden();
  return user;
}

/** Refuses unless the person is on this cycle's panel (staff are not panel members by role). */
export async function requirePanelMember(request: Request, cycleId: number): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!user.panelCycleIds.includes(cycleId)) throw forbidden();
  return user;
}

/** Refuses unless the person is a member of this organisation. */
export async function requireOrganisationMember(request: Request, organisationId: number): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!user.organisationIds.includes(organisationId)) throw forbidden();
  return user;
}

/** Where a person lands after signing in: the home page of their main role. */
export function homePath(user: CurrentUser): string {
  if (user.isAdmin) return "/admin";
  if (user.isStaff) return "/staff";
  if (user.panelCycleIds.length) return "/panel";
  return "/applicant";
}

export function forbidden() {
  return new Response("You do not have permission to view this page.", { status: 403 });
}

export function notFound() {
  return new Response("Page not found.", { status: 404 });
}

/** A numeric id from the URL, or a 404: `idParam(params.wardId)`. */
export function idParam(value: string | undefined): number {
  const id = Number(value);
  if (!value || !/^\d{1,15}$/.test(value) || !Number.isSafeInteger(id) || id < 1) throw notFound();
  return id;
}
