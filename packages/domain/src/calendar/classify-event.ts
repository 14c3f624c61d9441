import type { MeetingFacts } from '@billops/providers';

/**
 * What a meeting is. Every synced event is either OFFERED (a meeting the user may bill: its
 * `hidden_reason` is null) or HIDDEN with one reason. Offered events may carry markers the user
 * should see before billing them. This module is the only place these rules live; the sync stores
 * its answer per event and re-asks it when the user's preferences change.
 */
export const HIDDEN_REASONS = [
  'cancelled',
  'all_day',
  'declined',
  'out_of_office',
  'working_location',
  'birthday',
  'focus_time',
  'free',
  'duplicate',
] as const;
export type HiddenReason = (typeof HIDDEN_REASONS)[number];
export const EVENT_MARKERS = ['tentative', 'unanswered', 'solo'] as const;
export type EventMarker = (typeof EVENT_MARKERS)[number];

/** Per-user choices (users.offer_focus_time, users.offer_free_events). */
export type ClassificationPreferences = {
  /** Offer focus-time blocks (people who bill their deep work). @defaultValue false */
  offerFocusTime: boolean;
  /** Offer events shown as free / "available". @defaultValue false */
  offerFreeEvents: boolean;
};
export const DEFAULT_CLASSIFICATION_PREFERENCES: ClassificationPreferences = { offerFocusTime: false, offerFreeEvents: false };

export type ClassifiedFacts = Pick<MeetingFacts, 'selfResponse' | 'isOrganizer' | 'showAs' | 'eventType' | 'attendeeEmails'> & {
  cancelled: boolean;
  allDay: boolean;
};
export type Classification = { hiddenReason: Exclude<HiddenReason, 'duplicate'> | null; markers: EventMarker[] };

/**
 * The first matching rule decides:
 * 1. cancelled, all-day → hidden (never billable as a meeting);
 * 2. the user declined → `declined`;
 * 3. out of office (Google eventType outOfOffice, Graph showAs oof) → `out_of_office`;
 * 4. a working-location marker (Google eventType workingLocation; Graph showAs workingElsewhere
 *    with nobody else in it) → `working_location`;
 * 5. birthdays → `birthday`;
 * 6. focus time → `focus_time` unless the user offers it;
 * 7. shown as free → `free` unless the user offers free events;
 * otherwise offered, marked `tentative` (tentatively accepted), `unanswered` (no answer yet) and
 * `solo` (nobody else in it). `duplicate` is decided across calendars by the sync, not here.
 */
export function classifyEvent(
  facts: ClassifiedFacts,
  preferences: ClassificationPreferences = DEFAULT_CLASSIFICATION_PREFERENCES,
): Classification {
  const solo = facts.attendeeEmails.length === 0;
  const hidden = (hiddenReason: Exclude<HiddenReason, 'duplicate'>): Classification => ({ hiddenReason, markers: [] });
  if (facts.cancelled) return hidden('cancelled');
  if (facts.allDay) return hidden('all_day');
  if (facts.selfResponse === 'declined') return hidden('declined');
  if (facts.eventType === 'out_of_office' || facts.showAs === 'oof') return hidden('out_of_office');
  if (facts.eventType === 'working_location' || (facts.showAs === 'working_elsewhere' && solo)) return hidden('working_location');
  if (facts.eventType === 'birthday') return hidden('birthday');
  if (facts.eventType === 'focus_time' && !preferences.offerFocusTime) return hidden('focus_time');
  if (facts.showAs === 'free' && !preferences.offerFreeEvents) return hidden('free');
  const markers: EventMarker[] = [];
  if (facts.selfResponse === 'tentative') markers.push('tentative');
  if (facts.selfResponse === 'needs_action') markers.push('unanswered');
  if (solo) markers.push('solo');
  return { hiddenReason: null, markers };
}
