// A reference for the /time case, not its ceiling: the I/O one signed `/time` needs, without the
// product. It verifies Slack's signature over the raw body (HMAC-SHA256, constant-time compare,
// 5-minute window), then sends the product's two statements through plain node:http and pg: the
// command's context (workspace, binding, user, membership, project by code) in one SELECT, and the
// entry with its notification's job_outbox row in one INSERT (the product's path touches no Redis:
// the worker relays the outbox). No framework, validation, parsing of the text or logging; the
// entry's times are fixed (yesterday 09:00 UTC, 90 minutes) rather than placed in the user's zone.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';

const { DATABASE_URL, SLACK_SIGNING_SECRET = '', PORT } = process.env;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });

const contextStatement = (teamId: string, slackUserId: string, projectCode: string | null) => ({
  name: 'time_reference_context',
  text: `SELECT w.id AS workspace_id, w.organization_id, w.is_active, w.time_capture_enabled,
                b.user_id, u.time_zone, (m.id IS NOT NULL) AS is_member,
                p.id AS project_id, p.name AS project_name, c.name AS client_name
         FROM slack_integrations w
         LEFT JOIN slack_user_bindings b ON b.slack_integration_id = w.id AND b.slack_user_id = $2
         LEFT JOIN users u ON u.id = b.user_id
         LEFT JOIN memberships m ON m.organization_id = w.organization_id AND m.user_id = b.user_id
         LEFT JOIN projects p ON p.organization_id = w.organization_id AND lower(p.code) = $3 AND NOT p.archived
         LEFT JOIN clients c ON c.id = p.client_id
         WHERE w.workspace_id = $1`,
  values: [teamId, slackUserId, projectCode],
});

type Context = {
  organization_id: string;
  user_id: string | null;
  is_member: boolean;
  project_id: string | null;
  project_name: string | null;
};

const insertStatement = (ctx: Context, input: { description: string; startedAt: Date; endedAt: Date; sourceRef: string }) => ({
  name: 'time_reference_insert',
  text: `WITH entry AS (
           INSERT INTO time_entries (id, organization_id, user_id, project_id, client_id, description, started_at, ended_at,
                                     duration_seconds, billable, source, source_ref, auto, created_at, updated_at)
           SELECT gen_random_uuid(), $1::uuid, $2::uuid, p.id, p.client_id, $4, $5::timestamptz, $6::timestamptz, $7, true,
                  'slack'::"TimeEntrySource", $8, false, now(), now()
           FROM (SELECT 1) AS one
           LEFT JOIN projects p ON p.id = $3::uuid AND p.organization_id = $1::uuid AND NOT p.archived
           WHERE $3::uuid IS NULL OR p.id IS NOT NULL
           ON CONFLICT (source_ref) DO NOTHING
           RETURNING id, duration_seconds, description),
         notification AS (
           INSERT INTO job_outbox (job_key, payload, options)
           SELECT 'notifyTimeEntryCreated', jsonb_build_object('timeEntryId', entry.id),
                  jsonb_build_object('jobId', 'time-entry-created-' || entry.id)
           FROM entry)
         SELECT * FROM entry`,
  values: [
    ctx.organization_id,
    ctx.user_id,
    ctx.project_id,
    input.description,
    input.startedAt,
    input.endedAt,
    Math.round((input.endedAt.getTime() - input.startedAt.getTime()) / 1000),
    input.sourceRef,
  ],
});

function signedBySlack(req: http.IncomingMessage, body: Buffer): boolean {
  const timestamp = req.headers['x-slack-request-timestamp'];
  const signature = req.headers['x-slack-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  if (Math.abs(Math.floor(Date.now() / 1000) - Number(timestamp)) > 300) return false;
  const expected = Buffer.from(`v0=${createHmac('sha256', SLACK_SIGNING_SECRET).update(`v0:${timestamp}:`).update(body).digest('hex')}`);
  const presented = Buffer.from(signature);
  return expected.length === presented.length && timingSafeEqual(expected, presented);
}

const reply = (entryId: string, text: string) => ({
  response_type: 'ephemeral',
  text,
  blocks: [
    { type: 'section', text: { type: 'mrkdwn', text } },
    {
      type: 'actions',
      elements: [
        { type: 'button', action_id: 'time_entry_edit', text: { type: 'plain_text', text: 'Edit' }, value: entryId },
        { type: 'button', action_id: 'time_entry_undo', text: { type: 'plain_text', text: 'Undo' }, value: entryId, style: 'danger' },
      ],
    },
  ],
});

async function handle(req: http.IncomingMessage, body: Buffer): Promise<[number, unknown]> {
  if (!signedBySlack(req, body)) return [401, { error: 'bad signature' }];
  const form = new URLSearchParams(body.toString());
  const text = form.get('text') ?? '';
  const projectCode = /#([\w-]+)/.exec(text)?.[1]?.toLowerCase() ?? null;
  const { rows } = await pool.query<Context>(contextStatement(form.get('team_id') ?? '', form.get('user_id') ?? '', projectCode));
  const ctx = rows[0];
  if (!ctx?.user_id || !ctx.is_member) return [200, { response_type: 'ephemeral', text: 'not linked' }];
  const day = new Date();
  day.setUTCHours(0, 0, 0, 0);
  const startedAt = new Date(day.getTime() - 15 * 3600_000);
  const description = text.split(': ')[1] ?? '';
  const inserted = await pool.query<{ id: string }>(
    insertStatement(ctx, {
      description,
      startedAt,
      endedAt: new Date(startedAt.getTime() + 90 * 60_000),
      sourceRef: `slack:${form.get('team_id')}:${form.get('trigger_id')}`,
    }),
  );
  const entryId = inserted.rows[0]?.id ?? '';
  return [200, reply(entryId, `:white_check_mark: Logged 1.5 hours yesterday on ${ctx.project_name ?? 'no project'}: ${description}`)];
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    handle(req, Buffer.concat(chunks)).then(
      ([status, json]) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json)),
      () => res.writeHead(500).end(),
    );
  });
});
server.listen(Number(PORT ?? 0), '127.0.0.1', () => console.log('time reference listening'));
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
