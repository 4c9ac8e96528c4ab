import { ImageryError } from '../imagery/source.js';

/** What every Earth Engine error names as its provider. */
export const PROVIDER = 'earthengine';

export interface SendOptions {
  signal?: AbortSignal | undefined;
  timeoutMs: number;
  fetch: typeof fetch;
  /** Names the endpoint in messages, e.g. "the token endpoint"; never a URL with a query. */
  what: string;
}

/**
 * One HTTP exchange with a bounded time. Network failures and timeouts become ImageryErrors that
 * name the endpoint and the low-level code, never the request (which may carry a token or a
 * signed assertion in its headers or body).
 */
export async function send(url: URL, init: RequestInit, options: SendOptions): Promise<{ response: Response; body: ArrayBuffer }> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await options.fetch(url, { ...init, signal, redirect: 'error' });
    return { response, body: await response.arrayBuffer() };
  } catch (error) {
    if (timeout.aborted) throw new ImageryError(PROVIDER, 'timeout', `${options.what} did not answer within ${options.timeoutMs} ms`);
    if (options.signal?.aborted) throw new ImageryError(PROVIDER, 'timeout', `the request to ${options.what} was cancelled`);
    const cause = (error as { cause?: { code?: unknown } }).cause?.code;
    throw new ImageryError(PROVIDER, 'unavailable', `${options.what} is unreachable (${typeof cause === 'string' ? cause : 'network error'})`);
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
    .replace(/-----BEGIN[^]*?(-----END[^-]*-----|$)/g, '[key]')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
}
