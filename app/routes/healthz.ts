// For a load balancer or a person: is the portal up and can it reach its database?
import { json } from "@remix-run/node";
import { databaseIsReachable } from "~/utils/db.server";

export function loader() {
  const reachable = databaseIsReachable();
  return json(
    { status: reachable ? "ok" : "unavailable", database: reachable ? "reachable" : "unreachable" },
    { status: reachable ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
