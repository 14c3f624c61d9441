# Shared by scripts/up.sh and .ci/run.
PNPM_VERSION="$(node -p "require('./package.json').packageManager.split('@')[1]")"

ensure_pnpm() {
  # corepack cannot verify pnpm's signatures on machines without internet beyond npm: use npm.
  if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
    npm install -g "pnpm@$PNPM_VERSION" >/dev/null
  fi
}

random_secret() { # bytes encoding
  node -e "console.log(require('crypto').randomBytes($1).toString('$2'))"
}

# .env holds the token encryption key and service passwords: created readable by its owner only
# (umask 077 → mode 0600), and an existing one is tightened to 0600 too.
ensure_env_file() {
  if [ ! -f .env ]; then
    (
      umask 077
      sed -e "s|^TOKEN_ENCRYPTION_KEY=.*|TOKEN_ENCRYPTION_KEY=$(random_secret 32 base64)|" \
        -e "s|^POSTGRES_PASSWORD=.*|POSTGRES_PASSWORD=$(random_secret 24 hex)|" \
        -e "s|^REDIS_PASSWORD=.*|REDIS_PASSWORD=$(random_secret 24 hex)|" \
        .env.example > .env
    )
    echo "created .env (mode 0600) with a fresh TOKEN_ENCRYPTION_KEY and service passwords"
  fi
  chmod 600 .env
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

ensure_redis_server() {
  # The fault-injection tests start private redis-server processes, so the binary must exist even
  # where a Redis already answers on 6379.
  if ! command -v redis-server >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  fi
}

ensure_services() {
  ensure_redis_server
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
