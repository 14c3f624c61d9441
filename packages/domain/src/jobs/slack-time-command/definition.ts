import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineJob } from '../definition.ts';

/** `slack:time_command`: a `/time` from a Slack user not linked yet: link them by email, run it, answer on response_url. */
export const slackTimeCommandJob = defineJob({
  name: 'slack:time_command',
  queue: 'notifications',
  payload: z.object({
    teamId: z.string().min(1),
    slackUserId: z.string().min(1),
    text: z.string(),
    triggerId: z.string().min(1),
    responseUrl: z.url(),
  }),
  retry: { attempts: 5, backoffMs: 2_000 },
  keepCompleted: { count: 1000, ageSeconds: 600 },
  callsSlack: true,
});

/**
 * One job per command (Slack's retries of it carry the same trigger). Hashed: team and trigger ids
 * are Slack's to format, and a job id must stay letters, digits and dashes.
 */
export const slackTimeCommandJobId = (teamId: string, triggerId: string): string =>
  `slack-time-${createHash('sha256').update(`${teamId}/${triggerId}`).digest('hex')}`;
