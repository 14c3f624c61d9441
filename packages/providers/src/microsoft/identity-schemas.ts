import { z } from 'zod';

/** Successful token response of the identity platform v2.0 token endpoint. */
export const tokenResponseSchema = z.object({
  token_type: z.string().refine((value) => value.toLowerCase() === 'bearer', 'token_type must be Bearer'),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  // Documented as a number; some proxies stringify it.
  expires_in: z.coerce.number().int().positive(),
  scope: z.string().default(''),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/**
 * Error body of the token endpoint, e.g.
 * `{"error":"invalid_grant","error_description":"AADSTS70008: ...","error_codes":[70008],...}`.
 */
export const tokenErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  error_codes: z.array(z.number()).optional(),
});
export type TokenError = z.infer<typeof tokenErrorSchema>;
