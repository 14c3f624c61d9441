import { cronSlot } from '../../scheduling/cron.ts';
import { enqueueCalendarSyncs } from '../../scheduling/enqueue-calendar-syncs.ts';
import type { HandlerFor } from '../definition.ts';
import type { calendarSyncAllJob } from './definition.ts';

/** `calendar:sync_all`: fans out one sync per calendar for the current slot of its schedule. */
export const calendarSyncAllHandler: HandlerFor<typeof calendarSyncAllJob> = async (ctx, payload) => {
  const pattern = payload.full ? ctx.config.CALENDAR_FULL_SYNC_CRON : ctx.config.CALENDAR_SYNC_CRON;
  const slot = cronSlot(pattern, ctx.now());
  const spreadMs = Math.floor((slot.end.getTime() - slot.start.getTime()) * ctx.config.SYNC_SPREAD_FRACTION);
  return enqueueCalendarSyncs(ctx, { slotStart: slot.start, spreadMs, mode: payload.full ? 'full' : 'incremental' });
};
