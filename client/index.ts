/**
 * A typed client of the Kheti API: paths, parameters, bodies and answers come from the OpenAPI
 * document (docs/openapi.json, types in schema.d.ts, both written by `npm run client:generate`),
 * and openapi-fetch sends the requests. Every call answers `{ data, error, response }`: `data` is
 * the 2xx body, `error` the problem+json (or RFC 6749 error) of a 4xx or 5xx.
 *
 *   const kheti = createKhetiClient('http://127.0.0.1:8080', accessToken);
 *   const { data } = await kheti.GET('/v1/fields/{id}', { params: { path: { id } } });
 */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

export type KhetiClient = Client<paths>;

/**
 * `token` is an access token of POST /oauth/token, or a function that answers the current one
 * (refreshed elsewhere); without it only the public operations answer.
 */
export function createKhetiClient(baseUrl: string, token?: string | (() => string | undefined)): KhetiClient {
  const client = createClient<paths>({ baseUrl });
  if (token !== undefined) {
    client.use({
      onRequest({ request }) {
        const current = typeof token === 'function' ? token() : token;
        if (current) request.headers.set('authorization', `Bearer ${current}`);
        return request;
      },
    });
  }
  return client;
}
