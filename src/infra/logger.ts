import { type DestinationStream, type LoggerOptions, destination, stdSerializers } from 'pino';
import type { Config } from '../config.js';
import { redactUrl, redactUrlsIn } from '../lib/url-redaction.js';

/** Keys whose values never reach the logs, at whatever depth (up to three levels) they appear. */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'password',
  'newPassword',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'subject_token',
  'clientSecret',
  'client_secret',
  'otp',
  'aadhaar',
  'aadhaarNumber',
  'bankAccount',
  'phone',
];

const quoted = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`);

/** pino redaction paths: each key on its own, one level down and two levels down. */
export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const path = quoted(key);
  return [path.startsWith('.') ? path.slice(1) : path, `*${path}`, `*.*${path}`];
});

/** What Fastify logs of a request (its own `req` serializer), with the URL's personal data and secrets redacted. */
interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remotePort?: number };
}

/**
 * Serializers by key: `req` (Fastify's access log), `url` (any URL logged by that name) and `err`
 * (messages and stacks that quote a URL) never carry a query string's Aadhaar, phone, bank account
 * or credential. Fastify keeps these over its own; redaction by path (REDACT_PATHS) still applies.
 */
export const serializers = {
  req: (req: LoggedRequest) => ({
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    version: req.headers?.['accept-version'],
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }),
  url: (url: unknown) => (typeof url === 'string' ? redactUrl(url) : url),
  err: (error: Error) => {
    const serialized = stdSerializers.err(error);
    if (typeof serialized.message === 'string') serialized.message = redactUrlsIn(serialized.message);
    if (typeof serialized.stack === 'string') serialized.stack = redactUrlsIn(serialized.stack);
    return serialized;
  },
};

/** The Elastic Common Schema version our field names follow (deploy/filebeat/index-template.json maps them). */
export const ECS_VERSION = '8.11.0';

/** What ECS says of a logged error; `err` may be anything a `catch` caught, or a message already. */
export function ecsError(err: unknown): Record<string, unknown> {
  if (typeof err !== 'object' || err === null) return { 'error.message': redactUrlsIn(String(err)) };
  const { type, message, stack, code } = serializers.err(err as Error) as {
    type?: string;
    message?: unknown;
    stack?: string;
    code?: unknown;
  };
  return {
    'error.type': type,
    'error.message': typeof message === 'string' ? message : String(message),
    'error.stack_trace': stack,
    'error.code': typeof code === 'string' || typeof code === 'number' ? String(code) : undefined,
  };
}

/**
 * pino JSON logs (one object per line) in the Elastic Common Schema, with dotted field names at the
 * top level as Elastic's own ECS loggers write them (Elasticsearch expands them into objects).
 *
 * Written here rather than with @elastic/ecs-pino-format: its `formatters.log` takes `req`, `res`
 * and `err` off every line before pino's serializers run, so ours never see them — its request
 * conversion copies every header (authorization, cookie) and the query string with its tokens into
 * `url.full`/`url.query`, its error conversion copies messages that quote such URLs — and it copies
 * every line's object, the access line's included. What it would still give us is five constant keys.
 */
export function loggerOptions(config: Config, service = 'kheti-api'): LoggerOptions {
  return {
    level: config.logLevel,
    messageKey: 'message',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers,
    base: { 'service.name': service, 'process.pid': process.pid, 'ecs.version': ECS_VERSION },
    timestamp: () => `,"@timestamp":"${new Date().toISOString()}"`,
    formatters: {
      level: (label) => ({ 'log.level': label }),
      // Only a line with an error is copied; the others pay one property read.
      log: (line) => {
        if (line.err === undefined) return line;
        const { err, ...rest } = line;
        return Object.assign(rest, ecsError(err));
      },
    },
  };
}

/** The same logs for processes without an HTTP server (worker, cluster primary). */
export const workerLoggerOptions = (config: Config): LoggerOptions => loggerOptions(config, 'kheti-worker');

/**
 * Standard output, written line by line as each is logged (pino's synchronous destination), one
 * per process and shared by the app's loggers. Writing in batches of 4 KiB measured no faster
 * (bench/README.md) and could lose the last lines to a SIGKILL.
 */
export function stdoutDestination(): DestinationStream {
  stdout ??= destination({ dest: 1, sync: true });
  return stdout;
}
let stdout: DestinationStream | undefined;
