import { env } from '@billops/core';
import { z } from 'zod';
import type { PacingLimits } from './calendar/paced-provider.ts';

/**
 * Provider settings shared by the API and the worker. A provider with none of its credentials set
 * uses the local sandbox; one with some set must have all (`providerCredentialProblems`).
 */
export const providerEnvSchema = z.object({
  SANDBOX_URL: z.url().default('http://127.0.0.1:4010'),
  /** Sandbox providers are refused when NODE_ENV=production unless this is true (a staging box, say). */
  ALLOW_SANDBOX_IN_PRODUCTION: env.bool(false),
  GOOGLE_CLIENT_ID: env.optionalString(),
  GOOGLE_CLIENT_SECRET: env.optionalString(),
  GOOGLE_REDIRECT_URI: z.url().default('http://localhost:8000/api/v1/integrations/google/callback'),
  MICROSOFT_CLIENT_ID: env.optionalString(),
  MICROSOFT_CLIENT_SECRET: env.optionalString(),
  MICROSOFT_TENANT_ID: z.string().min(1).default('common'),
  MICROSOFT_REDIRECT_URI: z.url().default('http://localhost:8000/api/v1/integrations/microsoft/callback'),
  SLACK_CLIENT_ID: env.optionalString(),
  SLACK_CLIENT_SECRET: env.optionalString(),
  SLACK_SIGNING_SECRET: env.optionalString(),
  SLACK_REDIRECT_URI: z.url().default('http://localhost:8000/api/v1/integrations/slack/callback'),
  /** Calendar API pacing shared by every process: per provider (quota) and per account (fairness). */
  PROVIDER_REQUESTS_PER_SECOND: z.coerce.number().positive().default(50),
  PROVIDER_REQUESTS_BURST: z.coerce.number().int().min(1).default(100),
  ACCOUNT_REQUESTS_PER_SECOND: z.coerce.number().positive().default(10),
  ACCOUNT_REQUESTS_BURST: z.coerce.number().int().min(1).default(50),
  PROVIDER_PACING_MAX_WAIT_MS: z.coerce.number().int().min(0).default(30_000),
});
export type ProviderEnv = z.infer<typeof providerEnvSchema>;

export type GoogleEndpoints = { authUrl: string; tokenUrl: string; revokeUrl: string; userInfoUrl: string; apiRootUrl: string };
export type MicrosoftEndpoints = { authorizeUrl: string; tokenUrl: string; graphBaseUrl: string };
/** `responseUrlPrefixes`: where a slash command's or interaction's response_url may point. */
export type SlackEndpoints = { authorizeUrl: string; apiUrl: string; responseUrlPrefixes: string[] };

export type ProviderSettings = {
  pacing: PacingLimits;
  google: { clientId: string; clientSecret: string; redirectUri: string; sandbox: boolean; endpoints: GoogleEndpoints };
  microsoft: {
    clientId: string;
    clientSecret: string;
    tenantId: string;
    redirectUri: string;
    sandbox: boolean;
    endpoints: MicrosoftEndpoints;
  };
  slack: {
    clientId: string;
    clientSecret: string;
    signingSecret: string;
    redirectUri: string;
    sandbox: boolean;
    endpoints: SlackEndpoints;
  };
};

/** Slack's response_url hooks all live here (https://api.slack.com/interactivity/handling#message_responses). */
const SLACK_RESPONSE_URL_PREFIX = 'https://hooks.slack.com/';

// Credentials the sandbox accepts; they are not secrets (the sandbox only runs locally).
export const SANDBOX_CREDENTIALS = {
  google: { clientId: 'sandbox-google-client', clientSecret: 'sandbox-google-secret' },
  microsoft: { clientId: 'sandbox-microsoft-client', clientSecret: 'sandbox-microsoft-secret' },
  slack: { clientId: 'sandbox-slack-client', clientSecret: 'sandbox-slack-secret', signingSecret: 'sandbox-slack-signing-secret' },
} as const;

const CREDENTIAL_VARIABLES = {
  google: ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'],
  microsoft: ['MICROSOFT_CLIENT_ID', 'MICROSOFT_CLIENT_SECRET'],
  slack: ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_SIGNING_SECRET'],
} as const satisfies Record<string, readonly (keyof ProviderEnv)[]>;
type ProviderName = keyof typeof CREDENTIAL_VARIABLES;

/** A provider runs against the sandbox only when none of its credentials is set. */
const usesSandbox = (config: ProviderEnv, provider: ProviderName) => CREDENTIAL_VARIABLES[provider].every((name) => !config[name]);

/**
 * What is wrong with the provider credentials, one problem per variable: a partly configured
 * provider names each missing variable (a half-set Slack app must never fall back to the sandbox's
 * public signing secret), and sandbox providers are refused in production unless allowed.
 */
export function providerCredentialProblems(config: ProviderEnv & { NODE_ENV?: string }): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  const sandboxed: ProviderName[] = [];
  for (const provider of Object.keys(CREDENTIAL_VARIABLES) as ProviderName[]) {
    const variables = CREDENTIAL_VARIABLES[provider];
    if (usesSandbox(config, provider)) {
      sandboxed.push(provider);
      continue;
    }
    const set = variables.filter((name) => config[name]).join(', ');
    for (const name of variables.filter((v) => !config[v]))
      problems.push({ variable: name, message: `required because ${set} is set (${provider} needs ${variables.join(', ')})` });
  }
  if (config.NODE_ENV === 'production' && sandboxed.length > 0 && !config.ALLOW_SANDBOX_IN_PRODUCTION) {
    problems.push({
      variable: 'ALLOW_SANDBOX_IN_PRODUCTION',
      message:
        `${sandboxed.join(', ')} would use the local sandbox in production (no credentials set): set ` +
        `${sandboxed.map((p) => CREDENTIAL_VARIABLES[p].join(', ')).join('; ')}, or ALLOW_SANDBOX_IN_PRODUCTION=true`,
    });
  }
  return problems;
}

/** For the processes' env schemas (`schema.superRefine(checkProviderCredentials)`): refuses to start on any problem. */
export function checkProviderCredentials(config: ProviderEnv & { NODE_ENV?: string }, ctx: z.RefinementCtx): void {
  for (const { variable, message } of providerCredentialProblems(config)) ctx.addIssue({ code: 'custom', path: [variable], message });
}

/** Real provider endpoints when credentials are configured, the local sandbox's otherwise. */
export function resolveProviderSettings(config: ProviderEnv): ProviderSettings {
  const incomplete = providerCredentialProblems({ ...config, NODE_ENV: undefined });
  if (incomplete.length > 0) throw new Error(`Incomplete provider credentials: ${incomplete.map((p) => p.variable).join(', ')}`);
  const sandbox = config.SANDBOX_URL.replace(/\/$/, '');
  const googleSandbox = usesSandbox(config, 'google');
  const microsoftSandbox = usesSandbox(config, 'microsoft');
  const slackSandbox = usesSandbox(config, 'slack');
  // Sandbox credentials only ever stand in for a provider with none of its own.
  const secret = (isSandbox: boolean, sandboxValue: string, value: string | undefined) => (isSandbox ? sandboxValue : value!);
  const tenant = encodeURIComponent(config.MICROSOFT_TENANT_ID);
  return {
    pacing: {
      provider: { perSecond: config.PROVIDER_REQUESTS_PER_SECOND, burst: config.PROVIDER_REQUESTS_BURST },
      account: { perSecond: config.ACCOUNT_REQUESTS_PER_SECOND, burst: config.ACCOUNT_REQUESTS_BURST },
      maxWaitMs: config.PROVIDER_PACING_MAX_WAIT_MS,
    },
    google: {
      clientId: secret(googleSandbox, SANDBOX_CREDENTIALS.google.clientId, config.GOOGLE_CLIENT_ID),
      clientSecret: secret(googleSandbox, SANDBOX_CREDENTIALS.google.clientSecret, config.GOOGLE_CLIENT_SECRET),
      redirectUri: config.GOOGLE_REDIRECT_URI,
      sandbox: googleSandbox,
      endpoints: googleSandbox
        ? {
            authUrl: `${sandbox}/google/o/oauth2/v2/auth`,
            tokenUrl: `${sandbox}/google/token`,
            revokeUrl: `${sandbox}/google/revoke`,
            userInfoUrl: `${sandbox}/google/v1/userinfo`,
            apiRootUrl: `${sandbox}/google/`,
          }
        : {
            authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
            tokenUrl: 'https://oauth2.googleapis.com/token',
            revokeUrl: 'https://oauth2.googleapis.com/revoke',
            userInfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
            apiRootUrl: 'https://www.googleapis.com/',
          },
    },
    microsoft: {
      clientId: secret(microsoftSandbox, SANDBOX_CREDENTIALS.microsoft.clientId, config.MICROSOFT_CLIENT_ID),
      clientSecret: secret(microsoftSandbox, SANDBOX_CREDENTIALS.microsoft.clientSecret, config.MICROSOFT_CLIENT_SECRET),
      tenantId: config.MICROSOFT_TENANT_ID,
      redirectUri: config.MICROSOFT_REDIRECT_URI,
      sandbox: microsoftSandbox,
      endpoints: microsoftSandbox
        ? {
            authorizeUrl: `${sandbox}/microsoft/login/${tenant}/oauth2/v2.0/authorize`,
            tokenUrl: `${sandbox}/microsoft/login/${tenant}/oauth2/v2.0/token`,
            graphBaseUrl: `${sandbox}/microsoft/graph/v1.0`,
          }
        : {
            authorizeUrl: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize`,
            tokenUrl: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`,
            graphBaseUrl: 'https://graph.microsoft.com/v1.0',
          },
    },
    slack: {
      clientId: secret(slackSandbox, SANDBOX_CREDENTIALS.slack.clientId, config.SLACK_CLIENT_ID),
      clientSecret: secret(slackSandbox, SANDBOX_CREDENTIALS.slack.clientSecret, config.SLACK_CLIENT_SECRET),
      signingSecret: secret(slackSandbox, SANDBOX_CREDENTIALS.slack.signingSecret, config.SLACK_SIGNING_SECRET),
      redirectUri: config.SLACK_REDIRECT_URI,
      sandbox: slackSandbox,
      endpoints: slackSandbox
        ? {
            authorizeUrl: `${sandbox}/slack/oauth/v2/authorize`,
            apiUrl: `${sandbox}/slack/api/`,
            responseUrlPrefixes: [SLACK_RESPONSE_URL_PREFIX, `${sandbox}/slack/_response/`],
          }
        : {
            authorizeUrl: 'https://slack.com/oauth/v2/authorize',
            apiUrl: 'https://slack.com/api/',
            responseUrlPrefixes: [SLACK_RESPONSE_URL_PREFIX],
          },
    },
  };
}
