import { z } from 'zod';
import { defineJob } from '../definition.ts';

/** `maintenance:reconcile_deliveries`: re-records work whose delivery never happened (Redis lost the job) and prunes the relayed outbox. */
export const reconcileDeliveriesJob = defineJob({
  name: 'maintenance:reconcile_deliveries',
  queue: 'maintenance',
  payload: z.object({}),
  retry: { attempts: 1 },
  keepCompleted: { count: 50 },
  schedules: [{ id: 'maintenance:reconcile_deliveries', cron: 'RECONCILE_CRON', payload: {} }],
});
