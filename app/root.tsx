import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useMatches,
  useNavigation,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { HelpContact, TeamContact } from "~/components/contact";
import { BackLink, NotificationBanner } from "~/components/govuk/content";
import { Footer, Header, PhaseBanner, SkipLink } from "~/components/govuk/layout";
import { demoDataPresent } from "~/models/demo-data.server";
import { getPlace, getPlaceContact } from "~/models/place.server";
import portalStyles from "~/styles/portal.css";
import { getCurrentUser } from "~/utils/auth.server";
import { SERVICE_NAME, type RouteHandle } from "~/utils/meta";
import { pageHelpContact } from "~/utils/help-contact";
import { useNonce } from "~/utils/nonce";
import { takeDraft } from "~/utils/form-drafts.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: portalStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const place = getPlace();
  return json({
    user: user
      ? { name: user.name, isStaff: user.isStaff, isAdmin: user.isAdmin, isPanelMember: user.panelCycleIds.length > 0 }
      : null,
    place: { name: place.name, title: place.title, councilName: place.councilName },
    contact: getPlaceContact(),
    // The database's demo data, not the DEMO_DATA setting: once retired, the banner says so no more.
    demo: demoDataPresent(),
    // Set by an action whose form did not validate (it runs before this loader on a post).
    formHasErrors: Boolean(context.formHasErrors),
    // What someone typed when their session ended, for this page (see form-drafts.server).
    restoredForm: user ? await takeDraft(request, user.id) : null,
  });
}

export const meta: MetaFunction = ({ error }) => {
  if (!error) return [{ title: SERVICE_NAME }];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return [{ title: `${errorContent(status).title} – ${SERVICE_NAME}` }];
};

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  return (
    <html lang="en" className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#1d70b8" />
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body">
        <SkipLink />
        <Header placeTitle={data?.place.title ?? SERVICE_NAME} user={data?.user ?? null}>
          <PhaseBanner demo={data?.demo ?? false} />
        </Header>
        <div className="govuk-width-container">
          <RouteBackLink />
          <main className="govuk-main-wrapper" id="main-content">
            {data?.restoredForm ? (
              <NotificationBanner title="Not saved yet">
                <p className="govuk-notification-banner__heading">You were signed out before your answers were saved.</p>
                <p className="govuk-body">We have put back what you typed. Check it, then save.</p>
              </NotificationBanner>
            ) : null}
            {children}
            <PageHelpContact placeEmail={data?.contact.contactEmail ?? null} />
          </main>
        </div>
        <Footer councilName={data?.place.councilName ?? ""} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** A page's back link, from its route's `handle`, goes before <main> as GOV.UK places it. */
function RouteBackLink() {
  const matches = useMatches();
  const match = [...matches].reverse().find((m) => (m.handle as RouteHandle | undefined)?.backLink);
  const spec = (match?.handle as RouteHandle | undefined)?.backLink;
  // A back link may depend on the page (its params and loader data), e.g. the application's task list.
  const backLink = typeof spec === "function" ? spec({ params: match!.params, data: match!.data }) : spec;
  if (!backLink) return null;
  // In a landmark of its own, so that all content is in a landmark (the skip link passes it).
  return (
    <nav aria-label="Back">
      <BackLink to={backLink.to}>{backLink.text ?? "Back"}</BackLink>
    </nav>
  );
}

/** "Get help" on every page an applicant or the public sees: see `pageHelpContact` for whose. */
function PageHelpContact({ placeEmail }: { placeEmail: string | null }) {
  const contact = pageHelpContact(useMatches(), useLocation().pathname, placeEmail);
  return contact ? <HelpContact contact={contact} /> : null;
}

export default function App() {
  // Marks the page while a form is on its way, for the double-submit guard in entry.client.
  const navigation = useNavigation();
  useEffect(() => {
    document.documentElement.toggleAttribute("data-submitting", navigation.state === "submitting");
  }, [navigation.state]);
  return <Outlet />;
}

type Contact = { council: string; contactEmail: string | null };

function errorContent(status: number, contact?: Contact): { title: string; body: ReactNode } {
  switch (status) {
    case 404:
      return {
        title: "Page not found",
        body: (
          <>
            <p className="govuk-body">If you typed the web address, check it is correct.</p>
            <p className="govuk-body">If you pasted the web address, check you copied the entire address.</p>
            <p className="govuk-body">
              You can go to the <Link className="govuk-link" to="/">start page</Link>.
            </p>
          </>
        ),
      };
    case 403:
      return {
        title: "You do not have permission to view this page",
        body: (
          <>
            <p className="govuk-body">This page is for people with a different role in the portal.</p>
            <p className="govuk-body">
              If you think you should be able to see it, contact{" "}
              {contact ? <TeamContact {...contact} /> : "the public health team"} to check your account.
            </p>
            <p className="govuk-body">
              You can go to <Link className="govuk-link" to="/home">your home page</Link>.
            </p>
          </>
        ),
      };
    case 400:
    case 405:
    case 409:
      return {
        title: "Sorry, we could not do that",
        body: (
          <p className="govuk-body">
            The page sent something the portal did not expect. Go back and try again, or go to the{" "}
            <Link className="govuk-link" to="/">start page</Link>.
          </p>
        ),
      };
    default:
      return {
        title: "Sorry, there is a problem with the service",
        body: (
          <>
            <p className="govuk-body">Try again later.</p>
            <p className="govuk-body">Anything you saved before the problem has been kept.</p>
          </>
        ),
      };
  }
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);
  const { title, body } = errorContent(status, data?.contact);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{title}</h1>
        {body}
      </div>
    </div>
  );
}
