import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signAccessToken, verifyAccessToken, InvalidTokenError } from '../../src/auth/tokens.js';
import { createTokenVerifier } from '../../src/auth/verified-tokens.js';
import { createAccessTokenResolver } from '../../src/auth/bearer.js';
import { deleteMember, updateMemberRole } from '../../src/auth/identity-repository.js';
import { KeptRights, keptRights } from '../../src/auth/kept-rights.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { addMember, bearer, createTenant, joinTenant, signIn, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * Each process keeps the tokens it has verified (src/auth/verified-tokens.ts). What it keeps must
 * never let one tenant's token reach another tenant's data, never stand in for a token it was not
 * made from, and never outlive a member's removal or the token's own lifetime.
 */
for (const mode of storageModes) {
  describe(`verified access tokens kept by a process (${mode.name})`, () => {
    let t: TestApp;
    let one: TestTenant;
    let two: TestTenant;
    /** One person, admin of `one` and agronomist of `two`: a token for each tenant. */
    let inOne: TokenSet;
    let inTwo: TokenSet;
    let fieldOfOne: string;
    let fieldOfTwo: string;

    const get = (tokens: TokenSet | string, url: string) => t.app.inject({ url, headers: bearer(tokens) });
    const drawField = async (tokens: TokenSet, name: string) => {
      const post = async (url: string, payload: object) => {
        const response = await t.app.inject({ method: 'POST', url, headers: bearer(tokens), payload });
        assert.equal(response.statusCode, 201, response.body);
        return response.json();
      };
      const farmer = await post('/v1/farmers', { name: `${name} farmer`, state: 'Maharashtra' });
      const farm = await post('/v1/farms', { farmerId: farmer.id, name: `${name} farm` });
      return (await post('/v1/fields', { farmId: farm.id, name, boundary: plot(19.99, 73.79) })).id as string;
    };

    before(async () => {
      t = await buildTestApp(mode);
      one = await createTenant(t.app);
      two = await createTenant(t.app);
      await joinTenant(t.app, two, one.admin, 'agronomist');
      inOne = one.tokens;
      inTwo = await signIn(t.app, one.admin, two.slug);
      fieldOfOne = await drawField(one.tokens, 'Field of one');
      fieldOfTwo = await drawField(two.tokens, 'Field of two');
    });
    after(async () => {
      await t?.close();
    });

    it("one person's two tenant tokens, used in turn, each reach only their own tenant's data", async () => {
      for (let round = 0; round < 4; round++) {
        assert.equal((await get(inOne, `/v1/fields/${fieldOfOne}`)).statusCode, 200);
        assert.equal((await get(inTwo, `/v1/fields/${fieldOfOne}`)).statusCode, 404, "the tenant-two token reads tenant one's field");
        assert.equal((await get(inTwo, `/v1/fields/${fieldOfTwo}`)).statusCode, 200);
        assert.equal((await get(inOne, `/v1/fields/${fieldOfTwo}`)).statusCode, 404, "the tenant-one token reads tenant two's field");
        const listOne = (await get(inOne, '/v1/fields?limit=50')).json();
        const listTwo = (await get(inTwo, '/v1/fields?limit=50')).json();
        assert.deepEqual(
          listOne.items.map((f: { id: string }) => f.id),
          [fieldOfOne],
        );
        assert.deepEqual(
          listTwo.items.map((f: { id: string }) => f.id),
          [fieldOfTwo],
        );
        assert.equal((await get(inOne, '/v1/me')).json().token.role, 'tenant_admin');
        assert.equal((await get(inTwo, '/v1/me')).json().token.role, 'agronomist');
      }
    });

    it('a kept token with another signature is verified afresh, and refused', async () => {
      assert.equal((await get(inOne, '/v1/me')).statusCode, 200);
      const [header, payload, signature] = inOne.access_token.split('.') as [string, string, string];
      const middle = Math.floor(signature.length / 2);
      const altered = `${signature.slice(0, middle)}${signature[middle] === 'A' ? 'B' : 'A'}${signature.slice(middle + 1)}`;
      const response = await get(`${header}.${payload}.${altered}`, '/v1/me');
      assert.equal(response.statusCode, 401, response.body);
    });

    it("a removed member's kept token answers 401 at once", async () => {
      const person = await addMember(t.app, one, 'agronomist');
      assert.equal((await get(person.tokens, `/v1/fields/${fieldOfOne}`)).statusCode, 200);
      assert.equal((await get(person.tokens, `/v1/fields/${fieldOfOne}`)).statusCode, 200);
      const removed = await t.app.inject({
        method: 'DELETE',
        url: `/v1/tenants/${one.id}/members/${person.user.id}`,
        headers: bearer(one.tokens),
      });
      assert.equal(removed.statusCode, 204, removed.body);
      assert.equal((await get(person.tokens, `/v1/fields/${fieldOfOne}`)).statusCode, 401);
      assert.equal((await get(person.tokens, '/v1/fields?limit=50')).statusCode, 401);
    });

    it('a kept token is honoured only while full verification would accept it, never past its lifetime', async () => {
      const settings = t.app.identity.tokens;
      let clock = Date.now();
      const verifier = createTokenVerifier(settings, { now: () => clock });
      const token = await signAccessToken(settings, { sub: one.admin.id, tid: one.id, role: 'tenant_admin', scope: '' });
      const claims = await verifier.verify(token);
      assert.equal(verifier.size, 1);

      // Within the 30 s of clock skew that verification allows after `exp`: still the same claims.
      clock = (claims.exp + 29) * 1000;
      assert.deepEqual(await verifier.verify(token), claims);
      await verifyAccessToken(settings, token, new Date(clock)); // full verification agrees

      // Past it: refused, as full verification refuses it, and no longer kept.
      clock = (claims.exp + 31) * 1000;
      await assert.rejects(verifyAccessToken(settings, token, new Date(clock)), InvalidTokenError);
      await assert.rejects(verifier.verify(token), InvalidTokenError);
      assert.equal(verifier.size, 0);
    });

    it('kept rights: a member removed by another process loses access within 15 s, and never past the token', async () => {
      const person = await addMember(t.app, one, 'agronomist');
      let clock = Date.now();
      const kept = new KeptRights(15_000, 100, () => clock);
      const resolve = createAccessTokenResolver(t.app, kept);
      const token = person.tokens.access_token;
      assert.equal((await resolve(token)).principal.role, 'agronomist');
      // Another process removes them: nothing here is told, as with a removal on another worker.
      await t.app.resources.db.tenant(one.id, (tx) => deleteMember(tx, person.user.id));
      clock += 14_999;
      assert.equal((await resolve(token)).principal.role, 'agronomist', 'within the stated bound the kept rights answer');
      clock += 1;
      await assert.rejects(resolve(token), /no longer a member/, 'at 15 s the removal is read from the primary');
      await assert.rejects(resolve(token), /no longer a member/, 'and a refusal is not kept');
      assert.equal((await get(person.tokens, `/v1/fields/${fieldOfOne}`)).statusCode, 401);

      // Never past the token's expiry, however long the keeping time.
      const long = new KeptRights(24 * 3_600_000, 100, () => clock);
      await long.read('user-x', one.id, clock + 1_000, async () => ({ userId: 'user-x', tenantId: one.id, role: 'tenant_admin' }));
      assert.equal(long.get('user-x', one.id)?.role, 'tenant_admin');
      clock += 1_000;
      assert.equal(long.get('user-x', one.id), undefined, 'gone when the access token expires');
    });

    it("kept rights: one tenant's rights never answer for another, and a change made in this process applies at once", async () => {
      const kept = new KeptRights();
      const resolve = createAccessTokenResolver(t.app, kept);
      assert.equal((await resolve(inOne.access_token)).principal.role, 'tenant_admin');
      const inTwoHolder = (await resolve(inTwo.access_token)).principal;
      assert.deepEqual([inTwoHolder.role, inTwoHolder.tenantId], ['agronomist', two.id], "tenant one's admin rights are not tenant two's");
      assert.equal(kept.size, 2, 'kept per person and tenant');
      assert.equal(kept.get(one.admin.id, two.id)?.role, 'agronomist');
      assert.equal(kept.get(one.admin.id, null), undefined);

      // Through the app (the process's own kept rights): a demotion in tenant two, made here, is at once.
      assert.equal((await get(inTwo, '/v1/me')).json().token.role, 'agronomist');
      const demoted = await t.app.inject({
        method: 'PATCH',
        url: `/v1/tenants/${two.id}/members/${one.admin.id}`,
        headers: bearer(two.tokens),
        payload: { role: 'viewer' },
      });
      assert.equal(demoted.statusCode, 200, demoted.body);
      assert.equal((await get(inTwo, '/v1/me')).json().token.role, 'viewer');
      assert.equal((await get(inOne, '/v1/me')).json().token.role, 'tenant_admin', 'tenant one is untouched');
      // A read that began before a change keeps nothing.
      const racing = new KeptRights();
      await racing.read(one.admin.id, two.id, Date.now() + 60_000, async () => {
        racing.forgetAll();
        return { userId: one.admin.id, tenantId: two.id, role: 'agronomist' };
      });
      assert.equal(racing.size, 0);
      await t.app.resources.db.tenant(two.id, (tx) => updateMemberRole(tx, one.admin.id, 'agronomist'));
      keptRights.forgetAll();
    });

    it('keeps at most its bound of tokens', async () => {
      const settings = t.app.identity.tokens;
      const verifier = createTokenVerifier(settings, { maxEntries: 2 });
      for (let i = 0; i < 3; i++) {
        await verifier.verify(await signAccessToken(settings, { sub: one.admin.id, tid: one.id, role: 'tenant_admin', scope: '' }));
      }
      assert.equal(verifier.size, 2);
    });
  });
}
