import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit and integration tests (test/unit, test/integration). Browser tests are Playwright's.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^~\//, replacement: `${path.resolve("app")}/` },
      { find: /^~db\//, replacement: `${path.resolve("db")}/` },
      { find: /^~emails\//, replacement: `${path.resolve("emails")}/` },
    ],
  },
  test: {
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
    setupFiles: ["test/support/vitest-setup.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 20_000,
  },
});
