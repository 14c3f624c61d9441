import { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import { AppError } from '@billops/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { RouteContext } from '../../context.ts';
import { operatorOf } from '../../http/operator.ts';

export const BULL_BOARD_PATH = '/admin/queues';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Bull Board for platform operators (`guard`). Read-only unless BULL_BOARD_READ_ONLY=false: the
 * board's own read-only mode hides the buttons, and every non-read request is refused here too.
 * When writes are allowed, each one is logged with the operator who made it. The page may not be
 * framed and runs only the board's own scripts (it shows every organization's job data).
 */
export function bullBoardRoutes(ctx: RouteContext, guard: RequestHandler): Router {
  const readOnly = ctx.config.BULL_BOARD_READ_ONLY;
  const board = new ExpressAdapter();
  board.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: Object.values(ctx.queues.queues).map((queue) => new BullMQAdapter(queue, { readOnlyMode: readOnly })),
    serverAdapter: board,
  });

  const router = Router();
  router.use(
    BULL_BOARD_PATH,
    helmet({
      frameguard: { action: 'deny' },
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // The board's React components set inline style attributes.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
    guard,
    (req, res, next) => {
      if (READS.has(req.method)) return next();
      if (readOnly)
        throw new AppError('forbidden', 'Bull Board is read-only (set BULL_BOARD_READ_ONLY=false to allow changes)', {
          reason: 'read_only',
        });
      req.log.warn({ operator: operatorOf(res), method: req.method, path: req.originalUrl }, 'bull board write');
      next();
    },
    board.getRouter(),
  );
  return router;
}
