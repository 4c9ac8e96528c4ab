import { readFile } from 'node:fs/promises';
import type { VaultSettings } from '../../config.js';
import { KeyProviderUnavailableError } from './unavailable.js';

export type { VaultSettings };

/** Vault answered, but not with success: `status` and Vault's own `errors`. */
export class VaultError extends Error {
  override name = 'VaultError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface VaultClient {
  request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  /** Stops renewing the token. */
  close(): void;
}

const TIMEOUT_MS = 5_000;

interface AuthAnswer {
  auth?: { client_token: string; lease_duration: number; renewable: boolean };
}

/**
 * A small client of Vault's HTTP API. With Kubernetes auth it logs in with the service account's
 * token (read from its file each time: Kubernetes rotates it) and logs in again when Vault stops
 * accepting the Vault token. A renewable token's lease is renewed in the background at two thirds
 * of its TTL, so a long-running process does not lose Vault when the lease ends; the timer never
 * keeps the process alive.
 */
export function createVaultClient(settings: VaultSettings): VaultClient {
  const base = settings.addr.replace(/\/+$/, '');
  let token: string | undefined = settings.token;
  let checkedRenewal = false;
  let renewal: NodeJS.Timeout | undefined;

  async function call<T>(method: string, path: string, body: unknown, vaultToken: string | undefined): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: { ...(vaultToken ? { 'x-vault-token': vaultToken } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : 'could not connect';
      throw new KeyProviderUnavailableError(`Vault at ${base} ${reason}`);
    }
    const text = await response.text();
    if (!response.ok) {
      let errors: string[] = [];
      try {
        errors = (JSON.parse(text) as { errors?: string[] }).errors ?? [];
      } catch {
        // not JSON (a proxy's page): the status says enough
      }
      throw new VaultError(
        response.status,
        `Vault answered ${response.status} to ${method} ${path}${errors.length ? `: ${errors.join('; ')}` : ''}`,
      );
    }
    return (text ? JSON.parse(text) : {}) as T;
  }

  function scheduleRenewal(leaseSeconds: number) {
    clearTimeout(renewal);
    if (!(leaseSeconds > 0)) return;
    renewal = setTimeout(renew, Math.max(1000, (leaseSeconds * 1000 * 2) / 3));
    renewal.unref();
  }

  async function renew() {
    try {
      const answer = await call<AuthAnswer>('POST', '/v1/auth/token/renew-self', {}, token);
      scheduleRenewal(answer.auth?.renewable ? answer.auth.lease_duration : 0);
    } catch {
      // With Kubernetes auth the next request logs in afresh; a static token is tried again soon.
      if (settings.kubernetes) token = undefined;
      else scheduleRenewal(30);
    }
  }

  async function login(): Promise<string> {
    const k8s = settings.kubernetes!;
    let jwt: string;
    try {
      jwt = (await readFile(k8s.jwtFile, 'utf8')).trim();
    } catch (error) {
      throw new VaultError(0, `the service account token ${k8s.jwtFile} could not be read (${(error as NodeJS.ErrnoException).code})`);
    }
    const answer = await call<AuthAnswer>('POST', `/v1/auth/${k8s.mount}/login`, { role: k8s.role, jwt }, undefined);
    if (!answer.auth?.client_token) throw new VaultError(500, 'Vault answered the Kubernetes login without a token');
    scheduleRenewal(answer.auth.renewable ? answer.auth.lease_duration : 0);
    return answer.auth.client_token;
  }

  async function currentToken(): Promise<string | undefined> {
    if (!token && settings.kubernetes) token = await login();
    if (!checkedRenewal && token && !settings.kubernetes) {
      checkedRenewal = true;
      try {
        const { data } = await call<{ data?: { renewable?: boolean; ttl?: number } }>(
          'GET',
          '/v1/auth/token/lookup-self',
          undefined,
          token,
        );
        if (data?.renewable) scheduleRenewal(data.ttl ?? 0);
      } catch (error) {
        // A token that cannot look itself up (a narrow policy) can still be used; an outage cannot.
        if (!(error instanceof VaultError)) throw error;
      }
    }
    return token;
  }

  return {
    async request<T>(method: 'GET' | 'POST', path: string, body?: unknown) {
      const first = await currentToken();
      try {
        return await call<T>(method, path, body, first);
      } catch (error) {
        // A Kubernetes login whose Vault token has expired or was revoked: log in again, once.
        if (!(error instanceof VaultError && error.status === 403 && settings.kubernetes)) throw error;
        token = undefined;
        return call<T>(method, path, body, await currentToken());
      }
    },
    close() {
      clearTimeout(renewal);
    },
  };
}

/** One client per Vault and identity in a process, so the KV read and transit share a token and its renewal. */
const clients = new Map<string, VaultClient>();
export function vaultClientFor(settings: VaultSettings): VaultClient {
  const key = JSON.stringify(settings);
  let client = clients.get(key);
  if (!client) clients.set(key, (client = createVaultClient(settings)));
  return client;
}
