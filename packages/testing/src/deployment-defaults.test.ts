import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The top-level service blocks of docker-compose.yml, by name (no YAML library needed for this shape). */
function composeServices(): Record<string, string> {
  const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
  const services = text.slice(text.indexOf('\nservices:\n'), text.indexOf('\nvolumes:'));
  const blocks: Record<string, string> = {};
  for (const block of services.split(/\n(?= {2}[a-z][\w-]*:\n)/).slice(1)) blocks[block.trim().split(':')[0]!] = block;
  return blocks;
}

describe('docker-compose.yml', () => {
  it('publishes PostgreSQL, Redis and the sandbox on 127.0.0.1 only', () => {
    const services = composeServices();
    for (const name of ['postgres', 'redis', 'sandbox']) {
      const ports = /ports: \[(.*)\]/.exec(services[name]!)?.[1] ?? '';
      for (const port of ports.split(',').filter(Boolean)) expect(port.trim(), `${name} publishes ${port}`).toMatch(/^["']127\.0\.0\.1:/);
    }
  });

  it('gives PostgreSQL and Redis passwords and no trust authentication', () => {
    const services = composeServices();
    expect(services.postgres).not.toContain('trust');
    expect(services.postgres).toContain('POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?');
    // Prettier may quote the command list either way and break it over lines.
    expect(services.redis).toMatch(/--requirepass["'],\s*["']\$\{REDIS_PASSWORD:\?/);
    for (const app of ['api', 'worker']) expect(services[app]).toContain('REDIS_URL: redis://:${REDIS_PASSWORD}@redis:6379');
  });
});

describe('scripts/lib.sh ensure_env_file', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const run = () =>
    execFileSync('bash', ['-c', `source ${join(ROOT, 'scripts/lib.sh')} && ensure_env_file`], { cwd: dir, encoding: 'utf8' });
  const setUp = () => {
    dir = mkdtempSync(join(tmpdir(), 'billops-env-'));
    copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    copyFileSync(join(ROOT, '.env.example'), join(dir, '.env.example'));
  };

  it('creates .env with mode 0600, a fresh key and service passwords', () => {
    setUp();
    run();
    const env = join(dir, '.env');
    expect(statSync(env).mode & 0o777).toBe(0o600);
    const text = readFileSync(env, 'utf8');
    expect(Buffer.from(/^TOKEN_ENCRYPTION_KEY=(.*)$/m.exec(text)![1]!, 'base64')).toHaveLength(32);
    expect(/^POSTGRES_PASSWORD=(\w+)$/m.exec(text)?.[1]).toHaveLength(48);
    expect(/^REDIS_PASSWORD=(\w+)$/m.exec(text)?.[1]).toHaveLength(48);
  });

  it('tightens an existing .env to 0600 without changing it', () => {
    setUp();
    const env = join(dir, '.env');
    writeFileSync(env, 'TOKEN_ENCRYPTION_KEY=mine\n');
    chmodSync(env, 0o644);
    run();
    expect(statSync(env).mode & 0o777).toBe(0o600);
    expect(readFileSync(env, 'utf8')).toBe('TOKEN_ENCRYPTION_KEY=mine\n');
  });
});
