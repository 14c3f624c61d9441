import { reapStuckSyncs } from '@billops/domain';
import type { JobHandler } from '../registry.ts';

export const reaperHandler: JobHandler<'reapStuckSyncs'> = (ctx) =>
  reapStuckSyncs(ctx, { olderThanMs: ctx.config.SYNC_STUCK_AFTER_MINUTES * 60_000 });
