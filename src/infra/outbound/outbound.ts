import { CircuitBreaker, type BreakerOptions, type BreakerState } from './circuit-breaker.js';
import { backoffDelay, sleep } from './retry.js';

/**
 * The one way Kheti talks HTTP to the outside world: fetch (Node's undici) with a time limit per
 * attempt (the caller's signal still counts), retries with exponential backoff and jitter for
 * idempotent calls, and a circuit breaker per upstream origin. Vendor clients keep their own
 * error types and messages: they read what this returns (any HTTP status) or map what it throws
 * (OutboundError: no answer at all). Messages here never carry a URL, which may hold a key.
 */

export type OutboundFailure =
  /** No answer within the time limit of an attempt. */
  | 'timeout'
  /** The caller's signal aborted the call. */
  | 'cancelled'
  /** The connection failed (refused, reset, DNS, TLS, a redirect where none is allowed). */
  | 'unreachable'
  /** Not tried: the upstream failed too often lately. */
  | 'circuit_open';

export class OutboundError extends Error {
  override name = 'OutboundError';
  constructor(
    readonly upstream: string,
    readonly kind: OutboundFailure,
    message: string,
    readonly details: { code?: string; timeoutMs?: number; attempts: number },
  ) {
    super(message);
  }
}

export interface OutboundOptions {
  /** Names the upstream in messages, e.g. `twilio`. */
  upstream: string;
  /** Time limit of one attempt, reading the body included. */
  timeoutMs: number;
  /** Tries after the first, for idempotent calls only; default 2. */
  retries?: number;
  /** The first retry waits about this long, each later one twice as long; default 200 ms. */
  backoffMs?: number;
  /** Default 5 s. */
  maxBackoffMs?: number;
  /** A Retry-After up to this long is waited for; a longer one ends the retries; default 10 s. */
  maxRetryAfterMs?: number;
  /** Per origin; `false` when the caller has a breaker of its own. Default 5 failures, open 30 s. */
  breaker?: BreakerOptions | false;
  fetch?: typeof fetch;
  /** The breakers' clock, ms since the epoch. */
  now?: () => number;
}

export interface OutboundRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** The caller's signal: aborting it ends the call (OutboundError `cancelled`). */
  signal?: AbortSignal;
  /** This call's limit per attempt instead of the client's. */
  timeoutMs?: number;
  /** Whether a retry is safe; default for GET, HEAD and OPTIONS only. */
  idempotent?: boolean;
  /** This call's retries instead of the client's. */
  retries?: number;
  redirect?: 'follow' | 'error' | 'manual';
  /** Whether to read the body of an answer with this status; default always. Unread bodies are discarded. */
  readBody?: (status: number) => boolean;
}

export interface OutboundResponse {
  status: number;
  ok: boolean;
  headers: Headers;
  /** Empty when readBody said no. */
  body: ArrayBuffer;
  text(): string;
  /** Attempts made, this one included. */
  attempts: number;
}

export interface Outbound {
  readonly upstream: string;
  request(url: URL | string, init?: OutboundRequest): Promise<OutboundResponse>;
  /** The breaker of each origin called so far, for health pages and tests. */
  breakers(): Record<string, BreakerState>;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);
const EMPTY = new ArrayBuffer(0);

/** An answer that says the upstream is in trouble (counts against the breaker, worth a retry). */
const troubled = (status: number) => status >= 500 || status === 429;

/** Retry-After in ms (seconds or an HTTP date), or undefined when absent or unreadable. */
function retryAfterMs(headers: Headers, now: number): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

type Attempt = { response: OutboundResponse } | { error: OutboundError };

export function createOutbound(options: OutboundOptions): Outbound {
  const { upstream } = options;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const breakers = new Map<string, CircuitBreaker>();
  const breakerOf = (origin: string): CircuitBreaker | undefined => {
    if (options.breaker === false) return undefined;
    let breaker = breakers.get(origin);
    if (!breaker) breakers.set(origin, (breaker = new CircuitBreaker(options.breaker, now)));
    return breaker;
  };

  async function attempt(url: URL, init: OutboundRequest, timeoutMs: number, attempts: number): Promise<Attempt> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      const response = await fetchImpl(url, {
        method: init.method ?? 'GET',
        ...(init.headers ? { headers: init.headers } : {}),
        ...(init.body !== undefined ? { body: init.body } : {}),
        ...(init.redirect ? { redirect: init.redirect } : {}),
        signal,
      });
      let body = EMPTY;
      if (init.readBody?.(response.status) ?? true) body = await response.arrayBuffer();
      else await response.body?.cancel().catch(() => {});
      return {
        response: {
          status: response.status,
          ok: response.ok,
          headers: response.headers,
          body,
          text: () => new TextDecoder().decode(body),
          attempts,
        },
      };
    } catch (error) {
      if (timeout.aborted) {
        return {
          error: new OutboundError(upstream, 'timeout', `${upstream} did not answer within ${timeoutMs} ms`, { timeoutMs, attempts }),
        };
      }
      if (init.signal?.aborted)
        return { error: new OutboundError(upstream, 'cancelled', `the call to ${upstream} was cancelled`, { attempts }) };
      const cause = (error as { cause?: { code?: unknown } }).cause?.code;
      const code = typeof cause === 'string' ? cause : undefined;
      return {
        error: new OutboundError(upstream, 'unreachable', `${upstream} is unreachable (${code ?? 'network error'})`, {
          ...(code ? { code } : {}),
          attempts,
        }),
      };
    }
  }

  return {
    upstream,
    async request(target, init = {}) {
      const url = typeof target === 'string' ? new URL(target) : target;
      const breaker = breakerOf(url.origin);
      const idempotent = init.idempotent ?? IDEMPOTENT.has((init.method ?? 'GET').toUpperCase());
      const retries = idempotent ? (init.retries ?? options.retries ?? 2) : 0;
      const timeoutMs = init.timeoutMs ?? options.timeoutMs;
      let last: Attempt | undefined;
      for (let attempts = 1; ; attempts++) {
        if (breaker && !breaker.allow()) {
          // A breaker that opened during the retries ends them with the last real outcome.
          if (last) break;
          throw new OutboundError(upstream, 'circuit_open', `${upstream} failed too often lately; not asked for a while`, { attempts: 0 });
        }
        last = await attempt(url, init, timeoutMs, attempts);
        const failed = 'error' in last ? last.error.kind !== 'cancelled' : troubled(last.response.status);
        if ('error' in last && last.error.kind === 'cancelled') breaker?.release();
        else if (failed) breaker?.failure();
        else breaker?.success();
        // Timeouts are not tried again: the attempt has used the caller's patience already.
        const retryable = 'error' in last ? last.error.kind === 'unreachable' : troubled(last.response.status);
        if (!retryable || attempts > retries) break;
        let delayMs = backoffDelay(attempts, options.backoffMs ?? 200, options.maxBackoffMs ?? 5000);
        if ('response' in last) {
          const asked = retryAfterMs(last.response.headers, Date.now());
          if (asked !== undefined && asked > (options.maxRetryAfterMs ?? 10_000)) break;
          if (asked !== undefined) delayMs = Math.max(delayMs, asked);
        }
        try {
          await sleep(delayMs, init.signal);
        } catch {
          throw new OutboundError(upstream, 'cancelled', `the call to ${upstream} was cancelled`, { attempts });
        }
      }
      if ('error' in last!) throw last.error;
      return last!.response;
    },
    breakers() {
      return Object.fromEntries([...breakers].map(([origin, breaker]) => [origin, breaker.state()]));
    },
  };
}
