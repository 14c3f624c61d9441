#!/usr/bin/env bash
# Development (default): the provider sandbox, the API and the worker from their TypeScript sources.
# NODE_ENV=production: the API and the worker from the compiled output (`pnpm build` first).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${NODE_ENV:-}" = production ]; then
  if [ ! -f apps/api/dist/server.js ] || [ ! -f apps/worker/dist/main.js ]; then
    echo "no compiled output: run \`pnpm build\` first" >&2
    exit 1
  fi
  scripts/run-compiled.sh api & api=$!
  scripts/run-compiled.sh worker & worker=$!
  # Pass SIGTERM/SIGINT on (each process shuts down gracefully); when either exits, stop the other.
  trap 'kill -TERM "$api" "$worker" 2>/dev/null || true' TERM INT
  wait -n || true
  kill -TERM "$api" "$worker" 2>/dev/null || true
  status=0
  wait "$api" || status=$?
  wait "$worker" || status=$?
  exit "$status"
fi

export TURBO_TELEMETRY_DISABLED=1
exec pnpm turbo run start --filter=@billops/api --filter=@billops/worker --filter=@billops/sandbox --concurrency=4
