export { MicrosoftCalendarProvider, type MicrosoftProviderOptions } from './microsoft-calendar-provider.ts';
export { parseGraphDateTime } from './graph-datetime.ts';
