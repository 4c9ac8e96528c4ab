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
    const logLines: string[] = [];
    before(async () => {
      firebase = await startFirebaseStub({ projectId: 'kheti-farmers' });
      t = await buildTestApp(mode, {
        env: { FIREBASE_PROJECT_ID: 'kheti-farmers', FIREBASE_JWKS_URL: firebase.jwksUrl, LOG_LEVEL: 'info' },
        logStream: { write: (line) => void logLines.push(line) },
      });
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

    it('a phone number links to the farmer a field agent invited, who lands in their tenant once they accept', async () => {
      const tenant = await createTenant(t.app);
      const invited = await t.app.inject({
        method: 'POST',
        url: `/v1/tenants/${tenant.id}/members`,
        headers: bearer(tenant.tokens),
        payload: { phone: '98765 43210', name: 'Sunita Devi', role: 'farmer' },
      });
      assert.equal(invited.statusCode, 202, invited.body);
      // The farmer accepts with the code texted to the phone (here, written to the log).
      const texts = logLines.map((line) => (JSON.parse(line) as { sms?: { text?: string } }).sms?.text ?? '');
      const token = /invitation code is (\S+) /.exec(texts.filter(Boolean).at(-1) ?? '')?.[1];
      assert.ok(token, 'no invitation texted');
      const accepted = await t.app.inject({ method: 'POST', url: '/v1/invitations/accept', payload: { token } });
      assert.equal(accepted.statusCode, 200, accepted.body);
      const me = await exchange({ phone_number: '+919876543210', email: undefined, email_verified: undefined });
      assert.equal(me.user.id, accepted.json().userId);
      assert.equal(me.token.tenantId, tenant.id);
      assert.equal(me.token.role, 'farmer');
      assert.equal(me.user.phone, '+91XXXXXX3210');
    });
  });
}
