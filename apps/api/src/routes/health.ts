import { Router } from 'express';
import { Prisma, queryRows } from '@billops/db';
import type { RouteContext } from '../context.ts';

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);
}

async function check(fn: () => Promise<unknown>): Promise<'ok' | 'unavailable'> {
  try {
    await withTimeout(fn(), CHECK_TIMEOUT_MS);
    return 'ok';
  } catch {
    return 'unavailable';
  }
}

/** `/healthz`: the process is up. `/readyz`: PostgreSQL and Redis answer (503 names which does not). */
export function healthRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [postgres, redis] = await Promise.all([
      check(() => queryRows(ctx.prisma, Prisma.sql`SELECT 1`)),
      check(() => ctx.queues.redis.ping()),
    ]);
    const ready = postgres === 'ok' && redis === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks: { postgres, redis } });
  });
  return router;
}
