import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { AppError } from '../../src/errors.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { embeddedMode } from '../support/storage-modes.js';

const probes: FastifyPluginAsync = async (app) => {
  app.post(
    '/probe/items',
    {
      config: { permission: 'public' },
      schema: {
        body: Type.Object(
          {
            name: Type.String({ minLength: 1 }),
            areaHa: Type.Number({ minimum: 0.01 }),
            season: Type.Union([Type.Literal('kharif'), Type.Literal('rabi')]),
          },
          { additionalProperties: false },
        ),
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ maximum: 200 })) }),
      },
    },
    async (request, reply) => reply.code(201).send(request.body),
  );
  app.get('/probe/bug', { config: { permission: 'public' } }, async () => {
    throw new Error('connection to 10.0.0.7 failed: password authentication failed for user "kheti"');
  });
  app.get('/probe/conflict', { config: { permission: 'public' } }, async () => {
    throw new AppError('conflict', 'That slug is taken');
  });
};

const isProblem = (response: { headers: Record<string, unknown>; json: () => unknown }, status: number) => {
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const body = response.json() as Record<string, unknown>;
  assert.equal(body.status, status);
  assert.equal(typeof body.type, 'string');
  assert.equal(typeof body.title, 'string');
  assert.equal(body.requestId, response.headers['x-request-id']);
  return body;
};

describe('errors are RFC 9457 problem+json', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp(embeddedMode, { plugins: [probes], env: { BODY_LIMIT_BYTES: '2048', CORS_ORIGINS: 'https://app.example.org' } });
  });
  after(async () => t?.close());

  it('404 for an unknown route', async () => {
    const response = await t.app.inject({ url: '/v1/nothing-here?x=1' });
    assert.equal(response.statusCode, 404);
    const body = isProblem(response, 404);
    assert.equal(body.instance, '/v1/nothing-here');
  });

  it('422 naming every invalid field for a body that breaks the schema', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/probe/items',
      payload: { name: '', areaHa: 0, season: 'monsoon', colour: 'red' },
    });
    assert.equal(response.statusCode, 422);
    const body = isProblem(response, 422);
    const paths = (body.errors as { path: string; message: string }[]).map((e) => e.path);
    for (const path of ['body.name', 'body.areaHa', 'body.season', 'body.colour']) assert.ok(paths.includes(path), `${path} in ${paths}`);
  });

  it('422 for a missing required field, with its path', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/probe/items', payload: { name: 'x', season: 'rabi' } });
    const body = isProblem(response, 422);
    assert.deepEqual(
      (body.errors as { path: string }[]).map((e) => e.path),
      ['body.areaHa'],
    );
  });

  it('422 for an invalid query parameter', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/probe/items?limit=500',
      payload: { name: 'x', areaHa: 1, season: 'rabi' },
    });
    const body = isProblem(response, 422);
    assert.equal((body.errors as { path: string }[])[0]!.path, 'query.limit');
  });

  it('400 for malformed JSON', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/probe/items',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    assert.equal(response.statusCode, 400);
    const body = isProblem(response, 400);
    assert.match(String(body.detail), /^The body cannot be read as JSON: .*JSON/);
  });

  it('400 naming the reason for JSON that could reach Object.prototype, or an empty body', async () => {
    const json = { 'content-type': 'application/json; charset=utf-8' };
    for (const payload of [
      '{"name": "x", "__proto__": {"isAdmin": true}}',
      '{"name": {"constructor": {"prototype": {"isAdmin": true}}}}',
    ]) {
      const response = await t.app.inject({ method: 'POST', url: '/probe/items', headers: json, payload });
      assert.equal(response.statusCode, 400, payload);
      assert.match(String(isProblem(response, 400).detail), /forbidden (prototype|constructor) property/, payload);
    }
    assert.equal(({} as Record<string, unknown>)['isAdmin'], undefined);
    const empty = await t.app.inject({ method: 'POST', url: '/probe/items', headers: json, payload: '' });
    assert.match(String(isProblem(empty, 400).detail), /empty/);
  });

  it('413 for a body over the limit', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/probe/items',
      payload: { name: 'x'.repeat(5000), areaHa: 1, season: 'rabi' },
    });
    assert.equal(response.statusCode, 413);
    isProblem(response, 413);
  });

  it('415 for an unsupported content type', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/probe/items',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    assert.equal(response.statusCode, 415);
    isProblem(response, 415);
  });

  it('500 without internals: no message, stack or addresses of the failure', async () => {
    const response = await t.app.inject({ url: '/probe/bug' });
    assert.equal(response.statusCode, 500);
    isProblem(response, 500);
    assert.doesNotMatch(response.body, /10\.0\.0\.7|password|stack|at \//);
  });

  it('coded errors keep their status and detail', async () => {
    const response = await t.app.inject({ url: '/probe/conflict' });
    const body = isProblem(response, 409);
    assert.equal(body.detail, 'That slug is taken');
  });

  it('request ids: generated when absent, honoured when sane, replaced when not', async () => {
    const generated = await t.app.inject({ url: '/livez' });
    assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const honoured = await t.app.inject({ url: '/livez', headers: { 'x-request-id': 'edge-7f3a.42' } });
    assert.equal(honoured.headers['x-request-id'], 'edge-7f3a.42');
    const replaced = await t.app.inject({ url: '/livez', headers: { 'x-request-id': 'bad id <script>' } });
    assert.notEqual(replaced.headers['x-request-id'], 'bad id <script>');
    assert.match(String(replaced.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  it('security headers on every response', async () => {
    const response = await t.app.inject({ url: '/v1/nothing-here' });
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.ok(response.headers['strict-transport-security']);
    assert.match(String(response.headers['content-security-policy']), /img-src 'self' data: blob: https:\/\/tile.openstreetmap.org;/);
    assert.equal(response.headers['x-frame-options'], 'SAMEORIGIN');
    assert.equal(response.headers['x-powered-by'], undefined);
  });

  it('CORS: allows the configured origin only', async () => {
    const allowed = await t.app.inject({
      method: 'OPTIONS',
      url: '/livez',
      headers: { origin: 'https://app.example.org', 'access-control-request-method': 'GET' },
    });
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://app.example.org');
    const other = await t.app.inject({ url: '/livez', headers: { origin: 'https://evil.example.com' } });
    assert.equal(other.headers['access-control-allow-origin'], undefined);
  });
});

describe('load shedding', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp(embeddedMode, { env: { MAX_EVENT_LOOP_DELAY_MS: '40' } });
  });
  after(async () => t?.close());

  const busyFor = (ms: number) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      /* saturate */
    }
  };

  it('answers 503 with Retry-After while the event loop stays saturated, and recovers', async () => {
    // Long tasks one after another, as under a load the process cannot keep up with: every 200 ms
    // sample of the loop's delay is late.
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      busyFor(250);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const shed = await t.app.inject({ url: '/v1/nothing-here' });
    assert.equal(shed.statusCode, 503);
    assert.ok(Number(shed.headers['retry-after']) > 0);
    isProblem(shed, 503);
    let recovered = 503;
    for (let i = 0; i < 30 && recovered === 503; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      recovered = (await t.app.inject({ url: '/livez' })).statusCode;
    }
    assert.equal(recovered, 200);
  });

  it('sheds nothing after one long pause that is over (a fresh process, a garbage collection)', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the samples of the test before are gone
    busyFor(1500);
    for (let i = 0; i < 5; i++) {
      assert.equal((await t.app.inject({ url: '/livez' })).statusCode, 200);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
});
