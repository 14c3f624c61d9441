import express, { type Express } from 'express';
import { SessionCache } from '@billops/domain';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { AppDeps, RouteContext } from './context.ts';
import { requireAdmin, requireAuth } from './http/auth.ts';
import { errorHandler, notFoundHandler } from './http/errors.ts';
import { buildOpenApiDocument } from './http/openapi.ts';
import { requestLog } from './http/request-log.ts';
import { ApiRegistry } from './http/route.ts';
import { appPageRoutes } from './page/routes.ts';
import { healthRoutes } from './routes/health.ts';
import { API_PREFIX, buildApiRouters } from './routes/index.ts';
import { metricsRoutes } from './routes/metrics.ts';

const BULL_BOARD_PATH = '/admin/queues';

/** Builds the Express app without listening, so tests drive it through supertest. */
export function createApp(deps: AppDeps): Express {
  const ctx: RouteContext = { ...deps, now: deps.now ?? (() => new Date()) };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  // Request id, log context and one log line per request, before anything can fail.
  app.use(requestLog(deps.logger));
  // Raw bytes are kept for webhook signature checks (Slack signs the exact body it sent).
  const keepRawBody = (req: express.Request, _res: unknown, buffer: Buffer) => {
    (req as express.Request & { rawBody?: Buffer }).rawBody = buffer;
  };
  app.use(express.json({ limit: deps.config.BODY_LIMIT, verify: keepRawBody }));
  app.use(express.urlencoded({ extended: false, limit: deps.config.BODY_LIMIT, verify: keepRawBody }));

  app.use(healthRoutes(ctx));
  app.use(appPageRoutes());

  const registry = new ApiRegistry();
  const sessions = SessionCache.listening(ctx, { ttlMs: deps.config.SESSION_CACHE_TTL_MS });
  const authenticate = requireAuth({ ...ctx, sessions });
  for (const api of buildApiRouters(ctx, registry, authenticate)) app.use(API_PREFIX, api.router);
  const openApi = buildOpenApiDocument(registry, { version: '1.0.0', serverUrl: deps.config.PUBLIC_URL });
  app.get(`${API_PREFIX}/openapi.json`, (_req, res) => {
    res.json(openApi);
  });

  // Operators only: Prometheus scrapes with the ADMIN_TOKEN (bearer or basic auth).
  const adminOnly = requireAdmin({ ...ctx, sessions, adminToken: deps.config.ADMIN_TOKEN });
  app.use(metricsRoutes(ctx, adminOnly));

  const board = new ExpressAdapter();
  board.setBasePath(BULL_BOARD_PATH);
  createBullBoard({ queues: Object.values(deps.queues.queues).map((queue) => new BullMQAdapter(queue)), serverAdapter: board });
  app.use(BULL_BOARD_PATH, adminOnly, board.getRouter());

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
