/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Tests live in test/, but keep stray test files out of the route tree anyway.
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  // better-sqlite3 and nodemailer stay external (ESM default); only app code is bundled.
  future: {
    // Adopted early: none changes how our routes behave. Single fetch is not (it changes
    // how loaders' responses are encoded); that waits for a move to React Router 7.
    v3_fetcherPersist: true,
    v3_lazyRouteDiscovery: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
  },
};
