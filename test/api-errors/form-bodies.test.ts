import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { embeddedMode } from '../support/storage-modes.js';

describe('a JSON body sent as a form (curl -d without a content type)', () => {
  let t: TestApp;
  let tenant: TestTenant;
  before(async () => {
    t = await buildTestApp(embeddedMode);
    tenant = await createTenant(t.app);
  });
  after(async () => t?.close());

  it('is answered 415 naming the type the route takes, and nothing is stored', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/farmers',
      headers: { ...bearer(tenant.tokens), 'content-type': 'application/x-www-form-urlencoded' },
      payload: '{"name": "Asha", "state": "Haryana"}',
    });
    assert.equal(response.statusCode, 415, response.body);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    const body = response.json();
    assert.equal(
      body.detail,
      "This endpoint does not take form bodies (application/x-www-form-urlencoded); it takes application/json. To send JSON with curl, add -H 'content-type: application/json'.",
    );
    assert.deepEqual(body.acceptedContentTypes, ['application/json']);
    const list = await t.app.inject({ url: '/v1/farmers', headers: bearer(tenant.tokens) });
    assert.deepEqual(list.json().items, []);
  });

  it('is still how OAuth clients sign in at /oauth/token', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'password', username: tenant.admin.email, password: tenant.admin.password }).toString(),
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(typeof response.json().access_token, 'string');
  });
});
