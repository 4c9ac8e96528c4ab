import type { FastifyInstance } from 'fastify';
import secureJsonParse from 'secure-json-parse';
import { AppError } from '../errors.js';

/**
 * JSON request bodies, parsed as Fastify's default parser does (secure-json-parse, refusing
 * `__proto__` and `constructor.prototype` keys, which could reach Object.prototype) but saying why
 * a body is refused: Fastify's own answers every failure with "Body is not valid JSON", even for
 * valid JSON that holds a `__proto__` key, and drops the parser's position of a syntax error.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') {
      done(new AppError('bad_request', "The body is empty but content-type is 'application/json'"), undefined);
      return;
    }
    try {
      done(null, secureJsonParse.parse(body as string, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      done(new AppError('bad_request', `The body cannot be read as JSON: ${(error as Error).message}`), undefined);
    }
  });
}
