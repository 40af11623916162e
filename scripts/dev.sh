#!/usr/bin/env bash
# `npm run dev`: rebuild styles and the app when files change, and restart the server when the
# build does. No live reload: refresh the browser after a change.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
trap 'kill 0' EXIT
npx sass --no-source-map --load-path=node_modules --watch app/styles/portal.scss app/styles/portal.css &
npx remix watch &
NODE_ENV=development npx tsx watch --clear-screen=false --include build/index.js server/index.ts
