import type { Request, Response } from 'express';
import { isAppError } from '@billops/core';
import { verifySlackRequest } from '@billops/domain';
import type { RouteContext } from '../../../context.ts';
import { AttemptThrottle } from '../../../http/throttle.ts';

const FAILURE_WINDOW_SECONDS = 10 * 60;

/**
 * Checks Slack's signature over the raw body kept by the body parsers; throws 401 on failure.
 * Only failures touch Redis: they are counted per client IP, and past SLACK_SIGNATURE_FAILURES_PER_IP
 * a forger is answered 429 (with Retry-After). A genuine request never waits on Redis, so /time keeps
 * working while Redis is away, and a forger sharing an address with Slack cannot lock Slack out.
 */
export function slackSignatureCheck(ctx: RouteContext): (req: Request, res: Response) => Promise<void> {
  const failures = new AttemptThrottle(ctx.queues.redis, `${ctx.config.QUEUE_PREFIX}:throttle:slack-signature-ip`, {
    points: ctx.config.SLACK_SIGNATURE_FAILURES_PER_IP,
    windowSeconds: FAILURE_WINDOW_SECONDS,
  });
  return async (req, res) => {
    try {
      verifySlackRequest({
        signingSecret: ctx.providers.settings.slack.signingSecret,
        timestamp: req.get('x-slack-request-timestamp'),
        signature: req.get('x-slack-signature'),
        rawBody: (req as Request & { rawBody?: Buffer }).rawBody,
        now: ctx.now(),
      });
    } catch (error) {
      await failures.take(res, req.ip ?? 'unknown').catch((countError: unknown) => {
        if (isAppError(countError)) throw countError;
        // Redis away: the request is refused (401) all the same, only not counted.
        req.log.warn({ err: countError }, 'could not count a failed Slack signature');
      });
      throw error;
    }
  };
}
