import { isUniqueViolation, withTransaction } from '@billops/db';
import { z } from 'zod';
import type { ServiceContext } from '../context.ts';

export const slackEventEnvelope = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url_verification'), challenge: z.string() }),
  z.object({
    type: z.literal('event_callback'),
    team_id: z.string(),
    event_id: z.string(),
    event: z.looseObject({
      type: z.string(),
      tokens: z.object({ bot: z.array(z.string()).optional(), oauth: z.array(z.string()).optional() }).optional(),
    }),
  }),
]);
export type SlackEventEnvelope = z.infer<typeof slackEventEnvelope>;

export type EventOutcome = { challenge: string } | { status: 'processed' | 'duplicate' | 'ignored' };

/**
 * The Events API: answers the url_verification challenge; `app_uninstalled` and `tokens_revoked`
 * (for the bot) deactivate the workspace. Each event_id is recorded in the same transaction as its
 * effect, so a retry (X-Slack-Retry-Num) or a duplicate delivery is not processed twice.
 */
export async function handleSlackEvent(
  ctx: Pick<ServiceContext, 'prisma' | 'logger'>,
  envelope: SlackEventEnvelope,
): Promise<EventOutcome> {
  if (envelope.type === 'url_verification') return { challenge: envelope.challenge };
  const deactivates =
    envelope.event.type === 'app_uninstalled' ||
    (envelope.event.type === 'tokens_revoked' && (envelope.event.tokens?.bot?.length ?? 0) > 0);
  try {
    await withTransaction(ctx.prisma, async (tx) => {
      await tx.slackProcessedEvent.create({ data: { eventId: envelope.event_id } });
      if (deactivates) {
        const { count } = await tx.slackIntegration.updateMany({
          where: { workspaceId: envelope.team_id, isActive: true },
          data: { isActive: false },
        });
        ctx.logger.info({ workspaceId: envelope.team_id, event: envelope.event.type, deactivated: count }, 'slack workspace deactivated');
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { status: 'duplicate' };
    throw error;
  }
  return { status: deactivates ? 'processed' : 'ignored' };
}
