import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '@billops/core';

export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export type SlackSignatureInput = {
  signingSecret: string;
  /** `X-Slack-Request-Timestamp` */
  timestamp: string | undefined;
  /** `X-Slack-Signature` */
  signature: string | undefined;
  /** The exact bytes Slack sent, before any parsing. */
  rawBody: Buffer | string | undefined;
  now: Date;
};

/** `v0=` + hex HMAC-SHA256 over `v0:{timestamp}:{raw body}`. */
export function computeSlackSignature(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

/**
 * Verifies a Slack webhook (Slack's "Verifying requests from Slack"): the timestamp must be within
 * five minutes of now in either direction (replay protection) and the signature must match,
 * compared in constant time. Throws `unauthorized` otherwise, so callers do nothing on failure.
 */
export function verifySlackRequest(input: SlackSignatureInput): void {
  const reject = (reason: string) => new AppError('unauthorized', 'Invalid Slack request signature', { reason });
  if (!input.timestamp || !input.signature) throw reject('missing_signature_headers');
  if (input.rawBody === undefined) throw reject('missing_body');
  if (!/^\d{1,12}$/.test(input.timestamp)) throw reject('invalid_timestamp');
  const skew = Math.abs(Math.floor(input.now.getTime() / 1000) - Number(input.timestamp));
  if (skew > SIGNATURE_TOLERANCE_SECONDS) throw reject('stale_timestamp');
  const expected = Buffer.from(computeSlackSignature(input.signingSecret, input.timestamp, input.rawBody));
  const presented = Buffer.from(input.signature);
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) throw reject('bad_signature');
}
