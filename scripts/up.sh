#!/usr/bin/env bash
# Quick start: installs, migrates, seeds and runs the sandbox, the API and the worker together.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_pnpm
ensure_env_file
ensure_services
pnpm install --frozen-lockfile
pnpm db:migrate
pnpm seed
exec pnpm start
