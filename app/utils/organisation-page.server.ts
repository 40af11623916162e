// The organisation pages' shared server half: members only, and where to go next.
import { getOrganisation } from "~/models/organisations.server";
import { idParam, requireOrganisationMember } from "./auth.server";

export async function requireMemberOrganisation(request: Request, params: { organisationId?: string }) {
  const id = idParam(params.organisationId);
  const user = await requireOrganisationMember(request, id);
  const organisation = getOrganisation(id);
  if (!organisation) throw new Response("Page not found.", { status: 404 });
  return { user, organisation };
}

/** The round being applied to, if any, carried through the organisation's pages. */
export function cycleQuery(request: Request) {
  const cycle = new URL(request.url).searchParams.get("cycle");
  return cycle && /^\d{1,9}$/.test(cycle) ? `?cycle=${cycle}` : "";
}

/** After the last page: back to starting the application, or to the organisation. */
export function afterOrganisationPages(request: Request, organisationId: number) {
  const cycle = new URL(request.url).searchParams.get("cycle");
  return cycle && /^\d{1,9}$/.test(cycle) ? `/apply/${cycle}/start` : `/organisations/${organisationId}?notice=organisation-updated`;
}
