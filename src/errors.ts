import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';

/**
 * The coded error catalogue. Code throws `new AppError('not_found', 'No field …')`; one handler
 * turns every error — ours, Fastify's, a validation failure, a bug — into RFC 9457 problem+json.
 */
export const problemCatalogue = {
  bad_request: { status: 400, title: 'Bad request' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  idempotency_key_in_use: { status: 409, title: 'A request with this Idempotency-Key is still being processed' },
  idempotency_key_interrupted: { status: 409, title: 'A request with this Idempotency-Key stopped before it answered' },
  precondition_failed: { status: 412, title: 'Precondition failed' },
  payload_too_large: { status: 413, title: 'Request body too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  upgrade_required: { status: 426, title: 'Upgrade required' },
  validation_failed: { status: 422, title: 'Validation failed' },
  idempotency_key_reused: { status: 422, title: 'Idempotency-Key reused with a different request' },
  precondition_required: { status: 428, title: 'Precondition required' },
  too_many_requests: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
  upstream_unavailable: { status: 503, title: 'An upstream service is unavailable' },
} as const;

export type ProblemCode = keyof typeof problemCatalogue;

export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemExtras {
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** Extension members added to the problem body (RFC 9457 §3.2), e.g. the current record on 412. */
  extensions?: Record<string, unknown>;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly extras: ProblemExtras = {},
  ) {
    super(detail ?? problemCatalogue[code].title);
    this.status = problemCatalogue[code].status;
  }
}

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

export const problemType = (code: ProblemCode | string) => `/problems/${code.replaceAll('_', '-')}`;

/** The problem+json shape, for response schemas and OpenAPI. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' },
);

export function sendProblem(request: FastifyRequest, reply: FastifyReply, code: ProblemCode, detail?: string, extras: ProblemExtras = {}) {
  const { status, title } = problemCatalogue[code];
  for (const [name, value] of Object.entries(extras.headers ?? {})) reply.header(name, value);
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      ...extras.extensions,
      type: problemType(code),
      title,
      status,
      ...(detail ? { detail } : {}),
      instance: request.url.split('?')[0],
      requestId: request.id,
      ...(extras.errors ? { errors: extras.errors } : {}),
    });
}

/** RFC 6749 §5.2: `error` and `error_description` as application/json, plus the RFC 9457 members. */
function sendOAuthError(request: FastifyRequest, reply: FastifyReply, error: OAuthError) {
  const challenge = (error as OAuthError & { challenge?: string }).challenge;
  if (challenge) reply.header('www-authenticate', challenge);
  return reply
    .code(error.status)
    .header('cache-control', 'no-store')
    .type('application/json')
    .send({
      error: error.code,
      error_description: error.description,
      type: problemType(`oauth_${error.code}`),
      title: STATUS_CODES[error.status] ?? 'Error',
      status: error.status,
      detail: error.description,
      requestId: request.id,
    });
}

/** Fastify's own 4xx codes, mapped to the catalogue; anything else keeps its status. */
const fastifyCodes: Record<string, ProblemCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_NOT_FOUND: 'not_found',
};

const codeForStatus = (status: number): ProblemCode | undefined =>
  (Object.keys(problemCatalogue) as ProblemCode[]).find((code) => problemCatalogue[code].status === status);

type ValidationIssue = NonNullable<FastifyError['validation']>[number];

/** The allowed values an issue names: an `enum`'s list, or a `const` branch's one value. */
const allowedValuesOf = (issue: ValidationIssue): unknown[] | undefined => {
  const params = issue.params as Record<string, unknown>;
  if (issue.keyword === 'enum' && Array.isArray(params.allowedValues)) return params.allowedValues;
  if (issue.keyword === 'const') return [params.allowedValue];
  return undefined;
};

const oneOfMessage = (values: unknown[]) => `must be one of ${[...new Set(values.filter((v) => v !== null).map(String))].join(', ')}`;

/**
 * A choice among fixed values (TypeBox writes a union of literals as an anyOf of consts) fails with
 * one "must be equal to constant" per value plus "must match a schema in anyOf"; a person needs one
 * line listing the values. So an anyOf whose branches are all fixed values becomes that one line,
 * and so does an `enum`.
 */
function collapseChoices(issues: ValidationIssue[]): ValidationIssue[] {
  const replaced = new Set<ValidationIssue>();
  const collapsed = new Map<ValidationIssue, ValidationIssue>();
  for (const anyOf of issues.filter((i) => i.keyword === 'anyOf')) {
    const branches = issues.filter(
      (i) => i !== anyOf && i.instancePath === anyOf.instancePath && i.schemaPath.startsWith(`${anyOf.schemaPath}/`),
    );
    const values = branches.flatMap((i) => allowedValuesOf(i) ?? []);
    // Only when every branch is a fixed value (a `type` issue may accompany a const of another type).
    if (values.length === 0 || !branches.every((i) => allowedValuesOf(i) || i.keyword === 'type')) continue;
    for (const branch of branches) replaced.add(branch);
    collapsed.set(anyOf, { ...anyOf, keyword: 'enum', message: oneOfMessage(values), params: { allowedValues: values } });
  }
  return issues
    .filter((i) => !replaced.has(i))
    .map((i) => collapsed.get(i) ?? (i.keyword === 'enum' ? { ...i, message: oneOfMessage(allowedValuesOf(i) ?? []) } : i));
}

/** The date every route accepts (calendarDate in http/schemas.ts), said the same way everywhere. */
export const DATE_MESSAGE = 'must be a date written YYYY-MM-DD, and a day that exists';

const messageOf = (issue: ValidationIssue) =>
  issue.keyword === 'format' && (issue.params as { format?: unknown }).format === 'date' ? DATE_MESSAGE : (issue.message ?? 'is invalid');

function validationErrors(error: FastifyError): FieldError[] {
  const where =
    ({ body: 'body', querystring: 'query', params: 'path', headers: 'header' } as Record<string, string>)[
      error.validationContext ?? 'body'
    ] ?? 'body';
  return collapseChoices(error.validation ?? []).map((issue) => {
    const params = issue.params as Record<string, unknown>;
    const pointer = issue.instancePath.split('/').filter(Boolean);
    if (typeof params.missingProperty === 'string') pointer.push(params.missingProperty);
    if (typeof params.additionalProperty === 'string') pointer.push(params.additionalProperty);
    return { path: [where, ...pointer].join('.'), message: messageOf(issue) };
  });
}

/**
 * The database cannot be reached, or dropped the connection under a query: the server is down,
 * restarting or failing over (SQLSTATE class 08, 57P01-57P03 shutdowns, 53300 too many
 * connections), the socket failed (ECONNREFUSED and the like, also inside the AggregateError of a
 * connect that tried several addresses), or the pool gave up waiting for a connection. Temporary,
 * so a 503 that says when to retry, not a 500 as for a bug. Redis and the outbound clients wrap
 * their own failures (statusCode 503), so a bare socket error reaching the handler is the database's.
 */
const SQLSTATE_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;
const SOCKET_FAILURE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$/;
const POOL_FAILURE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end)/;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (SQLSTATE_UNAVAILABLE.test(code) || SOCKET_FAILURE.test(code))) return true;
  if (typeof message === 'string' && POOL_FAILURE.test(message)) return true;
  return Array.isArray(errors) && errors.some(isDatabaseUnavailable);
}

export function registerErrorHandlers(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError | OAuthError, request, reply) => {
    if (error instanceof OAuthError) return sendOAuthError(request, reply, error);
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      return sendProblem(request, reply, error.code, error.detail, error.extras);
    }
    if (error.validation) {
      const errors = validationErrors(error);
      return sendProblem(request, reply, 'validation_failed', errors.map((e) => `${e.path} ${e.message}`).join('; '), { errors });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return sendProblem(request, reply, 'service_unavailable', 'The database is unavailable for the moment; retry shortly.', {
        headers: { 'retry-after': '5' },
      });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const accepted = acceptedContentTypes(request);
      const sent =
        String(request.headers['content-type'] ?? '')
          .split(';')[0]!
          .trim() || 'a body without a content type';
      return sendProblem(request, reply, 'unsupported_media_type', `This endpoint takes ${accepted.join(' or ')}, not ${sent}.`, {
        extensions: { acceptedContentTypes: accepted },
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = fastifyCodes[error.code] ?? codeForStatus(status) ?? 'bad_request';
      // Fastify's 4xx messages describe the request, never our internals, so they are safe to show.
      return sendProblem(request, reply, code, error.message, {
        headers: status === 429 && reply.getHeader('retry-after') === undefined ? { 'retry-after': '1' } : {},
      });
    }
    if (status === 503) {
      // A dependency outage (Redis down while enqueueing, say): temporary, so say when to retry.
      request.log.warn({ err: error }, 'dependency unavailable');
      return sendProblem(request, reply, 'service_unavailable', 'A service this request needs is temporarily unavailable; retry shortly.', {
        headers: { 'retry-after': '5' },
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, 'internal', 'Something went wrong on our side; the request id identifies it in our logs.');
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, 'not_found', `No route for ${request.method} ${request.url.split('?')[0]}`),
  );
}

/** The body types a route takes: its schema's `consumes` (also its OpenAPI request body), else JSON. */
export function acceptedContentTypes(request: FastifyRequest): string[] {
  return (request.routeOptions.schema as { consumes?: string[] } | undefined)?.consumes ?? ['application/json'];
}

/** For reply schemas: every error status a route can answer. */
export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: STATUS_CODES[status] ?? 'Error', content: { 'application/problem+json': { schema: Type.Ref('Problem') } } },
    ]),
  );
