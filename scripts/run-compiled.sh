#!/bin/sh
# Runs one production process from the compiled output (`pnpm build`) on plain Node: the Docker
# image's entrypoint, and what `NODE_ENV=production pnpm start` runs. `exec`, so the process gets
# the supervisor's SIGTERM itself and shuts down gracefully.
set -eu
cd "$(dirname "$0")/.."
case "${1:-}" in
  api) exec node --enable-source-maps apps/api/dist/server.js ;;
  # The worker's heap flags match its development start script (apps/worker/package.json).
  worker) exec node --enable-source-maps --max-old-space-size=192 --max-semi-space-size=8 apps/worker/dist/main.js ;;
  # The migration job: creates the database if missing, then applies prisma/migrations.
  migrate) cd prisma && node dist/scripts/ensure-database.js && exec node_modules/.bin/prisma migrate deploy ;;
  *) echo "usage: $0 api|worker|migrate" >&2; exit 64 ;;
esac
