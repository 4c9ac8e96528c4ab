import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../errors.js';

/**
 * Input no route can use, refused for every route before any of it reaches a handler:
 *
 * - a NUL character (U+0000) in any string or property name of the path parameters, the query or
 *   a parsed body: PostgreSQL stores neither text nor jsonb with one, so the insert or the filter
 *   would fail as a server error after the request was accepted;
 * - a number that is not finite. JSON has no Infinity, but `1e309` parses to it, and the
 *   validator's type coercion turns `?limit=Infinity` or `?k=1e309` into Infinity and then skips
 *   `minimum`/`maximum` for a value that is not finite, so the schema's bounds never saw it.
 *
 * Both answer 422 naming each offending parameter, as a schema failure does. A query string whose
 * percent-encoding is not UTF-8 (`?name=%FF`, a lone surrogate `%ED%A0%80`, a stray `%`) answers
 * 400 naming the parameter: the query parser would keep the broken escape as text or substitute
 * U+FFFD, and a filter would then quietly search for something nobody sent. (The same in the path
 * is refused by the router; see `badUrl` in app.ts.)
 */
export function registerEdgeInputChecks(app: FastifyInstance): void {
  // Before validation, and before any route's own preValidation hook, which may look a parameter up.
  app.addHook('preValidation', async (request) => {
    refuseBrokenQueryEncoding(request.url);
    refuse(request, nulCharacters);
  });
  // After validation, which is where coercion makes numbers of query and path parameters.
  app.addHook('preHandler', async (request) => refuse(request, nonFiniteNumbers));
}

type Check = (value: unknown, path: string, found: FieldError[]) => void;

const MAX_REPORTED = 10;

const nulCharacters: Check = (value, path, found) => {
  if (typeof value === 'string' && value.includes('\u0000')) {
    found.push({ path, message: 'must not contain a NUL character (U+0000)' });
  }
};

const nonFiniteNumbers: Check = (value, path, found) => {
  if (typeof value === 'number' && !Number.isFinite(value)) found.push({ path, message: 'must be a finite number' });
};

/** Parsed JSON, and the query string parser's objects (whose prototype has a null prototype), not class instances. */
const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null || Object.getPrototypeOf(prototype) === null;
};

function refuse(request: FastifyRequest, check: Check): void {
  const found: FieldError[] = [];
  const parts: [string, unknown][] = [
    ['path', request.params],
    ['query', request.query],
    ['body', request.body],
  ];
  for (const [where, value] of parts) inspect(value, where, check, found);
  if (found.length === 0) return;
  throw new AppError('validation_failed', found.map((e) => `${e.path} ${e.message}`).join('; '), { errors: found });
}

/** Every query parameter whose name or value is not percent-encoded UTF-8; decodeURIComponent throws on exactly those. */
function refuseBrokenQueryEncoding(url: string): void {
  const start = url.indexOf('?');
  // Most requests carry no escape at all: nothing to decode.
  if (start < 0 || !url.includes('%', start)) return;
  const found: FieldError[] = [];
  for (const pair of url.slice(start + 1).split('&')) {
    const separator = pair.indexOf('=');
    const rawName = separator < 0 ? pair : pair.slice(0, separator);
    const name = decodedOrUndefined(rawName);
    if (name === undefined || decodedOrUndefined(pair.slice(separator + 1)) === undefined) {
      found.push({ path: `query.${name ?? rawName}`, message: 'is not valid percent-encoded UTF-8' });
    }
  }
  if (found.length === 0) return;
  throw new AppError('bad_request', found.map((e) => `${e.path} ${e.message}`).join('; '), { errors: found });
}

const decodedOrUndefined = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
};

/** Walks strings, numbers, arrays and plain objects (not a streamed upload) without recursion: a body may nest deeply. */
function inspect(root: unknown, rootPath: string, check: Check, found: FieldError[]): void {
  const pending: [unknown, string][] = [[root, rootPath]];
  while (pending.length > 0 && found.length < MAX_REPORTED) {
    const [value, path] = pending.pop()!;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push([value[i], `${path}.${i}`]);
    } else if (isPlainObject(value)) {
      const keys = Object.keys(value);
      if (check === nulCharacters && keys.some((key) => key.includes('\u0000'))) {
        found.push({ path, message: 'must not have a property name with a NUL character (U+0000)' });
      }
      for (let i = keys.length - 1; i >= 0; i--) pending.push([value[keys[i]!], `${path}.${keys[i]}`]);
    } else {
      check(value, path, found);
    }
  }
}
