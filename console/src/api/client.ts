import { getAccessToken, refreshTokens } from '../auth/tokens';
import { currentLang } from '../i18n';
import { ApiProblem } from './problem';

export { ApiProblem, type FieldError } from './problem';

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** The ETag read earlier (getWithEtag), for optimistic concurrency: Kheti answers 412 if the resource changed since. */
  ifMatch?: string;
  signal?: AbortSignal;
}

export interface WithEtag<T> {
  data: T;
  etag: string | undefined;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * Calls Kheti on the same origin with the signed-in user's access token. On a 401 it refreshes the
 * tokens once and retries; every failure is thrown as an ApiProblem. An answer without a JSON body (204) resolves to undefined.
 */
async function send<T>(method: Method, path: string, options: RequestOptions = {}): Promise<WithEtag<T>> {
  const response = await answered(method, path, options);
  const etag = response.headers.get('etag') ?? undefined;
  const isJson = response.headers.get('content-type')?.includes('json') ?? false;
  const data = (response.status !== 204 && isJson ? await response.json() : undefined) as T;
  return { data, etag };
}

/** The successful answer, after one token refresh on a 401; any failure thrown as an ApiProblem. */
async function answered(method: Method, path: string, options: RequestOptions): Promise<Response> {
  let response = await fetchOnce(method, path, options);
  if (response.status === 401 && getAccessToken() !== undefined) {
    await refreshTokens();
    response = await fetchOnce(method, path, options);
  }
  if (!response.ok) throw await ApiProblem.fromResponse(response);
  return response;
}

/** A binary answer (an image) as a Blob; a JSON answer instead (a 202 "pending") comes back parsed as `json`. */
async function sendForBlob(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<BlobAnswer> {
  const response = await answered('GET', path, options);
  const isJson = response.headers.get('content-type')?.includes('json') ?? false;
  if (isJson) return { status: response.status, json: await response.json(), retryAfter: response.headers.get('retry-after') ?? undefined };
  return { status: response.status, blob: await response.blob() };
}

export interface BlobAnswer {
  status: number;
  blob?: Blob;
  json?: unknown;
  retryAfter?: string;
}

async function fetchOnce(method: Method, path: string, options: RequestOptions): Promise<Response> {
  // Kheti writes its texts (advisories) in the language asked for: the console's, not the browser's.
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLang() };
  const token = getAccessToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  try {
    return await fetch(path, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    // An abort is the caller's own doing, not a network problem: let it through as is.
    if (options.signal?.aborted) throw cause;
    throw ApiProblem.network(cause);
  }
}

const data = async <T>(call: Promise<WithEtag<T>>): Promise<T> => (await call).data;

/** The one way screens talk to Kheti: `api.get<Field[]>('/v1/fields')`. */
export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => data(send<T>('GET', path, options)),
  /** The resource and its ETag, for a later `patch`/`put`/`delete` with `ifMatch`. */
  getWithEtag: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => send<T>('GET', path, options),
  post: <T>(path: string, options?: RequestOptions) => data(send<T>('POST', path, options)),
  patch: <T>(path: string, options?: RequestOptions) => data(send<T>('PATCH', path, options)),
  put: <T>(path: string, options?: RequestOptions) => data(send<T>('PUT', path, options)),
  /** An image or file the API answers, as a Blob (`URL.createObjectURL` shows it); see BlobAnswer. */
  getBlob: (path: string, options?: Omit<RequestOptions, 'body'>) => sendForBlob(path, options),
  delete: <T = undefined>(path: string, options?: Omit<RequestOptions, 'body'>) => data(send<T>('DELETE', path, options)),
};
