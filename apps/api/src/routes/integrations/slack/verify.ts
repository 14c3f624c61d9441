import type { Request } from 'express';
import { verifySlackRequest } from '@billops/domain';
import type { RouteContext } from '../../../context.ts';

/** Checks Slack's signature over the raw body kept by the body parsers; throws 401 on failure. */
export function assertSignedBySlack(ctx: RouteContext, req: Request): void {
  verifySlackRequest({
    signingSecret: ctx.providers.settings.slack.signingSecret,
    timestamp: req.get('x-slack-request-timestamp'),
    signature: req.get('x-slack-signature'),
    rawBody: (req as Request & { rawBody?: Buffer }).rawBody,
    now: ctx.now(),
  });
}
