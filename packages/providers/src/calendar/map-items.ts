import type { z } from 'zod';
import type { ProviderEvent, SkippedItem } from './types.ts';

const idOf = (raw: unknown): string | null => {
  const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id !== '' ? id : null;
};

/**
 * Maps a page's items one by one: an item that fails its schema or its mapping is reported in
 * `skipped` with its id and the reason, and the rest of the page still maps. One odd item from a
 * provider must never stop a calendar (its cursor would never move again).
 */
export function mapPageItems<S extends z.ZodType>(
  items: unknown[],
  schema: S,
  map: (item: z.infer<S>) => ProviderEvent | null,
): { events: ProviderEvent[]; skipped: SkippedItem[] } {
  const events: ProviderEvent[] = [];
  const skipped: SkippedItem[] = [];
  for (const raw of items) {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      skipped.push({
        id: idOf(raw),
        error: `unexpected shape: ${issue ? `${issue.path.join('.') || 'item'}: ${issue.message}` : 'invalid'}`,
      });
      continue;
    }
    try {
      const event = map(parsed.data);
      if (event) events.push(event);
    } catch (error) {
      skipped.push({ id: idOf(raw), error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { events, skipped };
}
