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

export function createProviderClients(settings: ProviderSettings): ProviderClients {
  return {
    settings,
    calendar: { google: new GoogleCalendarProvider(settings.google), microsoft: new MicrosoftCalendarProvider(settings.microsoft) },
    slack: { forToken: (botToken) => createSlackApi(settings.slack, botToken), oauth: createSlackOAuth(settings.slack), respond: createSlackResponder() },
  };
}
