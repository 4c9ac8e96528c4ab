import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyPluginAsync } from 'fastify';
import { asPrincipal, buildTestApp, type TestApp } from '../support/app.js';
import { createTenant } from '../support/identity.js';
import { embeddedMode } from '../support/storage-modes.js';

const AADHAAR = '203456789010';
const PHONE = '9876543210';
const TOKEN = 'query-secret-token-42';

const failing: FastifyPluginAsync = async (app) => {
  app.get('/probe/fail', { config: { permission: 'public' } }, async (request) => {
    // An error whose message quotes the URL, as a library's might.
    throw new Error(`upstream refused ${request.url}`);
  });
};

describe('request logs', () => {
  const lines: Record<string, any>[] = [];
  let t: TestApp;
  let headers: Record<string, string>;
  before(async () => {
    t = await buildTestApp(embeddedMode, {
      env: { LOG_LEVEL: 'info' },
      plugins: [failing],
      logStream: { write: (line: string) => void lines.push(JSON.parse(line)) },
    });
    const tenant = await createTenant(t.app);
    headers = asPrincipal({ tenantId: tenant.id });
  });
  after(async () => t?.close());

  const logOf = async (requestId: string, url: string, expectedStatus: number) => {
    const response = await t.app.inject({ method: 'GET', url, headers: { ...headers, 'x-request-id': requestId } });
    assert.equal(response.statusCode, expectedStatus, response.body);
    const mine = lines.filter((line) => line['trace.id'] === requestId);
    const access = mine.filter((line) => line['http.response.status_code'] !== undefined);
    assert.equal(access.length, 1, 'one access line per request');
    assert.equal(access[0]!['http.response.status_code'], expectedStatus);
    assert.ok(access[0]!['http.request.method'], 'the access line names the request');
    return mine;
  };

  const assertRedacted = (mine: Record<string, any>[], path: string) => {
    const text = JSON.stringify(mine);
    for (const secret of [AADHAAR, PHONE, '98765', '3456789010', TOKEN])
      assert.ok(!text.includes(secret), `${secret} must not be logged: ${text}`);
    const incoming = mine.find((line) => line['url.path'])!;
    assert.equal(incoming['url.path'], path, 'the path is still logged');
    // ECS keeps the query apart from the path; read together they are the URL as logged.
    const url = `${incoming['url.path']}?${incoming['url.query']}`;
    assert.match(url, /aadhaar=\[redacted\]/);
    return url;
  };

  it('name the path of a search by Aadhaar and phone, never the numbers', async () => {
    const mine = await logOf('search-200', `/v1/farmers?aadhaar=${AADHAAR}&phone=${PHONE}&village=Khed`, 200);
    const url = assertRedacted(mine, '/v1/farmers');
    assert.equal(url, '/v1/farmers?aadhaar=[redacted]&phone=[redacted]&village=Khed', 'ordinary parameters stay readable');
  });

  it('redact numbers that look like Aadhaar or phone numbers whatever the parameter is called', async () => {
    const mine = await logOf('search-q', `/v1/farmers?q=%2B91%2098765%2043210&aadhaar=${AADHAAR}`, 200);
    assertRedacted(mine, '/v1/farmers');
  });

  it('redact the query of an unknown route (404)', async () => {
    const mine = await logOf('search-404', `/v1/farmerz?aadhaar=${AADHAAR}&phone=${PHONE}&access_token=${TOKEN}`, 404);
    assertRedacted(mine, '/v1/farmerz');
  });

  it('redact the query of a request that fails validation (422)', async () => {
    const mine = await logOf('search-422', `/v1/farmers?aadhaar=${AADHAAR}&phone=${PHONE}&limit=0`, 422);
    assertRedacted(mine, '/v1/farmers');
  });

  it('redact a URL quoted in a logged error (500)', async () => {
    const mine = await logOf('probe-500', `/probe/fail?aadhaar=${AADHAAR}&phone=${PHONE}&token=${TOKEN}`, 500);
    assertRedacted(mine, '/probe/fail');
    const error = mine.find((line) => line['error.message'])!;
    assert.match(error['error.message'], /upstream refused \/probe\/fail\?aadhaar=\[redacted\]/);
  });
});
