// The impact views leave demo rounds out unless asked (see impact.server.ts). When the filters
// leave any demo awards out, this says how many and links to the same view with them included.
// Not printed: a Board paper shows real rounds only, and says so in its filters.
import { Link } from "@remix-run/react";

/** "2 awards in demo rounds are left out. Include demo rounds" */
export function DemoLeftOut({ count, href }: { count: number; href: string }) {
  if (!count) return null;
  return (
    <div className="govuk-inset-text app-no-print" id="demo-left-out">
      {count.toLocaleString("en-GB")} {count === 1 ? "award in a demo round is" : "awards in demo rounds are"} left out.{" "}
      <Link className="govuk-link" to={href}>
        Include demo rounds
      </Link>
    </div>
  );
}
