// The page frame: skip link, header with the place's name (no crown: this service is not on
// GOV.UK), service navigation for the signed-in person's roles, phase banner and footer.
import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { SERVICE_NAME } from "~/utils/meta";

export type NavUser = {
  name: string;
  isStaff: boolean;
  isAdmin: boolean;
  isPanelMember: boolean;
};


export function SkipLink() {
  return (
    <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
      Skip to main content
    </a>
  );
}

/** The header landmark; `children` (the phase banner) go inside it, after the navigation. */
export function Header({ placeTitle, user, children }: { placeTitle: string; user: NavUser | null; children?: ReactNode }) {
  const { pathname } = useLocation();
  const items: { href: string; text: string }[] = [];
  if (user) {
    if (!user.isStaff) items.push({ href: "/applicant", text: "Your applications" });
    if (user.isPanelMember) items.push({ href: "/panel", text: "Panel" });
    if (user.isStaff) items.push({ href: "/staff", text: "Staff" });
    if (user.isAdmin) items.push({ href: "/admin", text: "Admin" });
    items.push({ href: "/account", text: "Your account" });
  }
  const isCurrent = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
  return (
    <header className="govuk-template__header">
      <div className="govuk-generic-header app-header">
        <div className="govuk-generic-header__container govuk-width-container">
          <div className="govuk-generic-header__logo">
            <Link to="/" className="govuk-generic-header__homepage-link app-header__place">
              {placeTitle}
            </Link>
          </div>
        </div>
      </div>
      <section aria-label="Service information" className="govuk-service-navigation" data-module="govuk-service-navigation">
        <div className="govuk-width-container">
          <div className="govuk-service-navigation__container">
            <span className="govuk-service-navigation__service-name">
              <Link to="/" className="govuk-service-navigation__link">
                {SERVICE_NAME}
              </Link>
            </span>
            <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
              <ul className="govuk-service-navigation__list" id="navigation">
                {items.map((item) => {
                  const current = isCurrent(item.href);
                  return (
                    <li
                      key={item.href}
                      className={`govuk-service-navigation__item${current ? " govuk-service-navigation__item--active" : ""}`}
                    >
                      <Link
                        className="govuk-service-navigation__link"
                        to={item.href}
                        aria-current={current ? (pathname === item.href ? "page" : "true") : undefined}
                      >
                        {current ? <strong className="govuk-service-navigation__active-fallback">{item.text}</strong> : item.text}
                      </Link>
                    </li>
                  );
                })}
                <li className="govuk-service-navigation__item">
                  {user ? (
                    <Form method="post" action="/sign-out" className="app-inline-form">
                      <button type="submit" className="govuk-service-navigation__link app-link-button">
                        Sign out
                      </button>
                    </Form>
                  ) : (
                    <Link className="govuk-service-navigation__link" to="/sign-in">
                      Sign in
                    </Link>
                  )}
                </li>
              </ul>
            </nav>
          </div>
        </div>
      </section>
      {children}
    </header>
  );
}

export function PhaseBanner({ demo }: { demo: boolean }) {
  return (
    <div className="govuk-phase-banner govuk-width-container">
      <p className="govuk-phase-banner__content">
        <strong className="govuk-tag govuk-phase-banner__content__tag">{demo ? "Demo" : "Beta"}</strong>
        <span className="govuk-phase-banner__text">
          {demo
            ? "This copy of the portal holds demo data: the demo people, organisations and cycles are not real."
            : "This is a new service. Your feedback will help us improve it."}
        </span>
      </p>
    </div>
  );
}

export function Footer({ councilName }: { councilName: string }) {
  return (
    <footer className="govuk-template__footer">
      <div className="govuk-footer">
        <div className="govuk-width-container">
          <div className="govuk-footer__meta">
            <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <h2 className="govuk-visually-hidden">Support links</h2>
              <ul className="govuk-footer__inline-list">
                <li className="govuk-footer__inline-list-item">
                  <Link className="govuk-footer__link" to="/funded-projects">
                    Funded projects
                  </Link>
                </li>
                <li className="govuk-footer__inline-list-item">
                  <Link className="govuk-footer__link" to="/accessibility">
                    Accessibility statement
                  </Link>
                </li>
                <li className="govuk-footer__inline-list-item">
                  <Link className="govuk-footer__link" to="/privacy">
                    Privacy notice
                  </Link>
                </li>
              </ul>
              <div className="govuk-footer__meta-custom">
                {councilName ? `${SERVICE_NAME}, run by ${councilName}.` : SERVICE_NAME}
              </div>
            </div>
          </div>
        </div>
      </div>
    </footer>
  );
}
