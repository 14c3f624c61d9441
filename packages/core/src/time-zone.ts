import { findIana, WINDOWS_TO_IANA_MAP } from 'windows-iana';

/**
 * The one time-zone helper: calendar dates ("YYYY-MM-DD"), wall-clock times and the exact instant of
 * a local date and time in an IANA zone, with Intl's tz data only. Every provider mapping and /time
 * use it, so a DST rule is handled in one place. Windows zone names (what Microsoft Graph sends)
 * are mapped to IANA with CLDR's windowsZones data (the windows-iana package).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const windowsNamesLowerCase = new Map(WINDOWS_TO_IANA_MAP.map((entry) => [entry.windowsName.toLowerCase(), entry.windowsName]));

/**
 * The IANA zone for a Windows zone name ("Pacific Standard Time", "W. Europe Standard Time": CLDR's
 * territory-001 zone, e.g. America/Los_Angeles) or an IANA name; null when neither (Outlook's
 * "tzone://Microsoft/Custom", typos).
 */
export function ianaTimeZoneOf(name: string): string | null {
  let resolved = resolvedZones.get(name);
  if (resolved === undefined) {
    resolved = resolveTimeZone(name);
    if (resolvedZones.size < MAX_RESOLVED_ZONES) resolvedZones.set(name, resolved);
  }
  return resolved;
}

/**
 * Names already resolved. Graph names a zone on every event (twice), and looking a Windows name up
 * in CLDR's table was a sixth of an Outlook full sync's CPU; a mailbox uses a handful of zones. The
 * bound keeps odd input from growing it without limit.
 */
const resolvedZones = new Map<string, string | null>();
const MAX_RESOLVED_ZONES = 1_000;

function resolveTimeZone(name: string): string | null {
  const trimmed = name.trim();
  const windowsName = windowsNamesLowerCase.get(trimmed.toLowerCase());
  const fromWindows = windowsName ? findIana(windowsName)[0] : undefined;
  if (fromWindows && isValidTimeZone(fromWindows)) return fromWindows;
  return trimmed && isValidTimeZone(trimmed) ? trimmed : null;
}

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

// What the en-US h23 formatter above prints: "11/30/2026, 20:39:47".
const FORMATTED = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/;

/**
 * The wall clock of an instant in a time zone. Read from `format`'s fixed layout: formatToParts
 * builds an object per field and was the largest single cost of a /time command in profiles (a
 * command reads the clock 6-8 times); anything else (years before 1000) goes through formatToParts.
 */
export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const formatter = formatterFor(timeZone);
  const match = FORMATTED.exec(formatter.format(instant));
  if (match) {
    const [, month, day, year, hour, minute, second] = match;
    return {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: Number(hour),
      minute: Number(minute),
      second: Number(second),
    };
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local calendar date of an instant in a time zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  const w = wallClockAt(instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** "HH:MM" local wall-clock time of an instant. */
export function localTimeOf(instant: Date, timeZone: string): string {
  const w = wallClockAt(instant, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

function offsetMs(instant: Date, timeZone: string): number {
  // UTC has no offset to look up: every Graph time comes in it (we ask for it), and formatting the
  // instant to read it back cost more than the rest of mapping the event.
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  const w = wallClockAt(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant.getTime() / 1000) * 1000;
}

const LOCAL_TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

/**
 * The instant at which a local date and time ("HH:MM", "HH:MM:SS" or "HH:MM:SS.fffffff") happen in an
 * IANA time zone, exact across DST changes (2026-03-08 03:30 in America/New_York is 07:30Z). A time in
 * a DST gap resolves forward by the gap, the way calendars show it.
 */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const match = LOCAL_TIME.exec(time);
  if (!match) throw new RangeError(`Invalid local time: "${time}"`);
  const [, hh, mm, ss = '0', fraction = ''] = match;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const guess = Date.UTC(y, m - 1, d, Number(hh), Number(mm), Number(ss));
  const first = guess - offsetMs(new Date(guess), timeZone);
  const second = guess - offsetMs(new Date(first), timeZone);
  // One of the two offsets reproduces the wall clock asked for; in a DST gap neither does, and the
  // later instant is the one that moves the time forward.
  const exact = [second, first].find((t) => guess - offsetMs(new Date(t), timeZone) === t);
  return new Date((exact ?? Math.max(first, second)) + millis);
}

/** Adds days to a "YYYY-MM-DD" date (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** 0 = Sunday ... 6 = Saturday, for a "YYYY-MM-DD" date. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** True for a real calendar date in "YYYY-MM-DD" form (rejects 2026-02-30). */
export function isCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  return addDays(date, 0) === date;
}

// Built once: an Intl formatter is costly to construct (3% of the API's time under /time load when made per reply).
const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/** "Tue, 25 Nov 2026" for replies. */
export function formatDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return dayFormat.format(new Date(Date.UTC(y, m - 1, d)));
}
