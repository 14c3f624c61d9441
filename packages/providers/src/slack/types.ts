/** A Slack workspace member as we use it (parsed from users.list / users.info / users.lookupByEmail). */
export type SlackMember = {
  id: string;
  teamId: string | undefined;
  name: string;
  realName: string | undefined;
  email: string | undefined;
  isBot: boolean;
  deleted: boolean;
  timeZone: string | undefined;
};

export type SlackInstallation = {
  accessToken: string;
  scopes: string[];
  botUserId: string | undefined;
  appId: string | undefined;
  team: { id: string; name: string };
};

export type SlackIdentity = { teamId: string; team: string; userId: string; botId: string | undefined };

/** A message as our notifications and replies build it: Block Kit plus a plain-text fallback. */
export type SlackMessage = {
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
};

export type SlackPostResult = { channel: string; ts: string };

/** A Block Kit view (a modal) as we build it; Slack's own fields are passed through as given. */
export type SlackView = {
  type: 'modal';
  callback_id: string;
  title: unknown;
  blocks: unknown[];
  private_metadata?: string;
  submit?: unknown;
  close?: unknown;
  [field: string]: unknown;
};

/** What views.open and views.update answer with that we use: the view's id and its hash. */
export type SlackOpenedView = { id: string; hash: string | undefined };

/**
 * The Slack Web API calls the product makes, with one bot token. Every failure is a ProviderError:
 * rate_limited (with retryAfterMs), auth_revoked (invalid_auth, token_revoked, account_inactive...),
 * not_found (users_not_found, user_not_found, channel_not_found), transient or permanent.
 */
export type SlackApi = {
  authTest(): Promise<SlackIdentity>;
  /** Posting to a user id (U...) delivers to the bot's DM with that user. */
  postMessage(channel: string, message: SlackMessage): Promise<SlackPostResult>;
  usersListPage(cursor?: string, limit?: number): Promise<{ members: SlackMember[]; nextCursor: string | undefined }>;
  lookupByEmail(email: string): Promise<SlackMember>;
  usersInfo(userId: string): Promise<SlackMember>;
  /**
   * Opens a modal with an interaction's trigger_id. Triggers expire 3 s after the interaction, so
   * this call has its own short timeout and no retry (a retried trigger is `exchanged_trigger_id`).
   */
  viewsOpen(triggerId: string, view: SlackView): Promise<SlackOpenedView>;
  /** Replaces an open view; with `hash`, Slack refuses (hash_conflict) if the view changed since. */
  viewsUpdate(viewId: string, view: SlackView, hash?: string): Promise<SlackOpenedView>;
  /** Edits a message the bot posted (not ephemeral ones: those change through their response_url). */
  chatUpdate(channel: string, ts: string, message: SlackMessage): Promise<SlackPostResult>;
};

/** The app-level OAuth v2 side (no bot token yet). */
export type SlackOAuth = {
  authorizeUrl(input: { state: string; scopes: readonly string[] }): string;
  exchangeCode(code: string): Promise<SlackInstallation>;
};

/** Posts to a slash command's or interaction's `response_url` (a plain HTTPS webhook, no token). */
export type SlackResponder = (responseUrl: string, body: Record<string, unknown>) => Promise<void>;

/** The bot scopes the app asks for; `slack-app-manifest.yml` at the repository root lists the same. Modals need none. */
export const SLACK_BOT_SCOPES = ['chat:write', 'commands', 'users:read', 'users:read.email'] as const;
