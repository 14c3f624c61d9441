/**
 * Sends a real, signed `/time` slash command to the local API, as Slack would:
 *   pnpm slack:time "2h #acme-web: review" [--user U0SANDBOX01]
 * The response_url points at the sandbox, so follow-ups show up in /slack/_control/responses.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { signSlackRequest, slashCommandBody } from './sign.ts';

const config = z
  .object({
    API_URL: z.url().default('http://localhost:8000'),
    SANDBOX_URL: z.url().default('http://127.0.0.1:4010'),
    SLACK_SIGNING_SECRET: z.string().min(1).default('sandbox-slack-signing-secret'),
    SLACK_TEAM_ID: z.string().default('T0SANDBOX1'),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')));

const { values, positionals } = parseArgs({ allowPositionals: true, options: { user: { type: 'string', default: 'U0SANDBOX01' } } });
const text = positionals.join(' ');
const body = slashCommandBody({
  text,
  teamId: config.SLACK_TEAM_ID,
  userId: values.user,
  responseUrl: `${config.SANDBOX_URL.replace(/\/$/, '')}/slack/_response/${randomBytes(6).toString('hex')}`,
});
const signed = signSlackRequest(config.SLACK_SIGNING_SECRET, body, 'form');
const response = await fetch(`${config.API_URL.replace(/\/$/, '')}/api/v1/integrations/slack/commands/time`, { method: 'POST', headers: signed.headers, body: signed.body });
console.log(`HTTP ${response.status}`);
console.log(JSON.stringify(await response.json().catch(() => null), null, 2));
