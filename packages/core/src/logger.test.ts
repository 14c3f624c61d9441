import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, logContext } from './logger.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ destination }) };
}

describe('logger', () => {
  it('keeps error codes readable and redacts OAuth codes where they travel', () => {
    const { lines, logger } = capture();
    logger.info({ code: 'validation_failed' }, 'request rejected');
    logger.info({ query: { code: '4/0AQlE-secret', state: 's' }, body: { code: 'm.secret' } }, 'callback');
    logger.info({ req: { query: { code: 'c' } }, params: { code_verifier: 'v' }, code_verifier: 'v2' }, 'exchange');
    expect(lines[0]).toMatchObject({ code: 'validation_failed' });
    expect(lines[1]).toMatchObject({ query: { code: '[redacted]', state: 's' }, body: { code: '[redacted]' } });
    expect(lines[2]).toMatchObject({
      req: { query: { code: '[redacted]' } },
      params: { code_verifier: '[redacted]' },
      code_verifier: '[redacted]',
    });
    expect(JSON.stringify(lines)).not.toMatch(/secret|"v2?"/);
  });

  it('stamps the request or job of the log context on every line', () => {
    const { lines, logger } = capture();
    logContext.run({ jobId: 'time-entry-created-1', job: 'notifyTimeEntryCreated' }, () =>
      logger.child({ queue: 'notifications' }).info('sent'),
    );
    logContext.run({ requestId: 'req-1' }, () => logger.info('served'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({ jobId: 'time-entry-created-1', job: 'notifyTimeEntryCreated', queue: 'notifications' });
    expect(lines[1]).toMatchObject({ requestId: 'req-1' });
    expect(lines[2]).not.toHaveProperty('requestId');
    expect(lines[2]).not.toHaveProperty('jobId');
  });
});
