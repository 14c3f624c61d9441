import type { CalendarProvider, CalendarProviderName } from './calendar/types.ts';
import type { ProviderSettings } from './config.ts';

/**
 * The provider clients the apps hand to domain services. Each provider folder contributes its
 * factory here; this is the only place that knows which providers exist.
 */
export type ProviderClients = {
  settings: ProviderSettings;
  calendar: Partial<Record<CalendarProviderName, CalendarProvider>>;
};

export function createProviderClients(settings: ProviderSettings): ProviderClients {
  return { settings, calendar: {} };
}
