import { z } from 'zod';

/** A UTF-16 surrogate without its partner: not a character, and PostgreSQL's UTF-8 cannot store it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Any string from a request that may be stored or echoed: no NUL byte (PostgreSQL text cannot
 * hold it), no lone surrogate, at most `max` characters. Not trimmed (passwords, opaque values).
 */
export const safeString = ({ min = 0, max, message }: { min?: number; max: number; message?: string }) =>
  z
    .string()
    .min(min, message)
    .max(max)
    .refine((v) => !v.includes('\u0000'), 'must not contain NUL characters')
    .refine((v) => !LONE_SURROGATE.test(v), 'must be valid Unicode (no unpaired surrogates)');

/** User-visible text (names, descriptions): a safeString, trimmed, `min`..`max` characters. */
export const text = ({ min = 0, max }: { min?: number; max: number }) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((v) => !v.includes('\u0000'), 'must not contain NUL characters')
    .refine((v) => !LONE_SURROGATE.test(v), 'must be valid Unicode (no unpaired surrogates)');

export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;

const inYearRange = (v: string) => {
  const date = new Date(v);
  // Not a date at all: the format check has already said so, once is enough.
  if (Number.isNaN(date.getTime())) return true;
  return date.getUTCFullYear() >= MIN_YEAR && date.getUTCFullYear() <= MAX_YEAR;
};

/** An ISO 8601 instant with an offset, years 1970-9999 (what every store and client here handles), as a string. */
export const instantString = z.iso.datetime({ offset: true }).refine(inYearRange, `must be between ${MIN_YEAR} and ${MAX_YEAR}`);

/** The same, as a Date: the one date schema of every route and cursor. */
export const instant = instantString.transform((v) => new Date(v));
