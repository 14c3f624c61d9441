export { GoogleCalendarProvider, GOOGLE_CALENDAR_READONLY_SCOPE, type GoogleProviderOptions } from './google-calendar-provider.ts';
export { mapGoogleApiError, mapGoogleTokenError } from './errors.ts';
