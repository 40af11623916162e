import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

// While a form is being sent (root marks <html data-submitting>), another submit is a double
// click: ignore it, so one click makes one of anything. The server guards against repeats too.
document.addEventListener(
  "submit",
  (event) => {
    if (document.documentElement.hasAttribute("data-submitting")) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  },
  true,
);

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
