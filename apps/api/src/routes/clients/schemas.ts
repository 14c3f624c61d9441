import { checkClientDomain } from '@billops/domain';
import { z } from 'zod';
import { safeString, text } from '@billops/core';

/** Query-string booleans: only the literal words, so `?billable=yes` is a 400 rather than a guess. */
export const queryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');

export const currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'must be a 3-letter ISO 4217 code')
  .transform((v) => v.toUpperCase());

/** Suggestion rule: a meeting with an attendee at one of these domains is this client's. */
const emailDomains = z
  .array(
    safeString({ max: 255 }).transform((value, check) => {
      const result = checkClientDomain(value);
      if (result.ok) return result.domain;
      check.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    }),
  )
  .max(50)
  .transform((domains) => [...new Set(domains)])
  .describe("Email domains of the client's people (acme.com), for meeting suggestions; free-mail domains are refused");
const autoConvert = z.boolean().describe('Meetings matched by this rule become time entries at the next sync (auto: true, undoable)');

export const idParams = z.object({ id: z.uuid() });
export const listClientsQuery = z.object({ include_archived: queryBoolean.optional() });

export const createClientBody = z.object({
  name: text({ min: 1, max: 200 }),
  email: z.email().max(254).nullish(),
  currency: currency.default('USD'),
  email_domains: emailDomains.default([]),
  auto_convert: autoConvert.default(false),
});

export const updateClientBody = z
  .object({
    name: text({ min: 1, max: 200 }),
    email: z.email().max(254).nullable(),
    currency,
    archived: z.boolean(),
    email_domains: emailDomains,
    auto_convert: autoConvert,
  })
  .partial();

export const clientResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  currency: z.string(),
  archived: z.boolean(),
  email_domains: z.array(z.string()),
  auto_convert: z.boolean(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export const clientListResponse = z.object({ data: z.array(clientResponse) });
