import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { CONNECTION_LIMITS, listen } from './listen.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('security headers', () => {
  it('sends helmet headers and no X-Powered-By', async () => {
    const res = await request(t.app).get('/healthz').expect(200);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('sends HSTS only for requests that came over TLS through a trusted proxy', async () => {
    const plain = await request(t.app).get('/healthz').expect(200);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const tls = await request(t.app).get('/healthz').set('X-Forwarded-Proto', 'https').expect(200);
    expect(tls.headers['strict-transport-security']).toMatch(/max-age=31536000; includeSubDomains/);
  });

  it('ignores X-Forwarded-Proto when no proxy is trusted, and refuses TRUST_PROXY=true', async () => {
    const direct = await createTestApp({ TRUST_PROXY: 'false' });
    try {
      const res = await request(direct.app).get('/healthz').set('X-Forwarded-Proto', 'https').expect(200);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await direct.close();
    }
    await expect(createTestApp({ TRUST_PROXY: 'true' })).rejects.toThrow(/TRUST_PROXY/);
  });
});

describe('Slack webhook body caps', () => {
  it('refuses a slash command body beyond Slack sizes before verifying or parsing it', async () => {
    const res = await request(t.app)
      .post('/api/v1/integrations/slack/commands/time')
      .type('form')
      .send(`text=${'a'.repeat(100 * 1024)}`)
      .expect(413);
    expect(res.body.error.code).toBe('payload_too_large');
    const events = await request(t.app)
      .post('/api/v1/integrations/slack/events')
      .send({ blob: 'x'.repeat(300 * 1024) })
      .expect(413);
    expect(events.body.error.code).toBe('payload_too_large');
  });
});

describe('slow clients', () => {
  it('the production limits cut a slow client within 30 s', () => {
    const worst = (timeout: number) => timeout + CONNECTION_LIMITS.connectionsCheckingInterval;
    expect(worst(CONNECTION_LIMITS.headersTimeout)).toBeLessThanOrEqual(30_000);
    expect(worst(CONNECTION_LIMITS.requestTimeout)).toBeLessThanOrEqual(30_000);
  });

  it('a client dripping its headers is answered 408 and disconnected', async () => {
    const server = listen(t.app, 0, '127.0.0.1', () => {}, {
      headersTimeout: 300,
      requestTimeout: 600,
      connectionsCheckingInterval: 100,
      keepAliveTimeout: 1000,
    });
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1');
      let received = '';
      socket.on('data', (chunk) => (received += String(chunk)));
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      const drip = setInterval(() => socket.write('X-Slow: 1\r\n'), 50);
      await new Promise((resolve) => socket.on('close', resolve));
      clearInterval(drip);
      expect(received).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      server.close();
    }
  });
});
