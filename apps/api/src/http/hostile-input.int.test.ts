import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, registerUser, type TestApp } from '../testing/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type JsonSchema = {
  type?: string | string[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
};
type Operation = {
  parameters?: { name: string; in: 'path' | 'query'; schema: JsonSchema }[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
  security?: unknown[];
};

/** Strings PostgreSQL cannot store or that are not Unicode at all. */
const HOSTILE_STRINGS = ['\u0000', 'name\u0000with nul', '\uD800', 'lone low \uDC00 surrogate', 'reversed \uDC00\uD800 pair'];
/** Instants outside the years every store and client handles. */
const HOSTILE_INSTANTS = ['0000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '0001-01-01T00:00:00+00:00'];

/** Percent-encodes like a hostile client would: lone surrogates as their (invalid) 3-byte UTF-8 forms. */
const percentEncode = (value: string) =>
  Array.from(value)
    .map((ch) => {
      const cp = ch.codePointAt(0)!;
      if (cp < 0xd800 || cp > 0xdfff) return encodeURIComponent(ch);
      return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    })
    .join('');

const kinds = (schema: JsonSchema): JsonSchema[] => (schema.anyOf ? schema.anyOf.flatMap(kinds) : [schema]);
const isString = (schema: JsonSchema) =>
  kinds(schema).some((k) => k.type === 'string' || (Array.isArray(k.type) && k.type.includes('string')));
const isInstant = (schema: JsonSchema) => kinds(schema).some((k) => k.format === 'date-time');
const scalarCorpus = (schema: JsonSchema) => [...(isString(schema) ? HOSTILE_STRINGS : []), ...(isInstant(schema) ? HOSTILE_INSTANTS : [])];
/** Hostile values for a field: scalars for a string field, one-element lists for a list of strings. */
const corpusFor = (schema: JsonSchema): (string | string[])[] => {
  const list = kinds(schema).find((k) => k.type === 'array' && k.items);
  return [...scalarCorpus(schema), ...(list?.items ? scalarCorpus(list.items).map((v) => [v]) : [])];
};

/** Rows in every table a request could write to. */
async function rowCounts() {
  const p = t.db.prisma;
  return Promise.all([
    p.user.count(),
    p.organization.count(),
    p.membership.count(),
    p.membershipInvitation.count(),
    p.client.count(),
    p.project.count(),
    p.timeEntry.count(),
    p.invoice.count(),
    p.invoiceLine.count(),
    p.oAuthState.count(),
    p.userOAuthAccount.count(),
    p.calendarIntegration.count(),
    p.slackIntegration.count(),
    p.slackUserBinding.count(),
    p.apiSession.count(),
  ]);
}

const isErrorShape = (body: unknown) => {
  const error = (body as { error?: { code?: unknown; message?: unknown; request_id?: unknown } }).error;
  return typeof error?.code === 'string' && typeof error.message === 'string' && typeof error.request_id === 'string';
};

describe('every route of the OpenAPI document against hostile strings and dates', () => {
  it('answers 4xx in the error shape, names the field, and writes nothing', async () => {
    const owner = await registerUser(t.app);
    const doc = (await request(t.app).get('/api/v1/openapi.json').expect(200)).body as { paths: Record<string, Record<string, Operation>> };
    const before = await rowCounts();
    const failures: string[] = [];
    let probes = 0;

    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const validPath = path.replace(/\{(\w+)\}/g, '00000000-0000-4000-8000-000000000000');
        const targets: { where: 'path' | 'query' | 'body'; name: string; schema: JsonSchema }[] = [
          ...(operation.parameters ?? []).map((p) => ({ where: p.in, name: p.name, schema: p.schema })),
          ...Object.entries(operation.requestBody?.content['application/json'].schema.properties ?? {}).map(([name, schema]) => ({
            where: 'body' as const,
            name,
            schema,
          })),
        ];
        for (const target of targets) {
          for (const value of corpusFor(target.schema)) {
            probes += 1;
            if (Array.isArray(value) && target.where !== 'body') continue;
            const scalar = String(value);
            const url =
              target.where === 'path'
                ? path.replace(`{${target.name}}`, percentEncode(scalar)).replace(/\{(\w+)\}/g, '00000000-0000-4000-8000-000000000000')
                : validPath;
            let call = request(t.app)[method as 'get'](url).set('Authorization', `Bearer ${owner.token}`);
            if (target.where === 'query') call = call.query(`${target.name}=${percentEncode(scalar)}`);
            if (target.where === 'body') call = call.send({ [target.name]: value });
            else if (operation.requestBody) call = call.send({});
            const res = await call;
            const label = `${method.toUpperCase()} ${path} ${target.where}.${target.name}=${JSON.stringify(value)}`;
            // Browser callbacks answer every outcome with a redirect to the frontend: an error there is a
            // 302 whose Location says status=error.
            if (res.status === 302 && operation.security?.length === 0 && /[?&]status=error/.test(String(res.headers.location))) continue;
            if (res.status < 400 || res.status >= 500) failures.push(`${label} → ${res.status}`);
            else if (!isErrorShape(res.body)) failures.push(`${label} → ${res.status} without the error shape`);
            else if (res.status === 400 && res.body.error.code === 'validation_failed' && target.where !== 'path') {
              // The value itself must be refused, not only the fields left out around it.
              const paths = (res.body.error.details ?? []).map((d: { path: string }) => d.path);
              if (!paths.some((p: string) => p === target.name || p.startsWith(`${target.name}.`)))
                failures.push(`${label} → accepted (400 only for ${paths.join(', ')})`);
            }
          }
        }
      }
    }
    expect(probes).toBeGreaterThan(100);
    expect(failures).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  }, 240_000);

  it('refuses cursors that carry out-of-range dates with 400', async () => {
    const owner = await registerUser(t.app);
    const cursor = (at: string, key: 'at' | 's') =>
      Buffer.from(JSON.stringify({ [key]: at, [key === 'at' ? 'id' : 'i']: '00000000-0000-4000-8000-000000000000' })).toString('base64url');
    for (const at of HOSTILE_INSTANTS) {
      for (const [path, key] of [
        ['/api/v1/time-entries', 'at'],
        ['/api/v1/invoices', 'at'],
        ['/api/v1/calendar-events', 's'],
      ] as const) {
        const res = await request(t.app)
          .get(path)
          .query({ cursor: cursor(at, key) })
          .set('Authorization', `Bearer ${owner.token}`);
        expect([path, at, res.status, res.body.error?.code]).toEqual([path, at, 400, 'validation_failed']);
      }
    }
  });
});
