import type { Request, Response } from 'express';
import type { SlackSandboxState } from './state.ts';

/**
 * views.open / views.update as Slack answers them (docs.slack.dev/reference/methods/views.open,
 * views.update): the view is validated against the published limits (title and button texts up to
 * 24 characters, at most 100 blocks, private_metadata up to 3000 characters, input blocks with a
 * label and an element, select options 1-100 with the initial option among them), a trigger works
 * once and for 3 seconds, and a hash that no longer matches is `hash_conflict`.
 */
export type SandboxView = {
  id: string;
  team_id: string;
  type: 'modal';
  callback_id: string;
  private_metadata: string;
  external_id: string;
  title: unknown;
  submit: unknown;
  close: unknown;
  blocks: Record<string, unknown>[];
  state: { values: Record<string, unknown> };
  hash: string;
  root_view_id: string;
  previous_view_id: null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
};

const TRIGGER = /^(\d{10,})\.(\d+)\.([0-9a-f]+)$/;
const TRIGGER_LIFETIME_MS = 3_000;

type Check = { pointer: string; message: string };

function plainText(value: unknown, pointer: string, max: number, problems: Check[], required = true) {
  if (value === undefined) {
    if (required) problems.push({ pointer, message: 'must provide an object' });
    return;
  }
  const text = value as { type?: unknown; text?: unknown };
  if (text.type !== 'plain_text') problems.push({ pointer: `${pointer}/type`, message: 'must be plain_text' });
  if (typeof text.text !== 'string' || text.text.length === 0)
    problems.push({ pointer: `${pointer}/text`, message: 'must be a non-empty string' });
  else if (text.text.length > max) problems.push({ pointer: `${pointer}/text`, message: `must be less than ${max + 1} characters` });
}

function checkElement(element: Record<string, unknown>, pointer: string, problems: Check[]) {
  const type = element.type;
  if (typeof element.action_id === 'string' && element.action_id.length > 255)
    problems.push({ pointer: `${pointer}/action_id`, message: 'must be less than 256 characters' });
  if (type === 'static_select' || type === 'checkboxes' || type === 'radio_buttons') {
    const options = element.options as { text?: unknown; value?: unknown }[] | undefined;
    const max = type === 'static_select' ? 100 : 10;
    if (!Array.isArray(options) || options.length === 0 || options.length > max) {
      problems.push({ pointer: `${pointer}/options`, message: `must provide between 1 and ${max} items` });
      return;
    }
    options.forEach((o, k) => {
      plainText(o.text, `${pointer}/options/${k}/text`, type === 'static_select' ? 75 : 150, problems);
      if (typeof o.value !== 'string' || o.value.length > 150)
        problems.push({ pointer: `${pointer}/options/${k}/value`, message: 'must be a string of at most 150 characters' });
    });
    const values = new Set(options.map((o) => o.value));
    const initial =
      (type === 'checkboxes'
        ? (element.initial_options as { value?: unknown }[] | undefined)
        : element.initial_option
          ? [element.initial_option as { value?: unknown }]
          : []) ?? [];
    if (initial.some((o) => !values.has(o.value)))
      problems.push({ pointer: `${pointer}/initial_option`, message: 'must match one of the options' });
  } else if (type === 'datepicker') {
    if (element.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(element.initial_date)))
      problems.push({ pointer: `${pointer}/initial_date`, message: 'must be in YYYY-MM-DD format' });
  } else if (type === 'plain_text_input') {
    const max = typeof element.max_length === 'number' ? element.max_length : 3000;
    if (typeof element.initial_value === 'string' && element.initial_value.length > max)
      problems.push({ pointer: `${pointer}/initial_value`, message: `must be less than ${max + 1} characters` });
  } else if (typeof type !== 'string') {
    problems.push({ pointer: `${pointer}/type`, message: 'must provide a string' });
  }
}

export function validateView(view: unknown): Check[] {
  const problems: Check[] = [];
  const v = (view ?? {}) as Record<string, unknown>;
  if (v.type !== 'modal') problems.push({ pointer: '/view/type', message: 'must be modal' });
  plainText(v.title, '/view/title', 24, problems);
  plainText(v.submit, '/view/submit', 24, problems, false);
  plainText(v.close, '/view/close', 24, problems, false);
  if (typeof v.private_metadata === 'string' && v.private_metadata.length > 3000)
    problems.push({ pointer: '/view/private_metadata', message: 'must be less than 3001 characters' });
  if (typeof v.callback_id === 'string' && v.callback_id.length > 255)
    problems.push({ pointer: '/view/callback_id', message: 'must be less than 256 characters' });
  const blocks = v.blocks as Record<string, unknown>[] | undefined;
  if (!Array.isArray(blocks) || blocks.length > 100) {
    problems.push({ pointer: '/view/blocks', message: 'must provide between 0 and 100 items' });
    return problems;
  }
  const ids = new Set<string>();
  blocks.forEach((block, k) => {
    const pointer = `/view/blocks/${k}`;
    if (typeof block.block_id === 'string') {
      if (ids.has(block.block_id)) problems.push({ pointer: `${pointer}/block_id`, message: 'duplicate block_id' });
      ids.add(block.block_id);
    }
    if (block.type === 'input') {
      plainText(block.label, `${pointer}/label`, 2000, problems);
      if (!block.element || typeof block.element !== 'object')
        problems.push({ pointer: `${pointer}/element`, message: 'must provide an object' });
      else checkElement(block.element as Record<string, unknown>, `${pointer}/element`, problems);
    }
  });
  if (blocks.some((b) => b.type === 'input') && v.submit === undefined)
    problems.push({ pointer: '/view/submit', message: 'must provide submit when blocks contain input' });
  return problems;
}

const fail = (res: Response, error: string, messages?: string[]) => {
  res.status(200).json({ ok: false, error, ...(messages ? { response_metadata: { messages } } : {}) });
};

function viewOf(req: Request): unknown {
  const raw = (req.body as Record<string, unknown> | undefined)?.view;
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export function registerViewMethods(
  state: SlackSandboxState,
  method: (name: string, handler: (req: Request, res: Response) => void) => void,
): void {
  const build = (id: string, view: Record<string, unknown>): SandboxView => ({
    id,
    team_id: state.team.id,
    type: 'modal',
    callback_id: typeof view.callback_id === 'string' ? view.callback_id : '',
    private_metadata: typeof view.private_metadata === 'string' ? view.private_metadata : '',
    external_id: typeof view.external_id === 'string' ? view.external_id : '',
    title: view.title,
    submit: view.submit ?? null,
    close: view.close ?? null,
    blocks: (view.blocks as Record<string, unknown>[]).map((b, k) => ({
      block_id: typeof b.block_id === 'string' ? b.block_id : `blk${k}`,
      ...b,
    })),
    state: { values: {} },
    hash: state.nextHash(),
    root_view_id: id,
    previous_view_id: null,
    app_id: state.appId,
    app_installed_team_id: state.team.id,
    bot_id: 'B0SANDBOX1',
    clear_on_close: view.clear_on_close === true,
    notify_on_close: view.notify_on_close === true,
  });

  method('views.open', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const trigger =
      typeof body.trigger_id === 'string'
        ? body.trigger_id
        : typeof body.interactivity_pointer === 'string'
          ? body.interactivity_pointer
          : undefined;
    if (!trigger) return fail(res, 'invalid_arguments', ['[ERROR] missing required field: trigger_id']);
    const match = TRIGGER.exec(trigger);
    if (!match) return fail(res, 'invalid_trigger_id');
    if (state.exchangedTriggers.has(trigger)) return fail(res, 'exchanged_trigger_id');
    if (Date.now() - Number(match[1]) > TRIGGER_LIFETIME_MS) return fail(res, 'expired_trigger_id');
    const view = viewOf(req);
    if (!view) return fail(res, 'invalid_arguments', ['[ERROR] missing required field: view']);
    const problems = validateView(view);
    if (problems.length)
      return fail(
        res,
        'invalid_arguments',
        problems.map((p) => `[ERROR] ${p.message} [json-pointer:${p.pointer}]`),
      );
    state.exchangedTriggers.add(trigger);
    const opened = build(state.nextViewId(), view as Record<string, unknown>);
    state.views.set(opened.id, opened);
    res.json({ ok: true, view: opened });
  });

  method('views.update', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const existing =
      typeof body.view_id === 'string'
        ? state.views.get(body.view_id)
        : [...state.views.values()].find((v) => v.external_id && v.external_id === body.external_id);
    if (!existing) return fail(res, 'not_found');
    if (typeof body.hash === 'string' && body.hash !== existing.hash) return fail(res, 'hash_conflict');
    const view = viewOf(req);
    if (!view) return fail(res, 'invalid_arguments', ['[ERROR] missing required field: view']);
    const problems = validateView(view);
    if (problems.length)
      return fail(
        res,
        'invalid_arguments',
        problems.map((p) => `[ERROR] ${p.message} [json-pointer:${p.pointer}]`),
      );
    const updated = { ...build(existing.id, view as Record<string, unknown>), root_view_id: existing.root_view_id };
    state.views.set(existing.id, updated);
    res.json({ ok: true, view: updated });
  });
}
