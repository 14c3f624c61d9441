import { safeString, text } from '@billops/core';
import { BILLING_ROUNDINGS, normalizeKeyword } from '@billops/domain';
import { z } from 'zod';
import { currency, queryBoolean } from '../clients/schemas.ts';

/** Typed after `#` in Slack's `/time` command, so short, lowercase and URL-safe. */
export const projectCode = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be 1-32 lowercase letters, digits or dashes, not starting with a dash');
/** Cents per hour, capped at $100,000/h so invoice arithmetic stays exact. */
const hourlyRateCents = z.number().int().min(0).max(10_000_000);

/** Suggestion rule: a meeting whose title contains one of these (whole words; the longest match wins). */
const keywords = z
  .array(safeString({ max: 200 }).transform(normalizeKeyword).pipe(z.string().min(2, 'a keyword needs at least 2 characters').max(100)))
  .max(50)
  .transform((list) => [...new Set(list)])
  .describe('Words matched in meeting titles for suggestions');
const autoConvert = z.boolean().describe('Meetings matched by this rule become time entries at the next sync (auto: true, undoable)');
export const billingRounding = z
  .enum(BILLING_ROUNDINGS)
  .describe('none, up_6/15/30 (up to the next step) or nearest_6/15/30 minutes; applied on invoice lines only');

export const listProjectsQuery = z.object({ include_archived: queryBoolean.optional(), client_id: z.uuid().optional() });

export const createProjectBody = z.object({
  name: text({ min: 1, max: 200 }),
  code: projectCode,
  client_id: z.uuid().nullish(),
  hourly_rate_cents: hourlyRateCents.default(0),
  currency: currency.optional().describe("ISO 4217; defaults to the client's currency (USD without a client)"),
  keywords: keywords.default([]),
  auto_convert: autoConvert.default(false),
  billing_rounding: billingRounding.nullish().describe("Overrides the organization's rounding; null inherits it"),
});

export const updateProjectBody = z
  .object({
    name: text({ min: 1, max: 200 }),
    code: projectCode,
    client_id: z.uuid().nullable(),
    hourly_rate_cents: hourlyRateCents,
    currency,
    archived: z.boolean(),
    keywords,
    auto_convert: autoConvert,
    billing_rounding: billingRounding.nullable(),
  })
  .partial();

export const projectResponse = z.object({
  id: z.uuid(),
  client_id: z.uuid().nullable(),
  name: z.string(),
  code: z.string(),
  hourly_rate_cents: z.number().int(),
  currency: z.string(),
  archived: z.boolean(),
  keywords: z.array(z.string()),
  auto_convert: z.boolean(),
  billing_rounding: billingRounding.nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export const projectListResponse = z.object({ data: z.array(projectResponse) });
