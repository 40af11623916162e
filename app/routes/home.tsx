// "/home": sends a signed-in person to the home page of their main role.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { homePath, requireUser } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { search } = new URL(request.url);
  throw redirect(homePath(user) + search);
}
