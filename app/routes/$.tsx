// Any address the portal does not know: a GOV.UK "Page not found" with status 404.
export function loader() {
  throw new Response("Page not found.", { status: 404 });
}

export default function NotFound() {
  return null;
}
