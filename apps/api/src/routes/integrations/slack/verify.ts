import type { Request, Response } from 'express';
import { verifySlackRequest } from '@billops/domain';
import { isRedisUnavailable } from '@billops/queue';
import type { RouteContext } from '../../../context.ts';
import { AttemptThrottle } from '../../../http/throttle.ts';

const FAILURE_WINDOW_SECONDS = 10 * 60;
/** The brake on forgers must not stop Slack's own requests (its 3-second deadline) while Redis is slow or away. */
const THROTTLE_WAIT_MS = 250;

/** Runs a throttle step, but skips it when Redis is unavailable or has not answered in THROTTLE_WAIT_MS. */
async function unlessRedisAway(step: Promise<void>): Promise<void> {
  step.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const skip = new Promise<void>((resolve) => (timer = setTimeout(resolve, THROTTLE_WAIT_MS)));
  try {
    await Promise.race([step, skip]);
  } catch (error) {
    if (!isRedisUnavailable(error)) throw error;
  } finally {
    clearTimeout(timer);
  }
}

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
    await unlessRedisAway(failures.assertNotExhausted(res, ip));
    try {
      verifySlackRequest({
        signingSecret: ctx.providers.settings.slack.signingSecret,
        timestamp: req.get('x-slack-request-timestamp'),
        signature: req.get('x-slack-signature'),
        rawBody: (req as Request & { rawBody?: Buffer }).rawBody,
        now: ctx.now(),
      });
    } catch (error) {
      await unlessRedisAway(failures.fail(ip));
      throw error;
    }
  };
}
