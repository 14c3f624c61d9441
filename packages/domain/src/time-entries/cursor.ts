import { AppError, instantString } from '@billops/core';
import { z } from 'zod';

/** Position after which the next page starts, for lists ordered by (a timestamp desc, id desc). */
export type CursorPosition = { at: Date; id: string };

const payload = z.object({ at: instantString, id: z.uuid() });

/** Opaque to clients: base64url JSON, so the ordering keys can change without breaking callers. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ at: position.at.toISOString(), id: position.id })).toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const parsed = payload.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { at: new Date(parsed.at), id: parsed.id };
  } catch {
    throw new AppError('validation_failed', 'Invalid cursor', { details: [{ path: 'cursor', message: 'not a cursor this API issued' }] });
  }
}
