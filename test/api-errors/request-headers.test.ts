import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { embeddedMode } from '../support/storage-modes.js';

describe('Authorization and If-Match as people write them', () => {
  let t: TestApp;
  let tenant: TestTenant;
  before(async () => {
    t = await buildTestApp(embeddedMode);
    tenant = await createTenant(t.app);
  });
  after(async () => t?.close());

  it('takes the Bearer scheme in any case (RFC 7235)', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const response = await t.app.inject({ url: '/v1/me', headers: { authorization: `${scheme} ${tenant.tokens.access_token}` } });
      assert.equal(response.statusCode, 200, `${scheme}: ${response.body}`);
    }
    const other = await t.app.inject({ url: '/v1/me', headers: { authorization: `Token ${tenant.tokens.access_token}` } });
    assert.equal(other.statusCode, 401);
    assert.equal(other.json().detail, 'The Authorization header must be "Bearer <access token>"');
  });

  it("reads If-Match with the record's bare version as that version's ETag, and a stale one's 412 says what to send", async () => {
    const headers = bearer(tenant.tokens);
    const created = await t.app.inject({ method: 'POST', url: '/v1/farmers', headers, payload: { name: 'Asha', state: 'Haryana' } });
    assert.equal(created.statusCode, 201, created.body);
    const url = `/v1/farmers/${created.json().id}`;
    let version = created.json().version as number;
    const forms = [(v: number) => `${v}`, (v: number) => `"${v}"`, (v: number) => `v${v}`, (v: number) => `W/"v${v}"`];
    for (const form of forms) {
      const ifMatch = form(version);
      const patched = await t.app.inject({
        method: 'PATCH',
        url,
        headers: { ...headers, 'if-match': ifMatch },
        payload: { village: ifMatch },
      });
      assert.equal(patched.statusCode, 200, `${ifMatch}: ${patched.body}`);
      version = patched.json().version;
    }
    const stale = await t.app.inject({ method: 'PATCH', url, headers: { ...headers, 'if-match': '"1"' }, payload: { village: 'x' } });
    assert.equal(stale.statusCode, 412);
    assert.equal(
      stale.json().detail,
      `The resource has changed since you read it (If-Match: "1"); it is now at version ${version}: read it again, or send If-Match: "v${version}" to overwrite it`,
    );
    assert.equal(stale.headers.etag, `"v${version}"`);
  });
});
