import { AppError } from '@billops/core';
import type { CalendarProvider, CalendarProviderName } from '@billops/providers';
import type { ServiceContext } from '../context.ts';

/** The configured calendar provider by name; nothing else in the domain knows which ones exist. */
export function calendarProvider(ctx: Pick<ServiceContext, 'providers'>, name: CalendarProviderName): CalendarProvider {
  const provider = ctx.providers.calendar[name];
  if (!provider) throw new AppError('not_found', `Calendar provider ${name} is not available`, { reason: 'provider_not_configured' });
  return provider;
}
