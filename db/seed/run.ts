// `npm run db:seed`: migrate the database and load the place file (and the demo, if DEMO_DATA
// is on). Safe to run again: it adds only what is missing.
import { seedDatabase } from "./index";

const result = await seedDatabase();
console.log("Added:", JSON.stringify(result));
