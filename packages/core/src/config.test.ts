import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseEnvSchema, ConfigError, env, loadConfig } from './config.ts';

const valid = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/billops',
  TOKEN_ENCRYPTION_KEY: 'a2V5',
};

describe('loadConfig', () => {
  it('parses a valid environment and applies defaults', () => {
    const config = loadConfig(baseEnvSchema, valid);
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'billops',
      TOKEN_ENCRYPTION_KEY_VERSION: 1,
    });
  });

  it('names every offending variable at once', () => {
    const schema = baseEnvSchema.extend({ PORT: env.port(8000), FEATURE: env.bool(false) });
    let error: unknown;
    try {
      loadConfig(schema, {
        REDIS_URL: 'http://nope',
        LOG_LEVEL: 'loud',
        PORT: '70000',
        FEATURE: 'maybe',
        TOKEN_ENCRYPTION_KEY_VERSION: 'x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(problems.sort()).toEqual(
      ['DATABASE_URL', 'FEATURE', 'LOG_LEVEL', 'PORT', 'REDIS_URL', 'TOKEN_ENCRYPTION_KEY', 'TOKEN_ENCRYPTION_KEY_VERSION'].sort(),
    );
    expect((error as ConfigError).message).toContain('DATABASE_URL');
    expect((error as ConfigError).message).toContain('TOKEN_ENCRYPTION_KEY');
  });

  it('coerces numbers and booleans and treats an empty optional string as unset', () => {
    const schema = z.object({ PORT: env.port(8000), ON: env.bool(false), OFF: env.bool(true), TOKEN: env.optionalString() });
    expect(loadConfig(schema, { PORT: '0', ON: '1', OFF: 'false', TOKEN: '' })).toEqual({
      PORT: 0,
      ON: true,
      OFF: false,
      TOKEN: undefined,
    });
    expect(loadConfig(schema, {})).toEqual({ PORT: 8000, ON: false, OFF: true, TOKEN: undefined });
  });

  it('accepts only URLs their clients can read, and bounds in seconds', () => {
    for (const bad of [
      'postgresql://postgres@127.0.0.1:54x32/billops',
      'postgres//host/db',
      'mysql://host/db',
      'postgresql://',
      'not a url',
    ]) {
      expect(() => loadConfig(baseEnvSchema, { ...valid, DATABASE_URL: bad }), bad).toThrow(/DATABASE_URL: must be a valid URL/);
    }
    for (const bad of ['redis://127.0.0.1:63 79', 'http://127.0.0.1:6379', 'redis//host', 'redis://']) {
      expect(() => loadConfig(baseEnvSchema, { ...valid, REDIS_URL: bad }), bad).toThrow(/REDIS_URL: must be a valid URL/);
    }
    const good = loadConfig(baseEnvSchema, {
      ...valid,
      DATABASE_URL: 'postgres://u:p%40ss@db.internal/billops?sslmode=require',
      REDIS_URL: 'rediss://:secret@cache:6380/2',
    });
    expect(good).toMatchObject({
      DATABASE_CONNECT_TIMEOUT_SECONDS: 3,
      DATABASE_STATEMENT_TIMEOUT_SECONDS: 10,
      DATABASE_QUERY_TIMEOUT_SECONDS: 12,
      REDIS_COMMAND_TIMEOUT_SECONDS: 3,
    });
    expect(() => loadConfig(baseEnvSchema, { ...valid, DATABASE_QUERY_TIMEOUT_SECONDS: '0' })).toThrow(/DATABASE_QUERY_TIMEOUT_SECONDS/);
  });
});
