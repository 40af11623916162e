// Signing out changes state, so it is a POST (a link could be followed by a prefetch).
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroySession } from "~/utils/session.server";
import { withNotice } from "~/utils/notices";

export const loader = () => redirect("/");

export async function action({ request }: ActionFunctionArgs) {
  return redirect(withNotice("/", "signed-out"), { headers: { "Set-Cookie": await destroySession(request) } });
}
