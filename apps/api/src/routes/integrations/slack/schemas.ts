import { safeString } from '@billops/core';
import { z } from 'zod';

const flag = z.boolean();

export const callbackBody = z.object({ code: safeString({ min: 1, max: 512 }), state: safeString({ min: 1, max: 512 }) });
export const callbackQuery = z.object({
  code: safeString({ max: 512 }).optional(),
  state: safeString({ max: 512 }).optional(),
  error: safeString({ max: 200 }).optional(),
});
export const authorizeResponse = z.object({ auth_url: z.url() });
export const installResponse = z.object({
  status: z.literal('success'),
  workspace_id: z.string(),
  workspace_name: z.string(),
  message: z.string(),
  linked_users: z.number().int(),
});

export const statusResponse = z.object({
  status: z.enum(['connected', 'not_linked', 'not_connected', 'disconnected']),
  workspace_id: z.string().nullable(),
  workspace_name: z.string().nullable(),
  slack_user_id: z.string().nullable(),
  slack_username: z.string().nullable(),
  notifications_enabled: flag,
  time_capture_enabled: flag,
  daily_summary_enabled: flag,
  invoice_notifications_enabled: flag,
  time_entry_notifications_enabled: flag,
});

export const preferencesBody = z
  .object({ daily_summary: flag.optional(), invoice_notifications: flag.optional(), time_entry_notifications: flag.optional() })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'give at least one preference');

export const usersQuery = z.object({
  cursor: safeString({ max: 500 }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export const bindingBody = z.object({
  slack_user_id: z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack user id like U012AB3CD'),
  user_id: z.uuid(),
});
export const bindingParams = z.object({ id: z.uuid() });
export const bindingResponse = z.object({
  id: z.uuid(),
  user_id: z.uuid(),
  slack_user_id: z.string(),
  slack_username: z.string().nullable(),
  slack_email: z.string().nullable(),
});

/** Slash command fields Slack posts (form-encoded); only what we use is required. */
export const slashCommandForm = z.object({
  team_id: z.string().min(1),
  user_id: z.string().min(1),
  user_name: z.string().optional(),
  command: z.string().optional(),
  text: safeString({ max: 4000 }).default(''),
  response_url: z.url(),
  trigger_id: z.string().min(1).max(200),
});

/** Interactivity posts `payload=<json>`; the payload's own schemas live with its handlers in the domain. */
export const interactionForm = z.object({ payload: z.string().min(2) });
