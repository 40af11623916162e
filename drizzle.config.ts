import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes a new SQL migration into db/migrations from db/schema.ts.
// Migrations are committed and applied automatically when the portal opens its database.
export default defineConfig({
  dialect: "sqlite",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
