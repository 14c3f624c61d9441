import { reconcileDeliveries } from '../../scheduling/reconcile-deliveries.ts';
import type { HandlerFor } from '../definition.ts';
import type { reconcileDeliveriesJob } from './definition.ts';

export const reconcileDeliveriesHandler: HandlerFor<typeof reconcileDeliveriesJob> = (ctx) =>
  reconcileDeliveries(ctx, {
    olderThanMs: ctx.config.RECONCILE_AFTER_MINUTES * 60_000,
    horizonMs: ctx.config.RECONCILE_HORIZON_HOURS * 3_600_000,
    outboxRetentionMs: ctx.config.OUTBOX_RETENTION_DAYS * 86_400_000,
  });
