import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PER_ACCOUNT_SIGN_IN_LIMIT } from '../../src/auth/sign-in-limits.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { bearer, createTenant, joinTenant, passwordGrant, registerUser, signIn, someAddress } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

for (const mode of storageModes) {
  describe(`signing in (${mode.name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(mode);
    });
    after(async () => t?.close());

    it('registers with email and password; a taken email is 409; weak passwords are 422 naming the rule', async () => {
      const user = await registerUser(t.app);
      const again = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/register',
        payload: { email: user.email.toUpperCase(), password: 'another long passphrase', name: 'X' },
      });
      assert.equal(again.statusCode, 409);
      for (const [password, rule] of [
        ['short', /at least 10/],
        ['password123', /too common/],
        ['1234567890', /too common/],
        ['aaaaaaaaaaaa', /too common/],
      ] as const) {
        const weak = await t.app.inject({
          method: 'POST',
          url: '/v1/auth/register',
          payload: { email: `w-${Math.random()}@example.org`, password, name: 'W' },
        });
        assert.equal(weak.statusCode, 422, password);
        assert.match(weak.json().errors[0].message, rule);
        assert.equal(weak.json().errors[0].path, 'body.password');
      }
      const stored = await t.app.resources.db.platform((tx) =>
        tx.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [user.id]),
      );
      assert.match(stored.rows[0]!.password_hash, /^\$argon2id\$/);
    });

    it('password grant: form or JSON; a member of one tenant needs no tenant; refresh rotates', async () => {
      const tenant = await createTenant(t.app);
      const form = await t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ grant_type: 'password', username: tenant.admin.email, password: tenant.admin.password }).toString(),
      });
      assert.equal(form.statusCode, 200, form.body);
      const tokens = form.json();
      assert.equal(tokens.token_type, 'Bearer');
      assert.equal(tokens.expires_in, 900);
      assert.equal(tokens.tenant_id, tenant.id, 'the only tenant is chosen');
      assert.equal(form.headers['cache-control'], 'no-store');
      const me = await t.app.inject({ url: '/v1/me', headers: bearer(tokens) });
      assert.equal(me.json().token.role, 'tenant_admin');

      const refreshed = await t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      });
      assert.equal(refreshed.statusCode, 200);
      assert.notEqual(refreshed.json().refresh_token, tokens.refresh_token);
    });

    it('"no such user" and "wrong password" get the same answer', async () => {
      const user = await registerUser(t.app);
      const wrong = await passwordGrant(t.app, { email: user.email, password: 'not the password at all' });
      const missing = await passwordGrant(t.app, { email: `nobody-${Math.random()}@example.org`, password: 'not the password at all' });
      assert.equal(wrong.statusCode, 400);
      assert.equal(missing.statusCode, wrong.statusCode);
      const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
      assert.deepEqual(strip(missing.json()), strip(wrong.json()));
      assert.equal(wrong.json().error, 'invalid_grant');
    });

    it(`brute force: the ${PER_ACCOUNT_SIGN_IN_LIMIT + 1}th wrong password for one account from one address within a minute is 429`, async () => {
      const user = await registerUser(t.app);
      const attacker = someAddress();
      const guess = (password: string) =>
        t.app.inject({
          method: 'POST',
          url: '/oauth/token',
          remoteAddress: attacker,
          payload: { grant_type: 'password', username: user.email, password },
        });
      for (let i = 1; i <= PER_ACCOUNT_SIGN_IN_LIMIT; i++) {
        const response = await guess(`wrong guess number ${i}`);
        assert.equal(response.statusCode, 400, `try ${i}`);
      }
      const blocked = await guess('wrong guess once more');
      assert.equal(blocked.statusCode, 429);
      assert.ok(Number(blocked.headers['retry-after']) > 0);
      assert.ok(blocked.headers['ratelimit-limit'] !== undefined || blocked.headers['ratelimit'] !== undefined, 'RateLimit headers');
      // The right password does not get through from there either: that address is locked out of the account.
      assert.equal((await guess(user.password)).statusCode, 429);
      // The owner, elsewhere, is not; nor is another account from the attacker's address.
      assert.equal((await passwordGrant(t.app, user)).statusCode, 200);
      const other = await registerUser(t.app);
      const otherFromThere = await t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        remoteAddress: attacker,
        payload: { grant_type: 'password', username: other.email, password: other.password },
      });
      assert.equal(otherFromThere.statusCode, 200);
    });

    it('a user of several tenants picks one by id or slug; without one the token has no tenant', async () => {
      const first = await createTenant(t.app);
      const second = await createTenant(t.app);
      await joinTenant(t.app, second, first.admin, 'viewer');
      const bySlug = await signIn(t.app, first.admin, second.slug);
      assert.equal(bySlug.tenant_id, second.id);
      assert.equal((await t.app.inject({ url: '/v1/me', headers: bearer(bySlug) })).json().token.role, 'viewer');
      const none = await signIn(t.app, first.admin);
      assert.equal(none.tenant_id, undefined);
      const me = (await t.app.inject({ url: '/v1/me', headers: bearer(none) })).json();
      assert.equal(me.token.role, 'user');
      assert.deepEqual(me.memberships.map((m: { tenantId: string }) => m.tenantId).sort(), [first.id, second.id].sort());
      // Switching tenants with the refresh token.
      const switched = await t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: { grant_type: 'refresh_token', refresh_token: none.refresh_token, tenant: first.slug },
      });
      assert.equal(switched.json().tenant_id, first.id);
      const stranger = await createTenant(t.app);
      const refused = await passwordGrant(t.app, first.admin, stranger.slug);
      assert.equal(refused.json().error, 'invalid_grant');
    });

    it('revocation (RFC 7009) and sign-out kill the refresh-token family', async () => {
      const tenant = await createTenant(t.app);
      const revoke = await t.app.inject({ method: 'POST', url: '/oauth/revoke', payload: { token: tenant.tokens.refresh_token } });
      assert.equal(revoke.statusCode, 200);
      const dead = await t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: { grant_type: 'refresh_token', refresh_token: tenant.tokens.refresh_token },
      });
      assert.equal(dead.json().error, 'invalid_grant');
      assert.equal((await t.app.inject({ method: 'POST', url: '/oauth/revoke', payload: { token: 'no-such-token' } })).statusCode, 200);

      const session = await signIn(t.app, tenant.admin);
      const signOut = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/sign-out',
        headers: bearer(session),
        payload: { refresh_token: session.refresh_token },
      });
      assert.equal(signOut.statusCode, 204);
      const afterSignOut = await t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: { grant_type: 'refresh_token', refresh_token: session.refresh_token },
      });
      assert.equal(afterSignOut.json().error, 'invalid_grant');
    });

    it('OAuth errors use the RFC 6749 shape', async () => {
      const unsupported = await t.app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'implicit' } });
      assert.equal(unsupported.statusCode, 400);
      assert.equal(unsupported.json().error, 'unsupported_grant_type');
      const missing = await t.app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'password', username: 'a@b.org' } });
      assert.equal(missing.json().error, 'invalid_request');
      const badClient = await t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        headers: { authorization: `Basic ${Buffer.from('01900000-0000-7000-8000-000000000000:nope').toString('base64')}` },
        payload: { grant_type: 'client_credentials' },
      });
      assert.equal(badClient.statusCode, 401);
      assert.equal(badClient.json().error, 'invalid_client');
      assert.match(String(badClient.headers['www-authenticate']), /^Basic/);
    });
  });
}
