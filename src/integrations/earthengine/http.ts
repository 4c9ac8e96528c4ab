import { OutboundError, type Outbound, type OutboundRequest, type OutboundResponse } from '../../infra/outbound/index.js';
import { ImageryError } from '../imagery/source.js';

/** What every Earth Engine error names as its provider. */
export const PROVIDER = 'earthengine';

export interface SendOptions {
  signal?: AbortSignal | undefined;
  /** Names the endpoint in messages, e.g. "the token endpoint"; never a URL with a query. */
  what: string;
}

/**
 * One HTTP exchange through the outbound helper (its time limit, retries of idempotent calls and
 * breaker). Network failures and timeouts become ImageryErrors that name the endpoint and the
 * low-level code, never the request (which may carry a token or a signed assertion in its headers
 * or body).
 */
export async function send(
  outbound: Outbound,
  url: URL,
  init: Pick<OutboundRequest, 'method' | 'headers' | 'body'>,
  options: SendOptions,
): Promise<{ response: OutboundResponse; body: ArrayBuffer }> {
  try {
    const response = await outbound.request(url, { ...init, ...(options.signal ? { signal: options.signal } : {}), redirect: 'error' });
    return { response, body: response.body };
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    if (error.kind === 'timeout')
      throw new ImageryError(PROVIDER, 'timeout', `${options.what} did not answer within ${error.details.timeoutMs} ms`);
    if (error.kind === 'cancelled') throw new ImageryError(PROVIDER, 'timeout', `the request to ${options.what} was cancelled`);
    if (error.kind === 'circuit_open')
      throw new ImageryError(PROVIDER, 'unavailable', `${options.what} failed too often lately; not asked for a while`);
    throw new ImageryError(PROVIDER, 'unavailable', `${options.what} is unreachable (${error.details.code ?? 'network error'})`);
  }
}

/** The body as JSON, or undefined when it is not JSON. */
export function parseJson(body: ArrayBuffer): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body)) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Text from an upstream error, made safe for a log line: Google access tokens (ya29.…), JWTs and
 * bearer values are cut out, whitespace is folded and the length is bounded. Upstream messages do
 * not echo credentials as far as anyone knows; this is the belt to that braces.
 */
export function redact(text: string, max = 200): string {
  const cleaned = text
    .replace(/ya29\.[\w.-]+/g, '[token]')
    .replace(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '[jwt]')
    .replace(/(bearer|assertion)[\s=:]+\S+/gi, '$1 [redacted]')
    .replace(/-----BEGIN[\s\S]*?(-----END[^-]*-----|$)/g, '[key]')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
}
