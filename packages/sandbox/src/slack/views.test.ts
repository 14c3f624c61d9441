import { describe, expect, it } from 'vitest';
import { validateView } from './views.ts';

const plain = (text: string) => ({ type: 'plain_text', text });
const input = (block_id: string, element: Record<string, unknown>) => ({ type: 'input', block_id, label: plain('Label'), element });
const modal = (blocks: unknown[], extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: plain('Log time'),
  submit: plain('Save'),
  blocks,
  ...extra,
});

describe('the sandbox validates views the way Slack documents', () => {
  it('accepts a well-formed modal', () => {
    const option = { text: plain('Acme'), value: 'p1' };
    expect(
      validateView(
        modal([
          input('d', { type: 'plain_text_input', action_id: 'v' }),
          input('p', { type: 'static_select', options: [option], initial_option: option }),
          input('day', { type: 'datepicker', initial_date: '2026-11-25' }),
        ]),
      ),
    ).toEqual([]);
  });

  it.each([
    ['a title over 24 characters', modal([], { title: plain('A title that is far too long') }), '/view/title/text'],
    [
      'input blocks without a submit button',
      { type: 'modal', title: plain('x'), blocks: [input('d', { type: 'plain_text_input' })] },
      '/view/submit',
    ],
    ['an input without a label', modal([{ type: 'input', element: { type: 'plain_text_input' } }]), '/view/blocks/0/label'],
    ['a select without options', modal([input('p', { type: 'static_select', options: [] })]), '/view/blocks/0/element/options'],
    [
      'an initial option that is not an option',
      modal([
        input('p', {
          type: 'static_select',
          options: [{ text: plain('A'), value: 'a' }],
          initial_option: { text: plain('B'), value: 'b' },
        }),
      ]),
      '/view/blocks/0/element/initial_option',
    ],
    [
      'a malformed initial date',
      modal([input('day', { type: 'datepicker', initial_date: '25/11/2026' })]),
      '/view/blocks/0/element/initial_date',
    ],
    ['private_metadata over 3000 characters', modal([], { private_metadata: 'x'.repeat(3001) }), '/view/private_metadata'],
    [
      'duplicate block ids',
      modal([input('d', { type: 'plain_text_input' }), input('d', { type: 'plain_text_input' })]),
      '/view/blocks/1/block_id',
    ],
    ['more than 100 blocks', modal(Array.from({ length: 101 }, () => ({ type: 'divider' }))), '/view/blocks'],
  ])('refuses %s', (_name, view, pointer) => {
    expect(validateView(view).map((p) => p.pointer)).toContain(pointer);
  });
});
