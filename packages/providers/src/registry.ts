import { pacedCalendarProvider, type SlotLimiter } from './calendar/paced-provider.ts';
import type { CalendarProvider, CalendarProviderName } from './calendar/types.ts';
import type { ProviderSettings } from './config.ts';
import { GoogleCalendarProvider } from './google/google-calendar-provider.ts';
import { MicrosoftCalendarProvider } from './microsoft/microsoft-calendar-provider.ts';
import { createSlackApi, createSlackOAuth, createSlackResponder } from './slack/web-api-client.ts';
import type { SlackApi, SlackOAuth, SlackResponder } from './slack/types.ts';

/**
 * The provider clients the apps hand to domain services. Each provider folder contributes its
 * factory here; this is the only place that knows which providers exist.
 */
export type ProviderClients = {
  settings: ProviderSettings;
  calendar: Partial<Record<CalendarProviderName, CalendarProvider>>;
  /** Slack: one API client per workspace bot token, the app-level OAuth, and response_url posts. */
  slack: { forToken: (botToken: string) => SlackApi; oauth: SlackOAuth; respond: SlackResponder };
};

/**
 * `limiter` (a Redis rate limiter in the apps) paces calendar API calls across every process;
 * without one, calls go out unpaced.
 */
export function createProviderClients(settings: ProviderSettings, limiter?: SlotLimiter): ProviderClients {
  const paced = (provider: CalendarProvider) => (limiter ? pacedCalendarProvider(provider, limiter, settings.pacing) : provider);
  return {
    settings,
    calendar: {
      google: paced(new GoogleCalendarProvider(settings.google)),
      microsoft: paced(new MicrosoftCalendarProvider(settings.microsoft)),
    },
    slack: {
      forToken: (botToken) => createSlackApi(settings.slack, botToken),
      oauth: createSlackOAuth(settings.slack),
      respond: createSlackResponder(settings.slack),
    },
  };
}
