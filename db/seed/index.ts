// What a new database is given on start: the place file always (only what is missing), and the
// demo people and cycles when DEMO_DATA is on.
import { getSettings } from "~/utils/settings.server";
import { loadDemo } from "./demo";
import { loadPlace } from "./place";

export async function seedDatabase(options: { demo?: boolean; placeFile?: string } = {}) {
  const settings = getSettings();
  const place = loadPlace(options.placeFile ?? settings.placeFile);
  const demo = (options.demo ?? settings.demoData) ? await loadDemo() : { added: false };
  return { place: place.added, demo: demo.added };
}
