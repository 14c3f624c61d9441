import { notifyTimeEntryCreated } from '../../notifications/notify-time-entry-created.ts';
import type { HandlerFor } from '../definition.ts';
import type { notifyTimeEntryCreatedJob } from './definition.ts';

export const notifyTimeEntryCreatedHandler: HandlerFor<typeof notifyTimeEntryCreatedJob> = (ctx, payload) =>
  notifyTimeEntryCreated(ctx, payload.timeEntryId);
