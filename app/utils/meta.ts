// Page titles: "Page – Health Equity Funding Portal", with "Error: " in front when the page
// came back from a form that did not validate (GOV.UK pattern).
import type { MetaArgs } from "@remix-run/node";

export const SERVICE_NAME = "Health Equity Funding Portal";

export function pageTitle(text: string, matches?: MetaArgs["matches"]) {
  const root = matches?.find((m) => m.id === "root")?.data as { formHasErrors?: boolean } | undefined;
  return [{ title: `${root?.formHasErrors ? "Error: " : ""}${text} – ${SERVICE_NAME}` }];
}

/** What a route may tell the page frame: its back link, shown before <main> (GOV.UK pattern). */
export type BackLinkSpec = { to: string; text?: string };
export type RouteHandle = {
  backLink?: BackLinkSpec | ((page: { params: Record<string, string | undefined>; data: unknown }) => BackLinkSpec | null);
};
