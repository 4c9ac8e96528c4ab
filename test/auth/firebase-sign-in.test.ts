import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { bearer, createTenant, registerUser } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';
import { startFirebaseStub, type FirebaseStub } from '../stubs/firebase.js';

for (const mode of storageModes) {
  describe(`Firebase sign-in links accounts (${mode.name})`, () => {
    let t: TestApp;
    let firebase: FirebaseStub;
    before(async () => {
      firebase = await startFirebaseStub({ projectId: 'kheti-farmers' });
      t = await buildTestApp(mode, { env: { FIREBASE_PROJECT_ID: 'kheti-farmers', FIREBASE_JWKS_URL: firebase.jwksUrl } });
    });
    after(async () => {
      await t?.close();
      await firebase?.close();
    });

    const exchange = async (claims: Record<string, unknown>) => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: {
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          subject_token: await firebase.mintIdToken(claims),
          subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
        },
      });
      assert.equal(response.statusCode, 200, response.body);
      return (await t.app.inject({ url: '/v1/me', headers: bearer(response.json()) })).json();
    };

    it('a verified email links to the existing account; the same Firebase user comes back to it', async () => {
      const user = await registerUser(t.app);
      const uid = `uid-${Date.now()}`;
      const me = await exchange({ sub: uid, user_id: uid, email: user.email, email_verified: true });
      assert.equal(me.user.id, user.id);
      const again = await exchange({ sub: uid, user_id: uid, email: 'changed@example.org', email_verified: true });
      assert.equal(again.user.id, user.id, 'linked by Firebase uid from now on');
    });

    it('an unverified email never takes over an account', async () => {
      const user = await registerUser(t.app);
      const me = await exchange({ email: user.email, email_verified: false });
      assert.notEqual(me.user.id, user.id);
      assert.equal(me.user.email, null);
    });

    it('a phone number links to the farmer a field agent registered, who lands in their tenant', async () => {
      const tenant = await createTenant(t.app);
      const added = await t.app.inject({
        method: 'POST',
        url: `/v1/tenants/${tenant.id}/members`,
        headers: bearer(tenant.tokens),
        payload: { phone: '98765 43210', name: 'Sunita Devi', role: 'farmer' },
      });
      assert.equal(added.statusCode, 201, added.body);
      const me = await exchange({ phone_number: '+919876543210', email: undefined, email_verified: undefined });
      assert.equal(me.user.id, added.json().userId);
      assert.equal(me.token.tenantId, tenant.id);
      assert.equal(me.token.role, 'farmer');
      assert.equal(me.user.phone, '+91XXXXXX3210');
    });
  });
}
