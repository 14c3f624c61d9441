import { getAccessToken } from '../../calendar/token-refresher.ts';
import type { HandlerFor } from '../definition.ts';
import type { refreshAccountTokenJob } from './definition.ts';

/** `calendar:refresh_account_token`: one refresh through the same locked refresher the sync uses. */
export const refreshAccountTokenHandler: HandlerFor<typeof refreshAccountTokenJob> = async (ctx, payload) => {
  await getAccessToken(ctx, payload.oauthAccountId, { force: true });
  return { refreshed: true };
};
