import type { LoggerOptions } from 'pino';
import type { Config } from '../config.js';

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

/** pino JSON logs (one object per line) with the request id on every request line. */
export function loggerOptions(config: Config, service = 'kheti'): LoggerOptions {
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service, pid: process.pid },
    timestamp: () => `,"@timestamp":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
  };
}

/** The same logs for processes without an HTTP server (worker, cluster primary). */
export const workerLoggerOptions = (config: Config): LoggerOptions => loggerOptions(config, 'kheti-worker');
