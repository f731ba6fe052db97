#!/usr/bin/env bash
# Build the browser UI into web/dist unless it is newer than every source (docs/ui.md).
# `npm ci` runs when node_modules is missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/../web"

command -v npm >/dev/null || { echo "build-web.sh: npm not found (Node 20+ is needed for the UI)" >&2; exit 1; }
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "build-web.sh: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
newest=$(find src index.html package.json package-lock.json vite.config.ts tsconfig.json -type f -newer dist/index.html 2>/dev/null | head -1 || true)
if [[ ! -f dist/index.html || -n "$newest" ]]; then
  echo "build-web.sh: building web/dist"
  npm run build --silent >/dev/null
fi
