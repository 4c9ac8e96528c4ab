import type { FastifyInstance } from 'fastify';
import secureJsonParse from 'secure-json-parse';
import { AppError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON request bodies, parsed as Fastify's default parser does (secure-json-parse, refusing
 * `__proto__` and `constructor.prototype` keys, which could reach Object.prototype) but saying why
 * a body is refused: Fastify's own answers every failure with "Body is not valid JSON", even for
 * valid JSON that holds a `__proto__` key, and drops the parser's position of a syntax error.
 * The bytes must be UTF-8 (RFC 8259 §8.1): a lenient decoding would store U+FFFD in place of
 * every invalid byte, changing what the client sent without saying so.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, bytes, done) => {
    if ((bytes as Buffer).length === 0) {
      done(new AppError('bad_request', "The body is empty but content-type is 'application/json'"), undefined);
      return;
    }
    let body: string;
    try {
      body = utf8.decode(bytes as Buffer);
    } catch {
      done(new AppError('bad_request', 'The body is not valid UTF-8'), undefined);
      return;
    }
    try {
      done(null, secureJsonParse.parse(body, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      done(new AppError('bad_request', `The body cannot be read as JSON: ${(error as Error).message}`), undefined);
    }
  });
}
