import { z } from 'zod';
import { safeString, text } from '@billops/core';

export const registerBody = z.object({
  email: z.email().max(254),
  password: safeString({ min: 10, max: 256, message: 'must be at least 10 characters' }),
  name: text({ min: 1, max: 200 }),
  organization_name: text({ min: 1, max: 200 }).optional(),
  time_zone: z
    .string()
    .refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC', 'unknown IANA time zone')
    .optional(),
});

export const loginBody = z.object({
  email: z.email(),
  password: safeString({ min: 1, max: 256 }),
  organization_id: z.uuid().optional(),
});

export const sessionResponse = z.object({
  token: z.string(),
  expires_at: z.iso.datetime(),
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string(), time_zone: z.string() }),
  organization_id: z.uuid(),
  role: z.enum(['owner', 'admin', 'member']),
});

export const meResponse = sessionResponse.omit({ token: true, expires_at: true });
