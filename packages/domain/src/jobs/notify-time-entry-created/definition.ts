import { z } from 'zod';
import { defineJob } from '../definition.ts';

/** `notification:time_entry_created`: the "time entry logged" DM to the entry's owner. */
export const notifyTimeEntryCreatedJob = defineJob({
  name: 'notification:time_entry_created',
  queue: 'notifications',
  payload: z.object({ timeEntryId: z.uuid() }),
  retry: { attempts: 8, backoffMs: 5_000 },
  keepCompleted: { count: 1000, ageSeconds: 3600 },
  callsSlack: true,
});

/** The start of the job id, for SQL that builds it next to the entry it inserts (createTimeEntry, the reconciler). */
export const TIME_ENTRY_CREATED_JOB_ID_PREFIX = 'time-entry-created-';

/** One message per entry, however often it is recorded. */
export const timeEntryCreatedJobId = (timeEntryId: string): string => `${TIME_ENTRY_CREATED_JOB_ID_PREFIX}${timeEntryId}`;
