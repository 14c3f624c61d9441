// A reference for the reads case, not its ceiling: the same page of 50 time entries read with the
// same SQL through plain node:http and pg (no framework, no auth, no validation, no logging). It
// shows what one PostgreSQL round trip plus 16 KB of JSON costs on this machine by itself.
import http from 'node:http';
import pg from 'pg';

const { DATABASE_URL, ORGANIZATION_ID, USER_ID, PORT } = process.env;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });
const page = {
  name: 'raw_reads_page',
  text: `SELECT id, user_id, project_id, client_id, description, started_at, ended_at, duration_seconds, billable,
                source::text AS source, invoice_id, created_at, updated_at
         FROM time_entries WHERE organization_id = $1::uuid AND user_id = $2::uuid
         ORDER BY started_at DESC, id DESC LIMIT 51`,
  values: [ORGANIZATION_ID, USER_ID],
};

type Row = Record<string, unknown> & { started_at: Date; ended_at: Date; created_at: Date; updated_at: Date };

const server = http.createServer((_req, res) => {
  pool.query<Row>(page).then(
    ({ rows }) => {
      const data = rows.slice(0, 50).map((r) => ({
        ...r,
        started_at: r.started_at.toISOString(),
        ended_at: r.ended_at.toISOString(),
        created_at: r.created_at.toISOString(),
        updated_at: r.updated_at.toISOString(),
      }));
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ data, next_cursor: rows.length > 50 ? 'more' : null }));
    },
    () => res.writeHead(500).end(),
  );
});
server.listen(Number(PORT ?? 0), '127.0.0.1', () => console.log('raw reads listening'));
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
