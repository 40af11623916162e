#!/usr/bin/env bash
# `npm test`: every test. Types, unit and integration tests (vitest, with a real SQLite file
# and a real SMTP server), then browser tests (Playwright in Debian's Chromium, JavaScript on
# and off, an axe scan of every page) against a fresh build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
echo "== Types"
npx tsc
echo "== Unit and integration tests"
npx vitest run
echo "== Build"
npm run build --silent
echo "== Browser tests"
npx playwright test
