import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api } from '../api/client';
import {
  clearTokens,
  hasStoredRefreshToken,
  onSessionExpired,
  refreshTokens,
  requestToken,
  revokeAndClear,
  storeTokens,
  type TokenResponse,
} from './tokens';

/** GET /v1/me, as Kheti answers it. */
export interface Me {
  user: { id: string; name: string; email: string | null; phone: string | null; isPlatformAdmin: boolean };
  memberships: { tenantId: string; slug: string; name: string; role: Role }[];
  token: { tenantId: string | null; role: string; clientId?: string };
}

export type Role = 'platform_admin' | 'tenant_admin' | 'agronomist' | 'farmer' | 'viewer';

export type Session =
  | { status: 'loading' }
  | { status: 'signedOut'; problem?: ApiProblem }
  | { status: 'signedIn'; me: Me; role: string; tenantId: string | null };

let session: Session = { status: 'loading' };
const listeners = new Set<(session: Session) => void>();

function set(next: Session): void {
  session = next;
  for (const listener of listeners) listener(next);
}

/** The current session; re-renders the component when it changes. */
export function useSession(): Session {
  const [current, setCurrent] = useState(session);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(session);
    return () => void listeners.delete(setCurrent);
  }, []);
  return current;
}

/** True for the roles that manage a tenant's members. */
export const isAdmin = (role: string): boolean => role === 'tenant_admin' || role === 'platform_admin';

async function loadMe(): Promise<void> {
  const me = await api.get<Me>('/v1/me');
  set({ status: 'signedIn', me, role: me.token.role, tenantId: me.token.tenantId });
}

/** At start: resume the session kept by the stored refresh token, if any. */
export async function resumeSession(): Promise<void> {
  if (!hasStoredRefreshToken()) return set({ status: 'signedOut' });
  try {
    await refreshTokens();
    await loadMe();
  } catch (error) {
    // A rejected refresh token is already forgotten (tokens.ts); a network failure keeps it for the next visit.
    set({
      status: 'signedOut',
      ...(error instanceof ApiProblem && error.status !== 401 && error.status !== 400 ? { problem: error } : {}),
    });
  }
}

/** Email (or username) and password; throws ApiProblem (status 400, code invalid_grant) on wrong credentials. */
export async function signInWithPassword(username: string, password: string): Promise<void> {
  await completeSignIn(requestToken({ grant_type: 'password', username, password }));
}

/** Texts a sign-in code to a farmer's phone; resolves to how many seconds the code stays valid. */
export async function requestOtp(phone: string): Promise<number> {
  const answer = await api.post<{ expiresInSeconds: number }>('/v1/auth/otp/request', { body: { phone } });
  return answer.expiresInSeconds;
}

export async function verifyOtp(phone: string, code: string): Promise<void> {
  await completeSignIn(api.post<TokenResponse>('/v1/auth/otp/verify', { body: { phone, code } }));
}

async function completeSignIn(tokens: Promise<TokenResponse>): Promise<void> {
  storeTokens(await tokens);
  try {
    await loadMe();
  } catch (error) {
    clearTokens();
    throw error;
  }
}

export async function signOut(): Promise<void> {
  await revokeAndClear();
  set({ status: 'signedOut' });
}

onSessionExpired(() => set({ status: 'signedOut' }));
