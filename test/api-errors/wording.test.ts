import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { asPrincipal, buildTestApp, type TestApp } from '../support/app.js';
import { embeddedMode } from '../support/storage-modes.js';

const TENANT = '00000000-0000-7000-8000-0000000000aa';

describe('refusals that say what was wrong in words', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp(embeddedMode);
  });
  after(async () => t?.close());

  it('a 403 is a sentence naming the role, the permission and who has it', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/farmers',
      headers: asPrincipal({ tenantId: TENANT, role: 'viewer' }),
      payload: { name: 'Asha', state: 'Haryana' },
    });
    assert.equal(response.statusCode, 403, response.body);
    assert.equal(
      response.json().detail,
      'Your role, viewer, does not allow this: it needs the registry:write permission, which platform_admin, tenant_admin, agronomist have.',
    );
  });

  it('?since=garbage on the sync feed names since, not cursor', async () => {
    const response = await t.app.inject({ url: '/v1/sync?since=garbage', headers: asPrincipal({ tenantId: TENANT }) });
    assert.equal(response.statusCode, 422, response.body);
    const body = response.json();
    assert.equal(body.detail, 'since is not a cursor this list handed out');
    assert.deepEqual(body.errors, [{ path: 'query.since', message: 'is not a valid cursor' }]);
  });
});
