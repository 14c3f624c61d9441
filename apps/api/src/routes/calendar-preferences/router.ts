import { z } from 'zod';
import { getCalendarPreferences, updateCalendarPreferences, type ClassificationPreferences } from '@billops/domain';
import type { RouteContext } from '../../context.ts';
import type { ApiRouter } from '../../http/route.ts';

const preferencesJson = (p: ClassificationPreferences) => ({ offer_focus_time: p.offerFocusTime, offer_free_events: p.offerFreeEvents });
const patchBody = z
  .object({ offer_focus_time: z.boolean().optional(), offer_free_events: z.boolean().optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'give at least one preference');

/** What the user wants offered as billable meetings from their calendars (the rest is hidden with a reason). */
export function calendarPreferenceRoutes(ctx: RouteContext, router: ApiRouter): ApiRouter {
  return router
    .route(
      { method: 'get', path: '/calendar-preferences', tag: 'calendar-events', summary: 'Which calendar events I am offered as meetings' },
      async ({ actor }) => {
        return preferencesJson(await getCalendarPreferences(ctx, actor.userId));
      },
    )
    .route(
      {
        method: 'patch',
        path: '/calendar-preferences',
        tag: 'calendar-events',
        summary: 'Offer (or hide) focus time and free events; my events are re-classified at once',
        body: patchBody,
      },
      async ({ body, actor }) => {
        const patch = {
          ...(body.offer_focus_time === undefined ? {} : { offerFocusTime: body.offer_focus_time }),
          ...(body.offer_free_events === undefined ? {} : { offerFreeEvents: body.offer_free_events }),
        };
        return preferencesJson(await updateCalendarPreferences(ctx, actor.userId, patch));
      },
    );
}
