# Shared by scripts/up.sh and .ci/run.
PNPM_VERSION="$(node -p "require('./package.json').packageManager.split('@')[1]")"

ensure_pnpm() {
  # corepack cannot verify pnpm's signatures on machines without internet beyond npm: use npm.
  if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
    npm install -g "pnpm@$PNPM_VERSION" >/dev/null
  fi
}

ensure_env_file() {
  if [ ! -f .env ]; then
    key="$(node -e "console.log(require('crypto').randomBytes(32).toString('base64'))")"
    sed "s|^TOKEN_ENCRYPTION_KEY=.*|TOKEN_ENCRYPTION_KEY=$key|" .env.example > .env
    echo "created .env with a fresh TOKEN_ENCRYPTION_KEY"
  fi
}

wait_for() { # name command...
  local name="$1"; shift
  for _ in $(seq 1 30); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "$name did not come up" >&2
  return 1
}

port_open() { # port
  node -e "require('net').connect($1,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"
}

ensure_services() {
  if ! port_open 5432; then
    if command -v pg_ctlcluster >/dev/null 2>&1; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
    fi
    wait_for PostgreSQL port_open 5432
  fi
  if ! port_open 6379; then
    if command -v redis-server >/dev/null 2>&1; then
      mkdir -p /var/lib/redis /var/log/redis
      redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
    fi
    wait_for Redis port_open 6379
  fi
}

ensure_chromium() {
  # The /app page is tested in a real browser: Debian's chromium, driven by playwright-core.
  if ! command -v chromium >/dev/null 2>&1; then
    apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium >/dev/null
  fi
}
