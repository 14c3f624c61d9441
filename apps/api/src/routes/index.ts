import type { RequestHandler } from 'express';
import type { RouteContext } from '../context.ts';
import { ApiRouter, type ApiRegistry } from '../http/route.ts';
import { authRoutes } from './auth/router.ts';
import { calendarEventRoutes } from './calendar-events/router.ts';
import { calendarPreferenceRoutes } from './calendar-preferences/router.ts';
import { calendarRoutes } from './calendars/router.ts';
import { calendarIntegrationRoutes } from './integrations/calendar/router.ts';
import { jobRoutes } from './jobs/router.ts';
import { slackRoutes } from './integrations/slack/router.ts';
import { clientRoutes } from './clients/router.ts';
import { invoiceRoutes } from './invoices/router.ts';
import { memberRoutes } from './members/router.ts';
import { organizationRoutes } from './organization/router.ts';
import { projectRoutes } from './projects/router.ts';
import { reviewRoutes } from './review/router.ts';
import { timeEntryRoutes } from './time-entries/router.ts';

export const API_PREFIX = '/api/v1';

/**
 * Every feature's router, mounted under /api/v1. A feature module exports
 * `(ctx, router) => router.route(...)...`; add it to FEATURES and nothing else changes.
 */
const FEATURES: ((ctx: RouteContext, router: ApiRouter) => ApiRouter)[] = [
  authRoutes,
  memberRoutes,
  organizationRoutes,
  clientRoutes,
  projectRoutes,
  timeEntryRoutes,
  invoiceRoutes,
  slackRoutes,
  calendarIntegrationRoutes,
  calendarRoutes,
  calendarEventRoutes,
  reviewRoutes,
  calendarPreferenceRoutes,
  jobRoutes,
];

export function buildApiRouters(ctx: RouteContext, registry: ApiRegistry, requireAuth: RequestHandler): ApiRouter[] {
  return FEATURES.map((feature) => feature(ctx, new ApiRouter(registry, API_PREFIX, requireAuth)));
}
