import { describe, expect, it } from 'vitest';
import { ConfigError } from '@billops/core';
import { resolveProviderSettings, SANDBOX_CREDENTIALS } from '@billops/providers';
import { testEnv } from '@billops/testing';
import { loadWorkerConfig } from '../../worker/src/config.ts';
import { loadApiConfig } from './config.ts';

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
const variables = (problems: string[]) => problems.map((p) => p.split(':')[0]).sort();

describe('provider credentials in the configuration', () => {
  it('refuses a Slack client id without its secrets, naming each missing variable (API and worker)', () => {
    const env = testEnv({ SLACK_CLIENT_ID: '123.456' });
    for (const load of [() => loadApiConfig(env), () => loadWorkerConfig(env)]) {
      expect(variables(problemsOf(load))).toEqual(['SLACK_CLIENT_SECRET', 'SLACK_SIGNING_SECRET']);
    }
    expect(problemsOf(() => loadApiConfig(env))[0]).toContain('SLACK_CLIENT_ID is set');
  });

  it('refuses a secret without its client id, for every provider', () => {
    const env = testEnv({ SLACK_SIGNING_SECRET: 'real-signing-secret', GOOGLE_CLIENT_SECRET: 'g-secret', MICROSOFT_CLIENT_ID: 'm-id' });
    expect(variables(problemsOf(() => loadApiConfig(env)))).toEqual([
      'GOOGLE_CLIENT_ID',
      'MICROSOFT_CLIENT_SECRET',
      'SLACK_CLIENT_ID',
      'SLACK_CLIENT_SECRET',
    ]);
  });

  it('uses the real secrets when a provider is fully configured, the sandbox ones only when none is set', () => {
    const real = loadApiConfig(
      testEnv({ SLACK_CLIENT_ID: '123.456', SLACK_CLIENT_SECRET: 'client-secret', SLACK_SIGNING_SECRET: 'real-signing-secret' }),
    );
    const settings = resolveProviderSettings(real);
    expect(settings.slack).toMatchObject({ sandbox: false, signingSecret: 'real-signing-secret', clientSecret: 'client-secret' });
    expect(settings.google).toMatchObject({ sandbox: true, clientSecret: SANDBOX_CREDENTIALS.google.clientSecret });
    // A caller that skipped the config check still never gets the sandbox secret for a real app.
    expect(() => resolveProviderSettings({ ...real, SLACK_SIGNING_SECRET: undefined })).toThrow(/SLACK_SIGNING_SECRET/);
  });

  it('refuses sandbox providers with NODE_ENV=production unless ALLOW_SANDBOX_IN_PRODUCTION=true', () => {
    const problems = problemsOf(() => loadApiConfig(testEnv({ NODE_ENV: 'production', GOOGLE_CLIENT_ID: 'g', GOOGLE_CLIENT_SECRET: 's' })));
    expect(variables(problems)).toEqual(['ALLOW_SANDBOX_IN_PRODUCTION']);
    expect(problems[0]).toContain('microsoft, slack');
    expect(problemsOf(() => loadApiConfig(testEnv({ NODE_ENV: 'production', ALLOW_SANDBOX_IN_PRODUCTION: 'true' })))).toEqual([]);
    const everyProvider = {
      GOOGLE_CLIENT_ID: 'g',
      GOOGLE_CLIENT_SECRET: 'gs',
      MICROSOFT_CLIENT_ID: 'm',
      MICROSOFT_CLIENT_SECRET: 'ms',
      SLACK_CLIENT_ID: 's',
      SLACK_CLIENT_SECRET: 'ss',
      SLACK_SIGNING_SECRET: 'sss',
    };
    expect(problemsOf(() => loadApiConfig(testEnv({ NODE_ENV: 'production', ...everyProvider })))).toEqual([]);
  });
});
