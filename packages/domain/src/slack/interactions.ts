import { z } from 'zod';
import type { ServiceContext } from '../context.ts';
import { ENTRY_MENU_ACTION_ID } from './list-reply.ts';
import { EDIT_ACTION_ID, UNDO_ACTION_ID } from './messages.ts';
import { openTimeEntryModal } from './open-time-entry-modal.ts';
import { submitTimeEntryModal } from './submit-time-entry-modal.ts';
import { TIME_ENTRY_MODAL_ID } from './time-entry-modal.ts';
import { undoSlackTimeEntry } from './undo-time-entry.ts';

type Ctx = Pick<ServiceContext, 'prisma' | 'queues' | 'vault' | 'providers' | 'logger' | 'now'>;

/** Shortcut callback ids, as declared in slack-app-manifest.yml. */
export const LOG_TIME_SHORTCUT_ID = 'log_time';
export const LOG_TIME_FROM_MESSAGE_ID = 'log_time_from_message';

/**
 * Slack's interaction payloads (docs.slack.dev/reference/interaction-payloads), only the fields we
 * use; objects stay open because Slack adds fields freely. `team` is null for org-wide installs,
 * where `user.team_id` names the workspace.
 */
const who = { team: z.object({ id: z.string() }).nullish(), user: z.object({ id: z.string(), team_id: z.string().optional() }) };
const blockAction = z.object({
  action_id: z.string(),
  value: z.string().optional(),
  selected_option: z.object({ value: z.string() }).nullish(),
});
export const blockActionsPayload = z.object({
  type: z.literal('block_actions'),
  ...who,
  trigger_id: z.string().optional(),
  response_url: z.url().optional(),
  actions: z.array(blockAction).min(1),
});
export const viewSubmissionPayload = z.object({
  type: z.literal('view_submission'),
  ...who,
  view: z.object({
    id: z.string(),
    callback_id: z.string().default(''),
    private_metadata: z.string().default(''),
    state: z.object({ values: z.unknown() }).default({ values: {} }),
  }),
});
export const shortcutPayload = z.object({ type: z.literal('shortcut'), ...who, callback_id: z.string(), trigger_id: z.string() });
export const messageActionPayload = z.object({
  type: z.literal('message_action'),
  ...who,
  callback_id: z.string(),
  trigger_id: z.string(),
  response_url: z.url().optional(),
  message: z.object({ text: z.string().optional() }).default({}),
});

export type BlockActionsPayload = z.infer<typeof blockActionsPayload>;
export type BlockAction = z.infer<typeof blockAction>;

/** A message to post on a response_url after the acknowledgement (by a job: never inside the webhook). */
export type FollowUp = { responseUrl: string; text: string; blocks?: unknown[]; replaceOriginal: boolean };
/** `body` is the HTTP answer (empty when undefined); `followUps` are posted afterwards. */
export type InteractionResult = { body?: unknown; followUps: FollowUp[] };

const ack = (followUps: FollowUp[] = []): InteractionResult => ({ followUps });
const teamOf = (p: { team?: { id: string } | null; user: { team_id?: string } }) => p.team?.id ?? p.user.team_id ?? '';

type BlockActionHandler = (ctx: Ctx, payload: BlockActionsPayload, action: BlockAction) => Promise<InteractionResult>;

async function undo(ctx: Ctx, payload: BlockActionsPayload, entryId: string, replaceOriginal: boolean): Promise<InteractionResult> {
  const result = await undoSlackTimeEntry(ctx, { teamId: teamOf(payload), slackUserId: payload.user.id, entryId });
  if (!payload.response_url) return ack();
  return ack([{ responseUrl: payload.response_url, text: result.text, replaceOriginal: replaceOriginal && result.status === 'undone' }]);
}

async function edit(ctx: Ctx, payload: BlockActionsPayload, entryId: string): Promise<InteractionResult> {
  if (!payload.trigger_id) return ack();
  const opened = await openTimeEntryModal(ctx, {
    teamId: teamOf(payload),
    slackUserId: payload.user.id,
    triggerId: payload.trigger_id,
    entryId,
    ...(payload.response_url ? { responseUrl: payload.response_url } : {}),
  });
  if ('opened' in opened || !payload.response_url) return ack();
  return ack([{ responseUrl: payload.response_url, text: opened.reply.text, replaceOriginal: false }]);
}

/**
 * Block actions by action_id: an exact id, or a prefix ending in `:` for a family of actions (other
 * features add their rows here). Unknown actions are acknowledged and ignored.
 */
export const BLOCK_ACTION_HANDLERS: { actionId: string; handle: BlockActionHandler }[] = [
  { actionId: UNDO_ACTION_ID, handle: (ctx, p, a) => (a.value ? undo(ctx, p, a.value, true) : Promise.resolve(ack())) },
  { actionId: EDIT_ACTION_ID, handle: (ctx, p, a) => (a.value ? edit(ctx, p, a.value) : Promise.resolve(ack())) },
  {
    actionId: ENTRY_MENU_ACTION_ID,
    handle: (ctx, p, a) => {
      const [verb, entryId] = (a.selected_option?.value ?? '').split(':');
      if (verb === 'edit' && entryId) return edit(ctx, p, entryId);
      if (verb === 'undo' && entryId) return undo(ctx, p, entryId, false);
      return Promise.resolve(ack());
    },
  },
];

type ViewHandler = (ctx: Ctx, payload: z.infer<typeof viewSubmissionPayload>) => Promise<InteractionResult>;

/** view_submission by the view's callback_id. */
export const VIEW_SUBMISSION_HANDLERS: Record<string, ViewHandler> = {
  [TIME_ENTRY_MODAL_ID]: async (ctx, p) => {
    const outcome = await submitTimeEntryModal(ctx, {
      teamId: teamOf(p),
      slackUserId: p.user.id,
      viewId: p.view.id,
      privateMetadata: p.view.private_metadata,
      values: p.view.state.values,
    });
    const f = outcome.followUp;
    return {
      body: outcome.response,
      followUps: f
        ? [
            {
              responseUrl: f.responseUrl,
              text: f.reply.text,
              ...(f.reply.blocks ? { blocks: f.reply.blocks } : {}),
              replaceOriginal: f.replaceOriginal,
            },
          ]
        : [],
    };
  },
};

type ShortcutInput = { teamId: string; slackUserId: string; triggerId: string; responseUrl?: string; messageText?: string };
type ShortcutHandler = (ctx: Ctx, input: ShortcutInput) => Promise<InteractionResult>;

async function logTimeModal(ctx: Ctx, input: ShortcutInput): Promise<InteractionResult> {
  const opened = await openTimeEntryModal(ctx, {
    teamId: input.teamId,
    slackUserId: input.slackUserId,
    triggerId: input.triggerId,
    ...(input.messageText ? { description: input.messageText } : {}),
    ...(input.responseUrl ? { responseUrl: input.responseUrl } : {}),
  });
  if ('opened' in opened || !input.responseUrl) return ack();
  return ack([{ responseUrl: input.responseUrl, text: opened.reply.text, replaceOriginal: false }]);
}

/** Global (`shortcut`) and message (`message_action`) shortcuts by callback_id. */
export const SHORTCUT_HANDLERS: Record<string, ShortcutHandler> = {
  [LOG_TIME_SHORTCUT_ID]: logTimeModal,
  [LOG_TIME_FROM_MESSAGE_ID]: logTimeModal,
};

/**
 * The one entry point for Slack interactivity (buttons, menus, modals, shortcuts): routes the
 * verified, parsed payload by its type and then by action_id or callback_id.
 */
export async function handleSlackInteraction(ctx: Ctx, payload: unknown): Promise<InteractionResult> {
  const type = (payload as { type?: unknown } | null)?.type;
  if (type === 'block_actions') {
    const p = blockActionsPayload.parse(payload);
    const results = [];
    for (const action of p.actions) {
      const handler = BLOCK_ACTION_HANDLERS.find((h) =>
        h.actionId.endsWith(':') ? action.action_id.startsWith(h.actionId) : action.action_id === h.actionId,
      );
      if (handler) results.push(await handler.handle(ctx, p, action));
    }
    return ack(results.flatMap((r) => r.followUps));
  }
  if (type === 'view_submission') {
    const p = viewSubmissionPayload.parse(payload);
    const handler = VIEW_SUBMISSION_HANDLERS[p.view.callback_id];
    return handler ? handler(ctx, p) : ack();
  }
  if (type === 'shortcut') {
    const p = shortcutPayload.parse(payload);
    const handler = SHORTCUT_HANDLERS[p.callback_id];
    return handler ? handler(ctx, { teamId: teamOf(p), slackUserId: p.user.id, triggerId: p.trigger_id }) : ack();
  }
  if (type === 'message_action') {
    const p = messageActionPayload.parse(payload);
    const handler = SHORTCUT_HANDLERS[p.callback_id];
    const input = {
      teamId: teamOf(p),
      slackUserId: p.user.id,
      triggerId: p.trigger_id,
      ...(p.response_url ? { responseUrl: p.response_url } : {}),
      ...(p.message.text ? { messageText: p.message.text } : {}),
    };
    return handler ? handler(ctx, input) : ack();
  }
  // view_closed and anything newer: acknowledged, nothing to do.
  return ack();
}
