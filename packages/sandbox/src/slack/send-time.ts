/**
 * Drives the local API the way Slack would, signed with the signing secret:
 *   pnpm slack:time "2h #acme-web: review" [--user U0SANDBOX01]   a /time command ("" opens the modal)
 *   pnpm slack:time --shortcut                                    the global shortcut "Log time"
 *   pnpm slack:time --message "text of the message"               the message shortcut "Log time"
 *   pnpm slack:time --edit <entry id>                             the Edit button of a reply
 *   pnpm slack:time --submit <view id> --duration 1h30 [--day YYYY-MM-DD] [--project <id>] [--description "…"] [--billable false]
 * Response URLs point at the sandbox, so follow-ups show up in /slack/_control/responses and opened
 * modals in /slack/_control/views.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { blockActionsPayload, globalShortcutPayload, messageShortcutPayload, stateValue, viewSubmissionPayload } from './payloads.ts';
import { interactionBody, signSlackRequest, slashCommandBody } from './sign.ts';
import type { SandboxView } from './views.ts';

const config = z
  .object({
    API_URL: z.url().default('http://localhost:8000'),
    SANDBOX_URL: z.url().default('http://127.0.0.1:4010'),
    SLACK_SIGNING_SECRET: z.string().min(1).default('sandbox-slack-signing-secret'),
    SLACK_TEAM_ID: z.string().default('T0SANDBOX1'),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    user: { type: 'string', default: 'U0SANDBOX01' },
    shortcut: { type: 'boolean', default: false },
    message: { type: 'string' },
    edit: { type: 'string' },
    submit: { type: 'string' },
    duration: { type: 'string' },
    day: { type: 'string' },
    project: { type: 'string' },
    description: { type: 'string' },
    billable: { type: 'string', default: 'true' },
  },
});

const api = config.API_URL.replace(/\/$/, '');
const sandbox = config.SANDBOX_URL.replace(/\/$/, '');
const who = { teamId: config.SLACK_TEAM_ID, userId: values.user };
const responseUrl = () => `${sandbox}/slack/_response/${randomBytes(6).toString('hex')}`;

async function post(path: string, body: string) {
  const signed = signSlackRequest(config.SLACK_SIGNING_SECRET, body, 'form');
  const response = await fetch(`${api}/api/v1/integrations/slack/${path}`, { method: 'POST', headers: signed.headers, body: signed.body });
  const text = await response.text();
  console.log(`HTTP ${response.status}`);
  console.log(text ? JSON.stringify(JSON.parse(text), null, 2) : '(empty body: Slack shows nothing, or the modal was opened)');
}

async function openView(id: string): Promise<SandboxView> {
  const { views } = (await (await fetch(`${sandbox}/slack/_control/views`)).json()) as { views: SandboxView[] };
  const view = views.find((v) => v.id === id);
  if (!view) throw new Error(`no view ${id} in the sandbox (see ${sandbox}/slack/_control/views)`);
  return view;
}

if (values.submit) {
  const view = await openView(values.submit);
  const state: Record<string, Record<string, unknown>> = {
    duration: { value: stateValue.text(values.duration ?? null) },
    day: { value: stateValue.date(values.day ?? new Date().toISOString().slice(0, 10)) },
    description: { value: stateValue.text(values.description ?? null) },
    billable: { value: stateValue.checkboxes(values.billable === 'false' ? [] : ['billable']) },
    ...(values.project ? { project: { value: stateValue.select(values.project) } } : {}),
  };
  await post('interactions', interactionBody(viewSubmissionPayload({ ...who, view, values: state })));
} else if (values.edit) {
  await post(
    'interactions',
    interactionBody(blockActionsPayload({ ...who, actionId: 'edit_time_entry', value: values.edit, responseUrl: responseUrl() })),
  );
} else if (values.shortcut) {
  await post('interactions', interactionBody(globalShortcutPayload({ ...who, callbackId: 'log_time' })));
} else if (values.message !== undefined) {
  await post(
    'interactions',
    interactionBody(
      messageShortcutPayload({
        ...who,
        callbackId: 'log_time_from_message',
        message: { text: values.message },
        responseUrl: responseUrl(),
      }),
    ),
  );
} else {
  await post('commands/time', slashCommandBody({ text: positionals.join(' '), ...who, responseUrl: responseUrl() }));
}
