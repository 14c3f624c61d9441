import { EventEmitter } from 'node:events';
import { Queue, QueueEvents, type JobsOptions, type Job } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { AppError } from '@billops/core';
import { bullmqJobOptions, QUEUE_NAMES, type CatalogKey, type CatalogPayload, type JobCatalog, type QueueName } from './catalog.ts';

export type QueueSettings = {
  redisUrl: string;
  prefix: string;
  /** How long an enqueue or any other producer command waits for Redis before failing as unavailable. @defaultValue 3000 */
  enqueueTimeoutMs?: number;
};

/** Thrown when Redis does not take a job in time; the API maps it to 503. */
const queueUnavailable = (cause?: unknown) =>
  new AppError('unavailable', 'The job queue is unavailable; try again shortly', { reason: 'redis', cause });

const REDIS_UNREACHABLE = new RegExp(
  [
    'Connection is closed',
    'Command timed out',
    'MaxRetriesPerRequest',
    'Reached the max retries per request',
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'EPIPE',
    "Stream isn't writeable",
    'LOADING',
    'READONLY',
    'MASTERDOWN',
  ].join('|'),
);

/** Whether an error (ioredis, BullMQ, or one wrapping it) means Redis cannot be reached right now. */
const noop = (): void => undefined;

export function isRedisUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof AppError) return current.code === 'unavailable' && current.reason === 'redis';
    const candidate = current as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
    if (candidate.name === 'MaxRetriesPerRequestError') return true;
    if (typeof candidate.message === 'string' && REDIS_UNREACHABLE.test(candidate.message)) return true;
    if (typeof candidate.code === 'string' && REDIS_UNREACHABLE.test(candidate.code)) return true;
    current = candidate.cause;
  }
  return false;
}

/**
 * Job ids we choose must be accepted by BullMQ as they are: not an integer, and no `:` (BullMQ
 * still lets ids with exactly two colons through, for its old repeatable jobs, and may stop).
 */
export function assertJobId(jobId: string): string {
  if (jobId === '' || jobId.includes(':') || `${Number.parseInt(jobId, 10)}` === jobId)
    throw new Error(`invalid job id "${jobId}": use letters, digits and dashes, not a bare integer`);
  return jobId;
}

/** One job to add: its catalog key, payload and options (a custom `jobId` must pass assertJobId). */
export type JobToAdd<C extends JobCatalog, K extends CatalogKey<C> = CatalogKey<C>> = {
  key: K;
  payload: CatalogPayload<C, K>;
  options?: JobsOptions;
};

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

/** Resolves once `redis` is connected; rejects after `timeoutMs` (so a process can say so and stop instead of hanging). */
export function waitForRedis(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', ready);
      reject(new Error(`Redis was not reachable within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    const ready = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', ready);
  });
}

/**
 * The producer side for a job catalog: one Queue per name sharing one connection, enqueue helpers
 * typed by the catalog's keys and payloads, and broadcasts (small messages to every process on the
 * same prefix, over Redis pub/sub). The product's catalog is bound in the domain (its `JobQueues`).
 */
export class CatalogQueues<C extends JobCatalog> {
  readonly catalog: C;
  readonly queues: Record<QueueName, Queue>;
  private readonly connection: Redis;
  private readonly settings: QueueSettings;
  private readonly localBroadcasts = new EventEmitter();
  private subscriber: Redis | undefined;
  /** The broadcast channels this process listens to (subscribed again on every reconnection). */
  private readonly channels = new Set<string>();

  constructor(catalog: C, settings: QueueSettings, connection?: Redis) {
    this.catalog = catalog;
    this.settings = settings;
    // Producers fail fast while Redis is unreachable (a request answers 503 instead of hanging):
    // every command is bounded; only blocking clients (workers, QueueEvents) wait indefinitely.
    this.connection = connection ?? createRedisConnection(settings.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: this.timeoutMs });
    // Failed commands reject on their own; processes log connection errors with their own listener.
    // Without one, ioredis prints each reconnection failure to the console.
    this.connection.on('error', () => undefined);
    const entries = QUEUE_NAMES.map((name) => {
      const queue = new Queue(name, { connection: this.connection, prefix: settings.prefix });
      // BullMQ re-emits its connection's failures (e.g. its start-up version check when Redis is
      // gone) as the queue's 'error' event, which throws with no listener. Commands still reject to
      // their callers; processes log Redis trouble from the connection's own listener.
      queue.on('error', () => undefined);
      return [name, queue] as const;
    });
    this.queues = Object.fromEntries(entries) as Record<QueueName, Queue>;
  }

  /** The bound on every producer command (ms). */
  get timeoutMs(): number {
    return this.settings.enqueueTimeoutMs ?? 3_000;
  }

  get prefix(): string {
    return this.settings.prefix;
  }

  get redis(): Redis {
    return this.connection;
  }

  /** Validates the payload with the catalog schema and adds the job with the catalog's policy. */
  async enqueue<K extends CatalogKey<C>>(key: K, payload: CatalogPayload<C, K>, options: JobsOptions = {}): Promise<Job> {
    const job = this.catalog[key]!;
    const data = job.payload.parse(payload);
    if (options.jobId) assertJobId(options.jobId);
    return this.withinTimeout(this.queues[job.queue].add(job.name, data, { ...bullmqJobOptions(job), ...options }));
  }

  /** Adds jobs of any types: one round trip per queue (the outbox relay's batches). Jobs come back in order. */
  async enqueueMany(items: JobToAdd<C>[]): Promise<Job[]> {
    const byQueue = new Map<QueueName, { index: number; name: string; data: unknown; opts: JobsOptions }[]>();
    items.forEach((item, index) => {
      const job = this.catalog[item.key]!;
      if (item.options?.jobId) assertJobId(item.options.jobId);
      const list = byQueue.get(job.queue) ?? [];
      list.push({ index, name: job.name, data: job.payload.parse(item.payload), opts: { ...bullmqJobOptions(job), ...item.options } });
      byQueue.set(job.queue, list);
    });
    const added = new Array<Job>(items.length);
    await this.withinTimeout(
      Promise.all(
        [...byQueue].map(async ([queue, list]) => {
          const jobs =
            list.length === 1
              ? [await this.queues[queue].add(list[0]!.name, list[0]!.data, list[0]!.opts)]
              : await this.queues[queue].addBulk(list);
          jobs.forEach((job, i) => (added[list[i]!.index] = job));
        }),
      ),
    );
    return added;
  }

  /** Adds many jobs of one type in one round trip. */
  async enqueueBulk<K extends CatalogKey<C>>(key: K, items: { payload: CatalogPayload<C, K>; options?: JobsOptions }[]): Promise<Job[]> {
    // One job (every /time): a plain add, without the MULTI pipeline addBulk builds (half the CPU).
    if (items.length === 1) return [await this.enqueue(key, items[0]!.payload, items[0]!.options)];
    return this.enqueueMany(items.map((item): JobToAdd<C> => ({ key, ...item })));
  }

  /**
   * BullMQ waits for a connection indefinitely; a request must not. A job that Redis takes after the
   * timeout is still valid (producers use idempotent job ids where a duplicate would matter).
   */
  private withinTimeout<T>(operation: Promise<T>): Promise<T> {
    const ms = this.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(queueUnavailable()), ms);
    });
    const translated = operation.catch((error: unknown) => {
      throw isRedisUnavailable(error) ? queueUnavailable(error) : error;
    });
    translated.catch(() => undefined);
    return Promise.race([translated, timeout]).finally(() => clearTimeout(timer));
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
    const subscriber = this.subscriber ?? this.createSubscriber();
    this.channels.add(this.channel(topic));
    // Not connected yet: the 'ready' listener subscribes.
    if (subscriber.status === 'ready') subscriber.subscribe(this.channel(topic)).catch(() => undefined);
  }

  private createSubscriber(): Redis {
    // ioredis would subscribe again by itself after a reconnection, but leaves that command's promise
    // without a handler: when the connection closes before Redis answers (Redis gone again, or close()
    // meanwhile), the rejection ("Connection is closed") is unhandled, which can stop the process. So
    // the channels are subscribed here on every 'ready', and a failure waits for the next one.
    const subscriber = createRedisConnection(this.settings.redisUrl, { autoResubscribe: false });
    subscriber.on('error', () => undefined);
    subscriber.on('ready', () => {
      if (this.channels.size > 0) subscriber.subscribe(...this.channels).catch(() => undefined);
    });
    // Only channels subscribed here arrive, all under this prefix.
    const prefixLength = this.channel('').length;
    subscriber.on('message', (channel: string, message: string) => this.localBroadcasts.emit(channel.slice(prefixLength), message));
    this.subscriber = subscriber;
    return subscriber;
  }

  private channel(topic: string): string {
    return `${this.settings.prefix}:broadcast:${topic}`;
  }

  async close(): Promise<void> {
    this.localBroadcasts.removeAllListeners();
    this.subscriber?.disconnect();
    // The queues share this connection. Ending it first settles their start-up (BullMQ's INFO version
    // check) while they still listen for its failure: a queue closed first drops that listener, and
    // a version check failing after it is an unhandled rejection.
    await this.connection.quit().catch(() => undefined);
    this.connection.disconnect();
    await Promise.all(Object.values(this.queues).map((q) => q.waitUntilReady().then(noop, noop)));
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
  }
}
