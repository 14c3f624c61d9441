import { reapStuckSyncs } from '../../scheduling/reap-stuck-syncs.ts';
import type { HandlerFor } from '../definition.ts';
import type { reapStuckSyncsJob } from './definition.ts';

export const reapStuckSyncsHandler: HandlerFor<typeof reapStuckSyncsJob> = (ctx) =>
  reapStuckSyncs(ctx, { olderThanMs: ctx.config.SYNC_STUCK_AFTER_MINUTES * 60_000 });
