import { describe, expect, it } from 'vitest';
import { computeSlackSignature, verifySlackRequest } from './verify-request.ts';

// Slack's worked example from "Verifying requests from Slack" (docs.slack.dev/authentication/verifying-requests-from-slack).
const DOC_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOC_TIMESTAMP = '1531420618';
const DOC_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
  '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
  '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
  '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOC_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const DOC_NOW = new Date(Number(DOC_TIMESTAMP) * 1000 + 30_000);

const reasonOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code: string; reason?: string }).code + ':' + (error as { reason?: string }).reason;
  }
};

const verify = (overrides: Partial<Parameters<typeof verifySlackRequest>[0]>) =>
  reasonOf(() =>
    verifySlackRequest({
      signingSecret: DOC_SECRET,
      timestamp: DOC_TIMESTAMP,
      signature: DOC_SIGNATURE,
      rawBody: Buffer.from(DOC_BODY),
      now: DOC_NOW,
      ...overrides,
    }),
  );

describe('Slack request verification', () => {
  it("computes Slack's published signature for its worked example", () => {
    expect(computeSlackSignature(DOC_SECRET, DOC_TIMESTAMP, DOC_BODY)).toBe(DOC_SIGNATURE);
    expect(computeSlackSignature(DOC_SECRET, DOC_TIMESTAMP, Buffer.from(DOC_BODY))).toBe(DOC_SIGNATURE);
  });

  it('accepts the worked example within five minutes either side', () => {
    expect(verify({})).toBeUndefined();
    expect(verify({ now: new Date(Number(DOC_TIMESTAMP) * 1000 - 299_000) })).toBeUndefined();
    expect(verify({ now: new Date(Number(DOC_TIMESTAMP) * 1000 + 300_000) })).toBeUndefined();
  });

  it('rejects a bad signature and a wrong secret', () => {
    expect(verify({ signature: DOC_SIGNATURE.replace(/.$/, '4') })).toBe('unauthorized:bad_signature');
    expect(verify({ signature: 'v0=short' })).toBe('unauthorized:bad_signature');
    expect(verify({ signingSecret: 'another-secret' })).toBe('unauthorized:bad_signature');
  });

  it('rejects a tampered body (one byte changed or appended)', () => {
    expect(verify({ rawBody: Buffer.from(DOC_BODY.replace('roadrunner', 'roadrunnex')) })).toBe('unauthorized:bad_signature');
    expect(verify({ rawBody: Buffer.from(`${DOC_BODY}&text=2h`) })).toBe('unauthorized:bad_signature');
  });

  it('rejects stale and future timestamps (replays)', () => {
    expect(verify({ now: new Date(Number(DOC_TIMESTAMP) * 1000 + 301_000) })).toBe('unauthorized:stale_timestamp');
    expect(verify({ now: new Date(Number(DOC_TIMESTAMP) * 1000 - 301_000) })).toBe('unauthorized:stale_timestamp');
    // A timestamp re-signed with the right secret but far in the future is still refused.
    const future = String(Number(DOC_TIMESTAMP) + 3600);
    expect(verify({ timestamp: future, signature: computeSlackSignature(DOC_SECRET, future, DOC_BODY) })).toBe(
      'unauthorized:stale_timestamp',
    );
  });

  it('rejects missing headers, a missing body and a malformed timestamp', () => {
    expect(verify({ signature: undefined })).toBe('unauthorized:missing_signature_headers');
    expect(verify({ timestamp: undefined })).toBe('unauthorized:missing_signature_headers');
    expect(verify({ rawBody: undefined })).toBe('unauthorized:missing_body');
    expect(verify({ timestamp: '1531420618.5' })).toBe('unauthorized:invalid_timestamp');
  });
});
