import { text } from '@billops/core';
import { z } from 'zod';
import { currency, queryBoolean } from '../clients/schemas.ts';

/** Typed after `#` in Slack's `/time` command, so short, lowercase and URL-safe. */
export const projectCode = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be 1-32 lowercase letters, digits or dashes, not starting with a dash');
/** Cents per hour, capped at $100,000/h so invoice arithmetic stays exact. */
const hourlyRateCents = z.number().int().min(0).max(10_000_000);

export const listProjectsQuery = z.object({ include_archived: queryBoolean.optional(), client_id: z.uuid().optional() });

export const createProjectBody = z.object({
  name: text({ min: 1, max: 200 }),
  code: projectCode,
  client_id: z.uuid().nullish(),
  hourly_rate_cents: hourlyRateCents.default(0),
  currency: currency.optional().describe("ISO 4217; defaults to the client's currency (USD without a client)"),
});

export const updateProjectBody = z
  .object({
    name: text({ min: 1, max: 200 }),
    code: projectCode,
    client_id: z.uuid().nullable(),
    hourly_rate_cents: hourlyRateCents,
    currency,
    archived: z.boolean(),
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
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export const projectListResponse = z.object({ data: z.array(projectResponse) });
