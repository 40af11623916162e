// Each test file runs in its own process with its own SQLite file, migrated on first import of
// the database module. Settings are read from the environment set here.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-"));
process.env.NODE_ENV = "test";
process.env.DATABASE_PATH = path.join(dir, "portal.sqlite");
process.env.SESSION_SECRET = "test-secret-that-is-long-enough-to-be-accepted";
process.env.APP_URL = "http://portal.test";
delete process.env.SMTP_URL;
