import { z } from 'zod';
import { queryBoolean } from '../clients/schemas.ts';
import { instant, safeString, text } from '@billops/core';

const source = z.enum(['manual', 'calendar', 'slack']);

export const createTimeEntryBody = z.object({
  project_id: z.uuid().nullish(),
  client_id: z.uuid().nullish(),
  description: text({ max: 2000 }).default(''),
  started_at: instant,
  ended_at: instant,
  billable: z.boolean().default(true),
  user_id: z.uuid().optional().describe('Log time for another member (admins/owners only)'),
});

export const updateTimeEntryBody = z
  .object({
    project_id: z.uuid().nullable(),
    client_id: z.uuid().nullable(),
    description: text({ max: 2000 }),
    started_at: instant,
    ended_at: instant,
    billable: z.boolean(),
  })
  .partial();

export const listTimeEntriesQuery = z.object({
  from: instant.optional().describe('Entries that started at or after this instant'),
  to: instant.optional().describe('Entries that started before this instant (exclusive)'),
  project_id: z.uuid().optional(),
  client_id: z.uuid().optional(),
  source: source.optional(),
  billable: queryBoolean.optional(),
  invoiced: queryBoolean.optional().describe('true: only entries on an invoice; false: only unbilled ones'),
  user_id: z.uuid().optional().describe("One member's entries (admins/owners only; members always see just their own)"),
  cursor: safeString({ max: 500 }).optional().describe('The next_cursor of the previous page (opaque)'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size, 1-200 (default 50)'),
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
  auto: z.boolean().describe('Made by an auto-convert rule (undo with POST /review/undo)'),
  invoice_id: z.uuid().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

export const timeEntryPageResponse = z.object({ data: z.array(timeEntryResponse), next_cursor: z.string().nullable() });
