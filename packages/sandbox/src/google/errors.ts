import type { Response } from 'express';

/**
 * Google's error bodies, as the Calendar API and the OAuth endpoints send them (the shapes the
 * googleapis/gaxios clients parse): `{"error":{"code","message","errors":[{domain,reason,message}],"status"}}`
 * for APIs, `{"error","error_description"}` for the token endpoint.
 */
export function sendApiError(
  res: Response,
  code: number,
  reason: string,
  message: string,
  extra: { domain?: string; status?: string; location?: string; locationType?: string } = {},
) {
  const { domain = 'global', status, ...location } = extra;
  res.status(code).json({ error: { code, message, errors: [{ message, domain, reason, ...location }], ...(status ? { status } : {}) } });
}

export const apiErrors = {
  unauthenticated: (res: Response) => {
    res.setHeader('WWW-Authenticate', 'Bearer realm="https://accounts.google.com/", error="invalid_token"');
    sendApiError(
      res,
      401,
      'authError',
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication ' +
        'credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      { status: 'UNAUTHENTICATED', location: 'Authorization', locationType: 'header' },
    );
  },
  insufficientScopes: (res: Response) =>
    sendApiError(res, 403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', { status: 'PERMISSION_DENIED' }),
  notFound: (res: Response) => sendApiError(res, 404, 'notFound', 'Not Found'),
  badRequest: (res: Response, message: string) => sendApiError(res, 400, 'badRequest', message, { status: 'INVALID_ARGUMENT' }),
  syncTokenGone: (res: Response) =>
    sendApiError(res, 410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.', { status: 'GONE' }),
  rateLimited: (res: Response, code: 403 | 429) =>
    sendApiError(res, code, 'rateLimitExceeded', 'Rate Limit Exceeded', {
      domain: 'usageLimits',
      ...(code === 429 ? { status: 'RESOURCE_EXHAUSTED' } : {}),
    }),
  backendError: (res: Response, code: number) => sendApiError(res, code, 'backendError', 'Backend Error'),
};

export function sendOAuthError(res: Response, status: number, error: string, description: string) {
  res.status(status).json({ error, error_description: description });
}
