import { z } from 'zod';
import { queryBoolean } from '../clients/schemas.ts';

const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
const source = z.enum(['manual', 'calendar', 'slack']);

export const createTimeEntryBody = z.object({
  project_id: z.uuid().nullish(),
  client_id: z.uuid().nullish(),
  description: z.string().max(2000).default(''),
  started_at: instant,
  ended_at: instant,
  billable: z.boolean().default(true),
  /** Admins/owners may log time for another member of the organization. */
  user_id: z.uuid().optional(),
});

export const updateTimeEntryBody = z
  .object({
    project_id: z.uuid().nullable(),
    client_id: z.uuid().nullable(),
    description: z.string().max(2000),
    started_at: instant,
    ended_at: instant,
    billable: z.boolean(),
  })
  .partial();

export const listTimeEntriesQuery = z.object({
  /** started_at ≥ from */
  from: instant.optional(),
  /** started_at < to */
  to: instant.optional(),
  project_id: z.uuid().optional(),
  client_id: z.uuid().optional(),
  source: source.optional(),
  billable: queryBoolean.optional(),
  invoiced: queryBoolean.optional(),
  /** Admins/owners only. */
  user_id: z.uuid().optional(),
  /** `next_cursor` of the previous page. */
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const timeEntryResponse = z.object({
  id: z.uuid(),
  user_id: z.uuid(),
  project_id: z.uuid().nullable(),
  client_id: z.uuid().nullable(),
  description: z.string(),
  started_at: z.iso.datetime(),
  ended_at: z.iso.datetime(),
  duration_seconds: z.number().int(),
  billable: z.boolean(),
  source,
  invoice_id: z.uuid().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

export const timeEntryPageResponse = z.object({ data: z.array(timeEntryResponse), next_cursor: z.string().nullable() });
