import type { SealedField } from '@billops/core';

/**
 * The encrypted columns, named as the vault binds them (`table:column:row id`): one place, so an
 * encrypt and its decrypt cannot disagree on where a ciphertext lives.
 */
export const sealedField = {
  accessToken: (rowId: string): SealedField => ({ table: 'user_oauth_accounts', column: 'access_token_encrypted', rowId }),
  refreshToken: (rowId: string): SealedField => ({ table: 'user_oauth_accounts', column: 'refresh_token_encrypted', rowId }),
  slackBotToken: (rowId: string): SealedField => ({ table: 'slack_integrations', column: 'bot_token_encrypted', rowId }),
  codeVerifier: (rowId: string): SealedField => ({ table: 'oauth_states', column: 'code_verifier_encrypted', rowId }),
};
