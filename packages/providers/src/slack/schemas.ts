import { z } from 'zod';
import type { SlackMember } from './types.ts';

// Only the fields we rely on; Slack adds fields freely, so objects stay open (z.object strips the rest).
export const memberSchema = z.object({
  id: z.string(),
  team_id: z.string().optional(),
  name: z.string().default(''),
  real_name: z.string().optional(),
  deleted: z.boolean().default(false),
  is_bot: z.boolean().default(false),
  tz: z.string().nullish(),
  profile: z.object({ email: z.string().optional(), real_name: z.string().optional(), display_name: z.string().optional() }).default({}),
});

export const toMember = (raw: z.infer<typeof memberSchema>): SlackMember => ({
  id: raw.id,
  teamId: raw.team_id,
  name: raw.name,
  realName: raw.real_name ?? raw.profile.real_name,
  email: raw.profile.email,
  isBot: raw.is_bot || raw.id === 'USLACKBOT',
  deleted: raw.deleted,
  timeZone: raw.tz ?? undefined,
});

export const oauthAccessSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  scope: z.string().default(''),
  bot_user_id: z.string().optional(),
  app_id: z.string().optional(),
  team: z.object({ id: z.string(), name: z.string() }),
});

export const authTestSchema = z.object({
  team_id: z.string(),
  team: z.string().default(''),
  user_id: z.string(),
  bot_id: z.string().optional(),
});
export const postMessageSchema = z.object({ channel: z.string(), ts: z.string() });
export const usersListSchema = z.object({
  members: z.array(memberSchema),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});
export const userEnvelopeSchema = z.object({ user: memberSchema });
export const viewResponseSchema = z.object({ view: z.object({ id: z.string(), hash: z.string().optional() }) });
