import { enqueueCalendarSyncs } from '@billops/domain';
import { cronSlot } from '../../cron.ts';
import type { JobHandler } from '../registry.ts';

/** `calendar:sync_all`: fans out one sync per calendar for the current slot of its schedule. */
export const syncAllHandler: JobHandler<'calendarSyncAll'> = async (ctx, payload) => {
  const pattern = payload.full ? ctx.config.CALENDAR_FULL_SYNC_CRON : ctx.config.CALENDAR_SYNC_CRON;
  const slot = cronSlot(pattern, ctx.now());
  const spreadMs = Math.floor((slot.end.getTime() - slot.start.getTime()) * ctx.config.SYNC_SPREAD_FRACTION);
  return enqueueCalendarSyncs(ctx, { slotStart: slot.start, spreadMs, mode: payload.full ? 'full' : 'incremental' });
};
