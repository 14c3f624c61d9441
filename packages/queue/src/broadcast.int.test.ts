import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { eventually, startPrivateRedis, type PrivateRedis } from '@billops/testing';
import { CatalogQueues } from './queues.ts';
import type { JobCatalog } from './catalog.ts';

let redis: PrivateRedis;
beforeAll(async () => {
  redis = await startPrivateRedis();
});
afterAll(async () => {
  await redis?.close();
});

const queuesOn = () => new CatalogQueues({}, { redisUrl: redis.url, prefix: 'broadcast-test', enqueueTimeoutMs: 500 });
/** The listening connection (private: the test watches its reconnection). */
const subscriberOf = (queues: CatalogQueues<JobCatalog>) => Reflect.get(queues, 'subscriber') as Redis;

describe('broadcasts', () => {
  it('reach another process, and still do after Redis restarts empty', async () => {
    const sender = queuesOn();
    const listener = queuesOn();
    try {
      const heard: string[] = [];
      listener.onBroadcast('topic', (message: string) => heard.push(message));
      await eventually(() => subscriberOf(listener).status === 'ready', { what: 'the subscriber to connect' });
      // A message sent before the subscription is in place is lost (fire and forget): send until one arrives.
      await eventually(() => (sender.broadcast('topic', 'before'), heard.includes('before')), { what: 'a broadcast to arrive' });

      await redis.kill();
      await redis.start();
      await eventually(() => (sender.broadcast('topic', 'after'), heard.includes('after')), {
        what: 'a broadcast to arrive after the restart',
      });
    } finally {
      await sender.close();
      await listener.close();
    }
  });

  it('close while subscribing again after a reconnection leaves no unhandled rejection', async () => {
    // vitest fails the run on an unhandled rejection: closing as the connection comes back, before
    // Redis answers the SUBSCRIBE, must leave that command's failure handled.
    const listener = queuesOn();
    listener.onBroadcast('topic', () => undefined);
    const subscriber = subscriberOf(listener);
    await eventually(() => subscriber.status === 'ready', { what: 'the subscriber to connect' });
    await redis.kill();
    const closed = new Promise<void>((resolve, reject) =>
      subscriber.once('ready', () => {
        listener.close().then(resolve, reject);
      }),
    );
    await redis.start();
    await closed;
    await eventually(() => subscriber.status === 'end', { what: 'the subscriber to close' });
  });
});
