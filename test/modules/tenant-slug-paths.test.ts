import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/** A tenant's slug works wherever its id does in a path, and tells an outsider no more than an id would. */
for (const mode of storageModes) {
  describe(`tenant slug in paths (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let other: TestTenant;
    let viewer: TokenSet;
    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
      other = await createTenant(t.app);
      viewer = (await addMember(t.app, tenant, 'viewer')).tokens;
    });
    after(async () => t?.close());

    const get = (url: string, tokens?: TokenSet) => t.app.inject({ url, headers: tokens ? bearer(tokens) : {} });

    it('GET /v1/tenants/{slug} answers the same tenant as GET /v1/tenants/{id}', async () => {
      const byId = await get(`/v1/tenants/${tenant.id}`, tenant.tokens);
      const bySlug = await get(`/v1/tenants/${tenant.slug}`, tenant.tokens);
      assert.equal(byId.statusCode, 200, byId.body);
      assert.equal(bySlug.statusCode, 200, bySlug.body);
      assert.deepEqual(bySlug.json(), byId.json());
      assert.equal(bySlug.json().id, tenant.id);
      assert.equal(bySlug.json().slug, tenant.slug);
    });

    it('members, settings and invitations take the slug too', async () => {
      for (const path of ['members', 'settings', 'invitations']) {
        const byId = await get(`/v1/tenants/${tenant.id}/${path}`, tenant.tokens);
        const bySlug = await get(`/v1/tenants/${tenant.slug}/${path}`, tenant.tokens);
        assert.equal(bySlug.statusCode, 200, `${path}: ${bySlug.body}`);
        assert.deepEqual(bySlug.json(), byId.json(), path);
      }
      const changed = await t.app.inject({
        method: 'PATCH',
        url: `/v1/tenants/${tenant.slug}/settings`,
        headers: bearer(tenant.tokens),
        payload: { defaultLanguage: 'hi' },
      });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal((await get(`/v1/tenants/${tenant.id}/settings`, viewer)).json().defaultLanguage, 'hi');
    });

    it("another tenant's slug and an unknown slug answer the same 404; roles are still checked", async () => {
      const foreign = await get(`/v1/tenants/${other.slug}/settings`, tenant.tokens);
      const unknown = await get('/v1/tenants/no-such-organisation/settings', tenant.tokens);
      assert.equal(foreign.statusCode, 404, foreign.body);
      assert.equal(unknown.statusCode, 404, unknown.body);
      assert.equal(foreign.json().detail, unknown.json().detail);
      assert.equal((await get(`/v1/tenants/${tenant.slug}/members`, viewer)).statusCode, 403);
    });

    it('without a token the answer is 401 whether the slug exists or not; a malformed one is a 422', async () => {
      assert.equal((await get(`/v1/tenants/${tenant.slug}/settings`)).statusCode, 401);
      assert.equal((await get('/v1/tenants/no-such-organisation/settings')).statusCode, 401);
      const malformed = await get('/v1/tenants/Not%20A%20Slug!/settings', tenant.tokens);
      assert.equal(malformed.statusCode, 422, malformed.body);
      assert.match(malformed.headers['content-type'] as string, /application\/problem\+json/);
    });
  });
}
