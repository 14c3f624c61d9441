import type { SlackView } from '@billops/providers';
import { z } from 'zod';
import { durationInputText } from './time-command-parser.ts';

/** The time entry modal (new and edit): its callback id, block ids and what it carries. */
export const TIME_ENTRY_MODAL_ID = 'time_entry_modal';
export const MODAL_BLOCKS = {
  duration: 'duration',
  project: 'project',
  day: 'day',
  description: 'description',
  billable: 'billable',
} as const;
const ACTION = 'value';
const DESCRIPTION_MAX = 2000;

/** Carried through the modal in private_metadata: the entry being edited, where to confirm. */
export const modalMetadata = z.object({ entryId: z.uuid().optional(), responseUrl: z.url().optional() });
export type ModalMetadata = z.infer<typeof modalMetadata>;

export type ModalProject = { id: string; name: string; clientName: string | null };
export type ModalValues = { durationMinutes?: number; projectId?: string | null; date: string; description?: string; billable: boolean };

const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });
/** Slack's limit for an option's text is 75 characters. */
const optionOf = (p: ModalProject) => {
  const label = p.clientName ? `${p.name} (${p.clientName})` : p.name;
  return { text: plain(label.length > 75 ? `${label.slice(0, 74)}…` : label), value: p.id };
};
const BILLABLE = { text: plain('Billable'), value: 'billable' };

/** Slack allows 100 options in a static select; more projects than that need a typed code (`/time ... #code`). */
const MAX_OPTIONS = 100;

export function timeEntryModal(input: {
  editing: boolean;
  projects: ModalProject[];
  values: ModalValues;
  metadata: ModalMetadata;
}): SlackView {
  const { values } = input;
  const options = input.projects.slice(0, MAX_OPTIONS).map(optionOf);
  const initialProject = options.find((o) => o.value === values.projectId);
  const blocks: unknown[] = [
    {
      type: 'input',
      block_id: MODAL_BLOCKS.duration,
      label: plain('Duration'),
      hint: plain('Hours and minutes: 1h30, 90m, 2.5h or 1:30. A bare number means hours.'),
      element: {
        type: 'plain_text_input',
        action_id: ACTION,
        placeholder: plain('e.g. 1h30'),
        ...(values.durationMinutes ? { initial_value: durationInputText(values.durationMinutes) } : {}),
      },
    },
    ...(options.length
      ? [
          {
            type: 'input',
            block_id: MODAL_BLOCKS.project,
            optional: true,
            label: plain('Project'),
            element: {
              type: 'static_select',
              action_id: ACTION,
              placeholder: plain('No project'),
              options,
              ...(initialProject ? { initial_option: initialProject } : {}),
            },
          },
        ]
      : []),
    {
      type: 'input',
      block_id: MODAL_BLOCKS.day,
      label: plain('Day'),
      element: { type: 'datepicker', action_id: ACTION, initial_date: values.date },
    },
    {
      type: 'input',
      block_id: MODAL_BLOCKS.description,
      optional: true,
      label: plain('Description'),
      element: {
        type: 'plain_text_input',
        action_id: ACTION,
        multiline: true,
        max_length: DESCRIPTION_MAX,
        ...(values.description ? { initial_value: values.description.slice(0, DESCRIPTION_MAX) } : {}),
      },
    },
    {
      type: 'input',
      block_id: MODAL_BLOCKS.billable,
      optional: true,
      label: plain('Billing'),
      element: { type: 'checkboxes', action_id: ACTION, options: [BILLABLE], ...(values.billable ? { initial_options: [BILLABLE] } : {}) },
    },
  ];
  return {
    type: 'modal',
    callback_id: TIME_ENTRY_MODAL_ID,
    title: plain(input.editing ? 'Edit time entry' : 'Log time'),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: JSON.stringify(input.metadata),
    blocks,
  };
}

// view.state.values[block_id][action_id], as Slack reports each element type (null when emptied).
const stateValues = z.record(z.string(), z.record(z.string(), z.object({ type: z.string() }).loose()));
const textValue = z.object({ value: z.string().nullish() }).loose();
const selectValue = z.object({ selected_option: z.object({ value: z.string() }).loose().nullish() }).loose();
const dateValue = z.object({ selected_date: z.string().nullish() }).loose();
const checkboxValue = z.object({ selected_options: z.array(z.object({ value: z.string() }).loose()).nullish() }).loose();

export type ModalInput = { durationText: string; projectId: string | null; date: string | null; description: string; billable: boolean };

/** Reads the submitted fields; anything missing reads as empty (optional blocks may be left out). */
export function readModalState(raw: unknown): ModalInput {
  const values = stateValues.catch({}).parse(raw);
  const at = (block: string) => values[block]?.[ACTION];
  return {
    durationText: textValue.catch({}).parse(at(MODAL_BLOCKS.duration) ?? {}).value ?? '',
    projectId: selectValue.catch({}).parse(at(MODAL_BLOCKS.project) ?? {}).selected_option?.value ?? null,
    date: dateValue.catch({}).parse(at(MODAL_BLOCKS.day) ?? {}).selected_date ?? null,
    description: (textValue.catch({}).parse(at(MODAL_BLOCKS.description) ?? {}).value ?? '').trim(),
    billable: (checkboxValue.catch({}).parse(at(MODAL_BLOCKS.billable) ?? {}).selected_options ?? []).some(
      (o) => o.value === BILLABLE.value,
    ),
  };
}
