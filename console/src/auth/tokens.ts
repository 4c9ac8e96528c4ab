import { ApiProblem } from '../api/problem';

/**
 * The tokens of the signed-in user. The access token lives only in memory (a page reload gets a new
 * one). The refresh token is kept in localStorage so that a field officer or farmer on a phone stays
 * signed in between visits instead of typing a password or waiting for an SMS every time; Kheti
 * rotates it on every use and revokes the whole family when an old one is replayed.
 */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
}

const REFRESH_KEY = 'kheti.refreshToken';
/** Refresh this long before the access token expires, so calls never race its expiry. */
const REFRESH_MARGIN_SECONDS = 60;

let accessToken: string | undefined;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<void> | undefined;
const expiryListeners = new Set<() => void>();

export const getAccessToken = (): string | undefined => accessToken;
export const hasStoredRefreshToken = (): boolean => localStorage.getItem(REFRESH_KEY) !== null;

/** Called when the session can no longer be renewed (refresh token rejected): the user must sign in again. */
export function onSessionExpired(listener: () => void): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

/** Keeps a token response and plans its renewal. */
export function storeTokens(tokens: TokenResponse): void {
  accessToken = tokens.access_token;
  if (tokens.refresh_token) localStorage.setItem(REFRESH_KEY, tokens.refresh_token);
  clearTimeout(refreshTimer);
  const delaySeconds = Math.max(tokens.expires_in - REFRESH_MARGIN_SECONDS, 5);
  refreshTimer = setTimeout(() => {
    refreshTokens().catch(() => {
      // A failed background refresh is retried by the next call that gets a 401.
    });
  }, delaySeconds * 1000);
}

export function clearTokens(): void {
  accessToken = undefined;
  clearTimeout(refreshTimer);
  localStorage.removeItem(REFRESH_KEY);
}

/** POST /oauth/token with a JSON body; throws ApiProblem on refusal. */
export async function requestToken(body: Record<string, string>): Promise<TokenResponse> {
  return postJson<TokenResponse>('/oauth/token', body);
}

/** Revokes the stored refresh token (RFC 7009) and forgets both tokens. */
export async function revokeAndClear(): Promise<void> {
  const token = localStorage.getItem(REFRESH_KEY);
  clearTokens();
  // Offline, the revocation cannot happen: this device forgets the token all the same, and the server's copy
  // simply expires. Signing out must never be blocked by the network.
  if (token) await postJson('/oauth/revoke', { token, token_type_hint: 'refresh_token' }).catch(() => undefined);
}

/**
 * Swaps the refresh token for new tokens. Concurrent callers share one request, and across tabs the
 * Web Locks API lets one tab refresh at a time, each reading the latest stored token: two tabs
 * presenting the same token would look like a replay and get the whole session revoked.
 */
export function refreshTokens(): Promise<void> {
  refreshing ??= withRefreshLock(async () => {
    const token = localStorage.getItem(REFRESH_KEY);
    if (!token) throw new ApiProblem({ status: 401, title: 'Not signed in' });
    try {
      storeTokens(await requestToken({ grant_type: 'refresh_token', refresh_token: token }));
    } catch (error) {
      if (error instanceof ApiProblem && (error.status === 400 || error.status === 401)) {
        clearTokens();
        for (const listener of expiryListeners) listener();
      }
      throw error;
    }
  }).finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

async function withRefreshLock(task: () => Promise<void>): Promise<void> {
  if (navigator.locks) await navigator.locks.request('kheti.refresh', task);
  else await task();
}

async function postJson<T>(path: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (cause) {
    throw ApiProblem.network(cause);
  }
  if (!response.ok) throw await ApiProblem.fromResponse(response);
  return (response.status === 200 && response.headers.get('content-type')?.includes('json') ? await response.json() : undefined) as T;
}
