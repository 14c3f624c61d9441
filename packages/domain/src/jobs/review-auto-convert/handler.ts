import { autoConvertMeetings } from '../../review/auto-convert.ts';
import type { HandlerFor } from '../definition.ts';
import type { reviewAutoConvertJob } from './definition.ts';

/** The calendar's finished meetings that match an auto-convert rule become entries (idempotent). */
export const reviewAutoConvertHandler: HandlerFor<typeof reviewAutoConvertJob> = (ctx, payload) =>
  autoConvertMeetings(ctx, payload.calendarId);
