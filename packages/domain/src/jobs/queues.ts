import { CatalogQueues, type QueueSettings } from '@billops/queue';
import { JOBS, type Jobs } from './catalog.ts';

/** The product's job queues: @billops/queue's producer over the job catalog, so `enqueue(key, payload)` is typed by it. */
export class JobQueues extends CatalogQueues<Jobs> {
  constructor(settings: QueueSettings) {
    super(JOBS, settings);
  }
}
