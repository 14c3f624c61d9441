import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '../../..');

type ComposeService = { ports?: string[]; command?: string[]; environment?: Record<string, string> };

/** docker-compose.yml's services, parsed as YAML (whatever quoting or layout the formatter chose). */
function composeServices(): Record<string, ComposeService> {
  return parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')).services;
}

describe('docker-compose.yml', () => {
  it('publishes PostgreSQL, Redis and the sandbox on 127.0.0.1 only', () => {
    const services = composeServices();
    for (const name of ['postgres', 'redis', 'sandbox']) {
      const ports = services[name]!.ports ?? [];
      expect(ports.length, `${name} publishes ports`).toBeGreaterThan(0);
      for (const port of ports) expect(port, `${name} publishes ${port}`).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('gives PostgreSQL and Redis passwords and no trust authentication', () => {
    const services = composeServices();
    expect(JSON.stringify(services.postgres)).not.toContain('trust');
    expect(services.postgres!.environment!.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    const command = services.redis!.command!;
    expect(command[command.indexOf('--requirepass') + 1]).toMatch(/^\$\{REDIS_PASSWORD:\?/);
    for (const app of ['api', 'worker']) expect(services[app]!.environment!.REDIS_URL).toBe('redis://:${REDIS_PASSWORD}@redis:6379');
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
