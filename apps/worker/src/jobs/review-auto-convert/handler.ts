import { autoConvertMeetings } from '@billops/domain';
import type { JobHandler } from '../registry.ts';

/** `review:auto_convert`: the calendar's finished meetings that match an auto-convert rule become entries (idempotent). */
export const reviewAutoConvertHandler: JobHandler<'reviewAutoConvert'> = (ctx, payload) => autoConvertMeetings(ctx, payload.calendarId);
