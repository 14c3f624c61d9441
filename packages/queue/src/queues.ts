import { EventEmitter } from 'node:events';
import { Queue, QueueEvents, type JobsOptions, type Job } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { AppError } from '@billops/core';
import { JOBS, QUEUE_NAMES, type JobKey, type JobPayload, type QueueName } from './jobs.ts';

export type QueueSettings = {
  redisUrl: string;
  prefix: string;
  /** How long an enqueue waits for Redis before failing as unavailable. @defaultValue 5000 */
  enqueueTimeoutMs?: number;
};

/** Thrown when Redis does not take a job in time; the API maps it to 503. */
const queueUnavailable = (cause?: unknown) => new AppError('unavailable', 'The job queue is unavailable; try again shortly', { reason: 'queue_unavailable', cause });

/** A Redis connection suited to BullMQ's blocking clients (workers need `maxRetriesPerRequest: null`). */
export function createRedisConnection(redisUrl: string, options: RedisOptions = {}): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
}

/** Connection options (not a live client) from a redis:// URL, for clients BullMQ should own and close. */
export function redisOptionsFromUrl(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    db: Number(url.pathname.slice(1) || 0),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/**
 * The producer side: one Queue per name sharing one connection, plus typed enqueue helpers, and
 * broadcasts (small messages to every process on the same prefix, over Redis pub/sub).
 */
export class JobQueues {
  readonly queues: Record<QueueName, Queue>;
  private readonly connection: Redis;
  private readonly settings: QueueSettings;
  private readonly localBroadcasts = new EventEmitter();
  private subscriber: Redis | undefined;

  constructor(settings: QueueSettings, connection?: Redis) {
    this.settings = settings;
    // Producers fail fast while Redis is unreachable (a request answers 503 instead of hanging);
    // only blocking clients (workers, QueueEvents) need to wait indefinitely.
    this.connection = connection ?? createRedisConnection(settings.redisUrl, { maxRetriesPerRequest: 1 });
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
    return this.withinTimeout(this.queues[job.queue].add(job.name, data, { ...job.options, ...options }));
  }

  /** Adds many jobs of one type in one round trip. */
  async enqueueBulk<K extends JobKey>(key: K, items: { payload: JobPayload<K>; options?: JobsOptions }[]): Promise<Job[]> {
    // One job (every /time): a plain add, without the MULTI pipeline addBulk builds (half the CPU).
    if (items.length === 1) return [await this.enqueue(key, items[0]!.payload, items[0]!.options)];
    const job = JOBS[key];
    return this.withinTimeout(
      this.queues[job.queue].addBulk(items.map((item) => ({ name: job.name, data: job.payload.parse(item.payload), opts: { ...job.options, ...item.options } }))),
    );
  }

  /**
   * BullMQ waits for a connection indefinitely; a request must not. A job that Redis takes after the
   * timeout is still valid (producers use idempotent job ids where a duplicate would matter).
   */
  private withinTimeout<T>(operation: Promise<T>): Promise<T> {
    const ms = this.settings.enqueueTimeoutMs ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(queueUnavailable()), ms);
    });
    operation.catch(() => undefined);
    return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
  }

  /** Listens for job completion on a queue; its own blocking connection closes with it. */
  events(queue: QueueName): QueueEvents {
    return new QueueEvents(queue, { connection: redisOptionsFromUrl(this.settings.redisUrl), prefix: this.settings.prefix });
  }

  /**
   * Sends `message` on `topic` to every listener: this process's at once, other processes' through
   * Redis. Fire and forget: while Redis is away the other processes miss it (listeners must be
   * able to live with that, e.g. by bounding how long they trust what they cached).
   */
  broadcast(topic: string, message: string): void {
    this.localBroadcasts.emit(topic, message);
    this.withinTimeout(this.connection.publish(this.channel(topic), message)).catch(() => undefined);
  }

  /** Listens to a broadcast topic (in this process and from others) until close(). */
  onBroadcast(topic: string, listener: (message: string) => void): void {
    this.localBroadcasts.on(topic, listener);
    if (!this.subscriber) {
      this.subscriber = createRedisConnection(this.settings.redisUrl);
      this.subscriber.on('error', () => undefined);
      // Only channels subscribed below arrive here, all under this prefix.
      const prefixLength = this.channel('').length;
      this.subscriber.on('message', (channel: string, message: string) => this.localBroadcasts.emit(channel.slice(prefixLength), message));
    }
    this.subscriber.subscribe(this.channel(topic)).catch(() => undefined);
  }

  private channel(topic: string): string {
    return `${this.settings.prefix}:broadcast:${topic}`;
  }

  async close(): Promise<void> {
    this.localBroadcasts.removeAllListeners();
    this.subscriber?.disconnect();
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
    await this.connection.quit().catch(() => undefined);
  }
}
