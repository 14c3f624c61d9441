import { reconcileDeliveries } from '@billops/domain';
import type { JobHandler } from '../registry.ts';

export const reconcileHandler: JobHandler<'reconcileDeliveries'> = (ctx) =>
  reconcileDeliveries(ctx, {
    olderThanMs: ctx.config.RECONCILE_AFTER_MINUTES * 60_000,
    horizonMs: ctx.config.RECONCILE_HORIZON_HOURS * 3_600_000,
    outboxRetentionMs: ctx.config.OUTBOX_RETENTION_DAYS * 86_400_000,
  });
