import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { bearer, createTenant, someAddress } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/** The parts of an OpenAPI 3.1 document these checks read. */
interface Operation {
  operationId?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: Record<string, any> }> }>;
}
interface Document {
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, any>; schemas?: Record<string, any> };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);
const operationsOf = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
  );

/** What swagger-ui's "Authorize" sends for its client authentication by default: HTTP Basic, empty when no client is named. */
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
/** The other headers of swagger-ui's token request (its authorizeRequest). */
const SWAGGER_UI = {
  accept: 'application/json, text/plain, */*',
  'content-type': 'application/x-www-form-urlencoded',
  'x-requested-with': 'XMLHttpRequest',
};

for (const mode of storageModes) {
  describe(`the OpenAPI document (${mode.name})`, () => {
    let t: TestApp;
    let document: Document;
    before(async () => {
      t = await buildTestApp(mode);
      const served = await t.app.inject({ url: '/docs/json' });
      assert.equal(served.statusCode, 200);
      document = served.json();
    });
    after(async () => t?.close());

    it('gives every operation a unique camelCase operationId', () => {
      const seen = new Map<string, string>();
      const problems: string[] = [];
      for (const { name, operation } of operationsOf(document)) {
        const id = operation.operationId;
        if (!id) problems.push(`${name} has no operationId`);
        else if (!/^[a-z][a-zA-Z0-9]*$/.test(id)) problems.push(`${name}: operationId ${id} is not camelCase`);
        else if (seen.has(id)) problems.push(`${name}: operationId ${id} is taken by ${seen.get(id)}`);
        else seen.set(id, name);
      }
      assert.deepEqual(problems, []);
      assert.ok(seen.size > 80, `only ${seen.size} operations`);
    });

    it('tags every operation with a tag the document declares and describes', () => {
      const described = new Set((document.tags ?? []).filter((tag) => tag.description?.trim()).map((tag) => tag.name));
      const problems = operationsOf(document).flatMap(({ name, operation }) => {
        if (!operation.tags?.length) return [`${name} has no tag`];
        return operation.tags.filter((tag) => !described.has(tag)).map((tag) => `${name}: tag "${tag}" is not declared with a description`);
      });
      assert.deepEqual(problems, []);
    });

    it('answers the scene image as image/png and the zones as GeoJSON', () => {
      const image = document.paths['/v1/vegetation-analyses/{id}/scenes/{sceneId}/image.png']!.get!;
      assert.deepEqual(Object.keys(image.responses['200']!.content!), ['image/png']);
      const zones = document.paths['/v1/fields/{id}/zones']!.get!;
      assert.deepEqual(Object.keys(zones.responses['200']!.content!), ['application/geo+json']);
    });

    it('lists the commodities and the MSPs as {items}', () => {
      for (const path of ['/v1/commodities', '/v1/msp']) {
        const schema = document.paths[path]!.get!.responses['200']!.content!['application/json']!.schema!;
        assert.equal(schema.type, 'object', path);
        assert.ok(schema.required.includes('items'), path);
        assert.equal(schema.properties.items.type, 'array', path);
      }
    });

    it('declares bearer and OAuth 2.0 (password, client credentials) security at the real token endpoint', () => {
      const { bearerAuth, oauth2 } = document.components.securitySchemes;
      assert.deepEqual({ type: bearerAuth.type, scheme: bearerAuth.scheme }, { type: 'http', scheme: 'bearer' });
      assert.equal(oauth2.type, 'oauth2');
      assert.equal(oauth2.flows.password.tokenUrl, '/oauth/token');
      assert.equal(oauth2.flows.clientCredentials.tokenUrl, '/oauth/token');
      assert.ok(document.paths['/oauth/token']?.post, 'the token URL is an operation of the document');

      const security = (path: string, method: string) => document.paths[path]![method]!.security;
      assert.deepEqual(security('/v1/fields', 'get'), [{ bearerAuth: [] }, { oauth2: [] }]);
      assert.deepEqual(security('/v1/crops', 'get'), [], 'a public operation needs no token');
      assert.deepEqual(security('/oauth/token', 'post'), []);
      const unsecured = operationsOf(document)
        .filter(({ operation }) => operation.security === undefined)
        .map(({ name }) => name);
      assert.deepEqual(unsecured, [], 'every operation says what it needs');
    });

    it('signs in the way /docs\'s "Authorize" does: a form POST of the password flow to the token URL', async () => {
      const tenant = await createTenant(t.app);
      const tokenUrl = document.components.securitySchemes.oauth2.flows.password.tokenUrl as string;
      // swagger-ui resolves the token URL against the selected server's URL, then the page fetches it.
      const url = new URL(tokenUrl, new URL(document.servers![0]!.url, 'http://127.0.0.1:8080/docs')).pathname;
      const response = await t.app.inject({
        method: 'POST',
        url,
        remoteAddress: someAddress(),
        headers: { ...SWAGGER_UI, authorization: basic('', '') },
        payload: new URLSearchParams({
          grant_type: 'password',
          username: tenant.admin.email,
          password: tenant.admin.password,
          scope: '',
        }).toString(),
      });
      assert.equal(response.statusCode, 200, response.body);
      const { access_token, token_type } = response.json();
      assert.equal(token_type, 'Bearer');
      const fields = await t.app.inject({ url: '/v1/fields', headers: bearer(access_token) });
      assert.equal(fields.statusCode, 200, fields.body);

      const wrong = await t.app.inject({
        method: 'POST',
        url,
        remoteAddress: someAddress(),
        headers: { ...SWAGGER_UI, authorization: basic('', '') },
        payload: new URLSearchParams({
          grant_type: 'password',
          username: tenant.admin.email,
          password: 'not the password',
          scope: '',
        }).toString(),
      });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().error, 'invalid_grant', 'the RFC 6749 error swagger-ui shows');
    });

    it('signs in an integration with the client-credentials flow, its id and secret in HTTP Basic', async () => {
      const tenant = await createTenant(t.app);
      const created = await t.app.inject({
        method: 'POST',
        url: '/v1/clients',
        headers: bearer(tenant.tokens),
        payload: { name: 'docs integration', role: 'viewer' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const { clientId, clientSecret } = created.json();
      const response = await t.app.inject({
        method: 'POST',
        url: document.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl,
        remoteAddress: someAddress(),
        headers: { ...SWAGGER_UI, authorization: basic(clientId, clientSecret) },
        payload: new URLSearchParams({ grant_type: 'client_credentials', scope: '' }).toString(),
      });
      assert.equal(response.statusCode, 200, response.body);
      const fields = await t.app.inject({ url: '/v1/fields', headers: bearer(response.json().access_token) });
      assert.equal(fields.statusCode, 200, fields.body);

      // swagger-ui sends what was typed, unencoded: a mistyped secret with a stray % is a wrong secret.
      const mistyped = await t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        remoteAddress: someAddress(),
        headers: { ...SWAGGER_UI, authorization: basic(clientId, `${clientSecret}%zz`) },
        payload: new URLSearchParams({ grant_type: 'client_credentials', scope: '' }).toString(),
      });
      assert.equal(mistyped.statusCode, 401, mistyped.body);
      assert.equal(mistyped.json().error, 'invalid_client');
    });
  });
}
