import express, { type Express } from 'express';
import helmet from 'helmet';
import { SessionCache } from '@billops/domain';
import type { AppDeps, RouteContext } from './context.ts';
import { requireAuth } from './http/auth.ts';
import { errorHandler, notFoundHandler } from './http/errors.ts';
import { buildOpenApiDocument } from './http/openapi.ts';
import { requestLog } from './http/request-log.ts';
import { requireOperator } from './http/operator.ts';
import { ApiRegistry } from './http/route.ts';
import { bullBoardRoutes } from './routes/admin/bull-board.ts';
import { appPageRoutes } from './page/routes.ts';
import { healthRoutes } from './routes/health.ts';
import { API_PREFIX, buildApiRouter } from './routes/index.ts';
import { metricsRoutes } from './routes/metrics.ts';

/**
 * Slack publishes no maximum request size; these leave room for its largest documented fields
 * (a slash command's text is capped at 4,000 characters, percent-encoded up to ~36 KB; block_actions
 * carry the message's blocks, at most 50) while refusing anything far beyond.
 */
const SLACK_BODY_LIMITS = {
  '/integrations/slack/commands': '64kb',
  '/integrations/slack/interactions': '256kb',
  '/integrations/slack/events': '256kb',
};

/** Builds the Express app without listening, so tests drive it through supertest. */
export function createApp(deps: AppDeps): Express {
  const ctx: RouteContext = { ...deps, now: deps.now ?? (() => new Date()) };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.TRUST_PROXY);

  // Request id, log context and one log line per request, before anything can fail.
  app.use(requestLog(deps.logger));
  // Security headers (helmet's maintained defaults). HSTS only on requests that arrived over TLS
  // (directly, or per X-Forwarded-Proto from a proxy trusted through TRUST_PROXY).
  app.use(helmet({ strictTransportSecurity: false }));
  const hsts = helmet.strictTransportSecurity({ maxAge: 365 * 24 * 3600, includeSubDomains: true });
  // Neither TLS nor a forwarded protocol means plain HTTP, known without req.secure's proxy-trust
  // check (the peer's address and the trust list, on every request).
  const maybeTls = (req: express.Request) =>
    (req.socket as { encrypted?: boolean }).encrypted || req.headers['x-forwarded-proto'] !== undefined;
  app.use((req, res, next) => (maybeTls(req) && req.secure ? hsts(req, res, next) : next()));
  // Raw bytes are kept for webhook signature checks (Slack signs the exact body it sent).
  const keepRawBody = (req: express.Request, _res: unknown, buffer: Buffer) => {
    (req as express.Request & { rawBody?: Buffer }).rawBody = buffer;
  };
  // Slack's webhooks get Slack-sized caps before anything is parsed (the first parser to run wins).
  for (const [path, limit] of Object.entries(SLACK_BODY_LIMITS)) {
    app.use(
      `${API_PREFIX}${path}`,
      express.urlencoded({ extended: false, limit, verify: keepRawBody }),
      express.json({ limit, verify: keepRawBody }),
    );
  }
  app.use(express.json({ limit: deps.config.BODY_LIMIT, verify: keepRawBody }));
  app.use(express.urlencoded({ extended: false, limit: deps.config.BODY_LIMIT, verify: keepRawBody }));

  app.use(healthRoutes(ctx));
  app.use(appPageRoutes());

  const registry = new ApiRegistry();
  const sessions = SessionCache.listening(ctx, { ttlMs: deps.config.SESSION_CACHE_TTL_MS });
  const authenticate = requireAuth({ ...ctx, sessions });
  app.use(API_PREFIX, buildApiRouter(ctx, registry, authenticate).router);
  const openApi = buildOpenApiDocument(registry, { version: '1.0.0', serverUrl: deps.config.PUBLIC_URL });
  app.get(`${API_PREFIX}/openapi.json`, (_req, res) => {
    res.json(openApi);
  });

  // Platform operators only, never a tenant role: the queues hold every organization's work.
  const operatorOnly = requireOperator([deps.config.ADMIN_TOKEN], 'billops-operator');
  app.use(metricsRoutes(ctx, requireOperator([deps.config.ADMIN_TOKEN, deps.config.METRICS_TOKEN], 'billops-metrics')));
  app.use(bullBoardRoutes(ctx, operatorOnly));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
