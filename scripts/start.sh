#!/usr/bin/env bash
# Runs the provider sandbox (when no real credentials are configured), the API and the worker.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
exec pnpm turbo run start --filter=@billops/api --filter=@billops/worker --filter=@billops/sandbox --concurrency=4
