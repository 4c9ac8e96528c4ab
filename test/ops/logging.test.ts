import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyPluginAsync } from 'fastify';
import { asPrincipal, buildTestApp, type TestApp } from '../support/app.js';
import { embeddedMode } from '../support/storage-modes.js';

const SECRETS = [
  'Bearer eyJhbGciOi.secret',
  'sid=session-secret',
  'hunter2-long-password',
  '2345 6789 0124',
  'refresh-secret',
  '98765 43210',
];

const chatty: FastifyPluginAsync = async (app) => {
  app.post('/probe/log', { config: { permission: 'public' } }, async (request) => {
    // What a careless handler might log: the headers and the whole body.
    request.log.info({ headers: request.headers, body: request.body }, 'received');
    return { ok: true };
  });
};

describe('logs', () => {
  const lines: Record<string, any>[] = [];
  let t: TestApp;
  before(async () => {
    t = await buildTestApp(embeddedMode, {
      env: { LOG_LEVEL: 'info' },
      plugins: [chatty],
      logStream: { write: (line: string) => void lines.push(JSON.parse(line)) },
    });
  });
  after(async () => t?.close());

  it('are ECS JSON lines carrying the request id, with secrets and personal data redacted', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/probe/log',
      // Named through the test authenticator, so the made-up bearer token is only logged, never checked.
      headers: { ...asPrincipal({ tenantId: null }), authorization: SECRETS[0], cookie: SECRETS[1], 'x-request-id': 'trace-me-1' },
      payload: { password: SECRETS[2], farmer: { aadhaar: SECRETS[3], phone: SECRETS[5] }, refresh_token: SECRETS[4], village: 'Khed' },
    });
    assert.equal(response.statusCode, 200);
    const mine = lines.filter((line) => line['trace.id'] === 'trace-me-1');
    // One access line per request, written when it completes, beside what the handler logged.
    assert.deepEqual(
      mine.map((line) => line.message),
      ['received', 'request completed'],
      'the handler line and the completion line',
    );
    assert.ok(
      mine.every(
        (line) =>
          line['service.name'] === 'kheti-api' &&
          line['transaction.id'] === 'trace-me-1' &&
          typeof line['@timestamp'] === 'string' &&
          line['log.level'] === 'info',
      ),
    );
    const text = JSON.stringify(lines);
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} must not be logged`);
    const received = mine.find((line) => line.message === 'received')!;
    assert.equal(received.headers.authorization, '[redacted]');
    assert.equal(received.body.farmer.aadhaar, '[redacted]');
    assert.equal(received.body.village, 'Khed', 'ordinary data stays readable');
  });
});
