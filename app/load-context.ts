// What the HTTP server hands every loader and action, beside the request.
import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Nonce for this response's inline scripts (Content-Security-Policy). */
    cspNonce: string;
    /** Set by an action whose form did not validate, for the page title. */
    formHasErrors?: boolean;
  }
}

export {};
