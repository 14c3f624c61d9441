import type { Request, Response } from 'express';
import { verifySlackRequest } from '@billops/domain';
import type { RouteContext } from '../../../context.ts';
import { AttemptThrottle } from '../../../http/throttle.ts';

const FAILURE_WINDOW_SECONDS = 10 * 60;

/**
 * Checks Slack's signature over the raw body kept by the body parsers; throws 401 on failure.
 * Failures are counted per client IP: Slack never fails, so a forger is answered 429 (with
 * Retry-After) after SLACK_SIGNATURE_FAILURES_PER_IP tries, before any signature work.
 */
export function slackSignatureCheck(ctx: RouteContext): (req: Request, res: Response) => Promise<void> {
  const failures = new AttemptThrottle(ctx.queues.redis, `${ctx.config.QUEUE_PREFIX}:throttle:slack-signature-ip`, {
    points: ctx.config.SLACK_SIGNATURE_FAILURES_PER_IP,
    windowSeconds: FAILURE_WINDOW_SECONDS,
  });
  return async (req, res) => {
    const ip = req.ip ?? 'unknown';
    await failures.assertNotExhausted(res, ip);
    try {
      verifySlackRequest({
        signingSecret: ctx.providers.settings.slack.signingSecret,
        timestamp: req.get('x-slack-request-timestamp'),
        signature: req.get('x-slack-signature'),
        rawBody: (req as Request & { rawBody?: Buffer }).rawBody,
        now: ctx.now(),
      });
    } catch (error) {
      await failures.fail(ip);
      throw error;
    }
  };
}
