import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT, type JWTPayload } from 'jose';
import { ACCESS_TOKEN_AUDIENCE } from '../../src/auth/tokens.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

const now = () => Math.floor(Date.now() / 1000);

for (const mode of storageModes) {
  describe(`access tokens issued in the future or living too long (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
    });
    after(async () => t?.close());

    const me = (token: string) => t.app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
    /** A token signed with our real current key, with the issue and expiry times of the test's choosing. */
    const forge = async (times: Pick<JWTPayload, 'iat' | 'exp'>) => {
      const key = await t.app.identity.keys.current();
      const claims = {
        sub: tenant.admin.id,
        iss: t.app.identity.tokens.issuer,
        aud: ACCESS_TOKEN_AUDIENCE,
        jti: 'forged',
        role: 'tenant_admin',
        scope: '',
        tid: tenant.id,
        ...times,
      };
      return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' }).sign(key.privateKey);
    };

    it('a token whose iat is in the future is refused; a few seconds of clock skew are not', async () => {
      const ttl = t.app.identity.tokens.ttlSeconds;
      const future = await me(await forge({ iat: now() + 300, exp: now() + 300 + ttl }));
      assert.equal(future.statusCode, 401, `iat five minutes ahead: ${future.body}`);
      const skewed = await me(await forge({ iat: now() + 10, exp: now() + 10 + ttl }));
      assert.equal(skewed.statusCode, 200, `iat ten seconds ahead: ${skewed.body}`);
    });

    it('a token living longer than the configured access-token lifetime is refused', async () => {
      const ttl = t.app.identity.tokens.ttlSeconds;
      const long = await me(await forge({ iat: now(), exp: now() + ttl + 3600 }));
      assert.equal(long.statusCode, 401, `an hour beyond the lifetime: ${long.body}`);
      const year = await me(await forge({ iat: now() - 60, exp: now() + 365 * 86_400 }));
      assert.equal(year.statusCode, 401, `a year: ${year.body}`);
      const stale = await me(await forge({ iat: now() - 2 * ttl, exp: now() + 60 }));
      assert.equal(stale.statusCode, 401, `issued twice the lifetime ago, not yet expired: ${stale.body}`);
      const full = await me(await forge({ iat: now() - 5, exp: now() - 5 + ttl }));
      assert.equal(full.statusCode, 200, `exactly the lifetime: ${full.body}`);
    });
  });
}
