import { Queue, QueueEvents, type JobsOptions, type Job } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { JOBS, QUEUE_NAMES, type JobKey, type JobPayload, type QueueName } from './jobs.ts';

export type QueueSettings = { redisUrl: string; prefix: string };

/** A Redis connection suited to BullMQ (workers need `maxRetriesPerRequest: null`). */
export function createRedisConnection(redisUrl: string, options: RedisOptions = {}): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
}

/** The producer side: one Queue per name sharing one connection, plus typed enqueue helpers. */
export class JobQueues {
  readonly queues: Record<QueueName, Queue>;
  private readonly connection: Redis;
  private readonly settings: QueueSettings;

  constructor(settings: QueueSettings, connection?: Redis) {
    this.settings = settings;
    this.connection = connection ?? createRedisConnection(settings.redisUrl);
    const entries = QUEUE_NAMES.map((name) => [name, new Queue(name, { connection: this.connection, prefix: settings.prefix })] as const);
    this.queues = Object.fromEntries(entries) as Record<QueueName, Queue>;
  }

  get prefix(): string {
    return this.settings.prefix;
  }

  get redis(): Redis {
    return this.connection;
  }

  /** Validates the payload with the catalog schema and adds the job with the catalog's policy. */
  async enqueue<K extends JobKey>(key: K, payload: JobPayload<K>, options: JobsOptions = {}): Promise<Job> {
    const job = JOBS[key];
    const data = job.payload.parse(payload);
    return this.queues[job.queue].add(job.name, data, { ...job.options, ...options });
  }

  /** Adds many jobs of one type in one round trip. */
  async enqueueBulk<K extends JobKey>(key: K, items: { payload: JobPayload<K>; options?: JobsOptions }[]): Promise<Job[]> {
    const job = JOBS[key];
    return this.queues[job.queue].addBulk(
      items.map((item) => ({ name: job.name, data: job.payload.parse(item.payload), opts: { ...job.options, ...item.options } })),
    );
  }

  /**
   * Listens for job completion on a queue (callers close it). QueueEvents duplicates the shared
   * connection for its blocking reads and closes that copy on close, so nothing is left open.
   */
  events(queue: QueueName): QueueEvents {
    return new QueueEvents(queue, { connection: this.connection, prefix: this.settings.prefix });
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
    await this.connection.quit().catch(() => undefined);
  }
}
