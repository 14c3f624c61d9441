import { describe, expect, it } from 'vitest';
import { errorReply, loggedReply } from './messages.ts';
import { dateOrderFor, parseDurationText, parseTimeCommand, timeCommandUsage, type DateOrder } from './time-command-parser.ts';

// Wednesday 2026-11-25 10:00 UTC.
const NOW = new Date('2026-11-25T10:00:00Z');
// 03:00 UTC on the 25th is still the evening of the 24th in Los Angeles (UTC-8).
const EARLY_UTC = new Date('2026-11-25T03:00:00Z');

type Entry = { minutes: number; project?: string; date: string; label?: string; description?: string; reply?: string };
type Expected =
  Entry | { error: RegExp } | 'help' | 'modal' | 'list' | 'stop' | 'status' | { start: { project?: string; description: string } };
type Row = [text: string, expected: Expected, options?: { now?: Date; timeZone?: string; order?: DateOrder }];

const TABLE: Row[] = [
  // Duration forms
  [
    '2.5 hours',
    { minutes: 150, date: '2026-11-25', label: 'today', description: '', reply: 'Logged 2.5 hours for today, Wed, 25 Nov 2026' },
  ],
  ['2.5h', { minutes: 150, date: '2026-11-25' }],
  ['2,5h', { minutes: 150, date: '2026-11-25', reply: 'I read `2,5h` → 2.5 hours' }],
  ['2,5 hours: review', { minutes: 150, date: '2026-11-25', description: 'review' }],
  ['1,25', { minutes: 75, date: '2026-11-25', reply: 'Logged 1.25 hours' }],
  ['2h 30m', { minutes: 150, date: '2026-11-25' }],
  ['2h 30', { minutes: 150, date: '2026-11-25' }],
  ['1h30m', { minutes: 90, date: '2026-11-25' }],
  ['1h30', { minutes: 90, date: '2026-11-25', reply: 'Logged 1.5 hours' }],
  ['1hr30min', { minutes: 90, date: '2026-11-25' }],
  ['1H30M', { minutes: 90, date: '2026-11-25' }],
  ['90m', { minutes: 90, date: '2026-11-25' }],
  ['90 min', { minutes: 90, date: '2026-11-25' }],
  ['90mins', { minutes: 90, date: '2026-11-25' }],
  ['90 minutes', { minutes: 90, date: '2026-11-25' }],
  ['20m', { minutes: 20, date: '2026-11-25', reply: 'Logged 20 minutes' }],
  ['100m', { minutes: 100, date: '2026-11-25', reply: 'Logged 1 hour 40 minutes' }],
  ['1:30', { minutes: 90, date: '2026-11-25' }],
  ['0:45', { minutes: 45, date: '2026-11-25' }],
  ['2', { minutes: 120, date: '2026-11-25', reply: '`2` → 2 hours (a bare number means hours)' }],
  ['1.25', { minutes: 75, date: '2026-11-25' }],
  ['.5h', { minutes: 30, date: '2026-11-25' }],
  ['½h', { minutes: 30, date: '2026-11-25' }],
  ['1½ hours', { minutes: 90, date: '2026-11-25' }],
  ['two hours: workshop', { minutes: 120, date: '2026-11-25', description: 'workshop' }],
  ['1/2h', { minutes: 30, date: '2026-11-25' }],
  ['1 1/2 hours', { minutes: 90, date: '2026-11-25', reply: 'Logged 1.5 hours' }],
  ['3/4 hour', { minutes: 45, date: '2026-11-25' }],
  ['1:30h', { minutes: 90, date: '2026-11-25' }],
  ['~2h', { minutes: 120, date: '2026-11-25' }],
  ['2 Hrs. review', { minutes: 120, date: '2026-11-25', description: 'review' }],
  ['2h, meeting', { minutes: 120, date: '2026-11-25', description: 'meeting' }],
  ['half an hour: coffee chat', { minutes: 30, date: '2026-11-25', description: 'coffee chat' }],
  ['1 hour', { minutes: 60, date: '2026-11-25', reply: 'Logged 1 hour for today' }],
  ['1.5 hrs', { minutes: 90, date: '2026-11-25' }],
  ['3 hrs', { minutes: 180, date: '2026-11-25' }],
  ['2 hours 15 minutes', { minutes: 135, date: '2026-11-25' }],
  ['2 hours and 15 minutes: call', { minutes: 135, date: '2026-11-25', description: 'call' }],
  ['24h', { minutes: 1440, date: '2026-11-25' }],
  ['2H', { minutes: 120, date: '2026-11-25' }],
  ['  2h    #acme   :  spaced  out ', { minutes: 120, project: 'acme', date: '2026-11-25', description: 'spaced  out' }],
  // Units we do not log in are errors naming the ones we do
  ['3 days', { error: /`days` is not a unit I log in\. I log hours and minutes only \(`h`, `hr`, `hours`, `m`, `min`, `minutes`\)/ }],
  ['3d: holiday', { error: /`d` is not a unit/ }],
  ['2 weeks', { error: /`weeks` is not a unit/ }],
  ['1w', { error: /`w` is not a unit/ }],
  ['30 seconds', { error: /`seconds` is not a unit/ }],
  ['45s', { error: /`s` is not a unit/ }],
  ['2 secs', { error: /`secs` is not a unit/ }],
  ['2 hs', { error: /`hs` is not a unit/ }],
  ['2hx', { error: /cannot read that unit.*hours and minutes only/ }],
  ['1h75', { error: /minutes under 60/ }],
  // Descriptions, with and without the colon
  [
    '2.5 hours: Meeting with client',
    { minutes: 150, date: '2026-11-25', description: 'Meeting with client', reply: '— “Meeting with client”' },
  ],
  ['2h: review: part 2', { minutes: 120, date: '2026-11-25', description: 'review: part 2' }],
  ['2h review of the 1:1 notes', { minutes: 120, date: '2026-11-25', description: 'review of the 1:1 notes' }],
  ['1:30: standup', { minutes: 90, date: '2026-11-25', description: 'standup' }],
  ['2h : spaced colon', { minutes: 120, date: '2026-11-25', description: 'spaced colon' }],
  ['2h:design review', { minutes: 120, date: '2026-11-25', description: 'design review' }],
  ['1:30:standup', { minutes: 90, date: '2026-11-25', description: 'standup' }],
  ['2h yesterday:retro', { minutes: 120, date: '2026-11-24', description: 'retro' }],
  ['2h see https://example.com/a:b', { minutes: 120, date: '2026-11-25', description: 'see https://example.com/a:b' }],
  ['2h | piped', { minutes: 120, date: '2026-11-25', description: 'piped' }],
  ['2h - dash separated', { minutes: 120, date: '2026-11-25', description: 'dash separated' }],
  ['2 meetings with client', { minutes: 120, date: '2026-11-25', description: 'meetings with client' }],
  [
    '2h fix <!channel> & <@U1>',
    { minutes: 120, date: '2026-11-25', description: 'fix <!channel> & <@U1>', reply: '“fix &lt;!channel&gt; &amp; &lt;@U1&gt;”' },
  ],
  ['2h: plan for tomorrow', { minutes: 120, date: '2026-11-25', description: 'plan for tomorrow' }],
  ['2h next steps planning', { minutes: 120, date: '2026-11-25', description: 'next steps planning' }],
  ['2h fix #123 crash', { minutes: 120, date: '2026-11-25', description: 'fix #123 crash' }],
  // Projects, wherever people put them
  [
    '1h30m #acme-web yesterday: design review',
    {
      minutes: 90,
      project: 'acme-web',
      date: '2026-11-24',
      label: 'yesterday',
      description: 'design review',
      reply: 'Logged 1.5 hours on acme-web for yesterday, Tue, 24 Nov 2026 — “design review”',
    },
  ],
  ['2h @acme-web: pairing', { minutes: 120, project: 'acme-web', date: '2026-11-25', description: 'pairing' }],
  ['#Acme-Web 2h', { minutes: 120, project: 'acme-web', date: '2026-11-25' }],
  ['2h #acme-web: review', { minutes: 120, project: 'acme-web', date: '2026-11-25', description: 'review' }],
  [
    '2h design review #acme-web',
    { minutes: 120, project: 'acme-web', date: '2026-11-25', description: 'design review', reply: '`#acme-web` → project `#acme-web`' },
  ],
  ['2h <#C0123ABC|acme-web>: review', { minutes: 120, project: 'acme-web', date: '2026-11-25', description: 'review' }],
  ['yesterday #ops 45m: on-call', { minutes: 45, project: 'ops', date: '2026-11-24', description: 'on-call' }],
  // Days
  ['2h yesterday', { minutes: 120, date: '2026-11-24', label: 'yesterday', reply: '`yesterday` → yesterday, Tue, 24 Nov 2026' }],
  ['2h today: x', { minutes: 120, date: '2026-11-25', label: 'today', description: 'x' }],
  ['2h monday', { minutes: 120, date: '2026-11-23', label: 'monday', reply: 'for monday, Mon, 23 Nov 2026' }],
  ['2h Tuesday', { minutes: 120, date: '2026-11-24', label: 'tuesday' }],
  ['2h wednesday', { minutes: 120, date: '2026-11-25', label: 'today' }],
  ['2h thursday', { minutes: 120, date: '2026-11-19', label: 'thursday' }],
  ['2h fri', { minutes: 120, date: '2026-11-20', label: 'friday' }],
  ['2h last friday', { minutes: 120, date: '2026-11-20', label: 'last friday', reply: 'for last friday, Fri, 20 Nov 2026' }],
  ['2h last wednesday', { minutes: 120, date: '2026-11-18', label: 'last wednesday' }],
  ['2h on monday: retro', { minutes: 120, date: '2026-11-23', description: 'retro' }],
  ['2h 3 days ago', { minutes: 120, date: '2026-11-22', label: '3 days ago', reply: 'for 3 days ago, Sun, 22 Nov 2026' }],
  ['3 days ago 2h: catch-up', { minutes: 120, date: '2026-11-22', description: 'catch-up' }],
  ['2h a week ago', { minutes: 120, date: '2026-11-18', label: '1 week ago' }],
  ['2h 1 day ago', { minutes: 120, date: '2026-11-24', label: 'yesterday' }],
  ['2h the day before yesterday', { minutes: 120, date: '2026-11-23', label: 'the day before yesterday' }],
  ['2h day before yesterday: x', { minutes: 120, date: '2026-11-23', description: 'x' }],
  ['2h code review yesterday', { minutes: 120, date: '2026-11-24', description: 'code review', reply: '`yesterday` → yesterday' }],
  ['2h code review #acme last friday', { minutes: 120, project: 'acme', date: '2026-11-20', description: 'code review' }],
  [
    '2h 2026-11-01 #ops: audit',
    {
      minutes: 120,
      project: 'ops',
      date: '2026-11-01',
      label: 'Sun, 1 Nov 2026',
      description: 'audit',
      reply: 'for Sun, 1 Nov 2026 — “audit”',
    },
  ],
  ['2h 2026/11/20', { minutes: 120, date: '2026-11-20' }],
  ['2h 20/11', { minutes: 120, date: '2026-11-20' }],
  ['2h 10/11', { minutes: 120, date: '2026-11-10', reply: 'Tue, 10 Nov 2026' }],
  ['2h 11/10', { minutes: 120, date: '2026-11-10' }, { order: 'mdy' }],
  ['2h 11/20', { minutes: 120, date: '2026-11-20' }],
  ['2h 20/11/2026', { minutes: 120, date: '2026-11-20' }],
  ['2h 20.11.', { minutes: 120, date: '2026-11-20' }],
  ['2h 20.11: x', { minutes: 120, date: '2026-11-20', description: 'x' }],
  ['2h Nov 20', { minutes: 120, date: '2026-11-20', reply: 'for Fri, 20 Nov 2026' }],
  ['2h november 20th: x', { minutes: 120, date: '2026-11-20', description: 'x' }],
  ['2h 20 Nov', { minutes: 120, date: '2026-11-20' }],
  ['2h Nov 20 2025', { minutes: 120, date: '2025-11-20' }],
  ['2h Dec 30', { minutes: 120, date: '2025-12-30' }, { now: new Date('2026-01-03T12:00:00Z') }],
  ['2h this morning', { minutes: 120, date: '2026-11-25', label: 'today' }],
  ['2hrs yesterday afternoon', { minutes: 120, date: '2026-11-24', description: '' }],
  ['2h last night: deploy', { minutes: 120, date: '2026-11-24', description: 'deploy' }],
  ['2h review (yesterday)', { minutes: 120, date: '2026-11-24', description: 'review' }],
  ['YESTERDAY 2H', { minutes: 120, date: '2026-11-24' }],
  ['2h Last Friday: x', { minutes: 120, date: '2026-11-20', description: 'x' }],
  ['2h this friday', { error: /Fri, 27 Nov 2026 is in the future/ }],
  // Future and unsupported days are errors, never description
  ['2h tomorrow', { error: /`tomorrow` is in the future/ }],
  ['2h Tomorrow: prep', { error: /`Tomorrow` is in the future/ }],
  ['2h prep for tomorrow', { error: /`tomorrow` is in the future.*after a colon/ }],
  ['2h next monday', { error: /`next monday` is in the future/ }],
  ['2h next week', { error: /`next week` is in the future/ }],
  ['2h in 2 days', { error: /`in 2 days` is in the future/ }],
  ['2h last week', { error: /`last week` is not one day/ }],
  ['2h Nov 30', { error: /Mon, 30 Nov 2026 is in the future/ }],
  ['2h 2026-12-01', { error: /future/ }],
  ['2h 2026-02-30', { error: /`2026-02-30` is not a valid date/ }],
  ['2h 31/11', { error: /not a valid date/ }],
  // Time zones: "today"/"yesterday" are the user's, not UTC's
  ['2h yesterday', { minutes: 120, date: '2026-11-23', label: 'yesterday' }, { now: EARLY_UTC, timeZone: 'America/Los_Angeles' }],
  ['2h', { minutes: 120, date: '2026-11-24', label: 'today' }, { now: EARLY_UTC, timeZone: 'America/Los_Angeles' }],
  ['2h 2026-11-25', { error: /future/ }, { now: EARLY_UTC, timeZone: 'America/Los_Angeles' }],
  ['2h', { minutes: 120, date: '2026-11-25' }, { now: new Date('2026-11-24T12:00:00Z'), timeZone: 'Pacific/Auckland' }],
  // Subcommands
  ['help', 'help'],
  ['  HELP ', 'help'],
  ['', 'modal'],
  ['   ', 'modal'],
  ['list', 'list'],
  ['LIST', 'list'],
  ['stop', 'stop'],
  ['status', 'status'],
  ['start', { start: { description: '' } }],
  ['start #acme-web: design review', { start: { project: 'acme-web', description: 'design review' } }],
  ['start writing the spec #acme', { start: { project: 'acme', description: 'writing the spec' } }],
  ['start: something else', { start: { description: 'something else' } }],
  ['Start #ops', { start: { project: 'ops', description: '' } }],
  ['stop now', { error: /takes nothing after it/ }],
  // Errors
  ['0h', { error: /more than zero/ }],
  ['0', { error: /more than zero/ }],
  ['0:00', { error: /more than zero/ }],
  ['-2h', { error: /positive/ }],
  ['25h', { error: /24 hours/ }],
  ['90', { error: /24 hours\. A bare number means hours: did you mean `90m`\?/ }],
  ['24:30', { error: /24 hours/ }],
  ['1441m', { error: /24 hours/ }],
  ['meeting with client', { error: /Start with a duration/ }],
  ['#acme-web: review', { error: /Start with a duration/ }],
  ['2h #a #b', { error: /one project/ }],
  ['2h today yesterday', { error: /one day/ }],
  ['2h #acme 3h', { error: /duration once/ }],
  ['30m 2h', { error: /hours then minutes/ }],
];

describe('parseTimeCommand', () => {
  it('has a table of at least 100 inputs', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(100);
  });

  it.each(TABLE)('%j', (text, expected, options) => {
    const timeZone = options?.timeZone ?? 'UTC';
    const result = parseTimeCommand(text, { now: options?.now ?? NOW, timeZone, dateOrder: options?.order ?? dateOrderFor(timeZone) });
    if (typeof expected === 'string') {
      const kinds = { help: 'help', modal: 'modal', list: 'list', stop: 'timer_stop', status: 'timer_status' } as const;
      expect(result).toEqual({ kind: kinds[expected] });
    } else if ('start' in expected) {
      expect(result).toMatchObject({ kind: 'timer_start', projectCode: expected.start.project, description: expected.start.description });
    } else if ('error' in expected) {
      expect(result.kind).toBe('error');
      if (result.kind !== 'error') return;
      expect(result.message).toMatch(expected.error);
      // The reply says what is wrong, then how to write it.
      expect(errorReply(result.message).text).toContain('*Log time with*');
    } else {
      expect(result.kind).toBe('entry');
      if (result.kind !== 'entry') return;
      expect(result.durationMinutes).toBe(expected.minutes);
      expect(result.date).toBe(expected.date);
      expect(result.projectCode).toBe(expected.project);
      if (expected.label !== undefined) expect(result.dayLabel).toBe(expected.label);
      if (expected.description !== undefined) expect(result.description).toBe(expected.description);
      const reply = loggedReply({
        entryId: 'e1',
        durationSeconds: result.durationMinutes * 60,
        date: result.date,
        dayLabel: result.dayLabel,
        projectName: result.projectCode,
        clientName: undefined,
        description: result.description,
        understood: result.understood,
      });
      // Everything read is echoed: each piece of the header appears in the reply.
      expect(reply.text).toContain('I read ');
      if (expected.reply) expect(reply.text).toContain(expected.reply);
    }
  });

  it('says in help which date order it assumes', () => {
    expect(timeCommandUsage('dmy')).toContain('`20/11` (day/month; month/day if your BillOps time zone is in the US)');
    expect(timeCommandUsage('mdy')).toContain('`11/20` (month/day');
    expect(dateOrderFor('America/New_York')).toBe('mdy');
    expect(dateOrderFor('Europe/Berlin')).toBe('dmy');
    expect(dateOrderFor('America/Toronto')).toBe('dmy');
  });
});

describe('parseDurationText (the modal’s duration field)', () => {
  it.each([
    ['1h30', { minutes: 90 }],
    ['90m', { minutes: 90 }],
    ['2,5', { minutes: 150 }],
    [' 2h 15m ', { minutes: 135 }],
    ['3 days', { error: expect.stringContaining('days is not a unit') }],
    ['', { error: expect.stringContaining('Enter a duration') }],
    ['soon', { error: expect.stringContaining('cannot read “soon”') }],
    ['25h', { error: expect.stringContaining('24 hours') }],
    ['0', { error: expect.stringContaining('more than zero') }],
  ])('%j', (text, expected) => {
    expect(parseDurationText(text)).toEqual(expected);
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
      for (const text of [
        `2h #acme ${theirToday}: x`,
        '1h @Web-2 yesterday',
        '30m #ops monday: standup',
        '#x 45m today',
        '2h review #acme 3 days ago',
      ]) {
        const theirs = parseTimeCommand(text, { now, timeZone });
        expect(theirs.kind).toBe('entry');
        const ahead = parseTimeCommand(text, { now, timeZone: 'Pacific/Kiritimati' });
        expect(ahead.kind).toBe('entry');
        expect(ahead.kind === 'entry' && theirs.kind === 'entry' && ahead.projectCode === theirs.projectCode).toBe(true);
      }
    }
  });
});
