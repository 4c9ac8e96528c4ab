import type { FastifyInstance } from 'fastify';
import { AppError, acceptedContentTypes } from '../errors.js';

const FORM = 'application/x-www-form-urlencoded';

/**
 * Form bodies are parsed for the OAuth endpoints, which RFC 6749 has clients send as forms. Any
 * other route takes JSON, and a form there is almost always a JSON body sent without its content
 * type (curl -d's default), which the form parser would turn into one property named by the whole
 * JSON text, refused as "must NOT have additional properties". So it is answered 415, naming the
 * types the route takes, before anything is parsed. A route takes forms by listing the form type
 * in its schema's `consumes`.
 */
export function registerFormBodyCheck(app: FastifyInstance): void {
  app.addHook('preParsing', async (request) => {
    const essence = String(request.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (essence !== FORM) return;
    const consumes = acceptedContentTypes(request);
    if (consumes.includes(FORM)) return;
    throw new AppError(
      'unsupported_media_type',
      `This endpoint does not take form bodies (${FORM}); it takes ${consumes.join(' or ')}. ` +
        "To send JSON with curl, add -H 'content-type: application/json'.",
      { extensions: { acceptedContentTypes: consumes } },
    );
  });
}
