import { env } from '@billops/core';
import { z } from 'zod';
import type { PacingLimits } from './calendar/paced-provider.ts';

/** Provider settings shared by the API and the worker. Empty client ids mean "use the sandbox". */
export const providerEnvSchema = z.object({
  SANDBOX_URL: z.url().default('http://127.0.0.1:4010'),
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
export type SlackEndpoints = { authorizeUrl: string; apiUrl: string };

export type ProviderSettings = {
  pacing: PacingLimits;
  google: { clientId: string; clientSecret: string; redirectUri: string; sandbox: boolean; endpoints: GoogleEndpoints };
  microsoft: { clientId: string; clientSecret: string; tenantId: string; redirectUri: string; sandbox: boolean; endpoints: MicrosoftEndpoints };
  slack: { clientId: string; clientSecret: string; signingSecret: string; redirectUri: string; sandbox: boolean; endpoints: SlackEndpoints };
};

// Credentials the sandbox accepts; they are not secrets (the sandbox only runs locally).
export const SANDBOX_CREDENTIALS = {
  google: { clientId: 'sandbox-google-client', clientSecret: 'sandbox-google-secret' },
  microsoft: { clientId: 'sandbox-microsoft-client', clientSecret: 'sandbox-microsoft-secret' },
  slack: { clientId: 'sandbox-slack-client', clientSecret: 'sandbox-slack-secret', signingSecret: 'sandbox-slack-signing-secret' },
} as const;

/** Real provider endpoints when credentials are configured, the local sandbox's otherwise. */
export function resolveProviderSettings(config: ProviderEnv): ProviderSettings {
  const sandbox = config.SANDBOX_URL.replace(/\/$/, '');
  const googleSandbox = !config.GOOGLE_CLIENT_ID;
  const microsoftSandbox = !config.MICROSOFT_CLIENT_ID;
  const slackSandbox = !config.SLACK_CLIENT_ID;
  const tenant = encodeURIComponent(config.MICROSOFT_TENANT_ID);
  return {
    pacing: {
      provider: { perSecond: config.PROVIDER_REQUESTS_PER_SECOND, burst: config.PROVIDER_REQUESTS_BURST },
      account: { perSecond: config.ACCOUNT_REQUESTS_PER_SECOND, burst: config.ACCOUNT_REQUESTS_BURST },
      maxWaitMs: config.PROVIDER_PACING_MAX_WAIT_MS,
    },
    google: {
      clientId: config.GOOGLE_CLIENT_ID ?? SANDBOX_CREDENTIALS.google.clientId,
      clientSecret: config.GOOGLE_CLIENT_SECRET ?? SANDBOX_CREDENTIALS.google.clientSecret,
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
      clientId: config.MICROSOFT_CLIENT_ID ?? SANDBOX_CREDENTIALS.microsoft.clientId,
      clientSecret: config.MICROSOFT_CLIENT_SECRET ?? SANDBOX_CREDENTIALS.microsoft.clientSecret,
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
      clientId: config.SLACK_CLIENT_ID ?? SANDBOX_CREDENTIALS.slack.clientId,
      clientSecret: config.SLACK_CLIENT_SECRET ?? SANDBOX_CREDENTIALS.slack.clientSecret,
      signingSecret: config.SLACK_SIGNING_SECRET ?? SANDBOX_CREDENTIALS.slack.signingSecret,
      redirectUri: config.SLACK_REDIRECT_URI,
      sandbox: slackSandbox,
      endpoints: slackSandbox
        ? { authorizeUrl: `${sandbox}/slack/oauth/v2/authorize`, apiUrl: `${sandbox}/slack/api/` }
        : { authorizeUrl: 'https://slack.com/oauth/v2/authorize', apiUrl: 'https://slack.com/api/' },
    },
  };
}
