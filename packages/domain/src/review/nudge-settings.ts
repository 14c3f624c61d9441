import type { ServiceContext } from '../context.ts';

export type NudgeSettings = { reviewNudgeEnabled: boolean; reviewNudgeTime: string; timeZone: string };
const SELECT = { reviewNudgeEnabled: true, reviewNudgeTime: true, timeZone: true } as const;

/** The user's daily review nudge: on/off and the local "HH:MM" (in their time zone). */
export const getNudgeSettings = (ctx: Pick<ServiceContext, 'prisma'>, userId: string): Promise<NudgeSettings> =>
  ctx.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: SELECT });

export const updateNudgeSettings = (
  ctx: Pick<ServiceContext, 'prisma'>,
  userId: string,
  patch: { enabled?: boolean; time?: string },
): Promise<NudgeSettings> =>
  ctx.prisma.user.update({
    where: { id: userId },
    data: {
      ...(patch.enabled !== undefined ? { reviewNudgeEnabled: patch.enabled } : {}),
      ...(patch.time !== undefined ? { reviewNudgeTime: patch.time } : {}),
    },
    select: SELECT,
  });
