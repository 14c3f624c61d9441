import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * The full-sync ceiling: the same number of synced_calendar_events rows upserted with plain `pg`,
 * one multi-row `INSERT ... ON CONFLICT` per batch of 500, no provider and no ORM in the way.
 */
export async function pgBatchUpsert(
  databaseUrl: string,
  input: { calendarId: string; userId: string; events: number; batch?: number },
): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const batch = input.batch ?? 500;
  const start = performance.now();
  try {
    for (let offset = 0; offset < input.events; offset += batch) {
      const values: unknown[] = [];
      const rows: string[] = [];
      for (let i = offset; i < Math.min(offset + batch, input.events); i += 1) {
        const startAt = new Date(Date.UTC(2026, 10, 1) + i * 3600_000);
        const title = `Ceiling event ${i}`;
        const hash = createHash('sha256').update(`${title}|${startAt.toISOString()}`).digest('hex');
        const p = values.length;
        rows.push(
          `($${p + 1}::uuid,$${p + 2}::uuid,$${p + 3}::uuid,$${p + 4},$${p + 5},$${p + 6},$${p + 7},$${p + 8},'UTC',$${p + 9},now())`,
        );
        values.push(
          randomUUID(),
          input.calendarId,
          input.userId,
          `ceiling-${i}`,
          title,
          'Description',
          startAt,
          new Date(startAt.getTime() + 1800_000),
          hash,
        );
      }
      await client.query(
        `INSERT INTO synced_calendar_events
           (id, calendar_id, user_id, provider_event_id, event_title, event_description, event_start, event_end, event_time_zone,
            content_hash, updated_at)
         VALUES ${rows.join(',')}
         ON CONFLICT (calendar_id, provider_event_id) DO UPDATE SET
           event_title = EXCLUDED.event_title, event_description = EXCLUDED.event_description,
           event_start = EXCLUDED.event_start, event_end = EXCLUDED.event_end,
           content_hash = EXCLUDED.content_hash, updated_at = now()
         WHERE synced_calendar_events.content_hash IS DISTINCT FROM EXCLUDED.content_hash`,
        values,
      );
    }
    return performance.now() - start;
  } finally {
    await client.query('DELETE FROM synced_calendar_events WHERE calendar_id = $1', [input.calendarId]);
    await client.end();
  }
}
