import { z } from 'zod';
import { AppError, safeString } from '@billops/core';
import type { RouteContext } from '../../context.ts';
import type { ApiRouter } from '../../http/route.ts';
import { syncCountsJson } from '../integrations/calendar/sync-response.ts';

const STATUS: Record<string, string> = {
  completed: 'succeeded',
  failed: 'failed',
  active: 'running',
  waiting: 'queued',
  delayed: 'queued',
  prioritized: 'queued',
  'waiting-children': 'queued',
};
const jobData = z.object({ calendarId: z.uuid(), requestedBy: z.uuid().optional() });

/** Status of a calendar sync job the caller started (or of one of their calendars). */
export function jobRoutes(ctx: RouteContext, router: ApiRouter): ApiRouter {
  return router.route(
    {
      method: 'get',
      path: '/jobs/:id',
      tag: 'jobs',
      summary: 'Status of a sync job I started',
      params: z.object({ id: safeString({ min: 1, max: 200 }) }),
    },
    async ({ params, actor }) => {
      const job = await ctx.queues.queues.calendar.getJob(params.id);
      const data = jobData.safeParse(job?.data);
      const notFound = AppError.notFound('Job');
      if (!job || !data.success) throw notFound;
      if (data.data.requestedBy !== actor.userId) {
        const own = await ctx.prisma.calendarIntegration.count({ where: { id: data.data.calendarId, userId: actor.userId } });
        if (own === 0) throw notFound;
      }
      const state = await job.getState();
      return {
        id: job.id,
        calendar_id: data.data.calendarId,
        status: STATUS[state] ?? state,
        attempts: job.attemptsMade,
        ...(state === 'completed' ? { result: { status: 'success', ...syncCountsJson(job.returnvalue) } } : {}),
        ...(state === 'failed' ? { error: job.failedReason } : {}),
      };
    },
  );
}
