import { z } from 'zod';
import { defineJob } from '../definition.ts';

/** `slack:response_url`: a follow-up to a slash command or interaction through its response_url (valid 30 minutes, 5 uses). */
export const slackResponseJob = defineJob({
  name: 'slack:response_url',
  queue: 'notifications',
  /** `blocks` with `replaceOriginal` rewrites the clicked message in place (the review nudge). */
  payload: z.object({
    responseUrl: z.url(),
    text: z.string(),
    blocks: z.array(z.unknown()).max(50).optional(),
    replaceOriginal: z.boolean().default(false),
  }),
  retry: { attempts: 5, backoffMs: 2_000 },
  keepCompleted: { count: 1000, ageSeconds: 600 },
  callsSlack: true,
});
