/**
 * Errors of the OAuth endpoints, in the shape RFC 6749 §5.2 prescribes (`error`,
 * `error_description`, application/json), which OAuth client libraries parse. The body also
 * carries the RFC 9457 members, so it reads like every other Kheti error.
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'slow_down';

export class OAuthError extends Error {
  override name = 'OAuthError';
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    readonly status = code === 'invalid_client' ? 401 : code === 'slow_down' ? 429 : 400,
  ) {
    super(description);
  }
}
