import { z } from 'zod';
import { text } from '@billops/core';

/** Query-string booleans: only the literal words, so `?billable=yes` is a 400 rather than a guess. */
export const queryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');

export const currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'must be a 3-letter ISO 4217 code')
  .transform((v) => v.toUpperCase());

export const idParams = z.object({ id: z.uuid() });
export const listClientsQuery = z.object({ include_archived: queryBoolean.optional() });

export const createClientBody = z.object({
  name: text({ min: 1, max: 200 }),
  email: z.email().max(254).nullish(),
  currency: currency.default('USD'),
});

export const updateClientBody = z
  .object({
    name: text({ min: 1, max: 200 }),
    email: z.email().max(254).nullable(),
    currency,
    archived: z.boolean(),
  })
  .partial();

export const clientResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  currency: z.string(),
  archived: z.boolean(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export const clientListResponse = z.object({ data: z.array(clientResponse) });
