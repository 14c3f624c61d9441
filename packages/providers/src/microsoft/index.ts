export { MicrosoftCalendarProvider, type MicrosoftProviderOptions } from './microsoft-calendar-provider.ts';
export { parseGraphUtcDateTime } from './graph-datetime.ts';
