import { describe, expect, it } from 'vitest';
import { formatDuration, parseTimeCommand } from './time-command-parser.ts';

// Wednesday 2026-11-25 10:00 UTC.
const NOW = new Date('2026-11-25T10:00:00Z');
// 03:00 UTC on the 25th is still the evening of the 24th in Los Angeles (UTC-8).
const EARLY_UTC = new Date('2026-11-25T03:00:00Z');

type Expected = { minutes: number; project?: string; date: string; label?: string; description?: string } | { error: RegExp } | 'help';
type Row = [text: string, expected: Expected, options?: { now?: Date; timeZone?: string }];

const TABLE: Row[] = [
  // Duration forms
  ['2.5 hours', { minutes: 150, date: '2026-11-25', label: 'today', description: '' }],
  ['2.5h', { minutes: 150, date: '2026-11-25' }],
  ['2h 30m', { minutes: 150, date: '2026-11-25' }],
  ['1h30m', { minutes: 90, date: '2026-11-25' }],
  ['1h30', { minutes: 90, date: '2026-11-25' }],
  ['90m', { minutes: 90, date: '2026-11-25' }],
  ['90 min', { minutes: 90, date: '2026-11-25' }],
  ['90 minutes', { minutes: 90, date: '2026-11-25' }],
  ['1:30', { minutes: 90, date: '2026-11-25' }],
  ['0:45', { minutes: 45, date: '2026-11-25' }],
  ['2', { minutes: 120, date: '2026-11-25' }],
  ['1.25', { minutes: 75, date: '2026-11-25' }],
  ['.5h', { minutes: 30, date: '2026-11-25' }],
  ['1 hour', { minutes: 60, date: '2026-11-25' }],
  ['3 hrs', { minutes: 180, date: '2026-11-25' }],
  ['2 hours 15 minutes', { minutes: 135, date: '2026-11-25' }],
  ['24h', { minutes: 1440, date: '2026-11-25' }],
  ['2H', { minutes: 120, date: '2026-11-25' }],
  // Descriptions, with and without the colon
  ['2.5 hours: Meeting with client', { minutes: 150, date: '2026-11-25', description: 'Meeting with client' }],
  ['2h: review: part 2', { minutes: 120, date: '2026-11-25', description: 'review: part 2' }],
  ['2h review of the 1:1 notes', { minutes: 120, date: '2026-11-25', description: 'review of the 1:1 notes' }],
  ['1:30: standup', { minutes: 90, date: '2026-11-25', description: 'standup' }],
  ['2h : spaced colon', { minutes: 120, date: '2026-11-25', description: 'spaced colon' }],
  // Projects
  ['1h30m #acme-web yesterday: design review', { minutes: 90, project: 'acme-web', date: '2026-11-24', label: 'yesterday', description: 'design review' }],
  ['2h @acme-web: pairing', { minutes: 120, project: 'acme-web', date: '2026-11-25', description: 'pairing' }],
  ['#Acme-Web 2h', { minutes: 120, project: 'acme-web', date: '2026-11-25' }],
  ['2h #acme-web: review', { minutes: 120, project: 'acme-web', date: '2026-11-25', description: 'review' }],
  // Days
  ['2h yesterday', { minutes: 120, date: '2026-11-24', label: 'yesterday' }],
  ['2h today: x', { minutes: 120, date: '2026-11-25', label: 'today', description: 'x' }],
  ['2h monday', { minutes: 120, date: '2026-11-23', label: 'monday' }],
  ['2h Tuesday', { minutes: 120, date: '2026-11-24', label: 'tuesday' }],
  ['2h wednesday', { minutes: 120, date: '2026-11-25', label: 'today' }],
  ['2h thursday', { minutes: 120, date: '2026-11-19', label: 'thursday' }],
  ['2h fri', { minutes: 120, date: '2026-11-20', label: 'friday' }],
  ['2h 2026-11-01 #ops: audit', { minutes: 120, project: 'ops', date: '2026-11-01', label: '2026-11-01', description: 'audit' }],
  // Time zones: "today"/"yesterday" are the user's, not UTC's
  ['2h yesterday', { minutes: 120, date: '2026-11-23', label: 'yesterday' }, { now: EARLY_UTC, timeZone: 'America/Los_Angeles' }],
  ['2h', { minutes: 120, date: '2026-11-24', label: 'today' }, { now: EARLY_UTC, timeZone: 'America/Los_Angeles' }],
  ['2h 2026-11-25', { error: /future/ }, { now: EARLY_UTC, timeZone: 'America/Los_Angeles' }],
  ['2h', { minutes: 120, date: '2026-11-25' }, { now: new Date('2026-11-24T12:00:00Z'), timeZone: 'Pacific/Auckland' }],
  // Help
  ['help', 'help'],
  ['', 'help'],
  ['  HELP ', 'help'],
  // Errors
  ['0h', { error: /more than zero/ }],
  ['0', { error: /more than zero/ }],
  ['0:00', { error: /more than zero/ }],
  ['-2h', { error: /positive/ }],
  ['25h', { error: /24 hours/ }],
  ['24:30', { error: /24 hours/ }],
  ['1441m', { error: /24 hours/ }],
  ['meeting with client', { error: /Start with a duration/ }],
  ['#acme-web: review', { error: /Start with a duration/ }],
  ['2h 2026-12-01', { error: /future/ }],
  ['2h 2026-02-30', { error: /not a valid date/ }],
  ['2h #a #b', { error: /one project/ }],
  ['2h today yesterday', { error: /one day/ }],
  ['2h #acme 3h', { error: /duration once/ }],
  ['30m 2h', { error: /hours then minutes/ }],
];

describe('parseTimeCommand', () => {
  it('has a table of at least 40 inputs', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
  });

  it.each(TABLE)('%j', (text, expected, options) => {
    const result = parseTimeCommand(text, { now: options?.now ?? NOW, timeZone: options?.timeZone ?? 'UTC' });
    if (expected === 'help') {
      expect(result).toEqual({ kind: 'help' });
    } else if ('error' in expected) {
      expect(result.kind).toBe('error');
      expect(result.kind === 'error' && result.message).toMatch(expected.error);
    } else {
      expect(result.kind).toBe('entry');
      if (result.kind !== 'entry') return;
      expect(result.durationMinutes).toBe(expected.minutes);
      expect(result.date).toBe(expected.date);
      expect(result.projectCode).toBe(expected.project);
      if (expected.label !== undefined) expect(result.dayLabel).toBe(expected.label);
      if (expected.description !== undefined) expect(result.description).toBe(expected.description);
    }
  });

  it('formats durations the way replies and notifications say them', () => {
    expect(formatDuration(150)).toBe('2.5 hours');
    expect(formatDuration(60)).toBe('1 hour');
    expect(formatDuration(45)).toBe('45 minutes');
    expect(formatDuration(1)).toBe('1 minute');
    expect(formatDuration(100)).toBe('1.67 hours');
  });
});

describe('reading the project code before the user is known', () => {
  // handleTimeCommand reads the code in the zone furthest ahead (to fetch the project with the
  // workspace and user): whatever parses for a user anywhere must parse there with the same code.
  const zones = ['Pacific/Pago_Pago', 'America/Los_Angeles', 'UTC', 'Asia/Kolkata', 'Pacific/Auckland', 'Pacific/Kiritimati'];
  const instants = [EARLY_UTC, NOW, new Date('2026-11-25T23:30:00Z')];
  it.each(zones)('a command that parses in %s parses in Pacific/Kiritimati with the same project code', (timeZone) => {
    for (const now of instants) {
      const theirToday = new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
      for (const text of [`2h #acme ${theirToday}: x`, '1h @Web-2 yesterday', '30m #ops monday: standup', '#x 45m today']) {
        const theirs = parseTimeCommand(text, { now, timeZone });
        expect(theirs.kind).toBe('entry');
        const ahead = parseTimeCommand(text, { now, timeZone: 'Pacific/Kiritimati' });
        expect(ahead.kind).toBe('entry');
        expect(ahead.kind === 'entry' && theirs.kind === 'entry' && ahead.projectCode === theirs.projectCode).toBe(true);
      }
    }
  });
});
