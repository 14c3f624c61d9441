import type { ProviderEvent } from '../calendar/types.ts';
import { parseGraphUtcDateTime } from './graph-datetime.ts';
import type { GraphEvent, GraphRemovedEvent } from './graph-schemas.ts';

const isRemoved = (item: GraphEvent | GraphRemovedEvent): item is GraphRemovedEvent => '@removed' in item;

/**
 * One calendarView delta item → the engine's event. calendarView expands recurring series, so an
 * item is a single instance, an occurrence or an exception (keyed by its own id, with the series
 * master's id as `seriesId`). `@removed` items carry only an id and become cancelled stubs.
 */
export function toProviderEvent(item: GraphEvent | GraphRemovedEvent): ProviderEvent {
  if (isRemoved(item)) {
    return { id: item.id, seriesId: null, cancelled: true, allDay: false, title: '', description: null, start: null, end: null, timeZone: null };
  }
  return {
    id: item.id,
    seriesId: item.seriesMasterId ?? null,
    cancelled: item.isCancelled === true,
    allDay: item.isAllDay === true,
    title: item.subject ?? '',
    description: item.bodyPreview ? item.bodyPreview : null,
    start: parseGraphUtcDateTime(item.start),
    end: parseGraphUtcDateTime(item.end),
    // The times are UTC because we asked for it; the organiser's zone is what people recognise.
    timeZone: item.originalStartTimeZone ?? null,
  };
}
