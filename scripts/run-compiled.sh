#!/bin/sh
# Runs one production process from the compiled output (`pnpm build`) on plain Node: the Docker
# image's entrypoint, and what `NODE_ENV=production pnpm start` runs. `exec`, so the process gets
# the supervisor's SIGTERM itself and shuts down gracefully. Arguments after the process name go to
# Node (e.g. `run-compiled.sh api --cpu-prof` to profile it).
set -eu
cd "$(dirname "$0")/.."
case "${1:-}" in
  # Heap bounds (as in the development start scripts, apps/*/package.json): without them V8 on a
  # machine with much memory lets garbage pile up to several times the live heap before collecting.
  api) shift; exec node --enable-source-maps --max-old-space-size=192 --max-semi-space-size=8 "$@" apps/api/dist/server.js ;;
  worker) shift; exec node --enable-source-maps --max-old-space-size=192 --max-semi-space-size=8 "$@" apps/worker/dist/main.js ;;
  # The migration job: creates the database if missing, then applies prisma/migrations.
  migrate) cd prisma && node dist/scripts/ensure-database.js && exec node_modules/.bin/prisma migrate deploy ;;
  *) echo "usage: $0 api|worker|migrate" >&2; exit 64 ;;
esac
