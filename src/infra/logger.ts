import type { FastifyServerOptions } from 'fastify';
import type { LoggerOptions } from 'pino';
import type { Config } from '../config.js';

/**
 * Secrets and personal data never reach the logs, whatever a future log line includes.
 * Paths are pino redaction paths; `*` matches one level.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.refresh_token',
  '*.idToken',
  '*.subject_token',
  '*.clientSecret',
  '*.client_secret',
  '*.otp',
  '*.aadhaar',
  '*.aadhaarNumber',
  '*.bankAccount',
  'password',
  'token',
  'aadhaar',
];

/** pino JSON logs (one object per line) with the request id on every request line. */
export function loggerOptions(config: Config, service = 'kheti'): LoggerOptions & FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service, pid: process.pid },
    timestamp: () => `,"@timestamp":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
  };
}

/** The same logs for processes without an HTTP server (worker, cluster primary). */
export const workerLoggerOptions = (config: Config): LoggerOptions => loggerOptions(config, 'kheti-worker') as LoggerOptions;
